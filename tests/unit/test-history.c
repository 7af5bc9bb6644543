/* test-history.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TetherHistory on real files in temporary directories: the object,
 * durability, compaction, queries from another thread, and what it
 * records from Syncthing's state. Damage and failures are in
 * test-history-failures.c.
 */

#include "config.h"

#include "history-test-util.h"

/* ------------------------------------------------------------ basics */

static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  TetherHistory *history = tether_history_new (fixture->state, FALSE);
  TetherHistoryScanReport report;

  g_assert_cmpstr (tether_history_get_directory (history), ==, fixture->state);
  g_assert_true (g_str_has_suffix (tether_history_get_path (history), "/tether/history"));
  g_assert_false (tether_history_get_read_only (history));
  g_assert_false (tether_history_get_loaded (history));
  g_assert_false (tether_history_get_load_report (history, &report));
  g_assert_false (tether_history_get_degraded (history));
  g_assert_cmpuint (tether_history_get_retention_days (history), ==, 90);

  g_assert_true (tether_history_load (history, NULL));
  g_assert_true (tether_history_get_loaded (history));
  /* A new file starts with its header, durably. */
  g_assert_true (g_file_test (tether_history_get_path (history), G_FILE_TEST_IS_REGULAR));
  close_and_free (history);
}

static void
test_retention_property (Fixture       *fixture,
                         gconstpointer  data)
{
  TetherHistory *history = tether_history_new (fixture->state, TRUE);
  guint count = 0;
  guint days = 0;

  g_signal_connect (history, "notify::retention-days", G_CALLBACK (notify_cb), &count);
  g_object_set (history, "retention-days", 30, NULL);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (history, "retention-days", 30, NULL);
  g_assert_cmpuint (count, ==, 1);
  tether_history_set_retention_days (history, 31);
  g_assert_cmpuint (count, ==, 2);
  g_object_get (history, "retention-days", &days, NULL);
  g_assert_cmpuint (days, ==, 31);

  g_assert_finalize_object (history);
}

static void
test_follow_settings (Fixture       *fixture,
                      gconstpointer  data)
{
  TetherHistory *history = tether_history_new (fixture->state, TRUE);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint count = 0;

  /* The tests' environment has the schema and a memory backend. */
  g_settings_set_uint (settings, "history-retention-days", 45);
  tether_history_follow_settings (history);
  g_assert_cmpuint (tether_history_get_retention_days (history), ==, 45);
  g_signal_connect (history, "notify::retention-days", G_CALLBACK (notify_cb), &count);
  g_settings_set_uint (settings, "history-retention-days", 14);
  g_assert_cmpuint (tether_history_get_retention_days (history), ==, 14);
  g_assert_cmpuint (count, ==, 1);

  /* Closed: no longer follows. */
  tether_history_close (history);
  g_settings_set_uint (settings, "history-retention-days", 20);
  g_assert_cmpuint (tether_history_get_retention_days (history), ==, 14);
  g_settings_reset (settings, "history-retention-days");
  g_assert_finalize_object (history);
}

static void
test_default_directory (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *old = g_strdup (g_getenv ("XDG_STATE_HOME"));
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  /* Read each time, not cached as g_get_user_state_dir() is. */
  g_setenv ("XDG_STATE_HOME", "/one", TRUE);
  first = tether_history_default_directory ();
  g_setenv ("XDG_STATE_HOME", "/two", TRUE);
  second = tether_history_default_directory ();
  g_assert_cmpstr (first, ==, "/one/tether");
  g_assert_cmpstr (second, ==, "/two/tether");

  if (old != NULL)
    g_setenv ("XDG_STATE_HOME", old, TRUE);
  else
    g_unsetenv ("XDG_STATE_HOME");
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  TetherHistory *history = tether_history_new (fixture->state, TRUE);

  /* `tether stats` on a machine without history: empty, nothing created. */
  g_assert_true (tether_history_load (history, NULL));
  g_assert_false (g_file_test (fixture->state, G_FILE_TEST_EXISTS));
  g_assert_false (tether_history_get_degraded (history));
  close_and_free (history);
}

/* ------------------------------------------------------------ durability */

static void
test_append_reload (Fixture       *fixture,
                    gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autoptr(TetherDeviceStats) before = NULL;
  g_autoptr(TetherDeviceStats) after = NULL;
  g_autofree char *contents = NULL;
  gint64 now = g_get_real_time ();
  TetherHistoryScanReport report;
  TetherHistoryEvent home = {
    .time_us = now - 30 * 60 * G_USEC_PER_SEC,
    .kind = TETHER_HISTORY_EVENT_NETWORK_CHANGED,
    .network_uuid = HOME,
    .name = "Home",
  };
  TetherPatterns *p;

  tether_history_append (history, &home);
  for (guint i = 0; i < 10; i++)
    append_session (history, DEV_A, now - (20 - 2 * i) * 60 * G_USEC_PER_SEC,
                    now - (19 - 2 * i) * 60 * G_USEC_PER_SEC);
  tether_history_record_reconnected (history, DEV_A, 250, TRUE, "resume");
  g_assert_true (tether_history_flush (history, NULL));
  p = tether_history_lock_patterns (history);
  before = tether_patterns_get_stats (p, DEV_A, HOME, now);
  tether_history_unlock_patterns (history);
  close_and_free (history);

  {
    g_autofree char *path = g_build_filename (fixture->state, "history", NULL);

    contents = read_file (path);
  }
  g_assert_true (g_str_has_prefix (contents, "#tether-history\t1\n"));

  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  /* Network, 20 session records, latency (and nothing else: no timers ran). */
  g_assert_cmpuint (report.n_events, ==, 22);
  g_assert_cmpuint (report.n_corrupt, ==, 0);
  g_assert_cmpuint (report.torn_bytes, ==, 0);
  p = tether_history_lock_patterns (history);
  after = tether_patterns_get_stats (p, DEV_A, HOME, now);
  tether_history_unlock_patterns (history);
  /* The model rebuilt from the file is the one built as it was written. */
  g_assert_cmpuint (after->n_sessions, ==, 10);
  g_assert_cmpuint (after->n_sessions, ==, before->n_sessions);
  g_assert_cmpint (after->median_session_s, ==, 60);
  g_assert_cmpint (after->median_reconnect_prewarm_ms, ==, 250);
  g_assert_cmpint (after->last_seen_us, ==, before->last_seen_us);
  g_assert_cmpfloat (after->uptime_24h, ==, before->uptime_24h);
  g_assert_cmpmem (after->availability, sizeof after->availability,
                   before->availability, sizeof before->availability);
  close_and_free (history);
}

static gboolean
file_has_records (gpointer data)
{
  g_autofree char *contents = NULL;

  g_file_get_contents (data, &contents, NULL, NULL);
  return contents != NULL && strstr (contents, "\tC\t") != NULL;
}

static void
test_flush_timer (Fixture       *fixture,
                  gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autofree char *path = g_strdup (tether_history_get_path (history));
  gint64 now = g_get_real_time ();

  /* No explicit flush: the batch timer writes it. */
  append_session (history, DEV_A, now - G_USEC_PER_SEC, now);
  g_assert_true (wait_for (file_has_records, path, "the batch to be written"));
  close_and_free (history);
}

/* ------------------------------------------------------------ compaction */

static void
compact_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  if (!tether_history_compact_finish (TETHER_HISTORY (object), result, error) && *error == NULL)
    g_assert_not_reached ();
  g_object_set_data (object, "compacted", GINT_TO_POINTER (1));
}

static gboolean
compacted (gpointer data)
{
  return g_object_get_data (data, "compacted") != NULL;
}

static void
test_compaction (Fixture       *fixture,
                 gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autofree char *path = g_strdup (tether_history_get_path (history));
  g_autoptr(TetherHistoryTimeline) before = NULL;
  g_autoptr(TetherHistoryTimeline) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 now = g_get_real_time ();
  gint64 cutoff = now - 90 * DAY_US;
  TetherHistoryEvent open_c = {
    .time_us = now - 100 * DAY_US,
    .kind = TETHER_HISTORY_EVENT_CONNECTED,
    .device_id = DEV_B,
    .type = "tcp-client",
  };
  TetherHistoryEvent home = {
    .time_us = now - 121 * DAY_US,
    .kind = TETHER_HISTORY_EVENT_NETWORK_CHANGED,
    .network_uuid = HOME,
    .name = "Home",
  };
  guint64 size_before;

  /* 120 days of A, one session a day at noon; B connected 100 days ago
   * and still is. */
  tether_history_append (history, &home);
  for (gint day = 120; day > 0; day--)
    {
      gint64 noon = now - day * DAY_US + DAY_US / 2;

      append_session (history, DEV_A, noon, noon + (gint64) 3600 * G_USEC_PER_SEC);
      if (day == 100)
        tether_history_append (history, &open_c);
    }
  g_assert_true (tether_history_flush (history, NULL));
  size_before = file_size (path);
  before = tether_history_get_timeline (history, DEV_A, cutoff, now);
  g_assert_cmpuint (before->sessions->len, ==, 90);

  tether_history_compact_async (history, NULL, compact_cb, &error);
  /* Recorded while compaction runs: kept. */
  append_session (history, DEV_A, now - 10 * G_USEC_PER_SEC, now - 5 * G_USEC_PER_SEC);
  g_assert_true (wait_for (compacted, history, "compaction"));
  g_assert_no_error (error);
  g_assert_true (tether_history_flush (history, NULL));
  close_and_free (history);

  g_assert_cmpuint (file_size (path), <, size_before);
  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents, "#tether-history\t1\n#compacted\t"));

  history = open_history (fixture->state);
  after = tether_history_get_timeline (history, DEV_A, cutoff, now);
  /* The last 90 days are all there, and the session added meanwhile. */
  g_assert_cmpuint (after->sessions->len, ==, 91);
  for (guint i = 0; i < before->sessions->len; i++)
    {
      TetherSession *a = g_ptr_array_index (before->sessions, i);
      TetherSession *b = g_ptr_array_index (after->sessions, i);

      g_assert_cmpint (a->start_us, ==, b->start_us);
      g_assert_cmpint (a->end_us, ==, b->end_us);
    }
  /* Older ones are gone... */
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 91);
  /* ...but B's session, open since before the cutoff, is still open, and
   * the network is still known. */
  {
    g_autoptr(TetherHistoryTimeline) b = tether_history_get_timeline (history, DEV_B, G_MININT64, G_MAXINT64);
    TetherPatterns *p;

    g_assert_cmpuint (b->sessions->len, ==, 1);
    g_assert_cmpint (((TetherSession *) g_ptr_array_index (b->sessions, 0))->start_us, ==, open_c.time_us);
    g_assert_cmpint (((TetherSession *) g_ptr_array_index (b->sessions, 0))->end_us, ==, 0);
    p = tether_history_lock_patterns (history);
    g_assert_cmpstr (tether_patterns_get_network_name (p, HOME), ==, "Home");
    tether_history_unlock_patterns (history);
  }
  close_and_free (history);
}

static gboolean
file_compacted (gpointer data)
{
  g_autofree char *contents = NULL;

  g_file_get_contents (data, &contents, NULL, NULL);
  return contents != NULL && g_str_has_prefix (contents, "#tether-history\t1\n#compacted\t");
}

static void
test_compaction_when_due (Fixture       *fixture,
                          gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autofree char *path = g_strdup (tether_history_get_path (history));
  gint64 now = g_get_real_time ();

  /* A history that has grown past the retention (and its slack)... */
  tether_history_set_retention_days (history, 30);
  for (gint day = 60; day > 0; day--)
    append_session (history, DEV_A, now - day * DAY_US, now - day * DAY_US + 60 * G_USEC_PER_SEC);
  close_and_free (history);
  g_assert_false (file_compacted (path));

  /* ...is compacted at the next start, in the background. */
  history = tether_history_new (fixture->state, FALSE);
  tether_history_set_retention_days (history, 30);
  g_assert_true (tether_history_load (history, NULL));
  g_assert_true (wait_for (file_compacted, path, "compaction at start"));
  close_and_free (history);

  history = open_history (fixture->state);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 30);
  close_and_free (history);
}

/* ------------------------------------------------------------ threads */

typedef struct {
  TetherHistory     *history;
  GMainContext      *context;
  GThread           *thread;          /* where the callbacks ran */
  TetherHistoryTimeline    *timeline;
  TetherDeviceStats *stats;
  GError            *missing;
  guint              pending;
} QueryThread;

static void
timeline_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  QueryThread *q = user_data;

  g_assert_true (g_main_context_is_owner (q->context));
  q->thread = g_thread_self ();
  q->timeline = tether_history_query_timeline_finish (TETHER_HISTORY (object), result, NULL);
  q->pending--;
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  QueryThread *q = user_data;

  q->stats = tether_history_query_stats_finish (TETHER_HISTORY (object), result, NULL);
  q->pending--;
}

static void
missing_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  QueryThread *q = user_data;

  g_assert_null (tether_history_query_stats_finish (TETHER_HISTORY (object), result, &q->missing));
  q->pending--;
}

static gpointer
query_thread_func (gpointer data)
{
  QueryThread *q = data;

  q->context = g_main_context_new ();
  g_main_context_push_thread_default (q->context);

  q->pending = 3;
  tether_history_query_timeline_async (q->history, DEV_A, G_MININT64, G_MAXINT64, NULL, timeline_cb, q);
  tether_history_query_stats_async (q->history, DEV_A, NULL, NULL, stats_cb, q);
  tether_history_query_stats_async (q->history, "nobody", NULL, NULL, missing_cb, q);
  while (q->pending > 0)
    g_main_context_iteration (q->context, TRUE);

  g_main_context_pop_thread_default (q->context);
  g_main_context_unref (q->context);

  return NULL;
}

static void
test_query_other_thread (Fixture       *fixture,
                         gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  QueryThread q = { .history = history };
  GThread *thread;
  gint64 now = g_get_real_time ();

  append_session (history, DEV_A, now - 100 * G_USEC_PER_SEC, now - 50 * G_USEC_PER_SEC);

  /* The UI's thread asks; the answer comes back on the UI's context. */
  thread = g_thread_new ("ui", query_thread_func, &q);
  g_thread_join (thread);

  g_assert_true (q.thread == thread);
  g_assert_nonnull (q.timeline);
  g_assert_cmpuint (q.timeline->sessions->len, ==, 1);
  g_assert_nonnull (q.stats);
  g_assert_cmpuint (q.stats->n_sessions, ==, 1);
  g_assert_error (q.missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_clear_pointer (&q.timeline, tether_history_timeline_free);
  g_clear_pointer (&q.stats, tether_device_stats_free);
  g_clear_error (&q.missing);
  close_and_free (history);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_assert_true (tether_history_load_finish (TETHER_HISTORY (object), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_load_async (Fixture       *fixture,
                 gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  gint64 now = g_get_real_time ();
  gboolean done = FALSE;
  g_autoptr(TetherHistoryTimeline) timeline = NULL;

  append_session (history, DEV_A, now - 100 * G_USEC_PER_SEC, now - 90 * G_USEC_PER_SEC);
  close_and_free (history);

  /* The engine loads in a worker and records meanwhile. */
  history = tether_history_new (fixture->state, FALSE);
  tether_history_load_async (history, NULL, load_cb, &done);
  append_session (history, DEV_A, now - 80 * G_USEC_PER_SEC, now - 70 * G_USEC_PER_SEC);
  g_assert_true (wait_for (is_true, &done, "the load"));

  /* What was recorded during the load follows what was loaded. */
  timeline = tether_history_get_timeline (history, DEV_A, G_MININT64, G_MAXINT64);
  g_assert_cmpuint (timeline->sessions->len, ==, 2);
  g_assert_cmpint (((TetherSession *) g_ptr_array_index (timeline->sessions, 1))->start_us, ==,
                   now - 80 * G_USEC_PER_SEC);
  close_and_free (history);

  history = open_history (fixture->state);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 2);
  close_and_free (history);
}

static void
test_observe_while_loading (Fixture       *fixture,
                            gconstpointer  data)
{
  TetherHistory *history = tether_history_new (fixture->state, FALSE);
  TetherStConnection conn = { .address = (char *) "127.0.0.1:22001", .type = (char *) "tcp-client" };
  TetherHistoryEvent gone = {
    .kind = TETHER_HISTORY_EVENT_DISCONNECTED,
    .device_id = DEV_B,
    .text = "EOF",
  };
  gboolean done = FALSE;
  TetherPatterns *p;

  /* The engine reads Syncthing's state before the history is read. */
  tether_history_load_async (history, NULL, load_cb, &done);
  tether_history_observe_syncthing (history, 1000);
  tether_history_observe_device (history, DEV_A, "alpha", FALSE, &conn);
  tether_history_observe_device (history, DEV_B, "beta", FALSE, &conn);
  /* ...and B's disconnection comes in, still before the load is done. */
  tether_history_append (history, &gone);
  g_assert_true (wait_for (is_true, &done, "the load"));

  /* All in the order it happened. */
  p = tether_history_lock_patterns (history);
  g_assert_cmpint (tether_patterns_get_syncthing_start (p), ==, 1000);
  g_assert_true (tether_patterns_is_connected (p, DEV_A));
  g_assert_false (tether_patterns_is_connected (p, DEV_B));
  tether_history_unlock_patterns (history);
  g_assert_cmpuint (n_sessions (history, DEV_B), ==, 1);
  close_and_free (history);
}

static void
test_close_while_loading (Fixture       *fixture,
                          gconstpointer  data)
{
  TetherHistory *history = tether_history_new (fixture->state, FALSE);

  /* A quick quit: close waits for the load rather than leaking it. */
  tether_history_load_async (history, NULL, NULL, NULL);
  close_and_free (history);
}

/* ------------------------------------------------------------ observing */

static void
test_record_helpers (Fixture       *fixture,
                     gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autoptr(TetherHistoryTimeline) timeline = NULL;
  g_autoptr(TetherDeviceStats) stats = NULL;
  g_autoptr(TetherPattern) pattern = NULL;
  TetherHistoryScanReport report;
  TetherPatterns *p;

  /* What the pool will record, through the one-call helpers. */
  tether_history_record_network (history, HOME, "Home", "wifi", TRUE);
  tether_history_record_prewarm (history, DEV_A, "network");
  tether_history_record_reconnected (history, DEV_A, 280, TRUE, "network");
  tether_history_record_reconnected (history, DEV_A, 41000, FALSE, NULL);
  tether_history_record_paused (history, DEV_A, TRUE, TRUE);
  tether_history_record_paused (history, DEV_A, FALSE, TRUE);
  tether_history_record_sleep (history);
  tether_history_record_wake (history);
  close_and_free (history);

  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  g_assert_cmpuint (report.n_events, ==, 8);

  p = tether_history_lock_patterns (history);
  g_assert_cmpstr (tether_patterns_get_network_name (p, HOME), ==, "Home");
  g_assert_cmpstr (tether_patterns_get_current_network (p), ==, HOME);
  g_assert_cmpuint (tether_patterns_get_device_flags (p, DEV_A), ==, TETHER_PATTERNS_DEVICE_KNOWN);
  tether_history_unlock_patterns (history);

  stats = tether_history_get_stats (history, DEV_A, HOME);
  g_assert_cmpint (stats->median_reconnect_prewarm_ms, ==, 280);
  g_assert_cmpint (stats->median_reconnect_alone_ms, ==, 41000);
  pattern = tether_history_get_pattern (history, DEV_A, HOME);
  g_assert_cmpint (pattern->median_reconnect_prewarm_ms, ==, 280);

  /* The network change, the pre-warm, sleep and wake on A's timeline. */
  timeline = tether_history_get_timeline (history, DEV_A, G_MININT64, G_MAXINT64);
  g_assert_cmpuint (timeline->markers->len, ==, 4);
  g_assert_cmpint (((TetherMarker *) g_ptr_array_index (timeline->markers, 1))->kind, ==, TETHER_MARKER_PREWARM);
  g_assert_cmpstr (((TetherMarker *) g_ptr_array_index (timeline->markers, 1))->label, ==, "network");
  close_and_free (history);
}

static void
test_observe (Fixture       *fixture,
              gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  TetherStConnection conn = {
    .address = (char *) "127.0.0.1:22001",
    .type = (char *) "tcp-client",
    .crypto = (char *) "TLS1.3-TLS_AES_128_GCM_SHA256",
    .is_local = TRUE,
  };
  TetherHistoryScanReport report;
  TetherPatterns *p;

  /* A state read after each event: only news is recorded. */
  tether_history_observe_syncthing (history, 1000);
  tether_history_observe_syncthing (history, 1000);
  tether_history_observe_device (history, DEV_A, "alpha", FALSE, NULL);
  tether_history_observe_device (history, DEV_A, "alpha", FALSE, NULL);
  tether_history_observe_device (history, DEV_A, "alpha", FALSE, &conn);
  tether_history_observe_device (history, DEV_A, "alpha", FALSE, &conn);
  tether_history_observe_device (history, DEV_B, "beta", TRUE, NULL);
  tether_history_observe_device (history, DEV_B, "beta", TRUE, NULL);
  tether_history_observe_device (history, DEV_A, "alpha", FALSE, NULL);
  tether_history_observe_syncthing (history, 2000);
  close_and_free (history);

  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  /* X, D (A known), C (A found connected), P (B paused), D (A gone),
   * X (a new Syncthing). */
  g_assert_cmpuint (report.n_events, ==, 6);
  p = tether_history_lock_patterns (history);
  g_assert_cmpstr (tether_patterns_get_device_name (p, DEV_A), ==, "alpha");
  g_assert_cmpstr (tether_patterns_get_device_name (p, DEV_B), ==, "beta");
  g_assert_cmpint (tether_patterns_get_syncthing_start (p), ==, 2000);
  g_assert_cmpuint (tether_patterns_get_device_flags (p, DEV_B), ==,
                    TETHER_PATTERNS_DEVICE_KNOWN | TETHER_PATTERNS_DEVICE_PAUSED);
  tether_history_unlock_patterns (history);
  {
    g_autoptr(TetherHistoryTimeline) timeline = tether_history_get_timeline (history, DEV_A, G_MININT64, G_MAXINT64);
    TetherSession *s;

    g_assert_cmpuint (timeline->sessions->len, ==, 1);
    s = g_ptr_array_index (timeline->sessions, 0);
    g_assert_true (s->is_local);
    g_assert_cmpstr (s->address, ==, "127.0.0.1:22001");
    g_assert_cmpint (s->end_us, !=, 0);
  }
  close_and_free (history);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tether/history/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("new-destroy", test_new_destroy);
  ADD ("retention-property", test_retention_property);
  ADD ("follow-settings", test_follow_settings);
  ADD ("default-directory", test_default_directory);
  ADD ("read-only", test_read_only);
  ADD ("append-reload", test_append_reload);
  ADD ("flush-timer", test_flush_timer);
  ADD ("compaction", test_compaction);
  ADD ("compaction-when-due", test_compaction_when_due);
  ADD ("query-other-thread", test_query_other_thread);
  ADD ("load-async", test_load_async);
  ADD ("observe-while-loading", test_observe_while_loading);
  ADD ("close-while-loading", test_close_while_loading);
  ADD ("record-helpers", test_record_helpers);
  ADD ("observe", test_observe);

#undef ADD

  return g_test_run ();
}
