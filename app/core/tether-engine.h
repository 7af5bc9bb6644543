/* tether-engine.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine owns a thread with its own GMainContext. Everything that
 * touches a socket (the Syncthing client, later NetworkManager) lives there.
 * It publishes TetherSnapshots to the context the engine was created in,
 * through the ::snapshot signal, and takes commands the other way.
 */

#pragma once

#include <gio/gio.h>

#include "tether-history.h"
#include "tether-snapshot.h"

G_BEGIN_DECLS

#define TETHER_TYPE_ENGINE (tether_engine_get_type ())

G_DECLARE_FINAL_TYPE (TetherEngine, tether_engine, TETHER, ENGINE, GObject)

/* url and api_key override what config.xml says; both NULL to search for
 * config.xml. The engine is idle until tether_engine_start(). */
TetherEngine   *tether_engine_new            (const char    *url,
                                              const char    *api_key);
void            tether_engine_start          (TetherEngine  *self);
/* Stops the thread and joins it; returns within a few seconds at most. */
void            tether_engine_stop           (TetherEngine  *self);

/* The newest snapshot delivered to the owner's context. Never NULL. */
TetherSnapshot *tether_engine_get_snapshot   (TetherEngine  *self);

/* Commands; they run on the engine thread and report through snapshots. */
void            tether_engine_pause_device   (TetherEngine  *self,
                                              const char    *device_id);
void            tether_engine_resume_device  (TetherEngine  *self,
                                              const char    *device_id);
/* Make Syncthing dial these devices now (a pre-warm), as the pool does
 * after a resume; the result shows in the device's state. */
void            tether_engine_reconnect_device (TetherEngine *self,
                                                const char   *device_id);
void            tether_engine_reconnect_all  (TetherEngine  *self);
/* Pause every unpaused device as Tether's own, journaled pause (the tray's
 * "Pause all syncing"), and undo exactly those pauses. */
void            tether_engine_pause_all      (TetherEngine  *self);
void            tether_engine_resume_all     (TetherEngine  *self);

/* Forget what is cached and read everything from Syncthing again. */
void            tether_engine_resync         (TetherEngine  *self);

/* Replace the url and api_key overrides given to tether_engine_new() (NULL
 * or "" to read them from config.xml again) and connect anew. */
void            tether_engine_set_location   (TetherEngine  *self,
                                              const char    *url,
                                              const char    *api_key);
/* The connection history ($XDG_STATE_HOME/tether/history), which the
 * engine records into. NULL until the engine thread has started (it is
 * there once the first snapshot is delivered); then kept until the engine
 * is finalized or started again. Query it from any thread
 * (tether-history.h); take a reference to keep it longer. */
TetherHistory  *tether_engine_get_history    (TetherEngine  *self);

G_END_DECLS
