/* tether-history-types.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-history-types.h"

void
tether_route_free (TetherRoute *self)
{
  if (self == NULL)
    return;
  g_free (self->conn_type);
  g_free (self->address);
  g_free (self);
}

void
tether_session_free (TetherSession *self)
{
  if (self == NULL)
    return;
  g_free (self->conn_type);
  g_free (self->address);
  g_free (self->network_uuid);
  g_free (self);
}

void
tether_marker_free (TetherMarker *self)
{
  if (self == NULL)
    return;
  g_free (self->label);
  g_free (self);
}

void
tether_device_stats_free (TetherDeviceStats *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_free (self->network_uuid);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_free (self);
}
