/* tether-history.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The durable connection history: an append-only file of records in
 * $XDG_STATE_HOME/tether/history (format: tether-history-event.c), and the
 * patterns rebuilt from it (tether-patterns.h), kept in memory and updated
 * with every record.
 *
 * Threads. A history belongs to the thread-default context of the thread
 * that created it (the engine's): records are appended there, its timers
 * run there and its properties notify there. Writing happens in a worker
 * thread: records are batched and written and fsync'd within a second of
 * being appended, so that a crash loses at most the last second. Queries
 * are answered from memory, under a mutex, and may be made from any
 * thread: the _async ones deliver their result on the caller's
 * thread-default context.
 *
 * Failure. A file that cannot be written (full disk, read-only or missing
 * directory, another Tether holding the lock) makes the history
 * "degraded": it keeps recording in memory, says why in
 * degraded-message, retries every few seconds and writes what it kept
 * once it can. A damaged file loses only its damaged lines.
 */

#pragma once

#include <gio/gio.h>

#include "tether-history-event.h"
#include "tether-history-types.h"
#include "tether-patterns.h"
#include "tether-snapshot.h"
#include "tether-st-types.h"

G_BEGIN_DECLS

#define TETHER_TYPE_HISTORY (tether_history_get_type ())

G_DECLARE_FINAL_TYPE (TetherHistory, tether_history, TETHER, HISTORY, GObject)

/* Records are written at most this long after they were appended. */
#define TETHER_HISTORY_FLUSH_DELAY_MS   500
/* While running, an ALIVE record when nothing else was written this long. */
#define TETHER_HISTORY_ALIVE_INTERVAL_S (15 * 60)

/* One device's timeline, for the UI. */
typedef struct {
  char      *device_id;  /* owned */
  gint64     from_us;
  gint64     to_us;
  GPtrArray *sessions;   /* owned, of TetherSession*, oldest first */
  GPtrArray *markers;    /* owned, of TetherMarker*, by time */
} TetherHistoryTimeline;

void tether_history_timeline_free (TetherHistoryTimeline *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherHistoryTimeline, tether_history_timeline_free)

/* $XDG_STATE_HOME/tether (~/.local/state/tether when unset), read from the
 * environment at each call. */
char          *tether_history_default_directory (void);

/* No I/O until a load. read_only: never write (`tether stats`). */
TetherHistory *tether_history_new              (const char     *directory,
                                                gboolean        read_only);
const char    *tether_history_get_directory    (TetherHistory  *self);
/* directory/history */
const char    *tether_history_get_path         (TetherHistory  *self);
gboolean       tether_history_get_read_only    (TetherHistory  *self);

/* Reads the file and rebuilds the patterns, then (unless read-only) opens
 * it for appending. Only an unreadable file or one written by a newer
 * Tether is an error; a missing one is an empty history, and a file that
 * cannot be written makes the history degraded, not failed. Records
 * appended before the load finished are kept and follow the loaded ones. */
void           tether_history_load_async       (TetherHistory        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       tether_history_load_finish      (TetherHistory        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
gboolean       tether_history_load             (TetherHistory        *self,
                                                GError              **error);
gboolean       tether_history_get_loaded       (TetherHistory        *self);
/* What the last load found; FALSE before one. */
gboolean       tether_history_get_load_report  (TetherHistory           *self,
                                                TetherHistoryScanReport *report);

/* Days of history to keep; compaction drops what is older, and statistics
 * ignore it. */
guint          tether_history_get_retention_days (TetherHistory  *self);
void           tether_history_set_retention_days (TetherHistory  *self,
                                                  guint           days);
/* Follows GSettings' history-retention-days from now on (until close),
 * when the schema is installed; the default otherwise. Owner's thread. */
void           tether_history_follow_settings  (TetherHistory  *self);

/* Whether records are only in memory, and why, for people. Thread-safe. */
gboolean       tether_history_get_degraded     (TetherHistory  *self);
char          *tether_history_dup_degraded_message (TetherHistory *self);

/* ---- recording (owner's thread) */

/* Takes a copy. time_us 0 means now; a NULL network_uuid, for a record
 * other than NETWORK_CHANGED, means the current network. */
void           tether_history_append           (TetherHistory            *self,
                                                const TetherHistoryEvent *event);
/* A Syncthing device event (connected, disconnected, discovered, paused,
 * resumed) about info's device; nothing when info is NULL (not a device
 * of this Syncthing) or for other events. */
void           tether_history_record_st_event  (TetherHistory            *self,
                                                const TetherStEvent      *ev,
                                                const TetherDeviceInfo   *info);
/* Tether starts (TRUE) or stops (FALSE) recording. */
void           tether_history_record_tether    (TetherHistory  *self,
                                                gboolean        started);
void           tether_history_record_prewarm   (TetherHistory  *self,
                                                const char     *device_id,
                                                const char     *trigger);
void           tether_history_record_reconnected (TetherHistory *self,
                                                  const char    *device_id,
                                                  gint64         latency_ms,
                                                  gboolean       after_prewarm,
                                                  const char    *trigger);
/* uuid NULL: no network. */
void           tether_history_record_network   (TetherHistory  *self,
                                                const char     *uuid,
                                                const char     *name,
                                                const char     *type,
                                                gboolean        metered);
void           tether_history_record_sleep     (TetherHistory  *self);
void           tether_history_record_wake      (TetherHistory  *self);
void           tether_history_record_paused    (TetherHistory  *self,
                                                const char     *device_id,
                                                gboolean        paused,
                                                gboolean        by_tether);

/* What Syncthing says, after a (re)read of its state: records only what
 * the history does not know yet (a restarted Syncthing; a device found
 * connected, disconnected, paused or resumed without an event), so it can
 * be called after every read. */
void           tether_history_observe_syncthing (TetherHistory *self,
                                                 gint64         start_time_us);
void           tether_history_observe_device   (TetherHistory             *self,
                                                const char                *device_id,
                                                const char                *name,
                                                gboolean                   paused,
                                                const TetherStConnection  *primary);

/* Writes and fsyncs what is waiting, now, in this thread. */
gboolean       tether_history_flush            (TetherHistory  *self,
                                                GError        **error);
/* Flushes and stops the timers; queries keep working. Owner's thread. */
void           tether_history_close            (TetherHistory  *self);

/* Rewrites the file without the records older than the retention
 * (keeping those that describe the state at that time: open sessions,
 * pauses, the network), through a temporary file, fsync and rename. It
 * runs in a worker thread; records appended meanwhile are kept. */
void           tether_history_compact_async    (TetherHistory        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       tether_history_compact_finish   (TetherHistory        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Forgets every record. The file is cut back to its header followed by
 * what holds now (the Syncthing instance, the network, which devices are
 * paused, connected — from now on — or not), written and fsync'd, and the
 * patterns start again from those same records; records appended after
 * the call are kept. It waits for a write, load or compaction in flight
 * (they work on the same file), then runs in a worker.
 *
 * Any thread; the result is delivered on the caller's thread-default
 * context. The cancellable can stop a clear that has not started yet.
 * When the file cannot be written (another Tether's, a newer format, an
 * unwritable directory), memory is cleared all the same and the error
 * says why the file was not; a history with no file has nothing more to
 * clear. */
void           tether_history_clear_async      (TetherHistory        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       tether_history_clear_finish     (TetherHistory        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* ---- queries (any thread; from memory) */

TetherHistoryTimeline    *tether_history_get_timeline (TetherHistory  *self,
                                                const char     *device_id,
                                                gint64          from_us,
                                                gint64          to_us);
/* NULL when the device is unknown. network_uuid NULL: all networks. */
TetherDeviceStats *tether_history_get_stats    (TetherHistory  *self,
                                                const char     *device_id,
                                                const char     *network_uuid);
/* For the adaptive policy: never NULL (an unknown device gets the prior). */
TetherPattern     *tether_history_get_pattern  (TetherHistory  *self,
                                                const char     *device_id,
                                                const char     *network_uuid);

void               tether_history_query_timeline_async  (TetherHistory        *self,
                                                         const char           *device_id,
                                                         gint64                from_us,
                                                         gint64                to_us,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
TetherHistoryTimeline    *tether_history_query_timeline_finish (TetherHistory        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* G_IO_ERROR_NOT_FOUND when the device is unknown. */
void               tether_history_query_stats_async     (TetherHistory        *self,
                                                         const char           *device_id,
                                                         const char           *network_uuid,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
TetherDeviceStats *tether_history_query_stats_finish    (TetherHistory        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Direct access to the model, for a reader that asks many things at once
 * (`tether stats`). Keep it short: appends wait meanwhile. */
TetherPatterns    *tether_history_lock_patterns   (TetherHistory  *self);
void               tether_history_unlock_patterns (TetherHistory  *self);

G_END_DECLS
