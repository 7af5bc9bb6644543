/* tether-test-dbus.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "tether-test-dbus.h"

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
tether_test_wait_until (TetherTestCondition condition,
                        gpointer            data,
                        guint               timeout_s)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new_seconds (timeout_s);
  GSource *wake = g_timeout_source_new (TETHER_TEST_POLL_MS);

  g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  g_source_set_callback (wake, wake_cb, NULL, NULL);
  g_source_attach (wake, context);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (wake);
  g_source_unref (wake);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_unref (context);

  return !timed_out;
}

static gboolean
flag_set (gpointer data)
{
  return *(const gboolean *) data;
}

gboolean
tether_test_wait_flag (const gboolean *flag,
                       guint           timeout_s)
{
  return tether_test_wait_until (flag_set, (gpointer) flag, timeout_s);
}

GDBusConnection *
tether_test_dbus_connect (const char  *address,
                          GError     **error)
{
  return g_dbus_connection_new_for_address_sync (address,
                                                 G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                 G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                 NULL, NULL, error);
}

typedef struct {
  GVariant *reply;
  GError   *error;
  gboolean  done;
} Call;

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &call->error);
  call->done = TRUE;
}

GVariant *
tether_test_dbus_call (GDBusConnection    *connection,
                       const char         *bus_name,
                       const char         *object_path,
                       const char         *interface_name,
                       const char         *method_name,
                       GVariant           *parameters,
                       const GVariantType *reply_type,
                       GError            **error)
{
  Call call = { NULL, NULL, FALSE };

  g_dbus_connection_call (connection, bus_name, object_path, interface_name, method_name,
                          parameters, reply_type, G_DBUS_CALL_FLAGS_NONE,
                          TETHER_TEST_WAIT_S * 1000, NULL, call_cb, &call);
  /* The call has its own timeout: it always finishes. */
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);

  if (call.error != NULL)
    g_propagate_error (error, call.error);

  return call.reply;
}

GVariant *
tether_test_dbus_get_property (GDBusConnection  *connection,
                               const char       *bus_name,
                               const char       *object_path,
                               const char       *interface_name,
                               const char       *property_name,
                               GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *value = NULL;

  reply = tether_test_dbus_call (connection, bus_name, object_path,
                                 "org.freedesktop.DBus.Properties", "Get",
                                 g_variant_new ("(ss)", interface_name, property_name),
                                 G_VARIANT_TYPE ("(v)"), error);
  if (reply != NULL)
    g_variant_get (reply, "(v)", &value);

  return value;
}

typedef struct {
  gboolean owned;
  gboolean known;
} NameState;

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  NameState *state = user_data;

  state->owned = TRUE;
  state->known = TRUE;
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  NameState *state = user_data;

  state->owned = FALSE;
  state->known = TRUE;
}

typedef struct {
  NameState *state;
  gboolean   owned;
} NameWait;

static gboolean
name_reached (gpointer data)
{
  NameWait *wait = data;

  return wait->state->known && wait->state->owned == wait->owned;
}

gboolean
tether_test_dbus_wait_name (GDBusConnection *connection,
                            const char      *name,
                            gboolean         owned,
                            guint            timeout_s)
{
  NameState state = { FALSE, FALSE };
  NameWait wait = { &state, owned };
  gboolean reached;
  guint id;

  id = g_bus_watch_name_on_connection (connection, name, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                       name_appeared_cb, name_vanished_cb, &state, NULL);
  reached = tether_test_wait_until (name_reached, &wait, timeout_s);
  g_bus_unwatch_name (id);

  return reached;
}

gboolean
tether_test_dbusmock_skip_if_unavailable (void)
{
  const char *argv[] = { "/usr/bin/python3", "-c", "import dbusmock", NULL };
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  int status = -1;

  if (dbus_daemon == NULL)
    {
      g_test_skip ("needs dbus-daemon for a private bus");
      return TRUE;
    }
  if (g_spawn_sync (NULL, (char **) argv, NULL,
                    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, NULL) &&
      g_spawn_check_wait_status (status, NULL))
    return FALSE;

  g_test_skip ("python3-dbusmock is not installed for /usr/bin/python3");
  return TRUE;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GSubprocessLauncher *
tether_test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  return launcher;
}

GSubprocess *
tether_test_dbusmock_start (GDBusConnection    *connection,
                            const char         *template_name,
                            const char         *bus_name,
                            const char         *parameters,
                            const char * const *env,
                            GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) mock = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  /* dbusmock logs every call to stdout; the call log is what tests read. */
  launcher = tether_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  g_ptr_array_add (argv, (char *) "/usr/bin/python3");
  g_ptr_array_add (argv, (char *) "-m");
  g_ptr_array_add (argv, (char *) "dbusmock");
  g_ptr_array_add (argv, (char *) "--session");
  g_ptr_array_add (argv, (char *) "--template");
  g_ptr_array_add (argv, (char *) template_name);
  if (parameters != NULL)
    {
      g_ptr_array_add (argv, (char *) "-p");
      g_ptr_array_add (argv, (char *) parameters);
    }
  g_ptr_array_add (argv, NULL);

  mock = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (mock == NULL)
    return NULL;

  if (!tether_test_dbus_wait_name (connection, bus_name, TRUE, TETHER_TEST_WAIT_S))
    {
      g_subprocess_force_exit (mock);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "dbusmock (%s) did not take %s in time", template_name, bus_name);
      return NULL;
    }

  return g_steal_pointer (&mock);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

void
tether_test_dbusmock_stop (GDBusConnection *connection,
                           GSubprocess     *mock,
                           const char      *bus_name)
{
  gboolean exited = FALSE;

  g_subprocess_send_signal (mock, SIGTERM);
  g_subprocess_wait_async (mock, NULL, wait_cb, &exited);
  if (!tether_test_wait_flag (&exited, TETHER_TEST_WAIT_S))
    {
      g_subprocess_force_exit (mock);
      while (!exited)
        g_main_context_iteration (NULL, TRUE);
    }

  g_assert_true (tether_test_dbus_wait_name (connection, bus_name, FALSE, TETHER_TEST_WAIT_S));
}

GVariant *
tether_test_dbusmock_get_calls (GDBusConnection *connection,
                                const char      *bus_name,
                                const char      *object_path,
                                const char      *method_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariant *calls = NULL;

  reply = tether_test_dbus_call (connection, bus_name, object_path,
                                 "org.freedesktop.DBus.Mock", "GetMethodCalls",
                                 g_variant_new ("(s)", method_name),
                                 G_VARIANT_TYPE ("(a(tav))"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(@a(tav))", &calls);

  return calls;
}
