/* test-window-history.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection history in the real application (under Xvfb), against a
 * real Syncthing pair: a peer stopped and started shows on the device
 * page as sessions on the timeline, in the statistics and routes, and in
 * the list's sparkline; Clear History in Preferences, once confirmed,
 * empties the timeline; a history that cannot be saved says so in the
 * window.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tether-application.h"
#include "tether-availability-grid.h"
#include "tether-device-item.h"
#include "tether-device-page.h"
#include "tether-preferences-window.h"
#include "tether-test-syncthing.h"
#include "tether-test-ui.h"
#include "tether-timeline.h"
#include "tether-window.h"

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

static TetherDeviceItem *
find_item (GListModel *devices,
           const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (devices, i);

      if (g_str_equal (tether_device_item_get_id (item), id))
        return g_steal_pointer (&item);
    }

  return NULL;
}

typedef struct {
  GListModel *devices;
  const char *id;
  const char *state;
} RowWait;

static gboolean
row_state_is (gpointer data)
{
  RowWait *wait = data;
  g_autoptr(TetherDeviceItem) item = find_item (wait->devices, wait->id);

  return item != NULL && g_str_equal (tether_device_item_get_state (item), wait->state);
}

static gboolean
wait_row (GListModel *devices,
          const char *id,
          const char *state)
{
  RowWait wait = { devices, id, state };

  return tether_test_wait_until (row_state_is, &wait, TETHER_TEST_WAIT_S);
}

typedef struct {
  TetherTimeline *timeline;
  guint           n;
} SessionsWait;

static gboolean
has_at_least (gpointer data)
{
  SessionsWait *wait = data;

  return tether_test_timeline_sessions (GTK_WIDGET (wait->timeline)) >= wait->n;
}

static gboolean
has_none (gpointer data)
{
  SessionsWait *wait = data;

  return tether_test_timeline_sessions (GTK_WIDGET (wait->timeline)) == 0;
}

static gboolean
label_is_not (gpointer data)
{
  GtkLabel *label = data;
  const char *text = gtk_label_get_label (label);

  return text[0] != '\0' && !g_str_equal (text, "—");
}

static gboolean
label_is_dash (gpointer data)
{
  return g_str_equal (gtk_label_get_label (data), "—");
}

/* The row's sparkline: connected in its latest hour. */
static gboolean
sparkline_shows_now (gpointer data)
{
  TetherDeviceItem *item = data;
  GVariant *activity = tether_device_item_get_activity (item);
  const double *v;
  gsize n;

  if (activity == NULL)
    return FALSE;
  v = g_variant_get_fixed_array (activity, &n, sizeof (double));
  return n == TETHER_SPARKLINE_HOURS && v[n - 1] > 0;
}

static const char *
first_row_title (GtkWidget *list)
{
  GtkWidget *row = gtk_widget_get_first_child (list);

  g_assert_true (ADW_IS_PREFERENCES_ROW (row));
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static gboolean
has_preferences (gpointer data)
{
  for (GList *l = gtk_application_get_windows (data); l != NULL; l = l->next)
    if (TETHER_IS_PREFERENCES_WINDOW (l->data))
      return TRUE;

  return FALSE;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
test_history_on_device_page (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherDeviceItem) item = NULL;
  TetherApplication *app;
  GtkWindow *window;
  GtkWindow *prefs = NULL;
  GListModel *devices;
  TetherDevicePage *page;
  AdwMessageDialog *dialog;
  SessionsWait sessions;
  GtkLabel *session_label;
  const char *beta_id;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = start_syncthing ("alpha");
  beta = start_syncthing ("beta");
  tether_test_syncthing_pair (alpha, beta, &error);
  g_assert_no_error (error);
  beta_id = tether_test_syncthing_get_device_id (beta);

  g_settings_set_int (settings, "window-width", 960);
  g_settings_set_int (settings, "window-height", 720);
  app = tether_test_start_app (tether_test_syncthing_get_url (alpha),
                               tether_test_syncthing_get_api_key (alpha));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  devices = tether_window_get_devices (TETHER_WINDOW (window));
  g_assert_true (wait_row (devices, beta_id, "connected"));
  /* A history that is saved says nothing about itself. */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (
    tether_test_template_child (window, TETHER_TYPE_WINDOW, "history_revealer"))));

  /* The peer goes away and comes back: two sessions. */
  tether_test_syncthing_stop (beta);
  g_assert_true (wait_row (devices, beta_id, "disconnected"));
  tether_test_syncthing_start (beta, &error);
  g_assert_no_error (error);
  g_assert_true (wait_row (devices, beta_id, "connected"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-device", "s", beta_id);
  page = TETHER_DEVICE_PAGE (tether_test_template_child (window, TETHER_TYPE_WINDOW, "device_page"));
  sessions.timeline = TETHER_TIMELINE (tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE, "timeline"));
  sessions.n = 2;
  g_assert_true (tether_test_wait_until (has_at_least, &sessions, TETHER_TEST_WAIT_S));

  /* The statistics: a closed session has a length, and uptime a share. */
  session_label = GTK_LABEL (tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE, "session_label"));
  g_assert_true (tether_test_wait_until (label_is_not, session_label, TETHER_TEST_WAIT_S));
  g_assert_nonnull (strchr (gtk_label_get_label (GTK_LABEL (
    tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE, "uptime_label"))), '%'));
  g_assert_true (label_is_not (tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE, "flaps_label")));
  g_test_message ("median session %s", gtk_label_get_label (session_label));
  /* What reached it: a loopback address. */
  g_assert_nonnull (strstr (first_row_title (tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE,
                                                                         "routes_list")),
                            "127.0.0.1"));
  /* The grid has the history's estimates. */
  g_assert_nonnull (tether_availability_grid_get_values (TETHER_AVAILABILITY_GRID (
    tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE, "grid"))));

  /* The list's sparkline, from the history too. */
  item = find_item (devices, beta_id);
  g_assert_true (tether_test_wait_until (sparkline_shows_now, item, TETHER_TEST_WAIT_S));

  tether_test_wait_drawn (GTK_WIDGET (page));
  g_assert_true (tether_test_save_screenshot (GTK_WIDGET (window), "device-page-history.png"));

  /* Gone again: nothing runs while the history is cleared. */
  tether_test_syncthing_stop (beta);
  g_assert_true (wait_row (devices, beta_id, "disconnected"));

  /* Clear History asks first; nothing goes until confirmed. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (tether_test_wait_until (has_preferences, app, TETHER_TEST_WAIT_S));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TETHER_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.clear-history", NULL);
  g_assert_true (tether_test_wait_until (has_message_dialog, NULL, TETHER_TEST_WAIT_S));
  dialog = find_message_dialog ();
  g_assert_cmpuint (tether_test_timeline_sessions (GTK_WIDGET (sessions.timeline)), >=, 2);

  adw_message_dialog_response (dialog, "clear");
  g_assert_true (tether_test_wait_until (has_none, &sessions, TETHER_TEST_WAIT_S));
  g_assert_true (tether_test_wait_until (label_is_dash, session_label, TETHER_TEST_WAIT_S));
  g_assert_true (g_str_has_suffix (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
    tether_test_template_child (page, TETHER_TYPE_DEVICE_PAGE, "stats_group"))), ": 0 sessions"));

  tether_test_stop_app (app);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

typedef struct {
  GtkRevealer *revealer;
  GtkLabel    *label;
} BannerWait;

static gboolean
banner_shown (gpointer data)
{
  BannerWait *wait = data;

  return gtk_revealer_get_reveal_child (wait->revealer) &&
         strstr (gtk_label_get_label (wait->label), "Cannot save the connection history") != NULL;
}

/* $XDG_STATE_HOME/tether is a file (chmod does not stop root): the
 * history is kept in memory, and the window says why. No Syncthing is
 * needed for that. */
static void
test_history_degraded (void)
{
  g_autofree char *blocker = g_build_filename (g_getenv ("XDG_STATE_HOME"), "tether", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TetherApplication *app;
  GtkWindow *window;
  BannerWait wait;

  tether_test_remove_tree (blocker);
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  g_settings_set_int (settings, "window-width", 960);
  g_settings_set_int (settings, "window-height", 720);

  app = tether_test_start_app ("http://127.0.0.1:9", "no-key");
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  wait.revealer = GTK_REVEALER (tether_test_template_child (window, TETHER_TYPE_WINDOW, "history_revealer"));
  wait.label = GTK_LABEL (tether_test_template_child (window, TETHER_TYPE_WINDOW, "history_label"));
  g_assert_true (tether_test_wait_until (banner_shown, &wait, TETHER_TEST_WAIT_S));
  g_test_message ("%s", gtk_label_get_label (wait.label));
  tether_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (tether_test_save_screenshot (GTK_WIDGET (window), "history-degraded.png"));

  tether_test_stop_app (app);
  g_unlink (blocker);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus = tether_test_ui_init (&argc, &argv);
  g_autoptr(GSettings) settings = NULL;
  int status;

  /* No notification server on the test bus. */
  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "notify-errors", FALSE);

  g_test_add_func ("/tether/window-history/device-page", test_history_on_device_page);
  g_test_add_func ("/tether/window-history/degraded", test_history_degraded);

  status = g_test_run ();
  tether_test_ui_shutdown (bus);

  return status;
}
