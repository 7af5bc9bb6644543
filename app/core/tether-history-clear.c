/* tether-history-clear.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clearing the history: the model starts again from what it knows of the
 * present, and the file is cut back to its header in a worker, once no
 * write, load or compaction holds it.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "tether-history-private.h"

/* While a write, load or compaction holds the file, a clear looks again
 * this often. */
#define CLEAR_RETRY_MS 50

static void
add_present (GPtrArray                *events,
             const TetherHistoryEvent *event)
{
  g_ptr_array_add (events, tether_history_event_copy (event));
}

/* What the model knows of the present, as records stamped now_us: what a
 * cleared history starts from. The engine records changes only, so
 * without them the open sessions, the pauses, the network and the
 * Syncthing instance would be unknown until they change. Under lock. */
static GPtrArray *
describe_present_locked (TetherHistory *self,
                         gint64         now_us)
{
  TetherPatterns *p = self->patterns;
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_history_event_free);
  g_autoptr(GPtrArray) devices = tether_patterns_list_devices (p);
  const char *network = tether_patterns_get_current_network (p);
  gint64 syncthing_start = tether_patterns_get_syncthing_start (p);

  if (syncthing_start != 0)
    {
      TetherHistoryEvent ev = {
        .time_us = now_us,
        .kind = TETHER_HISTORY_EVENT_SYNCTHING_STARTED,
        .value = syncthing_start,
      };

      add_present (events, &ev);
    }

  if (network != NULL)
    {
      /* The model does not keep whether it is metered; nothing reads that
       * back, and the next change records it again. */
      TetherHistoryEvent ev = {
        .time_us = now_us,
        .kind = TETHER_HISTORY_EVENT_NETWORK_CHANGED,
        .network_uuid = network,
        .name = tether_patterns_get_network_name (p, network),
        .type = tether_patterns_get_network_type (p, network),
      };

      add_present (events, &ev);
    }

  for (guint i = 0; i < devices->len; i++)
    {
      const char *id = g_ptr_array_index (devices, i);
      guint flags = tether_patterns_get_device_flags (p, id);
      TetherHistoryEvent ev = {
        .time_us = now_us,
        .device_id = id,
        .network_uuid = network,
        .name = tether_patterns_get_device_name (p, id),
        .flags = TETHER_HISTORY_FLAG_OBSERVED,
      };
      g_autoptr(GPtrArray) open = NULL;
      const TetherSession *session = NULL;

      if (flags & TETHER_PATTERNS_DEVICE_PAUSED)
        ev.kind = TETHER_HISTORY_EVENT_PAUSED;
      else if (flags & TETHER_PATTERNS_DEVICE_CONNECTED)
        {
          open = tether_patterns_get_sessions (p, id, NULL, now_us, G_MAXINT64);
          if (open->len > 0)
            session = g_ptr_array_index (open, open->len - 1);
          /* Connected from now on: the session before the clear is gone. */
          ev.kind = TETHER_HISTORY_EVENT_CONNECTED;
          if (session != NULL)
            {
              ev.type = session->conn_type;
              ev.address = session->address;
              ev.network_uuid = session->network_uuid;
              if (session->is_local)
                ev.flags |= TETHER_HISTORY_FLAG_LAN;
            }
          if (!(flags & TETHER_PATTERNS_DEVICE_OBSERVED))
            ev.flags &= ~TETHER_HISTORY_FLAG_OBSERVED;
        }
      else
        ev.kind = TETHER_HISTORY_EVENT_DISCONNECTED;

      add_present (events, &ev);
    }

  return events;
}

/* Worker: cut the file back to its header, then write what waits (the
 * present first). FALSE without an error: there is no file (nothing was
 * ever saved), so there is nothing to cut. */
static gboolean
clear_file (TetherHistory  *self,
            GError        **error)
{
  g_autoptr(GString) header = g_string_new (NULL);

  g_mutex_lock (&self->write_lock);

  if (self->fd < 0)
    {
      GStatBuf st;
      int saved;

      g_mutex_unlock (&self->write_lock);
      /* No file: nothing was saved, nothing to clear. Otherwise it is not
       * this Tether's to touch (another one's, a newer format) or cannot
       * be written: degraded already says why. */
      if (g_stat (self->path, &st) < 0 && ((saved = errno) == ENOENT || saved == ENOTDIR))
        return FALSE;
      g_set_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_IO,
                   "%s is not open for writing", self->path);
      return FALSE;
    }

  if (ftruncate (self->fd, 0) < 0)
    {
      _tether_history_set_io_error (error, "Could not truncate", self->path, errno);
      g_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  self->committed_size = 0;
  self->need_newline = FALSE;
  self->compacted_until_us = 0;
  g_clear_pointer (&self->encoder, tether_history_encoder_free);
  self->encoder = tether_history_encoder_new ();

  tether_history_format_header (header);
  if (!_tether_history_write_all (self->fd, header->str, header->len, self->path, error) ||
      !_tether_history_sync_fd (self->fd, self->path, error))
    {
      /* Closed, so that the next write opens it afresh and starts it
       * with a header. */
      close (self->fd);
      self->fd = -1;
      g_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  self->committed_size = header->len;

  g_mutex_unlock (&self->write_lock);

  return _tether_history_write_queue (self, error);
}

static void
clear_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean written = clear_file (source_object, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, written);
}

/* Owner's thread: the file is cleared, or could not be. */
static void
clear_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TetherHistory *self = TETHER_HISTORY (object);
  g_autoptr(GTask) task = g_steal_pointer (&self->clear_task);
  g_autoptr(GError) error = NULL;
  gboolean written;

  self->compact_running = FALSE;

  written = g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL)
    {
      /* A history degraded already keeps its reason (another Tether's
       * file, a newer format): the same reason the file was left alone. */
      g_autofree char *reason = tether_history_dup_degraded_message (self);

      if (reason == NULL)
        {
          reason = _tether_history_describe_write_error (self, error);
          _tether_history_set_degraded (self, reason);
        }
      _tether_history_schedule_flush (self, TETHER_HISTORY_RETRY_MS);
      /* Translators: the file, then why it could not be changed */
      g_task_return_new_error (task, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_IO,
                               _("The history was cleared in memory, but not in %s. %s"),
                               self->path, reason);
      return;
    }

  if (written)
    _tether_history_set_degraded (self, NULL);
  /* What was appended while the file was being cut (without a file, the
   * present too, once one can be written). */
  _tether_history_schedule_flush (self, written ? TETHER_HISTORY_FLUSH_DELAY_MS : TETHER_HISTORY_RETRY_MS);
  g_task_return_boolean (task, TRUE);
}

static gboolean clear_retry_cb (gpointer user_data);

/* Owner's thread: start the clear waiting in clear_task, or look again
 * once the file is free. */
static void
clear_try (TetherHistory *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GPtrArray) present = NULL;
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GTask) inner = NULL;
  TetherPatterns *old;
  gint64 now_us;

  if (g_task_return_error_if_cancelled (self->clear_task))
    {
      g_clear_object (&self->clear_task);
      return;
    }

  /* One rewrite of the file at a time. */
  if (self->loading || self->write_running || self->compact_running)
    {
      if (self->clear_source == NULL)
        {
          self->clear_source = g_timeout_source_new (CLEAR_RETRY_MS);
          g_source_set_callback (self->clear_source, clear_retry_cb, self, NULL);
          g_source_attach (self->clear_source, self->context);
        }
      return;
    }

  now_us = g_get_real_time ();

  g_mutex_lock (&self->lock);
  present = describe_present_locked (self, now_us);
  old = self->patterns;
  self->patterns = tether_patterns_new (tz);
  tether_patterns_set_retention_days (self->patterns, self->retention_days);
  for (guint i = 0; i < present->len; i++)
    tether_patterns_add_interned (self->patterns, g_ptr_array_index (present, i));
  g_mutex_unlock (&self->lock);
  tether_patterns_free (old);

  /* What waits to be written happened before the clear: it goes too. The
   * present is written first, then whatever follows it. */
  g_mutex_lock (&self->queue_lock);
  dropped = g_steal_pointer (&self->queue);
  self->queue = g_steal_pointer (&present);
  g_mutex_unlock (&self->queue_lock);

  self->first_time_us = now_us;
  /* Compaction, which rewrites the same file, waits meanwhile, and so
   * does close(). */
  self->compact_running = TRUE;
  inner = g_task_new (self, NULL, clear_done_cb, NULL);
  g_task_set_source_tag (inner, clear_try);
  g_task_run_in_thread (inner, clear_thread);
}

static gboolean
clear_retry_cb (gpointer user_data)
{
  TetherHistory *self = user_data;

  g_clear_pointer (&self->clear_source, g_source_unref);
  clear_try (self);

  return G_SOURCE_REMOVE;
}

static gboolean
clear_begin_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherHistory *self = g_task_get_source_object (task);

  if (self->read_only)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                             "The history in %s is opened read-only", self->directory);
  else if (self->closed)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                             "The history in %s is closed", self->directory);
  else if (!self->loaded && !self->loading)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                             "The history in %s is not loaded", self->directory);
  else if (self->clear_task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                             "The history is being cleared already");
  else
    {
      self->clear_task = g_steal_pointer (&task);
      clear_try (self);
    }

  return G_SOURCE_REMOVE;
}

void
tether_history_clear_async (TetherHistory       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The task answers on the caller's context; the work starts on the
   * owner's, where the state it changes lives. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_history_clear_async);
  /* Once started, the clear reports what it did, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  g_main_context_invoke (self->context, clear_begin_cb, task);
}

gboolean
tether_history_clear_finish (TetherHistory  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
