/* test-patterns.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sessions rebuilt from records and statistics against values computed
 * by hand (the prediction is in test-patterns-prediction.c).
 */

#include "config.h"

#include "patterns-test-util.h"

/* ------------------------------------------------------------ basics */

static void
test_new_free (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  TetherPatterns *p = tether_patterns_new (tz);

  g_assert_cmpuint (tether_patterns_get_n_events (p), ==, 0);
  g_assert_cmpint (tether_patterns_get_time (p), ==, 0);
  g_assert_null (tether_patterns_get_stats (p, DEV_A, NULL, BASE_US));
  g_assert_false (tether_patterns_has_device (p, DEV_A));
  tether_patterns_free (p);
  tether_patterns_free (NULL);
}

static void
test_hour_of_week (void)
{
  g_autoptr(GTimeZone) plus2 = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GTimeZone) minus530 = g_time_zone_new_offset (-(5 * 3600 + 30 * 60));

  g_assert_cmpuint (tether_patterns_hour_of_week (NULL, BASE_US), ==, 0);
  g_assert_cmpuint (tether_patterns_hour_of_week (NULL, HOUR (24 + 5) + 1), ==, 29);
  g_assert_cmpuint (tether_patterns_hour_of_week (NULL, HOUR (7 * 24) - 1), ==, 167);
  g_assert_cmpuint (tether_patterns_hour_of_week (NULL, HOUR (7 * 24)), ==, 0);
  /* Before 1970 too (floor, not truncation). */
  g_assert_cmpuint (tether_patterns_hour_of_week (NULL, -1), ==, 3 * 24 - 1);
  /* Local time: Monday 00:00 UTC is Monday 02:00 at +02:00, and
   * Sunday 18:30 at −05:30. */
  g_assert_cmpuint (tether_patterns_hour_of_week (plus2, BASE_US), ==, 2);
  g_assert_cmpuint (tether_patterns_hour_of_week (minus530, BASE_US), ==, 6 * 24 + 18);
}

/* ------------------------------------------------------------ sessions */

static void
test_sessions_simple (void)
{
  TetherHistoryEvent events[] = {
    ev (SEC (0), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
    conn (SEC (100), DEV_A),
    disc (SEC (200), DEV_A),
    conn (SEC (150), DEV_B),   /* another device, in between */
    conn (SEC (1000), DEV_A),
    disc (SEC (1100), DEV_A),
  };
  g_autoptr(GPtrArray) a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);
  g_autoptr(GPtrArray) b = sessions_of (events, G_N_ELEMENTS (events), DEV_B);
  TetherSession *s;

  g_assert_cmpuint (a->len, ==, 2);
  assert_session (a, 0, SEC (100), SEC (200));
  assert_session (a, 1, SEC (1000), SEC (1100));
  s = g_ptr_array_index (a, 0);
  g_assert_cmpstr (s->conn_type, ==, "tcp-client");
  g_assert_cmpstr (s->address, ==, "192.168.1.20:22000");

  /* B's is still open. */
  g_assert_cmpuint (b->len, ==, 1);
  assert_session (b, 0, SEC (200), 0);   /* 150 came after 200: late by less than the slack */
}

static void
test_sessions_overlap (void)
{
  TetherHistoryEvent second = conn (SEC (105), DEV_A);
  TetherHistoryEvent events[] = {
    conn (SEC (100), DEV_A),
    second,                    /* the other side dialed too, or a pool connection */
    conn (SEC (110), DEV_A),
    disc (SEC (200), DEV_A),   /* ≥ 1.25: once, when the last one closed */
    disc (SEC (201), DEV_A),   /* a stray one changes nothing */
    conn (SEC (300), DEV_A),
    disc (SEC (400), DEV_A),
  };
  g_autoptr(GPtrArray) a = NULL;

  events[1].type = "quic-server";
  events[1].flags = TETHER_HISTORY_FLAG_LAN;
  a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);
  g_assert_cmpuint (a->len, ==, 2);
  assert_session (a, 0, SEC (100), SEC (200));
  assert_session (a, 1, SEC (300), SEC (400));
  /* The first connection's details stay; what it lacked is filled in. */
  g_assert_cmpstr (((TetherSession *) g_ptr_array_index (a, 0))->conn_type, ==, "tcp-client");
  g_assert_true (((TetherSession *) g_ptr_array_index (a, 0))->is_local);
}

static void
test_sessions_crash (void)
{
  TetherHistoryEvent events[] = {
    ev (SEC (0), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
    conn (SEC (100), DEV_A),
    ev (SEC (500), TETHER_HISTORY_EVENT_ALIVE, NULL),
    /* Tether crashed here, with no stop and no disconnect. */
    ev (SEC (1000), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
    conn (SEC (1100), DEV_A),
    ev (SEC (1200), TETHER_HISTORY_EVENT_TETHER_STOPPED, NULL),
    ev (SEC (2000), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
  };
  g_autoptr(GPtrArray) a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);
  g_autoptr(TetherDeviceStats) stats = NULL;

  g_assert_cmpuint (a->len, ==, 2);
  /* Closed at the last sign of life, not at the restart. */
  assert_session (a, 0, SEC (100), SEC (500));
  /* A clean stop closes what is open. */
  assert_session (a, 1, SEC (1100), SEC (1200));

  /* The guessed end says nothing about session lengths. */
  stats = tether_patterns_compute_stats (events, G_N_ELEMENTS (events), DEV_A, NULL, SEC (3000));
  g_assert_cmpuint (stats->n_sessions, ==, 2);
  g_assert_cmpint (stats->median_session_s, ==, 100);
  g_assert_cmpint (stats->p90_session_s, ==, 100);
}

static void
test_sessions_syncthing_restart (void)
{
  TetherHistoryEvent st1 = ev (SEC (10), TETHER_HISTORY_EVENT_SYNCTHING_STARTED, NULL);
  TetherHistoryEvent same = ev (SEC (500), TETHER_HISTORY_EVENT_SYNCTHING_STARTED, NULL);
  TetherHistoryEvent st2 = ev (SEC (1000), TETHER_HISTORY_EVENT_SYNCTHING_STARTED, NULL);
  TetherHistoryEvent events[5];
  g_autoptr(GPtrArray) a = NULL;

  st1.value = SEC (-1000);
  same.value = SEC (-1000);  /* the same instance, seen again: nothing ends */
  st2.value = SEC (900);     /* a new instance, started at 900 */
  events[0] = st1;
  events[1] = conn (SEC (100), DEV_A);
  events[2] = same;
  events[3] = st2;
  events[4] = conn (SEC (1010), DEV_A);

  a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);
  g_assert_cmpuint (a->len, ==, 2);
  /* The old instance's connection ended when the new one started. */
  assert_session (a, 0, SEC (100), SEC (900));
  assert_session (a, 1, SEC (1010), 0);
}

static void
test_sessions_sleep (void)
{
  TetherHistoryEvent events[] = {
    conn (SEC (100), DEV_A),
    ev (SEC (200), TETHER_HISTORY_EVENT_SLEEP, NULL),
    ev (SEC (5000), TETHER_HISTORY_EVENT_WAKE, NULL),
    disc (SEC (5100), DEV_A),   /* Syncthing notices the dead connection late */
    conn (SEC (5200), DEV_A),
  };
  g_autoptr(GPtrArray) a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);

  g_assert_cmpuint (a->len, ==, 2);
  assert_session (a, 0, SEC (100), SEC (200));
  assert_session (a, 1, SEC (5200), 0);
}

static void
test_sessions_connection_start (void)
{
  TetherHistoryEvent observed = conn (SEC (1000), DEV_A);
  TetherHistoryEvent too_early = conn (SEC (3000), DEV_A);
  TetherHistoryEvent events[4];
  g_autoptr(GPtrArray) a = NULL;

  /* Syncthing ≥ 1.25 says when a connection Tether finds began. */
  observed.value = SEC (400);
  observed.flags = TETHER_HISTORY_FLAG_OBSERVED;
  /* ...but never before what Tether already knows. */
  too_early.value = SEC (1500);
  events[0] = observed;
  events[1] = disc (SEC (2000), DEV_A);
  events[2] = too_early;
  events[3] = disc (SEC (3100), DEV_A);

  a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);
  g_assert_cmpuint (a->len, ==, 2);
  assert_session (a, 0, SEC (400), SEC (2000));
  assert_session (a, 1, SEC (3000), SEC (3100));
}

static void
test_sessions_clock_back (void)
{
  TetherHistoryEvent events[] = {
    ev (SEC (0), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
    conn (SEC (100), DEV_A),
    ev (SEC (1000), TETHER_HISTORY_EVENT_ALIVE, NULL),
    /* The clock is set back by ten minutes, while A is connected. */
    ev (SEC (400), TETHER_HISTORY_EVENT_ALIVE, NULL),
    disc (SEC (500), DEV_A),
    conn (SEC (600), DEV_A),
    disc (SEC (700), DEV_A),
  };
  g_autoptr(GPtrArray) a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);
  g_autoptr(TetherPatterns) p = tether_patterns_new (NULL);
  g_autoptr(TetherDeviceStats) stats = NULL;

  /* Split where the clock jumped: no negative length, no lost time. */
  g_assert_cmpuint (a->len, ==, 3);
  assert_session (a, 0, SEC (100), SEC (1000));
  assert_session (a, 1, SEC (400), SEC (500));
  assert_session (a, 2, SEC (600), SEC (700));

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    tether_patterns_add (p, &events[i]);
  g_assert_cmpuint (tether_patterns_get_n_clock_jumps (p), ==, 1);
  stats = tether_patterns_get_stats (p, DEV_A, NULL, SEC (800));
  /* Two sessions, not three; the split pieces say nothing about length. */
  g_assert_cmpuint (stats->n_sessions, ==, 2);
  g_assert_cmpint (stats->median_session_s, ==, 100);
}

static void
test_sessions_clock_forth_and_back (void)
{
  TetherHistoryEvent events[] = {
    conn (SEC (100), DEV_A),
    disc (SEC (200), DEV_A),
    /* The clock jumps a day ahead (can't be told from a quiet day)... */
    conn (SEC (86400 + 100), DEV_A),
    disc (SEC (86400 + 200), DEV_A),
    /* ...and is corrected back. */
    conn (SEC (300), DEV_A),
    disc (SEC (400), DEV_A),
    /* Small disorder between Syncthing's clock and Tether's is no jump. */
    conn (SEC (500), DEV_A),
    disc (SEC (470), DEV_A),
  };
  g_autoptr(GPtrArray) a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);

  g_assert_cmpuint (a->len, ==, 4);
  assert_session (a, 0, SEC (100), SEC (200));
  assert_session (a, 1, SEC (86400 + 100), SEC (86400 + 200));
  assert_session (a, 2, SEC (300), SEC (400));
  assert_session (a, 3, SEC (500), SEC (500));
  for (guint i = 0; i < a->len; i++)
    {
      TetherSession *s = g_ptr_array_index (a, i);

      g_assert_cmpint (s->end_us, >=, s->start_us);
    }
}

static void
test_sessions_pause (void)
{
  TetherHistoryEvent events[] = {
    conn (SEC (100), DEV_A),
    ev (SEC (200), TETHER_HISTORY_EVENT_PAUSED, DEV_A),
    ev (SEC (300), TETHER_HISTORY_EVENT_RESUMED, DEV_A),
    conn (SEC (310), DEV_A),
  };
  g_autoptr(GPtrArray) a = sessions_of (events, G_N_ELEMENTS (events), DEV_A);

  g_assert_cmpuint (a->len, ==, 2);
  assert_session (a, 0, SEC (100), SEC (200));
  assert_session (a, 1, SEC (310), 0);
}

/* ------------------------------------------------------------ statistics */

/* A day of device A, worked out by hand (see each assertion). */
static GArray *
day_of_a (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (TetherHistoryEvent));
  TetherHistoryEvent list[] = {
    ev (HOUR (0), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
    disc (HOUR (0), DEV_A),                      /* known from the start */
    conn (MIN_ (70), DEV_A),                     /* 1:10 */
    disc (MIN_ (190), DEV_A),                    /* 3:10: 2 h */
    latency (MIN_ (200), DEV_A, 300, TRUE),
    conn (MIN_ (310), DEV_A),                    /* 5:10 */
    disc (MIN_ (310) + 60 * G_USEC_PER_SEC, DEV_A), /* 60 s: a flap */
    latency (MIN_ (320), DEV_A, 500, TRUE),
    conn (MIN_ (370), DEV_A),                    /* 6:10 */
    disc (MIN_ (400), DEV_A),                    /* 6:40: 30 min */
    latency (MIN_ (410), DEV_A, 45000, FALSE),
    ev (MIN_ (570), TETHER_HISTORY_EVENT_SLEEP, NULL),   /* 9:30 */
    ev (MIN_ (1230), TETHER_HISTORY_EVENT_WAKE, NULL),   /* 20:30 */
    conn (MIN_ (1270), DEV_A),                   /* 21:10 */
    disc (MIN_ (1390), DEV_A),                   /* 23:10: 2 h */
    ev (HOUR (24), TETHER_HISTORY_EVENT_ALIVE, NULL),
  };

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  return events;
}

static double
decayed (double  weight,
         double  age_hours)
{
  return weight * exp2 (-age_hours / (TETHER_PATTERNS_HALF_LIFE_DAYS * 24.0));
}

static void
test_stats_by_hand (void)
{
  g_autoptr(GArray) events = day_of_a ();
  g_autoptr(TetherDeviceStats) stats = NULL;
  /* Observed: 0:00–9:30 and 20:30–24:00 = 13 h. Connected: 2 h + 60 s +
   * 30 min + 2 h = 16260 s. */
  const double uptime = 16260.0 / (13 * 3600);
  /* Slots (hour of week = hour of day on Monday): reached when connected
   * at any moment, missed otherwise; 9:00–9:30 and 20:30–21:00 weigh ½. */
  const guint reached[] = { 1, 2, 3, 5, 6, 21, 22, 23 };
  const struct { guint h; double w; } missed[] = { { 0, 1 }, { 4, 1 }, { 7, 1 }, { 8, 1 }, { 9, 0.5 }, { 20, 0.5 } };
  double a = 0, m = 0, p_device;
  const double k = TETHER_PATTERNS_PRIOR_STRENGTH;

  stats = tether_patterns_compute_stats ((TetherHistoryEvent *) events->data, events->len,
                                         DEV_A, NULL, HOUR (24));
  g_assert_nonnull (stats);
  g_assert_cmpstr (stats->device_id, ==, DEV_A);
  g_assert_null (stats->network_uuid);

  g_assert_cmpuint (stats->n_sessions, ==, 4);
  g_assert_cmpfloat_with_epsilon (stats->uptime_24h, uptime, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->uptime_7d, uptime, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->uptime_30d, uptime, 1e-9);

  /* Lengths 60, 1800, 7200, 7200: nearest-rank median is the 2nd, p90 the 4th. */
  g_assert_cmpint (stats->median_session_s, ==, 1800);
  g_assert_cmpint (stats->p90_session_s, ==, 7200);
  /* One session under 120 s ended by Syncthing, in a one-day history. */
  g_assert_cmpfloat_with_epsilon (stats->flaps_per_day, 1.0, 1e-9);

  /* Latencies 300 (pre-warm), 500 (pre-warm), 45000 (alone). */
  g_assert_cmpint (stats->median_reconnect_ms, ==, 500);
  g_assert_cmpint (stats->p90_reconnect_ms, ==, 45000);
  g_assert_cmpint (stats->median_reconnect_prewarm_ms, ==, 300);
  g_assert_cmpint (stats->median_reconnect_alone_ms, ==, 45000);

  g_assert_cmpint (stats->last_seen_us, ==, MIN_ (1390));

  /* The availability grid is the documented estimate. */
  for (guint i = 0; i < G_N_ELEMENTS (reached); i++)
    a += decayed (1, 24 - reached[i]);
  for (guint i = 0; i < G_N_ELEMENTS (missed); i++)
    m += decayed (missed[i].w, 24 - (missed[i].h + (missed[i].h == 20 ? 0.5 : 0)));
  p_device = (a + 1) / (a + m + 2);

  g_assert_cmpfloat_with_epsilon (stats->availability[1], (decayed (1, 23) + k * p_device) / (decayed (1, 23) + k), 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->availability[0], (k * p_device) / (decayed (1, 24) + k), 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->availability[9], (k * p_device) / (decayed (0.5, 15) + k), 1e-9);
  /* An hour never observed is the device's overall rate. */
  g_assert_cmpfloat_with_epsilon (stats->availability[100], p_device, 1e-9);
  g_assert_cmpfloat (stats->availability[1], >, stats->availability[100]);
  g_assert_cmpfloat (stats->availability[0], <, stats->availability[100]);

  g_assert_cmpuint (stats->routes->len, ==, 1);
  g_assert_cmpuint (((TetherRoute *) g_ptr_array_index (stats->routes, 0))->n_successes, ==, 4);
}

static void
test_stats_windows (void)
{
  g_autoptr(GArray) events = day_of_a ();
  g_autoptr(TetherPatterns) p = tether_patterns_new (NULL);
  g_autoptr(TetherDeviceStats) stats = NULL;

  for (guint i = 0; i < events->len; i++)
    tether_patterns_add (p, &g_array_index (events, TetherHistoryEvent, i));

  /* Three days later, Tether having run (observed) the whole time, with A
   * away: the last 24 h hold no connection. */
  {
    TetherHistoryEvent alive = ev (HOUR (96), TETHER_HISTORY_EVENT_ALIVE, NULL);

    tether_patterns_add (p, &alive);
  }
  stats = tether_patterns_get_stats (p, DEV_A, NULL, HOUR (96));
  g_assert_cmpfloat (stats->uptime_24h, ==, 0.0);
  /* 7 and 30 days: the same 16260 s over 13 + 72 observed hours. */
  g_assert_cmpfloat_with_epsilon (stats->uptime_7d, 16260.0 / (85 * 3600), 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->uptime_30d, 16260.0 / (85 * 3600), 1e-9);
  /* One flap in four days of history. */
  g_assert_cmpfloat_with_epsilon (stats->flaps_per_day, 0.25, 1e-9);

  /* Past the retention, the sessions leave the statistics. */
  tether_patterns_set_retention_days (p, 2);
  g_clear_pointer (&stats, tether_device_stats_free);
  stats = tether_patterns_get_stats (p, DEV_A, NULL, HOUR (96));
  g_assert_cmpuint (stats->n_sessions, ==, 0);
  g_assert_cmpint (stats->median_session_s, ==, -1);
  g_assert_cmpint (stats->median_reconnect_ms, ==, -1);
}

static void
test_stats_per_network (void)
{
  TetherHistoryEvent events[] = {
    ev (HOUR (0), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
    net (HOUR (0), HOME, "Home"),
    conn (MIN_ (10), DEV_A),
    disc (MIN_ (40), DEV_A),                  /* 30 min at home */
    net (HOUR (1), CAFE, "Cafe"),
    conn (MIN_ (70), DEV_A),
    disc (MIN_ (80), DEV_A),                  /* 10 min at the café */
    net (HOUR (3), HOME, "Home"),
    ev (HOUR (4), TETHER_HISTORY_EVENT_ALIVE, NULL),
  };
  g_autoptr(TetherPatterns) p = tether_patterns_new (NULL);
  g_autoptr(TetherDeviceStats) home = NULL;
  g_autoptr(TetherDeviceStats) cafe = NULL;
  g_autoptr(TetherDeviceStats) all = NULL;
  g_autoptr(TetherDeviceStats) nowhere = NULL;
  g_autoptr(GPtrArray) nets = NULL;
  g_autoptr(GPtrArray) cafe_sessions = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    tether_patterns_add (p, &events[i]);

  home = tether_patterns_get_stats (p, DEV_A, HOME, HOUR (4));
  cafe = tether_patterns_get_stats (p, DEV_A, CAFE, HOUR (4));
  all = tether_patterns_get_stats (p, DEV_A, NULL, HOUR (4));
  nowhere = tether_patterns_get_stats (p, DEV_A, "not-a-network", HOUR (4));

  /* Home: 30 min of 2 observed hours; café: 10 of 120 min; all: 40 of 240. */
  g_assert_cmpfloat_with_epsilon (home->uptime_24h, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (cafe->uptime_24h, 10.0 / 120, 1e-9);
  g_assert_cmpfloat_with_epsilon (all->uptime_24h, 40.0 / 240, 1e-9);
  g_assert_cmpuint (home->n_sessions, ==, 1);
  g_assert_cmpuint (cafe->n_sessions, ==, 1);
  g_assert_cmpuint (all->n_sessions, ==, 2);
  g_assert_cmpstr (cafe->network_uuid, ==, CAFE);
  g_assert_cmpuint (nowhere->n_sessions, ==, 0);

  g_assert_cmpstr (tether_patterns_get_network_name (p, CAFE), ==, "Cafe");
  g_assert_cmpstr (tether_patterns_get_network_type (p, CAFE), ==, "wifi");
  g_assert_cmpstr (tether_patterns_get_current_network (p), ==, HOME);
  nets = tether_patterns_list_networks (p, DEV_A);
  g_assert_cmpuint (nets->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (nets, 0), ==, CAFE);   /* by name */

  cafe_sessions = tether_patterns_get_sessions (p, DEV_A, CAFE, G_MININT64, G_MAXINT64);
  g_assert_cmpuint (cafe_sessions->len, ==, 1);
  g_assert_cmpstr (((TetherSession *) g_ptr_array_index (cafe_sessions, 0))->network_uuid, ==, CAFE);
}

static void
test_routes (void)
{
  TetherHistoryEvent in1 = conn (SEC (10), DEV_A);
  TetherHistoryEvent in2 = conn (SEC (30), DEV_A);
  TetherHistoryEvent events[6];
  g_autoptr(TetherDeviceStats) stats = NULL;
  TetherRoute *r;

  /* Connections the peer opened come from a new port each time: the host
   * is what is kept. */
  in1.type = "tcp-server";
  in1.address = "10.0.0.5:51234";
  in2.type = "tcp-server";
  in2.address = "10.0.0.5:40001";
  events[0] = net (SEC (0), HOME, "Home");
  events[1] = in1;
  events[2] = disc (SEC (20), DEV_A);
  events[3] = in2;
  events[4] = disc (SEC (40), DEV_A);
  events[5] = conn (SEC (50), DEV_A);

  stats = tether_patterns_compute_stats (events, G_N_ELEMENTS (events), DEV_A, HOME, SEC (60));
  g_assert_cmpuint (stats->routes->len, ==, 2);
  r = g_ptr_array_index (stats->routes, 0);
  g_assert_cmpstr (r->conn_type, ==, "tcp-server");
  g_assert_cmpstr (r->address, ==, "10.0.0.5");
  g_assert_cmpuint (r->n_successes, ==, 2);
  r = g_ptr_array_index (stats->routes, 1);
  g_assert_cmpstr (r->address, ==, "192.168.1.20:22000");
  g_assert_cmpint (r->last_us, ==, SEC (50));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/patterns/new-free", test_new_free);
  g_test_add_func ("/tether/patterns/hour-of-week", test_hour_of_week);
  g_test_add_func ("/tether/patterns/sessions/simple", test_sessions_simple);
  g_test_add_func ("/tether/patterns/sessions/overlap", test_sessions_overlap);
  g_test_add_func ("/tether/patterns/sessions/crash", test_sessions_crash);
  g_test_add_func ("/tether/patterns/sessions/syncthing-restart", test_sessions_syncthing_restart);
  g_test_add_func ("/tether/patterns/sessions/sleep", test_sessions_sleep);
  g_test_add_func ("/tether/patterns/sessions/connection-start", test_sessions_connection_start);
  g_test_add_func ("/tether/patterns/sessions/clock-back", test_sessions_clock_back);
  g_test_add_func ("/tether/patterns/sessions/clock-forth-and-back", test_sessions_clock_forth_and_back);
  g_test_add_func ("/tether/patterns/sessions/pause", test_sessions_pause);
  g_test_add_func ("/tether/patterns/stats/by-hand", test_stats_by_hand);
  g_test_add_func ("/tether/patterns/stats/windows", test_stats_windows);
  g_test_add_func ("/tether/patterns/stats/per-network", test_stats_per_network);
  g_test_add_func ("/tether/patterns/stats/routes", test_routes);

  return g_test_run ();
}
