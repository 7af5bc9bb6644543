/* tether-sessions.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Arithmetic over TetherSession records for the views: hourly activity for
 * the sparkline, the hour-of-week grid, and statistics. Pure functions.
 *
 * Until the history (issue 4) serves TetherDeviceStats, the device page
 * computes them here from the sessions this run has seen; known_since_us
 * says from when on the record is complete, so time before it counts as
 * unknown rather than offline.
 */

#pragma once

#include <glib.h>

#include "tether-history-types.h"

G_BEGIN_DECLS

/* A session shorter than this counts as a flap. */
#define TETHER_FLAP_THRESHOLD_S 120

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

/* Share of each hour of the week (0 = Monday 00:00 local) connected,
 * over the known time; -1 for an hour never observed. */
void               tether_sessions_availability (GPtrArray         *sessions,
                                                 gint64             known_since_us,
                                                 gint64             now_us,
                                                 double             out[TETHER_HOURS_PER_WEEK]);

/* Statistics from sessions alone (the reconnect medians stay -1: they are
 * for the caller to fill from the pool's counters). */
TetherDeviceStats *tether_sessions_stats        (const char        *device_id,
                                                 GPtrArray         *sessions,
                                                 gint64             known_since_us,
                                                 gint64             now_us);

TetherSession     *tether_sessions_dup_session  (const TetherSession *self);

G_END_DECLS
