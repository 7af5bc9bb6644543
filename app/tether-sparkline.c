/* tether-sparkline.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-sparkline.h"

#define BAR_WIDTH    3
#define BAR_SPACING  1
#define MIN_HEIGHT   16

struct _TetherSparkline
{
  GtkWidget  parent_instance;

  GVariant  *values;  /* owned, nullable, "ad" */
  int        bar_width; /* from the last size_allocate */
};

G_DEFINE_FINAL_TYPE (TetherSparkline, tether_sparkline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALUES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
tether_sparkline_describe (GVariant *values)
{
  const double *v;
  gsize n = 0;
  double sum = 0;
  guint known = 0;

  if (values == NULL)
    return g_strdup (_("No connection history yet"));

  v = g_variant_get_fixed_array (values, &n, sizeof (double));
  for (gsize i = 0; i < n; i++)
    if (v[i] >= 0)
      {
        sum += v[i];
        known++;
      }

  if (known == 0)
    return g_strdup (_("No connection history yet"));

  /* Translators: "Connected 75% of the last 24 hours"; the hours are those Tether watched */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Connected %.0f%% of the last hour",
                                       "Connected %.0f%% of the last %u hours",
                                       known),
                          100.0 * sum / known, known);
}

static void
update_accessible (TetherSparkline *self)
{
  g_autofree char *text = tether_sparkline_describe (self->values);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
}

static gsize
n_values (TetherSparkline *self)
{
  return self->values != NULL ? g_variant_n_children (self->values) : 0;
}

static void
tether_sparkline_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  TetherSparkline *self = TETHER_SPARKLINE (widget);
  int n = MAX ((int) n_values (self), 24);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = n * 2;
      *natural = n * (BAR_WIDTH + BAR_SPACING);
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = MIN_HEIGHT + 4;
    }
}

static void
tether_sparkline_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  TetherSparkline *self = TETHER_SPARKLINE (widget);
  int n = MAX ((int) n_values (self), 1);

  /* Bars share the width; the gap stays one pixel. */
  self->bar_width = MAX ((width + BAR_SPACING) / n - BAR_SPACING, 1);
}

static void
tether_sparkline_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  TetherSparkline *self = TETHER_SPARKLINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const double *v;
  gsize n = 0;
  GdkRGBA color;
  GdkRGBA faint;
  int step;
  int x0;

  if (self->values == NULL || width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  faint = color;
  faint.alpha *= 0.15;

  v = g_variant_get_fixed_array (self->values, &n, sizeof (double));
  step = self->bar_width + BAR_SPACING;
  /* Right-aligned: the newest hour sits at the end. */
  x0 = width - (int) n * step + BAR_SPACING;

  for (gsize i = 0; i < n; i++)
    {
      int x = x0 + (int) i * step;
      double h = v[i] < 0 ? 0 : CLAMP (v[i], 0, 1) * height;

      /* The baseline: an hour with nothing, or nothing known. */
      gtk_snapshot_append_color (snapshot, &faint,
                                 &GRAPHENE_RECT_INIT (x, height - 1, self->bar_width, 1));
      if (h > 0)
        gtk_snapshot_append_color (snapshot, &color,
                                   &GRAPHENE_RECT_INIT (x, height - MAX (h, 1), self->bar_width, MAX (h, 1)));
    }
}

static void
tether_sparkline_finalize (GObject *object)
{
  TetherSparkline *self = (TetherSparkline *)object;

  g_clear_pointer (&self->values, g_variant_unref);

  G_OBJECT_CLASS (tether_sparkline_parent_class)->finalize (object);
}

static void
tether_sparkline_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TetherSparkline *self = TETHER_SPARKLINE (object);

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
tether_sparkline_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TetherSparkline *self = TETHER_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_VALUES:
      tether_sparkline_set_values (self, g_value_get_variant (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_sparkline_class_init (TetherSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tether_sparkline_finalize;
  object_class->get_property = tether_sparkline_get_property;
  object_class->set_property = tether_sparkline_set_property;

  widget_class->measure = tether_sparkline_measure;
  widget_class->size_allocate = tether_sparkline_size_allocate;
  widget_class->snapshot = tether_sparkline_snapshot;

  properties[PROP_VALUES] =
    g_param_spec_variant ("values", NULL, NULL, G_VARIANT_TYPE ("ad"), NULL,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tether_sparkline_init (TetherSparkline *self)
{
  self->bar_width = BAR_WIDTH;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connected time, last 24 hours"),
                                  -1);
  update_accessible (self);
}

GtkWidget *
tether_sparkline_new (void)
{
  return g_object_new (TETHER_TYPE_SPARKLINE, NULL);
}

GVariant *
tether_sparkline_get_values (TetherSparkline *self)
{
  g_return_val_if_fail (TETHER_IS_SPARKLINE (self), NULL);

  return self->values;
}

void
tether_sparkline_set_values (TetherSparkline *self,
                             GVariant        *values)
{
  g_autoptr(GVariant) held = NULL;
  gboolean resized;

  g_return_if_fail (TETHER_IS_SPARKLINE (self));
  g_return_if_fail (values == NULL || g_variant_is_of_type (values, G_VARIANT_TYPE ("ad")));

  /* Takes a floating reference, as GVariant setters do. */
  if (values != NULL)
    held = g_variant_ref_sink (values);

  if (held == self->values ||
      (held != NULL && self->values != NULL && g_variant_equal (held, self->values)))
    return;

  resized = n_values (self) != (held != NULL ? g_variant_n_children (held) : 0);
  g_clear_pointer (&self->values, g_variant_unref);
  self->values = g_steal_pointer (&held);

  update_accessible (self);
  if (resized)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUES]);
}
