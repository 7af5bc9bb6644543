/* tether-history-private.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TetherHistory's instance, shared by tether-history.c (the object, its
 * recording and queries) and tether-history-io.c (the file: loading,
 * writing, compaction).
 */

#pragma once

#include "tether-history.h"

G_BEGIN_DECLS

struct _TetherHistory
{
  GObject         parent_instance;

  /* Construct-only. */
  char           *directory;
  char           *path;           /* directory/history */
  char           *lock_path;      /* directory/history.lock */
  char           *compact_path;   /* directory/history.compact */
  gboolean        read_only;
  GMainContext   *context;        /* owned: the creator's thread-default */

  /* Guarded by lock: what queries read. */
  GMutex          lock;
  TetherPatterns *patterns;       /* owned */
  gboolean        degraded;
  char           *degraded_message; /* owned, nullable */
  gboolean        loaded;
  TetherHistoryScanReport report;
  guint           retention_days;

  /* Owner's thread. */
  GPtrArray      *preload;        /* owned, of TetherHistoryEvent*: appended while loading */
  gboolean        loading;
  gboolean        closed;
  gboolean        write_running;  /* a write task is in flight */
  gboolean        compact_running;
  GSource        *flush_source;   /* owned, nullable */
  GSource        *alive_source;   /* owned, nullable */
  GSource        *compact_source; /* owned, nullable */
  gint64          last_append_us; /* monotonic */
  gint64          first_time_us;  /* of the loaded file, for compaction */
  GCancellable   *cancellable;    /* owned: cancelled by close */
  GSettings      *settings;       /* owned, nullable: see follow_settings */
  GTask          *clear_task;     /* owned, nullable: a clear waiting or under way */
  GSource        *clear_source;   /* owned, nullable: looks again while the file is busy */

  /* Guarded by queue_lock: records waiting for the writer. */
  GMutex          queue_lock;
  GPtrArray      *queue;          /* owned, of TetherHistoryEvent* */
  guint64         n_dropped;      /* records lost because the queue overflowed */

  /* Guarded by write_lock: the file. */
  GMutex          write_lock;
  int             fd;             /* -1 when not open for writing */
  int             lock_fd;        /* -1 when the lock is not held */
  guint64         committed_size; /* bytes known to be complete records */
  gboolean        need_newline;   /* a failed write left a fragment behind */
  TetherHistoryEncoder *encoder;  /* owned, nullable: the open file's definitions */
  gint64          compacted_until_us;
};

/* After a failed write, try again this often. */
#define TETHER_HISTORY_RETRY_MS 5000

/* Whether the caller runs on the history's context. */
gboolean  _tether_history_is_owner          (TetherHistory     *self);

/* Owner's thread: the history cannot be saved (reason, for people), or
 * can again (NULL). */
void      _tether_history_set_degraded      (TetherHistory     *self,
                                             const char        *reason);
/* For people: why a write failed, and what is lost. */
char     *_tether_history_describe_write_error (TetherHistory  *self,
                                             const GError      *error);
/* Owner's thread: write the queue in a worker after delay_ms. */
void      _tether_history_schedule_flush    (TetherHistory     *self,
                                             guint              delay_ms);

/* The result of reading the file in a worker. */
typedef struct {
  TetherPatterns         *patterns;   /* owned */
  TetherHistoryScanReport report;
  GError                 *read_error; /* owned, nullable: the load failed */
  GError                 *write_error;/* owned, nullable: cannot write */
} TetherHistoryLoad;

void      _tether_history_load_free         (TetherHistoryLoad *load);
/* Reads the file into a new model and, unless read-only, opens it for
 * appending. Any thread; takes write_lock. */
TetherHistoryLoad *_tether_history_read     (TetherHistory     *self);
/* Writes and fsyncs the queued records. Any thread; takes write_lock. */
gboolean  _tether_history_write_queue       (TetherHistory     *self,
                                             GError           **error);
/* Closes the file and releases the lock. Takes write_lock. */
void      _tether_history_close_file        (TetherHistory     *self);
/* Compaction in a worker; takes write_lock for its last step only. */
gboolean  _tether_history_compact           (TetherHistory     *self,
                                             gint64             cutoff_us,
                                             GCancellable      *cancellable,
                                             GError           **error);
/* Compaction now if the file holds records well past the retention.
 * Owner's thread. */
void      _tether_history_maybe_compact     (TetherHistory     *self);

/* File helpers: FALSE with error set (TETHER_HISTORY_ERROR_IO). */
gboolean  _tether_history_set_io_error      (GError           **error,
                                             const char        *what,
                                             const char        *path,
                                             int                saved_errno);
gboolean  _tether_history_write_all         (int                fd,
                                             const char        *data,
                                             gsize              len,
                                             const char        *path,
                                             GError           **error);
gboolean  _tether_history_sync_fd           (int                fd,
                                             const char        *path,
                                             GError           **error);
gboolean  _tether_history_sync_directory    (const char        *directory,
                                             GError           **error);

/* Puts records back at the head of the queue after a failed write,
 * dropping the oldest beyond the queue's limit. */
void      _tether_history_requeue           (TetherHistory     *self,
                                             GPtrArray         *events);

G_END_DECLS
