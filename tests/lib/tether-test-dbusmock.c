/* tether-test-dbusmock.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tether-test-dbusmock.h"

#define PYTHON            "/usr/bin/python3"
#define NAME_TIMEOUT_MS   (30 * 1000)
#define STOP_TIMEOUT_MS   (10 * 1000)
#define CALL_TIMEOUT_MS   (30 * 1000)
#define LOG_TAIL_LINES    40

struct _TetherTestSystemBus
{
  GTestDBus       *dbus;        /* owned */
  GDBusConnection *connection;  /* owned */
};

struct _TetherTestDBusMock
{
  char        *bus_name;   /* owned */
  char        *dir;        /* owned: temporary directory holding the logs */
  char        *log_path;   /* owned: dbusmock's call log */
  char        *out_path;   /* owned: its stdout and stderr */
  GSubprocess *process;    /* owned, nullable */
};

/* ------------------------------------------------------------ availability */

gboolean
tether_test_dbusmock_available (void)
{
  static gsize checked = 0;
  static gboolean available = FALSE;

  if (g_once_init_enter (&checked))
    {
      g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
      int status = -1;

      if (daemon != NULL && g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
        {
          const char *argv[] = { PYTHON, "-c", "import dbusmock", NULL };

          if (g_spawn_sync (NULL, (char **) argv, NULL,
                            G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, NULL, NULL, &status, NULL))
            available = g_spawn_check_wait_status (status, NULL);
        }

      g_once_init_leave (&checked, 1);
    }

  return available;
}

gboolean
tether_test_dbusmock_skip_if_unavailable (void)
{
  if (tether_test_dbusmock_available ())
    return FALSE;

  g_test_skip ("needs dbus-daemon and " PYTHON " with python3-dbusmock");
  return TRUE;
}

/* -------------------------------------------------------------------- bus */

TetherTestSystemBus *
tether_test_system_bus_up (void)
{
  TetherTestSystemBus *self = g_new0 (TetherTestSystemBus, 1);
  g_autoptr(GError) error = NULL;

  self->dbus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (self->dbus);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (self->dbus), TRUE);

  self->connection = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_dbus_connection_get_guid (self->connection), !=, NULL);
  /* Bus singletons exit the program when their bus goes away. */
  g_dbus_connection_set_exit_on_close (self->connection, FALSE);

  return self;
}

void
tether_test_system_bus_down (TetherTestSystemBus *self)
{
  if (self == NULL)
    return;

  g_dbus_connection_flush_sync (self->connection, NULL, NULL);
  g_test_dbus_down (self->dbus);
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
  g_clear_object (&self->connection);
  g_clear_object (&self->dbus);
  g_free (self);
}

GDBusConnection *
tether_test_system_bus_get_connection (TetherTestSystemBus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->connection;
}

/* ------------------------------------------------------------------ waits */

typedef struct {
  gboolean owned;
  gboolean changed;
  gboolean exited;
  gboolean timed_out;
} Wait;

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  Wait *wait = user_data;

  wait->owned = TRUE;
  wait->changed = TRUE;
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  Wait *wait = user_data;

  wait->owned = FALSE;
  wait->changed = TRUE;
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  wait->exited = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits on a private context until name is owned (or not), the process
 * exits (when given) or timeout_ms pass. Returns whether name got there. */
static gboolean
wait_for_name (const char  *name,
               gboolean     owned,
               GSubprocess *process,
               guint        timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 };
  guint watch_id;

  g_main_context_push_thread_default (context);

  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_assert_nonnull (bus);
  watch_id = g_bus_watch_name_on_connection (bus, name, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             name_appeared_cb, name_vanished_cb,
                                             &wait, NULL);
  if (process != NULL)
    g_subprocess_wait_async (process, cancellable, exited_cb, &wait);
  g_source_set_callback (timeout, timeout_cb, &wait, NULL);
  g_source_attach (timeout, context);

  while (!(wait.changed && wait.owned == owned) && !wait.exited && !wait.timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  g_bus_unwatch_name (watch_id);
  if (process != NULL && !wait.exited)
    {
      g_cancellable_cancel (cancellable);
      while (!wait.exited)
        g_main_context_iteration (context, TRUE);
    }
  /* Let the unwatch finish on this context before it goes. */
  while (g_main_context_iteration (context, FALSE))
    ;

  g_main_context_pop_thread_default (context);

  return wait.changed && wait.owned == owned;
}

/* --------------------------------------------------------------- the mock */

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
child_setup_cb (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* The parent may have died before prctl: then no signal would come. */
  if (getppid () != parent)
    _exit (1);
}

TetherTestDBusMock *
tether_test_dbusmock_start (const char  *template_name,
                            const char  *bus_name,
                            const char  *parameters,
                            GError     **error)
{
  g_autoptr(TetherTestDBusMock) self = g_new0 (TetherTestDBusMock, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_return_val_if_fail (template_name != NULL, NULL);
  g_return_val_if_fail (bus_name != NULL, NULL);
  /* Never a real system bus. */
  g_return_val_if_fail (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS") != NULL, NULL);

  self->bus_name = g_strdup (bus_name);
  self->dir = g_dir_make_tmp ("tether-dbusmock-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  self->log_path = g_build_filename (self->dir, "calls.log", NULL);
  self->out_path = g_build_filename (self->dir, "output.log", NULL);

  g_ptr_array_add (argv, (char *) PYTHON);
  g_ptr_array_add (argv, (char *) "-m");
  g_ptr_array_add (argv, (char *) "dbusmock");
  g_ptr_array_add (argv, (char *) "--system");
  g_ptr_array_add (argv, (char *) "--template");
  g_ptr_array_add (argv, (char *) template_name);
  g_ptr_array_add (argv, (char *) "-l");
  g_ptr_array_add (argv, self->log_path);
  if (parameters != NULL)
    {
      g_ptr_array_add (argv, (char *) "-p");
      g_ptr_array_add (argv, (char *) parameters);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->out_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup_cb,
                                         GINT_TO_POINTER (getpid ()), NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->process == NULL)
    return NULL;

  if (!wait_for_name (bus_name, TRUE, self->process, NAME_TIMEOUT_MS))
    {
      tether_test_dbusmock_print_log (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "dbusmock %s did not take %s", template_name, bus_name);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
tether_test_dbusmock_stop (TetherTestDBusMock *self)
{
  g_return_if_fail (self != NULL);

  if (self->process == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  if (!wait_for_name (self->bus_name, FALSE, NULL, STOP_TIMEOUT_MS))
    {
      g_test_message ("dbusmock for %s ignored SIGTERM", self->bus_name);
      g_subprocess_force_exit (self->process);
      g_assert_true (wait_for_name (self->bus_name, FALSE, NULL, STOP_TIMEOUT_MS));
    }
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

void
tether_test_dbusmock_free (TetherTestDBusMock *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    tether_test_dbusmock_stop (self);
  if (self->log_path != NULL)
    g_unlink (self->log_path);
  if (self->out_path != NULL)
    g_unlink (self->out_path);
  if (self->dir != NULL)
    g_rmdir (self->dir);

  g_free (self->bus_name);
  g_free (self->dir);
  g_free (self->log_path);
  g_free (self->out_path);
  g_free (self);
}

const char *
tether_test_dbusmock_get_bus_name (TetherTestDBusMock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->bus_name;
}

GVariant *
tether_test_dbusmock_call (TetherTestDBusMock  *self,
                           const char          *object_path,
                           const char          *interface,
                           const char          *method,
                           GVariant            *parameters,
                           const GVariantType  *reply_type,
                           GError             **error)
{
  g_autoptr(GDBusConnection) bus = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, error);
  if (bus == NULL)
    return NULL;

  return g_dbus_connection_call_sync (bus, self->bus_name, object_path, interface, method,
                                      parameters, reply_type, G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                      CALL_TIMEOUT_MS, NULL, error);
}

GVariant *
tether_test_dbusmock_mock (TetherTestDBusMock *self,
                           const char         *object_path,
                           const char         *method,
                           GVariant           *parameters)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  reply = tether_test_dbusmock_call (self, object_path, TETHER_TEST_MOCK_IFACE, method,
                                     parameters, NULL, &error);
  if (reply == NULL)
    {
      g_test_message ("Mock.%s on %s failed", method, object_path);
      tether_test_dbusmock_print_log (self);
    }
  g_assert_no_error (error);

  return reply;
}

void
tether_test_dbusmock_set_property (TetherTestDBusMock *self,
                                   const char         *object_path,
                                   const char         *interface,
                                   const char         *name,
                                   GVariant           *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = tether_test_dbusmock_call (self, object_path, "org.freedesktop.DBus.Properties", "Set",
                                     g_variant_new ("(ssv)", interface, name, value),
                                     NULL, &error);
  if (reply == NULL)
    tether_test_dbusmock_print_log (self);
  g_assert_no_error (error);
}

static void
print_tail (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  for (guint i = n > LOG_TAIL_LINES ? n - LOG_TAIL_LINES : 0; i < n; i++)
    if (lines[i][0] != '\0')
      g_test_message ("  %s", lines[i]);
}

void
tether_test_dbusmock_print_log (TetherTestDBusMock *self)
{
  g_return_if_fail (self != NULL);

  g_test_message ("dbusmock %s, calls (%s):", self->bus_name, self->log_path);
  print_tail (self->log_path);
  g_test_message ("dbusmock %s, output:", self->bus_name);
  print_tail (self->out_path);
}
