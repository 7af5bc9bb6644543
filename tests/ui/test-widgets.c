/* test-widgets.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The custom-drawn widgets: sparkline, timeline, availability grid. Each
 * is made and destroyed, has its properties round-tripped, says in its
 * accessible description what it draws, and draws something.
 */

#include "config.h"

#include "tether-availability-grid.h"
#include "tether-sparkline.h"
#include "tether-test-ui.h"
#include "tether-timeline.h"

#define S    ((gint64) G_USEC_PER_SEC)
#define HOUR (3600 * S)
#define DAY  (24 * HOUR)
/* Monday 2026-03-02 00:00 UTC */
#define MONDAY ((gint64) 1772409600 * S)

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static GVariant *
values (guint  n,
        double first,
        double rest)
{
  g_autofree double *v = g_new (double, n);

  for (guint i = 0; i < n; i++)
    v[i] = i == 0 ? first : rest;

  return g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, v, n, sizeof (double));
}

static void
assert_description (gpointer    widget,
                    const char *expected)
{
  char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    expected);

  if (error != NULL)
    g_error ("accessible description: %s", error);
}

/* Shows widget in a window of its own and checks it draws. */
static void
assert_draws (GtkWidget  *widget,
              const char *name)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 200);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  tether_test_wait_drawn (widget);
  g_assert_true (tether_test_save_screenshot (widget, name));
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sparkline_new_destroy (void)
{
  GtkWidget *sparkline = g_object_ref_sink (tether_sparkline_new ());

  g_assert_cmpstr (gtk_widget_class_get_css_name (GTK_WIDGET_GET_CLASS (sparkline)), ==, "sparkline");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (sparkline), GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_null (tether_sparkline_get_values (TETHER_SPARKLINE (sparkline)));
  assert_description (sparkline, "No connection history yet");

  g_assert_finalize_object (sparkline);
}

static void
test_sparkline_values (void)
{
  g_autoptr(GtkWidget) sparkline = g_object_ref_sink (tether_sparkline_new ());
  guint notified = 0;
  g_autoptr(GVariant) read = NULL;

  g_signal_connect (sparkline, "notify::values", G_CALLBACK (count_cb), &notified);

  /* Half the last hour connected; the 23 hours before unknown. */
  tether_sparkline_set_values (TETHER_SPARKLINE (sparkline), values (24, 0.5, -1));
  g_assert_cmpuint (notified, ==, 1);
  assert_description (sparkline, "Connected 50% of the last hour");

  /* The same values again, a new variant: no notification. */
  tether_sparkline_set_values (TETHER_SPARKLINE (sparkline), values (24, 0.5, -1));
  g_assert_cmpuint (notified, ==, 1);

  /* Through the property, as the list's binding sets it. */
  g_object_set (sparkline, "values", values (24, 0, 1), NULL);
  g_assert_cmpuint (notified, ==, 2);
  assert_description (sparkline, "Connected 96% of the last 24 hours");
  g_object_get (sparkline, "values", &read, NULL);
  g_assert_true (g_variant_equal (read, tether_sparkline_get_values (TETHER_SPARKLINE (sparkline))));

  tether_sparkline_set_values (TETHER_SPARKLINE (sparkline), NULL);
  g_assert_cmpuint (notified, ==, 3);
  tether_sparkline_set_values (TETHER_SPARKLINE (sparkline), NULL);
  g_assert_cmpuint (notified, ==, 3);
}

static void
test_sparkline_draws (void)
{
  GtkWidget *sparkline = tether_sparkline_new ();

  tether_sparkline_set_values (TETHER_SPARKLINE (sparkline), values (24, 0.25, 1));
  assert_draws (sparkline, "widget-sparkline.png");
}

static TetherSession *
session (gint64      start,
         gint64      end,
         const char *type,
         gboolean    is_local)
{
  TetherSession *s = g_new0 (TetherSession, 1);

  s->start_us = start;
  s->end_us = end;
  s->conn_type = g_strdup (type);
  s->is_local = is_local;
  return s;
}

static TetherMarker *
marker (gint64           time,
        TetherMarkerKind kind)
{
  TetherMarker *m = g_new0 (TetherMarker, 1);

  m->time_us = time;
  m->kind = kind;
  return m;
}

static void
fill_timeline (TetherTimeline *timeline)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_session_free);
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_marker_free);
  gint64 now = MONDAY + DAY;

  /* 6 hours on the LAN, a relay hour, then QUIC until now. */
  g_ptr_array_add (sessions, session (MONDAY + 2 * HOUR, MONDAY + 8 * HOUR, "tcp-client", TRUE));
  g_ptr_array_add (sessions, session (MONDAY + 9 * HOUR, MONDAY + 10 * HOUR, "relay-client", FALSE));
  g_ptr_array_add (sessions, session (MONDAY + 18 * HOUR, 0, "quic-client", FALSE));
  g_ptr_array_add (markers, marker (MONDAY + 8 * HOUR, TETHER_MARKER_SLEEP));
  g_ptr_array_add (markers, marker (MONDAY + 9 * HOUR, TETHER_MARKER_RESUME));
  g_ptr_array_add (markers, marker (MONDAY + 17 * HOUR, TETHER_MARKER_NETWORK_CHANGE));
  /* Older than the range: not counted. */
  g_ptr_array_add (markers, marker (MONDAY - 2 * DAY, TETHER_MARKER_NETWORK_CHANGE));

  tether_timeline_set_data (timeline, sessions, markers, MONDAY - 7 * DAY, now);
}

static void
test_timeline_new_destroy (void)
{
  GtkWidget *timeline = g_object_ref_sink (tether_timeline_new ());

  g_assert_cmpstr (gtk_widget_class_get_css_name (GTK_WIDGET_GET_CLASS (timeline)), ==, "timeline");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (timeline), GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_cmpuint (tether_timeline_get_days (TETHER_TIMELINE (timeline)), ==, 1);
  assert_description (timeline, "Last 24 hours: nothing recorded yet");

  g_assert_finalize_object (timeline);
}

static void
test_timeline_days (void)
{
  g_autoptr(GtkWidget) timeline = g_object_ref_sink (tether_timeline_new ());
  guint notified = 0;
  guint days = 0;

  g_signal_connect (timeline, "notify::days", G_CALLBACK (count_cb), &notified);
  fill_timeline (TETHER_TIMELINE (timeline));
  assert_description (timeline,
                      "Last 24 hours: 3 sessions, connected 54% of the time; 1 sleep, 1 network change");

  tether_timeline_set_days (TETHER_TIMELINE (timeline), 7);
  g_assert_cmpuint (notified, ==, 1);
  tether_timeline_set_days (TETHER_TIMELINE (timeline), 7);
  g_assert_cmpuint (notified, ==, 1);
  /* A week: the older marker counts now; the week before was watched and empty. */
  assert_description (timeline,
                      "Last 7 days: 3 sessions, connected 8% of the time; 1 sleep, 2 network changes");

  g_object_set (timeline, "days", 30, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_object_get (timeline, "days", &days, NULL);
  g_assert_cmpuint (days, ==, 30);
}

static void
test_timeline_draws (void)
{
  GtkWidget *timeline = tether_timeline_new ();

  fill_timeline (TETHER_TIMELINE (timeline));
  assert_draws (timeline, "widget-timeline.png");
}

static GVariant *
week (void)
{
  double v[TETHER_HOURS_PER_WEEK];

  for (guint h = 0; h < TETHER_HOURS_PER_WEEK; h++)
    v[h] = h < 24 ? -1 : (h % 24 >= 9 && h % 24 < 17) ? 0.8 : 0.1;
  /* Tuesday 10:00 is the best. */
  v[24 + 10] = 0.95;

  return tether_availability_grid_pack (v);
}

static void
test_grid_new_destroy (void)
{
  GtkWidget *grid = g_object_ref_sink (tether_availability_grid_new ());

  g_assert_cmpstr (gtk_widget_class_get_css_name (GTK_WIDGET_GET_CLASS (grid)), ==, "availabilitygrid");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_ROLE_IMG);
  assert_description (grid, "No hours observed yet");

  g_assert_finalize_object (grid);
}

static void
test_grid_values (void)
{
  g_autoptr(GtkWidget) grid = g_object_ref_sink (tether_availability_grid_new ());
  guint notified = 0;

  g_signal_connect (grid, "notify::values", G_CALLBACK (count_cb), &notified);
  tether_availability_grid_set_values (TETHER_AVAILABILITY_GRID (grid), week ());
  g_assert_cmpuint (notified, ==, 1);
  tether_availability_grid_set_values (TETHER_AVAILABILITY_GRID (grid), week ());
  g_assert_cmpuint (notified, ==, 1);
  assert_description (grid, "Observed 144 of 168 hours of the week; most often reachable Tue 10:00 (95%)");

  /* The history's estimates: every hour has one. */
  {
    double v[TETHER_HOURS_PER_WEEK];
    g_autoptr(GVariant) flat = NULL;
    g_autoptr(GVariant) peaked = NULL;
    g_autofree char *flat_text = NULL;
    g_autofree char *peaked_text = NULL;

    for (guint h = 0; h < TETHER_HOURS_PER_WEEK; h++)
      v[h] = 0.5;
    flat = g_variant_ref_sink (tether_availability_grid_pack (v));
    flat_text = tether_availability_grid_describe (flat);
    g_assert_cmpstr (flat_text, ==, "No pattern yet: about 50% at every hour");
    v[24 + 10] = 0.9;
    peaked = g_variant_ref_sink (tether_availability_grid_pack (v));
    peaked_text = tether_availability_grid_describe (peaked);
    g_assert_cmpstr (peaked_text, ==, "Most likely reachable Tue 10:00 (90%)");
  }

  g_object_set (grid, "values", NULL, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_null (tether_availability_grid_get_values (TETHER_AVAILABILITY_GRID (grid)));
  assert_description (grid, "No hours observed yet");
}

static void
test_grid_draws (void)
{
  GtkWidget *grid = tether_availability_grid_new ();

  tether_availability_grid_set_values (TETHER_AVAILABILITY_GRID (grid), week ());
  assert_draws (grid, "widget-availability-grid.png");
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_ALL", "C", TRUE);
  bus = tether_test_ui_init (&argc, &argv);

  g_test_add_func ("/tether/sparkline/new-destroy", test_sparkline_new_destroy);
  g_test_add_func ("/tether/sparkline/values", test_sparkline_values);
  g_test_add_func ("/tether/sparkline/draws", test_sparkline_draws);
  g_test_add_func ("/tether/timeline/new-destroy", test_timeline_new_destroy);
  g_test_add_func ("/tether/timeline/days", test_timeline_days);
  g_test_add_func ("/tether/timeline/draws", test_timeline_draws);
  g_test_add_func ("/tether/availability-grid/new-destroy", test_grid_new_destroy);
  g_test_add_func ("/tether/availability-grid/values", test_grid_values);
  g_test_add_func ("/tether/availability-grid/draws", test_grid_draws);

  status = g_test_run ();
  tether_test_ui_shutdown (bus);

  return status;
}
