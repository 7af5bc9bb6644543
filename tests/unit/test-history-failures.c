/* test-history-failures.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TetherHistory when things go wrong: a torn last line, a damaged line, a
 * file from a newer Tether, a place it cannot write (tested in ways that
 * stop root too), another Tether holding the file, a full disk.
 */

#include "config.h"

#include <signal.h>
#include <sys/resource.h>

#include "history-test-util.h"

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
                   "(see /tether/history-failures/parent-is-a-file)");
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tether/history-failures/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("torn-last-line", test_torn_last_line);
  ADD ("corrupt-middle", test_corrupt_middle);
  ADD ("newer-version", test_newer_version);
  ADD ("parent-is-a-file", test_parent_is_a_file);
  ADD ("read-only-directory", test_read_only_directory);
  ADD ("unwritable-then-writable", test_unwritable_then_writable);
  ADD ("locked", test_locked);
  ADD ("full-disk", test_full_disk);

#undef ADD

  return g_test_run ();
}
