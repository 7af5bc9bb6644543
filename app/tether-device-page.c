/* tether-device-page.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-availability-grid.h"
#include "tether-device-page.h"
#include "tether-format.h"
#include "tether-timeline.h"

#define DAY_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)

struct _TetherDevicePage
{
  AdwBin            parent_instance;

  TetherDeviceItem *item;        /* owned, nullable */
  TetherEngine     *engine;      /* owned, nullable */
  TetherHistoryMonitor *monitor; /* owned, nullable */
  GCancellable     *cancellable; /* owned, nullable: the history queries in flight */
  GSettings        *settings;    /* owned */
  guint             range_days;
  gboolean          syncing_policy;

  /* Template widgets */
  GtkLabel               *name_label;
  GtkLabel               *summary_label;
  TetherTimeline         *timeline;
  TetherAvailabilityGrid *grid;
  AdwPreferencesGroup    *stats_group;
  AdwPreferencesGroup    *availability_group;
  GtkLabel               *uptime_label;
  GtkLabel               *session_label;
  GtkLabel               *flaps_label;
  GtkLabel               *prewarm_label;
  GtkLabel               *alone_label;
  GtkListBox             *routes_list;
  GtkListBox             *pool_list;
  GtkListBox             *events_list;
  AdwActionRow           *decision_row;
  AdwActionRow           *next_row;
  AdwComboRow            *policy_row;
};

G_DEFINE_FINAL_TYPE (TetherDevicePage, tether_device_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_ENGINE,
  PROP_MONITOR,
  PROP_RANGE_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *policy_values[] = { "", "passive", "active", "adaptive", "off" };

const char *
tether_device_page_policy_value (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (policy_values), "");

  return policy_values[position];
}

guint
tether_device_page_policy_position (const char *value)
{
  for (guint i = 1; value != NULL && i < G_N_ELEMENTS (policy_values); i++)
    if (g_str_equal (value, policy_values[i]))
      return i;

  return 0;
}

static gboolean
invert_boolean (gpointer unused,
                gboolean value)
{
  return !value;
}

/* ------------------------------------------------------------ actions */

static void
update_actions (TetherDevicePage *self)
{
  gboolean have = self->item != NULL && self->engine != NULL;
  gboolean paused = self->item != NULL && tether_device_item_get_paused (self->item);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.reconnect", have && !paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.pause", have && !paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.resume", have && paused);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TetherDevicePage *self = TETHER_DEVICE_PAGE (widget);

  tether_engine_reconnect_device (self->engine, tether_device_item_get_id (self->item));
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TetherDevicePage *self = TETHER_DEVICE_PAGE (widget);

  tether_engine_pause_device (self->engine, tether_device_item_get_id (self->item));
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TetherDevicePage *self = TETHER_DEVICE_PAGE (widget);

  tether_engine_resume_device (self->engine, tether_device_item_get_id (self->item));
}

/* ----------------------------------------------------------- contents */

static GtkWidget *
make_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_pool (TetherDevicePage *self,
             gint64            now_us)
{
  TetherDeviceInfo *info = self->item ? tether_device_item_get_info (self->item) : NULL;

  clear_list (self->pool_list);
  if (info == NULL || info->connections->len == 0)
    {
      gtk_list_box_append (self->pool_list, make_row (_("No connection"), NULL));
      return;
    }

  for (guint i = 0; i < info->connections->len; i++)
    {
      const TetherStConnection *conn = g_ptr_array_index (info->connections, i);
      g_autofree char *title = NULL;
      g_autofree char *in = g_format_size (conn->in_bytes);
      g_autofree char *out = g_format_size (conn->out_bytes);
      g_autofree char *since = NULL;
      g_autofree char *subtitle = NULL;
      gint64 started = conn->started_at_us != 0 ? conn->started_at_us : info->connected_since_us;

      /* Translators: "LAN TCP · 192.0.2.1:22000" */
      title = g_strdup_printf (_("%s · %s"), tether_format_connection_kind (conn),
                               conn->address ? conn->address : "");
      since = started != 0 ? tether_format_time (started, now_us) : g_strdup ("—");
      /* Translators: "primary · since 10:42 · ↓ 1.2 MB ↑ 3.4 kB" */
      subtitle = g_strdup_printf (_("%s · since %s · ↓ %s ↑ %s"),
                                  i == 0 ? _("primary") : _("secondary"), since, in, out);
      gtk_list_box_append (self->pool_list, make_row (title, subtitle));
    }
}

static void
update_events (TetherDevicePage *self,
               gint64            now_us)
{
  GPtrArray *events = self->item ? tether_device_item_get_events (self->item) : NULL;

  clear_list (self->events_list);
  if (events == NULL || events->len == 0)
    {
      gtk_list_box_append (self->events_list, make_row (_("Nothing happened yet"), NULL));
      return;
    }

  /* Newest first, ten at most. */
  for (guint i = events->len; i > 0 && events->len - i < 10; i--)
    {
      const TetherDeviceEvent *event = g_ptr_array_index (events, i - 1);
      g_autofree char *when = tether_format_time (event->time_us, now_us);

      gtk_list_box_append (self->events_list, make_row (event->text, when));
    }
}

static char *
format_share (double share)
{
  return share < 0 ? g_strdup ("—") : g_strdup_printf ("%.0f%%", 100.0 * share);
}

static void
set_stats_description (TetherDevicePage *self,
                       guint             n_sessions,
                       gint64            since_us,
                       gint64            now_us)
{
  g_autofree char *since = tether_format_time (since_us, now_us);
  g_autofree char *description = NULL;

  /* Translators: "Recorded since 10:02: 3 sessions" */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Recorded since %s: %u session",
                                              "Recorded since %s: %u sessions",
                                              n_sessions),
                                 since, n_sessions);
  adw_preferences_group_set_description (self->stats_group, description);
}

static void
update_stats (TetherDevicePage        *self,
              const TetherDeviceStats *stats,
              gint64                   since_us,
              gint64                   now_us)
{
  g_autofree char *u1 = format_share (stats->uptime_24h);
  g_autofree char *u7 = format_share (stats->uptime_7d);
  g_autofree char *u30 = format_share (stats->uptime_30d);
  g_autofree char *uptime = g_strdup_printf ("%s · %s · %s", u1, u7, u30);
  g_autofree char *session = tether_format_duration (stats->median_session_s);
  g_autofree char *flaps = stats->flaps_per_day < 0 ? g_strdup ("—")
                                                    : g_strdup_printf ("%.1f", stats->flaps_per_day);
  g_autofree char *prewarm = tether_format_milliseconds (stats->median_reconnect_prewarm_ms);
  g_autofree char *alone = tether_format_milliseconds (stats->median_reconnect_alone_ms);

  gtk_label_set_label (self->uptime_label, uptime);
  gtk_label_set_label (self->session_label, session);
  gtk_label_set_label (self->flaps_label, flaps);
  gtk_label_set_label (self->prewarm_label, prewarm);
  gtk_label_set_label (self->alone_label, alone);
  set_stats_description (self, stats->n_sessions, since_us, now_us);
}

static void
update_routes (TetherDevicePage *self,
               GPtrArray        *routes,
               gint64            now_us)
{
  clear_list (self->routes_list);
  if (routes == NULL || routes->len == 0)
    {
      gtk_list_box_append (self->routes_list, make_row (_("No connection recorded yet"), NULL));
      return;
    }

  for (guint i = 0; i < routes->len; i++)
    {
      const TetherRoute *route = g_ptr_array_index (routes, i);
      g_autofree char *title = tether_format_route (route->conn_type, route->address);
      g_autofree char *last = tether_format_time (route->last_us, now_us);
      g_autofree char *times = NULL;
      g_autofree char *subtitle = NULL;
      const char *direction = tether_format_route_direction (route->conn_type);

      /* Translators: how often a way of reaching a device worked, "12 times, last 10:42" */
      times = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u time, last %s", "%u times, last %s",
                                            route->n_successes),
                               route->n_successes, last);
      subtitle = direction != NULL ? g_strdup_printf ("%s · %s", direction, times)
                                   : g_steal_pointer (&times);
      gtk_list_box_append (self->routes_list, make_row (title, subtitle));
    }
}

/* Nothing from the history (yet): no history, an unknown device, or
 * another device's answer still on its way. */
static void
show_no_history (TetherDevicePage *self,
                 gint64            since_us,
                 gint64            now_us)
{
  tether_timeline_set_data (self->timeline, NULL, NULL, since_us, now_us);
  tether_availability_grid_set_values (self->grid, NULL);
  gtk_label_set_label (self->uptime_label, "—");
  gtk_label_set_label (self->session_label, "—");
  gtk_label_set_label (self->flaps_label, "—");
  gtk_label_set_label (self->prewarm_label, "—");
  gtk_label_set_label (self->alone_label, "—");
  set_stats_description (self, 0, since_us, now_us);
  update_routes (self, NULL, now_us);
}

static gint64
history_since (TetherDevicePage *self,
               gint64            now_us)
{
  return self->monitor != NULL ? tether_history_monitor_get_since (self->monitor, now_us) : now_us;
}

/* An answer for the device shown, or NULL when it is late: cancelled
 * (another device, another range, the page went away) or not for it. */
static gboolean
is_current (TetherDevicePage *self,
            const char       *device_id)
{
  return self->item != NULL && g_strcmp0 (tether_device_item_get_id (self->item), device_id) == 0;
}

static void
timeline_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TetherHistoryTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  TetherDevicePage *self;
  gint64 since;
  guint n_before = 0;

  timeline = tether_history_query_timeline_finish (TETHER_HISTORY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = TETHER_DEVICE_PAGE (user_data);
  if (timeline == NULL)
    {
      g_warning ("Could not read the device’s timeline: %s", error->message);
      return;
    }
  if (!is_current (self, timeline->device_id))
    return;

  /* A history's first records say where things stood when it began (the
   * network it began on is no change of network): left out. */
  since = history_since (self, timeline->to_us);
  while (n_before < timeline->markers->len &&
         ((TetherMarker *) g_ptr_array_index (timeline->markers, n_before))->time_us <= since)
    n_before++;
  g_ptr_array_remove_range (timeline->markers, 0, n_before);

  tether_timeline_set_data (self->timeline, timeline->sessions, timeline->markers,
                            since, timeline->to_us);
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TetherDeviceStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  TetherDevicePage *self;
  gint64 now_us;

  stats = tether_history_query_stats_finish (TETHER_HISTORY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = TETHER_DEVICE_PAGE (user_data);
  now_us = g_get_real_time ();

  if (stats == NULL)
    {
      /* A device the history has not met yet. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Could not read the device’s statistics: %s", error->message);
      if (self->item != NULL)
        show_no_history (self, history_since (self, now_us), now_us);
      return;
    }
  if (!is_current (self, stats->device_id))
    return;

  update_stats (self, stats, history_since (self, now_us), now_us);
  tether_availability_grid_set_values (self->grid, tether_availability_grid_pack (stats->availability));
  update_routes (self, stats->routes, now_us);
}

/* Asks the history for what the page shows of it; the answers arrive on
 * this thread, and any still on their way are cancelled first. */
static void
load_history (TetherDevicePage *self,
              gint64            now_us)
{
  TetherHistory *history = self->monitor != NULL ? tether_history_monitor_get_history (self->monitor) : NULL;
  const char *id;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->item == NULL)
    return;
  if (history == NULL)
    {
      show_no_history (self, now_us, now_us);
      return;
    }

  id = tether_device_item_get_id (self->item);
  self->cancellable = g_cancellable_new ();
  tether_history_query_timeline_async (history, id, now_us - (gint64) self->range_days * DAY_US, now_us,
                                       self->cancellable, timeline_cb, self);
  tether_history_query_stats_async (history, id, NULL, self->cancellable, stats_cb, self);
}

static void
update_decision (TetherDevicePage *self)
{
  TetherDeviceInfo *info = tether_device_item_get_info (self->item);
  g_autofree char *decision = tether_device_describe_decision (info);

  adw_action_row_set_subtitle (self->decision_row, decision);
  adw_action_row_set_subtitle (self->next_row,
                               info->next_action != NULL && info->next_action[0] != '\0'
                                 ? info->next_action
                                 : _("None scheduled"));
}

static void
update_policy (TetherDevicePage *self)
{
  g_autoptr(GVariant) overrides = g_settings_get_value (self->settings, "device-policy-overrides");
  g_autofree char *global = g_settings_get_string (self->settings, "pool-mode");
  const char *value = NULL;
  g_autofree char *subtitle = NULL;

  if (self->item != NULL)
    g_variant_lookup (overrides, tether_device_item_get_id (self->item), "&s", &value);

  self->syncing_policy = TRUE;
  adw_combo_row_set_selected (self->policy_row, tether_device_page_policy_position (value));
  self->syncing_policy = FALSE;

  /* Translators: the global policy's name, as in Preferences */
  subtitle = g_strdup_printf (_("Default follows Preferences (%s)"), global);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->policy_row), subtitle);
}

static void
policy_selected_cb (TetherDevicePage *self)
{
  g_autoptr(GVariant) overrides = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  const char *id;
  const char *value;
  GVariantIter iter;
  const char *key, *val;

  if (self->syncing_policy || self->item == NULL)
    return;

  id = tether_device_item_get_id (self->item);
  value = tether_device_page_policy_value (adw_combo_row_get_selected (self->policy_row));
  overrides = g_settings_get_value (self->settings, "device-policy-overrides");

  g_variant_iter_init (&iter, overrides);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &val))
    if (!g_str_equal (key, id))
      g_variant_builder_add (&builder, "{ss}", key, val);
  if (value[0] != '\0')
    g_variant_builder_add (&builder, "{ss}", id, value);

  g_settings_set_value (self->settings, "device-policy-overrides", g_variant_builder_end (&builder));
}

void
tether_device_page_refresh (TetherDevicePage *self)
{
  gint64 now_us = g_get_real_time ();

  g_return_if_fail (TETHER_IS_DEVICE_PAGE (self));

  update_actions (self);
  load_history (self, now_us);
  if (self->item == NULL)
    return;

  update_pool (self, now_us);
  update_events (self, now_us);
  update_decision (self);
}

static void
item_info_cb (TetherDevicePage *self)
{
  tether_device_page_refresh (self);
}

/* ------------------------------------------------------------ GObject */

static void
tether_device_page_dispose (GObject *object)
{
  TetherDevicePage *self = (TetherDevicePage *)object;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_clear_object (&self->item);
  g_clear_object (&self->engine);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_DEVICE_PAGE);

  G_OBJECT_CLASS (tether_device_page_parent_class)->dispose (object);
}

static void
tether_device_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TetherDevicePage *self = TETHER_DEVICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_RANGE_DAYS:
      g_value_set_uint (value, self->range_days);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_device_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TetherDevicePage *self = TETHER_DEVICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      tether_device_page_set_item (self, g_value_get_object (value));
      break;
    case PROP_ENGINE:
      tether_device_page_set_engine (self, g_value_get_object (value));
      break;
    case PROP_MONITOR:
      tether_device_page_set_monitor (self, g_value_get_object (value));
      break;
    case PROP_RANGE_DAYS:
      tether_device_page_set_range_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_device_page_class_init (TetherDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tether_device_page_dispose;
  object_class->get_property = tether_device_page_get_property;
  object_class->set_property = tether_device_page_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, TETHER_TYPE_DEVICE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, TETHER_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, TETHER_TYPE_HISTORY_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RANGE_DAYS] =
    g_param_spec_uint ("range-days", NULL, NULL, 1, 365, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TETHER_TYPE_DEVICE_ITEM);
  g_type_ensure (TETHER_TYPE_TIMELINE);
  g_type_ensure (TETHER_TYPE_AVAILABILITY_GRID);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tetherapp/Tether/tether-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, timeline);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, grid);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, stats_group);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, availability_group);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, uptime_label);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, session_label);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, flaps_label);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, prewarm_label);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, alone_label);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, routes_list);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, pool_list);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, events_list);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, decision_row);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, next_row);
  gtk_widget_class_bind_template_child (widget_class, TetherDevicePage, policy_row);
  gtk_widget_class_bind_template_callback (widget_class, invert_boolean);

  gtk_widget_class_install_action (widget_class, "device.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "device.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "device.resume", NULL, resume_action);
  gtk_widget_class_install_property_action (widget_class, "device.range", "range-days");

  gtk_widget_class_set_css_name (widget_class, "devicepage");
}

static void
tether_device_page_init (TetherDevicePage *self)
{
  self->range_days = 1;
  self->settings = g_settings_new (APP_ID);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->policy_row, "notify::selected",
                            G_CALLBACK (policy_selected_cb), self);
  g_signal_connect_swapped (self->settings, "changed::device-policy-overrides",
                            G_CALLBACK (update_policy), self);
  g_signal_connect_swapped (self->settings, "changed::pool-mode",
                            G_CALLBACK (update_policy), self);
  update_policy (self);
  update_actions (self);
}

GtkWidget *
tether_device_page_new (void)
{
  return g_object_new (TETHER_TYPE_DEVICE_PAGE, NULL);
}

TetherDeviceItem *
tether_device_page_get_item (TetherDevicePage *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_PAGE (self), NULL);

  return self->item;
}

void
tether_device_page_set_item (TetherDevicePage *self,
                             TetherDeviceItem *item)
{
  g_return_if_fail (TETHER_IS_DEVICE_PAGE (self));
  g_return_if_fail (item == NULL || TETHER_IS_DEVICE_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    {
      g_signal_connect_object (item, "notify::info", G_CALLBACK (item_info_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (item, "notify::paused", G_CALLBACK (update_actions), self,
                               G_CONNECT_SWAPPED);
    }

  update_policy (self);
  /* Nothing of the last device's history while this one's is on its way. */
  if (item != NULL)
    {
      gint64 now_us = g_get_real_time ();

      show_no_history (self, history_since (self, now_us), now_us);
    }
  tether_device_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

TetherEngine *
tether_device_page_get_engine (TetherDevicePage *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_PAGE (self), NULL);

  return self->engine;
}

void
tether_device_page_set_engine (TetherDevicePage *self,
                               TetherEngine     *engine)
{
  g_return_if_fail (TETHER_IS_DEVICE_PAGE (self));
  g_return_if_fail (engine == NULL || TETHER_IS_ENGINE (engine));

  if (g_set_object (&self->engine, engine))
    {
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
    }
}

guint
tether_device_page_get_range_days (TetherDevicePage *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_PAGE (self), 1);

  return self->range_days;
}

void
tether_device_page_set_range_days (TetherDevicePage *self,
                                   guint             days)
{
  g_return_if_fail (TETHER_IS_DEVICE_PAGE (self));
  g_return_if_fail (days >= 1 && days <= 365);

  if (self->range_days == days)
    return;

  self->range_days = days;
  load_history (self, g_get_real_time ());
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE_DAYS]);
}

TetherHistoryMonitor *
tether_device_page_get_monitor (TetherDevicePage *self)
{
  g_return_val_if_fail (TETHER_IS_DEVICE_PAGE (self), NULL);

  return self->monitor;
}

static void
history_changed_cb (TetherDevicePage *self)
{
  load_history (self, g_get_real_time ());
}

void
tether_device_page_set_monitor (TetherDevicePage     *self,
                                TetherHistoryMonitor *monitor)
{
  g_return_if_fail (TETHER_IS_DEVICE_PAGE (self));
  g_return_if_fail (monitor == NULL || TETHER_IS_HISTORY_MONITOR (monitor));

  if (self->monitor == monitor)
    return;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);
  if (monitor != NULL)
    g_signal_connect_object (monitor, "changed", G_CALLBACK (history_changed_cb), self,
                             G_CONNECT_SWAPPED);

  load_history (self, g_get_real_time ());
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
}
