/* tether-pending.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stand-ins for the history's record frees, written in parallel, so the
 * front end links today. Each is a weak symbol: once the real one is
 * linked, the linker takes it and ignores these. Delete this file when
 * the history (issue 4) is on main.
 */

#include "config.h"

#include "tether-history-types.h"

#define PENDING __attribute__((weak))

PENDING void
tether_session_free (TetherSession *self)
{
  if (self == NULL)
    return;
  g_free (self->conn_type);
  g_free (self->address);
  g_free (self->network_uuid);
  g_free (self);
}

PENDING void
tether_marker_free (TetherMarker *self)
{
  if (self == NULL)
    return;
  g_free (self->label);
  g_free (self);
}

PENDING void
tether_device_stats_free (TetherDeviceStats *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_free (self->network_uuid);
  g_free (self);
}
