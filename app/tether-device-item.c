/* tether-device-item.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-device-item.h"

struct _TetherDeviceItem
{
  GObject           parent_instance;

  TetherDeviceInfo *info;     /* owned */
  char             *summary;  /* owned, derived from info */
};

G_DEFINE_FINAL_TYPE (TetherDeviceItem, tether_device_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_STATE,
  PROP_SUMMARY,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
connection_kind (const TetherStConnection *conn)
{
  if (conn->type == NULL)
    return _("unknown link");
  if (g_str_has_prefix (conn->type, "relay"))
    return _("relay");
  if (g_str_has_prefix (conn->type, "quic"))
    return conn->is_local ? _("LAN QUIC") : _("QUIC");
  if (g_str_has_prefix (conn->type, "tcp"))
    return conn->is_local ? _("LAN TCP") : _("TCP");
  return conn->type;
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
                              connection_kind (primary),
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
      return g_strdup (_("Paused"));
    case TETHER_DEVICE_STATE_UNKNOWN:
    default:
      return g_strdup (_("Unknown"));
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

static void
tether_device_item_finalize (GObject *object)
{
  TetherDeviceItem *self = (TetherDeviceItem *)object;

  g_clear_pointer (&self->info, tether_device_info_unref);
  g_free (self->summary);

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
    case PROP_SUMMARY:
      g_value_set_string (value, tether_device_item_get_summary (self));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, tether_device_item_get_icon_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_device_item_class_init (TetherDeviceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tether_device_item_finalize;
  object_class->get_property = tether_device_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_device_item_init (TetherDeviceItem *self)
{
}

TetherDeviceItem *
tether_device_item_new (TetherDeviceInfo *info)
{
  TetherDeviceItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (TETHER_TYPE_DEVICE_ITEM, NULL);
  self->info = tether_device_info_ref (info);
  self->summary = tether_device_describe_state (info);

  return self;
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
tether_device_item_get_summary (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->summary;
}

const char *
tether_device_item_get_icon_name (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return tether_device_state_icon_name (self->info->state);
}

TetherDeviceInfo *
tether_device_item_get_info (TetherDeviceItem *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_ITEM (self), NULL);
  return self->info;
}

/* Notifies each property whose value changed, and only those. */
void
tether_device_item_set_info (TetherDeviceItem *self,
                             TetherDeviceInfo *info)
{
  g_autoptr(TetherDeviceInfo) old = NULL;
  g_autofree char *summary = NULL;

  g_return_if_fail (TETHER_IS_DEVICE_ITEM (self));
  g_return_if_fail (info != NULL);
  g_return_if_fail (g_str_equal (info->id, self->info->id));

  if (info == self->info)
    return;

  old = g_steal_pointer (&self->info);
  self->info = tether_device_info_ref (info);
  summary = tether_device_describe_state (info);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (old->name, info->name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (old->state != info->state)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      if (g_strcmp0 (tether_device_state_icon_name (old->state),
                     tether_device_state_icon_name (info->state)) != 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
    }
  if (g_strcmp0 (summary, self->summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
