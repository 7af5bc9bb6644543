/* test-history-clear.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clearing the history (Preferences → History → Clear History…): the file
 * and the statistics lose every record and keep what holds now, from the
 * owner's thread and from another one, after a load in flight, and when
 * the file cannot be written.
 */

#include "config.h"

#include "history-test-util.h"

#define DEV_C "CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC"

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
  GThread  *thread;
} Cleared;

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Cleared *c = user_data;

  c->ok = tether_history_clear_finish (TETHER_HISTORY (object), result, &c->error);
  c->thread = g_thread_self ();
  g_atomic_int_set (&c->done, TRUE);
}

static gboolean
is_cleared (gpointer data)
{
  return g_atomic_int_get (&((Cleared *) data)->done);
}

static gboolean
clear_and_wait (TetherHistory  *history,
                GError        **error)
{
  Cleared c = { 0 };

  tether_history_clear_async (history, NULL, clear_cb, &c);
  g_assert_true (wait_for (is_cleared, &c, "the clear"));
  if (c.error != NULL)
    g_propagate_error (error, c.error);

  return c.ok;
}

/* A history with a past: a network, a Syncthing, a device with closed
 * sessions and a latency, one connected now, one paused. */
static void
record_past (TetherHistory *history,
             gint64         now)
{
  TetherStConnection conn = {
    .address = (char *) "192.0.2.7:22000",
    .type = (char *) "tcp-client",
    .is_local = TRUE,
  };

  tether_history_record_network (history, HOME, "Home", "wifi", FALSE);
  tether_history_observe_syncthing (history, 1000);
  for (guint i = 0; i < 3; i++)
    append_session (history, DEV_A, now - (600 - 100 * i) * G_USEC_PER_SEC,
                    now - (550 - 100 * i) * G_USEC_PER_SEC);
  tether_history_record_reconnected (history, DEV_A, 250, TRUE, "resume");
  tether_history_record_prewarm (history, DEV_A, "resume");
  tether_history_observe_device (history, DEV_B, "beta", FALSE, &conn);
  tether_history_observe_device (history, DEV_C, "gamma", TRUE, NULL);
}

/* What a cleared history knows: the present, and what followed. */
static void
assert_present (TetherHistory *history,
                gint64         cleared_after)
{
  g_autoptr(TetherDeviceStats) a = tether_history_get_stats (history, DEV_A, NULL);
  g_autoptr(TetherHistoryTimeline) b = NULL;
  TetherSession *s;
  TetherPatterns *p;

  /* A: known, its past gone. */
  g_assert_nonnull (a);
  g_assert_cmpuint (a->n_sessions, ==, 0);
  g_assert_cmpint (a->median_reconnect_prewarm_ms, ==, -1);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 0);

  /* B: still connected, from the clear on, with its details. */
  b = tether_history_get_timeline (history, DEV_B, G_MININT64, G_MAXINT64);
  g_assert_cmpuint (b->sessions->len, ==, 1);
  s = g_ptr_array_index (b->sessions, 0);
  g_assert_cmpint (s->end_us, ==, 0);
  g_assert_cmpint (s->start_us, >=, cleared_after);
  g_assert_cmpstr (s->address, ==, "192.0.2.7:22000");
  g_assert_cmpstr (s->network_uuid, ==, HOME);
  g_assert_true (s->is_local);

  p = tether_history_lock_patterns (history);
  g_assert_cmpint (tether_patterns_get_syncthing_start (p), ==, 1000);
  g_assert_cmpstr (tether_patterns_get_current_network (p), ==, HOME);
  g_assert_cmpstr (tether_patterns_get_network_name (p, HOME), ==, "Home");
  g_assert_cmpstr (tether_patterns_get_device_name (p, DEV_B), ==, "beta");
  g_assert_true (tether_patterns_get_device_flags (p, DEV_B) & TETHER_PATTERNS_DEVICE_OBSERVED);
  g_assert_true (tether_patterns_get_device_flags (p, DEV_C) & TETHER_PATTERNS_DEVICE_PAUSED);
  tether_history_unlock_patterns (history);
}

static void
test_clear (Fixture       *fixture,
            gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autofree char *path = g_strdup (tether_history_get_path (history));
  g_autofree char *contents = NULL;
  TetherHistoryScanReport report;
  gint64 now = g_get_real_time ();
  guint64 size;
  Cleared c = { 0 };

  record_past (history, now);
  g_assert_true (tether_history_flush (history, NULL));
  size = file_size (path);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 3);

  tether_history_clear_async (history, NULL, clear_cb, &c);
  /* Recorded after the call: kept. */
  append_session (history, DEV_A, g_get_real_time (), g_get_real_time () + 1);
  g_assert_true (wait_for (is_cleared, &c, "the clear"));
  g_assert_no_error (c.error);
  g_assert_true (c.ok);
  g_assert_false (tether_history_get_degraded (history));

  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 1);
  g_assert_true (tether_history_flush (history, NULL));
  g_assert_cmpuint (file_size (path), <, size);
  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents, "#tether-history\t1\n"));
  /* The old sessions' latency and pre-warm are gone from the file. */
  g_assert_null (strstr (contents, "resume"));
  close_and_free (history);

  /* Durably: a restart finds the present and what followed, no more. */
  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  g_assert_cmpuint (report.n_corrupt, ==, 0);
  /* X, N, D (A), C (B), P (C); then A's session: C, D. */
  g_assert_cmpuint (report.n_events, ==, 7);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 1);
  close_and_free (history);
}

static void
test_clear_keeps_present (Fixture       *fixture,
                          gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  gint64 now = g_get_real_time ();
  g_autoptr(GError) error = NULL;

  record_past (history, now);
  g_assert_true (clear_and_wait (history, &error));
  g_assert_no_error (error);
  assert_present (history, now);
  close_and_free (history);

  history = open_history (fixture->state);
  assert_present (history, now);
  close_and_free (history);
}

typedef struct {
  TetherHistory *history;
  Cleared        cleared;
  GMainContext  *context;
} ClearThread;

static gpointer
clear_thread_func (gpointer data)
{
  ClearThread *t = data;

  t->context = g_main_context_new ();
  g_main_context_push_thread_default (t->context);
  tether_history_clear_async (t->history, NULL, clear_cb, &t->cleared);
  while (!g_atomic_int_get (&t->cleared.done))
    g_main_context_iteration (t->context, TRUE);
  g_main_context_pop_thread_default (t->context);
  g_main_context_unref (t->context);

  return NULL;
}

/* The UI asks from its own thread; the answer comes back there. */
static void
test_clear_other_thread (Fixture       *fixture,
                         gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  ClearThread t = { .history = history };
  GThread *thread;

  record_past (history, g_get_real_time ());
  thread = g_thread_new ("ui", clear_thread_func, &t);
  /* The clear runs on the history's (this) context. */
  g_assert_true (wait_for (is_cleared, &t.cleared, "the clear"));
  g_thread_join (thread);

  g_assert_true (t.cleared.thread == thread);
  g_assert_no_error (t.cleared.error);
  g_assert_true (t.cleared.ok);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 0);
  close_and_free (history);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  tether_history_load_finish (TETHER_HISTORY (object), result, NULL);
}

/* Asked while the file is being read: the clear waits, then clears what
 * was read. */
static void
test_clear_while_loading (Fixture       *fixture,
                          gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autoptr(GError) error = NULL;

  record_past (history, g_get_real_time ());
  close_and_free (history);

  history = tether_history_new (fixture->state, FALSE);
  tether_history_load_async (history, NULL, load_cb, NULL);
  g_assert_true (clear_and_wait (history, &error));
  g_assert_no_error (error);
  g_assert_true (tether_history_get_loaded (history));
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 0);
  close_and_free (history);

  history = open_history (fixture->state);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 0);
  close_and_free (history);
}

static void
test_clear_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  TetherHistory *history = tether_history_new (fixture->state, FALSE);
  TetherHistory *reader = NULL;
  g_autoptr(GError) error = NULL;

  /* Not loaded: its past is not known yet. */
  g_assert_false (clear_and_wait (history, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_true (tether_history_load (history, NULL));
  record_past (history, g_get_real_time ());
  g_assert_true (tether_history_flush (history, NULL));

  /* `tether stats` never writes. */
  reader = tether_history_new (fixture->state, TRUE);
  g_assert_true (tether_history_load (reader, NULL));
  g_assert_false (clear_and_wait (reader, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpuint (n_sessions (reader, DEV_A), ==, 3);
  close_and_free (reader);

  /* Closed: nothing changes any more. */
  tether_history_close (history);
  g_assert_false (clear_and_wait (history, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  close_and_free (history);
}

/* Another Tether records into the file: this one clears its memory and
 * says it left the file alone. */
static void
test_clear_locked (Fixture       *fixture,
                   gconstpointer  data)
{
  TetherHistory *first = open_history (fixture->state);
  TetherHistory *second = NULL;
  g_autofree char *path = g_strdup (tether_history_get_path (first));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint64 size;

  record_past (first, g_get_real_time ());
  g_assert_true (tether_history_flush (first, NULL));
  size = file_size (path);

  second = open_history (fixture->state);
  g_assert_true (tether_history_get_degraded (second));
  g_assert_cmpuint (n_sessions (second, DEV_A), ==, 3);
  g_assert_false (clear_and_wait (second, &error));
  g_assert_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (n_sessions (second, DEV_A), ==, 0);
  /* The reason stays the one that says why. */
  message = tether_history_dup_degraded_message (second);
  g_assert_nonnull (strstr (message, "Another Tether"));
  g_assert_cmpuint (file_size (path), ==, size);
  close_and_free (second);

  g_assert_cmpuint (n_sessions (first, DEV_A), ==, 3);
  close_and_free (first);
}

/* Nowhere to write (its parent is a file; chmod does not stop root):
 * nothing was ever saved, so clearing memory is all there is to do. */
static void
test_clear_nowhere (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "file", NULL);
  g_autofree char *below = g_build_filename (file, "tether", NULL);
  TetherHistory *history;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  history = tether_history_new (below, FALSE);
  g_assert_true (tether_history_load (history, NULL));
  g_assert_true (tether_history_get_degraded (history));
  record_past (history, g_get_real_time ());

  g_assert_true (clear_and_wait (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 0);
  g_assert_true (tether_history_get_degraded (history));
  close_and_free (history);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tether/history-clear/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("clear", test_clear);
  ADD ("keeps-present", test_clear_keeps_present);
  ADD ("other-thread", test_clear_other_thread);
  ADD ("while-loading", test_clear_while_loading);
  ADD ("refused", test_clear_refused);
  ADD ("locked", test_clear_locked);
  ADD ("nowhere", test_clear_nowhere);

#undef ADD

  return g_test_run ();
}
