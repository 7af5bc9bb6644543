/* tether-autostart.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start at login, as the GSettings key start-at-login says.
 *
 * In a Flatpak, through org.freedesktop.portal.Background RequestBackground
 * (which also asks that Tether may run without a window): at start, and
 * again whenever the key changes. The request is asynchronous; the answer is
 * only logged (the portal asks the user once and remembers).
 *
 * Outside a Flatpak, an XDG autostart entry,
 * $XDG_CONFIG_HOME/autostart/io.github.tetherapp.Tether.desktop, running
 * `tether --background`: written when the key turns on, removed when it
 * turns off. At start a missing entry is written when the key is on, but an
 * existing one is not removed when it is off: it may be the user's own
 * (GNOME Tweaks copies the application's desktop file under the same name).
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TETHER_AUTOSTART_ERROR (tether_autostart_error_quark ())

typedef enum {
  TETHER_AUTOSTART_ERROR_FAILED,
} TetherAutostartError;

GQuark tether_autostart_error_quark (void);

/* XDG_CONFIG_HOME is read from the environment on every call (tests
 * redirect it); when unset or relative, ~/.config, as the spec says. */
char            *tether_autostart_get_entry_path (void);
gboolean         tether_autostart_write_entry    (GError **error);
gboolean         tether_autostart_remove_entry   (GError **error);

#define TETHER_TYPE_AUTOSTART (tether_autostart_get_type ())

G_DECLARE_FINAL_TYPE (TetherAutostart, tether_autostart, TETHER, AUTOSTART, GObject)

/* Applies start-at-login now and follows it. Uses the portal when
 * /.flatpak-info exists. */
TetherAutostart *tether_autostart_new            (void);
/* For tests: choose the mechanism. */
TetherAutostart *_tether_autostart_new_full      (gboolean use_portal);
/* How many portal requests were answered; for tests. */
guint            _tether_autostart_get_n_answers (TetherAutostart *self);

G_END_DECLS
