/* test-history.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TetherHistory on real files in temporary directories: durability,
 * damaged files, unwritable places, a full disk, compaction, and queries
 * from another thread.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tether-history.h"

#define WAIT_S 30
#define DEV_A  "AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA"
#define DEV_B  "BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB"
#define HOME   "11111111-1111-1111-1111-111111111111"
#define DAY_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)

typedef struct {
  char *dir;       /* a fresh temporary directory */
  char *state;     /* dir/tether */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tether-history-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->state = g_build_filename (fixture->dir, "tether", NULL);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_chmod (path, 0700);
  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_dir_close (dir);
  g_chmod (path, 0700);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->state);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition   cond,
          gpointer    data,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_test_message ("Timed out waiting for %s", what);
      return FALSE;
    }
  g_source_remove (id);
  return TRUE;
}

static TetherHistory *
open_history (const char *dir)
{
  TetherHistory *history = tether_history_new (dir, FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (tether_history_load (history, &error));
  g_assert_no_error (error);
  return history;
}

static void
close_and_free (TetherHistory *history)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  tether_history_close (history);
  /* A worker thread lets go of a finished GTask (and so of its source
   * object) a moment after the task's callback ran here. */
  while (g_atomic_int_get (&G_OBJECT (history)->ref_count) > 1 &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_thread_yield ();
    }
  g_assert_finalize_object (history);
}

static void
append_session (TetherHistory *history,
                const char    *device_id,
                gint64         start_us,
                gint64         end_us)
{
  TetherHistoryEvent c = {
    .time_us = start_us,
    .kind = TETHER_HISTORY_EVENT_CONNECTED,
    .device_id = device_id,
    .name = "beta",
    .type = "tcp-client",
    .address = "127.0.0.1:22001",
  };
  TetherHistoryEvent d = {
    .time_us = end_us,
    .kind = TETHER_HISTORY_EVENT_DISCONNECTED,
    .device_id = device_id,
    .text = "reading length: EOF",
  };

  tether_history_append (history, &c);
  tether_history_append (history, &d);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

static guint
n_sessions (TetherHistory *history,
            const char    *device_id)
{
  g_autoptr(TetherTimeline) timeline = tether_history_get_timeline (history, device_id,
                                                                    G_MININT64, G_MAXINT64);

  return timeline->sessions->len;
}

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
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
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

static void
test_torn_last_line (Fixture       *fixture,
                     gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autofree char *path = g_strdup (tether_history_get_path (history));
  gint64 now = g_get_real_time ();
  TetherHistoryScanReport report;
  guint64 good;
  int fd;

  append_session (history, DEV_A, now - 100 * G_USEC_PER_SEC, now - 50 * G_USEC_PER_SEC);
  close_and_free (history);
  good = file_size (path);

  /* Power went out in the middle of writing the next record. */
  fd = open (path, O_WRONLY | O_APPEND);
  g_assert_cmpint (write (fd, "1704067200000000\tC\t0\t", 21), ==, 21);
  close (fd);

  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  g_assert_cmpuint (report.torn_bytes, ==, 21);
  g_assert_cmpuint (report.n_corrupt, ==, 0);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 1);
  /* Cut off before appending, so that the next record starts clean. */
  g_assert_cmpuint (file_size (path), ==, good);
  append_session (history, DEV_A, now - 40 * G_USEC_PER_SEC, now - 30 * G_USEC_PER_SEC);
  close_and_free (history);

  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  g_assert_cmpuint (report.torn_bytes, ==, 0);
  g_assert_cmpuint (report.n_corrupt, ==, 0);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 2);
  close_and_free (history);
}

static void
test_corrupt_middle (Fixture       *fixture,
                     gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autofree char *path = g_strdup (tether_history_get_path (history));
  g_autofree char *contents = NULL;
  gint64 now = g_get_real_time ();
  TetherHistoryScanReport report;
  char *victim;

  for (guint i = 0; i < 5; i++)
    append_session (history, DEV_A, now - (100 - 10 * i) * G_USEC_PER_SEC,
                    now - (95 - 10 * i) * G_USEC_PER_SEC);
  close_and_free (history);

  /* One byte of the third session's disconnection goes bad. */
  contents = read_file (path);
  victim = strstr (contents, "\tD\t");
  victim = strstr (victim + 1, "\tD\t");
  victim = strstr (victim + 1, "\tD\t");
  victim[1] = 'X';
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));

  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  g_assert_cmpuint (report.n_corrupt, ==, 1);
  g_assert_cmpuint (report.first_corrupt_line, >, 1);
  g_assert_cmpuint (report.n_events, ==, 9);
  g_assert_false (tether_history_get_degraded (history));
  /* The rest loaded; the third session merged into the fourth, as with a
   * lost disconnection. */
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 4);
  close_and_free (history);
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->state, "history", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *after = NULL;
  TetherHistory *history;

  g_mkdir_with_parents (fixture->state, 0700);
  g_assert_true (g_file_set_contents (path, "#tether-history\t7\nwhatever\n", -1, NULL));

  history = tether_history_new (fixture->state, FALSE);
  g_assert_false (tether_history_load (history, &error));
  g_assert_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_VERSION);
  /* It runs in memory, and leaves the file alone. */
  g_assert_true (tether_history_get_degraded (history));
  message = tether_history_dup_degraded_message (history);
  g_assert_nonnull (strstr (message, "newer"));
  append_session (history, DEV_A, g_get_real_time () - 10, g_get_real_time ());
  g_assert_false (tether_history_flush (history, NULL));
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 1);
  close_and_free (history);

  after = read_file (path);
  g_assert_cmpstr (after, ==, "#tether-history\t7\nwhatever\n");
}

/* ------------------------------------------------------------ failures */

static void
assert_degraded_in_memory (TetherHistory *history)
{
  g_autofree char *message = tether_history_dup_degraded_message (history);
  gint64 now = g_get_real_time ();

  g_assert_true (tether_history_get_degraded (history));
  g_assert_nonnull (message);
  g_test_message ("degraded: %s", message);

  /* Still recording, in memory. */
  append_session (history, DEV_B, now - 10 * G_USEC_PER_SEC, now);
  g_assert_false (tether_history_flush (history, NULL));
  g_assert_cmpuint (n_sessions (history, DEV_B), ==, 1);
}

static void
test_parent_is_a_file (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "file", NULL);
  g_autofree char *below = g_build_filename (file, "tether", NULL);
  TetherHistory *history;
  guint notified = 0;

  /* Works as root too, unlike permissions. */
  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  history = tether_history_new (below, FALSE);
  g_signal_connect (history, "notify::degraded", G_CALLBACK (notify_cb), &notified);
  g_assert_true (tether_history_load (history, NULL));
  g_assert_cmpuint (notified, ==, 1);
  assert_degraded_in_memory (history);
  close_and_free (history);
}

static void
test_read_only_directory (Fixture       *fixture,
                          gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  gint64 now = g_get_real_time ();

  if (geteuid () == 0)
    {
      /* chmod does not stop root; parent-is-a-file covers this case. */
      close_and_free (history);
      g_test_skip ("running as root: permissions do not stop writes "
                   "(see /tether/history/parent-is-a-file)");
      return;
    }

  append_session (history, DEV_A, now - 100 * G_USEC_PER_SEC, now - 50 * G_USEC_PER_SEC);
  close_and_free (history);
  {
    g_autofree char *path = g_build_filename (fixture->state, "history", NULL);

    g_assert_cmpint (g_chmod (path, 0400), ==, 0);
    g_assert_cmpint (g_chmod (fixture->state, 0500), ==, 0);
  }

  /* What was written loads; what comes stays in memory. */
  history = open_history (fixture->state);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 1);
  assert_degraded_in_memory (history);
  close_and_free (history);
}

static void
test_unwritable_then_writable (Fixture       *fixture,
                               gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autofree char *lock = g_build_filename (fixture->state, "history.lock", NULL);
  gint64 now = g_get_real_time ();
  TetherHistoryScanReport report;

  append_session (history, DEV_A, now - 100 * G_USEC_PER_SEC, now - 90 * G_USEC_PER_SEC);
  close_and_free (history);

  /* Something in the way that stops root too: the lock is a directory. */
  g_assert_cmpint (g_unlink (lock), ==, 0);
  g_assert_cmpint (g_mkdir (lock, 0700), ==, 0);

  /* The past loads; what comes is kept in memory... */
  history = open_history (fixture->state);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 1);
  assert_degraded_in_memory (history);

  /* ...and written once the way is clear, after what the file holds. */
  g_assert_cmpint (g_rmdir (lock), ==, 0);
  g_assert_true (tether_history_flush (history, NULL));
  g_assert_false (tether_history_get_degraded (history));
  close_and_free (history);

  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  g_assert_cmpuint (report.n_corrupt, ==, 0);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 1);
  g_assert_cmpuint (n_sessions (history, DEV_B), ==, 1);
  close_and_free (history);
}

static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  TetherHistory *first = open_history (fixture->state);
  TetherHistory *second = open_history (fixture->state);
  g_autofree char *message = tether_history_dup_degraded_message (second);

  /* `tether --headless` next to the app: one writes, the other says so. */
  g_assert_false (tether_history_get_degraded (first));
  g_assert_nonnull (strstr (message, "Another Tether"));
  assert_degraded_in_memory (second);
  close_and_free (second);
  close_and_free (first);
}

static void
test_full_disk (Fixture       *fixture,
                gconstpointer  data)
{
  TetherHistory *history = open_history (fixture->state);
  g_autofree char *path = g_strdup (tether_history_get_path (history));
  struct rlimit old_limit, limit;
  TetherHistoryScanReport report;
  void (*old_handler) (int);
  gint64 now = g_get_real_time ();
  guint64 size;

  append_session (history, DEV_A, now - 1000 * G_USEC_PER_SEC, now - 900 * G_USEC_PER_SEC);
  g_assert_true (tether_history_flush (history, NULL));
  size = file_size (path);

  /* A file size limit fails writes like a full disk (EFBIG instead of
   * ENOSPC), for root too: room for a part of the next batch only. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  old_handler = signal (SIGXFSZ, SIG_IGN);
  limit = old_limit;
  limit.rlim_cur = size + 100;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  for (guint i = 0; i < 20; i++)
    append_session (history, DEV_A, now - (800 - 20 * i) * G_USEC_PER_SEC,
                    now - (790 - 20 * i) * G_USEC_PER_SEC);
  g_assert_false (tether_history_flush (history, NULL));
  g_assert_true (tether_history_get_degraded (history));
  /* No half record left behind. */
  g_assert_cmpuint (file_size (path), ==, size);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 21);

  /* Space again: what was kept in memory is written. */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);
  g_assert_true (tether_history_flush (history, NULL));
  g_assert_false (tether_history_get_degraded (history));
  close_and_free (history);

  history = open_history (fixture->state);
  g_assert_true (tether_history_get_load_report (history, &report));
  g_assert_cmpuint (report.n_corrupt, ==, 0);
  g_assert_cmpuint (n_sessions (history, DEV_A), ==, 21);
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
  g_autoptr(TetherTimeline) before = NULL;
  g_autoptr(TetherTimeline) after = NULL;
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
    g_autoptr(TetherTimeline) b = tether_history_get_timeline (history, DEV_B, G_MININT64, G_MAXINT64);
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
  TetherTimeline    *timeline;
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

  g_clear_pointer (&q.timeline, tether_timeline_free);
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
  g_autoptr(TetherTimeline) timeline = NULL;

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
    g_autoptr(TetherTimeline) timeline = tether_history_get_timeline (history, DEV_A, G_MININT64, G_MAXINT64);
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
  ADD ("torn-last-line", test_torn_last_line);
  ADD ("corrupt-middle", test_corrupt_middle);
  ADD ("newer-version", test_newer_version);
  ADD ("parent-is-a-file", test_parent_is_a_file);
  ADD ("read-only-directory", test_read_only_directory);
  ADD ("unwritable-then-writable", test_unwritable_then_writable);
  ADD ("locked", test_locked);
  ADD ("full-disk", test_full_disk);
  ADD ("compaction", test_compaction);
  ADD ("compaction-when-due", test_compaction_when_due);
  ADD ("query-other-thread", test_query_other_thread);
  ADD ("load-async", test_load_async);
  ADD ("observe-while-loading", test_observe_while_loading);
  ADD ("close-while-loading", test_close_while_loading);
  ADD ("observe", test_observe);

#undef ADD

  return g_test_run ();
}
