/* test-format.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-format.h"
#include "tether-snapshot.h"

#define S ((gint64) G_USEC_PER_SEC)

/* 2026-03-04 10:42:00 UTC, a Wednesday. */
static gint64
at (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * S;
}

static void
test_duration (void)
{
  struct { gint64 s; const char *text; } cases[] = {
    { -1, "—" }, { 0, "0 s" }, { 59, "59 s" }, { 60, "1 min" }, { 3599, "59 min" },
    { 3600, "1 h" }, { 3600 + 20 * 60, "1 h 20 min" }, { 86400, "1 d" },
    { 2 * 86400 + 4 * 3600 + 59, "2 d 4 h" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tether_format_duration (cases[i].s);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_milliseconds (void)
{
  struct { gint64 ms; const char *text; } cases[] = {
    { -1, "—" }, { 0, "0 ms" }, { 842, "842 ms" }, { 1400, "1.4 s" }, { 59999, "60.0 s" },
    { 60000, "1 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tether_format_milliseconds (cases[i].ms);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_time (void)
{
  gint64 now = at (2026, 3, 4, 10, 42);
  struct { gint64 t; const char *text; } cases[] = {
    { at (2026, 3, 4, 9, 5), "09:05" },
    { at (2026, 3, 4, 0, 0), "00:00" },
    { at (2026, 3, 3, 21, 13), "Yesterday 21:13" },
    { at (2026, 1, 2, 8, 0), "2 Jan, 08:00" },
    { at (2025, 12, 31, 23, 0), "31 Dec 2025" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tether_format_time (cases[i].t, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_connection_kind (void)
{
  struct { const char *type; gboolean local; const char *kind; const char *klass; } cases[] = {
    { "tcp-client", TRUE, "LAN TCP", "lan" },
    { "tcp-server", FALSE, "TCP", "wan" },
    { "quic-client", FALSE, "QUIC", "quic" },
    { "quic-server", TRUE, "LAN QUIC", "lan" },
    { "relay-client", FALSE, "relay", "relay" },
    { "carrier-pigeon", FALSE, "carrier-pigeon", "other" },
    { NULL, FALSE, "unknown link", "other" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TetherStConnection conn = { .type = (char *) cases[i].type, .is_local = cases[i].local };

      g_assert_cmpstr (tether_format_connection_kind (&conn), ==, cases[i].kind);
      g_assert_cmpstr (tether_connection_class (cases[i].type, cases[i].local), ==, cases[i].klass);
    }
}

static void
test_route (void)
{
  g_autofree char *tcp = tether_format_route ("tcp-server", "192.0.2.1");
  g_autofree char *relay = tether_format_route ("relay-client", "relay://192.0.2.9:22067");
  g_autofree char *unknown = tether_format_route (NULL, NULL);

  g_assert_cmpstr (tcp, ==, "TCP · 192.0.2.1");
  g_assert_cmpstr (relay, ==, "relay · relay://192.0.2.9:22067");
  g_assert_cmpstr (unknown, ==, "unknown link · —");

  g_assert_cmpstr (tether_format_route_direction ("tcp-client"), ==, "Dialed by this computer");
  g_assert_cmpstr (tether_format_route_direction ("quic-server"), ==, "Dialed by the device");
  g_assert_null (tether_format_route_direction ("something"));
  g_assert_null (tether_format_route_direction (NULL));
}

static void
test_network (void)
{
  g_autofree char *both = tether_format_sources (TETHER_SIGNAL_SOURCE_NETWORK_MANAGER |
                                                 TETHER_SIGNAL_SOURCE_LOGIND);
  g_autofree char *fallback = tether_format_sources (TETHER_SIGNAL_SOURCE_NETWORK_MONITOR |
                                                     TETHER_SIGNAL_SOURCE_CLOCK);
  g_autofree char *none = tether_format_sources (TETHER_SIGNAL_SOURCE_NONE);

  g_assert_cmpstr (both, ==, "NetworkManager · logind");
  g_assert_cmpstr (fallback, ==, "network monitor · clock jumps");
  g_assert_null (none);

  g_assert_cmpstr (tether_network_icon_name ("wifi", TRUE), ==, "network-wireless-symbolic");
  g_assert_cmpstr (tether_network_icon_name ("ethernet", TRUE), ==, "network-wired-symbolic");
  g_assert_cmpstr (tether_network_icon_name ("mobile", TRUE), ==, "network-cellular-symbolic");
  g_assert_cmpstr (tether_network_icon_name ("vpn", TRUE), ==, "network-vpn-symbolic");
  g_assert_cmpstr (tether_network_icon_name (NULL, TRUE), ==, "network-workgroup-symbolic");
  g_assert_cmpstr (tether_network_icon_name ("wifi", FALSE), ==, "network-offline-symbolic");
}

static void
test_pool_size_support (void)
{
  g_assert_false (tether_syncthing_has_pool_size (NULL));
  g_assert_false (tether_syncthing_has_pool_size ("unknown-dev"));
  g_assert_false (tether_syncthing_has_pool_size ("v1.19.2-ds1"));
  g_assert_false (tether_syncthing_has_pool_size ("v1.24.9"));
  g_assert_true (tether_syncthing_has_pool_size ("v1.25.0"));
  g_assert_true (tether_syncthing_has_pool_size ("v1.30.0"));
  g_assert_true (tether_syncthing_has_pool_size ("v2.0.16"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/format/duration", test_duration);
  g_test_add_func ("/tether/format/milliseconds", test_milliseconds);
  g_test_add_func ("/tether/format/time", test_time);
  g_test_add_func ("/tether/format/connection-kind", test_connection_kind);
  g_test_add_func ("/tether/format/route", test_route);
  g_test_add_func ("/tether/format/network", test_network);
  g_test_add_func ("/tether/format/pool-size-support", test_pool_size_support);

  return g_test_run ();
}
