/* tether-history-monitor.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's connection history as the UI sees it, on the UI's thread.
 * The history lives on the engine's thread and notifies there; this
 * object follows it (a new one after an engine restart), carries its
 * state over to the thread that made the monitor (loaded, degraded and
 * why), and says when what it holds was replaced as a whole (loaded,
 * cleared), so that the views query it again. Queries go to the history
 * itself (tether_engine_get_history()), or, for the list's sparklines,
 * through tether_history_monitor_query_activity_async().
 */

#pragma once

#include <glib-object.h>

#include "tether-engine.h"

G_BEGIN_DECLS

#define TETHER_TYPE_HISTORY_MONITOR (tether_history_monitor_get_type ())

G_DECLARE_FINAL_TYPE (TetherHistoryMonitor, tether_history_monitor, TETHER, HISTORY_MONITOR, GObject)

/* engine may be NULL (no history, ever). */
TetherHistoryMonitor *tether_history_monitor_new          (TetherEngine         *engine);
TetherEngine         *tether_history_monitor_get_engine   (TetherHistoryMonitor *self);
/* NULL until the engine has one. */
TetherHistory        *tether_history_monitor_get_history  (TetherHistoryMonitor *self);
gboolean              tether_history_monitor_get_loaded   (TetherHistoryMonitor *self);
gboolean              tether_history_monitor_get_degraded (TetherHistoryMonitor *self);
/* Why the history is kept in memory only, for people; NULL when it is not. */
const char           *tether_history_monitor_get_degraded_message (TetherHistoryMonitor *self);
/* From when on the history knows what happened (unix µs): its first
 * record, its last clear, or the retention's start, whichever is latest.
 * Time before it is "not recorded", not "offline". */
gint64                tether_history_monitor_get_since    (TetherHistoryMonitor *self,
                                                           gint64                now_us);
/* Looks at the engine's history again (the engine's snapshots do it). */
void                  tether_history_monitor_update       (TetherHistoryMonitor *self);

/* The history's clear, for Preferences; "changed" follows a clear that
 * reached memory (even when the file could not be changed). */
void                  tether_history_monitor_clear_async  (TetherHistoryMonitor *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean              tether_history_monitor_clear_finish (TetherHistoryMonitor *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* The device's connected share of each of the last `hours` hours ending at
 * now_us, as the sparkline draws it ("ad", oldest first, -1 for an hour
 * before get_since()). G_IO_ERROR_NOT_INITIALIZED without a history. */
void                  tether_history_monitor_query_activity_async  (TetherHistoryMonitor *self,
                                                                    const char           *device_id,
                                                                    guint                 hours,
                                                                    gint64                now_us,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
GVariant             *tether_history_monitor_query_activity_finish (TetherHistoryMonitor *self,
                                                                    GAsyncResult         *result,
                                                                    char                **device_id,
                                                                    GError              **error);

G_END_DECLS
