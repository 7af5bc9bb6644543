/* test-sessions.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-sessions.h"

#define S    ((gint64) G_USEC_PER_SEC)
#define HOUR (3600 * S)
#define DAY  (24 * HOUR)

/* Monday 2026-03-02 00:00 UTC. */
#define MONDAY ((gint64) 1772409600 * S)

static TetherSession *
session (gint64      start,
         gint64      end,
         const char *type)
{
  TetherSession *s = g_new0 (TetherSession, 1);

  s->start_us = start;
  s->end_us = end;
  s->conn_type = g_strdup (type);
  return s;
}

static GPtrArray *
sessions_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tether_session_free);
}

static void
test_activity (void)
{
  g_autoptr(GPtrArray) sessions = sessions_new ();
  gint64 now = MONDAY + 10 * HOUR;
  double out[4];

  /* 06:30–07:00, then 08:00 until now (running). */
  g_ptr_array_add (sessions, session (MONDAY + 6 * HOUR + HOUR / 2, MONDAY + 7 * HOUR, "tcp-client"));
  g_ptr_array_add (sessions, session (MONDAY + 8 * HOUR, 0, "tcp-client"));

  /* Four hours, 06:00–10:00, all known. */
  tether_sessions_activity (sessions, 0, now, 4, HOUR, out);
  g_assert_cmpfloat_with_epsilon (out[0], 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[1], 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[2], 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[3], 1.0, 1e-9);

  /* Known only from 07:30: the first hour is unknown, the second counts
   * its known half, offline. */
  tether_sessions_activity (sessions, MONDAY + 7 * HOUR + HOUR / 2, now, 4, HOUR, out);
  g_assert_cmpfloat (out[0], ==, -1);
  g_assert_cmpfloat_with_epsilon (out[1], 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[2], 1.0, 1e-9);

  /* No sessions: known hours are zero. */
  tether_sessions_activity (NULL, 0, now, 4, HOUR, out);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (out[i], ==, 0);
}

static void
test_uptime (void)
{
  g_autoptr(GPtrArray) sessions = sessions_new ();
  gint64 now = MONDAY + 2 * DAY;

  g_ptr_array_add (sessions, session (now - 6 * HOUR, now - 3 * HOUR, "tcp-client"));

  g_assert_cmpfloat_with_epsilon (tether_sessions_uptime (sessions, 0, now - DAY, now), 3.0 / 24, 1e-9);
  /* Watched only for the last 12 hours. */
  g_assert_cmpfloat_with_epsilon (tether_sessions_uptime (sessions, now - 12 * HOUR, now - DAY, now),
                                  3.0 / 12, 1e-9);
  /* Nothing known. */
  g_assert_cmpfloat (tether_sessions_uptime (sessions, now, now - DAY, now), ==, -1);
}

static void
test_availability (void)
{
  g_autoptr(GPtrArray) sessions = sessions_new ();
  double out[TETHER_HOURS_PER_WEEK];

  /* Watched Monday 08:00–11:00; connected 09:00–09:30. */
  g_ptr_array_add (sessions, session (MONDAY + 9 * HOUR, MONDAY + 9 * HOUR + HOUR / 2, "tcp-client"));
  tether_sessions_availability (sessions, MONDAY + 8 * HOUR, MONDAY + 11 * HOUR, out);

  g_assert_cmpfloat (out[7], ==, -1);
  g_assert_cmpfloat_with_epsilon (out[8], 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[9], 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[10], 0.0, 1e-9);
  g_assert_cmpfloat (out[11], ==, -1);
  /* Tuesday 09:00 was never watched. */
  g_assert_cmpfloat (out[24 + 9], ==, -1);
}

static void
test_stats (void)
{
  g_autoptr(GPtrArray) sessions = sessions_new ();
  g_autoptr(TetherDeviceStats) stats = NULL;
  gint64 now = MONDAY + DAY;

  /* A 30 s flap, a 10 min session, a 2 h session, and a running one. */
  g_ptr_array_add (sessions, session (MONDAY + HOUR, MONDAY + HOUR + 30 * S, "tcp-client"));
  g_ptr_array_add (sessions, session (MONDAY + 2 * HOUR, MONDAY + 2 * HOUR + 600 * S, "quic-client"));
  g_ptr_array_add (sessions, session (MONDAY + 4 * HOUR, MONDAY + 6 * HOUR, "relay-client"));
  g_ptr_array_add (sessions, session (now - HOUR, 0, "tcp-client"));

  stats = tether_sessions_stats ("DEVICE", sessions, MONDAY, now);
  g_assert_cmpstr (stats->device_id, ==, "DEVICE");
  g_assert_null (stats->network_uuid);
  g_assert_cmpuint (stats->n_sessions, ==, 4);
  g_assert_cmpint (stats->median_session_s, ==, 600);
  g_assert_cmpint (stats->p90_session_s, ==, 7200);
  /* One flap in the one day watched. */
  g_assert_cmpfloat_with_epsilon (stats->flaps_per_day, 1.0, 1e-9);
  g_assert_cmpint (stats->last_seen_us, ==, now);
  g_assert_cmpfloat_with_epsilon (stats->uptime_24h,
                                  (30.0 + 600 + 7200 + 3600) / (24.0 * 3600), 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->uptime_7d, stats->uptime_24h, 1e-9);
  g_assert_cmpint (stats->median_reconnect_ms, ==, -1);
  g_assert_cmpint (stats->median_reconnect_prewarm_ms, ==, -1);
  g_assert_cmpfloat_with_epsilon (stats->availability[5], 1.0, 1e-9);

  /* Watched for minutes only: no rate, no median of nothing. */
  g_clear_pointer (&stats, tether_device_stats_free);
  stats = tether_sessions_stats ("DEVICE", NULL, now - 60 * S, now);
  g_assert_cmpfloat (stats->flaps_per_day, ==, -1);
  g_assert_cmpint (stats->median_session_s, ==, -1);
  g_assert_cmpuint (stats->n_sessions, ==, 0);
}

static void
test_dup_session (void)
{
  g_autoptr(TetherSession) s = session (1, 2, "tcp-client");
  g_autoptr(TetherSession) copy = NULL;

  s->address = g_strdup ("192.0.2.1:22000");
  s->network_uuid = g_strdup ("uuid");
  s->is_local = TRUE;
  copy = tether_sessions_dup_session (s);

  g_assert_true (copy != s);
  g_assert_cmpint (copy->start_us, ==, 1);
  g_assert_cmpint (copy->end_us, ==, 2);
  g_assert_cmpstr (copy->conn_type, ==, "tcp-client");
  g_assert_cmpstr (copy->address, ==, "192.0.2.1:22000");
  g_assert_cmpstr (copy->network_uuid, ==, "uuid");
  g_assert_true (copy->is_local);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/sessions/activity", test_activity);
  g_test_add_func ("/tether/sessions/uptime", test_uptime);
  g_test_add_func ("/tether/sessions/availability", test_availability);
  g_test_add_func ("/tether/sessions/stats", test_stats);
  g_test_add_func ("/tether/sessions/dup-session", test_dup_session);

  return g_test_run ();
}
