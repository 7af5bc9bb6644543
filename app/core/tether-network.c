/* tether-network.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tether-network.h"

G_DEFINE_FLAGS_TYPE (TetherSignalSources, tether_signal_sources,
  G_DEFINE_ENUM_VALUE (TETHER_SIGNAL_SOURCE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (TETHER_SIGNAL_SOURCE_NETWORK_MANAGER, "network-manager"),
  G_DEFINE_ENUM_VALUE (TETHER_SIGNAL_SOURCE_LOGIND, "logind"),
  G_DEFINE_ENUM_VALUE (TETHER_SIGNAL_SOURCE_NETWORK_MONITOR, "network-monitor"),
  G_DEFINE_ENUM_VALUE (TETHER_SIGNAL_SOURCE_CLOCK, "clock"))

G_DEFINE_ENUM_TYPE (TetherNetReach, tether_net_reach,
  G_DEFINE_ENUM_VALUE (TETHER_NET_REACH_NONE, "none"),
  G_DEFINE_ENUM_VALUE (TETHER_NET_REACH_LOCAL, "local"),
  G_DEFINE_ENUM_VALUE (TETHER_NET_REACH_SITE, "site"),
  G_DEFINE_ENUM_VALUE (TETHER_NET_REACH_GLOBAL, "global"))

G_DEFINE_ENUM_TYPE (TetherNetEventKind, tether_net_event_kind,
  G_DEFINE_ENUM_VALUE (TETHER_NET_EVENT_GOING_TO_SLEEP, "going-to-sleep"),
  G_DEFINE_ENUM_VALUE (TETHER_NET_EVENT_RESUMED, "resumed"),
  G_DEFINE_ENUM_VALUE (TETHER_NET_EVENT_NETWORK_CHANGED, "network-changed"),
  G_DEFINE_ENUM_VALUE (TETHER_NET_EVENT_CONNECTIVITY_UP, "connectivity-up"),
  G_DEFINE_ENUM_VALUE (TETHER_NET_EVENT_CONNECTIVITY_DOWN, "connectivity-down"))

G_DEFINE_BOXED_TYPE (TetherNetwork, tether_network,
                     tether_network_copy, tether_network_free)

G_DEFINE_BOXED_TYPE (TetherNetEvent, tether_net_event,
                     tether_net_event_copy, tether_net_event_free)

char *
tether_signal_sources_to_string (TetherSignalSources sources)
{
  static const struct {
    TetherSignalSources  flag;
    const char          *name;
  } names[] = {
    { TETHER_SIGNAL_SOURCE_NETWORK_MANAGER, "NetworkManager" },
    { TETHER_SIGNAL_SOURCE_LOGIND, "logind" },
    { TETHER_SIGNAL_SOURCE_NETWORK_MONITOR, "GNetworkMonitor" },
    { TETHER_SIGNAL_SOURCE_CLOCK, "clock" },
  };
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if ((sources & names[i].flag) == 0)
        continue;
      if (str->len > 0)
        g_string_append (str, ", ");
      g_string_append (str, names[i].name);
    }

  if (str->len == 0)
    g_string_append (str, "none");

  return g_string_free (str, FALSE);
}

const char *
tether_net_reach_to_string (TetherNetReach reach)
{
  switch (reach)
    {
    case TETHER_NET_REACH_NONE:   return "none";
    case TETHER_NET_REACH_LOCAL:  return "local";
    case TETHER_NET_REACH_SITE:   return "site";
    case TETHER_NET_REACH_GLOBAL: return "global";
    default:                      return "invalid";
    }
}

const char *
tether_net_event_kind_to_string (TetherNetEventKind kind)
{
  switch (kind)
    {
    case TETHER_NET_EVENT_GOING_TO_SLEEP:     return "going-to-sleep";
    case TETHER_NET_EVENT_RESUMED:            return "resumed";
    case TETHER_NET_EVENT_NETWORK_CHANGED:    return "network-changed";
    case TETHER_NET_EVENT_CONNECTIVITY_UP:    return "connectivity-up";
    case TETHER_NET_EVENT_CONNECTIVITY_DOWN:  return "connectivity-down";
    default:                                  return "invalid";
    }
}

TetherNetwork *
tether_network_new (const char *uuid,
                    const char *name,
                    const char *type,
                    gboolean    metered)
{
  TetherNetwork *self = g_new0 (TetherNetwork, 1);

  self->uuid = g_strdup (uuid);
  self->name = g_strdup (name);
  self->type = g_strdup (type != NULL ? type : "other");
  self->metered = !!metered;

  return self;
}

TetherNetwork *
tether_network_copy (const TetherNetwork *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return tether_network_new (self->uuid, self->name, self->type, self->metered);
}

void
tether_network_free (TetherNetwork *self)
{
  if (self == NULL)
    return;

  g_free (self->uuid);
  g_free (self->name);
  g_free (self->type);
  g_free (self);
}

gboolean
tether_network_equal (const TetherNetwork *a,
                      const TetherNetwork *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->uuid, b->uuid) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->type, b->type) == 0 &&
         a->metered == b->metered;
}

gboolean
tether_network_same_uuid (const TetherNetwork *a,
                          const TetherNetwork *b)
{
  return a != NULL && b != NULL && a->uuid != NULL && b->uuid != NULL &&
         strcmp (a->uuid, b->uuid) == 0;
}

const char *
tether_network_type_from_nm (const char *connection_type)
{
  static const struct {
    const char *nm;
    const char *ours;
  } types[] = {
    { "802-11-wireless", "wifi" },
    { "wifi-p2p", "wifi" },
    { "802-3-ethernet", "ethernet" },
    { "pppoe", "ethernet" },
    { "adsl", "ethernet" },
    { "gsm", "mobile" },
    { "cdma", "mobile" },
    { "bluetooth", "mobile" },  /* DUN or PAN: usually a phone's data */
    { "wimax", "mobile" },
    { "vpn", "vpn" },
    { "wireguard", "vpn" },
  };

  if (connection_type == NULL)
    return "other";

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (strcmp (connection_type, types[i].nm) == 0)
      return types[i].ours;

  return "other";
}

TetherNetEvent *
tether_net_event_new (TetherNetEventKind  kind,
                      TetherSignalSources source)
{
  TetherNetEvent *self = g_new0 (TetherNetEvent, 1);

  self->kind = kind;
  self->source = source;
  self->time_us = g_get_real_time ();
  self->monotonic_us = g_get_monotonic_time ();

  return self;
}

TetherNetEvent *
tether_net_event_copy (const TetherNetEvent *self)
{
  TetherNetEvent *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  if (self->old_network != NULL)
    copy->old_network = tether_network_copy (self->old_network);
  if (self->new_network != NULL)
    copy->new_network = tether_network_copy (self->new_network);

  return copy;
}

void
tether_net_event_free (TetherNetEvent *self)
{
  if (self == NULL)
    return;

  tether_network_free (self->old_network);
  tether_network_free (self->new_network);
  g_free (self);
}
