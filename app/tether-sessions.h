/* tether-sessions.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Arithmetic over the history's TetherSession records for the views: the
 * sparkline's hourly activity and the timeline's uptime. Pure functions.
 * known_since_us says from when on the record is complete, so that time
 * before it counts as unknown rather than offline.
 */

#pragma once

#include <glib.h>

#include "tether-history-types.h"

G_BEGIN_DECLS

/* n_buckets buckets of bucket_us each, ending at now_us: the share of each
 * covered by sessions (0..1), or -1 for a bucket wholly before
 * known_since_us. Sessions with end_us 0 last until now_us. */
void               tether_sessions_activity     (GPtrArray         *sessions,
                                                 gint64             known_since_us,
                                                 gint64             now_us,
                                                 guint              n_buckets,
                                                 gint64             bucket_us,
                                                 double            *out);

/* The share of [from_us, now_us) covered by sessions, counting only time
 * after known_since_us; -1 when none of it is known. */
double             tether_sessions_uptime       (GPtrArray         *sessions,
                                                 gint64             known_since_us,
                                                 gint64             from_us,
                                                 gint64             now_us);

G_END_DECLS
