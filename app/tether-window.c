/* tether-window.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-device-item.h"
#include "tether-device-page.h"
#include "tether-format.h"
#include "tether-sparkline.h"
#include "tether-syncthing-launcher.h"
#include "tether-window.h"

/* What depends on the clock (since, the device page) is recomputed this often. */
#define TICK_SECONDS 60
/* The sparklines are read from the history this often (and when a device
 * appears, or the history is loaded or cleared): not with every snapshot. */
#define ACTIVITY_SECONDS (5 * 60)

struct _TetherWindow
{
  AdwApplicationWindow  parent_instance;

  TetherEngine         *engine;         /* owned */
  TetherHistoryMonitor *monitor;        /* owned */
  GCancellable         *activity_cancellable; /* owned, nullable: sparkline queries */
  GSettings            *settings;       /* owned */
  guint                 tick_id;
  guint                 activity_id;
  gboolean              search_mode;
  gboolean              selecting;      /* the selection changes by code, not by the user */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  AdwWindowTitle       *window_title;
  GtkRevealer          *history_revealer;
  GtkLabel             *history_label;
  GtkWidget            *reconnect_all_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkImage             *network_icon;
  GtkLabel             *network_label;
  GtkWidget            *metered_badge;
  GtkLabel             *sources_label;
  GtkStack             *stack;
  AdwStatusPage        *status_page;
  GtkWidget            *start_button;
  GtkWidget            *retry_button;
  GtkWidget            *preferences_button;
  GtkListView          *device_list;
  GtkStack             *content_stack;
  TetherDevicePage     *device_page;
  GListStore           *devices;
  GtkSingleSelection   *selection;
  GtkFilterListModel   *filter_model;
};

G_DEFINE_FINAL_TYPE (TetherWindow, tether_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SEARCH_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------ sparklines */

static TetherDeviceItem *
find_listed_item (TetherWindow *self,
                  const char   *id)
{
  GListModel *model = G_LIST_MODEL (self->devices);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (tether_device_item_get_id (item), id))
        return g_steal_pointer (&item);
    }

  return NULL;
}

static void
activity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GVariant) values = NULL;
  g_autoptr(TetherDeviceItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  TetherWindow *self;

  values = tether_history_monitor_query_activity_finish (TETHER_HISTORY_MONITOR (object), result,
                                                         &id, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = TETHER_WINDOW (user_data);
  if (values == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED))
        g_warning ("Could not read the connected time of %s: %s", id, error->message);
      return;
    }

  /* A device that left the list meanwhile is dropped. */
  if ((item = find_listed_item (self, id)) != NULL)
    tether_device_item_set_activity (item, values);
}

static void
query_activity (TetherWindow *self,
                const char   *id)
{
  if (self->monitor == NULL || tether_history_monitor_get_history (self->monitor) == NULL)
    return;

  if (self->activity_cancellable == NULL)
    self->activity_cancellable = g_cancellable_new ();
  tether_history_monitor_query_activity_async (self->monitor, id, TETHER_SPARKLINE_HOURS,
                                               g_get_real_time (), self->activity_cancellable,
                                               activity_cb, self);
}

/* Every device's sparkline, anew: what is still on its way is dropped. */
static void
query_all_activity (TetherWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->devices);

  g_cancellable_cancel (self->activity_cancellable);
  g_clear_object (&self->activity_cancellable);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (model, i);

      query_activity (self, tether_device_item_get_id (item));
    }
}

static gboolean
activity_timeout_cb (gpointer user_data)
{
  query_all_activity (user_data);

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------- devices */

/* Items are updated in place, matched by device ID; only devices that
 * appear or leave add or remove items. Sorting is the sort model's job. */
static void
update_devices (TetherWindow   *self,
                TetherSnapshot *snapshot)
{
  GListModel *model = G_LIST_MODEL (self->devices);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < snapshot->devices->len; i++)
    {
      TetherDeviceInfo *info = g_ptr_array_index (snapshot->devices, i);

      g_hash_table_insert (wanted, info->id, info);
    }

  self->selecting = TRUE;

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (model, i - 1);
      TetherDeviceInfo *info = g_hash_table_lookup (wanted, tether_device_item_get_id (item));
      g_autofree char *name = NULL;
      int rank;

      if (info == NULL)
        {
          g_list_store_remove (self->devices, i - 1);
          continue;
        }

      rank = tether_device_item_get_rank (item);
      name = g_strdup (tether_device_item_get_name (item));
      tether_device_item_set_info (item, info);
      g_hash_table_add (present, info->id);

      /* The sort and filter models do not watch item properties: an item
       * whose sort key changed is announced again, so that it moves. */
      if (rank != tether_device_item_get_rank (item) ||
          g_strcmp0 (name, tether_device_item_get_name (item)) != 0)
        g_list_store_splice (self->devices, i - 1, 1, (gpointer *) &item, 1);
    }

  for (guint i = 0; i < snapshot->devices->len; i++)
    {
      TetherDeviceInfo *info = g_ptr_array_index (snapshot->devices, i);

      if (!g_hash_table_contains (present, info->id))
        {
          g_autoptr(TetherDeviceItem) item = tether_device_item_new (info);

          g_list_store_append (self->devices, item);
          query_activity (self, info->id);
        }
    }

  self->selecting = FALSE;
}

static TetherDeviceItem *
find_item (TetherWindow *self,
           const char   *id,
           guint        *position)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (tether_device_item_get_id (item), id))
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&item);
        }
    }

  return NULL;
}

/* -------------------------------------------------------------- header */

static void
update_title (TetherWindow   *self,
              TetherSnapshot *snapshot)
{
  g_autofree char *subtitle = NULL;

  if (snapshot->status == TETHER_ENGINE_STATUS_ONLINE && snapshot->devices->len > 0)
    {
      guint connected = tether_snapshot_count_state (snapshot, TETHER_DEVICE_STATE_CONNECTED) +
                        tether_snapshot_count_state (snapshot, TETHER_DEVICE_STATE_STALE);

      /* Translators: "3 of 4 devices connected" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u of %u device connected",
                                               "%u of %u devices connected",
                                               snapshot->devices->len),
                                  connected, snapshot->devices->len);
    }
  else if (snapshot->status == TETHER_ENGINE_STATUS_ONLINE)
    subtitle = g_strdup (_("No remote devices"));
  else if (snapshot->status != TETHER_ENGINE_STATUS_STARTING)
    subtitle = g_strdup (_("Syncthing is not available"));

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
update_network (TetherWindow   *self,
                TetherSnapshot *snapshot)
{
  gboolean watched = (snapshot->sources & (TETHER_SIGNAL_SOURCE_NETWORK_MANAGER |
                                           TETHER_SIGNAL_SOURCE_NETWORK_MONITOR)) != 0;
  g_autofree char *sources = tether_format_sources (snapshot->sources);
  g_autofree char *tooltip = NULL;
  const char *name;

  if (!watched)
    name = _("Network not watched");
  else if (!snapshot->network_online)
    name = _("Offline");
  else if (snapshot->network_name != NULL)
    name = snapshot->network_name;
  else
    name = _("Connected");

  gtk_image_set_from_icon_name (self->network_icon,
                                tether_network_icon_name (snapshot->network_type,
                                                          !watched || snapshot->network_online));
  gtk_label_set_label (self->network_label, name);
  gtk_widget_set_visible (self->metered_badge, watched && snapshot->network_metered);

  if (sources != NULL)
    {
      /* Translators: the list is "NetworkManager · logind" */
      tooltip = g_strdup_printf (_("Tether learns about sleep and network changes from: %s"), sources);
      gtk_label_set_label (self->sources_label, sources);
    }
  else
    {
      tooltip = g_strdup (_("No system signals: Tether follows Syncthing’s own events only"));
      gtk_label_set_label (self->sources_label, _("Syncthing events only"));
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sources_label), tooltip);
}

/* A history kept in memory only says so, and why, above the list. */
static void
update_history_banner (TetherWindow *self)
{
  const char *message = tether_history_monitor_get_degraded_message (self->monitor);

  gtk_label_set_label (self->history_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->history_revealer,
                                 tether_history_monitor_get_degraded (self->monitor));
}

/* ------------------------------------------------------- status pages */

static void
update_status (TetherWindow   *self,
               TetherSnapshot *snapshot)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  TetherSyncthingLauncher *launcher = NULL;
  const char *icon = "dialog-error-symbolic";
  const char *title = NULL;
  g_autofree char *description = NULL;
  gboolean can_retry = TRUE;
  gboolean can_start = FALSE;
  gboolean show_preferences = FALSE;

  if (TETHER_IS_APPLICATION (app))
    launcher = tether_application_get_launcher (TETHER_APPLICATION (app));

  switch (snapshot->status)
    {
    case TETHER_ENGINE_STATUS_STARTING:
      icon = "content-loading-symbolic";
      title = _("Looking for Syncthing…");
      can_retry = FALSE;
      break;
    case TETHER_ENGINE_STATUS_NOT_FOUND:
      icon = "system-search-symbolic";
      title = _("Syncthing Not Found");
      /* Translators: the first part says where Tether looked */
      description = g_strdup_printf (_("%s\n\nStart Syncthing, or enter its address and API key in Preferences."),
                                     snapshot->status_message ? snapshot->status_message : "");
      can_start = TRUE;
      show_preferences = TRUE;
      break;
    case TETHER_ENGINE_STATUS_UNREACHABLE:
      icon = "network-offline-symbolic";
      title = _("Syncthing Is Not Reachable");
      can_start = TRUE;
      show_preferences = TRUE;
      break;
    case TETHER_ENGINE_STATUS_UNAUTHORIZED:
      icon = "dialog-password-symbolic";
      title = _("API Key Rejected");
      show_preferences = TRUE;
      break;
    case TETHER_ENGINE_STATUS_BAD_RESPONSE:
      title = _("Unexpected Answer from Syncthing");
      show_preferences = TRUE;
      break;
    case TETHER_ENGINE_STATUS_ONLINE:
    default:
      if (snapshot->devices->len > 0)
        {
          gtk_stack_set_visible_child_name (self->stack,
                                            g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0
                                              ? "devices" : "no-results");
          return;
        }
      icon = "computer-symbolic";
      title = _("No Remote Devices");
      description = g_strdup (_("This Syncthing shares with no other device yet. "
                                "Add one in Syncthing, and it appears here."));
      can_retry = FALSE;
      break;
    }

  if (description == NULL && snapshot->status_message != NULL)
    description = g_strdup (snapshot->status_message);

  adw_status_page_set_icon_name (self->status_page, icon);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->preferences_button, show_preferences);
  /* Offered only when there is a syncthing to start. */
  gtk_widget_set_visible (self->start_button,
                          can_start && launcher != NULL &&
                          tether_syncthing_launcher_get_available (launcher));
  gtk_stack_set_visible_child_name (self->stack, "status");
}

/* -------------------------------------------------------------- actions */

static void
update_actions (TetherWindow *self)
{
  TetherSnapshot *snapshot = self->engine ? tether_engine_get_snapshot (self->engine) : NULL;
  gboolean online = snapshot != NULL && snapshot->status == TETHER_ENGINE_STATUS_ONLINE;
  gboolean have_devices = g_list_model_get_n_items (G_LIST_MODEL (self->devices)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reconnect-all", online && have_devices);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry", self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 adw_leaflet_get_folded (self->leaflet) &&
                                 adw_leaflet_get_visible_child (self->leaflet) == self->content);
}

static void
snapshot_cb (TetherEngine   *engine,
             TetherSnapshot *snapshot,
             TetherWindow   *self)
{
  update_devices (self, snapshot);
  update_status (self, snapshot);
  update_title (self, snapshot);
  update_network (self, snapshot);
  update_actions (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TetherWindow *self = TETHER_WINDOW (widget);

  tether_engine_resync (self->engine);
}

static void
reconnect_all_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TetherWindow *self = TETHER_WINDOW (widget);

  tether_engine_reconnect_all (self->engine);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Reconnecting all devices…")));
}

static void
show_device_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TetherWindow *self = TETHER_WINDOW (widget);
  g_autoptr(TetherDeviceItem) item = NULL;
  const char *id = g_variant_get_string (parameter, NULL);
  guint position;

  item = find_item (self, id, &position);
  if (item == NULL)
    {
      /* Hidden by the search: show it anyway. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      item = find_item (self, id, &position);
    }
  if (item == NULL)
    return;

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
  tether_device_page_set_item (self->device_page, item);
  gtk_stack_set_visible_child_name (self->content_stack, "device");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TetherWindow *self = TETHER_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* --------------------------------------------------------- selection */

static void
selected_item_cb (TetherWindow *self)
{
  TetherDeviceItem *item = gtk_single_selection_get_selected_item (self->selection);

  tether_device_page_set_item (self->device_page, item);
  gtk_stack_set_visible_child_name (self->content_stack, item != NULL ? "device" : "empty");

  /* On a narrow window, choosing a device opens its page. */
  if (item != NULL && !self->selecting && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
activate_cb (TetherWindow *self,
             guint         position)
{
  g_autoptr(TetherDeviceItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-device", "s",
                                tether_device_item_get_id (item));
}

static void
filter_items_changed_cb (TetherWindow *self)
{
  if (self->engine != NULL)
    update_status (self, tether_engine_get_snapshot (self->engine));
}

static gboolean
tick_cb (gpointer user_data)
{
  TetherWindow *self = user_data;
  GListModel *model = G_LIST_MODEL (self->devices);
  gint64 now_us = g_get_real_time ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (model, i);

      tether_device_item_tick (item, now_us);
    }
  tether_device_page_refresh (self->device_page);

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------ GObject */

static void
tether_window_dispose (GObject *object)
{
  TetherWindow *self = (TetherWindow *)object;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_cancellable_cancel (self->activity_cancellable);
  g_clear_object (&self->activity_cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->activity_id, g_source_remove);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_WINDOW);

  G_OBJECT_CLASS (tether_window_parent_class)->dispose (object);
}

static void
tether_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TetherWindow *self = TETHER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, self->search_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TetherWindow *self = TETHER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE:
      tether_window_set_search_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_window_class_init (TetherWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tether_window_dispose;
  object_class->get_property = tether_window_get_property;
  object_class->set_property = tether_window_set_property;

  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TETHER_TYPE_DEVICE_ITEM);
  g_type_ensure (TETHER_TYPE_DEVICE_PAGE);
  g_type_ensure (TETHER_TYPE_SPARKLINE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tetherapp/Tether/tether-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, content);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, history_revealer);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, history_label);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, reconnect_all_button);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, network_icon);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, network_label);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, metered_badge);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, sources_label);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, device_list);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, device_page);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, devices);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, filter_model);

  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect-all", NULL, reconnect_all_action);
  gtk_widget_class_install_action (widget_class, "win.show-device", "s", show_device_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_property_action (widget_class, "win.search", "search-mode");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reconnect-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

static void
tether_window_init (TetherWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  g_object_bind_property (self->search_bar, "search-mode-enabled", self, "search-mode",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selected_item_cb), self);
  g_signal_connect_swapped (self->device_list, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->filter_model, "items-changed",
                            G_CALLBACK (filter_items_changed_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child", G_CALLBACK (update_actions), self);

  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
  self->activity_id = g_timeout_add_seconds (ACTIVITY_SECONDS, activity_timeout_cb, self);
  update_actions (self);
}

TetherWindow *
tether_window_new (TetherApplication *application)
{
  TetherWindow *self;

  g_return_val_if_fail (TETHER_IS_APPLICATION (application), NULL);

  self = g_object_new (TETHER_TYPE_WINDOW, "application", application, NULL);
  self->engine = g_object_ref (tether_application_get_engine (application));
  self->monitor = g_object_ref (tether_application_get_history_monitor (application));
  tether_device_page_set_engine (self->device_page, self->engine);
  tether_device_page_set_monitor (self->device_page, self->monitor);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (query_all_activity), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::degraded", G_CALLBACK (update_history_banner), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::degraded-message",
                           G_CALLBACK (update_history_banner), self, G_CONNECT_SWAPPED);
  update_history_banner (self);
  g_signal_connect (self->engine, "snapshot", G_CALLBACK (snapshot_cb), self);
  snapshot_cb (self->engine, tether_engine_get_snapshot (self->engine), self);

  return self;
}

GListModel *
tether_window_get_devices (TetherWindow *self)
{
  g_return_val_if_fail (TETHER_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->devices);
}

gboolean
tether_window_get_search_mode (TetherWindow *self)
{
  g_return_val_if_fail (TETHER_IS_WINDOW (self), FALSE);

  return self->search_mode;
}

void
tether_window_set_search_mode (TetherWindow *self,
                               gboolean      search_mode)
{
  g_return_if_fail (TETHER_IS_WINDOW (self));

  search_mode = !!search_mode;
  if (self->search_mode == search_mode)
    return;

  self->search_mode = search_mode;
  if (search_mode)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}
