/* test-background.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real `tether` binary on a private session bus, against a real
 * Syncthing pair, watched from outside as a desktop would: closing the
 * window leaves the process and its engine running and Quit ends both;
 * launching it again presents the running instance; `--background` starts
 * without a window; the D-Bus service file starts it on activation.
 *
 * Windows are seen through GtkApplication's D-Bus export: each
 * GtkApplicationWindow has an object under /io/github/tetherapp/Tether/window/
 * while it exists.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tether-test-dbus.h"
#include "tether-test-syncthing.h"

#define APP_PATH "/io/github/tetherapp/Tether"
#define KDE_WATCHER "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH "/StatusNotifierWatcher"
#define ITEM_PATH "/StatusNotifierItem"
#define ITEM_IFACE "org.kde.StatusNotifierItem"
#define NOTIFICATIONS "org.freedesktop.Notifications"

/* GTestDBus unsets DISPLAY when it starts and stops a bus; tether needs it,
 * also when the bus starts it. */
static char *display;

typedef struct {
  gboolean             skip;
  TetherTestSyncthing *alpha;
  TetherTestSyncthing *beta;
  char                *tmp;        /* owned: XDG_CONFIG_HOME and the service dir */
  GTestDBus           *bus;
  GDBusConnection     *host;
  GSubprocess         *watcher;
  GSubprocess         *notifications;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *services = NULL;
  g_autofree char *service = NULL;
  g_autofree char *watcher = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder env;

  if ((fixture->skip = tether_test_syncthing_skip_if_unavailable () ||
                       tether_test_dbusmock_skip_if_unavailable ()))
    return;

  fixture->alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  fixture->beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (fixture->alpha, &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (fixture->beta, &error);
  g_assert_no_error (error);
  tether_test_syncthing_pair (fixture->alpha, fixture->beta, &error);
  g_assert_no_error (error);

  /* Every tether started here, by the test or by the bus, finds alpha the
   * way it finds a user's Syncthing, and keeps its autostart entry here. */
  fixture->tmp = g_dir_make_tmp ("tether-background-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (fixture->tmp, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("STHOME", tether_test_syncthing_get_home (fixture->alpha), TRUE);

  /* The service file data/ installs, pointing at the build's binary. */
  services = g_build_filename (fixture->tmp, "services", NULL);
  g_assert_cmpint (g_mkdir (services, 0700), ==, 0);
  service = g_build_filename (services, APP_ID ".service", NULL);
  {
    g_autoptr(GKeyFile) shipped = g_key_file_new ();
    g_autofree char *shipped_path = g_test_build_filename (G_TEST_BUILT, "..", "data", APP_ID ".service", NULL);
    g_autofree char *name = NULL;
    g_autofree char *exec = NULL;
    g_autofree char *built_exec = NULL;
    g_auto(GStrv) argv = NULL;

    g_key_file_load_from_file (shipped, shipped_path, G_KEY_FILE_NONE, &error);
    g_assert_no_error (error);
    name = g_key_file_get_string (shipped, "D-BUS Service", "Name", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, APP_ID);
    exec = g_key_file_get_string (shipped, "D-BUS Service", "Exec", &error);
    g_assert_no_error (error);
    g_shell_parse_argv (exec, NULL, &argv, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (argv), ==, 2);
    g_assert_true (g_str_has_suffix (argv[0], "/tether"));

    built_exec = g_strjoin (" ", g_getenv ("TETHER_BINARY"), argv[1], NULL);
    g_key_file_set_string (shipped, "D-BUS Service", "Exec", built_exec);
    g_key_file_save_to_file (shipped, service, &error);
    g_assert_no_error (error);
  }

  fixture->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_add_service_dir (fixture->bus, services);
  g_test_dbus_up (fixture->bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  fixture->host = tether_test_dbus_connect (g_test_dbus_get_bus_address (fixture->bus), &error);
  g_assert_no_error (error);
  g_variant_builder_init (&env, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&env, "{ss}", "DISPLAY", display ? display : "");
  reply = tether_test_dbus_call (fixture->host, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                 g_variant_new ("(a{ss})", &env), NULL, &error);
  g_assert_no_error (error);

  watcher = g_test_build_filename (G_TEST_DIST, "ui", "sni_watcher.py", NULL);
  fixture->watcher = tether_test_dbusmock_start (fixture->host, watcher, KDE_WATCHER, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->notifications = tether_test_dbusmock_start (fixture->host, "notification_daemon", NOTIFICATIONS,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->skip)
    return;

  tether_test_dbusmock_stop (fixture->host, fixture->watcher, KDE_WATCHER);
  g_clear_object (&fixture->watcher);
  tether_test_dbusmock_stop (fixture->host, fixture->notifications, NOTIFICATIONS);
  g_clear_object (&fixture->notifications);
  g_dbus_connection_close_sync (fixture->host, NULL, NULL);
  g_clear_object (&fixture->host);
  g_test_dbus_down (fixture->bus);
  g_clear_object (&fixture->bus);

  {
    g_autoptr(GFile) dir = g_file_new_for_path (fixture->tmp);
    const char *argv[] = { "rm", "-rf", fixture->tmp, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_assert_false (g_file_query_exists (dir, NULL));
  }
  g_free (fixture->tmp);
  g_clear_pointer (&fixture->alpha, tether_test_syncthing_free);
  g_clear_pointer (&fixture->beta, tether_test_syncthing_free);
}

/* ------------------------------------------------------------ the process */

static GSubprocess *
spawn_tether (const char *argument)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *tether;

  /* stdout is the TAP stream; tether's own output is not for it. */
  launcher = tether_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  tether = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TETHER_BINARY"), argument, NULL);
  g_assert_no_error (error);

  return tether;
}

typedef struct {
  gboolean done;
  int      status;
} Exit;

static void
exit_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exit *exit = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  exit->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  exit->done = TRUE;
}

/* Waits for it to exit normally and returns its exit status. */
static int
wait_exit (GSubprocess *process)
{
  Exit exit = { FALSE, -1 };

  g_subprocess_wait_async (process, NULL, exit_cb, &exit);
  if (!tether_test_wait_flag (&exit.done, TETHER_TEST_WAIT_S))
    {
      g_subprocess_force_exit (process);
      g_error ("tether did not exit");
    }
  g_assert_true (g_subprocess_get_if_exited (process));

  return exit.status;
}

/* How many windows the running tether has. */
static guint
n_windows (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  const char *xml;
  guint n = 0;

  reply = tether_test_dbus_call (fixture->host, APP_ID, APP_PATH "/window",
                                 "org.freedesktop.DBus.Introspectable", "Introspect", NULL,
                                 G_VARIANT_TYPE ("(s)"), &error);
  if (reply == NULL)
    return 0;

  g_variant_get (reply, "(&s)", &xml);
  node = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  while (node->nodes != NULL && node->nodes[n] != NULL)
    n++;

  return n;
}

typedef struct {
  Fixture *fixture;
  guint    n;
} WindowWait;

static gboolean
has_n_windows (gpointer data)
{
  WindowWait *wait = data;

  return n_windows (wait->fixture) == wait->n;
}

static void
wait_windows (Fixture *fixture,
              guint    n)
{
  WindowWait wait = { fixture, n };

  g_assert_true (tether_test_wait_until (has_n_windows, &wait, TETHER_TEST_WAIT_S));
}

typedef struct {
  Fixture *fixture;
  char    *item;
} ItemWait;

static gboolean
item_registered (gpointer data)
{
  ItemWait *wait = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autofree const char **items = NULL;

  value = tether_test_dbus_get_property (wait->fixture->host, KDE_WATCHER, WATCHER_PATH, KDE_WATCHER,
                                         "RegisteredStatusNotifierItems", &error);
  g_assert_no_error (error);
  items = g_variant_get_strv (value, NULL);
  if (items[0] == NULL)
    return FALSE;

  g_assert_true (g_str_has_suffix (items[0], ITEM_PATH));
  wait->item = g_strndup (items[0], strlen (items[0]) - strlen (ITEM_PATH));
  return TRUE;
}

/* The tray item's bus name, once the watcher has it. */
static char *
wait_item (Fixture *fixture)
{
  ItemWait wait = { fixture, NULL };

  g_assert_true (tether_test_wait_until (item_registered, &wait, TETHER_TEST_WAIT_S));
  return wait.item;
}

typedef struct {
  Fixture    *fixture;
  const char *item;
  const char *icon;
} IconWait;

static gboolean
icon_is (gpointer data)
{
  IconWait *wait = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) icon = NULL;

  icon = tether_test_dbus_get_property (wait->fixture->host, wait->item, ITEM_PATH, ITEM_IFACE,
                                        "IconName", &error);
  g_assert_no_error (error);

  return g_str_equal (g_variant_get_string (icon, NULL), wait->icon);
}

static void
wait_icon (Fixture    *fixture,
           const char *item,
           const char *icon)
{
  IconWait wait = { fixture, item, icon };

  g_assert_true (tether_test_wait_until (icon_is, &wait, TETHER_TEST_WAIT_S));
}

static void
activate_app_action (Fixture    *fixture,
                     const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = tether_test_dbus_call (fixture->host, APP_ID, APP_PATH, "org.gtk.Actions", "Activate",
                                 g_variant_new ("(s@av@a{sv})", action,
                                                g_variant_new_array (G_VARIANT_TYPE_VARIANT, NULL, 0),
                                                g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 NULL, &error);
  g_assert_no_error (error);
}

/* Clicks the tray menu's item with this label, as a panel does. */
static void
click_menu_item (Fixture    *fixture,
                 const char *item,
                 const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) children = NULL;
  int id = -1;

  reply = tether_test_dbus_call (fixture->host, item, "/MenuBar", "com.canonical.dbusmenu", "GetLayout",
                                 g_variant_new ("(ii^as)", 0, 1, (const char *[]) { "label", NULL }),
                                 G_VARIANT_TYPE ("(u(ia{sv}av))"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u(ia{sv}@av))", NULL, NULL, NULL, &children);
  for (gsize i = 0; i < g_variant_n_children (children) && id < 0; i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (children, i);
      g_autoptr(GVariant) child = g_variant_get_variant (boxed);
      g_autoptr(GVariant) props = g_variant_get_child_value (child, 1);
      const char *s;

      if (g_variant_lookup (props, "label", "&s", &s) && g_str_equal (s, label))
        g_variant_get_child (child, 0, "i", &id);
    }
  g_assert_cmpint (id, >=, 0);

  g_clear_pointer (&reply, g_variant_unref);
  reply = tether_test_dbus_call (fixture->host, item, "/MenuBar", "com.canonical.dbusmenu", "Event",
                                 g_variant_new ("(isvu)", id, "clicked", g_variant_new_int32 (0), 0),
                                 NULL, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------ tests */

static void
test_close_keeps_running (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GSubprocess) tether = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item = NULL;

  if (fixture->skip)
    return;

  tether = spawn_tether (NULL);
  g_assert_true (tether_test_dbus_wait_name (fixture->host, APP_ID, TRUE, TETHER_TEST_WAIT_S));
  item = wait_item (fixture);
  wait_windows (fixture, 1);
  wait_icon (fixture, item, APP_ID "-connected-symbolic");

  /* A left click on the icon closes the window, as its close button does. */
  reply = tether_test_dbus_call (fixture->host, item, ITEM_PATH, ITEM_IFACE, "Activate",
                                 g_variant_new ("(ii)", 0, 0), NULL, &error);
  g_assert_no_error (error);
  wait_windows (fixture, 0);

  /* Still running, and its engine still follows the peer. */
  tether_test_syncthing_stop (fixture->beta);
  wait_icon (fixture, item, APP_ID "-offline-symbolic");
  tether_test_syncthing_start (fixture->beta, &error);
  g_assert_no_error (error);
  wait_icon (fixture, item, APP_ID "-connected-symbolic");
  g_assert_true (tether_test_dbus_wait_name (fixture->host, APP_ID, TRUE, TETHER_TEST_WAIT_S));

  /* Quit from the tray menu ends the process, engine and all. */
  click_menu_item (fixture, item, "_Quit");
  g_assert_cmpint (wait_exit (tether), ==, 0);
  g_assert_true (tether_test_dbus_wait_name (fixture->host, APP_ID, FALSE, TETHER_TEST_WAIT_S));
  g_assert_true (tether_test_dbus_wait_name (fixture->host, item, FALSE, TETHER_TEST_WAIT_S));
}

static void
test_second_instance (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GSubprocess) third = NULL;
  g_autofree char *item = NULL;

  if (fixture->skip)
    return;

  /* As at login: running, in the tray, no window. The tray registers after
   * startup; a window would have been made before that. */
  first = spawn_tether ("--background");
  g_assert_true (tether_test_dbus_wait_name (fixture->host, APP_ID, TRUE, TETHER_TEST_WAIT_S));
  item = wait_item (fixture);
  g_assert_cmpuint (n_windows (fixture), ==, 0);

  /* Launching it again (the desktop launcher, a terminal) shows the running
   * one's window, and the new process goes away. */
  second = spawn_tether (NULL);
  g_assert_cmpint (wait_exit (second), ==, 0);
  wait_windows (fixture, 1);

  /* A second --background does not start another Tether. */
  third = spawn_tether ("--background");
  g_assert_cmpint (wait_exit (third), !=, 0);
  g_assert_cmpuint (n_windows (fixture), ==, 1);

  activate_app_action (fixture, "quit");
  g_assert_cmpint (wait_exit (first), ==, 0);
}

static void
test_dbus_activation (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *item = NULL;

  if (fixture->skip)
    return;

  /* What the desktop does with DBusActivatable=true: the bus starts
   * `tether --gapplication-service` from the service file, then delivers
   * Activate. */
  reply = tether_test_dbus_call (fixture->host, APP_ID, APP_PATH, "org.freedesktop.Application", "Activate",
                                 g_variant_new ("(@a{sv})", g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 NULL, &error);
  g_assert_no_error (error);
  wait_windows (fixture, 1);
  item = wait_item (fixture);
  wait_icon (fixture, item, APP_ID "-connected-symbolic");

  activate_app_action (fixture, "quit");
  g_assert_true (tether_test_dbus_wait_name (fixture->host, APP_ID, FALSE, TETHER_TEST_WAIT_S));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  display = g_strdup (g_getenv ("DISPLAY"));

  g_test_add ("/tether/background/close-keeps-running", Fixture, NULL,
              fixture_set_up, test_close_keeps_running, fixture_tear_down);
  g_test_add ("/tether/background/second-instance", Fixture, NULL,
              fixture_set_up, test_second_instance, fixture_tear_down);
  g_test_add ("/tether/background/dbus-activation", Fixture, NULL,
              fixture_set_up, test_dbus_activation, fixture_tear_down);

  return g_test_run ();
}
