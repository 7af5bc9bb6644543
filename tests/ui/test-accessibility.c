/* test-accessibility.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application against a real Syncthing pair, every window open
 * on real content: each interactive widget has a name assistive
 * technology can read, and Tab alone reaches every action button.
 */

#include "config.h"

#include "tether-application.h"
#include "tether-device-item.h"
#include "tether-preferences-window.h"
#include "tether-test-syncthing.h"
#include "tether-test-ui.h"
#include "tether-window.h"

typedef struct {
  TetherTestSyncthing *alpha;
  TetherTestSyncthing *beta;
  TetherApplication   *app;
  GtkWindow           *window;
  GtkWindow           *prefs;
} Fixture;

static gboolean
beta_connected (gpointer data)
{
  Fixture *fixture = data;
  GListModel *devices = tether_window_get_devices (TETHER_WINDOW (fixture->window));

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (devices, i);

      if (g_str_equal (tether_device_item_get_state (item), "connected"))
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_preferences (gpointer data)
{
  Fixture *fixture = data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL; l = l->next)
    if (TETHER_IS_PREFERENCES_WINDOW (l->data))
      {
        fixture->prefs = l->data;
        return TRUE;
      }

  return FALSE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  static guint serial;
  g_autofree char *id = g_strdup_printf ("%s.A11yTest%u", APP_ID, ++serial);

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  /* One at a time: the harness picks free ports when an instance is made. */
  fixture->alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (fixture->alpha, &error);
  g_assert_no_error (error);
  fixture->beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (fixture->beta, &error);
  g_assert_no_error (error);
  tether_test_syncthing_pair (fixture->alpha, fixture->beta, &error);
  g_assert_no_error (error);

  g_settings_set_int (settings, "window-width", 960);
  g_settings_set_int (settings, "window-height", 720);

  fixture->app = tether_application_new (tether_test_syncthing_get_url (fixture->alpha),
                                         tether_test_syncthing_get_api_key (fixture->alpha));
  g_application_set_application_id (G_APPLICATION (fixture->app), id);
  g_application_set_flags (G_APPLICATION (fixture->app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window = gtk_application_get_active_window (GTK_APPLICATION (fixture->app));
  g_assert_true (tether_test_wait_until (beta_connected, fixture, TETHER_TEST_WAIT_S));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-device", "s",
                              tether_test_syncthing_get_device_id (fixture->beta));
  tether_test_wait_drawn (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GList *windows;

  if (fixture->app != NULL)
    {
      while ((windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app))) != NULL)
        gtk_window_destroy (windows->data);
      tether_engine_stop (tether_application_get_engine (fixture->app));
      g_object_unref (fixture->app);
    }
  g_clear_pointer (&fixture->alpha, tether_test_syncthing_free);
  g_clear_pointer (&fixture->beta, tether_test_syncthing_free);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
open_preferences (Fixture *fixture)
{
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  g_assert_true (tether_test_wait_until (has_preferences, fixture, TETHER_TEST_WAIT_S));
  tether_test_wait_drawn (GTK_WIDGET (fixture->prefs));
}

/* ------------------------------------------------------------- names */

/* Scrollbars are left out: a pointer's business, named by their role. */
static const char *pages[] = { "syncthing", "pool", "history", "general" };

static gboolean
is_interactive (GtkWidget *widget)
{
  return gtk_widget_get_focusable (widget) ||
         GTK_IS_BUTTON (widget) ||
         GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) ||
         GTK_IS_EDITABLE (widget) ||
         GTK_IS_DROP_DOWN (widget);
}

static gboolean
has_text_inside (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text != NULL && text[0] != '\0')
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text_inside (child))
      return TRUE;

  return FALSE;
}

static gboolean has_name (GtkWidget *widget);

/* Where a name comes from, as the accessibility tree sees it: its own
 * label or labelled-by relation, a tooltip, a mnemonic label, the
 * widget's visible text (buttons, rows), or the title of the row or the
 * labelled editable it belongs to (the GtkText inside an entry). */
static gboolean
has_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  GList *mnemonics;
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  if (tooltip != NULL && tooltip[0] != '\0')
    return TRUE;

  mnemonics = gtk_widget_list_mnemonic_labels (widget);
  g_list_free (mnemonics);
  if (mnemonics != NULL)
    return TRUE;

  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));

      if (title != NULL && title[0] != '\0')
        return TRUE;
    }

  if (has_text_inside (widget))
    return TRUE;

  /* The text field inside an entry or spin button takes its name from it. */
  if (GTK_IS_TEXT (widget))
    for (GtkWidget *parent = gtk_widget_get_parent (widget); parent != NULL; parent = gtk_widget_get_parent (parent))
      if (GTK_IS_EDITABLE (parent) || ADW_IS_PREFERENCES_ROW (parent))
        return has_name (parent);

  return FALSE;
}

/* What is on screen: hidden stack pages and closed popovers are checked
 * when they show (the preferences pages are walked one by one). */
static void
collect_unnamed (GtkWidget *widget,
                 GPtrArray *unnamed,
                 guint     *checked)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (is_interactive (widget))
    {
      (*checked)++;
      if (!has_name (widget))
        g_ptr_array_add (unnamed, widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, unnamed, checked);
}

static void
assert_all_named (GtkWindow  *window,
                  const char *what)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
  guint checked = 0;

  tether_test_wait_drawn (GTK_WIDGET (window));
  collect_unnamed (GTK_WIDGET (window), unnamed, &checked);
  g_test_message ("%s: %u interactive widgets checked", what, checked);
  for (guint i = 0; i < unnamed->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (unnamed, i);

      g_test_message ("no accessible name: %s (css name %s, parent %s)",
                      G_OBJECT_TYPE_NAME (w), gtk_widget_get_css_name (w),
                      G_OBJECT_TYPE_NAME (gtk_widget_get_parent (w)));
    }
  g_assert_cmpuint (checked, >, 3);
  g_assert_cmpuint (unnamed->len, ==, 0);
}

static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  if (fixture->app == NULL)
    return;

  assert_all_named (fixture->window, "main window");

  open_preferences (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->prefs), pages[i]);
      assert_all_named (fixture->prefs, pages[i]);
    }
}

/* ---------------------------------------------------------- keyboard */


/* The controls that do something, on screen and sensitive: buttons bound
 * to actions, menu buttons, switches, spin buttons, combo and entry rows.
 * The title buttons (window.minimize, window.close…) are left out: GTK
 * keeps them out of the Tab chain on purpose, and the keyboard has its
 * own ways for them. */
static void
collect_action_buttons (GtkWidget *widget,
                        GPtrArray *buttons)
{
  if (!gtk_widget_get_mapped (widget) || GTK_IS_WINDOW_CONTROLS (widget))
    return;

  if (gtk_widget_is_sensitive (widget) &&
      ((GTK_IS_BUTTON (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL) ||
       GTK_IS_MENU_BUTTON (widget) ||
       GTK_IS_SWITCH (widget) ||
       GTK_IS_SPIN_BUTTON (widget) ||
       ADW_IS_COMBO_ROW (widget) ||
       ADW_IS_ENTRY_ROW (widget)))
    {
      g_ptr_array_add (buttons, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_action_buttons (child, buttons);
}

/* Tab through the window as a keyboard user would, until the focus has
 * come round again, and check every action button had it. */
static void
assert_tab_reaches_actions (GtkWindow  *window,
                            const char *what,
                            guint       at_least)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GHashTable) focused = g_hash_table_new (NULL, NULL);
  guint missed = 0;

  collect_action_buttons (GTK_WIDGET (window), buttons);
  g_assert_cmpuint (buttons->len, >=, at_least);

  gtk_window_set_focus (window, NULL);
  for (guint i = 0; i < 500; i++)
    {
      GtkWidget *focus;

      /* FALSE: the focus left the last widget; the next call starts over. */
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        continue;
      focus = gtk_window_get_focus (window);
      for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
        g_hash_table_add (focused, w);
    }

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (!g_hash_table_contains (focused, button))
        {
          g_test_message ("Tab never reaches %s %s (%s)", G_OBJECT_TYPE_NAME (button),
                          GTK_IS_ACTIONABLE (button) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (button)) : "",
                          gtk_widget_get_tooltip_text (button) ? gtk_widget_get_tooltip_text (button) : "");
          missed++;
        }
    }
  g_test_message ("%s: Tab reaches %u of %u controls", what, buttons->len - missed, buttons->len);
  g_assert_cmpuint (missed, ==, 0);
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  if (fixture->app == NULL)
    return;

  assert_tab_reaches_actions (fixture->window, "main window", 7);

  open_preferences (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->prefs), pages[i]);
      tether_test_wait_drawn (GTK_WIDGET (fixture->prefs));
      assert_tab_reaches_actions (fixture->prefs, pages[i], 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus = tether_test_ui_init (&argc, &argv);
  int status;

  g_test_add ("/tether/accessibility/names", Fixture, NULL, fixture_set_up, test_names, fixture_tear_down);
  g_test_add ("/tether/accessibility/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);

  status = g_test_run ();
  tether_test_ui_shutdown (bus);

  return status;
}
