/* bench-netns.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-netns.h"

static int   original_ns = -1;    /* the thread's namespace before _enter() */
static pid_t guardian = -1;
static int   guardian_pipe = -1;  /* the write end: its close starts the cleanup */

const char *
bench_netns_ip (void)
{
  static char *path = NULL;
  static const char * const candidates[] = { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" };

  if (path == NULL)
    path = g_find_program_in_path ("ip");
  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
      path = g_strdup (candidates[i]);

  return path;
}

static gboolean
run_argv (GPtrArray *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *command = NULL;
  int status = 0;

  g_ptr_array_add (argv, NULL);
  if (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &output, NULL, &status, &error) &&
      g_spawn_check_wait_status (status, &error))
    return TRUE;

  command = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("`%s` failed: %s%s%s", command, error->message,
                  output && *output ? "; " : "", output ? output : "");
  return FALSE;
}

static gboolean
run_ip_valist (const char * const *prefix,
               const char         *first,
               va_list             args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) bench_netns_ip ());
  for (guint i = 0; prefix != NULL && prefix[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) prefix[i]);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);

  return run_argv (argv);
}

gboolean
bench_ip_try (const char *first,
              ...)
{
  va_list args;
  gboolean ok;

  va_start (args, first);
  ok = run_ip_valist (NULL, first, args);
  va_end (args);

  return ok;
}

void
bench_ip (const char *first,
          ...)
{
  va_list args;
  gboolean ok;

  va_start (args, first);
  ok = run_ip_valist (NULL, first, args);
  va_end (args);

  g_assert_true (ok);
}

gboolean
bench_netns_run (const char *ns,
                 gboolean    may_fail,
                 const char *first,
                 ...)
{
  const char *prefix[] = { "netns", "exec", ns, NULL };
  va_list args;
  gboolean ok;

  va_start (args, first);
  ok = run_ip_valist (prefix, first, args);
  va_end (args);

  if (!may_fail)
    g_assert_true (ok);
  return ok;
}

char *
bench_netns_unavailable (void)
{
  g_autofree char *probe = NULL;

  if (geteuid () != 0)
    return g_strdup ("needs root (it creates network namespaces and a veth pair)");
  if (bench_netns_ip () == NULL)
    return g_strdup ("needs `ip` (iproute2)");

  probe = g_strdup_printf ("tether-bench-probe-%d", (int) getpid ());
  if (!bench_ip_try ("netns", "add", probe, NULL))
    return g_strdup ("cannot create network namespaces here (`ip netns add` failed)");
  bench_ip_try ("netns", "del", probe, NULL);

  return NULL;
}

/* ------------------------------------------------------------- guardian */

void
bench_netns_guard (const char * const *names)
{
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  int fds[2];
  long max_fd = sysconf (_SC_OPEN_MAX);

  g_return_if_fail (guardian < 0);

  /* Everything the child needs is made now: after fork it may only make
   * async-signal-safe calls. */
  for (guint i = 0; names[i] != NULL; i++)
    {
      char **argv = g_new0 (char *, 5);

      argv[0] = g_strdup (bench_netns_ip ());
      argv[1] = g_strdup ("netns");
      argv[2] = g_strdup ("del");
      argv[3] = g_strdup (names[i]);
      g_ptr_array_add (commands, argv);
    }
  if (max_fd < 0 || max_fd > 4096)
    max_fd = 4096;

  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  guardian = fork ();
  g_assert_cmpint (guardian, >=, 0);

  if (guardian == 0)
    {
      char byte;

      /* Out of the test's process group and deaf to its signals: it must
       * outlive whatever ends the benchmark. */
      setsid ();
      signal (SIGINT, SIG_IGN);
      signal (SIGTERM, SIG_IGN);
      signal (SIGHUP, SIG_IGN);
      for (int fd = 3; fd < max_fd; fd++)
        if (fd != fds[0])
          close (fd);

      /* A byte (bench_netns_cleanup) or the end of the pipe: the last
       * write end closes when the benchmark and every child forked from it
       * without exec (GTestDBus's watcher is one) are gone. */
      for (;;)
        {
          ssize_t n = read (fds[0], &byte, 1);

          if (n >= 0 || errno != EINTR)
            break;
        }

      for (guint i = 0; i < commands->len; i++)
        {
          pid_t pid = fork ();

          if (pid == 0)
            {
              int null = open ("/dev/null", O_RDWR);

              dup2 (null, 1);
              dup2 (null, 2);
              execv (((char **) commands->pdata[i])[0], commands->pdata[i]);
              _exit (127);
            }
          if (pid > 0)
            waitpid (pid, NULL, 0);
        }
      _exit (0);
    }

  close (fds[0]);
  guardian_pipe = fds[1];
}

void
bench_netns_cleanup (void)
{
  if (guardian < 0)
    return;

  /* Children forked without exec hold the pipe too: say it. */
  while (write (guardian_pipe, "x", 1) < 0 && errno == EINTR)
    ;
  close (guardian_pipe);
  guardian_pipe = -1;
  waitpid (guardian, NULL, 0);
  guardian = -1;
}

/* ------------------------------------------------------------ entering */

void
bench_netns_enter (const char *ns)
{
  g_autofree char *path = g_build_filename ("/run/netns", ns, NULL);
  int fd;

  if (original_ns < 0)
    {
      original_ns = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
      g_assert_cmpint (original_ns, >=, 0);
    }

  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (setns (fd, CLONE_NEWNET), ==, 0);
  close (fd);
}

void
bench_netns_leave (void)
{
  g_assert_cmpint (original_ns, >=, 0);
  g_assert_cmpint (setns (original_ns, CLONE_NEWNET), ==, 0);
}
