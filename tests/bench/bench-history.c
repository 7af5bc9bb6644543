/* bench-history.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history at scale: 1,000 devices × 90 days of a laptop's life (about
 * 3 M records) written into a temporary directory, then, in a fresh
 * process so that its peak memory is the start-up's alone:
 *
 *   - load + rebuild: the time tether_history_load() takes (what the
 *     engine waits for at start), and the peak RSS of that process;
 *   - append: the cost of tether_history_append() per record, and of
 *     writing + fsync'ing a batch;
 *   - query: one device's 30-day timeline (sessions + markers), and its
 *     statistics.
 *
 * Goals (issue 4): start-up < 0.5 s, peak RSS < 100 MB, a 30-day timeline
 * < 10 ms. Run with `build-aux/run bench` (meson test --benchmark). The
 * figures are printed, not judged: machines differ. Set
 * TETHER_BENCH_STRICT=1 to fail when a goal is missed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "tether-history.h"

#define N_DEVICES      1000
#define N_DAYS         90
#define DAY_US         ((gint64) 24 * 3600 * G_USEC_PER_SEC)
#define MIN_US         ((gint64) 60 * G_USEC_PER_SEC)
#define GOAL_LOAD_S    0.5
#define GOAL_RSS_MB    100.0
#define GOAL_QUERY_MS  10.0
#define N_APPENDS      100000
#define N_QUERIES      200

static const char *networks[][2] = {
  { "0f6c4a8e-1b2d-4c3e-9f10-a1b2c3d4e5f6", "Home" },
  { "5d2e7b91-3c4a-4e5f-8a6b-0c1d2e3f4a5b", "Office" },
  { "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "Cafe" },
};

static const char *errors[] = {
  "EOF",
  "reading length: EOF",
  "read timeout",
  "writing message: write tcp %s->%s: broken pipe",
  "reading length: read tcp %s->%s: i/o timeout",
  "already connected to this device",
};

typedef struct {
  char    id[64];
  char    name[16];
  char    ip[16];
  double  p_network[G_N_ELEMENTS (networks)]; /* how often it is there */
  int     from_hour;                          /* its usual hours */
  int     to_hour;
} Device;

static void
make_device (Device  *d,
             guint    i,
             GRand   *rand)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  for (guint c = 0, k = 0; c < 63; c++)
    d->id[c] = (c % 8 == 7) ? '-' : alphabet[(g_rand_int (rand) + k++) % 32];
  d->id[63] = '\0';
  g_snprintf (d->name, sizeof d->name, "device-%04u", i);
  g_snprintf (d->ip, sizeof d->ip, "10.%u.%u.%u", i / 250 % 250, i % 250, 1 + i % 200);
  /* Most devices are often where the laptop is (that is why they are
   * paired), a few are never at the café. */
  for (guint n = 0; n < G_N_ELEMENTS (networks); n++)
    d->p_network[n] = g_rand_double (rand) < 0.9 ? g_rand_double_range (rand, 0.8, 1.0) : 0.0;
  d->from_hour = g_rand_int_range (rand, 5, 10);
  d->to_hour = d->from_hour + g_rand_int_range (rand, 12, 16);
}

typedef struct {
  GArray *events;   /* TetherHistoryEvent, strings in chunk */
  GStringChunk *chunk;
} Day;

static void
push (Day                      *day,
      const TetherHistoryEvent *ev)
{
  g_array_append_vals (day->events, ev, 1);
}

static int
compare_time (gconstpointer a,
              gconstpointer b)
{
  const TetherHistoryEvent *x = a, *y = b;

  return x->time_us < y->time_us ? -1 : x->time_us > y->time_us;
}

/* One device's day on one stretch of network: sessions and gaps, some of
 * them flaps, a pre-warm and its latency now and then. */
static void
device_stretch (Day          *day,
                const Device *d,
                GRand        *rand,
                gint64        from_us,
                gint64        to_us)
{
  gint64 t = from_us + (gint64) (g_rand_double (rand) * 20 * MIN_US);

  while (t < to_us)
    {
      gboolean flap = g_rand_double (rand) < 0.2;
      gint64 len = flap ? g_rand_int_range (rand, 5, 110) * G_USEC_PER_SEC
                        : (gint64) (g_rand_double_range (rand, 5, 75) * MIN_US);
      gint64 gap = (gint64) (g_rand_double_range (rand, 0.5, 20) * MIN_US);
      gboolean client = g_rand_boolean (rand);
      char address[48];
      TetherHistoryEvent c = {
        .kind = TETHER_HISTORY_EVENT_CONNECTED,
        .device_id = d->id,
        .name = d->name,
        .type = client ? "tcp-client" : "tcp-server",
        .crypto = "TLS1.3-TLS_AES_128_GCM_SHA256",
        .flags = TETHER_HISTORY_FLAG_LAN,
      };
      TetherHistoryEvent x = {
        .kind = TETHER_HISTORY_EVENT_DISCONNECTED,
        .device_id = d->id,
      };
      guint e = g_rand_int_range (rand, 0, G_N_ELEMENTS (errors));

      if (g_rand_double (rand) < 0.07)
        {
          TetherHistoryEvent w = {
            .time_us = t - 300 * 1000,
            .kind = TETHER_HISTORY_EVENT_PREWARM,
            .device_id = d->id,
            .text = "network",
          };
          TetherHistoryEvent l = {
            .time_us = t + 1000,
            .kind = TETHER_HISTORY_EVENT_RECONNECTED,
            .device_id = d->id,
            .value = g_rand_int_range (rand, 20, 2000),
            .flags = TETHER_HISTORY_FLAG_PREWARM,
            .text = "network",
          };

          push (day, &w);
          push (day, &l);
        }

      if (client)
        g_snprintf (address, sizeof address, "%s:22000", d->ip);
      else
        g_snprintf (address, sizeof address, "%s:%u", d->ip, g_rand_int_range (rand, 32768, 61000));
      c.time_us = t;
      c.address = g_string_chunk_insert (day->chunk, address);
      push (day, &c);

      x.time_us = MIN (t + len, to_us - 1);
      if (strchr (errors[e], '%') != NULL)
        {
          g_autofree char *local = g_strdup_printf ("192.168.1.5:%u", g_rand_int_range (rand, 32768, 61000));
          g_autofree char *text = NULL;

          /* The format is one of ours above, with two %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          text = g_strdup_printf (errors[e], local, address);
#pragma GCC diagnostic pop
          x.text = g_string_chunk_insert (day->chunk, text);
        }
      else
        x.text = errors[e];
      push (day, &x);

      t = x.time_us + gap;
    }
}

static guint64
generate (const char *dir,
          gint64      now_us)
{
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  g_autoptr(GString) out = g_string_sized_new (4 << 20);
  g_autofree char *path = g_build_filename (dir, "history", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  Device *devices = g_new0 (Device, N_DEVICES);
  FILE *file;
  gint64 today_us;
  guint64 n = 0;

  g_mkdir_with_parents (dir, 0700);
  file = fopen (path, "w");
  g_assert_nonnull (file);
  tether_history_format_header (out);

  for (guint i = 0; i < N_DEVICES; i++)
    make_device (&devices[i], i, rand);

  /* Days start at local midnight, so that the hours of the week mean what
   * they say in `tether stats` over the generated history. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
    g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                        g_date_time_get_month (now),
                                                        g_date_time_get_day_of_month (now), 0, 0, 0);

    today_us = g_date_time_to_unix (today) * G_USEC_PER_SEC;
  }

  for (guint dayno = 0; dayno < N_DAYS; dayno++)
    {
      gint64 midnight = today_us - (gint64) (N_DAYS - dayno) * DAY_US;
      gint64 wake = midnight + (gint64) (g_rand_double_range (rand, 6.5, 8.5) * 60) * MIN_US;
      gint64 sleep = midnight + (gint64) (g_rand_double_range (rand, 22.0, 23.9) * 60) * MIN_US;
      /* Home, then Office or the café, then home again. */
      gint64 bounds[4] = { wake, midnight + 9 * 60 * MIN_US, midnight + 18 * 60 * MIN_US, sleep };
      guint where[3] = { 0, dayno % 5 == 4 ? 2 : 1, 0 };
      Day day = { g_array_sized_new (FALSE, FALSE, sizeof (TetherHistoryEvent), 40000),
                  g_string_chunk_new (1 << 20) };

      {
        TetherHistoryEvent global[] = {
          { .time_us = wake, .kind = dayno == 0 ? TETHER_HISTORY_EVENT_TETHER_STARTED
                                                 : TETHER_HISTORY_EVENT_WAKE },
          { .time_us = sleep, .kind = TETHER_HISTORY_EVENT_SLEEP },
        };

        g_array_append_vals (day.events, global, G_N_ELEMENTS (global));
      }
      for (guint s = 0; s < 3; s++)
        {
          TetherHistoryEvent change = {
            .time_us = bounds[s] + 1,
            .kind = TETHER_HISTORY_EVENT_NETWORK_CHANGED,
            .network_uuid = networks[where[s]][0],
            .name = networks[where[s]][1],
            .type = "wifi",
          };

          g_array_append_vals (day.events, &change, 1);
          for (guint i = 0; i < N_DEVICES; i++)
            {
              const Device *d = &devices[i];
              gint64 from = MAX (bounds[s] + 2, midnight + (gint64) d->from_hour * 60 * MIN_US);
              gint64 to = MIN (bounds[s + 1], midnight + (gint64) d->to_hour * 60 * MIN_US);

              if (from < to && g_rand_double (rand) < d->p_network[where[s]])
                device_stretch (&day, d, rand, from, to);
            }
        }

      g_array_sort (day.events, compare_time);
      for (guint i = 0; i < day.events->len; i++)
        {
          TetherHistoryEvent *ev = &g_array_index (day.events, TetherHistoryEvent, i);

          /* Each record carries the network it happened on. */
          if (ev->network_uuid == NULL)
            {
              for (guint s = 0; s < 3; s++)
                if (ev->time_us > bounds[s])
                  ev->network_uuid = networks[where[s]][0];
            }
          tether_history_encoder_encode (enc, ev, out);
          if (out->len > (3 << 20))
            {
              fwrite (out->str, 1, out->len, file);
              g_string_truncate (out, 0);
            }
        }
      n += day.events->len;
      g_array_unref (day.events);
      g_string_chunk_free (day.chunk);
    }

  fwrite (out->str, 1, out->len, file);
  fclose (file);
  g_free (devices);

  return n;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
cpu_seconds (const struct rusage *usage)
{
  return usage->ru_utime.tv_sec + usage->ru_stime.tv_sec +
         (usage->ru_utime.tv_usec + usage->ru_stime.tv_usec) / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
timeline_done;

static void
timeline_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TetherHistoryTimeline) timeline = tether_history_query_timeline_finish (TETHER_HISTORY (object), result, NULL);

  g_assert_nonnull (timeline);
  timeline_done = TRUE;
}

/* The measuring process: nothing but the load in its peak memory. */
static int
child (const char *dir)
{
  g_autoptr(TetherHistory) history = tether_history_new (dir, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  double query_ms[N_QUERIES];
  TetherHistoryScanReport report;
  TetherPatterns *p;
  struct rusage usage, before;
  const char *device;
  gint64 start, now = g_get_real_time ();
  guint n_sessions = 0, n_markers = 0;
  double load_s, load_cpu_s, append_us, flush_ms, stats_ms, async_ms;

  getrusage (RUSAGE_SELF, &before);
  start = g_get_monotonic_time ();
  if (!tether_history_load (history, &error))
    g_error ("load: %s", error->message);
  load_s = seconds_since (start);
  getrusage (RUSAGE_SELF, &usage);
  load_cpu_s = cpu_seconds (&usage) - cpu_seconds (&before);
  tether_history_get_load_report (history, &report);

  p = tether_history_lock_patterns (history);
  ids = tether_patterns_list_devices (p);
  tether_history_unlock_patterns (history);
  device = g_ptr_array_index (ids, ids->len / 2);

  for (guint i = 0; i < N_QUERIES; i++)
    {
      g_autoptr(TetherHistoryTimeline) timeline = NULL;

      start = g_get_monotonic_time ();
      timeline = tether_history_get_timeline (history, device, now - 30 * DAY_US, now);
      query_ms[i] = seconds_since (start) * 1000;
      n_sessions = timeline->sessions->len;
      n_markers = timeline->markers->len;
    }
  qsort (query_ms, N_QUERIES, sizeof (double), compare_double);

  start = g_get_monotonic_time ();
  timeline_done = FALSE;
  tether_history_query_timeline_async (history, device, now - 30 * DAY_US, now, NULL, timeline_cb, NULL);
  while (!timeline_done)
    g_main_context_iteration (NULL, TRUE);
  async_ms = seconds_since (start) * 1000;

  start = g_get_monotonic_time ();
  {
    g_autoptr(TetherDeviceStats) stats = tether_history_get_stats (history, device, NULL);

    g_assert_nonnull (stats);
  }
  stats_ms = seconds_since (start) * 1000;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_APPENDS; i++)
    {
      TetherHistoryEvent ev = {
        .time_us = now + i,
        .kind = i % 2 ? TETHER_HISTORY_EVENT_DISCONNECTED : TETHER_HISTORY_EVENT_CONNECTED,
        .device_id = g_ptr_array_index (ids, i % ids->len),
        .type = "tcp-client",
        .address = "10.0.0.1:22000",
        .text = i % 2 ? "EOF" : NULL,
      };

      tether_history_append (history, &ev);
    }
  append_us = seconds_since (start) * G_USEC_PER_SEC / N_APPENDS;

  start = g_get_monotonic_time ();
  if (!tether_history_flush (history, &error))
    g_error ("flush: %s", error->message);
  flush_ms = seconds_since (start) * 1000;
  tether_history_close (history);

  printf ("events %" G_GUINT64_FORMAT "\n", report.n_events);
  printf ("devices %u\n", ids->len);
  printf ("load_s %.3f\n", load_s);
  printf ("load_cpu_s %.3f\n", load_cpu_s);
  printf ("rss_mb %.1f\n", usage.ru_maxrss / 1024.0);
  printf ("timeline_median_ms %.3f\n", query_ms[N_QUERIES / 2]);
  printf ("timeline_max_ms %.3f\n", query_ms[N_QUERIES - 1]);
  printf ("timeline_sessions %u\n", n_sessions);
  printf ("timeline_markers %u\n", n_markers);
  printf ("timeline_async_ms %.3f\n", async_ms);
  printf ("stats_ms %.3f\n", stats_ms);
  printf ("append_us %.3f\n", append_us);
  printf ("flush_ms %.1f\n", flush_ms);

  return 0;
}

static double
figure (GHashTable *figures,
        const char *key)
{
  const char *value = g_hash_table_lookup (figures, key);

  g_assert_nonnull (value);
  return g_ascii_strtod (value, NULL);
}

static const char *
verdict (gboolean met)
{
  return met ? "goal met" : "GOAL MISSED";
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GHashTable) figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  const char *child_argv[4];
  gint64 start;
  guint64 n;
  double gen_s, load_s, rss_mb, query_ms;
  GStatBuf st;
  int status = 0;
  gboolean met;

  /* Pieces, to profile one: --generate DIR, then --child DIR. */
  if (argc == 3 && strcmp (argv[1], "--child") == 0)
    return child (argv[2]);
  if (argc == 3 && strcmp (argv[1], "--generate") == 0)
    {
      printf ("%" G_GUINT64_FORMAT " records\n", generate (argv[2], g_get_real_time ()));
      return 0;
    }

  tmp = g_dir_make_tmp ("tether-bench-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "tether", NULL);
  path = g_build_filename (dir, "history", NULL);

  start = g_get_monotonic_time ();
  n = generate (dir, g_get_real_time ());
  gen_s = seconds_since (start);
  g_stat (path, &st);

  child_argv[0] = argv[0];
  child_argv[1] = "--child";
  child_argv[2] = dir;
  child_argv[3] = NULL;
  if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("measuring process: %s", error->message);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strchr (lines[i], ' ');

      if (space != NULL)
        g_hash_table_insert (figures, g_strndup (lines[i], space - lines[i]), g_strdup (space + 1));
    }

  load_s = figure (figures, "load_s");
  rss_mb = figure (figures, "rss_mb");
  query_ms = figure (figures, "timeline_median_ms");

  printf ("history: %u devices × %u days: %" G_GUINT64_FORMAT " records, %.1f MB (%.1f bytes/record), "
          "generated in %.1f s\n",
          N_DEVICES, N_DAYS, n, st.st_size / 1e6, (double) st.st_size / n, gen_s);
  printf ("load + rebuild:       %8.3f s    (goal < %.1f s: %s; %.3f s of CPU)\n", load_s, GOAL_LOAD_S,
          verdict (load_s < GOAL_LOAD_S), figure (figures, "load_cpu_s"));
  printf ("peak RSS:             %8.1f MB   (goal < %.0f MB: %s)\n", rss_mb, GOAL_RSS_MB, verdict (rss_mb < GOAL_RSS_MB));
  printf ("30-day timeline:      %8.3f ms   median of %u, max %.3f ms; %.0f sessions, %.0f markers (goal < %.0f ms: %s)\n",
          query_ms, N_QUERIES, figure (figures, "timeline_max_ms"),
          figure (figures, "timeline_sessions"), figure (figures, "timeline_markers"),
          GOAL_QUERY_MS, verdict (query_ms < GOAL_QUERY_MS));
  printf ("  async, other thread: %7.3f ms   (worker + reply on the caller's context)\n", figure (figures, "timeline_async_ms"));
  printf ("device statistics:    %8.3f ms\n", figure (figures, "stats_ms"));
  printf ("append:               %8.3f µs/record (%u records, in memory, queued)\n", figure (figures, "append_us"), N_APPENDS);
  printf ("write + fsync batch:  %8.1f ms   (those %u records)\n", figure (figures, "flush_ms"), N_APPENDS);
  fflush (stdout);

  g_unlink (path);
  {
    g_autofree char *lock = g_build_filename (dir, "history.lock", NULL);

    g_unlink (lock);
  }
  g_rmdir (dir);
  g_rmdir (tmp);

  met = load_s < GOAL_LOAD_S && rss_mb < GOAL_RSS_MB && query_ms < GOAL_QUERY_MS;
  if (!met && g_strcmp0 (g_getenv ("TETHER_BENCH_STRICT"), "1") == 0)
    return 1;

  return 0;
}
