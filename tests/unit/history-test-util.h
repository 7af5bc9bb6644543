/* history-test-util.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What test-history.c and test-history-failures.c share: a fresh
 * temporary directory per test, waiting on the main context, and a few
 * records.
 */

#pragma once

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
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

static G_GNUC_UNUSED void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tether-history-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->state = g_build_filename (fixture->dir, "tether", NULL);
}

static G_GNUC_UNUSED void
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

static G_GNUC_UNUSED void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->state);
}

static G_GNUC_UNUSED gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static G_GNUC_UNUSED gboolean
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

static G_GNUC_UNUSED TetherHistory *
open_history (const char *dir)
{
  TetherHistory *history = tether_history_new (dir, FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (tether_history_load (history, &error));
  g_assert_no_error (error);
  return history;
}

static G_GNUC_UNUSED void
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

static G_GNUC_UNUSED void
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

static G_GNUC_UNUSED char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static G_GNUC_UNUSED guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

static G_GNUC_UNUSED guint
n_sessions (TetherHistory *history,
            const char    *device_id)
{
  g_autoptr(TetherHistoryTimeline) timeline = tether_history_get_timeline (history, device_id,
                                                                    G_MININT64, G_MAXINT64);

  return timeline->sessions->len;
}

static G_GNUC_UNUSED void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}
