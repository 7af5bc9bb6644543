/* test-dbusmenu.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The com.canonical.dbusmenu exporter as a host sees it: on a private bus,
 * from a second connection, a GMenu bound to a GSimpleActionGroup.
 */

#include "config.h"

#include "tether-dbusmenu.h"
#include "tether-test-dbus.h"
#include "tether-test-skip.h"

#define MENU_PATH "/MenuBar"
#define IFACE "com.canonical.dbusmenu"

static GTestDBus *bus;

typedef struct {
  GDBusConnection    *server;   /* exports the menu */
  GDBusConnection    *host;     /* reads it */
  GMenu              *menu;
  GMenu              *submenu;
  GSimpleActionGroup *actions;
  TetherDbusmenu     *dbusmenu;
  GPtrArray          *activated; /* "name" or "name:target" */
  GPtrArray          *signals;   /* of GVariant "(s@*)": signal name, parameters */
  guint               signal_id;
} Fixture;

static void
activate_cb (GSimpleAction *action,
             GVariant      *parameter,
             Fixture       *fixture)
{
  const char *name = g_action_get_name (G_ACTION (action));

  if (parameter != NULL)
    g_ptr_array_add (fixture->activated,
                     g_strdup_printf ("%s:%s", name, g_variant_get_string (parameter, NULL)));
  else
    g_ptr_array_add (fixture->activated, g_strdup (name));

  if (g_str_equal (name, "toggle"))
    {
      g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

      g_simple_action_set_state (action, g_variant_new_boolean (!g_variant_get_boolean (state)));
    }
}

static void
add_action (Fixture            *fixture,
            const char         *name,
            const GVariantType *parameter_type,
            GVariant           *state)
{
  g_autoptr(GSimpleAction) action = NULL;

  if (state != NULL)
    action = g_simple_action_new_stateful (name, parameter_type, state);
  else
    action = g_simple_action_new (name, parameter_type);
  g_signal_connect (action, "activate", G_CALLBACK (activate_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (fixture->actions), G_ACTION (action));
}

static void
signal_cb (GDBusConnection *connection,
           const char      *sender_name,
           const char      *object_path,
           const char      *interface_name,
           const char      *signal_name,
           GVariant        *parameters,
           gpointer         user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->signals,
                   g_variant_ref_sink (g_variant_new ("(s@*)", signal_name, parameters)));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMenu) section1 = g_menu_new ();
  g_autoptr(GMenu) section2 = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;

  fixture->server = tether_test_dbus_connect (g_test_dbus_get_bus_address (bus), &error);
  g_assert_no_error (error);
  fixture->host = tether_test_dbus_connect (g_test_dbus_get_bus_address (bus), &error);
  g_assert_no_error (error);
  fixture->activated = g_ptr_array_new_with_free_func (g_free);
  fixture->signals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  fixture->actions = g_simple_action_group_new ();
  add_action (fixture, "show", NULL, NULL);
  add_action (fixture, "toggle", NULL, g_variant_new_boolean (FALSE));
  add_action (fixture, "mode", G_VARIANT_TYPE_STRING, g_variant_new_string ("a"));
  add_action (fixture, "hidden", NULL, NULL);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (fixture->actions),
                                                                            "hidden")), FALSE);
  add_action (fixture, "quit", NULL, NULL);

  /* Show | Toggle, Mode A, Mode B, Hidden, Missing, Other | More ▸ Quit */
  fixture->menu = g_menu_new ();
  g_menu_append (section1, "_Show", "app.show");
  g_menu_append_section (fixture->menu, NULL, G_MENU_MODEL (section1));

  g_menu_append (section2, "Toggle", "app.toggle");
  g_menu_append (section2, "Mode A", "app.mode::a");
  g_menu_append (section2, "Mode B", "app.mode::b");
  item = g_menu_item_new ("Hidden", "app.hidden");
  g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
  g_menu_append_item (section2, item);
  g_clear_object (&item);
  item = g_menu_item_new ("Missing", "app.missing");
  g_menu_item_set_attribute (item, "hidden-when", "s", "action-missing");
  g_menu_append_item (section2, item);
  g_clear_object (&item);
  g_menu_append (section2, "Other", "win.other");
  g_menu_append_section (fixture->menu, NULL, G_MENU_MODEL (section2));

  fixture->submenu = g_menu_new ();
  g_menu_append (fixture->submenu, "Quit", "app.quit");
  g_menu_append_submenu (fixture->menu, "More", G_MENU_MODEL (fixture->submenu));

  fixture->dbusmenu = tether_dbusmenu_new (fixture->server, MENU_PATH, G_MENU_MODEL (fixture->menu),
                                           G_ACTION_GROUP (fixture->actions), &error);
  g_assert_no_error (error);

  fixture->signal_id =
    g_dbus_connection_signal_subscribe (fixture->host, g_dbus_connection_get_unique_name (fixture->server),
                                        IFACE, NULL, MENU_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        signal_cb, fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_dbus_connection_signal_unsubscribe (fixture->host, fixture->signal_id);
  g_assert_finalize_object (fixture->dbusmenu);
  g_clear_object (&fixture->menu);
  g_clear_object (&fixture->submenu);
  g_clear_object (&fixture->actions);
  g_dbus_connection_close_sync (fixture->server, NULL, NULL);
  g_dbus_connection_close_sync (fixture->host, NULL, NULL);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->host);
  g_ptr_array_unref (fixture->activated);
  g_ptr_array_unref (fixture->signals);
}

static GVariant *
menu_call (Fixture            *fixture,
           const char         *method,
           GVariant           *parameters,
           const char         *reply_type,
           GError            **error)
{
  return tether_test_dbus_call (fixture->host, g_dbus_connection_get_unique_name (fixture->server),
                                MENU_PATH, IFACE, method, parameters,
                                G_VARIANT_TYPE (reply_type), error);
}

static GVariant *
get_layout (Fixture            *fixture,
            int                 parent,
            int                 depth,
            const char * const *names,
            guint              *revision)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariant *layout;

  reply = menu_call (fixture, "GetLayout",
                     g_variant_new ("(ii^as)", parent, depth, names ? names : (const char *[]) { NULL }),
                     "(u(ia{sv}av))", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@(ia{sv}av))", revision, &layout);

  return layout;
}

/* The n-th child of a layout node, as (ia{sv}av). */
static GVariant *
layout_child (GVariant *node,
              guint     n)
{
  g_autoptr(GVariant) children = g_variant_get_child_value (node, 2);
  g_autoptr(GVariant) boxed = g_variant_get_child_value (children, n);

  return g_variant_get_variant (boxed);
}

static guint
layout_n_children (GVariant *node)
{
  g_autoptr(GVariant) children = g_variant_get_child_value (node, 2);

  return g_variant_n_children (children);
}

static int
layout_id (GVariant *node)
{
  int id;

  g_variant_get_child (node, 0, "i", &id);
  return id;
}

static GVariant *
layout_props (GVariant *node)
{
  return g_variant_get_child_value (node, 1);
}

static void
assert_item (GVariant   *node,
             const char *label,
             gboolean    enabled,
             gboolean    visible)
{
  g_autoptr(GVariant) props = layout_props (node);
  const char *s;
  gboolean b;

  if (label == NULL)
    {
      g_assert_true (g_variant_lookup (props, "type", "&s", &s));
      g_assert_cmpstr (s, ==, "separator");
      return;
    }

  g_assert_false (g_variant_lookup (props, "type", "&s", &s));
  g_assert_true (g_variant_lookup (props, "label", "&s", &s));
  g_assert_cmpstr (s, ==, label);
  g_assert_true (g_variant_lookup (props, "enabled", "b", &b));
  g_assert_cmpint (b, ==, enabled);
  g_assert_true (g_variant_lookup (props, "visible", "b", &b));
  g_assert_cmpint (b, ==, visible);
}

/* Finds the node with this label among root's children (-1 when absent). */
static int
find_id (Fixture    *fixture,
         const char *label)
{
  g_autoptr(GVariant) root = get_layout (fixture, 0, -1, NULL, NULL);

  for (guint i = 0; i < layout_n_children (root); i++)
    {
      g_autoptr(GVariant) child = layout_child (root, i);
      g_autoptr(GVariant) props = layout_props (child);
      const char *s;

      if (g_variant_lookup (props, "label", "&s", &s) && g_str_equal (s, label))
        return layout_id (child);
    }

  return -1;
}

static void
test_new_destroy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) server = NULL;
  g_autoptr(GDBusConnection) host = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(TetherDbusmenu) other = NULL;
  TetherDbusmenu *dbusmenu;
  const char *server_name;

  server = tether_test_dbus_connect (g_test_dbus_get_bus_address (bus), &error);
  g_assert_no_error (error);
  host = tether_test_dbus_connect (g_test_dbus_get_bus_address (bus), &error);
  g_assert_no_error (error);
  server_name = g_dbus_connection_get_unique_name (server);

  dbusmenu = tether_dbusmenu_new (server, MENU_PATH, G_MENU_MODEL (menu), G_ACTION_GROUP (actions), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tether_dbusmenu_get_object_path (dbusmenu), ==, MENU_PATH);

  reply = tether_test_dbus_call (host, server_name, MENU_PATH, IFACE, "GetLayout",
                                 g_variant_new ("(ii^as)", 0, -1, (const char *[]) { NULL }),
                                 NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);

  /* The path is taken while it lives. */
  other = tether_dbusmenu_new (server, MENU_PATH, G_MENU_MODEL (menu), G_ACTION_GROUP (actions), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_null (other);
  g_clear_error (&error);

  g_assert_finalize_object (dbusmenu);

  reply = tether_test_dbus_call (host, server_name, MENU_PATH, IFACE, "GetLayout",
                                 g_variant_new ("(ii^as)", 0, -1, (const char *[]) { NULL }),
                                 NULL, &error);
  g_assert_null (reply);
  g_assert_nonnull (error);
}

static void
test_layout (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) root_props = NULL;
  g_autoptr(GVariant) more = NULL;
  g_autoptr(GVariant) shallow = NULL;
  g_autoptr(GVariant) labels_only = NULL;
  g_autoptr(GVariant) toggle = NULL;
  g_autoptr(GVariant) toggle_props = NULL;
  g_autoptr(GVariant) mode_b = NULL;
  g_autoptr(GVariant) mode_b_props = NULL;
  const char *s;
  int i;
  guint revision = 0;

  root = get_layout (fixture, 0, -1, NULL, &revision);
  g_assert_cmpuint (revision, ==, tether_dbusmenu_get_revision (fixture->dbusmenu));
  g_assert_cmpint (layout_id (root), ==, 0);
  root_props = layout_props (root);
  g_assert_true (g_variant_lookup (root_props, "children-display", "&s", &s));
  g_assert_cmpstr (s, ==, "submenu");

  /* Sections become separators, never first, last or doubled. */
  g_assert_cmpuint (layout_n_children (root), ==, 10);
  {
    static const struct { const char *label; gboolean enabled, visible; } expected[] = {
      { "_Show",   TRUE,  TRUE },
      { NULL },
      { "Toggle",  TRUE,  TRUE },
      { "Mode A",  TRUE,  TRUE },
      { "Mode B",  TRUE,  TRUE },
      { "Hidden",  FALSE, FALSE }, /* hidden-when action-disabled */
      { "Missing", FALSE, FALSE }, /* hidden-when action-missing */
      { "Other",   FALSE, TRUE },  /* not an app action */
      { NULL },
      { "More",    TRUE,  TRUE },
    };

    for (guint n = 0; n < G_N_ELEMENTS (expected); n++)
      {
        g_autoptr(GVariant) child = layout_child (root, n);

        assert_item (child, expected[n].label, expected[n].enabled, expected[n].visible);
      }
  }

  /* Check marks and radio items follow the action state. */
  toggle = layout_child (root, 2);
  toggle_props = layout_props (toggle);
  g_assert_true (g_variant_lookup (toggle_props, "toggle-type", "&s", &s));
  g_assert_cmpstr (s, ==, "checkmark");
  g_assert_true (g_variant_lookup (toggle_props, "toggle-state", "i", &i));
  g_assert_cmpint (i, ==, 0);
  mode_b = layout_child (root, 4);
  mode_b_props = layout_props (mode_b);
  g_assert_true (g_variant_lookup (mode_b_props, "toggle-type", "&s", &s));
  g_assert_cmpstr (s, ==, "radio");
  g_assert_true (g_variant_lookup (mode_b_props, "toggle-state", "i", &i));
  g_assert_cmpint (i, ==, 0);

  /* The submenu. */
  more = layout_child (root, 9);
  {
    g_autoptr(GVariant) props = layout_props (more);
    g_autoptr(GVariant) quit = layout_child (more, 0);

    g_assert_true (g_variant_lookup (props, "children-display", "&s", &s));
    g_assert_cmpstr (s, ==, "submenu");
    g_assert_cmpuint (layout_n_children (more), ==, 1);
    assert_item (quit, "Quit", TRUE, TRUE);
  }

  /* recursionDepth 1: the root's children, without theirs. */
  shallow = get_layout (fixture, 0, 1, NULL, NULL);
  g_assert_cmpuint (layout_n_children (shallow), ==, 10);
  {
    g_autoptr(GVariant) shallow_more = layout_child (shallow, 9);

    g_assert_cmpuint (layout_n_children (shallow_more), ==, 0);
  }

  /* A layout from a submenu, and only the properties asked for. */
  labels_only = get_layout (fixture, layout_id (more), -1, (const char *[]) { "label", NULL }, NULL);
  {
    g_autoptr(GVariant) quit = layout_child (labels_only, 0);
    g_autoptr(GVariant) props = layout_props (quit);

    g_assert_cmpuint (g_variant_n_children (props), ==, 1);
    g_assert_true (g_variant_lookup (props, "label", "&s", &s));
    g_assert_cmpstr (s, ==, "Quit");
  }
}

static void
test_properties (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariant) group = NULL;
  const char *server_name = g_dbus_connection_get_unique_name (fixture->server);
  int show = find_id (fixture, "_Show");
  int hidden = find_id (fixture, "Hidden");

  value = tether_test_dbus_get_property (fixture->host, server_name, MENU_PATH, IFACE, "Version", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_get_uint32 (value), ==, 3);
  g_clear_pointer (&value, g_variant_unref);
  value = tether_test_dbus_get_property (fixture->host, server_name, MENU_PATH, IFACE, "Status", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "normal");
  g_clear_pointer (&value, g_variant_unref);

  reply = menu_call (fixture, "GetProperty", g_variant_new ("(is)", show, "label"), "(v)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "_Show");
  g_clear_pointer (&reply, g_variant_unref);

  reply = menu_call (fixture, "GetProperty", g_variant_new ("(is)", show, "no-such"), "(v)", &error);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_clear_error (&error);
  reply = menu_call (fixture, "GetProperty", g_variant_new ("(is)", 999, "label"), "(v)", &error);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_clear_error (&error);

  /* Unknown ids are left out. */
  reply = menu_call (fixture, "GetGroupProperties",
                     g_variant_new ("(@ai^as)",
                                    g_variant_new_fixed_array (G_VARIANT_TYPE_INT32,
                                                               (gint32[]) { show, hidden, 999 }, 3, sizeof (gint32)),
                                    (const char *[]) { "visible", NULL }),
                     "(a(ia{sv}))", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(@a(ia{sv}))", &group);
  g_assert_cmpuint (g_variant_n_children (group), ==, 2);
  {
    g_autoptr(GVariant) first = g_variant_get_child_value (group, 0);
    g_autoptr(GVariant) second = g_variant_get_child_value (group, 1);
    g_autoptr(GVariant) props = g_variant_get_child_value (second, 1);
    gboolean visible = TRUE;
    int id;

    g_variant_get_child (first, 0, "i", &id);
    g_assert_cmpint (id, ==, show);
    g_assert_true (g_variant_lookup (props, "visible", "b", &visible));
    g_assert_false (visible);
    g_assert_cmpuint (g_variant_n_children (props), ==, 1);
  }
  g_clear_pointer (&reply, g_variant_unref);

  reply = menu_call (fixture, "AboutToShow", g_variant_new ("(i)", 0), "(b)", &error);
  g_assert_no_error (error);
}

static gboolean
has_activated (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  const char *what = ((gpointer *) data)[1];

  for (guint i = 0; i < fixture->activated->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->activated, i), what))
      return TRUE;

  return FALSE;
}

static void
click (Fixture *fixture,
       int      id,
       GError **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = menu_call (fixture, "Event",
                     g_variant_new ("(isvu)", id, "clicked", g_variant_new_int32 (0), 0),
                     "()", error);
}

static void
test_event (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) errors = NULL;
  int show = find_id (fixture, "_Show");
  int mode_b = find_id (fixture, "Mode B");
  int hidden = find_id (fixture, "Hidden");
  GVariantBuilder events;

  click (fixture, show, &error);
  g_assert_no_error (error);
  g_assert_true (tether_test_wait_until (has_activated, (gpointer[]) { fixture, "show" }, TETHER_TEST_WAIT_S));

  click (fixture, mode_b, &error);
  g_assert_no_error (error);
  g_assert_true (tether_test_wait_until (has_activated, (gpointer[]) { fixture, "mode:b" }, TETHER_TEST_WAIT_S));

  /* Not for a disabled (here also hidden) item. */
  click (fixture, hidden, &error);
  g_assert_no_error (error);

  /* Other events do nothing; unknown items are an error. */
  reply = menu_call (fixture, "Event",
                     g_variant_new ("(isvu)", show, "hovered", g_variant_new_int32 (0), 0), "()", &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  click (fixture, 999, &error);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_clear_error (&error);

  g_variant_builder_init (&events, G_VARIANT_TYPE ("a(isvu)"));
  g_variant_builder_add (&events, "(isvu)", show, "clicked", g_variant_new_int32 (0), 0);
  g_variant_builder_add (&events, "(isvu)", 999, "clicked", g_variant_new_int32 (0), 0);
  reply = menu_call (fixture, "EventGroup", g_variant_new ("(a(isvu))", &events), "(ai)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(@ai)", &errors);
  g_assert_cmpuint (g_variant_n_children (errors), ==, 1);

  /* Everything above has been handled (the calls returned): the disabled
   * item activated nothing, show ran twice. */
  g_assert_cmpuint (fixture->activated->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->activated, 2), ==, "show");
}

typedef struct {
  Fixture    *fixture;
  const char *signal_name;
  int         id;          /* for ItemsPropertiesUpdated: the item */
  const char *key;
  GVariant   *value;
} SignalWait;

static gboolean
signal_seen (gpointer data)
{
  SignalWait *wait = data;

  for (guint i = 0; i < wait->fixture->signals->len; i++)
    {
      GVariant *signal = g_ptr_array_index (wait->fixture->signals, i);
      g_autoptr(GVariant) parameters = NULL;
      g_autoptr(GVariant) updated = NULL;
      const char *name;
      GVariantIter iter;
      GVariant *props;
      int id;

      g_variant_get (signal, "(&s@*)", &name, &parameters);
      if (!g_str_equal (name, wait->signal_name))
        continue;
      if (wait->key == NULL)
        return TRUE;

      updated = g_variant_get_child_value (parameters, 0);
      g_variant_iter_init (&iter, updated);
      while (g_variant_iter_next (&iter, "(i@a{sv})", &id, &props))
        {
          g_autoptr(GVariant) value = g_variant_lookup_value (props, wait->key, NULL);
          gboolean found = id == wait->id && value != NULL && g_variant_equal (value, wait->value);

          g_variant_unref (props);
          if (found)
            return TRUE;
        }
    }

  return FALSE;
}

static void
wait_property_update (Fixture    *fixture,
                      int         id,
                      const char *key,
                      GVariant   *value)
{
  SignalWait wait = { fixture, "ItemsPropertiesUpdated", id, key, g_variant_ref_sink (value) };

  g_assert_true (tether_test_wait_until (signal_seen, &wait, TETHER_TEST_WAIT_S));
  g_variant_unref (wait.value);
}

static void
test_follows_actions (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GActionMap *map = G_ACTION_MAP (fixture->actions);
  int show = find_id (fixture, "_Show");
  int toggle = find_id (fixture, "Toggle");
  int hidden = find_id (fixture, "Hidden");
  int missing = find_id (fixture, "Missing");
  g_autoptr(GError) error = NULL;

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "show")), FALSE);
  wait_property_update (fixture, show, "enabled", g_variant_new_boolean (FALSE));

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "hidden")), TRUE);
  wait_property_update (fixture, hidden, "visible", g_variant_new_boolean (TRUE));

  add_action (fixture, "missing", NULL, NULL);
  wait_property_update (fixture, missing, "visible", g_variant_new_boolean (TRUE));

  /* Clicking a check item changes the state, and the host hears of it. */
  click (fixture, toggle, &error);
  g_assert_no_error (error);
  wait_property_update (fixture, toggle, "toggle-state", g_variant_new_int32 (1));

  /* A host that still shows the disabled item: its click does nothing. */
  click (fixture, show, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->activated->len, ==, 1);
}

static void
test_follows_model (Fixture       *fixture,
                    gconstpointer  user_data)
{
  SignalWait wait = { fixture, "LayoutUpdated", 0, NULL, NULL };
  guint before = tether_dbusmenu_get_revision (fixture->dbusmenu);
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) more = NULL;
  g_autoptr(GVariant) added = NULL;
  guint revision;

  g_menu_append (fixture->submenu, "About", "app.about");
  g_assert_true (tether_test_wait_until (signal_seen, &wait, TETHER_TEST_WAIT_S));

  root = get_layout (fixture, 0, -1, NULL, &revision);
  g_assert_cmpuint (revision, >, before);
  more = layout_child (root, layout_n_children (root) - 1);
  g_assert_cmpuint (layout_n_children (more), ==, 2);
  added = layout_child (more, 1);
  assert_item (added, "About", FALSE, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  TETHER_TEST_REQUIRE_DBUS_DAEMON ();
  g_test_init (&argc, &argv, NULL);

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  g_test_add_func ("/tether/dbusmenu/new-destroy", test_new_destroy);
  g_test_add ("/tether/dbusmenu/layout", Fixture, NULL, fixture_set_up, test_layout, fixture_tear_down);
  g_test_add ("/tether/dbusmenu/properties", Fixture, NULL, fixture_set_up, test_properties, fixture_tear_down);
  g_test_add ("/tether/dbusmenu/event", Fixture, NULL, fixture_set_up, test_event, fixture_tear_down);
  g_test_add ("/tether/dbusmenu/follows-actions", Fixture, NULL,
              fixture_set_up, test_follows_actions, fixture_tear_down);
  g_test_add ("/tether/dbusmenu/follows-model", Fixture, NULL,
              fixture_set_up, test_follows_model, fixture_tear_down);

  ret = g_test_run ();

  g_test_dbus_down (bus);
  g_object_unref (bus);

  return ret;
}
