/* tether-history-query.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Queries: answered from memory under the history's mutex, from any
 * thread; the _async ones run in a worker and answer on the caller's
 * thread-default context, so the UI never waits for the engine's thread.
 */

#include "config.h"

#include "tether-history-private.h"

TetherPatterns *
tether_history_lock_patterns (TetherHistory *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY (self), NULL);

  g_mutex_lock (&self->lock);
  return self->patterns;
}

void
tether_history_unlock_patterns (TetherHistory *self)
{
  g_return_if_fail (TETHER_IS_HISTORY (self));

  g_mutex_unlock (&self->lock);
}

TetherHistoryTimeline *
tether_history_get_timeline (TetherHistory *self,
                             const char    *device_id,
                             gint64         from_us,
                             gint64         to_us)
{
  TetherHistoryTimeline *timeline;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  timeline = g_new0 (TetherHistoryTimeline, 1);
  timeline->device_id = g_strdup (device_id);
  timeline->from_us = from_us;
  timeline->to_us = to_us;

  g_mutex_lock (&self->lock);
  timeline->sessions = tether_patterns_get_sessions (self->patterns, device_id, NULL, from_us, to_us);
  timeline->markers = tether_patterns_get_markers (self->patterns, device_id, from_us, to_us);
  g_mutex_unlock (&self->lock);

  return timeline;
}

TetherDeviceStats *
tether_history_get_stats (TetherHistory *self,
                          const char    *device_id,
                          const char    *network_uuid)
{
  TetherDeviceStats *stats;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  g_mutex_lock (&self->lock);
  stats = tether_patterns_get_stats (self->patterns, device_id, network_uuid, g_get_real_time ());
  g_mutex_unlock (&self->lock);

  return stats;
}

TetherPattern *
tether_history_get_pattern (TetherHistory *self,
                            const char    *device_id,
                            const char    *network_uuid)
{
  TetherPattern *pattern;

  g_return_val_if_fail (TETHER_IS_HISTORY (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  g_mutex_lock (&self->lock);
  pattern = tether_patterns_get_pattern (self->patterns, device_id, network_uuid, g_get_real_time ());
  g_mutex_unlock (&self->lock);

  return pattern;
}

typedef struct {
  char   *device_id;
  char   *network_uuid;
  gint64  from_us;
  gint64  to_us;
} Query;

static void
query_free (Query *query)
{
  g_free (query->device_id);
  g_free (query->network_uuid);
  g_free (query);
}

static Query *
query_new (const char *device_id,
           const char *network_uuid,
           gint64      from_us,
           gint64      to_us)
{
  Query *query = g_new0 (Query, 1);

  query->device_id = g_strdup (device_id);
  query->network_uuid = g_strdup (network_uuid);
  query->from_us = from_us;
  query->to_us = to_us;

  return query;
}

static void
timeline_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Query *query = task_data;

  g_task_return_pointer (task,
                         tether_history_get_timeline (source_object, query->device_id,
                                                      query->from_us, query->to_us),
                         (GDestroyNotify) tether_history_timeline_free);
}

void
tether_history_query_timeline_async (TetherHistory       *self,
                                     const char          *device_id,
                                     gint64               from_us,
                                     gint64               to_us,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (device_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_history_query_timeline_async);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, query_new (device_id, NULL, from_us, to_us), (GDestroyNotify) query_free);
  g_task_run_in_thread (task, timeline_thread);
}

TetherHistoryTimeline *
tether_history_query_timeline_finish (TetherHistory  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
stats_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Query *query = task_data;
  TetherDeviceStats *stats;

  stats = tether_history_get_stats (source_object, query->device_id, query->network_uuid);
  if (stats == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "No history for device %s", query->device_id);
  else
    g_task_return_pointer (task, stats, (GDestroyNotify) tether_device_stats_free);
}

void
tether_history_query_stats_async (TetherHistory       *self,
                                  const char          *device_id,
                                  const char          *network_uuid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (device_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_history_query_stats_async);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, query_new (device_id, network_uuid, 0, 0), (GDestroyNotify) query_free);
  g_task_run_in_thread (task, stats_thread);
}

TetherDeviceStats *
tether_history_query_stats_finish (TetherHistory  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
