/* tether-notifier.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-notifier.h"

#define ERROR_ID       "syncthing-error"
#define RECONNECTED_ID "reconnected"

typedef struct {
  gint64  connected_at_us; /* monotonic; 0 while not connected */
  GArray *short_ends;      /* of gint64: when short sessions ended, oldest first */
  gint64  quiet_until_us;
} DeviceTrack;

struct _TetherNotifier
{
  GObject             parent_instance;

  GApplication       *application;      /* weak pointer */
  GSettings          *settings;         /* owned */
  TetherSnapshot     *last;             /* owned, nullable */

  /* Errors */
  TetherEngineStatus  error_status;     /* ONLINE when no episode */
  gboolean            error_sent;
  guint               error_timeout_id;
  guint               error_grace_ms;

  /* Flapping */
  GHashTable         *tracks;           /* device id → DeviceTrack*, owned */

  /* After a resume */
  gint64              resume_us;        /* 0 when not watching a resume */
  GHashTable         *reconnected;      /* device ids, owned */
  gint64              last_reconnect_us;
  guint               resume_timeout_id;
  guint               resume_window_ms;
};

G_DEFINE_FINAL_TYPE (TetherNotifier, tether_notifier, G_TYPE_OBJECT)

static void
device_track_free (DeviceTrack *track)
{
  g_array_unref (track->short_ends);
  g_free (track);
}

static void
send (TetherNotifier *self,
      const char     *id,
      const char     *title,
      const char     *body)
{
  g_autoptr(GNotification) notification = NULL;

  if (self->application == NULL || !g_application_get_is_registered (self->application))
    {
      g_debug ("Not registered: no notification “%s”", title);
      return;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-window");
  g_application_send_notification (self->application, id, notification);
}

static void
withdraw (TetherNotifier *self,
          const char     *id)
{
  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, id);
}

static gboolean
is_connected (TetherDeviceState state)
{
  return state == TETHER_DEVICE_STATE_CONNECTED || state == TETHER_DEVICE_STATE_STALE;
}

/* ------------------------------------------------------------- errors */

static gboolean
is_error (TetherEngineStatus status)
{
  return status == TETHER_ENGINE_STATUS_NOT_FOUND ||
         status == TETHER_ENGINE_STATUS_UNREACHABLE ||
         status == TETHER_ENGINE_STATUS_UNAUTHORIZED ||
         status == TETHER_ENGINE_STATUS_BAD_RESPONSE;
}

static void
send_error (TetherNotifier *self)
{
  const char *title = NULL;
  const char *body = NULL;

  if (!g_settings_get_boolean (self->settings, "notify-errors"))
    return;

  switch (self->error_status)
    {
    case TETHER_ENGINE_STATUS_NOT_FOUND:
      title = _("Syncthing Not Found");
      body = _("Tether found no Syncthing configuration on this computer and cannot keep your devices connected.");
      break;
    case TETHER_ENGINE_STATUS_UNREACHABLE:
      title = _("Syncthing Is Not Reachable");
      body = _("Tether keeps trying. Until Syncthing answers, your devices are not kept connected.");
      break;
    case TETHER_ENGINE_STATUS_UNAUTHORIZED:
      title = _("Syncthing Rejected the API Key");
      body = _("Check the API key in Syncthing’s settings (Actions → Settings → GUI).");
      break;
    case TETHER_ENGINE_STATUS_BAD_RESPONSE:
      title = _("Unexpected Answer from Syncthing");
      body = _("The program at Syncthing’s address does not answer like Syncthing.");
      break;
    case TETHER_ENGINE_STATUS_STARTING:
    case TETHER_ENGINE_STATUS_ONLINE:
    default:
      g_assert_not_reached ();
    }

  send (self, ERROR_ID, title, body);
  self->error_sent = TRUE;
}

static gboolean
error_timeout_cb (gpointer user_data)
{
  TetherNotifier *self = user_data;

  self->error_timeout_id = 0;
  send_error (self);

  return G_SOURCE_REMOVE;
}

static void
update_errors (TetherNotifier     *self,
               TetherEngineStatus  status)
{
  if (status == TETHER_ENGINE_STATUS_ONLINE)
    {
      g_clear_handle_id (&self->error_timeout_id, g_source_remove);
      if (self->error_sent)
        withdraw (self, ERROR_ID);
      self->error_sent = FALSE;
      self->error_status = TETHER_ENGINE_STATUS_ONLINE;
      return;
    }

  /* STARTING, or the same error again: the episode goes on. */
  if (!is_error (status) || status == self->error_status)
    return;

  self->error_status = status;
  g_clear_handle_id (&self->error_timeout_id, g_source_remove);

  /* A rejected key will not fix itself: say so at once. The others are
   * often brief (a restart; a Syncthing still starting answers with empty
   * pages for a moment). */
  if (!self->error_sent && status != TETHER_ENGINE_STATUS_UNAUTHORIZED)
    self->error_timeout_id = g_timeout_add (self->error_grace_ms, error_timeout_cb, self);
  else
    send_error (self);
}

/* ------------------------------------------------------------- flapping */

static DeviceTrack *
get_track (TetherNotifier *self,
           const char     *id)
{
  DeviceTrack *track = g_hash_table_lookup (self->tracks, id);

  if (track == NULL)
    {
      track = g_new0 (DeviceTrack, 1);
      track->short_ends = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->tracks, g_strdup (id), track);
    }

  return track;
}

static void
device_flapped (TetherNotifier         *self,
                const TetherDeviceInfo *info)
{
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (!g_settings_get_boolean (self->settings, "notify-flapping"))
    return;

  id = g_strconcat ("flapping-", info->id, NULL);
  /* Translators: %s is a device name */
  title = g_strdup_printf (_("%s Keeps Disconnecting"), info->name);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It dropped its connection %u time within %u minutes. "
                                       "Its network, or the path to it, may be unstable.",
                                       "It dropped its connection %u times within %u minutes. "
                                       "Its network, or the path to it, may be unstable.",
                                       TETHER_NOTIFIER_FLAP_COUNT),
                          TETHER_NOTIFIER_FLAP_COUNT, TETHER_NOTIFIER_FLAP_WINDOW_S / 60);
  send (self, id, title, body);
}

/* How long the device has been connected when Tether first sees it so:
 * Syncthing's connection start time, when it says (real time, µs). */
static gint64
connected_for_us (const TetherDeviceInfo *info)
{
  if (info->connected_since_us == 0)
    return 0;

  return MAX (0, g_get_real_time () - info->connected_since_us);
}

static void
update_flapping (TetherNotifier *self,
                 TetherSnapshot *snapshot,
                 gint64          now_us)
{
  gboolean was_online = self->last != NULL && self->last->status == TETHER_ENGINE_STATUS_ONLINE;

  if (snapshot->status != TETHER_ENGINE_STATUS_ONLINE)
    {
      GHashTableIter iter;
      DeviceTrack *track;

      /* Sessions cut by Syncthing going away are not the device's doing. */
      g_hash_table_iter_init (&iter, self->tracks);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &track))
        track->connected_at_us = 0;
      return;
    }

  for (guint i = 0; i < snapshot->devices->len; i++)
    {
      const TetherDeviceInfo *info = g_ptr_array_index (snapshot->devices, i);
      const TetherDeviceInfo *prev = was_online ? tether_snapshot_lookup (self->last, info->id) : NULL;
      gboolean was = prev != NULL && is_connected (prev->state);
      gboolean now = is_connected (info->state);
      DeviceTrack *track = get_track (self, info->id);

      if (now && (!was || track->connected_at_us == 0))
        {
          if (track->connected_at_us == 0)
            track->connected_at_us = now_us - connected_for_us (info);
          continue;
        }

      if (!was || now)
        continue;

      /* Connected → not connected. */
      if (!info->paused && track->connected_at_us != 0 &&
          now_us - track->connected_at_us < TETHER_NOTIFIER_FLAP_SHORT_S * G_USEC_PER_SEC)
        {
          guint keep = 0;

          g_array_append_val (track->short_ends, now_us);
          while (keep < track->short_ends->len &&
                 now_us - g_array_index (track->short_ends, gint64, keep) >
                 TETHER_NOTIFIER_FLAP_WINDOW_S * G_USEC_PER_SEC)
            keep++;
          g_array_remove_range (track->short_ends, 0, keep);

          if (track->short_ends->len >= TETHER_NOTIFIER_FLAP_COUNT && now_us >= track->quiet_until_us)
            {
              device_flapped (self, info);
              track->quiet_until_us = now_us + (gint64) TETHER_NOTIFIER_FLAP_QUIET_S * G_USEC_PER_SEC;
              g_array_set_size (track->short_ends, 0);
            }
        }
      track->connected_at_us = 0;
    }
}

/* ------------------------------------------------------------- resume */

static void
finish_resume (TetherNotifier *self)
{
  guint n = g_hash_table_size (self->reconnected);

  if (n > 0 && g_settings_get_boolean (self->settings, "notify-reconnected"))
    {
      double seconds = (self->last_reconnect_us - self->resume_us) / (double) G_USEC_PER_SEC;
      g_autofree char *body = NULL;

      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Reconnected %u device in %.1f s after resume",
                                           "Reconnected %u devices in %.1f s after resume", n),
                              n, seconds);
      send (self, RECONNECTED_ID, _("Devices Reconnected"), body);
    }

  self->resume_us = 0;
  g_hash_table_remove_all (self->reconnected);
  g_clear_handle_id (&self->resume_timeout_id, g_source_remove);
}

static gboolean
resume_timeout_cb (gpointer user_data)
{
  TetherNotifier *self = user_data;

  self->resume_timeout_id = 0;
  finish_resume (self);

  return G_SOURCE_REMOVE;
}

static void
update_resume (TetherNotifier *self,
               TetherSnapshot *snapshot,
               gint64          now_us)
{
  gboolean all = snapshot->status == TETHER_ENGINE_STATUS_ONLINE;

  if (self->resume_us == 0)
    return;

  for (guint i = 0; i < snapshot->devices->len; i++)
    {
      const TetherDeviceInfo *info = g_ptr_array_index (snapshot->devices, i);
      const TetherDeviceInfo *prev = self->last ? tether_snapshot_lookup (self->last, info->id) : NULL;
      /* A stale connection is one the resume may have killed: only a
       * confirmed connection counts as reconnected. */
      gboolean now = info->state == TETHER_DEVICE_STATE_CONNECTED;

      if (now && (prev == NULL || prev->state != TETHER_DEVICE_STATE_CONNECTED))
        {
          g_hash_table_add (self->reconnected, g_strdup (info->id));
          self->last_reconnect_us = now_us;
        }
      if (!now && !info->paused)
        all = FALSE;
    }

  if (all && g_hash_table_size (self->reconnected) > 0)
    finish_resume (self);
}

/* ------------------------------------------------------------- public */

void
_tether_notifier_update_at (TetherNotifier *self,
                            TetherSnapshot *snapshot,
                            gint64          now_us)
{
  g_return_if_fail (TETHER_IS_NOTIFIER (self));
  g_return_if_fail (snapshot != NULL);

  update_errors (self, snapshot->status);
  update_flapping (self, snapshot, now_us);
  update_resume (self, snapshot, now_us);

  g_clear_pointer (&self->last, tether_snapshot_unref);
  self->last = tether_snapshot_ref (snapshot);
}

void
tether_notifier_update (TetherNotifier *self,
                        TetherSnapshot *snapshot)
{
  _tether_notifier_update_at (self, snapshot, g_get_monotonic_time ());
}

void
_tether_notifier_note_resume_at (TetherNotifier *self,
                                 gint64          now_us)
{
  g_return_if_fail (TETHER_IS_NOTIFIER (self));

  g_hash_table_remove_all (self->reconnected);
  self->resume_us = now_us;
  self->last_reconnect_us = now_us;
  g_clear_handle_id (&self->resume_timeout_id, g_source_remove);
  self->resume_timeout_id = g_timeout_add (self->resume_window_ms, resume_timeout_cb, self);
}

void
tether_notifier_note_resume (TetherNotifier *self)
{
  _tether_notifier_note_resume_at (self, g_get_monotonic_time ());
}

void
_tether_notifier_set_timers (TetherNotifier *self,
                             guint           error_grace_ms,
                             guint           resume_window_ms)
{
  g_return_if_fail (TETHER_IS_NOTIFIER (self));

  self->error_grace_ms = error_grace_ms;
  self->resume_window_ms = resume_window_ms;
}

static void
notify_errors_changed_cb (GSettings      *settings,
                          const char     *key,
                          TetherNotifier *self)
{
  if (!g_settings_get_boolean (settings, key) && self->error_sent)
    {
      withdraw (self, ERROR_ID);
      self->error_sent = FALSE;
    }
}

/* ------------------------------------------------------------- GObject */

static void
tether_notifier_dispose (GObject *object)
{
  TetherNotifier *self = (TetherNotifier *)object;

  g_clear_handle_id (&self->error_timeout_id, g_source_remove);
  g_clear_handle_id (&self->resume_timeout_id, g_source_remove);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last, tether_snapshot_unref);

  G_OBJECT_CLASS (tether_notifier_parent_class)->dispose (object);
}

static void
tether_notifier_finalize (GObject *object)
{
  TetherNotifier *self = (TetherNotifier *)object;

  g_hash_table_unref (self->tracks);
  g_hash_table_unref (self->reconnected);

  G_OBJECT_CLASS (tether_notifier_parent_class)->finalize (object);
}

static void
tether_notifier_class_init (TetherNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_notifier_dispose;
  object_class->finalize = tether_notifier_finalize;
}

static void
tether_notifier_init (TetherNotifier *self)
{
  self->error_status = TETHER_ENGINE_STATUS_ONLINE;
  self->error_grace_ms = TETHER_NOTIFIER_ERROR_GRACE_MS;
  self->resume_window_ms = TETHER_NOTIFIER_RESUME_WINDOW_MS;
  self->tracks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) device_track_free);
  self->reconnected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::notify-errors",
                           G_CALLBACK (notify_errors_changed_cb), self, 0);
}

TetherNotifier *
tether_notifier_new (GApplication *application)
{
  TetherNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (TETHER_TYPE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);

  return self;
}
