/* tether-engine-sync.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the engine follows Syncthing. State comes from Syncthing's event
 * stream. A full read (version, status, devices, connections, stats)
 * happens at start, after Syncthing restarts and after it was unreachable;
 * afterwards only an event that says a device changed causes a targeted
 * re-read of /rest/system/connections. Runs on the engine thread only.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-engine-private.h"

/* The long-poll: Syncthing holds it open up to this long when idle. */
#define POLL_TIMEOUT_S        60
/* Retry while Syncthing is away: start small so Tether is back within a
 * second of Syncthing; stay small while it was up recently. */
#define RETRY_MIN_MS          200
#define RETRY_CAP_RECENT_MS   2000
#define RETRY_CAP_LONG_MS     15000
#define RECENTLY_UP_US        (10 * G_TIME_SPAN_MINUTE)
/* How often to look again for a config.xml that is not there (a local
 * stat, no network). */
#define NOT_FOUND_RETRY_MS    5000

static void engine_poll (TetherEngine *self);

static TetherDeviceState
derive_state (const TetherDeviceInfo *info)
{
  if (info->paused)
    return TETHER_DEVICE_STATE_PAUSED;
  if (info->connections->len > 0)
    return TETHER_DEVICE_STATE_CONNECTED;
  return TETHER_DEVICE_STATE_DISCONNECTED;
}

static void
engine_set_status (TetherEngine       *self,
                   TetherEngineStatus  status,
                   const char         *message)
{
  self->status = status;
  g_free (self->status_message);
  self->status_message = g_strdup (message);

  if (status == TETHER_ENGINE_STATUS_ONLINE)
    {
      self->last_online_us = g_get_monotonic_time ();
      self->retry_ms = 0;
    }
}

/* When Syncthing is away, nothing is known about any device. */
static void
engine_forget_devices (TetherEngine *self)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TetherDeviceInfo *info = value;

      if (info->state != TETHER_DEVICE_STATE_UNKNOWN)
        g_ptr_array_add (changed, info);
    }

  for (guint i = 0; i < changed->len; i++)
    {
      TetherDeviceInfo *info = tether_device_info_dup (g_ptr_array_index (changed, i));

      info->state = TETHER_DEVICE_STATE_UNKNOWN;
      g_clear_pointer (&info->state_reason, g_free);
      info->state_reason = g_strdup (_("Syncthing is not reachable"));
      g_ptr_array_set_size (info->connections, 0);
      info->connected_since_us = 0;
      _tether_engine_put_device (self, info);
    }
}

/* ------------------------------------------------------------ retry logic */

static gboolean
retry_cb (gpointer user_data)
{
  TetherEngine *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  _tether_engine_connect (self);

  return G_SOURCE_REMOVE;
}

static void
engine_schedule_retry (TetherEngine *self,
                       guint         delay_ms)
{
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_source_unref (self->retry_source);
    }

  self->retry_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->retry_source, retry_cb, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

static guint
next_backoff (TetherEngine *self)
{
  gboolean recent = self->last_online_us != 0 &&
                    g_get_monotonic_time () - self->last_online_us < RECENTLY_UP_US;
  guint cap = recent ? RETRY_CAP_RECENT_MS : RETRY_CAP_LONG_MS;

  self->retry_ms = self->retry_ms == 0 ? RETRY_MIN_MS : MIN (self->retry_ms * 2, cap);

  return self->retry_ms;
}

/* Any failure to talk to Syncthing lands here: say what is wrong, forget
 * what we knew, and try again from a fresh connect. */
static void
engine_fail (TetherEngine *self,
             const GError *error)
{
  TetherEngineStatus status = TETHER_ENGINE_STATUS_UNREACHABLE;
  g_autofree char *message = NULL;
  guint delay;

  if (g_error_matches (error, TETHER_SYNCTHING_CLIENT_ERROR,
                       TETHER_SYNCTHING_CLIENT_ERROR_UNAUTHORIZED))
    {
      status = TETHER_ENGINE_STATUS_UNAUTHORIZED;
      /* Translators: %s is the reason, a sentence */
      message = g_strdup_printf (_("%s Check the API key in Syncthing’s settings "
                                   "(Actions → Settings → GUI)."), error->message);
    }
  else if (error->domain == TETHER_ST_ERROR ||
           g_error_matches (error, TETHER_SYNCTHING_CLIENT_ERROR,
                            TETHER_SYNCTHING_CLIENT_ERROR_HTTP))
    {
      status = TETHER_ENGINE_STATUS_BAD_RESPONSE;
      /* Translators: an address, then the reason */
      message = g_strdup_printf (_("The program at %s does not answer like Syncthing: %s"),
                                 self->client ? tether_syncthing_client_get_url (self->client) : "?",
                                 error->message);
    }
  else if (g_error_matches (error, TETHER_SYNCTHING_CLIENT_ERROR,
                            TETHER_SYNCTHING_CLIENT_ERROR_INSECURE))
    {
      status = TETHER_ENGINE_STATUS_BAD_RESPONSE;
      message = g_strdup (error->message);
    }
  else
    {
      /* Translators: an address, then the reason */
      message = g_strdup_printf (_("Syncthing at %s is not reachable (%s). Retrying…"),
                                 self->client ? tether_syncthing_client_get_url (self->client) : "?",
                                 error->message);
    }

  g_debug ("%s", message);

  _tether_engine_new_epoch (self);
  g_clear_object (&self->client);
  engine_set_status (self, status, message);
  _tether_pool_on_offline (self);
  engine_forget_devices (self);
  _tether_engine_publish (self);

  /* A wrong key or a stranger answering will not fix itself in 200 ms. */
  delay = status == TETHER_ENGINE_STATUS_UNREACHABLE ? next_backoff (self)
                                                     : RETRY_CAP_LONG_MS / 3;
  engine_schedule_retry (self, delay);
}

/* --------------------------------------------------- applying responses */

TetherDeviceInfo *
_tether_engine_dup_device (TetherEngine *self,
                   const char   *id)
{
  TetherDeviceInfo *info = g_hash_table_lookup (self->devices, id);

  return info != NULL ? tether_device_info_dup (info) : NULL;
}

static void
apply_devices (TetherEngine *self,
               GPtrArray    *devices)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < devices->len; i++)
    {
      TetherStDevice *dev = g_ptr_array_index (devices, i);
      TetherDeviceInfo *info;

      if (g_strcmp0 (dev->device_id, self->my_id) == 0)
        continue;

      g_hash_table_add (seen, dev->device_id);
      info = _tether_engine_dup_device (self, dev->device_id);
      if (info == NULL)
        info = tether_device_info_new (dev->device_id);

      if (dev->name != NULL && dev->name[0] != '\0')
        {
          g_free (info->name);
          info->name = g_strdup (dev->name);
        }
      info->paused = dev->paused;
      g_strfreev (info->addresses);
      info->addresses = g_strdupv (dev->addresses);
      info->wanted_connections = dev->num_connections;
      if (info->paused)
        g_ptr_array_set_size (info->connections, 0);
      info->state = derive_state (info);
      g_clear_pointer (&info->state_reason, g_free);
      _tether_engine_put_device (self, info);
    }

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_hash_table_iter_remove (&iter);
}

/* How long after an event the connection table may still lag it. */
#define EVENT_LAG_US (G_USEC_PER_SEC)

static void refresh_connections (TetherEngine *self);

static gboolean
settle_cb (gpointer user_data)
{
  TetherEngine *self = user_data;

  g_clear_pointer (&self->settle_source, g_source_unref);
  if (self->client != NULL && self->status == TETHER_ENGINE_STATUS_ONLINE)
    refresh_connections (self);

  return G_SOURCE_REMOVE;
}

/* event_says maps a device to (monotonic µs of its last connectivity event
 * << 1) | connected. */
static gboolean
event_contradicts (TetherEngine *self,
                   gpointer      said,
                   gboolean      connected)
{
  gint64 value = GPOINTER_TO_SIZE (said);
  gint64 age = g_get_monotonic_time () - (value >> 1);

  if ((value & 1) == connected || age >= EVENT_LAG_US)
    return FALSE;

  if (self->settle_source == NULL)
    {
      self->settle_source = g_timeout_source_new ((EVENT_LAG_US - age) / 1000 + 1);
      g_source_set_callback (self->settle_source, settle_cb, self, NULL);
      g_source_attach (self->settle_source, self->context);
    }

  return TRUE;
}

static void
note_event (TetherEngine *self,
            const char   *device_id,
            gboolean      connected)
{
  gsize value = ((gsize) g_get_monotonic_time () << 1) | (connected ? 1 : 0);

  g_hash_table_insert (self->event_says, g_strdup (device_id), GSIZE_TO_POINTER (value));
}

static void
apply_connections (TetherEngine *self,
                   GPtrArray    *connections)
{
  for (guint i = 0; i < connections->len; i++)
    {
      TetherStDeviceConnections *dc = g_ptr_array_index (connections, i);
      TetherDeviceInfo *info;
      gint64 since_us = 0;
      gpointer said;

      /* Syncthing's connection table lags its events by up to a few
       * hundred milliseconds: a reply that contradicts the last event
       * about a device, soon after it, is stale for that device, and
       * showing it would flip the row back for a moment. A re-read after
       * the lag settles it (a connection replacing another can end with a
       * DeviceDisconnected for the old one while the new one stays). */
      if (g_hash_table_lookup_extended (self->event_says, dc->device_id, NULL, &said) &&
          event_contradicts (self, said, dc->connected))
        continue;

      info = _tether_engine_dup_device (self, dc->device_id);
      if (info == NULL)
        continue;

      g_ptr_array_set_size (info->connections, 0);
      if (dc->connected)
        for (guint j = 0; j < dc->connections->len; j++)
          {
            TetherStConnection *conn = g_ptr_array_index (dc->connections, j);

            g_ptr_array_add (info->connections, tether_st_connection_copy (conn));
            if (conn->started_at_us != 0 && (since_us == 0 || conn->started_at_us < since_us))
              since_us = conn->started_at_us;
          }

      /* Syncthing 1.19 has no startedAt: keep the time of the event. */
      if (info->connections->len == 0)
        info->connected_since_us = 0;
      else if (since_us != 0)
        info->connected_since_us = since_us;
      else if (info->connected_since_us == 0)
        info->connected_since_us = g_get_real_time ();

      /* paused comes from the config and the events, not from here. */
      info->state = derive_state (info);
      /* A reply that events overtook (another read is due) may be stale:
       * the history waits for that read. */
      if (self->history != NULL && !self->refresh_again)
        tether_history_observe_device (self->history, info->id, info->name, info->paused,
                                       tether_device_info_get_primary (info));
      _tether_engine_put_device (self, info);
    }
}

static void
apply_device_stats (TetherEngine *self,
                    GPtrArray    *stats)
{
  for (guint i = 0; i < stats->len; i++)
    {
      TetherStDeviceStats *st = g_ptr_array_index (stats, i);
      TetherDeviceInfo *info = _tether_engine_dup_device (self, st->device_id);

      if (info == NULL)
        continue;

      info->last_seen_us = st->last_seen_us;
      _tether_engine_put_device (self, info);
    }
}

/* ------------------------------------------- targeted connection re-read */

static void
refresh_stats_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TetherEngine *self = _tether_call_finish (user_data);
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GError) error = NULL;

  stats = tether_syncthing_client_get_list_finish (TETHER_SYNCTHING_CLIENT (object), result, &error);
  if (self == NULL)
    return;

  if (stats != NULL)
    {
      apply_device_stats (self, stats);
      _tether_engine_publish (self);
    }
  /* A failure here is not worth a resync: the long-poll notices a dead
   * Syncthing on its own. */
}

static void
refresh_connections_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TetherEngine *self = _tether_call_finish (user_data);
  g_autoptr(GPtrArray) connections = NULL;
  g_autoptr(GError) error = NULL;

  connections = tether_syncthing_client_get_list_finish (TETHER_SYNCTHING_CLIENT (object), result, &error);
  if (self == NULL)
    return;

  self->refresh_running = FALSE;
  if (connections != NULL)
    {
      apply_connections (self, connections);
      _tether_pool_on_connections (self);
      _tether_engine_publish (self);
    }

  if (self->stats_wanted)
    {
      self->stats_wanted = FALSE;
      tether_syncthing_client_get_device_stats_async (self->client, self->cancellable,
                                                      refresh_stats_cb, _tether_call_new (self));
    }

  if (self->refresh_again)
    refresh_connections (self);
}

/* Coalesced: a burst of events causes one request in flight and at most
 * one more after it. */
static void
refresh_connections (TetherEngine *self)
{
  if (self->refresh_running)
    {
      self->refresh_again = TRUE;
      return;
    }

  self->refresh_running = TRUE;
  self->refresh_again = FALSE;
  tether_syncthing_client_get_connections_async (self->client, self->cancellable,
                                                 refresh_connections_cb, _tether_call_new (self));
}

/* ---------------------------------------------------------------- events */

static void refetch_devices (TetherEngine *self);

/* Apply what the event itself says at once (rows change within
 * milliseconds of Syncthing's event), then confirm from a re-read. */
static gboolean
apply_event (TetherEngine        *self,
             const TetherStEvent *ev)
{
  g_autoptr(TetherDeviceInfo) info = NULL;

  if (self->history != NULL && ev->device_id != NULL)
    tether_history_record_st_event (self->history, ev, g_hash_table_lookup (self->devices, ev->device_id));

  if (ev->type == TETHER_ST_EVENT_CONFIG_SAVED)
    {
      refetch_devices (self);
      return FALSE;
    }

  if (ev->type == TETHER_ST_EVENT_OTHER || ev->device_id == NULL)
    return FALSE;

  info = _tether_engine_dup_device (self, ev->device_id);
  if (info == NULL)
    return FALSE;

  switch (ev->type)
    {
    case TETHER_ST_EVENT_DEVICE_CONNECTED:
      note_event (self, ev->device_id, TRUE);
      if (info->connections->len == 0)
        {
          TetherStConnection conn = {
            .address = ev->address,
            .type = ev->conn_type,
            .client_version = ev->client_version,
          };

          g_ptr_array_add (info->connections, tether_st_connection_copy (&conn));
          info->connected_since_us = ev->time_us ? ev->time_us : g_get_real_time ();
        }
      break;

    case TETHER_ST_EVENT_DEVICE_DISCONNECTED:
      note_event (self, ev->device_id, FALSE);
      /* ≥ 1.25 sends this once, when the last connection closed. */
      g_ptr_array_set_size (info->connections, 0);
      info->connected_since_us = 0;
      g_free (info->last_error);
      info->last_error = g_strdup (ev->error);
      self->stats_wanted = TRUE;
      break;

    case TETHER_ST_EVENT_DEVICE_PAUSED:
      note_event (self, ev->device_id, FALSE);
      info->paused = TRUE;
      g_ptr_array_set_size (info->connections, 0);
      info->connected_since_us = 0;
      break;

    case TETHER_ST_EVENT_DEVICE_RESUMED:
      info->paused = FALSE;
      break;

    case TETHER_ST_EVENT_DEVICE_DISCOVERED:
      return FALSE;

    case TETHER_ST_EVENT_OTHER:
    case TETHER_ST_EVENT_CONFIG_SAVED:
    default:
      g_assert_not_reached ();
    }

  info->state = derive_state (info);
  _tether_engine_put_device (self, g_steal_pointer (&info));

  return TRUE;
}

static void engine_resync (TetherEngine *self);

static void
verify_start_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TetherEngine *self = _tether_call_finish (user_data);
  g_autoptr(TetherStStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = tether_syncthing_client_get_status_finish (TETHER_SYNCTHING_CLIENT (object), result, &error);
  if (self == NULL)
    return;

  if (status == NULL)
    engine_fail (self, error);
  else if (status->start_time_us != self->start_time_us ||
           g_strcmp0 (status->my_id, self->my_id) != 0)
    engine_resync (self);
  else
    engine_poll (self);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TetherEngine *self = _tether_call_finish (user_data);
  g_autoptr(TetherStEventBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;
  gboolean connections_changed = FALSE;

  batch = tether_syncthing_client_events_finish (TETHER_SYNCTHING_CLIENT (object), result, &error);
  if (self == NULL)
    return;

  if (batch == NULL)
    {
      engine_fail (self, error);
      return;
    }

  /* Event ids start over when Syncthing restarts. */
  if (batch->last_id < self->since)
    {
      g_debug ("Syncthing's event ids started over; reading everything again");
      engine_resync (self);
      return;
    }

  for (guint i = 0; i < batch->events->len; i++)
    {
      const TetherStEvent *ev = g_ptr_array_index (batch->events, i);

      if (ev->id <= self->since)
        continue;

      if (ev->type != TETHER_ST_EVENT_OTHER && ev->time_us != 0)
        g_debug ("%s reached Tether %.1f ms after Syncthing stamped it",
                 tether_st_event_type_to_string (ev->type),
                 (g_get_real_time () - ev->time_us) / 1000.0);

      if (apply_event (self, ev))
        {
          changed = TRUE;
          connections_changed |= ev->type != TETHER_ST_EVENT_DEVICE_DISCOVERED;
        }
      _tether_pool_on_event (self, ev);
    }
  self->since = batch->last_id;

  if (changed)
    _tether_engine_publish (self);
  if (connections_changed)
    refresh_connections (self);

  /* A long-poll on a new TCP connection may have reached a Syncthing that
   * restarted between two polls (ids that start over can pass ours
   * unnoticed): check its start time once. Kept-alive polls skip this, so
   * an idle Tether sends nothing but the long-poll. */
  if (batch->new_connection)
    tether_syncthing_client_get_status_async (self->client, self->cancellable,
                                              verify_start_cb, _tether_call_new (self));
  else
    engine_poll (self);
}

static void
engine_poll (TetherEngine *self)
{
  tether_syncthing_client_events_async (self->client, self->since, POLL_TIMEOUT_S, 0,
                                        self->cancellable, poll_cb, _tether_call_new (self));
}

/* -------------------------------------------------------- full (re)sync */

/* The steps of a full read, in order. Each reply starts the next step. */
typedef enum {
  SYNC_EVENT_ID,
  SYNC_VERSION,
  SYNC_STATUS,
  SYNC_DEVICES,
  SYNC_CONNECTIONS,
  SYNC_STATS,
  SYNC_DONE,
} SyncStep;

typedef struct {
  Call     *call;
  SyncStep  step;
} SyncContext;

static void sync_step (TetherEngine *self, SyncStep step);

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TetherSyncthingClient *client = TETHER_SYNCTHING_CLIENT (object);
  SyncContext *ctx = user_data;
  SyncStep step = ctx->step;
  TetherEngine *self = _tether_call_finish (ctx->call);
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  g_free (ctx);

  switch (step)
    {
    case SYNC_EVENT_ID:
      {
        g_autoptr(TetherStEventBatch) batch = tether_syncthing_client_events_finish (client, result, &error);

        if ((ok = batch != NULL) && self != NULL)
          self->since = batch->last_id;
      }
      break;

    case SYNC_VERSION:
      {
        g_autoptr(TetherStVersion) version = tether_syncthing_client_get_version_finish (client, result, &error);

        if ((ok = version != NULL) && self != NULL)
          {
            g_free (self->version);
            self->version = g_strdup (version->version);
          }
      }
      break;

    case SYNC_STATUS:
      {
        g_autoptr(TetherStStatus) status = tether_syncthing_client_get_status_finish (client, result, &error);

        if ((ok = status != NULL) && self != NULL)
          {
            g_free (self->my_id);
            self->my_id = g_strdup (status->my_id);
            self->start_time_us = status->start_time_us;
            if (self->history != NULL)
              tether_history_observe_syncthing (self->history, status->start_time_us);
          }
      }
      break;

    case SYNC_DEVICES:
    case SYNC_CONNECTIONS:
    case SYNC_STATS:
      {
        g_autoptr(GPtrArray) list = tether_syncthing_client_get_list_finish (client, result, &error);

        if ((ok = list != NULL) && self != NULL)
          {
            if (step == SYNC_DEVICES)
              apply_devices (self, list);
            else if (step == SYNC_CONNECTIONS)
              apply_connections (self, list);
            else
              apply_device_stats (self, list);
          }
      }
      break;

    case SYNC_DONE:
    default:
      g_assert_not_reached ();
    }

  if (self == NULL)
    return;

  if (!ok)
    engine_fail (self, error);
  else
    sync_step (self, step + 1);
}

static void
sync_step (TetherEngine *self,
           SyncStep      step)
{
  SyncContext *ctx;

  if (step == SYNC_DONE)
    {
      engine_set_status (self, TETHER_ENGINE_STATUS_ONLINE, NULL);
      _tether_engine_publish (self);
      engine_poll (self);
      _tether_pool_on_synced (self);
      return;
    }

  ctx = g_new0 (SyncContext, 1);
  ctx->call = _tether_call_new (self);
  ctx->step = step;

  switch (step)
    {
    case SYNC_EVENT_ID:
      /* Where the stream is now, before reading the state: an event that
       * happens during the reads below is then replayed, not lost. */
      tether_syncthing_client_events_async (self->client, 0, 1, 1, self->cancellable, sync_cb, ctx);
      break;
    case SYNC_VERSION:
      tether_syncthing_client_get_version_async (self->client, self->cancellable, sync_cb, ctx);
      break;
    case SYNC_STATUS:
      tether_syncthing_client_get_status_async (self->client, self->cancellable, sync_cb, ctx);
      break;
    case SYNC_DEVICES:
      tether_syncthing_client_get_devices_async (self->client, self->cancellable, sync_cb, ctx);
      break;
    case SYNC_CONNECTIONS:
      tether_syncthing_client_get_connections_async (self->client, self->cancellable, sync_cb, ctx);
      break;
    case SYNC_STATS:
      tether_syncthing_client_get_device_stats_async (self->client, self->cancellable, sync_cb, ctx);
      break;
    case SYNC_DONE:
    default:
      g_assert_not_reached ();
    }
}

static void
engine_resync (TetherEngine *self)
{
  _tether_assert_engine_thread (self);

  _tether_engine_new_epoch (self);
  sync_step (self, SYNC_EVENT_ID);
}

static void
devices_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TetherEngine *self = _tether_call_finish (user_data);
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;

  devices = tether_syncthing_client_get_list_finish (TETHER_SYNCTHING_CLIENT (object), result, &error);
  if (self == NULL || devices == NULL)
    return;

  apply_devices (self, devices);
  _tether_engine_publish (self);
  refresh_connections (self);
}

/* After ConfigSaved: names, paused flags, added or removed devices. */
static void
refetch_devices (TetherEngine *self)
{
  tether_syncthing_client_get_devices_async (self->client, self->cancellable,
                                             devices_cb, _tether_call_new (self));
}

/* ------------------------------------------------------------- connect */

static TetherStLocation *
engine_locate (TetherEngine  *self,
               GError       **error)
{
  g_autoptr(TetherStLocation) found = NULL;

  if (self->url_override != NULL && self->api_key_override != NULL)
    {
      found = g_new0 (TetherStLocation, 1);
      found->url = g_strdup (self->url_override);
      found->api_key = g_strdup (self->api_key_override);
      found->tls = g_str_has_prefix (self->url_override, "https:");
      return g_steal_pointer (&found);
    }

  found = tether_st_location_find (error);
  if (found == NULL)
    return NULL;

  /* Either override alone still wins over what config.xml says. */
  if (self->url_override != NULL)
    {
      g_free (found->url);
      found->url = g_strdup (self->url_override);
    }
  if (self->api_key_override != NULL)
    {
      g_free (found->api_key);
      found->api_key = g_strdup (self->api_key_override);
    }

  return g_steal_pointer (&found);
}

void
_tether_engine_connect (TetherEngine *self)
{
  g_autoptr(TetherStLocation) location = NULL;
  g_autoptr(GError) error = NULL;

  _tether_assert_engine_thread (self);

  g_clear_object (&self->client);

  /* config.xml is read again on every attempt: the user may have started
   * Syncthing for the first time, or changed its port or key. */
  location = engine_locate (self, &error);
  if (location != NULL)
    self->client = tether_syncthing_client_new (location, &error);

  if (self->client == NULL)
    {
      engine_set_status (self,
                         g_error_matches (error, TETHER_ST_LOCATION_ERROR,
                                          TETHER_ST_LOCATION_ERROR_NOT_FOUND)
                           ? TETHER_ENGINE_STATUS_NOT_FOUND
                           : TETHER_ENGINE_STATUS_BAD_RESPONSE,
                         error->message);
      engine_forget_devices (self);
      _tether_engine_publish (self);
      engine_schedule_retry (self, NOT_FOUND_RETRY_MS);
      return;
    }

  engine_resync (self);
}

