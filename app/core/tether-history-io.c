/* tether-history-io.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TetherHistory's file: reading it and appending to it durably
 * (compaction is tether-history-compact.c). Everything here may run in a
 * worker thread; the file descriptor, the lock and the encoder are
 * guarded by write_lock.
 *
 * Durability: a batch is written with one write() and made durable with
 * fdatasync() before it counts as written. When the write fails half-way
 * (a full disk), the file is cut back to the last complete batch so that
 * the next batch does not start in the middle of a line, and the batch's
 * records go back to the queue. A new file's directory entry is fsync'd
 * too.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tether-history-private.h"

/* Records kept in memory for a file that cannot be written: a day of a
 * very busy machine. Past that the oldest are dropped (and counted). */
#define MAX_QUEUE      200000

/* ------------------------------------------------------------ helpers */

gboolean
_tether_history_set_io_error (GError     **error,
                              const char  *what,
                              const char  *path,
                              int          saved_errno)
{
  g_set_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_IO,
               "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

gboolean
_tether_history_write_all (int          fd,
                           const char  *data,
                           gsize        len,
                           const char  *path,
                           GError     **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return _tether_history_set_io_error (error, "Could not write", path, errno);
      if (n == 0)
        return _tether_history_set_io_error (error, "Could not write", path, ENOSPC);
      data += n;
      len -= n;
    }

  return TRUE;
}

gboolean
_tether_history_sync_fd (int          fd,
                         const char  *path,
                         GError     **error)
{
  int r;

  do
    r = fdatasync (fd);
  while (r < 0 && errno == EINTR);

  return r == 0 || _tether_history_set_io_error (error, "Could not sync", path, errno);
}

/* A new or renamed file is durable once its directory entry is. */
gboolean
_tether_history_sync_directory (const char  *directory,
                                GError     **error)
{
  int fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return _tether_history_set_io_error (error, "Could not open", directory, errno);
  ok = fsync (fd) == 0 || _tether_history_set_io_error (error, "Could not sync", directory, errno);
  close (fd);

  return ok;
}

static TetherHistoryLoad *
load_new (TetherHistory *self)
{
  TetherHistoryLoad *load = g_new0 (TetherHistoryLoad, 1);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  load->patterns = tether_patterns_new (tz);
  g_mutex_lock (&self->lock);
  tether_patterns_set_retention_days (load->patterns, self->retention_days);
  g_mutex_unlock (&self->lock);

  return load;
}

void
_tether_history_load_free (TetherHistoryLoad *load)
{
  if (load == NULL)
    return;
  g_clear_pointer (&load->patterns, tether_patterns_free);
  g_clear_error (&load->read_error);
  g_clear_error (&load->write_error);
  g_free (load);
}

/* Decoding is about half of a load and rebuilding the patterns the other
 * half: they run in two threads, the reader handing batches of records to
 * a thread that feeds the model, in order. */
#define BATCH_SIZE 4096
#define N_BATCHES  8

typedef struct {
  guint              n;
  TetherHistoryEvent events[BATCH_SIZE];
} Batch;

typedef struct {
  TetherPatterns *patterns;  /* unowned */
  GAsyncQueue    *full;      /* Batch*, to apply; the feeder itself ends it */
  GAsyncQueue    *empty;     /* Batch*, to fill */
  Batch          *current;   /* being filled */
} Feeder;

static gpointer
feeder_thread (gpointer data)
{
  Feeder *f = data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (f->full);

      if (batch == (gpointer) f)
        break;
      for (guint i = 0; i < batch->n; i++)
        tether_patterns_add_interned (f->patterns, &batch->events[i]);
      batch->n = 0;
      g_async_queue_push (f->empty, batch);
    }

  return NULL;
}

static void
feed_cb (const TetherHistoryEvent *event,
         guint64                   offset,
         gpointer                  user_data)
{
  Feeder *f = user_data;
  TetherHistoryEvent *copy;

  if (f->current == NULL)
    f->current = g_async_queue_pop (f->empty);

  copy = &f->current->events[f->current->n++];
  *copy = *event;
  /* text points into the reader's buffer. The model keeps it only as a
   * pre-warm's label (a handful of trigger names): intern that one. */
  copy->text = event->kind == TETHER_HISTORY_EVENT_PREWARM && event->text != NULL
               ? g_intern_string (event->text) : NULL;

  if (f->current->n == BATCH_SIZE)
    {
      g_async_queue_push (f->full, f->current);
      f->current = NULL;
    }
}

/* tether_history_scan_fd() into patterns, on two threads. */
static gboolean
scan_into_patterns (int                      fd,
                    TetherHistoryDecoder    *decoder,
                    TetherPatterns          *patterns,
                    TetherHistoryScanReport *report,
                    GError                 **error)
{
  Feeder f = { .patterns = patterns };
  GThread *thread;
  gboolean ok;

  f.full = g_async_queue_new ();
  f.empty = g_async_queue_new_full (g_free);
  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (f.empty, g_new0 (Batch, 1));

  thread = g_thread_new ("tether-history-load", feeder_thread, &f);
  ok = tether_history_scan_fd (fd, G_MAXUINT64, decoder, feed_cb, &f, report, error);
  if (f.current != NULL)
    g_async_queue_push (f.full, f.current);
  g_async_queue_push (f.full, &f);   /* the end */
  g_thread_join (thread);

  g_async_queue_unref (f.full);
  g_async_queue_unref (f.empty);

  return ok;
}

/* Takes the lock that says this process is the one recording. */
static gboolean
lock_locked (TetherHistory  *self,
             GError        **error)
{
  if (self->lock_fd >= 0)
    return TRUE;

  if (g_mkdir_with_parents (self->directory, 0700) < 0)
    return _tether_history_set_io_error (error, "Could not create", self->directory, errno);

  self->lock_fd = open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    return _tether_history_set_io_error (error, "Could not open", self->lock_path, errno);

  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) < 0)
    {
      int saved = errno;

      close (self->lock_fd);
      self->lock_fd = -1;
      if (saved == EWOULDBLOCK)
        {
          g_set_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_LOCKED,
                       "Another Tether is recording into %s", self->path);
          return FALSE;
        }
      return _tether_history_set_io_error (error, "Could not lock", self->lock_path, saved);
    }

  return TRUE;
}

/* Makes the opened file ready for appending: drops a torn last line,
 * writes the header into an empty file. */
static gboolean
prepare_append_locked (TetherHistory                 *self,
                       const TetherHistoryScanReport *report,
                       GError                       **error)
{
  if (report->torn_bytes > 0)
    {
      if (ftruncate (self->fd, report->good_size) < 0)
        return _tether_history_set_io_error (error, "Could not truncate", self->path, errno);
      if (!_tether_history_sync_fd (self->fd, self->path, error))
        return FALSE;
    }
  self->committed_size = report->good_size;

  if (self->committed_size == 0)
    {
      g_autoptr(GString) header = g_string_new (NULL);

      tether_history_format_header (header);
      if (!_tether_history_write_all (self->fd, header->str, header->len, self->path, error) ||
          !_tether_history_sync_fd (self->fd, self->path, error) ||
          !_tether_history_sync_directory (self->directory, error))
        {
          if (ftruncate (self->fd, 0) < 0)
            self->need_newline = TRUE;
          return FALSE;
        }
      self->committed_size = header->len;
    }

  return TRUE;
}

/* Opens the file for appending and reads it, into patterns when given
 * (else only for its definitions). On failure the file stays closed. */
static gboolean
open_locked (TetherHistory           *self,
             TetherPatterns          *patterns,
             TetherHistoryScanReport *report,
             GError                 **read_error,
             GError                 **write_error)
{
  g_autoptr(TetherHistoryDecoder) decoder = tether_history_decoder_new ();
  g_autoptr(GError) error = NULL;

  g_assert (self->fd < 0);

  if (!lock_locked (self, write_error))
    return FALSE;

  self->fd = open (self->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (self->fd < 0)
    return _tether_history_set_io_error (write_error, "Could not open", self->path, errno);

  if (!(patterns != NULL
         ? scan_into_patterns (self->fd, decoder, patterns, report, &error)
         : tether_history_scan_fd (self->fd, G_MAXUINT64, decoder, NULL, NULL, report, &error)))
    {
      /* Never append to a file this Tether cannot read. */
      close (self->fd);
      self->fd = -1;
      if (write_error != NULL)
        *write_error = g_error_copy (error);
      g_propagate_error (read_error, g_steal_pointer (&error));
      return FALSE;
    }

  if (!prepare_append_locked (self, report, write_error))
    {
      close (self->fd);
      self->fd = -1;
      return FALSE;
    }

  g_clear_pointer (&self->encoder, tether_history_encoder_free);
  self->encoder = tether_history_decoder_to_encoder (decoder);
  self->compacted_until_us = tether_history_decoder_get_compacted_until (decoder);

  return TRUE;
}

/* Reads without writing: read-only histories, and writable ones whose
 * file cannot be opened for writing. */
static void
read_only_scan (TetherHistory     *self,
                TetherHistoryLoad *load)
{
  g_autoptr(TetherHistoryDecoder) decoder = tether_history_decoder_new ();
  int fd = open (self->path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      /* Nothing there is an empty history. */
      if (errno != ENOENT && errno != ENOTDIR)
        _tether_history_set_io_error (&load->read_error, "Could not open", self->path, errno);
      return;
    }

  scan_into_patterns (fd, decoder, load->patterns, &load->report, &load->read_error);
  close (fd);
  if (load->read_error == NULL)
    self->compacted_until_us = tether_history_decoder_get_compacted_until (decoder);
}

TetherHistoryLoad *
_tether_history_read (TetherHistory *self)
{
  TetherHistoryLoad *load = load_new (self);
  gboolean opened = FALSE;

  if (!self->read_only)
    {
      g_mutex_lock (&self->write_lock);
      opened = open_locked (self, load->patterns, &load->report,
                            &load->read_error, &load->write_error);
      g_mutex_unlock (&self->write_lock);
    }

  /* Read-only, or not writable (write_error says why) before it was read:
   * the past is still worth having. */
  if (!opened && load->read_error == NULL && load->report.n_lines == 0)
    read_only_scan (self, load);

  tether_patterns_trim (load->patterns);

  return load;
}

/* ------------------------------------------------------------ writing */

void
_tether_history_requeue (TetherHistory *self,
                         GPtrArray     *events)
{
  g_mutex_lock (&self->queue_lock);
  /* events were taken from the head of the queue: they go back there. */
  g_ptr_array_extend_and_steal (events, g_steal_pointer (&self->queue));
  self->queue = events;
  if (self->queue->len > MAX_QUEUE)
    {
      guint excess = self->queue->len - MAX_QUEUE;

      self->n_dropped += excess;
      g_ptr_array_remove_range (self->queue, 0, excess);
    }
  g_mutex_unlock (&self->queue_lock);
}

static GPtrArray *
take_queue (TetherHistory *self)
{
  GPtrArray *events;

  g_mutex_lock (&self->queue_lock);
  events = g_steal_pointer (&self->queue);
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_history_event_free);
  g_mutex_unlock (&self->queue_lock);

  return events;
}

/* After a failed write: cut the file back to its last complete batch. */
static void
undo_partial_write_locked (TetherHistory *self)
{
  struct stat st;

  if (ftruncate (self->fd, self->committed_size) == 0)
    {
      self->need_newline = FALSE;
      return;
    }
  /* Could not: make the next batch end whatever fragment is there, so that
   * it costs one damaged line and no more. */
  if (fstat (self->fd, &st) == 0 && (guint64) st.st_size != self->committed_size)
    self->need_newline = TRUE;
}

gboolean
_tether_history_write_queue (TetherHistory  *self,
                             GError        **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) buf = NULL;
  TetherHistoryEncoderMark mark;
  gboolean ok;

  if (self->read_only)
    return TRUE;

  g_mutex_lock (&self->write_lock);

  if (self->fd < 0)
    {
      /* The file could not be written before: try again, reading what is
       * in it now for its definitions. */
      TetherHistoryScanReport report;

      if (!open_locked (self, NULL, &report, NULL, error))
        {
          g_mutex_unlock (&self->write_lock);
          return FALSE;
        }
    }

  events = take_queue (self);
  if (events->len == 0)
    {
      g_mutex_unlock (&self->write_lock);
      return TRUE;
    }

  buf = g_string_sized_new (events->len * 96);
  if (self->need_newline)
    g_string_append_c (buf, '\n');
  mark = tether_history_encoder_mark (self->encoder);
  for (guint i = 0; i < events->len; i++)
    tether_history_encoder_encode (self->encoder, g_ptr_array_index (events, i), buf);

  ok = _tether_history_write_all (self->fd, buf->str, buf->len, self->path, error) &&
       _tether_history_sync_fd (self->fd, self->path, error);
  if (ok)
    {
      self->committed_size += buf->len;
      self->need_newline = FALSE;
    }
  else
    {
      undo_partial_write_locked (self);
      /* The definitions of this batch are not in the file. */
      tether_history_encoder_rollback (self->encoder, mark);
      _tether_history_requeue (self, g_steal_pointer (&events));
    }

  g_mutex_unlock (&self->write_lock);

  return ok;
}

void
_tether_history_close_file (TetherHistory *self)
{
  g_mutex_lock (&self->write_lock);
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  if (self->lock_fd >= 0)
    close (self->lock_fd);   /* releases the flock */
  self->lock_fd = -1;
  g_clear_pointer (&self->encoder, tether_history_encoder_free);
  g_mutex_unlock (&self->write_lock);
}
