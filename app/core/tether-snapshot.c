/* tether-snapshot.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-snapshot.h"

G_DEFINE_BOXED_TYPE (TetherDeviceInfo, tether_device_info,
                     tether_device_info_ref, tether_device_info_unref)
G_DEFINE_BOXED_TYPE (TetherSnapshot, tether_snapshot,
                     tether_snapshot_ref, tether_snapshot_unref)

const char *
tether_device_state_to_string (TetherDeviceState state)
{
  switch (state)
    {
    case TETHER_DEVICE_STATE_UNKNOWN:      return "unknown";
    case TETHER_DEVICE_STATE_CONNECTED:    return "connected";
    case TETHER_DEVICE_STATE_STALE:        return "stale?";
    case TETHER_DEVICE_STATE_DIALING:      return "dialing";
    case TETHER_DEVICE_STATE_DISCONNECTED: return "disconnected";
    case TETHER_DEVICE_STATE_WAITING:      return "waiting";
    case TETHER_DEVICE_STATE_PARKED:       return "parked";
    case TETHER_DEVICE_STATE_PAUSED:       return "paused";
    default:                               break;
    }
  g_return_val_if_reached ("unknown");
}

const char *
tether_engine_status_to_string (TetherEngineStatus status)
{
  switch (status)
    {
    case TETHER_ENGINE_STATUS_STARTING:     return "starting";
    case TETHER_ENGINE_STATUS_NOT_FOUND:    return "not-found";
    case TETHER_ENGINE_STATUS_UNREACHABLE:  return "unreachable";
    case TETHER_ENGINE_STATUS_UNAUTHORIZED: return "unauthorized";
    case TETHER_ENGINE_STATUS_BAD_RESPONSE: return "bad-response";
    case TETHER_ENGINE_STATUS_ONLINE:       return "online";
    default:                                break;
    }
  g_return_val_if_reached ("unknown");
}

TetherDeviceInfo *
tether_device_info_new (const char *id)
{
  TetherDeviceInfo *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_new0 (TetherDeviceInfo, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id);
  self->name = g_strndup (id, 7);
  self->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_st_connection_free);
  self->last_reconnect_ms = -1;
  self->median_reconnect_ms = -1;

  return self;
}

TetherDeviceInfo *
tether_device_info_dup (const TetherDeviceInfo *self)
{
  TetherDeviceInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = tether_device_info_new (self->id);
  g_free (copy->name);
  copy->name = g_strdup (self->name);
  copy->state = self->state;
  copy->state_reason = g_strdup (self->state_reason);
  copy->paused = self->paused;
  copy->addresses = g_strdupv (self->addresses);
  for (guint i = 0; i < self->connections->len; i++)
    g_ptr_array_add (copy->connections,
                     tether_st_connection_copy (g_ptr_array_index (self->connections, i)));
  copy->wanted_connections = self->wanted_connections;
  copy->connected_since_us = self->connected_since_us;
  copy->last_seen_us = self->last_seen_us;
  copy->last_error = g_strdup (self->last_error);
  copy->paused_by = self->paused_by;
  copy->next_action = g_strdup (self->next_action);
  copy->prewarms_sent = self->prewarms_sent;
  copy->reconnects = self->reconnects;
  copy->last_reconnect_ms = self->last_reconnect_ms;
  copy->median_reconnect_ms = self->median_reconnect_ms;

  return copy;
}

TetherDeviceInfo *
tether_device_info_ref (TetherDeviceInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
tether_device_info_unref (TetherDeviceInfo *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->id);
  g_free (self->name);
  g_free (self->state_reason);
  g_ptr_array_unref (self->connections);
  g_free (self->last_error);
  g_free (self->next_action);
  g_strfreev (self->addresses);
  g_free (self);
}

static gboolean
connection_equal (const TetherStConnection *a,
                  const TetherStConnection *b)
{
  return g_strcmp0 (a->address, b->address) == 0 &&
         g_strcmp0 (a->type, b->type) == 0 &&
         g_strcmp0 (a->crypto, b->crypto) == 0 &&
         g_strcmp0 (a->client_version, b->client_version) == 0 &&
         a->is_local == b->is_local &&
         a->started_at_us == b->started_at_us;
  /* Byte counters are left out on purpose: they change all the time and
   * nothing a listener shows depends on them between two events. */
}

static gboolean
strv_equal (char **a,
            char **b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

gboolean
tether_device_info_equal (const TetherDeviceInfo *a,
                          const TetherDeviceInfo *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a == b)
    return TRUE;

  if (g_strcmp0 (a->id, b->id) != 0 ||
      g_strcmp0 (a->name, b->name) != 0 ||
      a->state != b->state ||
      g_strcmp0 (a->state_reason, b->state_reason) != 0 ||
      a->paused != b->paused ||
      !strv_equal (a->addresses, b->addresses) ||
      a->wanted_connections != b->wanted_connections ||
      a->connected_since_us != b->connected_since_us ||
      a->last_seen_us != b->last_seen_us ||
      g_strcmp0 (a->last_error, b->last_error) != 0 ||
      a->paused_by != b->paused_by ||
      g_strcmp0 (a->next_action, b->next_action) != 0 ||
      a->prewarms_sent != b->prewarms_sent ||
      a->reconnects != b->reconnects ||
      a->last_reconnect_ms != b->last_reconnect_ms ||
      a->median_reconnect_ms != b->median_reconnect_ms ||
      a->connections->len != b->connections->len)
    return FALSE;

  for (guint i = 0; i < a->connections->len; i++)
    if (!connection_equal (g_ptr_array_index (a->connections, i),
                           g_ptr_array_index (b->connections, i)))
      return FALSE;

  return TRUE;
}

const TetherStConnection *
tether_device_info_get_primary (const TetherDeviceInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->connections->len > 0 ? g_ptr_array_index (self->connections, 0) : NULL;
}

TetherSnapshot *
_tether_snapshot_new (guint64 serial)
{
  TetherSnapshot *self = g_new0 (TetherSnapshot, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->serial = serial;
  self->created_us = g_get_real_time ();
  self->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_device_info_unref);

  return self;
}

TetherSnapshot *
tether_snapshot_ref (TetherSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
tether_snapshot_unref (TetherSnapshot *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->status_message);
  g_free (self->syncthing_version);
  g_free (self->my_id);
  g_free (self->url);
  g_free (self->network_name);
  g_free (self->network_uuid);
  g_free (self->network_type);
  g_ptr_array_unref (self->devices);
  g_free (self);
}

TetherDeviceInfo *
tether_snapshot_lookup (const TetherSnapshot *self,
                        const char           *device_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  for (guint i = 0; i < self->devices->len; i++)
    {
      TetherDeviceInfo *info = g_ptr_array_index (self->devices, i);

      if (g_str_equal (info->id, device_id))
        return info;
    }

  return NULL;
}

guint
tether_snapshot_count_state (const TetherSnapshot *self,
                             TetherDeviceState     state)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->devices->len; i++)
    {
      const TetherDeviceInfo *info = g_ptr_array_index (self->devices, i);

      n += info->state == state;
    }

  return n;
}
