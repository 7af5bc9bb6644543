/* tether-test-headless.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "tether-test-engine.h"
#include "tether-test-headless.h"

struct _TetherTestHeadless
{
  char             *name;        /* owned */
  GMainContext     *context;     /* owned: where lines are read */
  GSubprocess      *process;     /* owned */
  GDataInputStream *out;         /* owned */
  GCancellable     *cancellable; /* owned */
  GPtrArray        *lines;       /* owned, of char* */
  guint             next;        /* the first line _wait_line() has not matched past */
  gboolean          reading;     /* a read is pending */
  gboolean          eof;
};

gboolean
tether_test_headless_skip_if_unavailable (void)
{
  const char *binary = g_getenv ("TETHER_BINARY");

  if (binary != NULL && g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  g_test_skip ("TETHER_BINARY does not name the tether executable");
  return TRUE;
}

static void read_next (TetherTestHeadless *self);

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TetherTestHeadless *self = user_data;
  char *line;

  self->reading = FALSE;
  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  if (line == NULL)
    {
      self->eof = TRUE;
      return;
    }

  g_test_message ("%s: %s", self->name, line);
  g_ptr_array_add (self->lines, line);
  read_next (self);
}

static void
read_next (TetherTestHeadless *self)
{
  self->reading = TRUE;
  g_data_input_stream_read_line_async (self->out, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, self);
}

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
child_setup_cb (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  /* Leaves with the test (SIGTERM: it undoes its overrides on the way). */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    _exit (1);
}

TetherTestHeadless *
tether_test_headless_spawn (const char          *name,
                            const char * const  *wrapper,
                            const char          *url,
                            const char          *api_key_file,
                            const char * const  *env,
                            GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  TetherTestHeadless *self;

  g_return_val_if_fail (name != NULL && url != NULL && api_key_file != NULL, NULL);

  for (guint i = 0; wrapper != NULL && wrapper[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) wrapper[i]);
  g_ptr_array_add (argv, (char *) g_getenv ("TETHER_BINARY"));
  g_ptr_array_add (argv, (char *) "--headless");
  g_ptr_array_add (argv, (char *) "--url");
  g_ptr_array_add (argv, (char *) url);
  g_ptr_array_add (argv, (char *) "--api-key-file");
  g_ptr_array_add (argv, (char *) api_key_file);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_return_val_if_fail (pair[0] != NULL && pair[1] != NULL, NULL);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  g_subprocess_launcher_set_child_setup (launcher, child_setup_cb,
                                         GINT_TO_POINTER (getpid ()), NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (process == NULL)
    return NULL;

  self = g_new0 (TetherTestHeadless, 1);
  self->name = g_strdup (name);
  self->context = g_main_context_ref_thread_default ();
  self->process = g_steal_pointer (&process);
  self->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  self->cancellable = g_cancellable_new ();
  self->lines = g_ptr_array_new_with_free_func (g_free);
  read_next (self);

  return self;
}

gboolean
tether_test_headless_is_running (TetherTestHeadless *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_subprocess_get_identifier (self->process) != NULL;
}

void
tether_test_headless_free (TetherTestHeadless *self)
{
  if (self == NULL)
    return;

  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_cancellable_cancel (self->cancellable);
  while (self->reading)
    g_main_context_iteration (self->context, TRUE);

  g_clear_object (&self->out);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->name);
  g_free (self);
}

void
tether_test_headless_send_signal (TetherTestHeadless *self,
                                  int                 signum)
{
  g_return_if_fail (self != NULL);

  g_subprocess_send_signal (self->process, signum);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
line_has_all (const char *line,
              const char *first,
              va_list     args)
{
  for (const char *f = first; f != NULL; f = va_arg (args, const char *))
    if (strstr (line, f) == NULL)
      return FALSE;

  return TRUE;
}

/* The first line from index from on with every fragment; waits for it
 * when wait. */
static const char *
match_line (TetherTestHeadless *self,
            guint               from,
            gboolean            wait,
            const char         *first,
            va_list             args)
{
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (TETHER_TEST_WAIT_S);
  gboolean timed_out = FALSE;
  guint i = from;

  g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, self->context);

  while (TRUE)
    {
      for (; i < self->lines->len; i++)
        {
          va_list copy;
          gboolean all;

          va_copy (copy, args);
          all = line_has_all (self->lines->pdata[i], first, copy);
          va_end (copy);

          if (all)
            {
              g_source_destroy (timeout);
              self->next = MAX (self->next, i + 1);
              return self->lines->pdata[i];
            }
        }

      if (!wait || timed_out || self->eof)
        break;
      g_main_context_iteration (self->context, TRUE);
    }

  g_source_destroy (timeout);
  if (wait)
    g_test_message ("%s: no line with \"%s\"…%s", self->name, first,
                    timed_out ? " (timed out)" : " (its output ended)");
  return NULL;
}

const char *
tether_test_headless_wait_line (TetherTestHeadless *self,
                                const char         *first,
                                ...)
{
  const char *line;
  va_list args;

  g_return_val_if_fail (self != NULL && first != NULL, NULL);

  va_start (args, first);
  line = match_line (self, self->next, TRUE, first, args);
  va_end (args);

  return line;
}

const char *
tether_test_headless_find_line (TetherTestHeadless *self,
                                const char         *first,
                                ...)
{
  const char *line;
  va_list args;

  g_return_val_if_fail (self != NULL && first != NULL, NULL);

  va_start (args, first);
  line = match_line (self, 0, FALSE, first, args);
  va_end (args);

  return line;
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

gboolean
tether_test_headless_wait_exit (TetherTestHeadless *self)
{
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (TETHER_TEST_WAIT_S);
  gboolean timed_out = FALSE;
  gboolean exited = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, self->context);
  g_subprocess_wait_async (self->process, NULL, exited_cb, &exited);

  while (!exited && !timed_out)
    g_main_context_iteration (self->context, TRUE);

  if (!exited)
    {
      g_test_message ("%s did not exit: killed it", self->name);
      g_subprocess_force_exit (self->process);
      while (!exited)
        g_main_context_iteration (self->context, TRUE);
    }
  g_source_destroy (timeout);

  /* The rest of what it wrote. */
  while (self->reading)
    g_main_context_iteration (self->context, TRUE);

  return !timed_out && g_subprocess_get_if_exited (self->process) &&
         g_subprocess_get_exit_status (self->process) == 0;
}
