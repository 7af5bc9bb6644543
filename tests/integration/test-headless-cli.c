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

#include "tether-test-syncthing.h"

#define WAIT_S 60

typedef struct {
  GDataInputStream *out;
  GPtrArray        *lines;
  gboolean          eof;
} Reader;

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reader *reader = user_data;
  g_autoptr(GError) error = NULL;
  char *line;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    {
      reader->eof = TRUE;
      return;
    }

  g_test_message ("tether: %s", line);
  g_ptr_array_add (reader->lines, line);
  g_data_input_stream_read_line_async (reader->out, G_PRIORITY_DEFAULT, NULL, read_line_cb, reader);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for a line that contains every one of the given fragments. */
static const char *
wait_line (Reader     *reader,
           const char *first,
           ...)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);
  guint checked = 0;

  while (!timed_out && !reader->eof)
    {
      for (; checked < reader->lines->len; checked++)
        {
          const char *line = g_ptr_array_index (reader->lines, checked);
          gboolean all = TRUE;
          va_list args;

          va_start (args, first);
          for (const char *f = first; f != NULL && all; f = va_arg (args, const char *))
            all = strstr (line, f) != NULL;
          va_end (args);

          if (all)
            {
              g_source_remove (id);
              return line;
            }
        }
      g_main_context_iteration (NULL, TRUE);
    }

  if (!timed_out)
    g_source_remove (id);
  return NULL;
}

static void
test_headless_lines (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  g_autoptr(GSubprocess) tether = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_connected = NULL;
  g_autofree char *peer_gone = NULL;
  Reader reader = { 0 };
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
  g_assert_true (tether_test_syncthing_wait_connected (alpha, beta, TRUE, WAIT_S));

  tether = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             g_getenv ("TETHER_BINARY"), "--headless",
                             "--url", tether_test_syncthing_get_url (alpha),
                             "--api-key-file", tether_test_syncthing_get_api_key_file (alpha),
                             NULL);
  g_assert_no_error (error);

  reader.lines = g_ptr_array_new_with_free_func (g_free);
  reader.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (tether));
  g_data_input_stream_read_line_async (reader.out, G_PRIORITY_DEFAULT, NULL, read_line_cb, &reader);

  line = wait_line (&reader, " syncthing ", "->online ", tether_test_syncthing_get_url (alpha), NULL);
  g_assert_nonnull (line);

  peer_connected = g_strdup_printf (" device %s \"beta\" ", tether_test_syncthing_get_device_id (beta));
  line = wait_line (&reader, peer_connected, "->connected tcp-", "127.0.0.1:", NULL);
  g_assert_nonnull (line);

  /* The documented shape: time with milliseconds first. */
  format = g_regex_new ("^[0-9]{10}\\.[0-9]{3} device [A-Z0-9-]{63} \"beta\" "
                        "[a-z?]+->connected tcp-(client|server) 127\\.0\\.0\\.1:[0-9]+$", 0, 0, NULL);
  g_assert_true (g_regex_match (format, line, 0, NULL));

  tether_test_syncthing_stop (beta);
  peer_gone = g_strdup_printf ("%sconnected->disconnected - - \"", peer_connected);
  g_assert_nonnull (wait_line (&reader, peer_gone, NULL));

  /* SIGTERM ends it cleanly, within a few seconds. */
  g_subprocess_send_signal (tether, SIGTERM);
  g_subprocess_wait (tether, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (tether));
  g_assert_cmpint (g_subprocess_get_exit_status (tether), ==, 0);

  g_clear_object (&reader.out);
  g_ptr_array_unref (reader.lines);
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
