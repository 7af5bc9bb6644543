/* test-preferences.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every control in Preferences is bound to its GSettings key, both ways.
 */

#include "config.h"

#include "tether-preferences-window.h"
#include "tether-test-ui.h"

static GObject *
child (gpointer    prefs,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (prefs), TETHER_TYPE_PREFERENCES_WINDOW, name);

  if (object == NULL)
    g_error ("no template child %s", name);
  return object;
}

static void
test_new_destroy (void)
{
  GtkWidget *prefs = GTK_WIDGET (tether_preferences_window_new (NULL, NULL));

  g_object_ref_sink (prefs);
  g_assert_null (tether_preferences_window_get_engine (TETHER_PREFERENCES_WINDOW (prefs)));
  g_assert_null (tether_preferences_window_get_monitor (TETHER_PREFERENCES_WINDOW (prefs)));
  /* No history: nothing to clear, and the button says why. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (prefs, "clear_button"))));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (child (prefs, "clear_button"))), ==,
                   "The connection history is not loaded yet");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

static void
test_engine (void)
{
  g_autoptr(TetherEngine) engine = tether_engine_new (NULL, NULL);
  g_autoptr(TetherHistoryMonitor) monitor = tether_history_monitor_new (engine);
  GtkWidget *prefs = GTK_WIDGET (tether_preferences_window_new (engine, monitor));
  g_autoptr(TetherEngine) read = NULL;
  g_autoptr(TetherHistoryMonitor) read_monitor = NULL;

  g_object_ref_sink (prefs);
  g_object_get (prefs, "engine", &read, "monitor", &read_monitor, NULL);
  g_assert_true (read == engine);
  g_assert_true (read_monitor == monitor);
  /* An engine not started has no history yet. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (prefs, "clear_button"))));
  /* Syncthing's version is unknown: no per-device connection counts. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "pool_size_group"))));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

static const struct {
  const char *key;
  const char *widget;
  const char *property;
  const char *value;   /* GVariant text, not the default */
} bindings[] = {
  { "linger-minutes",            "linger_spin",               "value",  "uint32 45" },
  { "prewarm-on-resume",         "prewarm_resume_switch",     "active", "false" },
  { "prewarm-on-network-change", "prewarm_network_switch",    "active", "false" },
  { "graceful-sleep",            "graceful_switch",           "active", "false" },
  { "stale-after-sleep-seconds", "stale_spin",                "value",  "uint32 300" },
  { "retry-min-seconds",         "retry_min_spin",            "value",  "1.5" },
  { "retry-max-seconds",         "retry_max_spin",            "value",  "120.0" },
  { "min-connections",           "min_connections_spin",      "value",  "uint32 2" },
  { "max-connections",           "max_connections_spin",      "value",  "uint32 4" },
  { "history-retention-days",    "retention_spin",            "value",  "uint32 30" },
  { "start-at-login",            "start_at_login_switch",     "active", "true" },
  { "notify-errors",             "notify_errors_switch",      "active", "false" },
  { "notify-flapping",           "notify_flapping_switch",    "active", "true" },
  { "notify-reconnected",        "notify_reconnected_switch", "active", "true" },
};

static void
test_bindings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *prefs = GTK_WIDGET (tether_preferences_window_new (NULL, NULL));

  g_object_ref_sink (prefs);

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      g_autoptr(GVariant) value = g_variant_parse (NULL, bindings[i].value, NULL, NULL, NULL);
      g_autoptr(GVariant) stored = NULL;
      GObject *widget = child (prefs, bindings[i].widget);
      GValue shown = G_VALUE_INIT;

      g_assert_nonnull (value);
      g_test_message ("%s ↔ %s", bindings[i].key, bindings[i].widget);

      /* Settings → widget. */
      g_assert_true (g_settings_set_value (settings, bindings[i].key, value));
      g_object_get_property (widget, bindings[i].property, &shown);
      if (G_VALUE_HOLDS_BOOLEAN (&shown))
        g_assert_cmpint (g_value_get_boolean (&shown), ==, g_variant_get_boolean (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        g_assert_cmpfloat (g_value_get_double (&shown), ==, g_variant_get_uint32 (value));
      else
        g_assert_cmpfloat (g_value_get_double (&shown), ==, g_variant_get_double (value));

      /* Back to the default, then widget → settings. */
      g_settings_reset (settings, bindings[i].key);
      g_value_unset (&shown);
      g_object_get_property (widget, bindings[i].property, &shown);
      if (G_VALUE_HOLDS_BOOLEAN (&shown))
        {
          g_assert_cmpint (g_value_get_boolean (&shown), !=, g_variant_get_boolean (value));
          g_value_set_boolean (&shown, g_variant_get_boolean (value));
        }
      else
        {
          double v = g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32) ? g_variant_get_uint32 (value)
                                                                         : g_variant_get_double (value);

          g_assert_cmpfloat (g_value_get_double (&shown), !=, v);
          g_value_set_double (&shown, v);
        }
      g_object_set_property (widget, bindings[i].property, &shown);
      g_value_unset (&shown);
      stored = g_settings_get_value (settings, bindings[i].key);
      g_assert_true (g_variant_equal (stored, value));
      g_settings_reset (settings, bindings[i].key);
    }

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

static void
test_choices (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *prefs = GTK_WIDGET (tether_preferences_window_new (NULL, NULL));
  AdwComboRow *mode;
  AdwComboRow *metered;
  g_autofree char *value = NULL;
  g_autofree char *explanation = NULL;

  g_object_ref_sink (prefs);
  mode = ADW_COMBO_ROW (child (prefs, "mode_row"));
  metered = ADW_COMBO_ROW (child (prefs, "metered_row"));

  /* The defaults: adaptive, no change. */
  g_assert_cmpuint (adw_combo_row_get_selected (mode), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (metered), ==, 0);
  explanation = tether_preferences_explain_choice ("Adaptive");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (mode)), ==, explanation);

  adw_combo_row_set_selected (mode, 0);
  g_assert_cmpstr ((value = g_settings_get_string (settings, "pool-mode")), ==, "passive");
  g_clear_pointer (&value, g_free);
  g_clear_pointer (&explanation, g_free);
  explanation = tether_preferences_explain_choice ("Passive");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (mode)), ==, explanation);

  g_settings_set_string (settings, "pool-mode", "active");
  g_assert_cmpuint (adw_combo_row_get_selected (mode), ==, 1);

  adw_combo_row_set_selected (metered, 1);
  g_assert_cmpstr ((value = g_settings_get_string (settings, "metered-rule")), ==, "pause-non-lan");
  g_clear_pointer (&value, g_free);
  g_settings_set_string (settings, "metered-rule", "pause-all");
  g_assert_cmpuint (adw_combo_row_get_selected (metered), ==, 2);

  g_assert_null (tether_preferences_explain_choice ("Something else"));
  g_assert_null (tether_preferences_explain_choice (NULL));

  g_settings_reset (settings, "pool-mode");
  g_settings_reset (settings, "metered-rule");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

/* A typed address waits for its apply button; Forget is offered only
 * when there is something to forget; Clear History says why it is off. */
static void
test_location (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TetherEngine) engine = tether_engine_new (NULL, NULL);
  GtkWidget *prefs = GTK_WIDGET (tether_preferences_window_new (engine, NULL));
  g_autofree char *url = NULL;
  GtkWidget *forget;
  GtkWidget *clear;

  g_object_ref_sink (prefs);
  forget = GTK_WIDGET (child (prefs, "forget_button"));
  clear = GTK_WIDGET (child (prefs, "clear_button"));
  g_assert_false (gtk_widget_get_sensitive (forget));
  g_assert_false (gtk_widget_get_sensitive (clear));
  g_assert_nonnull (gtk_widget_get_tooltip_text (clear));

  gtk_editable_set_text (GTK_EDITABLE (child (prefs, "url_row")), "http://127.0.0.1:8385");
  g_assert_cmpstr ((url = g_settings_get_string (settings, "syncthing-url")), ==, "");
  g_clear_pointer (&url, g_free);

  /* Applied with the key left empty: the keyring is asked later, the
   * setting is stored now. */
  g_signal_emit_by_name (child (prefs, "url_row"), "apply");
  g_assert_cmpstr ((url = g_settings_get_string (settings, "syncthing-url")), ==, "http://127.0.0.1:8385");
  g_clear_pointer (&url, g_free);
  g_assert_true (gtk_widget_get_sensitive (forget));

  gtk_widget_activate_action (prefs, "prefs.forget-location", NULL);
  g_assert_cmpstr ((url = g_settings_get_string (settings, "syncthing-url")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (prefs, "url_row"))), ==, "");
  g_assert_false (gtk_widget_get_sensitive (forget));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

static gboolean
subtitle_starts_with_failed (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (data));

  return subtitle != NULL && g_str_has_prefix (subtitle, "Failed: ");
}

/* Test Connection says clearly what went wrong; nothing listens on the
 * discard port of loopback. */
static void
test_test_connection (void)
{
  GtkWidget *prefs = GTK_WIDGET (tether_preferences_window_new (NULL, NULL));
  GtkWidget *button;
  GObject *row;

  g_object_ref_sink (prefs);
  row = child (prefs, "test_row");
  button = GTK_WIDGET (child (prefs, "test_button"));
  gtk_editable_set_text (GTK_EDITABLE (child (prefs, "url_row")), "http://127.0.0.1:9");
  gtk_editable_set_text (GTK_EDITABLE (child (prefs, "key_row")), "some-key");

  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate_action (prefs, "prefs.test-connection", NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Testing…");
  g_assert_false (gtk_widget_get_sensitive (button));

  g_assert_true (tether_test_wait_until (subtitle_starts_with_failed, row, TETHER_TEST_WAIT_S));
  g_test_message ("%s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_true (gtk_widget_get_sensitive (button));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus = tether_test_ui_init (&argc, &argv);
  int status;

  g_test_add_func ("/tether/preferences/new-destroy", test_new_destroy);
  g_test_add_func ("/tether/preferences/engine", test_engine);
  g_test_add_func ("/tether/preferences/bindings", test_bindings);
  g_test_add_func ("/tether/preferences/choices", test_choices);
  g_test_add_func ("/tether/preferences/location", test_location);
  g_test_add_func ("/tether/preferences/test-connection", test_test_connection);

  status = g_test_run ();
  tether_test_ui_shutdown (bus);

  return status;
}
