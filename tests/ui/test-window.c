/* test-window.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application in a real window (under Xvfb), against a real
 * Syncthing pair: the peer's row follows the peer, the device page and
 * Preferences open through their actions, a policy change in Preferences
 * reaches GSettings, and the screenshots for README.md and the metainfo
 * are taken along the way (G_TEST_BUILDDIR/screenshots).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tether-application.h"
#include "tether-device-item.h"
#include "tether-device-page.h"
#include "tether-preferences-window.h"
#include "tether-test-syncthing.h"
#include "tether-test-ui.h"
#include "tether-window.h"

typedef struct {
  GListModel *devices;
  const char *id;
  const char *state;
} RowWait;

static gboolean
row_state_is (gpointer data)
{
  RowWait *wait = data;

  for (guint i = 0; i < g_list_model_get_n_items (wait->devices); i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (wait->devices, i);

      if (g_str_equal (tether_device_item_get_id (item), wait->id))
        return g_str_equal (tether_device_item_get_state (item), wait->state);
    }

  return FALSE;
}

static gboolean
wait_row (GListModel *devices,
          const char *id,
          const char *state)
{
  RowWait wait = { devices, id, state };

  return tether_test_wait_until (row_state_is, &wait, TETHER_TEST_WAIT_S);
}

/* Made and started one at a time: the harness picks free ports when an
 * instance is made, and a port picked for one that has not started yet
 * could be picked again for the next. */
static TetherTestSyncthing *
start_syncthing (const char *name)
{
  g_autoptr(GError) error = NULL;
  TetherTestSyncthing *st = tether_test_syncthing_new (name, &error);

  g_assert_no_error (error);
  tether_test_syncthing_start (st, &error);
  g_assert_no_error (error);

  return st;
}

static gboolean
has_preferences (gpointer data)
{
  for (GList *l = gtk_application_get_windows (data); l != NULL; l = l->next)
    if (TETHER_IS_PREFERENCES_WINDOW (l->data))
      return TRUE;

  return FALSE;
}

typedef struct {
  GtkLabel   *label;
  const char *prefix;
} LabelWait;

static gboolean
label_starts_with (gpointer data)
{
  LabelWait *wait = data;

  return g_str_has_prefix (gtk_label_get_label (wait->label), wait->prefix);
}

static gboolean
two_sessions (gpointer timeline)
{
  return tether_test_timeline_sessions (timeline) >= 2;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static TetherDeviceItem *
visible_item (GtkWindow *window,
              guint      position)
{
  GListModel *model = G_LIST_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window), TETHER_TYPE_WINDOW,
                                                                    "selection"));

  return g_list_model_get_item (model, position);
}

static guint
n_visible (GtkWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                TETHER_TYPE_WINDOW,
                                                                                "selection")));
}

static const char *
subtitle (GtkWindow *window)
{
  return adw_window_title_get_subtitle (ADW_WINDOW_TITLE (tether_test_template_child (window, TETHER_TYPE_WINDOW,
                                                                          "window_title")));
}

/* Problems first; search by name or ID; Ctrl+F's action toggles the bar. */
static void
check_sort_and_search (GtkWindow  *window,
                       const char *gamma_id)
{
  GtkEditable *entry = GTK_EDITABLE (tether_test_template_child (window, TETHER_TYPE_WINDOW, "search_entry"));
  g_autoptr(TetherDeviceItem) first = visible_item (window, 0);
  g_autoptr(TetherDeviceItem) found = NULL;
  g_autofree char *id_prefix = g_strndup (gamma_id, 7);
  guint notified = 0;
  gulong handler;

  g_assert_cmpuint (n_visible (window), ==, 2);
  g_assert_cmpstr (tether_device_item_get_id (first), ==, gamma_id);

  handler = g_signal_connect (window, "notify::search-mode", G_CALLBACK (count_cb), &notified);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (tether_window_get_search_mode (TETHER_WINDOW (window)));
  g_assert_cmpuint (notified, ==, 1);
  tether_window_set_search_mode (TETHER_WINDOW (window), TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (tether_test_template_child (window, TETHER_TYPE_WINDOW,
                                                                                 "search_bar"))));

  gtk_editable_set_text (entry, "bet");
  g_assert_cmpuint (n_visible (window), ==, 1);
  gtk_editable_set_text (entry, id_prefix);
  g_assert_cmpuint (n_visible (window), ==, 1);
  found = visible_item (window, 0);
  g_assert_cmpstr (tether_device_item_get_id (found), ==, gamma_id);
  gtk_editable_set_text (entry, "no such device");
  g_assert_cmpuint (n_visible (window), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (tether_test_template_child (window, TETHER_TYPE_WINDOW,
                                                                                "stack"))),
                   ==, "no-results");
  gtk_editable_set_text (entry, "");
  g_assert_cmpuint (n_visible (window), ==, 2);

  g_object_set (window, "search-mode", FALSE, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_signal_handler_disconnect (window, handler);
}

static void
test_window_follows_peer (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  g_autoptr(TetherTestSyncthing) gamma = NULL;
  TetherApplication *app;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) engine_settings = NULL;
  g_autoptr(GSettings) window_settings = NULL;
  g_autofree char *mode = NULL;
  GtkWindow *window;
  GtkWindow *prefs = NULL;
  GListModel *devices;
  TetherDevicePage *page;
  AdwComboRow *mode_row;
  const char *beta_id;
  const char *gamma_id;
  LabelWait summary_wait;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = start_syncthing ("alpha");
  beta = start_syncthing ("beta");
  gamma = start_syncthing ("gamma");
  tether_test_syncthing_pair (alpha, beta, &error);
  g_assert_no_error (error);
  tether_test_syncthing_pair (alpha, gamma, &error);
  g_assert_no_error (error);
  beta_id = tether_test_syncthing_get_device_id (beta);
  gamma_id = tether_test_syncthing_get_device_id (gamma);

  /* Wide enough for the split view. */
  window_settings = g_settings_new (APP_ID);
  g_settings_set_int (window_settings, "window-width", 960);
  g_settings_set_int (window_settings, "window-height", 720);

  app = tether_test_start_app (tether_test_syncthing_get_url (alpha),
                   tether_test_syncthing_get_api_key (alpha));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (TETHER_IS_WINDOW (window));
  devices = tether_window_get_devices (TETHER_WINDOW (window));

  /* The list shows the peers, connected, by name. */
  g_assert_true (wait_row (devices, beta_id, "connected"));
  g_assert_true (wait_row (devices, gamma_id, "connected"));
  tether_test_wait_drawn (GTK_WIDGET (window));
  g_assert_nonnull (tether_test_find_label (tether_test_template_child (window, TETHER_TYPE_WINDOW, "device_list"),
                                            "beta"));
  g_assert_cmpstr (subtitle (window), ==, "2 of 2 devices connected");

  /* gamma goes away: it sorts first. */
  tether_test_syncthing_stop (gamma);
  g_assert_true (wait_row (devices, gamma_id, "disconnected"));
  g_assert_cmpstr (subtitle (window), ==, "1 of 2 devices connected");
  check_sort_and_search (window, gamma_id);
  tether_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (tether_test_save_screenshot (GTK_WIDGET (window), "main-window.png"));

  /* The device page, through its action. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-device", "s", beta_id);
  page = TETHER_DEVICE_PAGE (tether_test_template_child (window, TETHER_TYPE_WINDOW, "device_page"));
  g_assert_nonnull (tether_device_page_get_item (page));
  g_assert_cmpstr (tether_device_item_get_id (tether_device_page_get_item (page)), ==, beta_id);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  /* The peer stops: its row, and the open page, say so. */
  tether_test_syncthing_stop (beta);
  g_assert_true (wait_row (devices, beta_id, "disconnected"));
  summary_wait.label = GTK_LABEL (tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE, "summary_label"));
  summary_wait.prefix = "Disconnected";
  g_assert_true (tether_test_wait_until (label_starts_with, &summary_wait, TETHER_TEST_WAIT_S));
  g_assert_cmpstr (subtitle (window), ==, "0 of 2 devices connected");
  /* Re-sorted, the page still shows beta. */
  g_assert_cmpstr (tether_device_item_get_id (tether_device_page_get_item (page)), ==, beta_id);

  tether_test_syncthing_start (beta, &error);
  g_assert_no_error (error);
  g_assert_true (wait_row (devices, beta_id, "connected"));

  /* Back: the page shows both sessions, from the history. */
  g_assert_true (tether_test_wait_until (two_sessions,
                                         tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE, "timeline"),
                                         TETHER_TEST_WAIT_S));
  tether_test_wait_drawn (GTK_WIDGET (page));
  g_assert_true (tether_test_save_screenshot (GTK_WIDGET (window), "device-page.png"));

  /* Preferences, through app.preferences; the policy mode set there is
   * what any other GSettings reader (the engine) sees. */
  engine_settings = g_settings_new (APP_ID);
  g_assert_cmpstr ((mode = g_settings_get_string (engine_settings, "pool-mode")), ==, "adaptive");
  g_clear_pointer (&mode, g_free);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (tether_test_wait_until (has_preferences, app, TETHER_TEST_WAIT_S));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TETHER_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  g_assert_nonnull (prefs);
  g_assert_true (tether_preferences_window_get_engine (TETHER_PREFERENCES_WINDOW (prefs)) ==
                 tether_application_get_engine (app));

  mode_row = ADW_COMBO_ROW (tether_test_template_child (prefs, TETHER_TYPE_PREFERENCES_WINDOW, "mode_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (mode_row), ==, 2);
  adw_combo_row_set_selected (mode_row, 1);
  g_assert_cmpstr ((mode = g_settings_get_string (engine_settings, "pool-mode")), ==, "active");

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "pool");
  tether_test_wait_drawn (GTK_WIDGET (prefs));
  g_assert_true (tether_test_save_screenshot (GTK_WIDGET (prefs), "preferences.png"));

  /* A second app.preferences presents the same window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  {
    guint n = 0;

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
      n += TETHER_IS_PREFERENCES_WINDOW (l->data);
    g_assert_cmpuint (n, ==, 1);
  }

  /* Back to the defaults, for the tests that follow in this process. */
  adw_combo_row_set_selected (mode_row, 2);
  tether_test_stop_app (app);
  g_settings_reset (window_settings, "window-width");
  g_settings_reset (window_settings, "window-height");
}

/* A narrow window folds: choosing a device pushes its page, Back returns. */
static void
test_window_narrow (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  TetherApplication *app;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  AdwLeaflet *leaflet;
  const char *beta_id;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = start_syncthing ("alpha");
  beta = start_syncthing ("beta");
  tether_test_syncthing_pair (alpha, beta, &error);
  g_assert_no_error (error);
  beta_id = tether_test_syncthing_get_device_id (beta);

  g_settings_set_int (settings, "window-width", 400);
  app = tether_test_start_app (tether_test_syncthing_get_url (alpha),
                   tether_test_syncthing_get_api_key (alpha));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (wait_row (tether_window_get_devices (TETHER_WINDOW (window)), beta_id, "connected"));
  tether_test_wait_drawn (GTK_WIDGET (window));

  leaflet = ADW_LEAFLET (tether_test_template_child (window, TETHER_TYPE_WINDOW, "leaflet"));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == tether_test_template_child (window, TETHER_TYPE_WINDOW, "sidebar"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-device", "s", beta_id);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == tether_test_template_child (window, TETHER_TYPE_WINDOW, "content"));
  tether_test_wait_drawn (tether_test_template_child (window, TETHER_TYPE_WINDOW, "device_page"));
  g_assert_true (tether_test_save_screenshot (GTK_WIDGET (window), "device-page-narrow.png"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == tether_test_template_child (window, TETHER_TYPE_WINDOW, "sidebar"));

  tether_test_stop_app (app);
  g_settings_reset (settings, "window-width");
}

typedef struct {
  AdwStatusPage *page;
  const char    *title;
} StatusWait;

static gboolean
status_title_is (gpointer data)
{
  StatusWait *wait = data;

  return g_strcmp0 (adw_status_page_get_title (wait->page), wait->title) == 0;
}

/* Syncthing is not running at the given address: the status page says so
 * and offers to try again; a single Syncthing with no peer says that. */
static void
test_window_status_pages (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  TetherApplication *app;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  StatusWait wait;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);

  /* Not started yet: nothing listens at its address. */
  app = tether_test_start_app (tether_test_syncthing_get_url (alpha),
                   tether_test_syncthing_get_api_key (alpha));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  wait.page = ADW_STATUS_PAGE (tether_test_template_child (window, TETHER_TYPE_WINDOW, "status_page"));
  wait.title = "Syncthing Is Not Reachable";
  g_assert_true (tether_test_wait_until (status_title_is, &wait, TETHER_TEST_WAIT_S));
  g_assert_true (gtk_widget_get_visible (tether_test_template_child (window, TETHER_TYPE_WINDOW, "retry_button")));
  g_assert_true (gtk_widget_get_visible (tether_test_template_child (window, TETHER_TYPE_WINDOW, "preferences_button")));
  g_assert_false (gtk_widget_is_sensitive (tether_test_template_child (window, TETHER_TYPE_WINDOW, "reconnect_all_button")));
  tether_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (tether_test_save_screenshot (GTK_WIDGET (window), "status-unreachable.png"));

  /* It starts: no remote devices. */
  tether_test_syncthing_start (alpha, &error);
  g_assert_no_error (error);
  wait.title = "No Remote Devices";
  g_assert_true (tether_test_wait_until (status_title_is, &wait, TETHER_TEST_WAIT_S));
  g_assert_false (gtk_widget_get_visible (tether_test_template_child (window, TETHER_TYPE_WINDOW, "retry_button")));

  tether_test_stop_app (app);
}

/* The wrong API key: the page says so and points to Preferences. */
static void
test_window_wrong_key (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  TetherApplication *app;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  StatusWait wait;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (alpha, &error);
  g_assert_no_error (error);

  app = tether_test_start_app (tether_test_syncthing_get_url (alpha), "not-the-key");
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  wait.page = ADW_STATUS_PAGE (tether_test_template_child (window, TETHER_TYPE_WINDOW, "status_page"));
  wait.title = "API Key Rejected";
  g_assert_true (tether_test_wait_until (status_title_is, &wait, TETHER_TEST_WAIT_S));
  g_assert_true (gtk_widget_get_visible (tether_test_template_child (window, TETHER_TYPE_WINDOW, "preferences_button")));
  g_assert_false (gtk_widget_get_visible (tether_test_template_child (window, TETHER_TYPE_WINDOW, "start_button")));

  tether_test_stop_app (app);
}

/* No config.xml anywhere: the page says where Tether looked, and offers
 * Preferences, and Start Syncthing exactly when a syncthing exists. */
static void
test_window_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tether-window-XXXXXX", &error);
  static const char *vars[] = { "STHOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "HOME" };
  char *saved[G_N_ELEMENTS (vars)] = { NULL };
  TetherApplication *app;
  GtkWindow *window;
  StatusWait wait;
  gboolean have_syncthing;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      saved[i] = g_strdup (g_getenv (vars[i]));
      g_setenv (vars[i], dir, TRUE);
    }

  app = tether_test_start_app (NULL, NULL);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  wait.page = ADW_STATUS_PAGE (tether_test_template_child (window, TETHER_TYPE_WINDOW, "status_page"));
  wait.title = "Syncthing Not Found";
  g_assert_true (tether_test_wait_until (status_title_is, &wait, TETHER_TEST_WAIT_S));
  g_assert_nonnull (strstr (adw_status_page_get_description (wait.page), dir));
  g_assert_true (gtk_widget_get_visible (tether_test_template_child (window, TETHER_TYPE_WINDOW, "preferences_button")));

  have_syncthing = tether_syncthing_launcher_get_available (tether_application_get_launcher (app));
  g_test_message ("a syncthing to start: %s", have_syncthing ? "yes" : "no");
  g_assert_cmpint (gtk_widget_get_visible (tether_test_template_child (window, TETHER_TYPE_WINDOW, "start_button")),
                   ==, have_syncthing);
  g_assert_cmpint (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "start-syncthing"),
                   ==, have_syncthing);

  tether_test_stop_app (app);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      if (saved[i] != NULL)
        g_setenv (vars[i], saved[i], TRUE);
      else
        g_unsetenv (vars[i]);
      g_free (saved[i]);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus = tether_test_ui_init (&argc, &argv);
  g_autoptr(GSettings) settings = NULL;
  int status;

  /* No notification server on the test bus; notifications have their own
   * tests (test-notifier). */
  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "notify-errors", FALSE);

  g_test_add_func ("/tether/window/follows-peer", test_window_follows_peer);
  g_test_add_func ("/tether/window/narrow", test_window_narrow);
  g_test_add_func ("/tether/window/status-pages", test_window_status_pages);
  g_test_add_func ("/tether/window/wrong-key", test_window_wrong_key);
  g_test_add_func ("/tether/window/not-found", test_window_not_found);

  status = g_test_run ();
  tether_test_ui_shutdown (bus);

  return status;
}
