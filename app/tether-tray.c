/* tether-tray.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The item registers with the watcher by its unique bus name (not a
 * well-known "org.kde.StatusNotifierItem-PID-N" name): every watcher in use
 * accepts that, and inside a Flatpak Tether then needs only --talk-name for
 * the watcher, no --own-name.
 *
 * Icons: IconName names a themed icon (installed to hicolor/scalable/status
 * and, because its name starts with the app id, exported by Flatpak to the
 * host's icon theme). IconPixmap carries the same icons as pixels, from PNGs
 * compiled in (build-aux/render-tray-pixmaps), for hosts that cannot find
 * that theme: a Flatpak whose exports are not in the host's XDG_DATA_DIRS,
 * an unusual prefix, hosts that ignore themes. Outside a Flatpak,
 * IconThemePath also points at the installed icons.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "tether-dbusmenu.h"
#include "tether-tray.h"
#include "tether-tray-state.h"

#define ITEM_PATH "/StatusNotifierItem"
#define MENU_PATH "/MenuBar"
#define WATCHER_PATH "/StatusNotifierWatcher"
#define ICON_RESOURCE_PATH "/io/github/tetherapp/Tether/tray/"

#define SNI_INTERFACE_BODY \
  "<property name='Category' type='s' access='read'/>" \
  "<property name='Id' type='s' access='read'/>" \
  "<property name='Title' type='s' access='read'/>" \
  "<property name='Status' type='s' access='read'/>" \
  "<property name='WindowId' type='i' access='read'/>" \
  "<property name='IconThemePath' type='s' access='read'/>" \
  "<property name='Menu' type='o' access='read'/>" \
  "<property name='ItemIsMenu' type='b' access='read'/>" \
  "<property name='IconName' type='s' access='read'/>" \
  "<property name='IconPixmap' type='a(iiay)' access='read'/>" \
  "<property name='OverlayIconName' type='s' access='read'/>" \
  "<property name='OverlayIconPixmap' type='a(iiay)' access='read'/>" \
  "<property name='AttentionIconName' type='s' access='read'/>" \
  "<property name='AttentionIconPixmap' type='a(iiay)' access='read'/>" \
  "<property name='AttentionMovieName' type='s' access='read'/>" \
  "<property name='ToolTip' type='(sa(iiay)ss)' access='read'/>" \
  "<method name='ContextMenu'><arg name='x' type='i' direction='in'/><arg name='y' type='i' direction='in'/></method>" \
  "<method name='Activate'><arg name='x' type='i' direction='in'/><arg name='y' type='i' direction='in'/></method>" \
  "<method name='SecondaryActivate'><arg name='x' type='i' direction='in'/><arg name='y' type='i' direction='in'/></method>" \
  "<method name='Scroll'><arg name='delta' type='i' direction='in'/><arg name='orientation' type='s' direction='in'/></method>" \
  "<method name='ProvideXdgActivationToken'><arg name='token' type='s' direction='in'/></method>" \
  "<signal name='NewTitle'/>" \
  "<signal name='NewIcon'/>" \
  "<signal name='NewAttentionIcon'/>" \
  "<signal name='NewOverlayIcon'/>" \
  "<signal name='NewMenu'/>" \
  "<signal name='NewToolTip'/>" \
  "<signal name='NewStatus'><arg name='status' type='s'/></signal>"

/* The KDE names are what every host uses; the freedesktop spelling is
 * exported too, for hosts that follow the draft's renamed interfaces. */
static const char introspection_xml[] =
  "<node>"
  "<interface name='org.kde.StatusNotifierItem'>" SNI_INTERFACE_BODY "</interface>"
  "<interface name='org.freedesktop.StatusNotifierItem'>" SNI_INTERFACE_BODY "</interface>"
  "</node>";

static const char * const watcher_names[] = {
  "org.kde.StatusNotifierWatcher",
  "org.freedesktop.StatusNotifierWatcher",
};
#define N_WATCHERS G_N_ELEMENTS (watcher_names)
#define N_ITEM_INTERFACES 2

struct _TetherTray
{
  GObject          parent_instance;

  GDBusConnection *connection;       /* owned, nullable */
  GActionGroup    *actions;          /* weak pointer: normally the application, which owns us */
  GMenuModel      *menu;             /* owned */
  TetherDbusmenu  *dbusmenu;         /* owned, nullable */
  guint            registrations[N_ITEM_INTERFACES];

  guint            watch_ids[N_WATCHERS];
  char            *watcher_owners[N_WATCHERS]; /* owned, nullable: unique names */
  char            *target;           /* owned, nullable: the watcher registered (or registering) with */
  guint            target_index;     /* into watcher_names, valid with target */
  GCancellable    *cancellable;      /* owned: calls to target */
  guint            host_signal_ids[2];
  gboolean         registered;
  gboolean         host_registered;
  gboolean         available;

  TetherTrayState  state;
  char            *description;      /* owned */
  char            *activation_token; /* owned, nullable: from ProvideXdgActivationToken */
  char            *icon_theme_path;  /* owned */
  GHashTable      *pixmaps;          /* icon name → GVariant a(iiay), owned */
};

static void tether_tray_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TetherTray, tether_tray, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      tether_tray_initable_iface_init))

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_ACTIONS,
  PROP_MENU,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------- state */

static const char *
state_status (TetherTrayState state)
{
  return state == TETHER_TRAY_STATE_ERROR ? "NeedsAttention" : "Active";
}

/* ------------------------------------------------------------- pixmaps */

static void
add_pixmap (GVariantBuilder *builder,
            GdkPixbuf       *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
  gsize size = (gsize) width * height * 4;
  guchar *argb = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;

  /* gdk-pixbuf: R, G, B[, A], not premultiplied. SNI: ARGB32 in network
   * byte order, that is A, R, G, B. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * channels;
        guchar *q = argb + ((gsize) y * width + x) * 4;

        q[0] = alpha ? p[3] : 0xff;
        q[1] = p[0];
        q[2] = p[1];
        q[3] = p[2];
      }

  bytes = g_bytes_new_take (argb, size);
  g_variant_builder_add (builder, "(ii@ay)", width, height,
                         g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE));
}

static GVariant *
get_pixmaps (TetherTray *self,
             const char *icon_name)
{
  static const int sizes[] = { 16, 22, 32, 48 };
  GVariantBuilder builder;
  GVariant *pixmaps;

  if ((pixmaps = g_hash_table_lookup (self->pixmaps, icon_name)) != NULL)
    return pixmaps;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(iiay)"));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf (ICON_RESOURCE_PATH "%s-%d.png", icon_name, sizes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_resource (path, &error);

      /* Compiled in and decoded by gdk-pixbuf's built-in PNG loader: only
       * a broken build gets here. The host still has IconName. */
      if (pixbuf == NULL)
        {
          g_critical ("Cannot load %s: %s", path, error->message);
          break;
        }
      add_pixmap (&builder, pixbuf);
    }

  pixmaps = g_variant_ref_sink (g_variant_builder_end (&builder));
  g_hash_table_insert (self->pixmaps, g_strdup (icon_name), pixmaps);

  return pixmaps;
}

/* ------------------------------------------------------------- D-Bus item */

static GDBusNodeInfo *
item_node_info (void)
{
  static GDBusNodeInfo *node_info;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      node_info = g_dbus_node_info_new_for_xml (introspection_xml, NULL);
      g_once_init_leave (&initialized, 1);
    }

  return node_info;
}

static void
emit_item_signal (TetherTray         *self,
                  const char         *signal_name,
                  GVariant           *parameters,
                  const char * const *invalidated)
{
  GDBusNodeInfo *info = item_node_info ();

  if (self->registrations[0] == 0)
    {
      if (parameters != NULL)
        g_variant_unref (g_variant_ref_sink (parameters));
      return;
    }

  if (parameters != NULL)
    g_variant_ref_sink (parameters);

  for (guint i = 0; i < N_ITEM_INTERFACES; i++)
    {
      g_dbus_connection_emit_signal (self->connection, NULL, ITEM_PATH,
                                     info->interfaces[i]->name, signal_name,
                                     parameters, NULL);
      /* Some hosts follow PropertiesChanged instead. Values are not sent:
       * a pixmap would travel twice. */
      g_dbus_connection_emit_signal (self->connection, NULL, ITEM_PATH,
                                     "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                     g_variant_new ("(s@a{sv}^as)", info->interfaces[i]->name,
                                                    g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                                                    invalidated),
                                     NULL);
    }

  if (parameters != NULL)
    g_variant_unref (parameters);
}

static void
activate_action (TetherTray *self,
                 const char *name,
                 GVariant   *parameter)
{
  if (self->actions != NULL &&
      g_action_group_has_action (self->actions, name) &&
      g_action_group_get_action_enabled (self->actions, name))
    g_action_group_activate_action (self->actions, name, parameter);
  else if (parameter != NULL)
    g_variant_unref (g_variant_ref_sink (parameter));
}

static void
item_method_call_cb (GDBusConnection       *connection,
                     const char            *sender,
                     const char            *object_path,
                     const char            *interface_name,
                     const char            *method_name,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation,
                     gpointer               user_data)
{
  TetherTray *self = user_data;

  if (g_str_equal (method_name, "Activate"))
    {
      g_autofree char *token = g_steal_pointer (&self->activation_token);

      activate_action (self, "toggle-window", g_variant_new_string (token ? token : ""));
    }
  else if (g_str_equal (method_name, "SecondaryActivate"))
    activate_action (self, "show-window", NULL);
  else if (g_str_equal (method_name, "ProvideXdgActivationToken"))
    {
      g_free (self->activation_token);
      g_variant_get (parameters, "(s)", &self->activation_token);
    }
  /* ContextMenu: every host that calls it instead of reading Menu draws
   * no menu of its own; there is no window to pop one up from. Scroll:
   * nothing to scroll through. Both succeed and do nothing. */

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
item_get_property_cb (GDBusConnection  *connection,
                      const char       *sender,
                      const char       *object_path,
                      const char       *interface_name,
                      const char       *property_name,
                      GError          **error,
                      gpointer          user_data)
{
  TetherTray *self = user_data;
  const char *icon_name = tether_tray_state_icon_name (self->state);
  const char *attention_icon = tether_tray_state_icon_name (TETHER_TRAY_STATE_ERROR);

  if (g_str_equal (property_name, "Category"))
    return g_variant_new_string ("ApplicationStatus");
  if (g_str_equal (property_name, "Id"))
    return g_variant_new_string (APP_ID);
  if (g_str_equal (property_name, "Title"))
    return g_variant_new_string (_("Tether"));
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string (state_status (self->state));
  if (g_str_equal (property_name, "WindowId"))
    return g_variant_new_int32 (0);
  if (g_str_equal (property_name, "IconThemePath"))
    return g_variant_new_string (self->icon_theme_path);
  if (g_str_equal (property_name, "Menu"))
    return g_variant_new_object_path (self->dbusmenu ? MENU_PATH : "/");
  if (g_str_equal (property_name, "ItemIsMenu"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (property_name, "IconName"))
    return g_variant_new_string (icon_name);
  if (g_str_equal (property_name, "IconPixmap"))
    return g_variant_ref (get_pixmaps (self, icon_name));
  if (g_str_equal (property_name, "AttentionIconName"))
    return g_variant_new_string (attention_icon);
  if (g_str_equal (property_name, "AttentionIconPixmap"))
    return g_variant_ref (get_pixmaps (self, attention_icon));
  if (g_str_equal (property_name, "OverlayIconName") ||
      g_str_equal (property_name, "AttentionMovieName"))
    return g_variant_new_string ("");
  if (g_str_equal (property_name, "OverlayIconPixmap"))
    return g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0);
  if (g_str_equal (property_name, "ToolTip"))
    return g_variant_new ("(s@a(iiay)ss)", icon_name,
                          g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0),
                          _("Tether"), self->description);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY,
               "No property %s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable item_vtable = {
  .method_call = item_method_call_cb,
  .get_property = item_get_property_cb,
};

/* ------------------------------------------------------------- watcher */

static void
set_available (TetherTray *self,
               gboolean    available)
{
  available = !!available;
  if (self->available == available)
    return;

  self->available = available;
  g_debug ("Tray %s", available ? "available" : "unavailable");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static void
update_available (TetherTray *self)
{
  set_available (self, self->registered && self->host_registered);
}

static void
host_property_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  TetherTray *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TETHER_TRAY (user_data);
  if (reply == NULL)
    {
      /* A watcher without the property: assume it has a host. */
      g_debug ("IsStatusNotifierHostRegistered: %s", error->message);
      self->host_registered = TRUE;
    }
  else
    {
      g_variant_get (reply, "(v)", &value);
      self->host_registered = g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
                              g_variant_get_boolean (value);
    }

  update_available (self);
}

static void
query_host (TetherTray *self)
{
  g_dbus_connection_call (self->connection, self->target, WATCHER_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", watcher_names[self->target_index],
                                         "IsStatusNotifierHostRegistered"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, host_property_cb, self);
}

static void
host_changed_cb (GDBusConnection *connection,
                 const char      *sender_name,
                 const char      *object_path,
                 const char      *interface_name,
                 const char      *signal_name,
                 GVariant        *parameters,
                 gpointer         user_data)
{
  TetherTray *self = user_data;

  if (self->registered)
    query_host (self);
}

static void
unsubscribe_host (TetherTray *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->host_signal_ids); i++)
    if (self->host_signal_ids[i] != 0)
      {
        g_dbus_connection_signal_unsubscribe (self->connection, self->host_signal_ids[i]);
        self->host_signal_ids[i] = 0;
      }
}

static void
register_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  TetherTray *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TETHER_TRAY (user_data);
  if (reply == NULL)
    {
      g_debug ("%s refused the tray item: %s", watcher_names[self->target_index], error->message);
      return;
    }

  g_debug ("Registered the tray item with %s (%s)", watcher_names[self->target_index], self->target);
  self->registered = TRUE;

  self->host_signal_ids[0] =
    g_dbus_connection_signal_subscribe (self->connection, self->target,
                                        watcher_names[self->target_index],
                                        "StatusNotifierHostRegistered", WATCHER_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, host_changed_cb, self, NULL);
  self->host_signal_ids[1] =
    g_dbus_connection_signal_subscribe (self->connection, self->target,
                                        watcher_names[self->target_index],
                                        "StatusNotifierHostUnregistered", WATCHER_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, host_changed_cb, self, NULL);
  query_host (self);
}

/* Registers with the first watcher present, again whenever that changes. */
static void
update_registration (TetherTray *self)
{
  const char *owner = NULL;
  guint index = 0;

  for (guint i = 0; i < N_WATCHERS && owner == NULL; i++)
    if (self->watcher_owners[i] != NULL)
      {
        owner = self->watcher_owners[i];
        index = i;
      }

  if (g_strcmp0 (owner, self->target) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  unsubscribe_host (self);
  g_clear_pointer (&self->target, g_free);
  self->registered = FALSE;
  self->host_registered = FALSE;
  update_available (self);

  if (owner == NULL)
    return;

  self->target = g_strdup (owner);
  self->target_index = index;
  self->cancellable = g_cancellable_new ();
  g_dbus_connection_call (self->connection, self->target, WATCHER_PATH,
                          watcher_names[index], "RegisterStatusNotifierItem",
                          g_variant_new ("(s)", g_dbus_connection_get_unique_name (self->connection)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, register_cb, self);
}

static guint
watcher_index (const char *name)
{
  for (guint i = 0; i < N_WATCHERS; i++)
    if (g_str_equal (name, watcher_names[i]))
      return i;

  g_assert_not_reached ();
}

static void
watcher_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *name_owner,
                     gpointer         user_data)
{
  TetherTray *self = user_data;
  guint i = watcher_index (name);

  g_free (self->watcher_owners[i]);
  self->watcher_owners[i] = g_strdup (name_owner);
  update_registration (self);
}

static void
watcher_vanished_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  TetherTray *self = user_data;
  guint i = watcher_index (name);

  g_clear_pointer (&self->watcher_owners[i], g_free);
  update_registration (self);
}

/* ------------------------------------------------------------- GObject */

static gboolean
tether_tray_initable_init (GInitable     *initable,
                           GCancellable  *cancellable,
                           GError       **error)
{
  TetherTray *self = TETHER_TRAY (initable);
  GDBusNodeInfo *info = item_node_info ();

  if (self->connection == NULL)
    return TRUE;

  self->dbusmenu = tether_dbusmenu_new (self->connection, MENU_PATH, self->menu, self->actions, error);
  if (self->dbusmenu == NULL)
    return FALSE;

  for (guint i = 0; i < N_ITEM_INTERFACES; i++)
    {
      self->registrations[i] = g_dbus_connection_register_object (self->connection, ITEM_PATH,
                                                                  info->interfaces[i], &item_vtable,
                                                                  self, NULL, error);
      if (self->registrations[i] == 0)
        return FALSE;
    }

  for (guint i = 0; i < N_WATCHERS; i++)
    self->watch_ids[i] = g_bus_watch_name_on_connection (self->connection, watcher_names[i],
                                                         G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                         watcher_appeared_cb, watcher_vanished_cb,
                                                         self, NULL);

  return TRUE;
}

static void
tether_tray_initable_iface_init (GInitableIface *iface)
{
  iface->init = tether_tray_initable_init;
}

static void
tether_tray_dispose (GObject *object)
{
  TetherTray *self = (TetherTray *)object;

  for (guint i = 0; i < N_WATCHERS; i++)
    {
      g_clear_handle_id (&self->watch_ids[i], g_bus_unwatch_name);
      g_clear_pointer (&self->watcher_owners[i], g_free);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->connection != NULL)
    {
      unsubscribe_host (self);
      for (guint i = 0; i < N_ITEM_INTERFACES; i++)
        if (self->registrations[i] != 0)
          {
            g_dbus_connection_unregister_object (self->connection, self->registrations[i]);
            self->registrations[i] = 0;
          }
    }
  g_clear_object (&self->dbusmenu);
  g_clear_object (&self->connection);
  g_clear_weak_pointer (&self->actions);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (tether_tray_parent_class)->dispose (object);
}

static void
tether_tray_finalize (GObject *object)
{
  TetherTray *self = (TetherTray *)object;

  g_free (self->target);
  g_free (self->description);
  g_free (self->activation_token);
  g_free (self->icon_theme_path);
  g_hash_table_unref (self->pixmaps);

  G_OBJECT_CLASS (tether_tray_parent_class)->finalize (object);
}

static void
tether_tray_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TetherTray *self = TETHER_TRAY (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_ACTIONS:
      g_value_set_object (value, self->actions);
      break;
    case PROP_MENU:
      g_value_set_object (value, self->menu);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_tray_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TetherTray *self = TETHER_TRAY (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_ACTIONS:
      g_set_weak_pointer (&self->actions, g_value_get_object (value));
      break;
    case PROP_MENU:
      self->menu = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_tray_class_init (TetherTrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_tray_dispose;
  object_class->finalize = tether_tray_finalize;
  object_class->get_property = tether_tray_get_property;
  object_class->set_property = tether_tray_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         G_TYPE_DBUS_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIONS] =
    g_param_spec_object ("actions", NULL, NULL,
                         G_TYPE_ACTION_GROUP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MENU] =
    g_param_spec_object ("menu", NULL, NULL,
                         G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * TetherTray:available:
   *
   * Whether a StatusNotifierWatcher accepted the item and a host shows it.
   * When FALSE, the window is reachable only from the desktop's launcher.
   */
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_tray_init (TetherTray *self)
{
  g_autofree char *icons = g_build_filename (DATADIR, "icons", NULL);

  self->state = TETHER_TRAY_STATE_RECONNECTING;
  self->description = g_strdup (_("Looking for Syncthing…"));
  self->pixmaps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_variant_unref);
  /* Inside a Flatpak the path means nothing to the host, which finds the
   * exported icons by name. Outside, it helps hosts when Tether is
   * installed to a prefix that is not in XDG_DATA_DIRS. */
  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) &&
      g_file_test (icons, G_FILE_TEST_IS_DIR))
    self->icon_theme_path = g_steal_pointer (&icons);
  else
    self->icon_theme_path = g_strdup ("");
}

TetherTray *
tether_tray_new (GDBusConnection  *connection,
                 GActionGroup     *actions,
                 GMenuModel       *menu,
                 GError          **error)
{
  g_return_val_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);
  g_return_val_if_fail (G_IS_MENU_MODEL (menu), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (TETHER_TYPE_TRAY, NULL, error,
                         "connection", connection,
                         "actions", actions,
                         "menu", menu,
                         NULL);
}

gboolean
tether_tray_get_available (TetherTray *self)
{
  g_return_val_if_fail (TETHER_IS_TRAY (self), FALSE);

  return self->available;
}

TetherTrayState
tether_tray_get_state (TetherTray *self)
{
  g_return_val_if_fail (TETHER_IS_TRAY (self), TETHER_TRAY_STATE_ERROR);

  return self->state;
}

void
tether_tray_set_snapshot (TetherTray     *self,
                          TetherSnapshot *snapshot)
{
  g_autofree char *description = NULL;
  TetherTrayState state;
  gboolean status_changed, icon_changed, tooltip_changed;

  g_return_if_fail (TETHER_IS_TRAY (self));
  g_return_if_fail (snapshot != NULL);

  state = tether_tray_state_for_snapshot (snapshot, &description);
  icon_changed = state != self->state;
  status_changed = !g_str_equal (state_status (state), state_status (self->state));
  tooltip_changed = icon_changed || g_strcmp0 (description, self->description) != 0;

  self->state = state;
  g_free (self->description);
  self->description = g_steal_pointer (&description);

  /* The icon first: hosts re-read it and the tooltip on NewIcon. */
  if (icon_changed)
    emit_item_signal (self, "NewIcon", NULL, (const char *[]) { "IconName", "IconPixmap", NULL });
  if (tooltip_changed)
    emit_item_signal (self, "NewToolTip", NULL, (const char *[]) { "ToolTip", NULL });
  if (status_changed)
    emit_item_signal (self, "NewStatus", g_variant_new ("(s)", state_status (state)),
                      (const char *[]) { "Status", NULL });
}
