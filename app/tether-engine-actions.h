/* tether-engine-actions.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's whole-pool commands as named actions — "reconnect-all",
 * "pause-all", "resume-all" — so the window, the tray menu, shortcuts and
 * tests all trigger the same thing. Their enabled state follows the
 * engine's snapshots:
 *
 *   reconnect-all  Syncthing is online and some device is not paused
 *   pause-all      Syncthing is online and some device is not paused
 *   resume-all     Syncthing is online and Tether paused some device
 *                  (paused_by TETHER): it undoes only its own pauses
 */

#pragma once

#include <gio/gio.h>

#include "tether-engine.h"

G_BEGIN_DECLS

#define TETHER_TYPE_ENGINE_ACTIONS (tether_engine_actions_get_type ())

G_DECLARE_FINAL_TYPE (TetherEngineActions, tether_engine_actions, TETHER, ENGINE_ACTIONS, GObject)

/* Follows engine's snapshots from now on. */
TetherEngineActions *tether_engine_actions_new        (TetherEngine        *engine);
/* Adds the actions to map (normally the application, for "app.*"). */
void                 tether_engine_actions_add_to     (TetherEngineActions *self,
                                                       GActionMap          *map);
GAction             *tether_engine_actions_lookup     (TetherEngineActions *self,
                                                       const char          *name);
/* Sets the enabled states from snapshot; the engine's ::snapshot does it. */
void                 tether_engine_actions_update     (TetherEngineActions *self,
                                                       TetherSnapshot      *snapshot);

G_END_DECLS
