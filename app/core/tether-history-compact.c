/* tether-history-compact.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compaction: the file without the records older than the retention. It
 * is rewritten beside the old one (history.compact), fsync'd and renamed
 * over it, so that a crash at any moment leaves one whole file. The bulk
 * is copied without any lock; the last step, under write_lock, copies what
 * was appended meanwhile and swaps the files. Records before the cutoff
 * that still describe the state at the cutoff (an open session, a pause,
 * the network, the Syncthing instance) are carried over, first.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tether-history-private.h"

/* How far past the retention the oldest record may be before compaction
 * is due: the file is rewritten about weekly, not daily. */
#define COMPACT_SLACK_US       ((gint64) 7 * 24 * 3600 * G_USEC_PER_SEC)
/* Compaction writes in pieces of about this size. */
#define WRITE_CHUNK    (1024 * 1024)

/* ------------------------------------------------------------ worker side */

typedef struct {
  TetherHistoryEvent *event;    /* owned */
  guint64             offset;
} Carried;

static void
carried_free (Carried *c)
{
  tether_history_event_free (c->event);
  g_free (c);
}

static int
compare_carried (gconstpointer a,
                 gconstpointer b)
{
  const Carried *x = *(Carried **) a, *y = *(Carried **) b;

  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

typedef struct {
  gint64                cutoff_us;
  gboolean              keeping;      /* past the first record newer than the cutoff */
  TetherHistoryEncoder *encoder;      /* unowned: the new file's */
  GString              *out;          /* unowned: what waits to be written */
  int                   fd;           /* the new file */
  const char           *path;
  GError               *error;        /* owned: the first failure */
  /* What still holds at the cutoff, to be written before the rest. */
  GHashTable           *open_sessions;/* device → Carried*, its CONNECTED */
  GHashTable           *pauses;       /* device → Carried*, its PAUSED */
  Carried              *network;      /* the last NETWORK_CHANGED */
  Carried              *syncthing;    /* the last SYNCTHING_STARTED */
} Compaction;

static void
compaction_write (Compaction *c,
                  gboolean    all)
{
  if (c->error == NULL && (all || c->out->len >= WRITE_CHUNK))
    {
      _tether_history_write_all (c->fd, c->out->str, c->out->len, c->path, &c->error);
      g_string_truncate (c->out, 0);
    }
}

static void
carry (GHashTable               *table,
       const TetherHistoryEvent *event,
       guint64                   offset)
{
  Carried *c = g_new0 (Carried, 1);

  c->event = tether_history_event_copy (event);
  c->offset = offset;
  g_hash_table_replace (table, (gpointer) c->event->device_id, c);
}

static void
replace_carried (Carried                  **slot,
                 const TetherHistoryEvent  *event,
                 guint64                    offset)
{
  g_clear_pointer (slot, carried_free);
  *slot = g_new0 (Carried, 1);
  (*slot)->event = tether_history_event_copy (event);
  (*slot)->offset = offset;
}

/* Follows the state the records before the cutoff leave behind: the same
 * rules as the session rebuild, reduced to what is still open. */
static void
compaction_track (Compaction               *c,
                  const TetherHistoryEvent *ev,
                  guint64                   offset)
{
  switch (ev->kind)
    {
    case TETHER_HISTORY_EVENT_CONNECTED:
      if (!g_hash_table_contains (c->open_sessions, ev->device_id))
        carry (c->open_sessions, ev, offset);
      break;
    case TETHER_HISTORY_EVENT_DISCONNECTED:
      g_hash_table_remove (c->open_sessions, ev->device_id);
      break;
    case TETHER_HISTORY_EVENT_PAUSED:
      g_hash_table_remove (c->open_sessions, ev->device_id);
      carry (c->pauses, ev, offset);
      break;
    case TETHER_HISTORY_EVENT_RESUMED:
      g_hash_table_remove (c->pauses, ev->device_id);
      break;
    case TETHER_HISTORY_EVENT_NETWORK_CHANGED:
      replace_carried (&c->network, ev, offset);
      break;
    case TETHER_HISTORY_EVENT_SYNCTHING_STARTED:
      if (c->syncthing == NULL || c->syncthing->event->value != ev->value)
        g_hash_table_remove_all (c->open_sessions);
      replace_carried (&c->syncthing, ev, offset);
      break;
    case TETHER_HISTORY_EVENT_SLEEP:
    case TETHER_HISTORY_EVENT_TETHER_STARTED:
    case TETHER_HISTORY_EVENT_TETHER_STOPPED:
      g_hash_table_remove_all (c->open_sessions);
      break;
    case TETHER_HISTORY_EVENT_DISCOVERED:
    case TETHER_HISTORY_EVENT_PREWARM:
    case TETHER_HISTORY_EVENT_RECONNECTED:
    case TETHER_HISTORY_EVENT_WAKE:
    case TETHER_HISTORY_EVENT_ALIVE:
    case TETHER_HISTORY_EVENT_INVALID:
    case TETHER_HISTORY_N_EVENT_KINDS:
    default:
      break;
    }
}

static void
compaction_emit_carried (Compaction *c)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (c->syncthing != NULL)
    g_ptr_array_add (all, c->syncthing);
  if (c->network != NULL)
    g_ptr_array_add (all, c->network);
  g_hash_table_iter_init (&iter, c->pauses);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, value);
  g_hash_table_iter_init (&iter, c->open_sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, value);

  /* In their order in the file, which is the order they happened. */
  g_ptr_array_sort (all, compare_carried);
  for (guint i = 0; i < all->len; i++)
    tether_history_encoder_encode (c->encoder, ((Carried *) g_ptr_array_index (all, i))->event, c->out);
  c->keeping = TRUE;
}

static void
compaction_cb (const TetherHistoryEvent *ev,
               guint64                   offset,
               gpointer                  user_data)
{
  Compaction *c = user_data;

  /* Everything from the first record inside the retention on is kept, even
   * a record stamped earlier (the clock was set back): what was written
   * after a record of the last N days is itself from the last N days. */
  if (!c->keeping && ev->time_us < c->cutoff_us)
    {
      compaction_track (c, ev, offset);
      return;
    }
  if (!c->keeping)
    compaction_emit_carried (c);

  tether_history_encoder_encode (c->encoder, ev, c->out);
  compaction_write (c, FALSE);
}

static void
compaction_clear (Compaction *c)
{
  g_clear_pointer (&c->open_sessions, g_hash_table_unref);
  g_clear_pointer (&c->pauses, g_hash_table_unref);
  g_clear_pointer (&c->network, carried_free);
  g_clear_pointer (&c->syncthing, carried_free);
  g_clear_error (&c->error);
}

gboolean
_tether_history_compact (TetherHistory  *self,
                         gint64          cutoff_us,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(TetherHistoryEncoder) encoder = tether_history_encoder_new ();
  g_autoptr(TetherHistoryDecoder) decoder = NULL;
  g_autoptr(GString) out = g_string_sized_new (WRITE_CHUNK + 4096);
  Compaction c = { 0 };
  TetherHistoryScanReport report;
  guint64 size;
  int in_fd = -1, out_fd = -1;
  gboolean ok = FALSE;

  c.cutoff_us = cutoff_us;
  c.encoder = encoder;
  c.out = out;
  c.path = self->compact_path;
  c.open_sessions = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) carried_free);
  c.pauses = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) carried_free);

  /* What is in the file now, and what its definitions are. */
  g_mutex_lock (&self->write_lock);
  if (self->fd < 0)
    {
      g_mutex_unlock (&self->write_lock);
      g_set_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_IO,
                   "%s is not open for writing", self->path);
      goto out;
    }
  size = self->committed_size;
  decoder = tether_history_encoder_to_decoder (self->encoder);
  g_mutex_unlock (&self->write_lock);

  in_fd = open (self->path, O_RDONLY | O_CLOEXEC);
  if (in_fd < 0)
    {
      _tether_history_set_io_error (error, "Could not open", self->path, errno);
      goto out;
    }
  out_fd = c.fd = open (self->compact_path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (out_fd < 0)
    {
      _tether_history_set_io_error (error, "Could not create", self->compact_path, errno);
      goto out;
    }

  tether_history_format_header (out);
  tether_history_format_compacted (out, cutoff_us);

  /* The bulk, without holding any lock: appends go on meanwhile. The
   * decoder learns the definitions from the file itself. */
  {
    g_autoptr(TetherHistoryDecoder) fresh = tether_history_decoder_new ();

    if (!tether_history_scan_fd (in_fd, size, fresh, compaction_cb, &c, &report, error))
      goto out;
  }
  if (!c.keeping)
    compaction_emit_carried (&c);
  compaction_write (&c, TRUE);
  if (c.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&c.error));
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* The last step holds the lock: copy what was appended since, then put
   * the new file in place of the old one. */
  g_mutex_lock (&self->write_lock);
  if (self->fd < 0)
    {
      g_mutex_unlock (&self->write_lock);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The history was closed");
      goto out;
    }
  if (self->committed_size > size)
    {
      g_autoptr(TetherHistoryDecoder) tail = tether_history_encoder_to_decoder (self->encoder);

      if (lseek (in_fd, size, SEEK_SET) < 0 ||
          !tether_history_scan_fd (in_fd, self->committed_size - size, tail, compaction_cb, &c, &report, error))
        {
          if (error != NULL && *error == NULL)
            _tether_history_set_io_error (error, "Could not read", self->path, errno);
          g_mutex_unlock (&self->write_lock);
          goto out;
        }
    }
  compaction_write (&c, TRUE);
  if (c.error != NULL ||
      !_tether_history_sync_fd (out_fd, self->compact_path, &c.error) ||
      g_rename (self->compact_path, self->path) < 0)
    {
      if (c.error == NULL)
        _tether_history_set_io_error (&c.error, "Could not rename", self->compact_path, errno);
      g_propagate_error (error, g_steal_pointer (&c.error));
      g_mutex_unlock (&self->write_lock);
      goto out;
    }
  /* The rename is done; its durability is the directory's. A failure here
   * leaves the old file after a crash, which is no loss. */
  _tether_history_sync_directory (self->directory, NULL);

  close (self->fd);
  self->fd = out_fd;
  out_fd = -1;
  self->committed_size = lseek (self->fd, 0, SEEK_END);
  self->need_newline = FALSE;
  g_clear_pointer (&self->encoder, tether_history_encoder_free);
  self->encoder = g_steal_pointer (&encoder);
  self->compacted_until_us = cutoff_us;
  g_mutex_unlock (&self->write_lock);
  ok = TRUE;

out:
  if (in_fd >= 0)
    close (in_fd);
  if (out_fd >= 0)
    {
      close (out_fd);
      g_unlink (self->compact_path);
    }
  compaction_clear (&c);

  return ok;
}

/* ------------------------------------------------------------ owner side */

static void
compact_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (_tether_history_compact (source_object, *(gint64 *) task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gint64
retention_cutoff (TetherHistory *self)
{
  return g_get_real_time () - (gint64) tether_history_get_retention_days (self) * 24 * 3600 * G_USEC_PER_SEC;
}

static void
compact_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TetherHistory *self = TETHER_HISTORY (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  self->compact_running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not compact the connection history: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

void
tether_history_compact_async (TetherHistory       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  gint64 *cutoff;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (_tether_history_is_owner (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_history_compact_async);

  if (self->read_only || !self->loaded || self->closed || self->compact_running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               "The history cannot be compacted now");
      return;
    }

  self->compact_running = TRUE;
  cutoff = g_new (gint64, 1);
  *cutoff = retention_cutoff (self);
  inner = g_task_new (self, self->cancellable, compact_done_cb, g_steal_pointer (&task));
  g_task_set_task_data (inner, cutoff, g_free);
  g_task_run_in_thread (inner, compact_thread);
}

gboolean
tether_history_compact_finish (TetherHistory  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_tether_history_maybe_compact (TetherHistory *self)
{
  gint64 horizon = retention_cutoff (self) - COMPACT_SLACK_US;
  gint64 compacted_until;

  if (self->read_only || !self->loaded || self->closed || self->compact_running ||
      self->first_time_us == 0 || self->first_time_us >= horizon)
    return;

  g_mutex_lock (&self->write_lock);
  compacted_until = self->compacted_until_us;
  g_mutex_unlock (&self->write_lock);
  /* Once compacted, not due again for COMPACT_SLACK_US; a compaction that
   * failed is tried again at the next check. */
  if (compacted_until >= horizon)
    return;

  tether_history_compact_async (self, NULL, NULL, NULL);
}
