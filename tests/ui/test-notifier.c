/* test-notifier.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Notifications as the desktop receives them: GNotification through GLib's
 * org.freedesktop.Notifications backend, to python-dbusmock's
 * notification_daemon on a private bus. Snapshots are made by hand, with
 * explicit times, so the rules are checked exactly.
 */

#include "config.h"

#include "tether-notifier.h"
#include "tether-test-dbus.h"
#include "tether-test-skip.h"

#define NOTIFICATIONS "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH "/org/freedesktop/Notifications"
#define S (G_USEC_PER_SEC)

static GTestDBus *bus;
static GApplication *app;

typedef struct {
  gboolean        skip;
  GDBusConnection *connection; /* the application's */
  GSubprocess     *daemon;
  GSettings       *settings;
  TetherNotifier  *notifier;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  if ((fixture->skip = tether_test_dbusmock_skip_if_unavailable ()))
    return;

  fixture->connection = g_application_get_dbus_connection (app);
  fixture->daemon = tether_test_dbusmock_start (fixture->connection, "notification_daemon",
                                                NOTIFICATIONS, NULL, NULL, &error);
  g_assert_no_error (error);

  fixture->settings = g_settings_new (APP_ID);
  g_object_get (fixture->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (fixture->settings, keys[i]);

  fixture->notifier = tether_notifier_new (app);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->skip)
    return;

  g_assert_finalize_object (fixture->notifier);
  g_clear_object (&fixture->settings);
  tether_test_dbusmock_stop (fixture->connection, fixture->daemon, NOTIFICATIONS);
  g_clear_object (&fixture->daemon);
}

/* The calls the daemon received. Asked on the application's own connection
 * after the notifier acted, so the daemon has seen every call made before:
 * the bus keeps the order of one connection's messages. */
static GVariant *
calls (Fixture    *fixture,
       const char *method)
{
  return tether_test_dbusmock_get_calls (fixture->connection, NOTIFICATIONS, NOTIFICATIONS_PATH, method);
}

static guint
n_calls (Fixture    *fixture,
         const char *method)
{
  g_autoptr(GVariant) list = calls (fixture, method);

  return g_variant_n_children (list);
}

/* Argument n of call i (a negative i counts from the end). */
static GVariant *
call_arg (Fixture    *fixture,
          const char *method,
          int         i,
          guint       n)
{
  g_autoptr(GVariant) list = calls (fixture, method);
  g_autoptr(GVariant) call = NULL;
  g_autoptr(GVariant) args = NULL;
  g_autoptr(GVariant) boxed = NULL;

  if (i < 0)
    i += g_variant_n_children (list);
  call = g_variant_get_child_value (list, i);
  args = g_variant_get_child_value (call, 1);
  boxed = g_variant_get_child_value (args, n);

  return g_variant_get_variant (boxed);
}

/* dbusmock's notification daemon takes CloseNotification's id as "i". */
static gint64
as_integer (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    return g_variant_get_int32 (value);
  return g_variant_get_uint32 (value);
}

/* Notify(app_name, replaces_id, icon, summary, body, actions, hints, timeout) */
static char *
notify_summary (Fixture *fixture,
                int      i)
{
  g_autoptr(GVariant) summary = call_arg (fixture, "Notify", i, 3);

  return g_variant_dup_string (summary, NULL);
}

static char *
notify_body (Fixture *fixture,
             int      i)
{
  g_autoptr(GVariant) body = call_arg (fixture, "Notify", i, 4);

  return g_variant_dup_string (body, NULL);
}

typedef struct {
  Fixture    *fixture;
  const char *method;
  guint       n;
} CallsWait;

static gboolean
has_calls (gpointer data)
{
  CallsWait *wait = data;

  return n_calls (wait->fixture, wait->method) >= wait->n;
}

static void
wait_calls (Fixture    *fixture,
            const char *method,
            guint       n)
{
  CallsWait wait = { fixture, method, n };

  g_assert_true (tether_test_wait_until (has_calls, &wait, TETHER_TEST_WAIT_S));
  g_assert_cmpuint (n_calls (fixture, method), ==, n);
}

/* Runs whatever timers are due now (a zero grace period). */
static void
run_due (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static TetherSnapshot *
make_snapshot (TetherEngineStatus status,
               ...)
{
  TetherSnapshot *snapshot = _tether_snapshot_new (1);
  const char *id;
  va_list args;

  snapshot->status = status;
  va_start (args, status);
  while ((id = va_arg (args, const char *)) != NULL)
    {
      TetherDeviceInfo *info = tether_device_info_new (id);

      info->state = va_arg (args, int);
      info->paused = info->state == TETHER_DEVICE_STATE_PAUSED;
      g_free (info->name);
      info->name = g_strdup (id);
      g_ptr_array_add (snapshot->devices, info);
    }
  va_end (args);

  return snapshot;
}

/* Feeds a snapshot: status, then (device name, state) pairs, NULL. */
#define FEED(fixture, now, ...) \
  G_STMT_START { \
    g_autoptr(TetherSnapshot) _s = make_snapshot (__VA_ARGS__, NULL); \
    _tether_notifier_update_at ((fixture)->notifier, _s, (now)); \
  } G_STMT_END

#define ONLINE TETHER_ENGINE_STATUS_ONLINE
#define CONNECTED TETHER_DEVICE_STATE_CONNECTED
#define DISCONNECTED TETHER_DEVICE_STATE_DISCONNECTED
#define DIALING TETHER_DEVICE_STATE_DIALING
#define PAUSED TETHER_DEVICE_STATE_PAUSED

static void
test_new_destroy (void)
{
  TetherNotifier *notifier = tether_notifier_new (app);

  g_assert_finalize_object (notifier);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *summary = NULL;
  g_autoptr(GVariant) closed_id = NULL;
  g_autoptr(GVariant) replaces = NULL;

  if (fixture->skip)
    return;

  _tether_notifier_set_timers (fixture->notifier, 0, TETHER_NOTIFIER_RESUME_WINDOW_MS);

  FEED (fixture, 0, ONLINE);
  FEED (fixture, 0, TETHER_ENGINE_STATUS_UNREACHABLE);
  run_due ();
  wait_calls (fixture, "Notify", 1);
  summary = notify_summary (fixture, 0);
  g_assert_cmpstr (summary, ==, "Syncthing Is Not Reachable");

  /* Once per episode, however often the engine says it again. */
  FEED (fixture, 1 * S, TETHER_ENGINE_STATUS_UNREACHABLE);
  FEED (fixture, 2 * S, TETHER_ENGINE_STATUS_STARTING);
  FEED (fixture, 3 * S, TETHER_ENGINE_STATUS_UNREACHABLE);
  run_due ();
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 1);

  /* Another error in the same episode replaces it, at once. */
  FEED (fixture, 4 * S, TETHER_ENGINE_STATUS_UNAUTHORIZED);
  wait_calls (fixture, "Notify", 2);
  g_clear_pointer (&summary, g_free);
  summary = notify_summary (fixture, 1);
  g_assert_cmpstr (summary, ==, "Syncthing Rejected the API Key");
  replaces = call_arg (fixture, "Notify", 1, 1);
  g_assert_cmpint (as_integer (replaces), !=, 0);

  /* Fixed: withdrawn. */
  FEED (fixture, 5 * S, ONLINE);
  wait_calls (fixture, "CloseNotification", 1);
  closed_id = call_arg (fixture, "CloseNotification", 0, 0);
  g_assert_cmpint (as_integer (closed_id), ==, as_integer (replaces));

  /* A new episode notifies again. */
  FEED (fixture, 6 * S, TETHER_ENGINE_STATUS_UNAUTHORIZED);
  wait_calls (fixture, "Notify", 3);
}

static void
test_error_grace (Fixture       *fixture,
                  gconstpointer  user_data)
{
  if (fixture->skip)
    return;

  /* The default grace: Syncthing back within it is not worth a word. */
  FEED (fixture, 0, ONLINE);
  FEED (fixture, 1 * S, TETHER_ENGINE_STATUS_UNREACHABLE);
  FEED (fixture, 2 * S, TETHER_ENGINE_STATUS_BAD_RESPONSE);
  FEED (fixture, 3 * S, TETHER_ENGINE_STATUS_NOT_FOUND);
  FEED (fixture, 4 * S, ONLINE);
  run_due ();
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 0);
  g_assert_cmpuint (n_calls (fixture, "CloseNotification"), ==, 0);
}

static void
test_errors_off (Fixture       *fixture,
                 gconstpointer  user_data)
{
  if (fixture->skip)
    return;

  g_settings_set_boolean (fixture->settings, "notify-errors", FALSE);
  FEED (fixture, 0, TETHER_ENGINE_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 0);

  g_settings_set_boolean (fixture->settings, "notify-errors", TRUE);
  FEED (fixture, 1 * S, ONLINE);
  FEED (fixture, 2 * S, TETHER_ENGINE_STATUS_UNAUTHORIZED);
  wait_calls (fixture, "Notify", 1);

  /* Switched off while shown: withdrawn. */
  g_settings_set_boolean (fixture->settings, "notify-errors", FALSE);
  wait_calls (fixture, "CloseNotification", 1);
}

/* One short session of device: connected at t, gone at t + length. */
static void
session (Fixture *fixture,
         gint64   t,
         gint64   length)
{
  FEED (fixture, t, ONLINE, "flappy", CONNECTED, "steady", CONNECTED);
  FEED (fixture, t + length, ONLINE, "flappy", DISCONNECTED, "steady", CONNECTED);
}

static void
test_flapping (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *summary = NULL;
  gint64 t = 1000 * S;

  if (fixture->skip)
    return;

  g_settings_set_boolean (fixture->settings, "notify-flapping", TRUE);

  /* Long sessions, and pauses, are not flapping. */
  session (fixture, t, 5 * 60 * S);
  session (fixture, t + 400 * S, 5 * 60 * S);
  FEED (fixture, t + 800 * S, ONLINE, "flappy", CONNECTED, "steady", CONNECTED);
  FEED (fixture, t + 810 * S, ONLINE, "flappy", PAUSED, "steady", CONNECTED);
  /* Neither is Syncthing going away. */
  FEED (fixture, t + 820 * S, ONLINE, "flappy", CONNECTED, "steady", CONNECTED);
  FEED (fixture, t + 830 * S, TETHER_ENGINE_STATUS_UNREACHABLE);
  FEED (fixture, t + 840 * S, ONLINE, "flappy", DISCONNECTED, "steady", CONNECTED);
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 0);

  /* Three short sessions within ten minutes. */
  t += 2000 * S;
  session (fixture, t, 20 * S);
  session (fixture, t + 60 * S, 30 * S);
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 0);
  session (fixture, t + 120 * S, 10 * S);
  wait_calls (fixture, "Notify", 1);
  summary = notify_summary (fixture, 0);
  g_assert_cmpstr (summary, ==, "flappy Keeps Disconnecting");

  /* Then quiet for that device, for an hour. */
  session (fixture, t + 180 * S, 10 * S);
  session (fixture, t + 240 * S, 10 * S);
  session (fixture, t + 300 * S, 10 * S);
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 1);
}

static void
test_flapping_off (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->skip)
    return;

  /* Off by default. */
  for (int i = 0; i < 5; i++)
    session (fixture, i * 30 * S, 10 * S);
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 0);
}

static void
test_reconnected (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *body = NULL;
  gint64 t = 500 * S;

  if (fixture->skip)
    return;

  g_settings_set_boolean (fixture->settings, "notify-reconnected", TRUE);

  FEED (fixture, t, ONLINE, "a", CONNECTED, "b", CONNECTED, "c", PAUSED);
  _tether_notifier_note_resume_at (fixture->notifier, t + 1 * S);
  FEED (fixture, t + S + 100000, ONLINE, "a", DISCONNECTED, "b", DISCONNECTED, "c", PAUSED);
  FEED (fixture, t + S + 200000, ONLINE, "a", DIALING, "b", DIALING, "c", PAUSED);
  FEED (fixture, t + S + 300000, ONLINE, "a", CONNECTED, "b", DIALING, "c", PAUSED);
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 0);
  /* The last unpaused device: done, 0.4 s after the resume. */
  FEED (fixture, t + S + 400000, ONLINE, "a", CONNECTED, "b", CONNECTED, "c", PAUSED);
  wait_calls (fixture, "Notify", 1);
  body = notify_body (fixture, 0);
  g_assert_cmpstr (body, ==, "Reconnected 2 devices in 0.4 s after resume");

  /* Later connections are not about that resume. */
  FEED (fixture, t + 5 * S, ONLINE, "a", DISCONNECTED, "b", CONNECTED, "c", PAUSED);
  FEED (fixture, t + 6 * S, ONLINE, "a", CONNECTED, "b", CONNECTED, "c", PAUSED);
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 1);
}

static void
test_reconnected_partly (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *body = NULL;

  if (fixture->skip)
    return;

  g_settings_set_boolean (fixture->settings, "notify-reconnected", TRUE);
  _tether_notifier_set_timers (fixture->notifier, TETHER_NOTIFIER_ERROR_GRACE_MS, 0);

  /* One of two comes back within the window (here: zero long, ending at
   * the next iteration): it is reported when the window ends. */
  FEED (fixture, 0, ONLINE, "a", CONNECTED, "b", CONNECTED);
  _tether_notifier_note_resume_at (fixture->notifier, 10 * S);
  FEED (fixture, 10 * S + 200000, ONLINE, "a", DISCONNECTED, "b", DISCONNECTED);
  FEED (fixture, 10 * S + 1500000, ONLINE, "a", CONNECTED, "b", DISCONNECTED);
  run_due ();
  wait_calls (fixture, "Notify", 1);
  body = notify_body (fixture, 0);
  g_assert_cmpstr (body, ==, "Reconnected 1 device in 1.5 s after resume");
}

static void
test_reconnected_off (Fixture       *fixture,
                      gconstpointer  user_data)
{
  if (fixture->skip)
    return;

  FEED (fixture, 0, ONLINE, "a", DISCONNECTED);
  _tether_notifier_note_resume_at (fixture->notifier, 1 * S);
  FEED (fixture, 2 * S, ONLINE, "a", CONNECTED);
  g_assert_cmpuint (n_calls (fixture, "Notify"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  TETHER_TEST_REQUIRE_DBUS_DAEMON ();
  g_test_init (&argc, &argv, NULL);

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  /* Notifications need a registered application on the session bus. */
  app = g_application_new (APP_ID ".NotifierTest", G_APPLICATION_DEFAULT_FLAGS);
  g_application_register (app, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/tether/notifier/new-destroy", test_new_destroy);
  g_test_add ("/tether/notifier/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/tether/notifier/error-grace", Fixture, NULL, fixture_set_up, test_error_grace, fixture_tear_down);
  g_test_add ("/tether/notifier/errors-off", Fixture, NULL, fixture_set_up, test_errors_off, fixture_tear_down);
  g_test_add ("/tether/notifier/flapping", Fixture, NULL, fixture_set_up, test_flapping, fixture_tear_down);
  g_test_add ("/tether/notifier/flapping-off", Fixture, NULL,
              fixture_set_up, test_flapping_off, fixture_tear_down);
  g_test_add ("/tether/notifier/reconnected", Fixture, NULL,
              fixture_set_up, test_reconnected, fixture_tear_down);
  g_test_add ("/tether/notifier/reconnected-partly", Fixture, NULL,
              fixture_set_up, test_reconnected_partly, fixture_tear_down);
  g_test_add ("/tether/notifier/reconnected-off", Fixture, NULL,
              fixture_set_up, test_reconnected_off, fixture_tear_down);

  /* The application and the bus stay until exit: a registered
   * GApplication that is not run cannot unregister, and g_test_dbus_down()
   * would wait for the session bus it holds. GTestDBus's watcher process
   * stops the daemon when this program exits. */
  return g_test_run ();
}
