/* test-patterns-prediction.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the adaptive policy and the UI ask the patterns: the prediction
 * and the parking signal, a device's timeline, the list of devices.
 */

#include "config.h"

#include "patterns-test-util.h"

static void
test_pattern_unknown (void)
{
  g_autoptr(TetherPatterns) p = tether_patterns_new (NULL);
  g_autoptr(TetherPattern) pattern = tether_patterns_get_pattern (p, DEV_A, HOME, BASE_US);

  /* Nothing known: the uninformed prior. */
  g_assert_cmpfloat (pattern->p_reachable_now, ==, 0.5);
  g_assert_cmpfloat (pattern->evidence_now, ==, 0.0);
  g_assert_cmpint (pattern->expected_session_s, ==, -1);
  g_assert_cmpuint (pattern->attempts_on_network, ==, 0);
  g_assert_null (tether_pattern_describe (pattern, "Home"));
}

/* B is at home every evening 18:00–23:00 for four weeks; Tether visits the
 * café every weekday morning for an hour and never reaches B there. */
static TetherPatterns *
four_weeks (void)
{
  TetherPatterns *p = tether_patterns_new (NULL);
  TetherHistoryEvent known = disc (HOUR (8), DEV_B);

  tether_patterns_add (p, &known);

  for (guint day = 0; day < 28; day++)
    {
      gint64 d = (gint64) day * 24;
      TetherHistoryEvent list[] = {
        ev (HOUR (d + 8), TETHER_HISTORY_EVENT_WAKE, NULL),
        net (HOUR (d + 8), CAFE, "Cafe"),
        net (HOUR (d + 9), HOME, "Home"),
        conn (HOUR (d + 18) + G_USEC_PER_SEC, DEV_B),
        disc (HOUR (d + 23) - G_USEC_PER_SEC, DEV_B),
        ev (HOUR (d + 23) + 30 * 60 * G_USEC_PER_SEC, TETHER_HISTORY_EVENT_SLEEP, NULL),
      };
      gboolean weekday = day % 7 < 5;

      for (guint i = 0; i < G_N_ELEMENTS (list); i++)
        if (weekday || i != 1)
          tether_patterns_add (p, &list[i]);
    }

  return p;
}

static void
test_pattern_learns_hours (void)
{
  g_autoptr(TetherPatterns) p = four_weeks ();
  /* Monday of week 5, 20:30 at home and 14:30 at home. */
  g_autoptr(TetherPattern) evening = tether_patterns_get_pattern (p, DEV_B, HOME, HOUR (28 * 24 + 20) + 1800 * G_USEC_PER_SEC);
  g_autoptr(TetherPattern) afternoon = tether_patterns_get_pattern (p, DEV_B, HOME, HOUR (28 * 24 + 14) + 1800 * G_USEC_PER_SEC);
  g_autoptr(TetherPattern) night = tether_patterns_get_pattern (p, DEV_B, HOME, HOUR (28 * 24 + 3));

  g_test_message ("P(evening) = %.3f, P(afternoon) = %.3f, P(night) = %.3f, P(home) = %.3f",
                  evening->p_reachable_now, afternoon->p_reachable_now, night->p_reachable_now,
                  evening->p_reachable_network);
  /* Four evenings against a prior of strength 2 at the network's rate. */
  g_assert_cmpfloat (evening->p_reachable_now, >, 0.65);
  g_assert_cmpfloat (afternoon->p_reachable_now, <, 0.2);
  /* Never observed at night (asleep): the network-wide rate, in between. */
  g_assert_cmpfloat (night->evidence_now, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (night->p_reachable_now, night->p_reachable_network, 1e-9);
  g_assert_cmpfloat (night->p_reachable_now, >, afternoon->p_reachable_now);
  g_assert_cmpfloat (night->p_reachable_now, <, evening->p_reachable_now);
  /* Four weeks of Mondays: about four decayed hours of evidence. */
  g_assert_cmpfloat (evening->evidence_now, >, 2.5);
  g_assert_cmpfloat (evening->evidence_now, <, 4.0);

  /* Every session: 5 h minus 2 s. */
  g_assert_cmpint (evening->expected_session_s, ==, 5 * 3600 - 2);
  g_assert_cmpstr (evening->conn_type, ==, "tcp-client");
  g_assert_cmpstr (evening->address, ==, "192.168.1.20:22000");
}

static void
test_pattern_parking (void)
{
  g_autoptr(TetherPatterns) p = four_weeks ();
  /* At the café on the morning of day 29. */
  g_autoptr(TetherPattern) cafe = tether_patterns_get_pattern (p, DEV_B, CAFE, HOUR (28 * 24 + 8) + 600 * G_USEC_PER_SEC);
  g_autoptr(TetherPattern) home = tether_patterns_get_pattern (p, DEV_B, HOME, HOUR (28 * 24 + 8));
  g_autofree char *why = NULL;
  g_autofree char *why_home = NULL;

  /* 20 weekdays at the café, never reached. */
  g_assert_cmpuint (cafe->attempts_on_network, ==, 20);
  g_assert_cmpuint (cafe->successes_on_network, ==, 0);
  g_assert_cmpuint (cafe->failures_in_a_row, ==, 20);
  g_assert_cmpint (cafe->last_success_us, ==, 0);
  g_assert_cmpfloat (cafe->p_reachable_network, <, 0.1);
  why = tether_pattern_describe (cafe, "Cafe");
  g_assert_cmpstr (why, ==, "never reached on network “Cafe” in 20 attempts");

  /* At home it was reached every day. */
  g_assert_cmpuint (home->attempts_on_network, ==, 28);
  g_assert_cmpuint (home->successes_on_network, ==, 28);
  g_assert_cmpuint (home->failures_in_a_row, ==, 0);
  why_home = tether_pattern_describe (home, "Home");
  g_assert_null (why_home);
}

static void
test_pattern_failures_in_a_row (void)
{
  g_autoptr(TetherPatterns) p = four_weeks ();
  g_autoptr(TetherPattern) home = NULL;
  g_autofree char *why = NULL;

  /* Three more days at home without B. */
  for (guint day = 28; day < 31; day++)
    {
      gint64 d = (gint64) day * 24;
      TetherHistoryEvent list[] = {
        ev (HOUR (d + 8), TETHER_HISTORY_EVENT_WAKE, NULL),
        ev (HOUR (d + 23), TETHER_HISTORY_EVENT_SLEEP, NULL),
      };

      for (guint i = 0; i < G_N_ELEMENTS (list); i++)
        tether_patterns_add (p, &list[i]);
    }

  home = tether_patterns_get_pattern (p, DEV_B, HOME, HOUR (31 * 24 + 9));
  g_assert_cmpuint (home->failures_in_a_row, ==, 3);
  why = tether_pattern_describe (home, "Home");
  g_assert_cmpstr (why, ==, "not reached on network “Home” in the last 3 attempts (28 of 31 succeeded)");
}

static void
test_pattern_visit_in_progress (void)
{
  TetherHistoryEvent events[] = {
    ev (SEC (0), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
    net (SEC (0), HOME, "Home"),
    conn (SEC (10), DEV_A),
  };
  g_autoptr(TetherPatterns) p = tether_patterns_new (NULL);
  g_autoptr(TetherPattern) pattern = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    tether_patterns_add (p, &events[i]);

  /* Reached in the visit that is still going on: it counts already. */
  pattern = tether_patterns_get_pattern (p, DEV_A, HOME, SEC (20));
  g_assert_cmpuint (pattern->attempts_on_network, ==, 1);
  g_assert_cmpuint (pattern->successes_on_network, ==, 1);
  g_assert_cmpint (pattern->last_seen_us, ==, SEC (20));
  g_assert_true (tether_patterns_is_connected (p, DEV_A));
}

static void
test_paused_not_counted (void)
{
  TetherHistoryEvent events[] = {
    ev (HOUR (0), TETHER_HISTORY_EVENT_TETHER_STARTED, NULL),
    disc (HOUR (0), DEV_A),   /* known, not connected */
    ev (HOUR (0), TETHER_HISTORY_EVENT_PAUSED, DEV_B),
    disc (HOUR (0), DEV_B),
    ev (HOUR (10), TETHER_HISTORY_EVENT_ALIVE, NULL),
  };
  g_autoptr(TetherPatterns) p = tether_patterns_new (NULL);
  g_autoptr(TetherDeviceStats) a = NULL;
  g_autoptr(TetherDeviceStats) b = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    tether_patterns_add (p, &events[i]);

  /* A was missed for ten hours; B was paused: no evidence either way. */
  a = tether_patterns_get_stats (p, DEV_A, NULL, HOUR (10));
  b = tether_patterns_get_stats (p, DEV_B, NULL, HOUR (10));
  g_assert_cmpfloat (a->availability[5], <, 0.5);
  g_assert_cmpfloat (b->availability[5], ==, 0.5);
  g_assert_cmpuint (tether_patterns_get_device_flags (p, DEV_B), ==,
                    TETHER_PATTERNS_DEVICE_KNOWN | TETHER_PATTERNS_DEVICE_PAUSED);
}

/* ------------------------------------------------------------ timeline */

static void
test_timeline (void)
{
  TetherHistoryEvent prewarm = ev (SEC (90), TETHER_HISTORY_EVENT_PREWARM, DEV_A);
  TetherHistoryEvent other = ev (SEC (95), TETHER_HISTORY_EVENT_PREWARM, DEV_B);
  TetherHistoryEvent events[9];
  g_autoptr(TetherPatterns) p = tether_patterns_new (NULL);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  TetherMarker *m;

  prewarm.text = "resume";
  other.text = "resume";
  events[0] = net (SEC (0), HOME, "Home");
  events[1] = conn (SEC (10), DEV_A);
  events[2] = ev (SEC (50), TETHER_HISTORY_EVENT_SLEEP, NULL);
  events[3] = ev (SEC (80), TETHER_HISTORY_EVENT_WAKE, NULL);
  events[4] = prewarm;
  events[5] = other;
  events[6] = conn (SEC (100), DEV_A);
  events[7] = disc (SEC (200), DEV_A);
  events[8] = conn (SEC (300), DEV_A);
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    tether_patterns_add (p, &events[i]);

  /* [60, 250): the session cut by sleep ended before; the open one began after. */
  sessions = tether_patterns_get_sessions (p, DEV_A, NULL, SEC (60), SEC (250));
  g_assert_cmpuint (sessions->len, ==, 1);
  assert_session (sessions, 0, SEC (100), SEC (200));
  g_clear_pointer (&sessions, g_ptr_array_unref);
  sessions = tether_patterns_get_sessions (p, DEV_A, NULL, SEC (250), SEC (10000));
  g_assert_cmpuint (sessions->len, ==, 1);
  assert_session (sessions, 0, SEC (300), 0);

  markers = tether_patterns_get_markers (p, DEV_A, SEC (0), SEC (1000));
  /* The network, sleep, wake and A's own pre-warm; not B's. */
  g_assert_cmpuint (markers->len, ==, 4);
  m = g_ptr_array_index (markers, 0);
  g_assert_cmpint (m->kind, ==, TETHER_MARKER_NETWORK_CHANGE);
  g_assert_cmpstr (m->label, ==, "Home");
  g_assert_cmpint (((TetherMarker *) g_ptr_array_index (markers, 1))->kind, ==, TETHER_MARKER_SLEEP);
  g_assert_cmpint (((TetherMarker *) g_ptr_array_index (markers, 2))->kind, ==, TETHER_MARKER_RESUME);
  m = g_ptr_array_index (markers, 3);
  g_assert_cmpint (m->kind, ==, TETHER_MARKER_PREWARM);
  g_assert_cmpstr (m->label, ==, "resume");
  g_assert_cmpint (m->time_us, ==, SEC (90));
}

static void
test_list_devices (void)
{
  TetherHistoryEvent named = disc (SEC (0), DEV_B);
  TetherHistoryEvent other = disc (SEC (0), DEV_A);
  g_autoptr(TetherPatterns) p = tether_patterns_new (NULL);
  g_autoptr(GPtrArray) ids = NULL;

  named.name = "alpha";
  other.name = "zulu";
  tether_patterns_add (p, &other);
  tether_patterns_add (p, &named);
  ids = tether_patterns_list_devices (p);
  g_assert_cmpuint (ids->len, ==, 2);
  /* By name. */
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, DEV_B);
  g_assert_cmpstr (tether_patterns_get_device_name (p, DEV_B), ==, "alpha");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/patterns-prediction/unknown", test_pattern_unknown);
  g_test_add_func ("/tether/patterns-prediction/learns-hours", test_pattern_learns_hours);
  g_test_add_func ("/tether/patterns-prediction/parking", test_pattern_parking);
  g_test_add_func ("/tether/patterns-prediction/failures-in-a-row", test_pattern_failures_in_a_row);
  g_test_add_func ("/tether/patterns-prediction/visit-in-progress", test_pattern_visit_in_progress);
  g_test_add_func ("/tether/patterns-prediction/paused-not-counted", test_paused_not_counted);
  g_test_add_func ("/tether/patterns-prediction/timeline", test_timeline);
  g_test_add_func ("/tether/patterns-prediction/list-devices", test_list_devices);

  return g_test_run ();
}
