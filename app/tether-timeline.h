/* tether-timeline.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device's sessions on a time axis, coloured by connection type (LAN,
 * WAN TCP, QUIC, relay), with sleep, resume, network-change and pre-warm
 * markers, over the last `days` days. Its accessible description says in
 * words what it draws, and follows the data.
 */

#pragma once

#include <gtk/gtk.h>

#include "tether-history-types.h"

G_BEGIN_DECLS

#define TETHER_TYPE_TIMELINE (tether_timeline_get_type ())

G_DECLARE_FINAL_TYPE (TetherTimeline, tether_timeline, TETHER, TIMELINE, GtkWidget)

GtkWidget *tether_timeline_new      (void);
guint      tether_timeline_get_days (TetherTimeline *self);
void       tether_timeline_set_days (TetherTimeline *self,
                                     guint           days);
/* sessions: of TetherSession*; markers: of TetherMarker* (both nullable,
 * referenced, not copied: do not change them afterwards). Time before
 * known_since_us is drawn as not watched; the axis ends at now_us. */
void       tether_timeline_set_data (TetherTimeline *self,
                                     GPtrArray      *sessions,
                                     GPtrArray      *markers,
                                     gint64          known_since_us,
                                     gint64          now_us);
/* The accessible description, as it stands. */
char      *tether_timeline_describe (TetherTimeline *self);

G_END_DECLS
