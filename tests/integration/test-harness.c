/* test-harness.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test helper that runs real Syncthing: homes, start and stop, REST,
 * pairing, and that no syncthing outlives a crashed test.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tether-test-syncthing.h"

#define WAIT_S 30

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Whether something accepts connections on the port of url. */
static gboolean
port_answers (const char *url)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  /* The client would follow a proxy from the environment. */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_uri (client, url, 0, NULL, NULL);

  return connection != NULL;
}

/* Whether a live process has home in its command line. Syncthing closes its
 * GUI port at once on SIGTERM but runs for up to a second more, so the port
 * alone proves nothing. A zombie's command line is empty: it has exited. */
static gboolean
process_with_home_exists (const char *home)
{
  g_autofree char *needle = g_strdup_printf ("--home=%s", home);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *entry;

  g_assert_nonnull (proc);

  while ((entry = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      gsize length;

      if (!g_ascii_isdigit (entry[0]))
        continue;

      path = g_build_filename ("/proc", entry, "cmdline", NULL);
      if (!g_file_get_contents (path, &cmdline, &length, NULL))
        continue;

      /* Arguments are NUL-separated: look at each. */
      for (gsize i = 0; i < length; i += strlen (cmdline + i) + 1)
        {
          if (g_str_equal (cmdline + i, needle))
            return TRUE;
        }
    }

  return FALSE;
}

static gboolean
wait_process_gone (const char *home,
                   guint       timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (process_with_home_exists (home))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }

  return TRUE;
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }

  g_file_delete (file, NULL, NULL);
}

static void
assert_loopback_only (TetherTestSyncthing *st)
{
  static const char * const expected[] = {
    "\"globalAnnounceEnabled\":false",
    "\"localAnnounceEnabled\":false",
    "\"relaysEnabled\":false",
    "\"natEnabled\":false",
    "\"urAccepted\":-1",
    "\"autoUpgradeIntervalH\":0",
    "\"crashReportingEnabled\":false",
    "\"stunKeepaliveStartS\":0",
    "\"announceLANAddresses\":false",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *body = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *listen = NULL;

  /* What syncthing loaded, not only what the file says. */
  body = tether_test_syncthing_rest (st, "GET", "/rest/config/options", NULL, &error);
  g_assert_no_error (error);
  compact = g_regex_replace_literal (blanks, body, -1, 0, "", 0, NULL);

  listen = g_strdup_printf ("\"listenAddresses\":[\"%s\"]",
                            tether_test_syncthing_get_sync_address (st));
  g_assert_nonnull (strstr (compact, listen));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_nonnull (strstr (compact, expected[i]));
}

static void
test_new_free (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *config = NULL;
  g_autofree char *key = NULL;
  struct stat st;
  gint64 start;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  start = g_get_monotonic_time ();
  alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  g_test_message ("new (generate + edit): %.3f s", seconds_since (start));

  beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);

  g_assert_false (tether_test_syncthing_is_running (alpha));
  g_assert_cmpstr (tether_test_syncthing_get_name (alpha), ==, "alpha");
  g_assert_true (g_str_has_prefix (tether_test_syncthing_get_url (alpha), "http://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (tether_test_syncthing_get_sync_address (alpha), "tcp://127.0.0.1:"));
  g_assert_cmpstr (tether_test_syncthing_get_url (alpha), !=, tether_test_syncthing_get_url (beta));
  g_assert_true (g_regex_match_simple ("^[A-Z2-7]{7}(-[A-Z2-7]{7}){7}$",
                                       tether_test_syncthing_get_device_id (alpha), 0, 0));
  g_assert_cmpstr (tether_test_syncthing_get_device_id (alpha), !=,
                   tether_test_syncthing_get_device_id (beta));

  /* Compared without g_assert_cmpstr, which would print the key. */
  g_assert_cmpuint (strlen (tether_test_syncthing_get_api_key (alpha)), >=, 16);
  g_file_get_contents (tether_test_syncthing_get_api_key_file (alpha), &key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_equal (key, tether_test_syncthing_get_api_key (alpha)));
  g_assert_cmpint (stat (tether_test_syncthing_get_api_key_file (alpha), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  home = g_strdup (tether_test_syncthing_get_home (alpha));
  config = g_build_filename (home, "config.xml", NULL);
  g_assert_true (g_file_test (config, G_FILE_TEST_IS_REGULAR));

  g_clear_pointer (&alpha, tether_test_syncthing_free);
  g_assert_false (g_file_test (home, G_FILE_TEST_EXISTS));
}

static void
test_start_stop (void)
{
  g_autoptr(TetherTestSyncthing) st = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *home = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *log_text = NULL;
  gint64 start;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  st = tether_test_syncthing_new ("gamma", &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  tether_test_syncthing_start (st, &error);
  g_assert_no_error (error);
  g_test_message ("start: %.3f s", seconds_since (start));
  g_assert_true (tether_test_syncthing_is_running (st));

  body = tether_test_syncthing_rest (st, "GET", "/rest/system/status", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (body, tether_test_syncthing_get_device_id (st)));
  g_clear_pointer (&body, g_free);

  assert_loopback_only (st);

  body = tether_test_syncthing_rest (st, "GET", "/rest/no-such-endpoint", NULL, &error);
  g_assert_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_HTTP);
  g_assert_null (body);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  tether_test_syncthing_stop (st);
  g_test_message ("stop: %.3f s", seconds_since (start));
  g_assert_false (tether_test_syncthing_is_running (st));
  g_assert_false (process_with_home_exists (tether_test_syncthing_get_home (st)));

  /* Nothing left behind that still holds the port. */
  body = tether_test_syncthing_rest (st, "GET", "/rest/system/status", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  tether_test_syncthing_start (st, &error);
  g_assert_no_error (error);
  g_test_message ("restart: %.3f s", seconds_since (start));

  start = g_get_monotonic_time ();
  tether_test_syncthing_kill (st);
  g_test_message ("kill: %.3f s", seconds_since (start));
  g_assert_false (tether_test_syncthing_is_running (st));
  g_assert_false (process_with_home_exists (tether_test_syncthing_get_home (st)));
  g_assert_false (port_answers (tether_test_syncthing_get_url (st)));

  /* After a crash, too. Then _free() has to stop it. */
  tether_test_syncthing_start (st, &error);
  g_assert_no_error (error);

  /* The log is kept for people to read: it must not hold the secret. */
  log_path = g_build_filename (tether_test_syncthing_get_home (st), "syncthing.log", NULL);
  g_file_get_contents (log_path, &log_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (log_text, tether_test_syncthing_get_device_id (st)));
  g_assert_null (strstr (log_text, tether_test_syncthing_get_api_key (st)));

  home = g_strdup (tether_test_syncthing_get_home (st));
  g_clear_pointer (&st, tether_test_syncthing_free);
  g_assert_false (g_file_test (home, G_FILE_TEST_EXISTS));
}

static void
test_pair (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);

  tether_test_syncthing_start (alpha, &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (beta, &error);
  g_assert_no_error (error);

  g_assert_false (tether_test_syncthing_wait_connected (alpha, beta, TRUE, 0));

  start = g_get_monotonic_time ();
  tether_test_syncthing_pair (alpha, beta, &error);
  g_assert_no_error (error);
  g_assert_true (tether_test_syncthing_wait_connected (alpha, beta, TRUE, WAIT_S));
  g_assert_true (tether_test_syncthing_wait_connected (beta, alpha, TRUE, WAIT_S));
  g_test_message ("pair -> connected: %.3f s", seconds_since (start));

  start = g_get_monotonic_time ();
  tether_test_syncthing_stop (beta);
  g_test_message ("stop peer: %.3f s", seconds_since (start));
  g_assert_true (tether_test_syncthing_wait_connected (alpha, beta, FALSE, WAIT_S));
  g_test_message ("stop peer -> disconnected: %.3f s", seconds_since (start));

  start = g_get_monotonic_time ();
  tether_test_syncthing_start (beta, &error);
  g_assert_no_error (error);
  g_test_message ("restart peer: %.3f s", seconds_since (start));
  g_assert_true (tether_test_syncthing_wait_connected (alpha, beta, TRUE, WAIT_S));
  g_assert_true (tether_test_syncthing_wait_connected (beta, alpha, TRUE, WAIT_S));
  g_test_message ("restart peer -> connected: %.3f s", seconds_since (start));

  start = g_get_monotonic_time ();
  tether_test_syncthing_kill (beta);
  g_assert_true (tether_test_syncthing_wait_connected (alpha, beta, FALSE, WAIT_S));
  g_test_message ("kill peer -> disconnected: %.3f s", seconds_since (start));

  /* Waiting on a stopped instance fails at once. */
  g_assert_false (tether_test_syncthing_wait_connected (beta, alpha, FALSE, WAIT_S));

  if (g_test_failed ())
    {
      tether_test_syncthing_print_log (alpha);
      tether_test_syncthing_print_log (beta);
    }
}

static char *
handoff_path (pid_t test_pid)
{
  g_autofree char *name = g_strdup_printf ("tether-harness-%d.handoff", (int) test_pid);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* A test program that dies without cleaning up must not leave syncthing
 * running: the child here starts one and kills itself. */
static void
test_parent_death (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GFile) home = NULL;
  gint64 start;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  if (g_test_subprocess ())
    {
      TetherTestSyncthing *st = tether_test_syncthing_new ("orphan", &error);

      g_assert_no_error (error);
      tether_test_syncthing_start (st, &error);
      g_assert_no_error (error);

      contents = g_strdup_printf ("%s\n%s\n", tether_test_syncthing_get_home (st),
                                  tether_test_syncthing_get_url (st));
      path = handoff_path (getppid ());
      g_file_set_contents (path, contents, -1, &error);
      g_assert_no_error (error);

      kill (getpid (), SIGKILL);
      g_assert_not_reached ();
    }

  path = handoff_path (getpid ());
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);

  start = g_get_monotonic_time ();
  g_assert_true (wait_process_gone (lines[0], WAIT_S));
  g_test_message ("orphaned syncthing gone after %.3f s", seconds_since (start));
  g_assert_false (port_answers (lines[1]));

  home = g_file_new_for_path (lines[0]);
  remove_tree (home);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/harness/new-free", test_new_free);
  g_test_add_func ("/tether/harness/start-stop", test_start_stop);
  g_test_add_func ("/tether/harness/pair", test_pair);
  g_test_add_func ("/tether/harness/parent-death", test_parent_death);

  return g_test_run ();
}
