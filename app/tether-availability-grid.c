/* tether-availability-grid.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-availability-grid.h"

#define MIN_CELL 6
#define NAT_CELL 14
#define GAP      2

struct _TetherAvailabilityGrid
{
  GtkWidget  parent_instance;

  GVariant  *values;        /* owned, nullable, "ad" of 168 */

  /* Layout, from size_allocate. */
  int        label_width;
  int        label_height;
  float      cell;
};

G_DEFINE_FINAL_TYPE (TetherAvailabilityGrid, tether_availability_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALUES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The abbreviated name of week day d (0 = Monday), in the user's locale. */
static char *
day_name (int d)
{
  /* 1 January 2024 was a Monday. */
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2024, 1, 1 + d, 12, 0, 0);

  return g_date_time_format (dt, "%a");
}

char *
tether_availability_grid_describe (GVariant *values)
{
  const double *v = NULL;
  gsize n = 0;
  int best = -1;
  int worst = -1;
  guint known = 0;
  g_autofree char *day = NULL;

  if (values != NULL)
    {
      v = g_variant_get_fixed_array (values, &n, sizeof (double));
      for (gsize h = 0; h < n; h++)
        if (v[h] >= 0)
          {
            known++;
            if (best < 0 || v[h] > v[best])
              best = h;
            if (worst < 0 || v[h] < v[worst])
              worst = h;
          }
    }

  if (known == 0)
    return g_strdup (_("No hours observed yet"));

  day = day_name (best / 24);
  if (known < n)
    /* Translators: "Observed 30 of 168 hours of the week; most often reachable Tue 10:00 (90%)" */
    return g_strdup_printf (_("Observed %u of 168 hours of the week; most often reachable %s %02d:00 (%.0f%%)"),
                            known, day, best % 24, 100.0 * v[best]);

  /* The history's estimates cover every hour, observed or not: an
   * estimate that is the same everywhere says nothing yet. */
  if (v[best] - v[worst] < 0.005)
    /* Translators: the chance that the device is reachable, "50%" */
    return g_strdup_printf (_("No pattern yet: about %.0f%% at every hour"), 100.0 * v[best]);

  /* Translators: "Most likely reachable Tue 10:00 (90%)" */
  return g_strdup_printf (_("Most likely reachable %s %02d:00 (%.0f%%)"),
                          day, best % 24, 100.0 * v[best]);
}

static void
update_accessible (TetherAvailabilityGrid *self)
{
  g_autofree char *text = tether_availability_grid_describe (self->values);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
measure_labels (GtkWidget *widget,
                int       *width,
                int       *height)
{
  *width = 0;
  *height = 0;

  for (int d = 0; d < 7; d++)
    {
      g_autofree char *name = day_name (d);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, name);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      *width = MAX (*width, w);
      *height = MAX (*height, h);
    }
}

static void
tether_availability_grid_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  int label_w, label_h;

  measure_labels (widget, &label_w, &label_h);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = label_w + GAP * 2 + 24 * (MIN_CELL + GAP);
      *natural = label_w + GAP * 2 + 24 * (NAT_CELL + GAP);
    }
  else
    {
      /* The cells stay square: height follows the width given. */
      float cell = NAT_CELL;

      if (for_size > 0)
        cell = CLAMP ((for_size - label_w - GAP * 2) / 24.f - GAP, MIN_CELL, 2 * NAT_CELL);
      *minimum = *natural = label_h + GAP + 7 * (int) (cell + GAP);
    }
}

static GtkSizeRequestMode
tether_availability_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tether_availability_grid_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  TetherAvailabilityGrid *self = TETHER_AVAILABILITY_GRID (widget);
  float by_width, by_height;

  measure_labels (widget, &self->label_width, &self->label_height);
  by_width = (width - self->label_width - GAP * 2) / 24.f - GAP;
  by_height = (height - self->label_height - GAP) / 7.f - GAP;
  self->cell = MAX (MIN (by_width, by_height), 1);
}

static void
tether_availability_grid_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  TetherAvailabilityGrid *self = TETHER_AVAILABILITY_GRID (widget);
  const double *v = NULL;
  gsize n = 0;
  GdkRGBA fg;
  GdkRGBA dim;
  const GdkRGBA accent = { 0.208, 0.518, 0.894, 1 };
  float x0 = self->label_width + GAP * 2;
  float y0 = self->label_height + GAP;
  float step = self->cell + GAP;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dim = fg;
  dim.alpha *= 0.55;

  if (self->values != NULL)
    v = g_variant_get_fixed_array (self->values, &n, sizeof (double));

  /* Hours along the top, every six. */
  for (int hour = 0; hour < 24; hour += 6)
    {
      g_autofree char *text = g_strdup_printf ("%02d", hour);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0 + hour * step, 0));
      gtk_snapshot_append_layout (snapshot, layout, &dim);
      gtk_snapshot_restore (snapshot);
    }

  for (int d = 0; d < 7; d++)
    {
      g_autofree char *name = day_name (d);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, name);
      float y = y0 + d * step;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (0, y + (self->cell - self->label_height) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &dim);
      gtk_snapshot_restore (snapshot);

      for (int hour = 0; hour < 24; hour++)
        {
          gsize i = d * 24 + hour;
          graphene_rect_t cell = GRAPHENE_RECT_INIT (x0 + hour * step, y, self->cell, self->cell);
          GskRoundedRect rounded;

          gsk_rounded_rect_init_from_rect (&rounded, &cell, MIN (3, self->cell / 3));
          if (i < n && v[i] >= 0)
            {
              GdkRGBA color = accent;

              color.alpha = 0.12 + 0.88 * CLAMP (v[i], 0, 1);
              gtk_snapshot_push_rounded_clip (snapshot, &rounded);
              gtk_snapshot_append_color (snapshot, &color, &cell);
              gtk_snapshot_pop (snapshot);
            }
          else
            {
              const float widths[4] = { 1, 1, 1, 1 };
              GdkRGBA colors[4];

              for (int k = 0; k < 4; k++)
                {
                  colors[k] = fg;
                  colors[k].alpha *= 0.15;
                }
              gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
            }
        }
    }
}

static void
tether_availability_grid_finalize (GObject *object)
{
  TetherAvailabilityGrid *self = (TetherAvailabilityGrid *)object;

  g_clear_pointer (&self->values, g_variant_unref);

  G_OBJECT_CLASS (tether_availability_grid_parent_class)->finalize (object);
}

static void
tether_availability_grid_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  TetherAvailabilityGrid *self = TETHER_AVAILABILITY_GRID (object);

  switch (prop_id)
    {
    case PROP_VALUES:
      g_value_set_variant (value, self->values);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_availability_grid_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  TetherAvailabilityGrid *self = TETHER_AVAILABILITY_GRID (object);

  switch (prop_id)
    {
    case PROP_VALUES:
      tether_availability_grid_set_values (self, g_value_get_variant (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_availability_grid_class_init (TetherAvailabilityGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tether_availability_grid_finalize;
  object_class->get_property = tether_availability_grid_get_property;
  object_class->set_property = tether_availability_grid_set_property;

  widget_class->get_request_mode = tether_availability_grid_get_request_mode;
  widget_class->measure = tether_availability_grid_measure;
  widget_class->size_allocate = tether_availability_grid_size_allocate;
  widget_class->snapshot = tether_availability_grid_snapshot;

  properties[PROP_VALUES] =
    g_param_spec_variant ("values", NULL, NULL, G_VARIANT_TYPE ("ad"), NULL,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "availabilitygrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tether_availability_grid_init (TetherAvailabilityGrid *self)
{
  self->cell = NAT_CELL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Availability by hour of the week"),
                                  -1);
  update_accessible (self);
}

GtkWidget *
tether_availability_grid_new (void)
{
  return g_object_new (TETHER_TYPE_AVAILABILITY_GRID, NULL);
}

GVariant *
tether_availability_grid_get_values (TetherAvailabilityGrid *self)
{
  g_return_val_if_fail (TETHER_IS_AVAILABILITY_GRID (self), NULL);

  return self->values;
}

void
tether_availability_grid_set_values (TetherAvailabilityGrid *self,
                                     GVariant               *values)
{
  g_autoptr(GVariant) held = NULL;

  g_return_if_fail (TETHER_IS_AVAILABILITY_GRID (self));
  g_return_if_fail (values == NULL || g_variant_is_of_type (values, G_VARIANT_TYPE ("ad")));

  if (values != NULL)
    held = g_variant_ref_sink (values);

  if (held == self->values ||
      (held != NULL && self->values != NULL && g_variant_equal (held, self->values)))
    return;

  g_clear_pointer (&self->values, g_variant_unref);
  self->values = g_steal_pointer (&held);

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUES]);
}

GVariant *
tether_availability_grid_pack (const double values[TETHER_HOURS_PER_WEEK])
{
  g_return_val_if_fail (values != NULL, NULL);

  return g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, values,
                                    TETHER_HOURS_PER_WEEK, sizeof (double));
}
