/* test-window.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application in a real window (under Xvfb), against a real
 * Syncthing pair: the peer's row follows the peer.
 */

#include "config.h"

#include "tether-application.h"
#include "tether-device-item.h"
#include "tether-test-syncthing.h"
#include "tether-window.h"

#define WAIT_S 60

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
row_state_is (GListModel *devices,
              const char *id,
              const char *state)
{
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (devices, i);

      if (g_str_equal (tether_device_item_get_id (item), id))
        return g_str_equal (tether_device_item_get_state (item), state);
    }

  return FALSE;
}

static gboolean
wait_row (GListModel *devices,
          const char *id,
          const char *state)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);

  while (!row_state_is (devices, id, state) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (source);
  return !timed_out;
}

/* Renders the window to a PNG under the build dir; FALSE if it is blank
 * (every pixel the same). */
static gboolean
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gsize stride;
  gboolean varied = FALSE;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node, NULL);

  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", name, NULL);
  g_mkdir_with_parents (g_path_get_dirname (path), 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * height && !varied; i += 4)
    varied = memcmp (pixels, pixels + i, 4) != 0;

  return varied;
}

static void
wait_mapped (GtkWidget *widget)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);

  while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (source);

  /* Let a frame be drawn. */
  for (int i = 0; i < 20 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
test_window_follows_peer (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  g_autoptr(TetherApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GListModel *devices;
  const char *beta_id;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (alpha, &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (beta, &error);
  g_assert_no_error (error);
  tether_test_syncthing_pair (alpha, beta, &error);
  g_assert_no_error (error);
  beta_id = tether_test_syncthing_get_device_id (beta);

  app = tether_application_new (tether_test_syncthing_get_url (alpha),
                                tether_test_syncthing_get_api_key (alpha));
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (TETHER_IS_WINDOW (window));
  devices = tether_window_get_devices (TETHER_WINDOW (window));

  g_assert_true (wait_row (devices, beta_id, "connected"));
  wait_mapped (GTK_WIDGET (window));
  g_assert_true (save_screenshot (GTK_WIDGET (window), "main-window.png"));

  tether_test_syncthing_stop (beta);
  g_assert_true (wait_row (devices, beta_id, "disconnected"));

  tether_test_syncthing_start (beta, &error);
  g_assert_no_error (error);
  g_assert_true (wait_row (devices, beta_id, "connected"));

  gtk_window_destroy (window);
  tether_engine_stop (tether_application_get_engine (app));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/window/follows-peer", test_window_follows_peer);

  return g_test_run ();
}
