/* tether-dbusmenu.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The menu is small (a tray menu), so the layout is rebuilt as a whole
 * whenever the model changes; item ids are positions in that layout and
 * the revision tells hosts to fetch it again. Action changes only touch
 * item properties, reported with ItemsPropertiesUpdated.
 */

#include "config.h"

#include "tether-dbusmenu.h"

#define DBUSMENU_INTERFACE "com.canonical.dbusmenu"
#define DBUSMENU_XML "/io/github/tetherapp/Tether/tray/com.canonical.dbusmenu.xml"

typedef struct _Item Item;

struct _Item
{
  int        id;
  gboolean   separator;
  char      *label;        /* owned, nullable */
  char      *action;       /* owned, nullable: the name in the action group */
  GVariant  *target;       /* owned, nullable */
  char      *hidden_when;  /* owned, nullable */
  GPtrArray *children;     /* owned, of Item* (unowned: items owns them); NULL for a leaf */
};

struct _TetherDbusmenu
{
  GObject          parent_instance;

  GDBusConnection *connection;   /* owned */
  char            *object_path;  /* owned */
  GMenuModel      *menu;         /* owned */
  GActionGroup    *actions;      /* weak pointer: it normally owns us, through the tray */
  guint            registration; /* 0 when not exported */
  guint            revision;
  GPtrArray       *items;        /* owned, of Item*, indexed by id; [0] is the root */
  GPtrArray       *watched;      /* owned, of GMenuModel*, with an items-changed handler */
};

static void tether_dbusmenu_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TetherDbusmenu, tether_dbusmenu, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      tether_dbusmenu_initable_iface_init))

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_OBJECT_PATH,
  PROP_MENU,
  PROP_ACTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GDBusInterfaceInfo *
dbusmenu_interface_info (void)
{
  static GDBusNodeInfo *node_info;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) xml = g_resources_lookup_data (DBUSMENU_XML, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

      /* Built in: neither can fail but by a build mistake. */
      g_assert (xml != NULL);
      node_info = g_dbus_node_info_new_for_xml (g_bytes_get_data (xml, NULL), NULL);
      g_assert (node_info != NULL);
      g_once_init_leave (&initialized, 1);
    }

  return node_info->interfaces[0];
}

static void
item_free (Item *item)
{
  g_free (item->label);
  g_free (item->action);
  g_clear_pointer (&item->target, g_variant_unref);
  g_free (item->hidden_when);
  g_clear_pointer (&item->children, g_ptr_array_unref);
  g_free (item);
}

static Item *
item_add (TetherDbusmenu *self,
          Item           *parent)
{
  Item *item = g_new0 (Item, 1);

  item->id = (int) self->items->len;
  g_ptr_array_add (self->items, item);
  if (parent != NULL)
    g_ptr_array_add (parent->children, item);

  return item;
}

static Item *
item_lookup (TetherDbusmenu *self,
             int             id)
{
  if (id < 0 || (guint) id >= self->items->len)
    return NULL;

  return g_ptr_array_index (self->items, id);
}

/* ----------------------------------------------------------- properties */

static gboolean
item_has_action (TetherDbusmenu *self,
                 const Item     *item)
{
  return item->action != NULL && self->actions != NULL &&
         g_action_group_has_action (self->actions, item->action);
}

static gboolean
item_enabled (TetherDbusmenu *self,
              const Item     *item)
{
  if (item->action == NULL)
    return item->children != NULL;

  return item_has_action (self, item) &&
         g_action_group_get_action_enabled (self->actions, item->action);
}

static gboolean
item_visible (TetherDbusmenu *self,
              const Item     *item)
{
  if (g_strcmp0 (item->hidden_when, "action-missing") == 0)
    return item_has_action (self, item);
  if (g_strcmp0 (item->hidden_when, "action-disabled") == 0)
    return item_enabled (self, item);

  return TRUE;
}

static gboolean
wanted (const char * const *names,
        const char         *name)
{
  return names == NULL || names[0] == NULL || g_strv_contains (names, name);
}

static void
add_toggle (TetherDbusmenu     *self,
            const Item         *item,
            const char * const *names,
            GVariantDict       *dict)
{
  g_autoptr(GVariant) state = NULL;
  const char *type = NULL;
  int toggled = 0;

  if (!item_has_action (self, item) ||
      (state = g_action_group_get_action_state (self->actions, item->action)) == NULL)
    return;

  if (item->target == NULL && g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN))
    {
      type = "checkmark";
      toggled = g_variant_get_boolean (state);
    }
  else if (item->target != NULL &&
           g_variant_type_equal (g_variant_get_type (state), g_variant_get_type (item->target)))
    {
      type = "radio";
      toggled = g_variant_equal (state, item->target);
    }

  if (type == NULL)
    return;
  if (wanted (names, "toggle-type"))
    g_variant_dict_insert (dict, "toggle-type", "s", type);
  if (wanted (names, "toggle-state"))
    g_variant_dict_insert (dict, "toggle-state", "i", toggled);
}

/* Every property, even at its default value: hosts then need no defaults
 * table, and a property update is always the whole truth. */
static GVariant *
item_properties (TetherDbusmenu     *self,
                 const Item         *item,
                 const char * const *names)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);

  if (item->separator)
    {
      if (wanted (names, "type"))
        g_variant_dict_insert (&dict, "type", "s", "separator");
      if (wanted (names, "visible"))
        g_variant_dict_insert (&dict, "visible", "b", TRUE);
      return g_variant_dict_end (&dict);
    }

  if (item->id != 0)
    {
      if (wanted (names, "label"))
        g_variant_dict_insert (&dict, "label", "s", item->label ? item->label : "");
      if (wanted (names, "enabled"))
        g_variant_dict_insert (&dict, "enabled", "b", item_enabled (self, item));
      if (wanted (names, "visible"))
        g_variant_dict_insert (&dict, "visible", "b", item_visible (self, item));
      add_toggle (self, item, names, &dict);
    }

  if (item->children != NULL && wanted (names, "children-display"))
    g_variant_dict_insert (&dict, "children-display", "s", "submenu");

  return g_variant_dict_end (&dict);
}

static GVariant *
item_layout (TetherDbusmenu     *self,
             const Item         *item,
             int                 depth,
             const char * const *names)
{
  GVariantBuilder children;

  g_variant_builder_init (&children, G_VARIANT_TYPE ("av"));
  if (item->children != NULL && depth != 0)
    for (guint i = 0; i < item->children->len; i++)
      g_variant_builder_add (&children, "v",
                             item_layout (self, g_ptr_array_index (item->children, i),
                                          depth < 0 ? -1 : depth - 1, names));

  return g_variant_new ("(i@a{sv}av)", item->id, item_properties (self, item, names), &children);
}

/* ---------------------------------------------------------------- layout */

static void rebuild (TetherDbusmenu *self);

static void
items_changed_cb (GMenuModel     *model,
                  int             position,
                  int             removed,
                  int             added,
                  TetherDbusmenu *self)
{
  rebuild (self);
  if (self->registration != 0)
    g_dbus_connection_emit_signal (self->connection, NULL, self->object_path,
                                   DBUSMENU_INTERFACE, "LayoutUpdated",
                                   g_variant_new ("(ui)", self->revision, 0), NULL);
}

static void
watch_model (TetherDbusmenu *self,
             GMenuModel     *model)
{
  g_signal_connect_object (model, "items-changed", G_CALLBACK (items_changed_cb), self, 0);
  g_ptr_array_add (self->watched, g_object_ref (model));
}

static void
unwatch_models (TetherDbusmenu *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i),
                                          items_changed_cb, self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
add_separator (TetherDbusmenu *self,
               Item           *parent)
{
  Item *last = parent->children->len > 0
             ? g_ptr_array_index (parent->children, parent->children->len - 1) : NULL;

  /* Never first, never two in a row. */
  if (last != NULL && !last->separator)
    item_add (self, parent)->separator = TRUE;
}

static void
add_model (TetherDbusmenu *self,
           Item           *parent,
           GMenuModel     *model)
{
  int n = g_menu_model_get_n_items (model);
  gboolean after_section = FALSE;

  watch_model (self, model);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = NULL;
      g_autofree char *action = NULL;
      Item *item;

      if (section != NULL)
        {
          add_separator (self, parent);
          add_model (self, parent, section);
          after_section = TRUE;
          continue;
        }

      if (after_section)
        add_separator (self, parent);
      after_section = FALSE;

      item = item_add (self, parent);
      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &item->label);
      g_menu_model_get_item_attribute (model, i, "hidden-when", "s", &item->hidden_when);
      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        {
          if (g_str_has_prefix (action, "app."))
            item->action = g_strdup (action + strlen ("app."));
          else
            g_debug ("Tray menu: only app.* actions are supported, not %s", action);
          item->target = g_menu_model_get_item_attribute_value (model, i, G_MENU_ATTRIBUTE_TARGET, NULL);
        }

      submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
      if (submenu != NULL)
        {
          item->children = g_ptr_array_new ();
          add_model (self, item, submenu);
        }
    }
}

static void
rebuild (TetherDbusmenu *self)
{
  Item *root;

  unwatch_models (self);
  g_ptr_array_set_size (self->items, 0);

  root = item_add (self, NULL);
  root->children = g_ptr_array_new ();
  add_model (self, root, self->menu);

  /* A trailing separator (an empty last section) is noise. */
  while (root->children->len > 0 &&
         ((Item *) g_ptr_array_index (root->children, root->children->len - 1))->separator)
    g_ptr_array_set_size (root->children, root->children->len - 1);

  self->revision++;
}

/* ---------------------------------------------------------------- actions */

static void
action_changed (TetherDbusmenu *self,
                const char     *action_name)
{
  GVariantBuilder updated;
  gboolean any = FALSE;

  if (self->registration == 0)
    return;

  g_variant_builder_init (&updated, G_VARIANT_TYPE ("a(ia{sv})"));
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->action, action_name) != 0)
        continue;

      g_variant_builder_add (&updated, "(i@a{sv})", item->id, item_properties (self, item, NULL));
      any = TRUE;
    }

  if (!any)
    {
      g_variant_builder_clear (&updated);
      return;
    }

  g_dbus_connection_emit_signal (self->connection, NULL, self->object_path,
                                 DBUSMENU_INTERFACE, "ItemsPropertiesUpdated",
                                 g_variant_new ("(a(ia{sv})a(ias))", &updated, NULL), NULL);
}

static void
action_added_cb (GActionGroup   *group,
                 const char     *action_name,
                 TetherDbusmenu *self)
{
  action_changed (self, action_name);
}

static void
action_enabled_changed_cb (GActionGroup   *group,
                           const char     *action_name,
                           gboolean        enabled,
                           TetherDbusmenu *self)
{
  action_changed (self, action_name);
}

static void
action_state_changed_cb (GActionGroup   *group,
                         const char     *action_name,
                         GVariant       *state,
                         TetherDbusmenu *self)
{
  action_changed (self, action_name);
}

/* --------------------------------------------------------------- D-Bus */

static gboolean
handle_event (TetherDbusmenu *self,
              int             id,
              const char     *event_id)
{
  Item *item = item_lookup (self, id);

  if (item == NULL)
    return FALSE;

  /* "opened", "closed" and "hovered" need nothing from us. A click on an
   * item the host still shows as enabled, after the action was disabled,
   * is ignored, as GTK ignores it. */
  if (g_str_equal (event_id, "clicked") && !item->separator &&
      item_enabled (self, item) && item_visible (self, item) && item_has_action (self, item))
    g_action_group_activate_action (self->actions, item->action, item->target);

  return TRUE;
}

static GVariant *
get_group_properties (TetherDbusmenu     *self,
                      GVariant           *ids,
                      const char * const *names)
{
  GVariantBuilder builder;
  GVariantIter iter;
  gint32 id;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ia{sv})"));

  /* No ids: every item, which is what some hosts ask for. */
  if (g_variant_n_children (ids) == 0)
    {
      for (guint i = 0; i < self->items->len; i++)
        g_variant_builder_add (&builder, "(i@a{sv})", (gint32) i,
                               item_properties (self, g_ptr_array_index (self->items, i), names));
    }
  else
    {
      g_variant_iter_init (&iter, ids);
      while (g_variant_iter_next (&iter, "i", &id))
        {
          Item *item = item_lookup (self, id);

          if (item != NULL)
            g_variant_builder_add (&builder, "(i@a{sv})", id, item_properties (self, item, names));
        }
    }

  return g_variant_new ("(a(ia{sv}))", &builder);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  TetherDbusmenu *self = user_data;

  if (g_str_equal (method_name, "GetLayout"))
    {
      g_autofree const char **names = NULL;
      gint32 parent, depth;
      Item *item;

      g_variant_get (parameters, "(ii^a&s)", &parent, &depth, &names);
      if ((item = item_lookup (self, parent)) == NULL)
        goto unknown_item;

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u@(ia{sv}av))", self->revision,
                                                            item_layout (self, item, depth, names)));
    }
  else if (g_str_equal (method_name, "GetGroupProperties"))
    {
      g_autoptr(GVariant) ids = NULL;
      g_autofree const char **names = NULL;

      g_variant_get (parameters, "(@ai^a&s)", &ids, &names);
      g_dbus_method_invocation_return_value (invocation, get_group_properties (self, ids, names));
    }
  else if (g_str_equal (method_name, "GetProperty"))
    {
      g_autoptr(GVariant) props = NULL;
      g_autoptr(GVariant) value = NULL;
      const char *name;
      gint32 id;
      Item *item;

      g_variant_get (parameters, "(i&s)", &id, &name);
      if ((item = item_lookup (self, id)) == NULL)
        goto unknown_item;

      props = item_properties (self, item, NULL);
      g_variant_ref_sink (props);
      value = g_variant_lookup_value (props, name, NULL);
      if (value == NULL)
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                 "Item %d has no property %s", id, name);
          return;
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", value));
    }
  else if (g_str_equal (method_name, "Event"))
    {
      const char *event_id;
      gint32 id;

      g_variant_get (parameters, "(i&svu)", &id, &event_id, NULL, NULL);
      if (!handle_event (self, id, event_id))
        goto unknown_item;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "EventGroup"))
    {
      g_autoptr(GVariantIter) iter = NULL;
      GVariantBuilder errors;
      const char *event_id;
      guint n = 0, n_errors = 0;
      gint32 id;

      g_variant_builder_init (&errors, G_VARIANT_TYPE ("ai"));
      g_variant_get (parameters, "(a(isvu))", &iter);
      while (g_variant_iter_loop (iter, "(i&svu)", &id, &event_id, NULL, NULL))
        {
          n++;
          if (!handle_event (self, id, event_id))
            {
              g_variant_builder_add (&errors, "i", id);
              n_errors++;
            }
        }

      if (n > 0 && n_errors == n)
        {
          g_variant_builder_clear (&errors);
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                 "No such menu items");
          return;
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ai)", &errors));
    }
  else if (g_str_equal (method_name, "AboutToShow"))
    {
      gint32 id;

      g_variant_get (parameters, "(i)", &id);
      if (item_lookup (self, id) == NULL)
        goto unknown_item;
      /* The layout is always current: nothing to refresh. */
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
    }
  else if (g_str_equal (method_name, "AboutToShowGroup"))
    {
      g_autoptr(GVariantIter) iter = NULL;
      GVariantBuilder errors;
      gint32 id;

      g_variant_builder_init (&errors, G_VARIANT_TYPE ("ai"));
      g_variant_get (parameters, "(ai)", &iter);
      while (g_variant_iter_next (iter, "i", &id))
        if (item_lookup (self, id) == NULL)
          g_variant_builder_add (&errors, "i", id);

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(@aiai)",
                                                            g_variant_new_array (G_VARIANT_TYPE_INT32, NULL, 0),
                                                            &errors));
    }
  else
    g_assert_not_reached ();

  return;

unknown_item:
  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                         "No such menu item");
}

static GVariant *
get_property_cb (GDBusConnection  *connection,
                 const char       *sender,
                 const char       *object_path,
                 const char       *interface_name,
                 const char       *property_name,
                 GError          **error,
                 gpointer          user_data)
{
  if (g_str_equal (property_name, "Version"))
    return g_variant_new_uint32 (3);
  if (g_str_equal (property_name, "TextDirection"))
    /* The same test GTK makes: translators of GTK say which way they write. */
    return g_variant_new_string (g_str_equal (g_dgettext ("gtk40", "default:LTR"), "default:RTL")
                                 ? "rtl" : "ltr");
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string ("normal");
  if (g_str_equal (property_name, "IconThemePath"))
    return g_variant_new_strv (NULL, 0);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY,
               "No property %s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable vtable = {
  .method_call = method_call_cb,
  .get_property = get_property_cb,
};

/* ------------------------------------------------------------- GObject */

static gboolean
tether_dbusmenu_initable_init (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  TetherDbusmenu *self = TETHER_DBUSMENU (initable);

  rebuild (self);

  g_signal_connect_object (self->actions, "action-added",
                           G_CALLBACK (action_added_cb), self, 0);
  g_signal_connect_object (self->actions, "action-removed",
                           G_CALLBACK (action_added_cb), self, 0);
  g_signal_connect_object (self->actions, "action-enabled-changed",
                           G_CALLBACK (action_enabled_changed_cb), self, 0);
  g_signal_connect_object (self->actions, "action-state-changed",
                           G_CALLBACK (action_state_changed_cb), self, 0);

  self->registration = g_dbus_connection_register_object (self->connection, self->object_path,
                                                          dbusmenu_interface_info (), &vtable,
                                                          self, NULL, error);

  return self->registration != 0;
}

static void
tether_dbusmenu_initable_iface_init (GInitableIface *iface)
{
  iface->init = tether_dbusmenu_initable_init;
}

static void
tether_dbusmenu_dispose (GObject *object)
{
  TetherDbusmenu *self = (TetherDbusmenu *)object;

  if (self->registration != 0)
    {
      g_dbus_connection_unregister_object (self->connection, self->registration);
      self->registration = 0;
    }
  if (self->watched != NULL)
    unwatch_models (self);
  if (self->actions != NULL)
    g_signal_handlers_disconnect_by_data (self->actions, self);

  g_clear_object (&self->connection);
  g_clear_object (&self->menu);
  g_clear_weak_pointer (&self->actions);

  G_OBJECT_CLASS (tether_dbusmenu_parent_class)->dispose (object);
}

static void
tether_dbusmenu_finalize (GObject *object)
{
  TetherDbusmenu *self = (TetherDbusmenu *)object;

  g_free (self->object_path);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->watched);

  G_OBJECT_CLASS (tether_dbusmenu_parent_class)->finalize (object);
}

static void
tether_dbusmenu_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TetherDbusmenu *self = TETHER_DBUSMENU (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_OBJECT_PATH:
      g_value_set_string (value, self->object_path);
      break;
    case PROP_MENU:
      g_value_set_object (value, self->menu);
      break;
    case PROP_ACTIONS:
      g_value_set_object (value, self->actions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_dbusmenu_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TetherDbusmenu *self = TETHER_DBUSMENU (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_OBJECT_PATH:
      self->object_path = g_value_dup_string (value);
      break;
    case PROP_MENU:
      self->menu = g_value_dup_object (value);
      break;
    case PROP_ACTIONS:
      g_set_weak_pointer (&self->actions, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_dbusmenu_class_init (TetherDbusmenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_dbusmenu_dispose;
  object_class->finalize = tether_dbusmenu_finalize;
  object_class->get_property = tether_dbusmenu_get_property;
  object_class->set_property = tether_dbusmenu_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         G_TYPE_DBUS_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBJECT_PATH] =
    g_param_spec_string ("object-path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MENU] =
    g_param_spec_object ("menu", NULL, NULL,
                         G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIONS] =
    g_param_spec_object ("actions", NULL, NULL,
                         G_TYPE_ACTION_GROUP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_dbusmenu_init (TetherDbusmenu *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
}

TetherDbusmenu *
tether_dbusmenu_new (GDBusConnection  *connection,
                     const char       *object_path,
                     GMenuModel       *menu,
                     GActionGroup     *actions,
                     GError          **error)
{
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);
  g_return_val_if_fail (g_variant_is_object_path (object_path), NULL);
  g_return_val_if_fail (G_IS_MENU_MODEL (menu), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (TETHER_TYPE_DBUSMENU, NULL, error,
                         "connection", connection,
                         "object-path", object_path,
                         "menu", menu,
                         "actions", actions,
                         NULL);
}

const char *
tether_dbusmenu_get_object_path (TetherDbusmenu *self)
{
  g_return_val_if_fail (TETHER_IS_DBUSMENU (self), NULL);

  return self->object_path;
}

guint
tether_dbusmenu_get_revision (TetherDbusmenu *self)
{
  g_return_val_if_fail (TETHER_IS_DBUSMENU (self), 0);

  return self->revision;
}
