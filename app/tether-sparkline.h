/* tether-sparkline.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small bar chart of a device's connected time, one bar per hour, for the
 * device list. Values are shares 0..1; a negative value is an hour Tether
 * knows nothing about and is drawn as a dot.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TETHER_TYPE_SPARKLINE (tether_sparkline_get_type ())

G_DECLARE_FINAL_TYPE (TetherSparkline, tether_sparkline, TETHER, SPARKLINE, GtkWidget)

GtkWidget *tether_sparkline_new        (void);
/* "ad", or NULL for nothing to draw. */
GVariant  *tether_sparkline_get_values (TetherSparkline *self);
void       tether_sparkline_set_values (TetherSparkline *self,
                                        GVariant        *values);
/* The text the accessible description carries, for a values array. */
char      *tether_sparkline_describe   (GVariant        *values);

G_END_DECLS
