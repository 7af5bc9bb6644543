/* tether-sessions.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-sessions.h"

#define HOUR_US ((gint64) 3600 * G_USEC_PER_SEC)
#define DAY_US  (24 * HOUR_US)

static gint64
session_end (const TetherSession *s,
             gint64               now_us)
{
  return s->end_us != 0 ? MIN (s->end_us, now_us) : now_us;
}

/* Connected time within [from, to). Sessions of one device do not overlap. */
static gint64
covered (GPtrArray *sessions,
         gint64     from_us,
         gint64     to_us,
         gint64     now_us)
{
  gint64 total = 0;

  if (to_us <= from_us)
    return 0;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const TetherSession *s = g_ptr_array_index (sessions, i);
      gint64 a = MAX (s->start_us, from_us);
      gint64 b = MIN (session_end (s, now_us), to_us);

      if (b > a)
        total += b - a;
    }

  return MIN (total, to_us - from_us);
}

void
tether_sessions_activity (GPtrArray *sessions,
                          gint64     known_since_us,
                          gint64     now_us,
                          guint      n_buckets,
                          gint64     bucket_us,
                          double    *out)
{
  g_return_if_fail (out != NULL || n_buckets == 0);
  g_return_if_fail (bucket_us > 0);

  for (guint i = 0; i < n_buckets; i++)
    {
      gint64 from = now_us - (gint64) (n_buckets - i) * bucket_us;
      gint64 to = from + bucket_us;
      gint64 known_from = MAX (from, known_since_us);

      if (known_from >= to)
        out[i] = -1;
      else
        out[i] = (double) covered (sessions, known_from, to, now_us) / (double) (to - known_from);
    }
}

double
tether_sessions_uptime (GPtrArray *sessions,
                        gint64     known_since_us,
                        gint64     from_us,
                        gint64     now_us)
{
  gint64 known_from = MAX (from_us, known_since_us);

  if (known_from >= now_us)
    return -1;

  return (double) covered (sessions, known_from, now_us, now_us) / (double) (now_us - known_from);
}

/* Hour of week of a moment, local time, Monday 00:00 = 0. */
static guint
hour_of_week (gint64 time_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  if (dt == NULL)
    return 0;

  return (g_date_time_get_day_of_week (dt) - 1) * 24 + g_date_time_get_hour (dt);
}

void
tether_sessions_availability (GPtrArray *sessions,
                              gint64     known_since_us,
                              gint64     now_us,
                              double     out[TETHER_HOURS_PER_WEEK])
{
  double seen[TETHER_HOURS_PER_WEEK] = { 0 };
  double on[TETHER_HOURS_PER_WEEK] = { 0 };
  gint64 t;

  g_return_if_fail (out != NULL);

  /* Walk the known time hour by hour, on hour boundaries (the last 30
   * days at most: older time says little about this week). */
  t = MAX (known_since_us, now_us - 30 * DAY_US);
  while (t < now_us)
    {
      gint64 next = (t / HOUR_US + 1) * HOUR_US;
      guint h;

      next = MIN (next, now_us);
      h = hour_of_week (t);
      seen[h] += next - t;
      on[h] += covered (sessions, t, next, now_us);
      t = next;
    }

  for (guint h = 0; h < TETHER_HOURS_PER_WEEK; h++)
    out[h] = seen[h] > 0 ? on[h] / seen[h] : -1;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

TetherDeviceStats *
tether_sessions_stats (const char *device_id,
                       GPtrArray  *sessions,
                       gint64      known_since_us,
                       gint64      now_us)
{
  TetherDeviceStats *stats;
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint flaps = 0;
  gint64 known_us;

  g_return_val_if_fail (device_id != NULL, NULL);

  stats = g_new0 (TetherDeviceStats, 1);
  stats->device_id = g_strdup (device_id);
  stats->uptime_24h = tether_sessions_uptime (sessions, known_since_us, now_us - DAY_US, now_us);
  stats->uptime_7d = tether_sessions_uptime (sessions, known_since_us, now_us - 7 * DAY_US, now_us);
  stats->uptime_30d = tether_sessions_uptime (sessions, known_since_us, now_us - 30 * DAY_US, now_us);
  stats->median_reconnect_ms = -1;
  stats->p90_reconnect_ms = -1;
  stats->median_reconnect_prewarm_ms = -1;
  stats->median_reconnect_alone_ms = -1;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const TetherSession *s = g_ptr_array_index (sessions, i);
      gint64 end = session_end (s, now_us);
      gint64 length_s = MAX (end - s->start_us, 0) / G_USEC_PER_SEC;

      stats->last_seen_us = MAX (stats->last_seen_us, end);
      /* A session still running has no length yet. */
      if (s->end_us == 0)
        continue;
      g_array_append_val (lengths, length_s);
      flaps += length_s < TETHER_FLAP_THRESHOLD_S;
    }

  stats->n_sessions = sessions != NULL ? sessions->len : 0;
  if (lengths->len > 0)
    {
      g_array_sort (lengths, compare_gint64);
      stats->median_session_s = g_array_index (lengths, gint64, lengths->len / 2);
      stats->p90_session_s = g_array_index (lengths, gint64, (lengths->len * 9) / 10);
    }
  else
    {
      stats->median_session_s = -1;
      stats->p90_session_s = -1;
    }

  known_us = now_us - MAX (known_since_us, now_us - 30 * DAY_US);
  stats->flaps_per_day = known_us > 0 ? flaps / ((double) known_us / DAY_US) : 0;
  /* Less than an hour of watching makes a per-day rate meaningless. */
  if (known_us < HOUR_US)
    stats->flaps_per_day = -1;

  tether_sessions_availability (sessions, known_since_us, now_us, stats->availability);

  return stats;
}

TetherSession *
tether_sessions_dup_session (const TetherSession *self)
{
  TetherSession *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TetherSession, 1);
  copy->start_us = self->start_us;
  copy->end_us = self->end_us;
  copy->conn_type = g_strdup (self->conn_type);
  copy->address = g_strdup (self->address);
  copy->is_local = self->is_local;
  copy->network_uuid = g_strdup (self->network_uuid);

  return copy;
}
