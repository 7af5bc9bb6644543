/* tether-format.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-format.h"
#include "tether-snapshot.h"

char *
tether_format_duration (gint64 seconds)
{
  gint64 minutes, hours, days;

  if (seconds < 0)
    return g_strdup ("—");

  if (seconds < 60)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%d s"), (int) seconds);

  minutes = seconds / 60;
  if (minutes < 60)
    /* Translators: a duration in minutes */
    return g_strdup_printf (_("%d min"), (int) minutes);

  hours = minutes / 60;
  if (hours < 24)
    {
      if (minutes % 60 == 0)
        /* Translators: a duration in hours */
        return g_strdup_printf (_("%d h"), (int) hours);
      /* Translators: a duration in hours and minutes */
      return g_strdup_printf (_("%d h %d min"), (int) hours, (int) (minutes % 60));
    }

  days = hours / 24;
  if (hours % 24 == 0)
    /* Translators: a duration in days */
    return g_strdup_printf (_("%d d"), (int) days);
  /* Translators: a duration in days and hours */
  return g_strdup_printf (_("%d d %d h"), (int) days, (int) (hours % 24));
}

char *
tether_format_milliseconds (gint64 ms)
{
  if (ms < 0)
    return g_strdup ("—");
  if (ms < 1000)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%d ms"), (int) ms);
  if (ms < 60000)
    /* Translators: a duration in seconds, with one decimal */
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);
  return tether_format_duration (ms / 1000);
}

char *
tether_format_time (gint64 time_us,
                    gint64 now_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) yesterday = NULL;
  int y1, m1, d1, y2, m2, d2;

  if (when == NULL || now == NULL)
    return g_strdup ("—");

  g_date_time_get_ymd (when, &y1, &m1, &d1);
  g_date_time_get_ymd (now, &y2, &m2, &d2);
  if (y1 == y2 && m1 == m2 && d1 == d2)
    /* Translators: a time today, strftime format */
    return g_date_time_format (when, _("%H:%M"));

  yesterday = g_date_time_add_days (now, -1);
  g_date_time_get_ymd (yesterday, &y2, &m2, &d2);
  if (y1 == y2 && m1 == m2 && d1 == d2)
    /* Translators: a time yesterday, strftime format */
    return g_date_time_format (when, _("Yesterday %H:%M"));

  if (y1 == g_date_time_get_year (now))
    /* Translators: a day and time this year, strftime format */
    return g_date_time_format (when, _("%-d %b, %H:%M"));

  /* Translators: a date in another year, strftime format */
  return g_date_time_format (when, _("%-d %b %Y"));
}

const char *
tether_format_connection_kind (const TetherStConnection *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);

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
tether_format_route (const char *conn_type,
                     const char *address)
{
  /* The history does not keep whether a route was on the LAN. */
  TetherStConnection conn = { .type = (char *) conn_type };

  /* Translators: a connection kind and an address, "TCP · 192.0.2.1:22000" */
  return g_strdup_printf (_("%s · %s"), tether_format_connection_kind (&conn),
                          address != NULL && address[0] != '\0' ? address : "—");
}

const char *
tether_format_route_direction (const char *conn_type)
{
  if (conn_type != NULL && g_str_has_suffix (conn_type, "-client"))
    return _("Dialed by this computer");
  if (conn_type != NULL && g_str_has_suffix (conn_type, "-server"))
    return _("Dialed by the device");
  return NULL;
}

const char *
tether_connection_class (const char *conn_type,
                         gboolean    is_local)
{
  if (conn_type == NULL)
    return "other";
  if (g_str_has_prefix (conn_type, "relay"))
    return "relay";
  if (g_str_has_prefix (conn_type, "quic"))
    return is_local ? "lan" : "quic";
  if (g_str_has_prefix (conn_type, "tcp"))
    return is_local ? "lan" : "wan";
  return "other";
}

const char *
tether_network_icon_name (const char *network_type,
                          gboolean    online)
{
  if (!online)
    return "network-offline-symbolic";
  if (g_strcmp0 (network_type, "wifi") == 0)
    return "network-wireless-symbolic";
  if (g_strcmp0 (network_type, "ethernet") == 0)
    return "network-wired-symbolic";
  if (g_strcmp0 (network_type, "mobile") == 0)
    return "network-cellular-symbolic";
  if (g_strcmp0 (network_type, "vpn") == 0)
    return "network-vpn-symbolic";
  return "network-workgroup-symbolic";
}

char *
tether_format_sources (guint sources)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (sources & TETHER_SIGNAL_SOURCE_NETWORK_MANAGER)
    g_ptr_array_add (names, (gpointer) "NetworkManager");
  if (sources & TETHER_SIGNAL_SOURCE_NETWORK_MONITOR)
    g_ptr_array_add (names, (gpointer) _("network monitor"));
  if (sources & TETHER_SIGNAL_SOURCE_LOGIND)
    g_ptr_array_add (names, (gpointer) "logind");
  if (sources & TETHER_SIGNAL_SOURCE_CLOCK)
    g_ptr_array_add (names, (gpointer) _("clock jumps"));

  if (names->len == 0)
    return NULL;

  g_ptr_array_add (names, NULL);
  return g_strjoinv (" · ", (char **) names->pdata);
}

gboolean
tether_syncthing_has_pool_size (const char *version)
{
  guint major, minor, patch;

  if (version == NULL || !tether_st_parse_version_string (version, &major, &minor, &patch))
    return FALSE;

  return major > 1 || (major == 1 && minor >= 25);
}
