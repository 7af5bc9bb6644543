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

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/sessions/activity", test_activity);
  g_test_add_func ("/tether/sessions/uptime", test_uptime);

  return g_test_run ();
}
