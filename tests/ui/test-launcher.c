/* test-launcher.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting and stopping a Syncthing, with a stand-in program: a real
 * `syncthing serve` here would use the default home and ports.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tether-syncthing-launcher.h"

typedef struct {
  char *dir;    /* owned */
  char *fake;   /* owned: a script that waits for SIGTERM */
  char *args;   /* owned: where the script writes its arguments */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;

  fixture->dir = g_dir_make_tmp ("tether-launcher-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->fake = g_build_filename (fixture->dir, "syncthing", NULL);
  fixture->args = g_build_filename (fixture->dir, "args", NULL);
  /* The arguments appear at once, whole. */
  script = g_strdup_printf ("#!/bin/sh\n"
                            "echo \"$@\" > '%s.tmp' && mv '%s.tmp' '%s'\n"
                            "exec sleep 600\n", fixture->args, fixture->args, fixture->args);
  g_file_set_contents (fixture->fake, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fixture->fake, 0755), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->args);
  g_unlink (fixture->fake);
  g_rmdir (fixture->dir);
  g_free (fixture->args);
  g_free (fixture->fake);
  g_free (fixture->dir);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  TetherSyncthingLauncher *launcher = tether_syncthing_launcher_new (fixture->fake);
  g_autofree char *binary = NULL;
  gboolean running = TRUE;

  g_assert_cmpstr (tether_syncthing_launcher_get_binary (launcher), ==, fixture->fake);
  g_assert_true (tether_syncthing_launcher_get_available (launcher));
  g_assert_false (tether_syncthing_launcher_get_running (launcher));
  g_object_get (launcher, "binary", &binary, "running", &running, NULL);
  g_assert_cmpstr (binary, ==, fixture->fake);
  g_assert_false (running);
  /* Nothing started: nothing to stop. */
  tether_syncthing_launcher_stop (launcher, 1000);

  g_assert_finalize_object (launcher);
}

static void
test_path_lookup (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  TetherSyncthingLauncher *launcher;
  g_autoptr(GError) error = NULL;

  g_setenv ("PATH", fixture->dir, TRUE);
  launcher = tether_syncthing_launcher_new (NULL);
  g_assert_cmpstr (tether_syncthing_launcher_get_binary (launcher), ==, fixture->fake);
  g_assert_finalize_object (launcher);

  /* No syncthing anywhere: not available, and start says why. */
  g_setenv ("PATH", "/nonexistent", TRUE);
  launcher = tether_syncthing_launcher_new (NULL);
  g_assert_null (tether_syncthing_launcher_get_binary (launcher));
  g_assert_false (tether_syncthing_launcher_get_available (launcher));
  g_assert_false (tether_syncthing_launcher_start (launcher, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (tether_syncthing_launcher_get_running (launcher));
  g_assert_finalize_object (launcher);

  g_setenv ("PATH", old_path, TRUE);
}

static void
test_start_stop (Fixture       *fixture,
                 gconstpointer  data)
{
  TetherSyncthingLauncher *launcher = tether_syncthing_launcher_new (fixture->fake);
  g_autoptr(GError) error = NULL;
  g_autofree char *args = NULL;
  gboolean timed_out = FALSE;
  guint notified = 0;
  guint id;

  g_signal_connect (launcher, "notify::running", G_CALLBACK (count_cb), &notified);

  g_assert_true (tether_syncthing_launcher_start (launcher, &error));
  g_assert_no_error (error);
  g_assert_true (tether_syncthing_launcher_get_running (launcher));
  g_assert_cmpuint (notified, ==, 1);

  /* Starting again is a no-op. */
  g_assert_true (tether_syncthing_launcher_start (launcher, &error));
  g_assert_cmpuint (notified, ==, 1);

  /* It was asked to serve, without opening a browser. */
  id = g_timeout_add_seconds (30, timeout_cb, &timed_out);
  while (!g_file_get_contents (fixture->args, &args, NULL, NULL) && !timed_out)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_cmpstr (g_strstrip (args), ==, "serve --no-browser");

  tether_syncthing_launcher_stop (launcher, 30000);
  g_assert_false (tether_syncthing_launcher_get_running (launcher));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_finalize_object (launcher);
}

/* When the started program exits on its own, running follows. */
static void
test_exits (Fixture       *fixture,
            gconstpointer  data)
{
  TetherSyncthingLauncher *launcher = tether_syncthing_launcher_new ("/bin/true");
  g_autoptr(GError) error = NULL;
  gboolean timed_out = FALSE;
  guint id;

  g_assert_true (tether_syncthing_launcher_start (launcher, &error));
  g_assert_no_error (error);

  id = g_timeout_add_seconds (30, timeout_cb, &timed_out);
  while (tether_syncthing_launcher_get_running (launcher) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);

  /* The exit watch let go of the launcher. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (launcher);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tether/launcher/new-destroy", Fixture, NULL, fixture_set_up, test_new_destroy, fixture_tear_down);
  g_test_add ("/tether/launcher/path-lookup", Fixture, NULL, fixture_set_up, test_path_lookup, fixture_tear_down);
  g_test_add ("/tether/launcher/start-stop", Fixture, NULL, fixture_set_up, test_start_stop, fixture_tear_down);
  g_test_add ("/tether/launcher/exits", Fixture, NULL, fixture_set_up, test_exits, fixture_tear_down);

  return g_test_run ();
}
