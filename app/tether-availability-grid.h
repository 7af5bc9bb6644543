/* tether-availability-grid.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a device tends to be reachable: seven rows (Monday first) of 24
 * hourly cells, shaded by the chance (0..1) that it is reachable at that
 * hour, as the history estimates it. A negative value is an hour never
 * observed, drawn as an empty outline.
 */

#pragma once

#include <gtk/gtk.h>

#include "tether-history-types.h"

G_BEGIN_DECLS

#define TETHER_TYPE_AVAILABILITY_GRID (tether_availability_grid_get_type ())

G_DECLARE_FINAL_TYPE (TetherAvailabilityGrid, tether_availability_grid, TETHER, AVAILABILITY_GRID, GtkWidget)

GtkWidget *tether_availability_grid_new        (void);
/* "ad" of TETHER_HOURS_PER_WEEK values, or NULL. */
GVariant  *tether_availability_grid_get_values (TetherAvailabilityGrid *self);
void       tether_availability_grid_set_values (TetherAvailabilityGrid *self,
                                                GVariant               *values);
/* A convenience for TetherDeviceStats.availability. */
GVariant  *tether_availability_grid_pack       (const double            values[TETHER_HOURS_PER_WEEK]);
/* The accessible description for a values array. */
char      *tether_availability_grid_describe   (GVariant               *values);

G_END_DECLS
