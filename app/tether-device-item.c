/* tether-device-item.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-device-item.h"
#include "tether-format.h"

struct _TetherDeviceItem
{
  GObject           parent_instance;

  TetherDeviceInfo *info;         /* owned */
  GPtrArray        *events;       /* owned, of TetherDeviceEvent* */
  GVariant         *activity;     /* owned, nullable, floating sunk: from the history */

  /* Derived from info and the clock; each owned. */
  char             *summary;
  char             *headline;
  char             *details;
  char             *since;
  char             *pool;
};

G_DEFINE_FINAL_TYPE (TetherDeviceItem, tether_device_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_SUMMARY,
  PROP_HEADLINE,
  PROP_DETAILS,
  PROP_ICON_NAME,
  PROP_ADDRESS,
  PROP_SINCE,
  PROP_POOL,
  PROP_RANK,
  PROP_PAUSED,
  PROP_ACTIVITY,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
tether_device_event_free (TetherDeviceEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

/* ------------------------------------------------------------ helpers */

static const char *
primary_address (const TetherDeviceInfo *info)
{
  const TetherStConnection *primary = tether_device_info_get_primary (info);

  return primary != NULL ? primary->address : NULL;
}

char *
tether_device_describe_state (const TetherDeviceInfo *info)
{
  const TetherStConnection *primary;

  g_return_val_if_fail (info != NULL, NULL);

  switch (info->state)
    {
    case TETHER_DEVICE_STATE_CONNECTED:
    case TETHER_DEVICE_STATE_STALE:
      primary = tether_device_info_get_primary (info);
      if (primary == NULL)
        return g_strdup (_("Connected"));
      /* Translators: "Connected over TCP · 192.0.2.1:22000" */
      return g_strdup_printf (_("Connected over %s · %s"),
                              tether_format_connection_kind (primary),
                              primary->address ? primary->address : "");
    case TETHER_DEVICE_STATE_DIALING:
      return g_strdup (_("Dialing…"));
    case TETHER_DEVICE_STATE_DISCONNECTED:
    case TETHER_DEVICE_STATE_WAITING:
      if (info->last_error != NULL && info->last_error[0] != '\0')
        /* Translators: the reason is Syncthing's own error text */
        return g_strdup_printf (_("Disconnected · %s"), info->last_error);
      return g_strdup (_("Disconnected"));
    case TETHER_DEVICE_STATE_PARKED:
      return g_strdup (_("Parked by Tether"));
    case TETHER_DEVICE_STATE_PAUSED:
      if (info->paused_by == TETHER_PAUSED_BY_USER)
        return g_strdup (_("Paused by you"));
      if (info->paused_by == TETHER_PAUSED_BY_TETHER)
        return g_strdup (_("Paused by Tether"));
      return g_strdup (_("Paused"));
    case TETHER_DEVICE_STATE_UNKNOWN:
    default:
      return g_strdup (_("Unknown"));
    }
}

char *
tether_device_describe_headline (const TetherDeviceInfo *info)
{
  const TetherStConnection *primary;

  g_return_val_if_fail (info != NULL, NULL);

  primary = tether_device_info_get_primary (info);
  if ((info->state == TETHER_DEVICE_STATE_CONNECTED || info->state == TETHER_DEVICE_STATE_STALE) &&
      primary != NULL)
    /* Translators: "Connected over LAN TCP" */
    return g_strdup_printf (info->state == TETHER_DEVICE_STATE_STALE ? _("Connected over %s, maybe stale")
                                                                     : _("Connected over %s"),
                            tether_format_connection_kind (primary));

  return tether_device_describe_state (info);
}

char *
tether_device_describe_details (const TetherDeviceInfo *info,
                                gint64                  now_us)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *address = primary_address (info);
  char *pool;

  g_return_val_if_fail (info != NULL, NULL);

  if (address != NULL && address[0] != '\0')
    g_ptr_array_add (parts, g_strdup (address));
  g_ptr_array_add (parts, tether_device_describe_since (info, now_us));
  if ((pool = tether_device_describe_pool (info)) != NULL)
    g_ptr_array_add (parts, pool);
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

char *
tether_device_describe_since (const TetherDeviceInfo *info,
                              gint64                  now_us)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->connections->len > 0)
    {
      if (info->connected_since_us == 0)
        return g_strdup (_("Connected"));
      when = tether_format_time (info->connected_since_us, now_us);
      /* Translators: connected since, "Since 10:42" */
      return g_strdup_printf (_("Since %s"), when);
    }

  if (info->last_seen_us == 0)
    return g_strdup (_("Never seen"));

  when = tether_format_time (info->last_seen_us, now_us);
  /* Translators: "Last seen yesterday 21:13" */
  return g_strdup_printf (_("Last seen %s"), when);
}

char *
tether_device_describe_pool (const TetherDeviceInfo *info)
{
  guint n;

  g_return_val_if_fail (info != NULL, NULL);

  n = info->connections->len;
  /* wanted_connections is 0 before Syncthing 1.25 and when left at
   * Syncthing's default: then there is no target to show. */
  if (info->wanted_connections > 1)
    /* Translators: pool slots, "2 of 3 connections" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u connection",
                                         "%u of %u connections",
                                         info->wanted_connections),
                            n, info->wanted_connections);
  if (n == 0)
    return NULL;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u connection", "%u connections", n), n);
}

char *
tether_device_describe_decision (const TetherDeviceInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->state_reason != NULL && info->state_reason[0] != '\0')
    return g_strdup (info->state_reason);

  switch (info->state)
    {
    case TETHER_DEVICE_STATE_CONNECTED:
      return g_strdup (_("Connected: nothing to do"));
    case TETHER_DEVICE_STATE_STALE:
      return g_strdup (_("The network changed since this connection was made: Tether checks it"));
    case TETHER_DEVICE_STATE_DIALING:
      return g_strdup (_("Tether asked Syncthing to dial now"));
    case TETHER_DEVICE_STATE_DISCONNECTED:
      return g_strdup (_("Offline: Syncthing’s own timer redials it"));
    case TETHER_DEVICE_STATE_WAITING:
      return g_strdup (_("Offline: Tether retries on its own schedule"));
    case TETHER_DEVICE_STATE_PARKED:
      return g_strdup (_("Tether paused it to stop futile dialing, and resumes it when it can be reached"));
    case TETHER_DEVICE_STATE_PAUSED:
      if (info->paused_by == TETHER_PAUSED_BY_TETHER)
        return g_strdup (_("Tether paused it, and will resume it"));
      return g_strdup (_("Paused in Syncthing: Tether leaves it alone"));
    case TETHER_DEVICE_STATE_UNKNOWN:
    default:
      return g_strdup (_("Nothing is known while Syncthing is not reachable"));
    }
}

const char *
tether_device_state_label (TetherDeviceState state)
{
  switch (state)
    {
    case TETHER_DEVICE_STATE_CONNECTED:    return _("Connected");
    case TETHER_DEVICE_STATE_STALE:        return _("Connected, maybe stale");
    case TETHER_DEVICE_STATE_DIALING:      return _("Dialing");
    case TETHER_DEVICE_STATE_DISCONNECTED: return _("Disconnected");
    case TETHER_DEVICE_STATE_WAITING:      return _("Waiting to retry");
    case TETHER_DEVICE_STATE_PARKED:       return _("Parked by Tether");
    case TETHER_DEVICE_STATE_PAUSED:       return _("Paused");
    case TETHER_DEVICE_STATE_UNKNOWN:
    default:                               return _("Unknown");
    }
}

const char *
tether_device_state_icon_name (TetherDeviceState state)
{
  switch (state)
    {
    case TETHER_DEVICE_STATE_CONNECTED:    return "network-transmit-receive-symbolic";
    case TETHER_DEVICE_STATE_STALE:        return "dialog-warning-symbolic";
    case TETHER_DEVICE_STATE_DIALING:      return "content-loading-symbolic";
    case TETHER_DEVICE_STATE_DISCONNECTED:
    case TETHER_DEVICE_STATE_WAITING:      return "network-offline-symbolic";
    case TETHER_DEVICE_STATE_PARKED:
    case TETHER_DEVICE_STATE_PAUSED:       return "media-playback-pause-symbolic";
    case TETHER_DEVICE_STATE_UNKNOWN:
    default:                               return "dialog-question-symbolic";
    }
}

int
tether_device_state_rank (TetherDeviceState state)
{
  switch (state)
    {
    case TETHER_DEVICE_STATE_STALE:        return 6;
    case TETHER_DEVICE_STATE_DISCONNECTED:
    case TETHER_DEVICE_STATE_WAITING:      return 5;
    case TETHER_DEVICE_STATE_DIALING:      return 4;
    case TETHER_DEVICE_STATE_UNKNOWN:      return 3;
    case TETHER_DEVICE_STATE_PARKED:       return 2;
    case TETHER_DEVICE_STATE_CONNECTED:    return 1;
    case TETHER_DEVICE_STATE_PAUSED:
    default:                               return 0;
    }
}

/* ------------------------------------------------------------- GObject */

static void
tether_device_item_finalize (GObject *object)
{
  TetherDeviceItem *self = (TetherDeviceItem *)object;

  g_clear_pointer (&self->info, tether_device_info_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_free (self->summary);
  g_free (self->headline);
  g_free (self->details);
  g_free (self->since);
  g_free (self->pool);
  g_clear_pointer (&self->activity, g_variant_unref);

  G_OBJECT_CLASS (tether_device_item_parent_class)->finalize (object);
}

static void
tether_device_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TetherDeviceItem *self = TETHER_DEVICE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, tether_device_item_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, tether_device_item_get_name (self));
      break;
    case PROP_STATE:
      g_value_set_string (value, tether_device_item_get_state (self));
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, tether_device_item_get_state_label (self));
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, tether_device_item_get_summary (self));
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, tether_device_item_get_headline (self));
      break;
    case PROP_DETAILS:
      g_value_set_string (value, tether_device_item_get_details (self));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, tether_device_item_get_icon_name (self));
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, tether_device_item_get_address (self));
      break;
    case PROP_SINCE:
      g_value_set_string (value, tether_device_item_get_since (self));
      break;
    case PROP_POOL:
      g_value_set_string (value, tether_device_item_get_pool (self));
      break;
    case PROP_RANK:
      g_value_set_int (value, tether_device_item_get_rank (self));
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, tether_device_item_get_paused (self));
      break;
    case PROP_ACTIVITY:
      g_value_set_variant (value, tether_device_item_get_activity (self));
      break;
    case PROP_INFO:
      g_value_set_boxed (value, tether_device_item_get_info (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_device_item_class_init (TetherDeviceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = tether_device_item_finalize;
  object_class->get_property = tether_device_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  /* The machine name of the state ("connected"), as tether --headless prints it. */
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  /* The list's two lines: "Connected over LAN TCP"; "192.0.2.1:22000 · Since 10:42 · 2 of 3 connections". */
  properties[PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, NULL, flags);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL, flags);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_SINCE] = g_param_spec_string ("since", NULL, NULL, NULL, flags);
  properties[PROP_POOL] = g_param_spec_string ("pool", NULL, NULL, NULL, flags);
  properties[PROP_RANK] = g_param_spec_int ("rank", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  properties[PROP_ACTIVITY] = g_param_spec_variant ("activity", NULL, NULL,
                                                    G_VARIANT_TYPE ("ad"), NULL, flags);
  /* Notified when the record changed in anything but byte counters. */
  properties[PROP_INFO] = g_param_spec_boxed ("info", NULL, NULL, TETHER_TYPE_DEVICE_INFO, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_device_item_init (TetherDeviceItem *self)
{
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_device_event_free);
}

/* -------------------------------------------------------- derived state */

static gboolean
replace_string (char       **field,
                char        *value)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return FALSE;
    }

  g_free (*field);
  *field = value;
  return TRUE;
}

static void
update_clock (TetherDeviceItem *self,
              gint64            now_us)
{
  if (replace_string (&self->since, tether_device_describe_since (self->info, now_us)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINCE]);
  if (replace_string (&self->details, tether_device_describe_details (self->info, now_us)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
}

static void
add_event (TetherDeviceItem *self,
           gint64            time_us,
           const char       *text)
{
  TetherDeviceEvent *event = g_new0 (TetherDeviceEvent, 1);

  event->time_us = time_us;
  event->text = g_strdup (text);
  g_ptr_array_add (self->events, event);
  if (self->events->len > TETHER_DEVICE_ITEM_MAX_EVENTS)
    g_ptr_array_remove_index (self->events, 0);
}

/* What changed between two records: a line in the recent events. */
static void
observe (TetherDeviceItem       *self,
         const TetherDeviceInfo *old,
         const TetherDeviceInfo *info,
         gint64                  now_us)
{
  if (old->state != info->state ||
      g_strcmp0 (primary_address (old), primary_address (info)) != 0)
    {
      g_autofree char *text = tether_device_describe_state (info);

      add_event (self, now_us, text);
    }
}

/* ----------------------------------------------------------------- API */

TetherDeviceItem *
tether_device_item_new_at (TetherDeviceInfo *info,
                           gint64            now_us)
{
  TetherDeviceItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (TETHER_TYPE_DEVICE_ITEM, NULL);
  self->info = tether_device_info_ref (info);
  self->summary = tether_device_describe_state (info);
  self->pool = tether_device_describe_pool (info);
  self->since = tether_device_describe_since (info, now_us);
  self->headline = tether_device_describe_headline (info);
  self->details = tether_device_describe_details (info, now_us);
  if (info->state != TETHER_DEVICE_STATE_UNKNOWN)
    add_event (self, info->connected_since_us != 0 ? info->connected_since_us : now_us,
               self->summary);

  return self;
}

TetherDeviceItem *
tether_device_item_new (TetherDeviceInfo *info)
{
  return tether_device_item_new_at (info, g_get_real_time ());
}

const char *
tether_device_item_get_id (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->info->id;
}

const char *
tether_device_item_get_name (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->info->name;
}

const char *
tether_device_item_get_state (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return tether_device_state_to_string (self->info->state);
}

const char *
tether_device_item_get_state_label (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return tether_device_state_label (self->info->state);
}

const char *
tether_device_item_get_summary (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->summary;
}

const char *
tether_device_item_get_headline (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->headline;
}

const char *
tether_device_item_get_details (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->details;
}

const char *
tether_device_item_get_icon_name (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return tether_device_state_icon_name (self->info->state);
}

const char *
tether_device_item_get_address (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return primary_address (self->info);
}

const char *
tether_device_item_get_since (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->since;
}

const char *
tether_device_item_get_pool (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->pool;
}

int
tether_device_item_get_rank (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), 0);
  return tether_device_state_rank (self->info->state);
}

gboolean
tether_device_item_get_paused (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), FALSE);
  return self->info->paused;
}

GVariant *
tether_device_item_get_activity (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->activity;
}

TetherDeviceInfo *
tether_device_item_get_info (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->info;
}

void
tether_device_item_set_activity (TetherDeviceItem *self,
                                 GVariant         *values)
{
  g_autoptr(GVariant) sunk = NULL;

  g_return_if_fail (TETHER_IS_DEVICE_ITEM (self));
  g_return_if_fail (values == NULL || g_variant_is_of_type (values, G_VARIANT_TYPE ("ad")));

  if (values != NULL)
    sunk = g_variant_ref_sink (values);
  if (self->activity == sunk ||
      (self->activity != NULL && sunk != NULL && g_variant_equal (self->activity, sunk)))
    return;

  g_clear_pointer (&self->activity, g_variant_unref);
  self->activity = g_steal_pointer (&sunk);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}

GPtrArray *
tether_device_item_get_events (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->events;
}

void
tether_device_item_tick (TetherDeviceItem *self,
                         gint64            now_us)
{
  g_return_if_fail (TETHER_IS_DEVICE_ITEM (self));

  update_clock (self, now_us);
}

void
tether_device_item_set_info_at (TetherDeviceItem *self,
                                TetherDeviceInfo *info,
                                gint64            now_us)
{
  g_autoptr(TetherDeviceInfo) old = NULL;
  gboolean changed;

  g_return_if_fail (TETHER_IS_DEVICE_ITEM (self));
  g_return_if_fail (info != NULL);
  g_return_if_fail (g_str_equal (info->id, self->info->id));

  if (info == self->info)
    return;

  old = g_steal_pointer (&self->info);
  self->info = tether_device_info_ref (info);
  changed = !tether_device_info_equal (old, info);
  if (changed)
    observe (self, old, info, now_us);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (old->name, info->name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (old->state != info->state)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
      if (g_strcmp0 (tether_device_state_icon_name (old->state),
                     tether_device_state_icon_name (info->state)) != 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
      if (tether_device_state_rank (old->state) != tether_device_state_rank (info->state))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANK]);
    }
  if (old->paused != info->paused)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  if (g_strcmp0 (primary_address (old), primary_address (info)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
  if (replace_string (&self->summary, tether_device_describe_state (info)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  if (replace_string (&self->headline, tether_device_describe_headline (info)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADLINE]);
  if (replace_string (&self->pool, tether_device_describe_pool (info)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POOL]);
  update_clock (self, now_us);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
tether_device_item_set_info (TetherDeviceItem *self,
                             TetherDeviceInfo *info)
{
  tether_device_item_set_info_at (self, info, g_get_real_time ());
}
