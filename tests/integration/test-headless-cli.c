/* test-headless-cli.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `tether --headless` as a user (or a script) runs it: a real binary,
 * real Syncthing instances, lines read from its stdout as they come.
 */

#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>

#include "tether-test-engine.h"
#include "tether-test-headless.h"
#include "tether-test-syncthing.h"

static void
test_headless_lines (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  g_autoptr(TetherTestHeadless) tether = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_connected = NULL;
  g_autofree char *peer_gone = NULL;
  const char *line;
  g_autoptr(GRegex) format = NULL;

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
  tether_test_syncthing_pair (alpha, beta, &error);
  g_assert_no_error (error);
  g_assert_true (tether_test_syncthing_wait_connected (alpha, beta, TRUE, TETHER_TEST_WAIT_S));

  tether = tether_test_headless_spawn ("tether", NULL, tether_test_syncthing_get_url (alpha),
                                       tether_test_syncthing_get_api_key_file (alpha), NULL, &error);
  g_assert_no_error (error);

  line = tether_test_headless_wait_line (tether, " syncthing ", "->online ",
                                         tether_test_syncthing_get_url (alpha), NULL);
  g_assert_nonnull (line);

  peer_connected = g_strdup_printf (" device %s \"beta\" ", tether_test_syncthing_get_device_id (beta));
  line = tether_test_headless_wait_line (tether, peer_connected, "->connected tcp-", "127.0.0.1:", NULL);
  g_assert_nonnull (line);

  /* The documented shape: time with milliseconds first. */
  format = g_regex_new ("^[0-9]{10}\\.[0-9]{3} device [A-Z0-9-]{63} \"beta\" "
                        "[a-z?]+->connected tcp-(client|server) 127\\.0\\.0\\.1:[0-9]+$", 0, 0, NULL);
  g_assert_true (g_regex_match (format, line, 0, NULL));

  tether_test_syncthing_stop (beta);
  peer_gone = g_strdup_printf ("%sconnected->disconnected - - \"", peer_connected);
  g_assert_nonnull (tether_test_headless_wait_line (tether, peer_gone, NULL));

  /* SIGTERM ends it cleanly, within a few seconds. */
  tether_test_headless_send_signal (tether, SIGTERM);
  g_assert_true (tether_test_headless_wait_exit (tether));
}

static void
test_api_key_never_printed (void)
{
  g_autoptr(GSubprocess) tether = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tether-key-XXXXXX", &error);
  g_autofree char *key_file = g_build_filename (dir, "key", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_file_set_contents (key_file, "s3cret-key-value\n", -1, &error);
  g_assert_no_error (error);

  /* A wrong option makes tether exit at once; nothing it prints may hold
   * the key, and neither may its usage error. */
  tether = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             g_getenv ("TETHER_BINARY"), "--headless",
                             "--api-key-file", key_file, "--no-such-option", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (tether, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (tether), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-option"));
  g_assert_null (strstr (out, "s3cret"));
  g_assert_null (strstr (err, "s3cret"));

  g_unlink (key_file);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/headless-cli/lines", test_headless_lines);
  g_test_add_func ("/tether/headless-cli/api-key-never-printed", test_api_key_never_printed);

  return g_test_run ();
}
