/* tether-timeline.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-format.h"
#include "tether-sessions.h"
#include "tether-timeline.h"

#define BAR_HEIGHT     24
#define MARKER_HEAD    4
#define LABEL_GAP      4
#define HOUR_US        ((gint64) 3600 * G_USEC_PER_SEC)
#define DAY_US         (24 * HOUR_US)

struct _TetherTimeline
{
  GtkWidget  parent_instance;

  guint      days;
  GPtrArray *sessions;       /* owned ref, nullable */
  GPtrArray *markers;        /* owned ref, nullable */
  gint64     known_since_us;
  gint64     now_us;         /* 0: the current time at set_data */

  /* Layout, from size_allocate. */
  int        label_height;
  graphene_rect_t bar;
};

G_DEFINE_FINAL_TYPE (TetherTimeline, tether_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *klass;
  GdkRGBA     color;
} palette[] = {
  { "lan",   { 0.180, 0.761, 0.494, 1 } },  /* green   #2ec27e */
  { "wan",   { 0.208, 0.518, 0.894, 1 } },  /* blue    #3584e4 */
  { "quic",  { 0.569, 0.255, 0.675, 1 } },  /* purple  #9141ac */
  { "relay", { 0.902, 0.380, 0.000, 1 } },  /* orange  #e66100 */
  { "other", { 0.467, 0.463, 0.482, 1 } },  /* grey    #77767b */
};

static const GdkRGBA *
session_color (const TetherSession *s)
{
  const char *klass = tether_connection_class (s->conn_type, s->is_local);

  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    if (g_str_equal (palette[i].klass, klass))
      return &palette[i].color;

  return &palette[G_N_ELEMENTS (palette) - 1].color;
}

static gint64
range_start (TetherTimeline *self)
{
  return self->now_us - (gint64) self->days * DAY_US;
}

char *
tether_timeline_describe (TetherTimeline *self)
{
  g_autofree char *range = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *sleeps = NULL;
  g_autofree char *networks = NULL;
  gint64 from;
  guint n_sessions = 0;
  guint n_sleeps = 0;
  guint n_networks = 0;
  double uptime;

  g_return_val_if_fail (TETHER_IS_TIMELINE (self), NULL);

  from = range_start (self);
  range = self->days == 1
    ? g_strdup (_("Last 24 hours"))
    /* Translators: the range of the timeline, "Last 7 days" */
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %u day", "Last %u days", self->days),
                       self->days);

  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    {
      const TetherSession *s = g_ptr_array_index (self->sessions, i);

      if (s->end_us == 0 || s->end_us > from)
        n_sessions++;
    }
  for (guint i = 0; self->markers != NULL && i < self->markers->len; i++)
    {
      const TetherMarker *m = g_ptr_array_index (self->markers, i);

      if (m->time_us < from)
        continue;
      n_sleeps += m->kind == TETHER_MARKER_SLEEP;
      n_networks += m->kind == TETHER_MARKER_NETWORK_CHANGE;
    }

  uptime = tether_sessions_uptime (self->sessions, self->known_since_us, from, self->now_us);
  if (uptime < 0)
    /* Translators: "Last 24 hours: nothing recorded yet" */
    return g_strdup_printf (_("%s: nothing recorded yet"), range);

  sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u session, connected %.0f%% of the time",
                                           "%u sessions, connected %.0f%% of the time",
                                           n_sessions),
                              n_sessions, 100.0 * uptime);
  sleeps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sleep", "%u sleeps", n_sleeps),
                            n_sleeps);
  networks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u network change", "%u network changes",
                                           n_networks),
                              n_networks);

  /* Translators: "Last 24 hours: 3 sessions, connected 80% of the time; 1 sleep, 2 network changes" */
  return g_strdup_printf (_("%s: %s; %s, %s"), range, sessions, sleeps, networks);
}

static void
update_accessible (TetherTimeline *self)
{
  g_autofree char *text = tether_timeline_describe (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
tether_timeline_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "00:00");
      int h;

      pango_layout_get_pixel_size (layout, NULL, &h);
      *minimum = *natural = MARKER_HEAD * 2 + BAR_HEIGHT + LABEL_GAP + h;
    }
}

static void
tether_timeline_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  TetherTimeline *self = TETHER_TIMELINE (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "00:00");

  pango_layout_get_pixel_size (layout, NULL, &self->label_height);
  self->bar = GRAPHENE_RECT_INIT (0, MARKER_HEAD * 2, width, BAR_HEIGHT);
}

static float
x_of (TetherTimeline *self,
      gint64          time_us)
{
  gint64 from = range_start (self);
  double t = (double) (time_us - from) / (double) (self->now_us - from);

  return self->bar.origin.x + CLAMP (t, 0, 1) * self->bar.size.width;
}

/* Tick marks on local boundaries: every 6 hours for a day, days for a
 * week, Mondays for longer ranges. */
static void
snapshot_ticks (TetherTimeline *self,
                GtkSnapshot    *snapshot,
                const GdkRGBA  *fg)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gint64 from = range_start (self);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (from / G_USEC_PER_SEC);
  g_autoptr(GDateTime) t = NULL;
  gboolean hourly = self->days <= 1;
  /* Translators: strftime formats for the timeline's axis: hours, week days, dates */
  const char *format = hourly ? _("%H:%M") : self->days <= 7 ? _("%a") : _("%-d %b");
  GdkRGBA line = *fg;
  float last_end = -G_MAXFLOAT;

  if (start == NULL)
    return;

  line.alpha *= 0.25;
  t = g_date_time_new_local (g_date_time_get_year (start), g_date_time_get_month (start),
                             g_date_time_get_day_of_month (start),
                             hourly ? g_date_time_get_hour (start) - g_date_time_get_hour (start) % 6 : 0,
                             0, 0);

  while (t != NULL && g_date_time_to_unix (t) * G_USEC_PER_SEC <= self->now_us)
    {
      gint64 us = g_date_time_to_unix (t) * G_USEC_PER_SEC;
      GDateTime *next;

      if (us >= from && (self->days <= 7 || g_date_time_get_day_of_week (t) == 1))
        {
          float x = x_of (self, us);
          g_autofree char *text = g_date_time_format (t, format);
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
          int w;

          gtk_snapshot_append_color (snapshot, &line,
                                     &GRAPHENE_RECT_INIT (x, self->bar.origin.y, 1, self->bar.size.height));
          pango_layout_get_pixel_size (layout, &w, NULL);
          /* Labels that would overlap, or stick out, are left out. */
          if (x - w / 2.f > last_end && x + w / 2.f <= gtk_widget_get_width (widget))
            {
              gtk_snapshot_save (snapshot);
              gtk_snapshot_translate (snapshot,
                                      &GRAPHENE_POINT_INIT (MAX (x - w / 2.f, 0),
                                                            self->bar.origin.y + self->bar.size.height + LABEL_GAP));
              gtk_snapshot_append_layout (snapshot, layout, fg);
              gtk_snapshot_restore (snapshot);
              last_end = x + w / 2.f + 8;
            }
        }

      next = hourly ? g_date_time_add_hours (t, 6) : g_date_time_add_days (t, 1);
      g_date_time_unref (t);
      t = next;
    }
}

static void
snapshot_markers (TetherTimeline *self,
                  GtkSnapshot    *snapshot,
                  const GdkRGBA  *fg)
{
  gint64 from = range_start (self);

  for (guint i = 0; self->markers != NULL && i < self->markers->len; i++)
    {
      const TetherMarker *m = g_ptr_array_index (self->markers, i);
      GdkRGBA color = *fg;
      float x;

      if (m->time_us < from || m->time_us > self->now_us)
        continue;

      switch (m->kind)
        {
        case TETHER_MARKER_SLEEP:          color.alpha *= 0.8; break;
        case TETHER_MARKER_RESUME:         color.alpha *= 0.5; break;
        case TETHER_MARKER_NETWORK_CHANGE: color = (GdkRGBA) { 0.110, 0.443, 0.847, 1 }; break;
        case TETHER_MARKER_PREWARM:        color = (GdkRGBA) { 0.149, 0.635, 0.412, 1 }; break;
        default:                           break;
        }

      x = x_of (self, m->time_us);
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (x - 1, MARKER_HEAD, 2,
                                                      self->bar.size.height + MARKER_HEAD));
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (x - MARKER_HEAD, 0, MARKER_HEAD * 2, MARKER_HEAD * 2));
    }
}

static void
tether_timeline_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  TetherTimeline *self = TETHER_TIMELINE (widget);
  GdkRGBA fg;
  GdkRGBA track;
  GskRoundedRect clip;
  gint64 from = range_start (self);

  if (self->bar.size.width <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  track = fg;
  track.alpha *= 0.1;

  gsk_rounded_rect_init_from_rect (&clip, &self->bar, 6);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);

  gtk_snapshot_append_color (snapshot, &track, &self->bar);

  /* Time nobody watched: hatched lighter, so it does not read as offline. */
  if (self->known_since_us > from)
    {
      GdkRGBA unknown = fg;
      float x = x_of (self, self->known_since_us);

      unknown.alpha *= 0.04;
      for (float hx = self->bar.origin.x; hx < x; hx += 6)
        gtk_snapshot_append_color (snapshot, &unknown,
                                   &GRAPHENE_RECT_INIT (hx, self->bar.origin.y, MIN (3, x - hx),
                                                        self->bar.size.height));
    }

  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    {
      const TetherSession *s = g_ptr_array_index (self->sessions, i);
      gint64 end = s->end_us != 0 ? s->end_us : self->now_us;
      float x0, x1;

      if (end < from || s->start_us > self->now_us)
        continue;

      x0 = x_of (self, s->start_us);
      x1 = x_of (self, end);
      gtk_snapshot_append_color (snapshot, session_color (s),
                                 &GRAPHENE_RECT_INIT (x0, self->bar.origin.y, MAX (x1 - x0, 1),
                                                      self->bar.size.height));
    }

  gtk_snapshot_pop (snapshot);

  snapshot_ticks (self, snapshot, &fg);
  snapshot_markers (self, snapshot, &fg);
}

static void
tether_timeline_finalize (GObject *object)
{
  TetherTimeline *self = (TetherTimeline *)object;

  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->markers, g_ptr_array_unref);

  G_OBJECT_CLASS (tether_timeline_parent_class)->finalize (object);
}

static void
tether_timeline_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TetherTimeline *self = TETHER_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      g_value_set_uint (value, self->days);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_timeline_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TetherTimeline *self = TETHER_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      tether_timeline_set_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_timeline_class_init (TetherTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tether_timeline_finalize;
  object_class->get_property = tether_timeline_get_property;
  object_class->set_property = tether_timeline_set_property;

  widget_class->measure = tether_timeline_measure;
  widget_class->size_allocate = tether_timeline_size_allocate;
  widget_class->snapshot = tether_timeline_snapshot;

  properties[PROP_DAYS] =
    g_param_spec_uint ("days", NULL, NULL, 1, 365, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tether_timeline_init (TetherTimeline *self)
{
  self->days = 1;
  self->now_us = g_get_real_time ();
  self->known_since_us = self->now_us;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connection timeline"),
                                  -1);
  update_accessible (self);
}

GtkWidget *
tether_timeline_new (void)
{
  return g_object_new (TETHER_TYPE_TIMELINE, NULL);
}

guint
tether_timeline_get_days (TetherTimeline *self)
{
  g_return_val_if_fail (TETHER_IS_TIMELINE (self), 1);

  return self->days;
}

void
tether_timeline_set_days (TetherTimeline *self,
                          guint           days)
{
  g_return_if_fail (TETHER_IS_TIMELINE (self));
  g_return_if_fail (days >= 1 && days <= 365);

  if (self->days == days)
    return;

  self->days = days;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS]);
}

void
tether_timeline_set_data (TetherTimeline *self,
                          GPtrArray      *sessions,
                          GPtrArray      *markers,
                          gint64          known_since_us,
                          gint64          now_us)
{
  g_return_if_fail (TETHER_IS_TIMELINE (self));
  g_return_if_fail (now_us > 0);

  if (sessions != NULL)
    g_ptr_array_ref (sessions);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  self->sessions = sessions;

  if (markers != NULL)
    g_ptr_array_ref (markers);
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  self->markers = markers;

  self->known_since_us = known_since_us;
  self->now_us = now_us;

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
