/* test-tray.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The StatusNotifierItem as a panel sees it, on a private session bus with
 * a fake org.kde.StatusNotifierWatcher (sni_watcher.py): registration, the
 * watcher going and coming back, no watcher at all; then the real
 * application against a real Syncthing pair: the icon, tooltip and status
 * follow the peer, Activate toggles the window, the dbusmenu menu is
 * readable and its items run the application's actions.
 */

#include "config.h"

#include "tether-application.h"
#include "tether-test-dbus.h"
#include "tether-test-skip.h"
#include "tether-test-syncthing.h"
#include "tether-tray.h"

#define KDE_WATCHER "org.kde.StatusNotifierWatcher"
#define FDO_WATCHER "org.freedesktop.StatusNotifierWatcher"
#define WATCHER_PATH "/StatusNotifierWatcher"
#define ITEM_PATH "/StatusNotifierItem"
#define ITEM_IFACE "org.kde.StatusNotifierItem"
#define MENU_PATH "/MenuBar"
#define MENU_IFACE "com.canonical.dbusmenu"

static GTestDBus *bus;

static char *
watcher_template (void)
{
  return g_test_build_filename (G_TEST_DIST, "ui", "sni_watcher.py", NULL);
}

static GSubprocess *
start_watcher (GDBusConnection *host,
               const char      *name,
               const char      *parameters)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = watcher_template ();
  const char *env[] = { "TETHER_TEST_WATCHER_NAME", name, NULL };
  GSubprocess *watcher;

  watcher = tether_test_dbusmock_start (host, template, name, parameters, env, &error);
  g_assert_no_error (error);

  return watcher;
}

/* What the watcher recorded: "BUSNAME/PATH" for each item. */
static char **
registered_items (GDBusConnection *host,
                  const char      *watcher)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = NULL;

  value = tether_test_dbus_get_property (host, watcher, WATCHER_PATH, watcher,
                                         "RegisteredStatusNotifierItems", &error);
  g_assert_no_error (error);

  return g_variant_dup_strv (value, NULL);
}

static guint
n_register_calls (GDBusConnection *host,
                  const char      *watcher,
                  const char      *expected_service)
{
  g_autoptr(GVariant) calls = tether_test_dbusmock_get_calls (host, watcher, WATCHER_PATH,
                                                              "RegisterStatusNotifierItem");
  GVariantIter iter;
  GVariant *args;
  guint n = 0;

  g_variant_iter_init (&iter, calls);
  while (g_variant_iter_next (&iter, "(t@av)", NULL, &args))
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (args, 0);
      g_autoptr(GVariant) service = g_variant_get_variant (boxed);

      g_assert_cmpstr (g_variant_get_string (service, NULL), ==, expected_service);
      g_variant_unref (args);
      n++;
    }

  return n;
}

/* ------------------------------------------------------------ the item alone */

typedef struct {
  GDBusConnection    *item_bus;  /* where the tray lives */
  GDBusConnection    *host;      /* the panel's side, and the test's */
  GSimpleActionGroup *actions;
  GMenu              *menu;
  GPtrArray          *activated;
  guint               available_notifies;
  gboolean            skip;
} Fixture;

static void
activate_cb (GSimpleAction *action,
             GVariant      *parameter,
             Fixture       *fixture)
{
  g_ptr_array_add (fixture->activated,
                   g_strdup_printf ("%s(%s)", g_action_get_name (G_ACTION (action)),
                                    parameter ? g_variant_get_string (parameter, NULL) : ""));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSimpleAction) toggle = g_simple_action_new ("toggle-window", G_VARIANT_TYPE_STRING);
  g_autoptr(GSimpleAction) show = g_simple_action_new ("show-window", NULL);

  fixture->skip = tether_test_dbusmock_skip_if_unavailable ();
  fixture->item_bus = tether_test_dbus_connect (g_test_dbus_get_bus_address (bus), &error);
  g_assert_no_error (error);
  fixture->host = tether_test_dbus_connect (g_test_dbus_get_bus_address (bus), &error);
  g_assert_no_error (error);

  fixture->activated = g_ptr_array_new_with_free_func (g_free);
  fixture->actions = g_simple_action_group_new ();
  g_signal_connect (toggle, "activate", G_CALLBACK (activate_cb), fixture);
  g_signal_connect (show, "activate", G_CALLBACK (activate_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (fixture->actions), G_ACTION (toggle));
  g_action_map_add_action (G_ACTION_MAP (fixture->actions), G_ACTION (show));
  fixture->menu = g_menu_new ();
  g_menu_append (fixture->menu, "Show", "app.show-window");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_dbus_connection_close_sync (fixture->item_bus, NULL, NULL);
  g_dbus_connection_close_sync (fixture->host, NULL, NULL);
  g_clear_object (&fixture->item_bus);
  g_clear_object (&fixture->host);
  g_clear_object (&fixture->actions);
  g_clear_object (&fixture->menu);
  g_ptr_array_unref (fixture->activated);
}

static void
available_cb (TetherTray *tray,
              GParamSpec *pspec,
              Fixture    *fixture)
{
  fixture->available_notifies++;
}

static TetherTray *
new_tray (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  TetherTray *tray;

  tray = tether_tray_new (fixture->item_bus, G_ACTION_GROUP (fixture->actions),
                          G_MENU_MODEL (fixture->menu), &error);
  g_assert_no_error (error);
  g_signal_connect (tray, "notify::available", G_CALLBACK (available_cb), fixture);

  return tray;
}

static gboolean
tray_available (gpointer data)
{
  return tether_tray_get_available (data);
}

static gboolean
tray_unavailable (gpointer data)
{
  return !tether_tray_get_available (data);
}

/* Every message the tray's connection sent before this call (its name
 * watches' GetNameOwner) has been answered once this returns: the bus
 * answers in order. Then the tray has heard whether a watcher is there. */
static void
flush_tray_bus (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = tether_test_dbus_call (fixture->item_bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "GetId", NULL, G_VARIANT_TYPE ("(s)"), &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
watcher_has_item (gpointer data)
{
  Fixture *fixture = data;
  g_auto(GStrv) items = registered_items (fixture->host, KDE_WATCHER);

  return g_strv_length (items) > 0;
}

static void
test_new_destroy (void)
{
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GError) error = NULL;
  TetherTray *tray;

  /* Without a session bus: never available, and still a working object. */
  tray = tether_tray_new (NULL, G_ACTION_GROUP (actions), G_MENU_MODEL (menu), &error);
  g_assert_no_error (error);
  g_assert_false (tether_tray_get_available (tray));
  g_assert_cmpint (tether_tray_get_state (tray), ==, TETHER_TRAY_STATE_RECONNECTING);
  g_assert_finalize_object (tray);
}

static void
test_registers (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSubprocess) watcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) props = NULL;
  g_autoptr(GVariant) pixmaps = NULL;
  g_auto(GStrv) items = NULL;
  g_autofree char *expected = NULL;
  const char *item_name = g_dbus_connection_get_unique_name (fixture->item_bus);
  TetherTray *tray;
  const char *s;
  gboolean b;

  if (fixture->skip)
    return;

  watcher = start_watcher (fixture->host, KDE_WATCHER, NULL);
  tray = new_tray (fixture);

  g_assert_true (tether_test_wait_until (tray_available, tray, TETHER_TEST_WAIT_S));
  g_assert_cmpuint (fixture->available_notifies, ==, 1);

  /* Registered by its bus name; the watcher knows it as name + path. */
  g_assert_cmpuint (n_register_calls (fixture->host, KDE_WATCHER, item_name), ==, 1);
  items = registered_items (fixture->host, KDE_WATCHER);
  expected = g_strconcat (item_name, ITEM_PATH, NULL);
  g_assert_cmpstrv (items, ((const char *[]) { expected, NULL }));

  /* What a host reads. */
  reply = tether_test_dbus_call (fixture->host, item_name, ITEM_PATH,
                                 "org.freedesktop.DBus.Properties", "GetAll",
                                 g_variant_new ("(s)", ITEM_IFACE), G_VARIANT_TYPE ("(a{sv})"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(@a{sv})", &props);
  g_assert_true (g_variant_lookup (props, "Title", "&s", &s));
  g_assert_cmpstr (s, ==, "Tether");
  g_assert_true (g_variant_lookup (props, "Id", "&s", &s));
  g_assert_cmpstr (s, ==, APP_ID);
  g_assert_true (g_variant_lookup (props, "Status", "&s", &s));
  g_assert_cmpstr (s, ==, "Active");
  g_assert_true (g_variant_lookup (props, "IconName", "&s", &s));
  g_assert_cmpstr (s, ==, APP_ID "-reconnecting-symbolic");
  g_assert_true (g_variant_lookup (props, "Menu", "&o", &s));
  g_assert_cmpstr (s, ==, MENU_PATH);
  g_assert_true (g_variant_lookup (props, "ItemIsMenu", "b", &b));
  g_assert_false (b);
  g_assert_true (g_variant_lookup (props, "ToolTip", "(&s@a(iiay)&s&s)", NULL, NULL, &s, NULL));
  g_assert_cmpstr (s, ==, "Tether");

  /* The pixmaps: several sizes of the same icon, square, ARGB32, not blank. */
  pixmaps = g_variant_lookup_value (props, "IconPixmap", G_VARIANT_TYPE ("a(iiay)"));
  g_assert_nonnull (pixmaps);
  g_assert_cmpuint (g_variant_n_children (pixmaps), >=, 2);
  for (gsize i = 0; i < g_variant_n_children (pixmaps); i++)
    {
      g_autoptr(GVariant) bytes = NULL;
      const guint8 *data;
      gsize n;
      int width, height;
      gboolean drawn = FALSE, clear = FALSE;

      g_variant_get_child (pixmaps, i, "(ii@ay)", &width, &height, &bytes);
      data = g_variant_get_fixed_array (bytes, &n, 1);
      g_assert_cmpint (width, ==, height);
      g_assert_cmpuint (n, ==, (gsize) width * height * 4);
      for (gsize p = 0; p < n; p += 4)
        {
          drawn |= data[p] == 0xff;
          clear |= data[p] == 0;
        }
      g_assert_true (drawn && clear);
    }

  /* The same object under the freedesktop spelling. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = tether_test_dbus_call (fixture->host, item_name, ITEM_PATH,
                                 "org.freedesktop.DBus.Properties", "Get",
                                 g_variant_new ("(ss)", "org.freedesktop.StatusNotifierItem", "Title"),
                                 G_VARIANT_TYPE ("(v)"), &error);
  g_assert_no_error (error);

  /* Activate runs toggle-window with the activation token the host gave
   * just before (Plasma on Wayland does), then without one. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = tether_test_dbus_call (fixture->host, item_name, ITEM_PATH, ITEM_IFACE,
                                 "ProvideXdgActivationToken", g_variant_new ("(s)", "token-1"),
                                 NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  reply = tether_test_dbus_call (fixture->host, item_name, ITEM_PATH, ITEM_IFACE,
                                 "Activate", g_variant_new ("(ii)", 0, 0), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  reply = tether_test_dbus_call (fixture->host, item_name, ITEM_PATH, ITEM_IFACE,
                                 "Activate", g_variant_new ("(ii)", 0, 0), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  reply = tether_test_dbus_call (fixture->host, item_name, ITEM_PATH, ITEM_IFACE,
                                 "SecondaryActivate", g_variant_new ("(ii)", 0, 0), NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->activated->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->activated, 0), ==, "toggle-window(token-1)");
  g_assert_cmpstr (g_ptr_array_index (fixture->activated, 1), ==, "toggle-window()");
  g_assert_cmpstr (g_ptr_array_index (fixture->activated, 2), ==, "show-window()");

  g_assert_finalize_object (tray);
  tether_test_dbusmock_stop (fixture->host, watcher, KDE_WATCHER);
}

static void
test_no_watcher (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GSubprocess) watcher = NULL;
  TetherTray *tray;

  if (fixture->skip)
    return;

  tray = new_tray (fixture);
  flush_tray_bus (fixture);
  g_assert_false (tether_tray_get_available (tray));
  g_assert_cmpuint (fixture->available_notifies, ==, 0);

  /* A panel that starts later picks the item up. */
  watcher = start_watcher (fixture->host, KDE_WATCHER, NULL);
  g_assert_true (tether_test_wait_until (tray_available, tray, TETHER_TEST_WAIT_S));
  g_assert_cmpuint (fixture->available_notifies, ==, 1);

  g_assert_finalize_object (tray);
  tether_test_dbusmock_stop (fixture->host, watcher, KDE_WATCHER);
}

static void
test_no_host (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GSubprocess) watcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  TetherTray *tray;

  if (fixture->skip)
    return;

  watcher = start_watcher (fixture->host, KDE_WATCHER, "{\"host\": false}");
  tray = new_tray (fixture);

  /* Registered, but nobody draws it: not available. */
  g_assert_true (tether_test_wait_until (watcher_has_item, fixture, TETHER_TEST_WAIT_S));
  flush_tray_bus (fixture);
  g_assert_false (tether_tray_get_available (tray));

  reply = tether_test_dbus_call (fixture->host, KDE_WATCHER, WATCHER_PATH, KDE_WATCHER,
                                 "RegisterStatusNotifierHost", g_variant_new ("(s)", "host"),
                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tether_test_wait_until (tray_available, tray, TETHER_TEST_WAIT_S));

  g_assert_finalize_object (tray);
  tether_test_dbusmock_stop (fixture->host, watcher, KDE_WATCHER);
}

static void
test_watcher_restart (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GSubprocess) watcher = NULL;
  const char *item_name = g_dbus_connection_get_unique_name (fixture->item_bus);
  TetherTray *tray;

  if (fixture->skip)
    return;

  watcher = start_watcher (fixture->host, KDE_WATCHER, NULL);
  tray = new_tray (fixture);
  g_assert_true (tether_test_wait_until (tray_available, tray, TETHER_TEST_WAIT_S));

  /* The panel crashes… */
  tether_test_dbusmock_stop (fixture->host, watcher, KDE_WATCHER);
  g_clear_object (&watcher);
  g_assert_true (tether_test_wait_until (tray_unavailable, tray, TETHER_TEST_WAIT_S));

  /* …and comes back: a new watcher, which has to be told again. */
  watcher = start_watcher (fixture->host, KDE_WATCHER, NULL);
  g_assert_true (tether_test_wait_until (tray_available, tray, TETHER_TEST_WAIT_S));
  g_assert_cmpuint (n_register_calls (fixture->host, KDE_WATCHER, item_name), ==, 1);
  g_assert_cmpuint (fixture->available_notifies, ==, 3);

  g_assert_finalize_object (tray);
  tether_test_dbusmock_stop (fixture->host, watcher, KDE_WATCHER);
}

static void
test_freedesktop_watcher (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GSubprocess) watcher = NULL;
  const char *item_name = g_dbus_connection_get_unique_name (fixture->item_bus);
  TetherTray *tray;

  if (fixture->skip)
    return;

  watcher = start_watcher (fixture->host, FDO_WATCHER, NULL);
  tray = new_tray (fixture);

  g_assert_true (tether_test_wait_until (tray_available, tray, TETHER_TEST_WAIT_S));
  g_assert_cmpuint (n_register_calls (fixture->host, FDO_WATCHER, item_name), ==, 1);

  g_assert_finalize_object (tray);
  tether_test_dbusmock_stop (fixture->host, watcher, FDO_WATCHER);
}

/* ------------------------------------------------------------ tray state */

static TetherSnapshot *
make_snapshot (TetherEngineStatus status,
               ...)
{
  TetherSnapshot *snapshot = _tether_snapshot_new (1);
  va_list args;
  int state;

  snapshot->status = status;
  va_start (args, status);
  while ((state = va_arg (args, int)) >= 0)
    {
      TetherDeviceInfo *info = tether_device_info_new ("DEV");

      info->state = state;
      info->paused = state == TETHER_DEVICE_STATE_PAUSED || state == TETHER_DEVICE_STATE_PARKED;
      g_ptr_array_add (snapshot->devices, info);
    }
  va_end (args);

  return snapshot;
}

static void
assert_state (TetherSnapshot  *snapshot,
              TetherTrayState  expected,
              const char      *description)
{
  g_autofree char *text = NULL;

  g_assert_cmpint (tether_tray_state_for_snapshot (snapshot, &text), ==, expected);
  g_assert_cmpstr (text, ==, description);
  tether_snapshot_unref (snapshot);
}

static void
test_state (void)
{
  enum { C = TETHER_DEVICE_STATE_CONNECTED, S = TETHER_DEVICE_STATE_STALE,
         D = TETHER_DEVICE_STATE_DISCONNECTED, G = TETHER_DEVICE_STATE_DIALING,
         W = TETHER_DEVICE_STATE_WAITING, P = TETHER_DEVICE_STATE_PAUSED,
         K = TETHER_DEVICE_STATE_PARKED };
  g_autoptr(GHashTable) icons = g_hash_table_new (g_str_hash, g_str_equal);

  assert_state (make_snapshot (TETHER_ENGINE_STATUS_STARTING, -1),
                TETHER_TRAY_STATE_RECONNECTING, "Looking for Syncthing…");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_UNREACHABLE, -1),
                TETHER_TRAY_STATE_ERROR, "Syncthing is not reachable");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_UNAUTHORIZED, -1),
                TETHER_TRAY_STATE_ERROR, "Syncthing rejected the API key");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_NOT_FOUND, -1),
                TETHER_TRAY_STATE_ERROR, "Syncthing not found");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_BAD_RESPONSE, -1),
                TETHER_TRAY_STATE_ERROR, "Unexpected answer from Syncthing");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_ONLINE, -1),
                TETHER_TRAY_STATE_CONNECTED, "No remote devices");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_ONLINE, C, S, -1),
                TETHER_TRAY_STATE_CONNECTED, "2 of 2 devices connected");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_ONLINE, C, P, -1),
                TETHER_TRAY_STATE_CONNECTED, "1 of 1 device connected\n1 paused");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_ONLINE, C, D, -1),
                TETHER_TRAY_STATE_RECONNECTING, "1 of 2 devices connected");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_ONLINE, G, W, -1),
                TETHER_TRAY_STATE_RECONNECTING, "0 of 2 devices connected");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_ONLINE, D, W, K, -1),
                TETHER_TRAY_STATE_OFFLINE, "0 of 3 devices connected");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_ONLINE, P, P, -1),
                TETHER_TRAY_STATE_PAUSED, "All 2 devices are paused");
  assert_state (make_snapshot (TETHER_ENGINE_STATUS_ONLINE, P, -1),
                TETHER_TRAY_STATE_PAUSED, "The device is paused");

  /* Five states, five distinct icons. */
  for (TetherTrayState s = TETHER_TRAY_STATE_CONNECTED; s <= TETHER_TRAY_STATE_ERROR; s++)
    g_hash_table_add (icons, (gpointer) tether_tray_state_icon_name (s));
  g_assert_cmpuint (g_hash_table_size (icons), ==, 5);
}

/* ------------------------------------------------------------ the real app */

typedef struct {
  TetherTestSyncthing *alpha;
  TetherTestSyncthing *beta;
  GSubprocess         *watcher;
  GSubprocess         *notifications;
  GDBusConnection     *host;
  TetherApplication   *app;
  char                *item_name;  /* the app's bus name, as the watcher has it */
  guint                item_signals; /* New* signals seen, for the log */
  guint                signal_id;
} AppFixture;

static void
item_signal_cb (GDBusConnection *connection,
                const char      *sender_name,
                const char      *object_path,
                const char      *interface_name,
                const char      *signal_name,
                GVariant        *parameters,
                gpointer         user_data)
{
  AppFixture *fixture = user_data;

  if (g_str_equal (interface_name, ITEM_IFACE))
    fixture->item_signals++;
}

static gboolean
app_tray_available (gpointer data)
{
  TetherApplication *app = data;

  return tether_application_get_tray (app) != NULL &&
         tether_tray_get_available (tether_application_get_tray (app));
}

static void
app_set_up (AppFixture    *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  if (tether_test_syncthing_skip_if_unavailable () ||
      tether_test_dbusmock_skip_if_unavailable ())
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

  fixture->host = tether_test_dbus_connect (g_test_dbus_get_bus_address (bus), &error);
  g_assert_no_error (error);
  fixture->watcher = start_watcher (fixture->host, KDE_WATCHER, NULL);
  /* Somewhere for notifications to go, as on a desktop. */
  fixture->notifications = tether_test_dbusmock_start (fixture->host, "notification_daemon",
                                                       "org.freedesktop.Notifications",
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  /* The application on the private session bus, as the desktop runs it;
   * started as a service (tether --background): no window. */
  fixture->app = tether_application_new (tether_test_syncthing_get_url (fixture->alpha),
                                         tether_test_syncthing_get_api_key (fixture->alpha));
  g_application_set_flags (G_APPLICATION (fixture->app), G_APPLICATION_IS_SERVICE);
}

static void
app_tear_down (AppFixture    *fixture,
               gconstpointer  user_data)
{
  if (fixture->app == NULL)
    return;

  /* The run ended: the application unregistered, the tray is gone. */
  g_assert_finalize_object (fixture->app);

  tether_test_dbusmock_stop (fixture->host, fixture->watcher, KDE_WATCHER);
  g_clear_object (&fixture->watcher);
  tether_test_dbusmock_stop (fixture->host, fixture->notifications, "org.freedesktop.Notifications");
  g_clear_object (&fixture->notifications);
  g_dbus_connection_close_sync (fixture->host, NULL, NULL);
  g_clear_object (&fixture->host);
  g_free (fixture->item_name);
  g_clear_pointer (&fixture->alpha, tether_test_syncthing_free);
  g_clear_pointer (&fixture->beta, tether_test_syncthing_free);
}

typedef void (*AppBody) (AppFixture *fixture);

typedef struct {
  AppFixture *fixture;
  AppBody     body;
} Run;

static gboolean
run_body_cb (gpointer data)
{
  Run *run = data;
  AppFixture *fixture = run->fixture;
  GtkApplication *app = GTK_APPLICATION (fixture->app);
  g_auto(GStrv) items = NULL;

  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_assert_true (tether_test_wait_until (app_tray_available, app, TETHER_TEST_WAIT_S));

  /* Find the item as a host does: from the watcher. */
  items = registered_items (fixture->host, KDE_WATCHER);
  g_assert_cmpuint (g_strv_length (items), ==, 1);
  g_assert_true (g_str_has_suffix (items[0], ITEM_PATH));
  fixture->item_name = g_strndup (items[0], strlen (items[0]) - strlen (ITEM_PATH));
  fixture->signal_id = g_dbus_connection_signal_subscribe (fixture->host, fixture->item_name,
                                                           NULL, NULL, NULL, NULL,
                                                           G_DBUS_SIGNAL_FLAGS_NONE,
                                                           item_signal_cb, fixture, NULL);

  run->body (fixture);

  g_dbus_connection_signal_unsubscribe (fixture->host, fixture->signal_id);
  while (gtk_application_get_windows (app) != NULL)
    gtk_window_destroy (gtk_application_get_windows (app)->data);
  g_application_quit (G_APPLICATION (app));

  return G_SOURCE_REMOVE;
}

/* Runs the application (g_application_run, as main() does) and body inside
 * it, then quits. */
static void
run_app (AppFixture *fixture,
         AppBody     body)
{
  Run run = { fixture, body };

  if (fixture->app == NULL)
    return;

  g_idle_add (run_body_cb, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (fixture->app), 0, NULL), ==, 0);
}

typedef struct {
  AppFixture *fixture;
  const char *icon;
  const char *status;
  const char *tooltip;
  guint       seen;   /* item signals when last looked */
} ItemWait;

/* Reads the item's properties as a host does after a New* signal. */
static gboolean
item_shows (gpointer data)
{
  ItemWait *wait = data;
  AppFixture *fixture = wait->fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) props = NULL;
  const char *icon, *status, *body;
  gboolean match;

  reply = tether_test_dbus_call (fixture->host, fixture->item_name, ITEM_PATH,
                                 "org.freedesktop.DBus.Properties", "GetAll",
                                 g_variant_new ("(s)", ITEM_IFACE), G_VARIANT_TYPE ("(a{sv})"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(@a{sv})", &props);
  g_assert_true (g_variant_lookup (props, "IconName", "&s", &icon));
  g_assert_true (g_variant_lookup (props, "Status", "&s", &status));
  g_assert_true (g_variant_lookup (props, "ToolTip", "(&s@a(iiay)&s&s)", NULL, NULL, NULL, &body));

  match = g_str_equal (icon, wait->icon) && g_str_equal (status, wait->status) &&
          (wait->tooltip == NULL || g_str_equal (body, wait->tooltip));
  if (!match && fixture->item_signals != wait->seen)
    g_test_message ("tray: %s, %s, “%s”; waiting for %s", icon, status, body, wait->icon);
  wait->seen = fixture->item_signals;

  return match;
}

static void
wait_item (AppFixture *fixture,
           const char *icon,
           const char *status,
           const char *tooltip)
{
  ItemWait wait = { fixture, icon, status, tooltip, G_MAXUINT };

  g_assert_true (tether_test_wait_until (item_shows, &wait, TETHER_TEST_WAIT_S));
}

static gboolean
window_shown (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (data);

  return window != NULL && gtk_widget_get_visible (GTK_WIDGET (window));
}

static gboolean
window_gone (gpointer data)
{
  return !window_shown (data);
}

static void
item_call (AppFixture *fixture,
           const char *method,
           GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = tether_test_dbus_call (fixture->host, fixture->item_name, ITEM_PATH, ITEM_IFACE,
                                 method, parameters, NULL, &error);
  g_assert_no_error (error);
}

static void
app_follows_engine (AppFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  wait_item (fixture, APP_ID "-connected-symbolic", "Active", "1 of 1 device connected");

  tether_test_syncthing_stop (fixture->beta);
  wait_item (fixture, APP_ID "-offline-symbolic", "Active", "0 of 1 device connected");

  tether_test_syncthing_start (fixture->beta, &error);
  g_assert_no_error (error);
  wait_item (fixture, APP_ID "-connected-symbolic", "Active", "1 of 1 device connected");

  /* Tether's own Syncthing goes away: the panel is asked for attention. */
  tether_test_syncthing_kill (fixture->alpha);
  wait_item (fixture, APP_ID "-error-symbolic", "NeedsAttention", "Syncthing is not reachable");

  tether_test_syncthing_start (fixture->alpha, &error);
  g_assert_no_error (error);
  wait_item (fixture, APP_ID "-connected-symbolic", "Active", NULL);
}

static void
app_activate (AppFixture *fixture)
{
  g_assert_false (window_shown (fixture->app));

  item_call (fixture, "Activate", g_variant_new ("(ii)", 0, 0));
  g_assert_true (tether_test_wait_until (window_shown, fixture->app, TETHER_TEST_WAIT_S));

  item_call (fixture, "Activate", g_variant_new ("(ii)", 0, 0));
  g_assert_true (tether_test_wait_until (window_gone, fixture->app, TETHER_TEST_WAIT_S));

  /* And back, with a token as Plasma gives on Wayland (ignored on X11). */
  item_call (fixture, "ProvideXdgActivationToken", g_variant_new ("(s)", "token"));
  item_call (fixture, "Activate", g_variant_new ("(ii)", 0, 0));
  g_assert_true (tether_test_wait_until (window_shown, fixture->app, TETHER_TEST_WAIT_S));
}

/* The menu as a host reads it: label → (id, enabled, visible). */
typedef struct {
  int      id;
  gboolean enabled;
  gboolean visible;
} MenuItem;

static GHashTable *
read_menu (AppFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) children = NULL;
  GHashTable *items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  reply = tether_test_dbus_call (fixture->host, fixture->item_name, MENU_PATH, MENU_IFACE, "GetLayout",
                                 g_variant_new ("(ii^as)", 0, -1, (const char *[]) { NULL }),
                                 G_VARIANT_TYPE ("(u(ia{sv}av))"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u(ia{sv}@av))", NULL, NULL, NULL, &children);

  for (gsize i = 0; i < g_variant_n_children (children); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (children, i);
      g_autoptr(GVariant) child = g_variant_get_variant (boxed);
      g_autoptr(GVariant) props = g_variant_get_child_value (child, 1);
      MenuItem *item = g_new0 (MenuItem, 1);
      const char *label;

      g_variant_get_child (child, 0, "i", &item->id);
      if (!g_variant_lookup (props, "label", "&s", &label))
        {
          g_free (item);
          continue;
        }
      g_assert_true (g_variant_lookup (props, "enabled", "b", &item->enabled));
      g_assert_true (g_variant_lookup (props, "visible", "b", &item->visible));
      g_hash_table_insert (items, g_strdup (label), item);
    }

  return items;
}

static MenuItem *
menu_item (GHashTable *items,
           const char *label)
{
  MenuItem *item = g_hash_table_lookup (items, label);

  if (item == NULL)
    g_error ("No menu item “%s”", label);

  return item;
}

static void
menu_click (AppFixture *fixture,
            int         id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = tether_test_dbus_call (fixture->host, fixture->item_name, MENU_PATH, MENU_IFACE, "Event",
                                 g_variant_new ("(isvu)", id, "clicked", g_variant_new_int32 (0), 0),
                                 NULL, &error);
  g_assert_no_error (error);
}

static void
count_cb (GSimpleAction *action,
          GVariant      *parameter,
          guint         *count)
{
  (*count)++;
}

static guint *
watch_action (AppFixture *fixture,
              const char *name)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (fixture->app), name);
  guint *count = g_new0 (guint, 1);

  g_assert_nonnull (action);
  g_signal_connect_data (action, "activate", G_CALLBACK (count_cb), count,
                         (GClosureNotify) (void (*) (void)) g_free, 0);

  return count;
}

typedef struct {
  AppFixture *fixture;
  const char *label;
  gboolean    enabled;
  gboolean    visible;
} MenuWait;

static gboolean
menu_shows (gpointer data)
{
  MenuWait *wait = data;
  g_autoptr(GHashTable) items = read_menu (wait->fixture);
  MenuItem *item = menu_item (items, wait->label);

  return item->enabled == wait->enabled && item->visible == wait->visible;
}

static void
wait_menu_item (AppFixture *fixture,
                const char *label,
                gboolean    enabled,
                gboolean    visible)
{
  MenuWait wait = { fixture, label, enabled, visible };

  g_assert_true (tether_test_wait_until (menu_shows, &wait, TETHER_TEST_WAIT_S));
}

static void
app_menu (AppFixture *fixture)
{
  g_autoptr(GHashTable) items = NULL;
  guint *reconnects, *pauses, *resumes, *quits, *shows;

  reconnects = watch_action (fixture, "reconnect-all");
  pauses = watch_action (fixture, "pause-all");
  resumes = watch_action (fixture, "resume-all");
  quits = watch_action (fixture, "quit");
  shows = watch_action (fixture, "show-window");

  /* Online with an unpaused peer: the pool's commands are enabled; nothing
   * to resume; Preferences is there. */
  wait_menu_item (fixture, "_Pause All Syncing", TRUE, TRUE);
  items = read_menu (fixture);
  g_assert_cmpuint (g_hash_table_size (items), ==, 6);
  g_assert_true (menu_item (items, "_Show Tether")->enabled);
  g_assert_true (menu_item (items, "_Reconnect All")->enabled);
  g_assert_false (menu_item (items, "Res_ume Syncing")->visible);
  g_assert_true (menu_item (items, "P_references")->visible);
  g_assert_true (menu_item (items, "P_references")->enabled);
  g_assert_true (menu_item (items, "_Quit")->enabled);

  menu_click (fixture, menu_item (items, "_Show Tether")->id);
  g_assert_true (tether_test_wait_until (window_shown, fixture->app, TETHER_TEST_WAIT_S));
  g_assert_cmpuint (*shows, ==, 1);

  /* The clicks reach the same actions the window and shortcuts use, and
   * the pool carries them out: Pause All pauses the peer as Tether's own
   * pause, which Resume then takes back. */
  menu_click (fixture, menu_item (items, "Res_ume Syncing")->id);
  g_assert_cmpuint (*resumes, ==, 0); /* disabled: Tether paused nothing */
  menu_click (fixture, menu_item (items, "_Pause All Syncing")->id);
  g_assert_cmpuint (*pauses, ==, 1);
  wait_menu_item (fixture, "Res_ume Syncing", TRUE, TRUE);
  g_clear_pointer (&items, g_hash_table_unref);
  items = read_menu (fixture);
  menu_click (fixture, menu_item (items, "Res_ume Syncing")->id);
  g_assert_cmpuint (*resumes, ==, 1);
  wait_menu_item (fixture, "Res_ume Syncing", FALSE, FALSE);

  g_clear_pointer (&items, g_hash_table_unref);
  items = read_menu (fixture);
  menu_click (fixture, menu_item (items, "_Reconnect All")->id);
  g_assert_cmpuint (*reconnects, ==, 1);
  menu_click (fixture, menu_item (items, "_Quit")->id);
  g_assert_cmpuint (*quits, ==, 1);

  /* Enabled states follow the engine: without Syncthing, nothing to pause. */
  tether_test_syncthing_kill (fixture->alpha);
  wait_menu_item (fixture, "_Pause All Syncing", FALSE, TRUE);
  g_clear_pointer (&items, g_hash_table_unref);
  items = read_menu (fixture);
  g_assert_false (menu_item (items, "_Reconnect All")->enabled);
  g_assert_true (menu_item (items, "_Show Tether")->enabled);
}

static void
test_app_follows_engine (AppFixture    *fixture,
                        gconstpointer  user_data)
{
  run_app (fixture, app_follows_engine);
}

static void
test_app_activate (AppFixture    *fixture,
                  gconstpointer  user_data)
{
  run_app (fixture, app_activate);
}

static void
test_app_menu (AppFixture    *fixture,
              gconstpointer  user_data)
{
  run_app (fixture, app_menu);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int ret;

  TETHER_TEST_REQUIRE_DISPLAY ();
  TETHER_TEST_REQUIRE_DBUS_DAEMON ();

  /* Before GTK: the private bus is the session bus of everything here.
   * GTestDBus unsets DISPLAY (against X11 bus autolaunch); GTK needs it. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/tray/new-destroy", test_new_destroy);
  g_test_add_func ("/tether/tray/state", test_state);
  g_test_add ("/tether/tray/registers", Fixture, NULL, fixture_set_up, test_registers, fixture_tear_down);
  g_test_add ("/tether/tray/no-watcher", Fixture, NULL, fixture_set_up, test_no_watcher, fixture_tear_down);
  g_test_add ("/tether/tray/no-host", Fixture, NULL, fixture_set_up, test_no_host, fixture_tear_down);
  g_test_add ("/tether/tray/watcher-restart", Fixture, NULL,
              fixture_set_up, test_watcher_restart, fixture_tear_down);
  g_test_add ("/tether/tray/freedesktop-watcher", Fixture, NULL,
              fixture_set_up, test_freedesktop_watcher, fixture_tear_down);
  g_test_add ("/tether/tray/app-follows-engine", AppFixture, NULL,
              app_set_up, test_app_follows_engine, app_tear_down);
  g_test_add ("/tether/tray/app-activate", AppFixture, NULL,
              app_set_up, test_app_activate, app_tear_down);
  g_test_add ("/tether/tray/app-menu", AppFixture, NULL,
              app_set_up, test_app_menu, app_tear_down);

  ret = g_test_run ();

  /* Not g_test_dbus_down(): it waits (30 s, then warns) for the session bus
   * singleton to go, and libadwaita's style manager keeps it for the life
   * of the process. GTestDBus's watcher process stops the daemon when this
   * program exits. */
  return ret;
}
