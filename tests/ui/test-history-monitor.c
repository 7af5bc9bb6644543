/* test-history-monitor.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history as the UI thread sees it: a real engine (with no Syncthing
 * to talk to: its history is there all the same) records in a temporary
 * $XDG_STATE_HOME, and the monitor carries its state over from the
 * engine's thread: loaded, degraded and why, cleared.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tether-history-monitor.h"

#define WAIT_S 60

typedef struct {
  char *dir;        /* owned: the temporary $XDG_STATE_HOME */
  char *saved;      /* owned, nullable: the one before */
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

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
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tether-monitor-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->saved = g_strdup (g_getenv ("XDG_STATE_HOME"));
  g_setenv ("XDG_STATE_HOME", fixture->dir, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->saved != NULL)
    g_setenv ("XDG_STATE_HOME", fixture->saved, TRUE);
  else
    g_unsetenv ("XDG_STATE_HOME");
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->saved);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition  cond,
          gpointer   data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return !timed_out;
}

static void
changed_cb (gpointer  instance,
            guint    *count)
{
  (*count)++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static gboolean
is_loaded (gpointer data)
{
  return tether_history_monitor_get_loaded (data);
}

static gboolean
is_degraded (gpointer data)
{
  return tether_history_monitor_get_degraded (data);
}

static void
test_new_destroy (void)
{
  TetherHistoryMonitor *monitor = tether_history_monitor_new (NULL);
  gint64 now = g_get_real_time ();

  g_assert_null (tether_history_monitor_get_engine (monitor));
  g_assert_null (tether_history_monitor_get_history (monitor));
  g_assert_false (tether_history_monitor_get_loaded (monitor));
  g_assert_false (tether_history_monitor_get_degraded (monitor));
  g_assert_null (tether_history_monitor_get_degraded_message (monitor));
  /* Without a history nothing is known, from now on. */
  g_assert_cmpint (tether_history_monitor_get_since (monitor, now), ==, now);

  g_assert_finalize_object (monitor);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = tether_history_monitor_clear_finish (TETHER_HISTORY_MONITOR (object), result, &r->error);
  r->done = TRUE;
}

static void
activity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GVariant **values = user_data;
  g_autofree char *id = NULL;

  *values = tether_history_monitor_query_activity_finish (TETHER_HISTORY_MONITOR (object), result,
                                                          &id, NULL);
  g_assert_cmpstr (id, ==, "NOBODY");
}

static gboolean
is_done (gpointer data)
{
  return ((Result *) data)->done;
}

static gboolean
is_set (gpointer data)
{
  return *(GVariant **) data != NULL;
}

static void
test_follows_engine (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TetherEngine) engine = tether_engine_new ("http://127.0.0.1:9", "no-key");
  g_autoptr(TetherHistoryMonitor) monitor = tether_history_monitor_new (engine);
  g_autoptr(GVariant) activity = NULL;
  Result cleared = { 0 };
  guint changed = 0, loaded = 0;
  gint64 before;
  const double *v;
  gsize n;

  g_assert_null (tether_history_monitor_get_history (monitor));
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &changed);
  g_signal_connect (monitor, "notify::loaded", G_CALLBACK (notify_cb), &loaded);

  tether_engine_start (engine);
  /* The history is the engine's, loaded on its thread, known here. */
  g_assert_true (wait_for (is_loaded, monitor));
  g_assert_true (tether_history_monitor_get_history (monitor) == tether_engine_get_history (engine));
  g_assert_cmpuint (loaded, ==, 1);
  g_assert_cmpuint (changed, >=, 1);
  g_assert_false (tether_history_monitor_get_degraded (monitor));
  g_assert_cmpint (tether_history_monitor_get_since (monitor, g_get_real_time ()), <=, g_get_real_time ());

  /* A device it never met: all of its hours are zero or unknown. */
  tether_history_monitor_query_activity_async (monitor, "NOBODY", 24, g_get_real_time (), NULL,
                                               activity_cb, &activity);
  g_assert_true (wait_for (is_set, &activity));
  v = g_variant_get_fixed_array (activity, &n, sizeof (double));
  g_assert_cmpuint (n, ==, 24);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (v[i], <=, 0);

  /* Cleared: views are told, and the history begins again now. */
  changed = 0;
  before = g_get_real_time ();
  tether_history_monitor_clear_async (monitor, NULL, clear_cb, &cleared);
  g_assert_true (wait_for (is_done, &cleared));
  g_assert_no_error (cleared.error);
  g_assert_true (cleared.ok);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (tether_history_monitor_get_since (monitor, g_get_real_time ()), >=, before);

  tether_engine_stop (engine);
}

/* Its directory is a file (chmod does not stop root): the engine keeps
 * the history in memory, and the monitor says why, on this thread. */
static void
test_degraded (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (fixture->dir, "tether", NULL);
  g_autoptr(TetherEngine) engine = NULL;
  g_autoptr(TetherHistoryMonitor) monitor = NULL;
  Result cleared = { 0 };
  guint notified = 0;

  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  engine = tether_engine_new ("http://127.0.0.1:9", "no-key");
  monitor = tether_history_monitor_new (engine);
  g_signal_connect (monitor, "notify::degraded-message", G_CALLBACK (notify_cb), &notified);
  tether_engine_start (engine);

  g_assert_true (wait_for (is_degraded, monitor));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (strstr (tether_history_monitor_get_degraded_message (monitor),
                            "Cannot save the connection history"));
  g_test_message ("%s", tether_history_monitor_get_degraded_message (monitor));

  /* Nothing was saved: clearing memory is all there is to it. */
  tether_history_monitor_clear_async (monitor, NULL, clear_cb, &cleared);
  g_assert_true (wait_for (is_done, &cleared));
  g_assert_no_error (cleared.error);
  g_assert_true (tether_history_monitor_get_degraded (monitor));

  tether_engine_stop (engine);
}

static void
test_no_history (void)
{
  g_autoptr(TetherHistoryMonitor) monitor = tether_history_monitor_new (NULL);
  Result cleared = { 0 };

  tether_history_monitor_clear_async (monitor, NULL, clear_cb, &cleared);
  g_assert_true (wait_for (is_done, &cleared));
  g_assert_false (cleared.ok);
  g_assert_error (cleared.error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&cleared.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/history-monitor/new-destroy", test_new_destroy);
  g_test_add_func ("/tether/history-monitor/no-history", test_no_history);
  g_test_add ("/tether/history-monitor/follows-engine", Fixture, NULL,
              fixture_set_up, test_follows_engine, fixture_tear_down);
  g_test_add ("/tether/history-monitor/degraded", Fixture, NULL,
              fixture_set_up, test_degraded, fixture_tear_down);

  return g_test_run ();
}
