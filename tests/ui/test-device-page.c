/* test-device-page.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-availability-grid.h"
#include "tether-device-page.h"
#include "tether-test-ui.h"
#include "tether-timeline.h"

#define S ((gint64) G_USEC_PER_SEC)

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static TetherDeviceItem *
make_item (const char        *id,
           TetherDeviceState  state)
{
  g_autoptr(TetherDeviceInfo) info = tether_device_info_new (id);

  info->state = state;
  info->paused = state == TETHER_DEVICE_STATE_PAUSED;
  if (state == TETHER_DEVICE_STATE_CONNECTED)
    {
      TetherStConnection conn = {
        .address = (char *) "192.0.2.20:22000",
        .type = (char *) "tcp-client",
        .in_bytes = 1200,
        .out_bytes = 3400,
      };

      g_ptr_array_add (info->connections, tether_st_connection_copy (&conn));
      info->connected_since_us = g_get_real_time () - 600 * S;
    }

  return tether_device_item_new (info);
}

static gboolean
action_enabled (gpointer    widget,
                const char *name)
{
  /* A button on the action follows its enabled state. */
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
  gtk_widget_set_parent (button, GTK_WIDGET (widget));
  enabled = gtk_widget_get_sensitive (button);
  gtk_widget_unparent (button);

  return enabled;
}

static void
test_new_destroy (void)
{
  GtkWidget *page = g_object_ref_sink (tether_device_page_new ());

  g_assert_null (tether_device_page_get_item (TETHER_DEVICE_PAGE (page)));
  g_assert_null (tether_device_page_get_engine (TETHER_DEVICE_PAGE (page)));
  g_assert_cmpuint (tether_device_page_get_range_days (TETHER_DEVICE_PAGE (page)), ==, 1);
  g_assert_false (action_enabled (page, "device.reconnect"));

  g_assert_finalize_object (page);
}

static void
test_properties (void)
{
  g_autoptr(GtkWidget) page = g_object_ref_sink (tether_device_page_new ());
  g_autoptr(TetherDeviceItem) a = make_item ("AAAAAAA-1", TETHER_DEVICE_STATE_CONNECTED);
  g_autoptr(TetherDeviceItem) b = make_item ("BBBBBBB-2", TETHER_DEVICE_STATE_PAUSED);
  g_autoptr(TetherEngine) engine = tether_engine_new (NULL, NULL);
  guint item_n = 0, engine_n = 0, range_n = 0;
  g_autoptr(TetherDeviceItem) read = NULL;

  g_signal_connect (page, "notify::item", G_CALLBACK (count_cb), &item_n);
  g_signal_connect (page, "notify::engine", G_CALLBACK (count_cb), &engine_n);
  g_signal_connect (page, "notify::range-days", G_CALLBACK (count_cb), &range_n);

  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), a);
  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), a);
  g_assert_cmpuint (item_n, ==, 1);
  g_object_set (page, "item", b, NULL);
  g_assert_cmpuint (item_n, ==, 2);
  g_object_get (page, "item", &read, NULL);
  g_assert_true (read == b);

  tether_device_page_set_engine (TETHER_DEVICE_PAGE (page), engine);
  g_object_set (page, "engine", engine, NULL);
  g_assert_cmpuint (engine_n, ==, 1);
  g_assert_true (tether_device_page_get_engine (TETHER_DEVICE_PAGE (page)) == engine);

  tether_device_page_set_range_days (TETHER_DEVICE_PAGE (page), 7);
  g_object_set (page, "range-days", 7, NULL);
  g_assert_cmpuint (range_n, ==, 1);
  g_assert_cmpuint (tether_device_page_get_range_days (TETHER_DEVICE_PAGE (page)), ==, 7);

  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), NULL);
  g_assert_cmpuint (item_n, ==, 3);
}

/* Reconnect and pause for a running device, resume for a paused one; the
 * range toggles drive the timeline. */
static void
test_actions (void)
{
  g_autoptr(GtkWidget) page = g_object_ref_sink (tether_device_page_new ());
  g_autoptr(TetherDeviceItem) up = make_item ("AAAAAAA-1", TETHER_DEVICE_STATE_CONNECTED);
  g_autoptr(TetherDeviceItem) paused = make_item ("BBBBBBB-2", TETHER_DEVICE_STATE_PAUSED);
  g_autoptr(TetherEngine) engine = tether_engine_new (NULL, NULL);
  TetherTimeline *timeline;

  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), up);
  g_assert_false (action_enabled (page, "device.reconnect"));
  tether_device_page_set_engine (TETHER_DEVICE_PAGE (page), engine);
  g_assert_true (action_enabled (page, "device.reconnect"));
  g_assert_true (action_enabled (page, "device.pause"));
  g_assert_false (action_enabled (page, "device.resume"));

  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), paused);
  g_assert_false (action_enabled (page, "device.reconnect"));
  g_assert_false (action_enabled (page, "device.pause"));
  g_assert_true (action_enabled (page, "device.resume"));

  /* An engine that is not running takes commands and drops them. */
  gtk_widget_activate_action (page, "device.resume", NULL);

  timeline = TETHER_TIMELINE (gtk_widget_get_template_child (page, TETHER_TYPE_DEVICE_PAGE, "timeline"));
  g_assert_cmpuint (tether_timeline_get_days (timeline), ==, 1);
  gtk_widget_activate_action (page, "device.range", "u", 30);
  g_assert_cmpuint (tether_device_page_get_range_days (TETHER_DEVICE_PAGE (page)), ==, 30);
  g_assert_cmpuint (tether_timeline_get_days (timeline), ==, 30);
}

static gboolean
monitor_loaded (gpointer monitor)
{
  return tether_history_monitor_get_loaded (monitor);
}

typedef struct {
  GtkWidget  *page;
  const char *prefix;
} DescriptionWait;

static gboolean
stats_description_is (gpointer data)
{
  DescriptionWait *wait = data;
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (wait->page,
                                                                                     TETHER_TYPE_DEVICE_PAGE,
                                                                                     "stats_group"));
  const char *text = adw_preferences_group_get_description (group);

  return text != NULL && g_str_has_prefix (text, wait->prefix);
}

/* With a history (an engine's, no Syncthing behind it): the page asks it
 * for the device shown, anew for another device or range, cancelling what
 * it asked before, and shows what it knows: here, that it has met neither
 * device. (Sessions from a real peer: test-window-history.) */
static void
test_history (void)
{
  g_autoptr(GtkWidget) page = g_object_ref_sink (tether_device_page_new ());
  g_autoptr(TetherDeviceItem) a = make_item ("AAAAAAA-1", TETHER_DEVICE_STATE_CONNECTED);
  g_autoptr(TetherDeviceItem) b = make_item ("BBBBBBB-2", TETHER_DEVICE_STATE_DISCONNECTED);
  g_autoptr(TetherEngine) engine = tether_engine_new ("http://127.0.0.1:9", "no-key");
  g_autoptr(TetherHistoryMonitor) monitor = tether_history_monitor_new (engine);
  g_autoptr(TetherHistoryMonitor) read = NULL;
  DescriptionWait wait = { page, "Recorded since " };
  GtkLabel *label;
  guint notified = 0;

  g_signal_connect (page, "notify::monitor", G_CALLBACK (count_cb), &notified);
  tether_device_page_set_monitor (TETHER_DEVICE_PAGE (page), monitor);
  tether_device_page_set_monitor (TETHER_DEVICE_PAGE (page), monitor);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (page, "monitor", &read, NULL);
  g_assert_true (read == monitor);

  tether_engine_start (engine);
  g_assert_true (tether_test_wait_until (monitor_loaded, monitor, TETHER_TEST_WAIT_S));

  /* Questions about a device no longer shown, or a range no longer
   * wanted, are cancelled on the way. */
  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), a);
  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), b);
  tether_device_page_set_range_days (TETHER_DEVICE_PAGE (page), 7);
  g_assert_true (tether_test_wait_until (stats_description_is, &wait, TETHER_TEST_WAIT_S));

  label = GTK_LABEL (gtk_widget_get_template_child (page, TETHER_TYPE_DEVICE_PAGE, "uptime_label"));
  g_assert_cmpstr (gtk_label_get_label (label), ==, "—");
  g_assert_null (tether_availability_grid_get_values (TETHER_AVAILABILITY_GRID (
    gtk_widget_get_template_child (page, TETHER_TYPE_DEVICE_PAGE, "grid"))));

  /* Gone while asking: nothing arrives for it. */
  tether_device_page_refresh (TETHER_DEVICE_PAGE (page));
  tether_device_page_set_monitor (TETHER_DEVICE_PAGE (page), NULL);
  g_assert_cmpuint (notified, ==, 2);
  tether_engine_stop (engine);
}

static void
test_policy_override (void)
{
  g_autoptr(GtkWidget) page = g_object_ref_sink (tether_device_page_new ());
  g_autoptr(TetherDeviceItem) a = make_item ("AAAAAAA-1", TETHER_DEVICE_STATE_CONNECTED);
  g_autoptr(TetherDeviceItem) b = make_item ("BBBBBBB-2", TETHER_DEVICE_STATE_CONNECTED);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) overrides = NULL;
  AdwComboRow *row;
  const char *value;

  g_assert_cmpstr (tether_device_page_policy_value (0), ==, "");
  g_assert_cmpuint (tether_device_page_policy_position ("off"), ==, 4);
  g_assert_cmpuint (tether_device_page_policy_position ("nonsense"), ==, 0);
  g_assert_cmpuint (tether_device_page_policy_position (NULL), ==, 0);

  /* Another device's override is kept. */
  g_settings_set_value (settings, "device-policy-overrides",
                        g_variant_new_parsed ("{'BBBBBBB-2': 'passive'}"));

  row = ADW_COMBO_ROW (gtk_widget_get_template_child (page, TETHER_TYPE_DEVICE_PAGE, "policy_row"));
  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), a);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);

  adw_combo_row_set_selected (row, tether_device_page_policy_position ("active"));
  overrides = g_settings_get_value (settings, "device-policy-overrides");
  g_assert_true (g_variant_lookup (overrides, "AAAAAAA-1", "&s", &value));
  g_assert_cmpstr (value, ==, "active");
  g_assert_true (g_variant_lookup (overrides, "BBBBBBB-2", "&s", &value));
  g_assert_cmpstr (value, ==, "passive");
  g_clear_pointer (&overrides, g_variant_unref);

  /* The page follows the selected device's override. */
  tether_device_page_set_item (TETHER_DEVICE_PAGE (page), b);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);

  /* And a change made elsewhere. */
  g_settings_set_value (settings, "device-policy-overrides",
                        g_variant_new_parsed ("{'BBBBBBB-2': 'off'}"));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 4);

  /* Back to the default removes the entry. */
  adw_combo_row_set_selected (row, 0);
  overrides = g_settings_get_value (settings, "device-policy-overrides");
  g_assert_cmpuint (g_variant_n_children (overrides), ==, 0);

  g_settings_reset (settings, "device-policy-overrides");
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus = tether_test_ui_init (&argc, &argv);
  int status;

  g_test_add_func ("/tether/device-page/new-destroy", test_new_destroy);
  g_test_add_func ("/tether/device-page/properties", test_properties);
  g_test_add_func ("/tether/device-page/actions", test_actions);
  g_test_add_func ("/tether/device-page/history", test_history);
  g_test_add_func ("/tether/device-page/policy-override", test_policy_override);

  status = g_test_run ();
  tether_test_ui_shutdown (bus);

  return status;
}
