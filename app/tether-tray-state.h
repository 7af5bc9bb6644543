/* tether-tray-state.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the tray shows for a snapshot: pure functions, no D-Bus.
 */

#pragma once

#include "tether-snapshot.h"

G_BEGIN_DECLS

typedef enum {
  TETHER_TRAY_STATE_CONNECTED = 0, /* every device that is not paused is connected */
  TETHER_TRAY_STATE_RECONNECTING,  /* some are, or Tether is dialing, or starting */
  TETHER_TRAY_STATE_OFFLINE,       /* no device is connected and none is being dialed */
  TETHER_TRAY_STATE_PAUSED,        /* every device is paused */
  TETHER_TRAY_STATE_ERROR,         /* Syncthing not found, unreachable, or refusing Tether */
} TetherTrayState;

/* The state a snapshot shows, and a one-line description for the tooltip
 * (translated, plain text). */
TetherTrayState  tether_tray_state_for_snapshot (const TetherSnapshot *snapshot,
                                                 char                **description);
/* "io.github.tetherapp.Tether-connected-symbolic" and so on. */
const char      *tether_tray_state_icon_name    (TetherTrayState       state);

G_END_DECLS
