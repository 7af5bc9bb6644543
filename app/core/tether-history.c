/* tether-history.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history object: recording on the owner's thread, writing in a
 * worker, queries from any thread. The file itself is tether-history-io.c.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "tether-history-private.h"

/* How often to see whether an ALIVE record is due. */
#define ALIVE_CHECK_S          60
/* How often to see whether compaction is due. */
#define COMPACT_CHECK_S        (6 * 60 * 60)
#define DEFAULT_RETENTION_DAYS 90

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_READ_ONLY,
  PROP_RETENTION_DAYS,
  PROP_DEGRADED,
  PROP_DEGRADED_MESSAGE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TetherHistory, tether_history, G_TYPE_OBJECT)

gboolean
_tether_history_is_owner (TetherHistory *self)
{
  GMainContext *current = g_main_context_get_thread_default ();

  return (current != NULL ? current : g_main_context_default ()) == self->context;
}

void
tether_history_timeline_free (TetherHistoryTimeline *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  g_free (self);
}

char *
tether_history_default_directory (void)
{
  const char *state = g_getenv ("XDG_STATE_HOME");

  /* GLib caches g_get_user_state_dir(); the environment is read here each
   * time, so that tests and `tether stats` see what they set. */
  if (state != NULL && g_path_is_absolute (state))
    return g_build_filename (state, "tether", NULL);

  return g_build_filename (g_get_home_dir (), ".local", "state", "tether", NULL);
}

/* ------------------------------------------------------------ degraded */

/* Owner's thread. message NULL: writing works. */
void
_tether_history_set_degraded (TetherHistory *self,
                              const char    *message)
{
  gboolean degraded = message != NULL;
  gboolean changed_flag, changed_message;

  g_mutex_lock (&self->lock);
  changed_flag = self->degraded != degraded;
  changed_message = g_strcmp0 (self->degraded_message, message) != 0;
  self->degraded = degraded;
  if (changed_message)
    {
      g_free (self->degraded_message);
      self->degraded_message = g_strdup (message);
    }
  g_mutex_unlock (&self->lock);

  if (changed_message && message != NULL)
    g_message ("%s", message);
  else if (changed_flag)
    g_message ("The connection history is written to %s again", self->path);

  if (changed_flag)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEGRADED]);
  if (changed_message)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEGRADED_MESSAGE]);
}

char *
_tether_history_describe_write_error (TetherHistory *self,
                                      const GError  *error)
{
  if (g_error_matches (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_LOCKED))
    return g_strdup_printf (_("Another Tether is recording the connection history in %s; "
                              "this one keeps its own in memory."), self->directory);
  if (g_error_matches (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_VERSION))
    return g_strdup_printf (_("The connection history in %s was written by a newer Tether; "
                              "this one leaves it alone and keeps its own in memory."),
                            self->directory);
  return g_strdup_printf (_("Cannot save the connection history (%s). Tether keeps it in "
                            "memory and saves it once it can."), error->message);
}

gboolean
tether_history_get_degraded (TetherHistory *self)
{
  gboolean degraded;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), FALSE);

  g_mutex_lock (&self->lock);
  degraded = self->degraded;
  g_mutex_unlock (&self->lock);

  return degraded;
}

char *
tether_history_dup_degraded_message (TetherHistory *self)
{
  char *message;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), NULL);

  g_mutex_lock (&self->lock);
  message = g_strdup (self->degraded_message);
  g_mutex_unlock (&self->lock);

  return message;
}

/* ------------------------------------------------------------ writing */

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TetherHistory *self = TETHER_HISTORY (object);
  g_autoptr(GError) error = NULL;
  gboolean more;

  self->write_running = FALSE;
  if (self->closed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = _tether_history_describe_write_error (self, error);

      _tether_history_set_degraded (self, message);
      _tether_history_schedule_flush (self, TETHER_HISTORY_RETRY_MS);
      return;
    }

  _tether_history_set_degraded (self, NULL);
  g_mutex_lock (&self->queue_lock);
  more = self->queue->len > 0;
  g_mutex_unlock (&self->queue_lock);
  if (more)
    _tether_history_schedule_flush (self, TETHER_HISTORY_FLUSH_DELAY_MS);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (_tether_history_write_queue (source_object, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
flush_cb (gpointer user_data)
{
  TetherHistory *self = user_data;
  g_autoptr(GTask) task = NULL;

  g_clear_pointer (&self->flush_source, g_source_unref);

  /* One write at a time; write_cb schedules the next. A clear writes
   * what waits itself, after cutting the file, and schedules the next. */
  if (self->write_running || self->closed || !self->loaded || self->clear_task != NULL)
    return G_SOURCE_REMOVE;

  self->write_running = TRUE;
  task = g_task_new (self, NULL, write_cb, NULL);
  g_task_set_source_tag (task, flush_cb);
  g_task_run_in_thread (task, write_thread);

  return G_SOURCE_REMOVE;
}

void
_tether_history_schedule_flush (TetherHistory *self,
                                guint          delay_ms)
{
  if (self->flush_source != NULL || self->closed || self->read_only)
    return;

  self->flush_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_attach (self->flush_source, self->context);
}

gboolean
tether_history_flush (TetherHistory  *self,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (_tether_history_is_owner (self), FALSE);

  if (self->read_only || !self->loaded)
    return TRUE;

  /* Not into a file that a clear is about to cut. */
  while (self->clear_task != NULL)
    g_main_context_iteration (self->context, TRUE);

  if (!_tether_history_write_queue (self, &local_error))
    {
      g_autofree char *message = _tether_history_describe_write_error (self, local_error);

      if (!self->closed)
        {
          _tether_history_set_degraded (self, message);
          _tether_history_schedule_flush (self, TETHER_HISTORY_RETRY_MS);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!self->closed)
    _tether_history_set_degraded (self, NULL);
  return TRUE;
}

/* ------------------------------------------------------------ recording */

static void
apply (TetherHistory            *self,
       const TetherHistoryEvent *event)
{
  g_mutex_lock (&self->lock);
  tether_patterns_add_interned (self->patterns, event);
  g_mutex_unlock (&self->lock);
}

void
tether_history_append (TetherHistory            *self,
                       const TetherHistoryEvent *event)
{
  TetherHistoryEvent *copy;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (event != NULL);
  g_return_if_fail (event->kind > TETHER_HISTORY_EVENT_INVALID &&
                    event->kind < TETHER_HISTORY_N_EVENT_KINDS);
  g_return_if_fail (!tether_history_event_kind_has_device (event->kind) || event->device_id != NULL);
  g_return_if_fail (_tether_history_is_owner (self));

  if (self->closed)
    return;

  copy = tether_history_event_copy (event);
  if (copy->time_us == 0)
    copy->time_us = g_get_real_time ();
  self->last_append_us = g_get_monotonic_time ();

  if (copy->network_uuid == NULL && copy->kind != TETHER_HISTORY_EVENT_NETWORK_CHANGED)
    {
      g_mutex_lock (&self->lock);
      copy->network_uuid = tether_patterns_get_current_network (self->patterns);
      g_mutex_unlock (&self->lock);
      if (copy->network_uuid == NULL && self->preload != NULL)
        {
          /* While loading, the current network is in what waits. */
          for (guint i = self->preload->len; i > 0 && copy->network_uuid == NULL; i--)
            {
              const TetherHistoryEvent *ev = g_ptr_array_index (self->preload, i - 1);

              if (ev->kind == TETHER_HISTORY_EVENT_NETWORK_CHANGED)
                break;
              copy->network_uuid = ev->network_uuid;
            }
        }
    }

  if (self->loaded)
    apply (self, copy);
  else
    g_ptr_array_add (self->preload, tether_history_event_copy (copy));

  g_mutex_lock (&self->queue_lock);
  g_ptr_array_add (self->queue, copy);
  g_mutex_unlock (&self->queue_lock);

  if (self->loaded)
    _tether_history_schedule_flush (self, TETHER_HISTORY_FLUSH_DELAY_MS);
}

/* ------------------------------------------------------------ timers */

static gboolean
alive_cb (gpointer user_data)
{
  TetherHistory *self = user_data;
  TetherHistoryEvent alive = { .kind = TETHER_HISTORY_EVENT_ALIVE };

  if (g_get_monotonic_time () - self->last_append_us >= (gint64) TETHER_HISTORY_ALIVE_INTERVAL_S * G_USEC_PER_SEC)
    tether_history_append (self, &alive);

  return G_SOURCE_CONTINUE;
}

static gboolean
compact_check_cb (gpointer user_data)
{
  _tether_history_maybe_compact (user_data);
  return G_SOURCE_CONTINUE;
}

static GSource *
attach_seconds (TetherHistory *self,
                guint          seconds,
                GSourceFunc    func)
{
  GSource *source = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);

  return source;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* ------------------------------------------------------------ loading */

static void
report_load (TetherHistory                 *self,
             const TetherHistoryScanReport *report)
{
  if (report->torn_bytes > 0)
    g_message ("The last line of %s was cut short (%" G_GUINT64_FORMAT " bytes), "
               "probably by a crash or a power loss; it was dropped",
               self->path, report->torn_bytes);
  if (report->n_corrupt > 0)
    g_message ("%" G_GUINT64_FORMAT " damaged lines of %s were skipped (the first is line %"
               G_GUINT64_FORMAT ")", report->n_corrupt, self->path, report->first_corrupt_line);
}

/* Owner's thread: put what was read in place. */
static gboolean
finish_load (TetherHistory      *self,
             TetherHistoryLoad  *load,
             GError            **error)
{
  g_autoptr(GPtrArray) preload = g_steal_pointer (&self->preload);

  self->preload = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_history_event_free);
  self->loading = FALSE;

  g_mutex_lock (&self->lock);
  tether_patterns_free (self->patterns);
  self->patterns = g_steal_pointer (&load->patterns);
  for (guint i = 0; i < preload->len; i++)
    tether_patterns_add_interned (self->patterns, g_ptr_array_index (preload, i));
  self->report = load->report;
  self->loaded = TRUE;
  g_mutex_unlock (&self->lock);

  self->first_time_us = load->report.first_time_us;
  report_load (self, &load->report);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  if (load->write_error != NULL && !self->closed)
    {
      g_autofree char *message = _tether_history_describe_write_error (self, load->write_error);

      _tether_history_set_degraded (self, message);
      _tether_history_schedule_flush (self, TETHER_HISTORY_RETRY_MS);
    }
  else if (!self->read_only && !self->closed)
    {
      _tether_history_schedule_flush (self, preload->len > 0 ? 0 : TETHER_HISTORY_FLUSH_DELAY_MS);
      _tether_history_maybe_compact (self);
    }

  if (!self->read_only && !self->closed)
    {
      self->alive_source = attach_seconds (self, ALIVE_CHECK_S, alive_cb);
      self->compact_source = attach_seconds (self, COMPACT_CHECK_S, compact_check_cb);
    }

  if (load->read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&load->read_error));
      return FALSE;
    }

  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_pointer (task, _tether_history_read (source_object),
                         (GDestroyNotify) _tether_history_load_free);
}

/* The load is finished here, on the owner's thread, whether or not the
 * caller asks for the result. */
static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TetherHistory *self = TETHER_HISTORY (object);
  g_autoptr(GTask) task = user_data;
  TetherHistoryLoad *load;
  GError *error = NULL;

  load = g_task_propagate_pointer (G_TASK (result), NULL);
  g_assert (load != NULL);
  if (finish_load (self, load, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  _tether_history_load_free (load);
}

void
tether_history_load_async (TetherHistory       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (_tether_history_is_owner (self));
  g_return_if_fail (!self->loading && !self->loaded);

  self->loading = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_history_load_async);
  /* Not cancellable once started: the history needs its state either way. */
  inner = g_task_new (self, NULL, load_done_cb, g_steal_pointer (&task));
  g_task_run_in_thread (inner, load_thread);
}

gboolean
tether_history_load_finish (TetherHistory  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
tether_history_load (TetherHistory  *self,
                     GError        **error)
{
  TetherHistoryLoad *load;
  gboolean ok;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (_tether_history_is_owner (self), FALSE);
  g_return_val_if_fail (!self->loading && !self->loaded, FALSE);

  self->loading = TRUE;
  load = _tether_history_read (self);
  ok = finish_load (self, load, error);
  _tether_history_load_free (load);

  return ok;
}

gboolean
tether_history_get_loaded (TetherHistory *self)
{
  gboolean loaded;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), FALSE);

  g_mutex_lock (&self->lock);
  loaded = self->loaded;
  g_mutex_unlock (&self->lock);

  return loaded;
}

gboolean
tether_history_get_load_report (TetherHistory           *self,
                                TetherHistoryScanReport *report)
{
  gboolean loaded;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  g_mutex_lock (&self->lock);
  loaded = self->loaded;
  *report = self->report;
  g_mutex_unlock (&self->lock);

  return loaded;
}

void
tether_history_close (TetherHistory *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (_tether_history_is_owner (self));

  if (self->closed)
    return;

  /* Let the tasks in flight finish and report here, so that none holds
   * the history after its owner's loop has stopped. Compaction stops at
   * its next check. */
  g_cancellable_cancel (self->cancellable);
  while (self->loading || self->write_running || self->compact_running || self->clear_task != NULL)
    g_main_context_iteration (self->context, TRUE);

  clear_source (&self->flush_source);
  clear_source (&self->alive_source);
  clear_source (&self->compact_source);

  /* Waits for a write in flight (it holds write_lock), then writes the
   * rest here. */
  if (self->loaded && !self->read_only && !_tether_history_write_queue (self, &error))
    g_message ("Could not save the last records of the connection history: %s", error->message);

  self->closed = TRUE;
  _tether_history_close_file (self);

  if (self->settings != NULL)
    g_settings_unbind (self, "retention-days");
  g_clear_object (&self->settings);
}

/* ------------------------------------------------------------ properties */

const char *
tether_history_get_directory (TetherHistory *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY (self), NULL);
  return self->directory;
}

const char *
tether_history_get_path (TetherHistory *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY (self), NULL);
  return self->path;
}

gboolean
tether_history_get_read_only (TetherHistory *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY (self), FALSE);
  return self->read_only;
}

guint
tether_history_get_retention_days (TetherHistory *self)
{
  guint days;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), 0);

  g_mutex_lock (&self->lock);
  days = self->retention_days;
  g_mutex_unlock (&self->lock);

  return days;
}

void
tether_history_set_retention_days (TetherHistory *self,
                                   guint          days)
{
  gboolean changed;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (days >= 1);

  g_mutex_lock (&self->lock);
  changed = self->retention_days != days;
  self->retention_days = days;
  tether_patterns_set_retention_days (self->patterns, days);
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_DAYS]);
}

void
tether_history_follow_settings (TetherHistory *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (_tether_history_is_owner (self));

  /* Without the schema (a build run in place), the default. */
  if (self->settings != NULL || source == NULL ||
      (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_bind (self->settings, "history-retention-days", self, "retention-days",
                   G_SETTINGS_BIND_GET);
}

/* ------------------------------------------------------------ GObject */

static void
tether_history_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TetherHistory *self = TETHER_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_RETENTION_DAYS:
      g_value_set_uint (value, tether_history_get_retention_days (self));
      break;
    case PROP_DEGRADED:
      g_value_set_boolean (value, tether_history_get_degraded (self));
      break;
    case PROP_DEGRADED_MESSAGE:
      g_value_take_string (value, tether_history_dup_degraded_message (self));
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, tether_history_get_loaded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_history_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TetherHistory *self = TETHER_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;
    case PROP_READ_ONLY:
      self->read_only = g_value_get_boolean (value);
      break;
    case PROP_RETENTION_DAYS:
      tether_history_set_retention_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_history_constructed (GObject *object)
{
  TetherHistory *self = TETHER_HISTORY (object);

  G_OBJECT_CLASS (tether_history_parent_class)->constructed (object);

  if (self->directory == NULL)
    self->directory = tether_history_default_directory ();
  self->path = g_build_filename (self->directory, "history", NULL);
  self->lock_path = g_build_filename (self->directory, "history.lock", NULL);
  self->compact_path = g_build_filename (self->directory, "history.compact", NULL);
}

static void
tether_history_dispose (GObject *object)
{
  TetherHistory *self = TETHER_HISTORY (object);

  /* The sources hold no reference; they must not outlive the object.
   * Closing proper (a last flush) is the owner's job: a last reference
   * may be dropped in any thread. */
  clear_source (&self->flush_source);
  clear_source (&self->alive_source);
  clear_source (&self->compact_source);
  clear_source (&self->clear_source);

  G_OBJECT_CLASS (tether_history_parent_class)->dispose (object);
}

static void
tether_history_finalize (GObject *object)
{
  TetherHistory *self = TETHER_HISTORY (object);

  _tether_history_close_file (self);
  g_clear_pointer (&self->patterns, tether_patterns_free);
  g_clear_pointer (&self->preload, g_ptr_array_unref);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_free (self->directory);
  g_free (self->path);
  g_free (self->lock_path);
  g_free (self->compact_path);
  g_free (self->degraded_message);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->queue_lock);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (tether_history_parent_class)->finalize (object);
}

static void
tether_history_class_init (TetherHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = tether_history_get_property;
  object_class->set_property = tether_history_set_property;
  object_class->constructed = tether_history_constructed;
  object_class->dispose = tether_history_dispose;
  object_class->finalize = tether_history_finalize;

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETENTION_DAYS] =
    g_param_spec_uint ("retention-days", NULL, NULL, 1, 3650, DEFAULT_RETENTION_DAYS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEGRADED] =
    g_param_spec_boolean ("degraded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEGRADED_MESSAGE] =
    g_param_spec_string ("degraded-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_history_init (TetherHistory *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  g_mutex_init (&self->lock);
  g_mutex_init (&self->queue_lock);
  g_mutex_init (&self->write_lock);
  self->context = g_main_context_ref_thread_default ();
  self->retention_days = DEFAULT_RETENTION_DAYS;
  self->patterns = tether_patterns_new (tz);
  self->preload = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_history_event_free);
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_history_event_free);
  self->cancellable = g_cancellable_new ();
  self->fd = -1;
  self->lock_fd = -1;
}

TetherHistory *
tether_history_new (const char *directory,
                    gboolean    read_only)
{
  return g_object_new (TETHER_TYPE_HISTORY,
                       "directory", directory,
                       "read-only", read_only,
                       NULL);
}
