/* tether-sessions.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-sessions.h"

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
