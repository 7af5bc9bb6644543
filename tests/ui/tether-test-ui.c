/* tether-test-ui.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tether-test-skip.h"
#include "tether-test-ui.h"
#include "tether-timeline.h"

static char *state_dir;  /* owned: this program's $XDG_STATE_HOME */

GTestDBus *
tether_test_ui_init (int    *argc,
                     char ***argv)
{
  return tether_test_ui_init_language (argc, argv, "C");
}

GTestDBus *
tether_test_ui_init_language (int         *argc,
                              char      ***argv,
                              const char  *language)
{
  GTestDBus *bus;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autoptr(GError) error = NULL;

  TETHER_TEST_REQUIRE_DISPLAY ();
  TETHER_TEST_REQUIRE_DBUS_DAEMON ();
  g_setenv ("LANGUAGE", language, TRUE);
  state_dir = g_dir_make_tmp ("tether-ui-state-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* GTestDBus unsets DISPLAY (against X11 autolaunch); GTK needs it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* Screenshots of a finished layout, not of a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return bus;
}

void
tether_test_ui_shutdown (GTestDBus *bus)
{
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (connection != NULL)
    g_dbus_connection_set_exit_on_close (connection, FALSE);
  g_test_dbus_stop (bus);
  /* Not unreferenced: its dispose would wait for the connection to go. */

  tether_test_remove_tree (state_dir);
  g_clear_pointer (&state_dir, g_free);
}

guint
tether_test_timeline_sessions (GtkWidget *timeline)
{
  g_autofree char *text = tether_timeline_describe (TETHER_TIMELINE (timeline));
  const char *colon = strstr (text, ": ");

  if (colon == NULL || strstr (text, "nothing recorded yet") != NULL)
    return 0;
  return (guint) g_ascii_strtoull (colon + 2, NULL, 10);
}

void
tether_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      tether_test_remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

GtkWidget *
tether_test_template_child (gpointer    widget,
                            GType       type,
                            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (child == NULL)
    g_error ("%s has no template child %s", G_OBJECT_TYPE_NAME (widget), name);
  return GTK_WIDGET (child);
}

TetherApplication *
tether_test_start_app (const char *url,
                       const char *api_key)
{
  g_autoptr(GError) error = NULL;
  TetherApplication *app = tether_application_new (url, api_key);
  static guint serial;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, ++serial);

  g_application_set_application_id (G_APPLICATION (app), id);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  return app;
}

void
tether_test_stop_app (TetherApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  tether_engine_stop (tether_application_get_engine (app));
  g_object_unref (app);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
tether_test_wait_until (TetherTestPredicate pred,
                        gpointer            data,
                        guint               timeout_s)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (timeout_s, timeout_cb, &timed_out);

  while (!pred (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (source);
  return !timed_out;
}

static gboolean
drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
frames_passed (gpointer data)
{
  guint *frames = data;

  return *frames >= 3;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

void
tether_test_wait_drawn (GtkWidget *widget)
{
  guint frames = 0;
  guint id;

  g_assert_true (tether_test_wait_until (drawn, widget, TETHER_TEST_WAIT_S));

  /* A few frames, so that layout and styles settle. */
  id = gtk_widget_add_tick_callback (widget, tick_cb, &frames, NULL);
  g_assert_true (tether_test_wait_until (frames_passed, &frames, TETHER_TEST_WAIT_S));
  gtk_widget_remove_tick_callback (widget, id);
}

gboolean
tether_test_save_screenshot (GtkWidget  *widget,
                             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gsize stride;
  gboolean varied = FALSE;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, NULL);

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * height && !varied; i += 4)
    varied = memcmp (pixels, pixels + i, 4) != 0;

  return varied;
}

GtkLabel *
tether_test_find_label (GtkWidget  *root,
                        const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = tether_test_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
tether_test_find_widget (GtkWidget *root,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tether_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}
