/* tether-pending.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stand-ins for functions other branches are writing in parallel, so the
 * front end can call them today. Each is a weak symbol: once the real one
 * is linked (the pool's reconnect/pause-all in tether-engine.c, the
 * history's record frees), the linker takes it and ignores these.
 *
 * Delete this file when both the pool (issue 3) and the history (issue 4)
 * are on main.
 */

#include "config.h"

#include "tether-engine.h"
#include "tether-history-types.h"

#define PENDING __attribute__((weak))

PENDING void
tether_engine_reconnect_device (TetherEngine *self,
                                const char   *device_id)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_debug ("Reconnecting %s needs the pool; not in this build yet", device_id);
}

PENDING void
tether_engine_reconnect_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_debug ("Reconnecting all devices needs the pool; not in this build yet");
}

PENDING void
tether_engine_pause_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_debug ("Pausing all devices needs the pool; not in this build yet");
}

PENDING void
tether_engine_resume_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_debug ("Resuming all devices needs the pool; not in this build yet");
}

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
