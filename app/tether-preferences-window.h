/* tether-preferences-window.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: where Syncthing is, the pool policy, networks, history,
 * startup and notifications. Every control is bound to GSettings, so
 * changes apply at once; a typed address and API key apply with the
 * entry's apply button, and reach the engine without a restart.
 */

#pragma once

#include <adwaita.h>

#include "tether-engine.h"
#include "tether-history-monitor.h"

G_BEGIN_DECLS

#define TETHER_TYPE_PREFERENCES_WINDOW (tether_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TetherPreferencesWindow, tether_preferences_window, TETHER, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* engine may be NULL (nothing to apply a location to, nothing detected),
 * and monitor too (no history to clear). */
TetherPreferencesWindow *tether_preferences_window_new        (TetherEngine            *engine,
                                                               TetherHistoryMonitor    *monitor);
TetherEngine            *tether_preferences_window_get_engine (TetherPreferencesWindow *self);
TetherHistoryMonitor    *tether_preferences_window_get_monitor (TetherPreferencesWindow *self);

/* The one-line explanation of a pool mode or metered rule, by its
 * translated name as the combo rows list it; NULL for another string. */
char                    *tether_preferences_explain_choice    (const char              *name);

G_END_DECLS
