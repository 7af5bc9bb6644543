/* tether-application.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tether-engine.h"
#include "tether-history-monitor.h"
#include "tether-syncthing-launcher.h"
#include "tether-tray.h"

G_BEGIN_DECLS

#define TETHER_TYPE_APPLICATION (tether_application_get_type ())

G_DECLARE_FINAL_TYPE (TetherApplication, tether_application, TETHER, APPLICATION, AdwApplication)

/* url and api_key override config.xml; both may be NULL. */
TetherApplication *tether_application_new        (const char        *url,
                                                  const char        *api_key);
TetherEngine      *tether_application_get_engine (TetherApplication *self);
/* The engine's connection history, for the windows; NULL before startup. */
TetherHistoryMonitor *tether_application_get_history_monitor (TetherApplication *self);
/* Starts (and on quit stops) a Syncthing when none runs; NULL before startup. */
TetherSyncthingLauncher *tether_application_get_launcher (TetherApplication *self);
/* The tray icon (its :available says whether a panel shows it); NULL before
 * startup, and when its D-Bus objects could not be exported. */
TetherTray        *tether_application_get_tray   (TetherApplication *self);

G_END_DECLS
