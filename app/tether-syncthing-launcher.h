/* tether-syncthing-launcher.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts `syncthing serve --no-browser` for a user who has Syncthing
 * installed but not running, and stops it again on quit: only an instance
 * this object started, never one that was already there.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TETHER_TYPE_SYNCTHING_LAUNCHER (tether_syncthing_launcher_get_type ())

G_DECLARE_FINAL_TYPE (TetherSyncthingLauncher, tether_syncthing_launcher, TETHER, SYNCTHING_LAUNCHER, GObject)

/* binary: the program to run; NULL looks for `syncthing` on PATH. */
TetherSyncthingLauncher *tether_syncthing_launcher_new           (const char               *binary);
/* The program that would run; NULL when there is none. */
const char              *tether_syncthing_launcher_get_binary    (TetherSyncthingLauncher  *self);
gboolean                 tether_syncthing_launcher_get_available (TetherSyncthingLauncher  *self);
/* Whether a syncthing this object started is still running. */
gboolean                 tether_syncthing_launcher_get_running   (TetherSyncthingLauncher  *self);
gboolean                 tether_syncthing_launcher_start         (TetherSyncthingLauncher  *self,
                                                                  GError                  **error);
/* SIGTERM to what start() started, then waits up to timeout_ms for it to
 * exit (iterating the thread-default context), then SIGKILL. A no-op when
 * nothing runs. */
void                     tether_syncthing_launcher_stop          (TetherSyncthingLauncher  *self,
                                                                  guint                     timeout_ms);

G_END_DECLS
