/* tether-history-monitor.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-history-monitor.h"
#include "tether-sessions.h"

#define HOUR_US ((gint64) 3600 * G_USEC_PER_SEC)
#define DAY_US  (24 * HOUR_US)

/* What the history's handler, on the engine's thread, needs to reach the
 * monitor on its own thread: a weak reference, read there only. */
typedef struct {
  gatomicrefcount  ref_count;
  GWeakRef         monitor;
  GMainContext    *context;   /* owned: the monitor's */
} Link;

struct _TetherHistoryMonitor
{
  GObject        parent_instance;

  TetherEngine  *engine;           /* owned, nullable */
  TetherHistory *history;          /* owned, nullable: the engine's, as last seen */
  gulong         notify_id;        /* on history */
  Link          *link;             /* owned ref */

  /* The history's state, as carried over to this thread. */
  gboolean       loaded;
  gboolean       degraded;
  char          *degraded_message; /* owned, nullable */
  gint64         loaded_us;        /* when it was seen loaded */
  gint64         cleared_us;       /* when it was last cleared from here, 0 never */
};

G_DEFINE_FINAL_TYPE (TetherHistoryMonitor, tether_history_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_HISTORY,
  PROP_LOADED,
  PROP_DEGRADED,
  PROP_DEGRADED_MESSAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------- link */

static Link *
link_new (TetherHistoryMonitor *monitor)
{
  Link *link = g_new0 (Link, 1);

  g_atomic_ref_count_init (&link->ref_count);
  g_weak_ref_init (&link->monitor, monitor);
  link->context = g_main_context_ref_thread_default ();

  return link;
}

static Link *
link_ref (Link *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

static void
link_unref (gpointer data)
{
  Link *link = data;

  if (!g_atomic_ref_count_dec (&link->ref_count))
    return;
  g_weak_ref_clear (&link->monitor);
  g_main_context_unref (link->context);
  g_free (link);
}

static void
link_closure_notify (gpointer  data,
                     GClosure *closure)
{
  link_unref (data);
}

/* ------------------------------------------------------------- state */

/* new_history: the history was just switched, so what views show is
 * stale whatever its state. */
static void
sync_state (TetherHistoryMonitor *self,
            gboolean              new_history)
{
  gboolean loaded = self->history != NULL && tether_history_get_loaded (self->history);
  gboolean degraded = self->history != NULL && tether_history_get_degraded (self->history);
  g_autofree char *message = self->history != NULL
                             ? tether_history_dup_degraded_message (self->history) : NULL;
  gboolean became_loaded = loaded && (!self->loaded || new_history);

  if (!degraded)
    g_clear_pointer (&message, g_free);

  g_object_freeze_notify (G_OBJECT (self));
  if (became_loaded)
    self->loaded_us = g_get_real_time ();
  if (self->loaded != loaded)
    {
      self->loaded = loaded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (self->degraded != degraded)
    {
      self->degraded = degraded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEGRADED]);
    }
  if (g_strcmp0 (self->degraded_message, message) != 0)
    {
      g_free (self->degraded_message);
      self->degraded_message = g_steal_pointer (&message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEGRADED_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (became_loaded || new_history)
    g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
sync_cb (gpointer data)
{
  Link *link = data;
  g_autoptr(TetherHistoryMonitor) self = g_weak_ref_get (&link->monitor);

  if (self != NULL)
    sync_state (self, FALSE);

  return G_SOURCE_REMOVE;
}

/* On the history's thread (the engine's): look on the monitor's. */
static void
history_notify_cb (GObject    *history,
                   GParamSpec *pspec,
                   gpointer    data)
{
  Link *link = data;

  g_main_context_invoke_full (link->context, G_PRIORITY_DEFAULT, sync_cb,
                              link_ref (link), link_unref);
}

static void
set_history (TetherHistoryMonitor *self,
             TetherHistory        *history)
{
  if (self->history == history)
    return;

  if (self->history != NULL)
    g_clear_signal_handler (&self->notify_id, self->history);
  g_set_object (&self->history, history);
  if (history != NULL)
    self->notify_id = g_signal_connect_data (history, "notify", G_CALLBACK (history_notify_cb),
                                             link_ref (self->link), link_closure_notify, 0);
  self->cleared_us = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);

  sync_state (self, TRUE);
}

void
tether_history_monitor_update (TetherHistoryMonitor *self)
{
  g_return_if_fail (TETHER_IS_HISTORY_MONITOR (self));

  set_history (self, self->engine != NULL ? tether_engine_get_history (self->engine) : NULL);
}

static void
snapshot_cb (TetherHistoryMonitor *self)
{
  tether_history_monitor_update (self);
}

/* ------------------------------------------------------------ GObject */

static void
tether_history_monitor_dispose (GObject *object)
{
  TetherHistoryMonitor *self = (TetherHistoryMonitor *)object;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->history != NULL)
    g_clear_signal_handler (&self->notify_id, self->history);
  g_clear_object (&self->history);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (tether_history_monitor_parent_class)->dispose (object);
}

static void
tether_history_monitor_finalize (GObject *object)
{
  TetherHistoryMonitor *self = (TetherHistoryMonitor *)object;

  g_clear_pointer (&self->link, link_unref);
  g_free (self->degraded_message);

  G_OBJECT_CLASS (tether_history_monitor_parent_class)->finalize (object);
}

static void
tether_history_monitor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TetherHistoryMonitor *self = TETHER_HISTORY_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_DEGRADED:
      g_value_set_boolean (value, self->degraded);
      break;
    case PROP_DEGRADED_MESSAGE:
      g_value_set_string (value, self->degraded_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_history_monitor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TetherHistoryMonitor *self = TETHER_HISTORY_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_history_monitor_constructed (GObject *object)
{
  TetherHistoryMonitor *self = (TetherHistoryMonitor *)object;

  G_OBJECT_CLASS (tether_history_monitor_parent_class)->constructed (object);

  if (self->engine != NULL)
    {
      /* The engine has its history once its thread runs, and a new one
       * after a restart: its snapshots are the moment to look. */
      g_signal_connect_object (self->engine, "snapshot", G_CALLBACK (snapshot_cb), self,
                               G_CONNECT_SWAPPED);
      tether_history_monitor_update (self);
    }
}

static void
tether_history_monitor_class_init (TetherHistoryMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = tether_history_monitor_dispose;
  object_class->finalize = tether_history_monitor_finalize;
  object_class->get_property = tether_history_monitor_get_property;
  object_class->set_property = tether_history_monitor_set_property;
  object_class->constructed = tether_history_monitor_constructed;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, TETHER_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] = g_param_spec_object ("history", NULL, NULL, TETHER_TYPE_HISTORY, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_DEGRADED] = g_param_spec_boolean ("degraded", NULL, NULL, FALSE, flags);
  properties[PROP_DEGRADED_MESSAGE] = g_param_spec_string ("degraded-message", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* What the history holds was replaced as a whole: it was loaded, cleared,
   * or is another one. Views query it again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tether_history_monitor_init (TetherHistoryMonitor *self)
{
  self->link = link_new (self);
}

TetherHistoryMonitor *
tether_history_monitor_new (TetherEngine *engine)
{
  g_return_val_if_fail (engine == NULL || TETHER_IS_ENGINE (engine), NULL);

  return g_object_new (TETHER_TYPE_HISTORY_MONITOR, "engine", engine, NULL);
}

TetherEngine *
tether_history_monitor_get_engine (TetherHistoryMonitor *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY_MONITOR (self), NULL);
  return self->engine;
}

TetherHistory *
tether_history_monitor_get_history (TetherHistoryMonitor *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY_MONITOR (self), NULL);
  return self->history;
}

gboolean
tether_history_monitor_get_loaded (TetherHistoryMonitor *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY_MONITOR (self), FALSE);
  return self->loaded;
}

gboolean
tether_history_monitor_get_degraded (TetherHistoryMonitor *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY_MONITOR (self), FALSE);
  return self->degraded;
}

const char *
tether_history_monitor_get_degraded_message (TetherHistoryMonitor *self)
{
  g_return_val_if_fail (TETHER_IS_HISTORY_MONITOR (self), NULL);
  return self->degraded_message;
}

gint64
tether_history_monitor_get_since (TetherHistoryMonitor *self,
                                  gint64                now_us)
{
  TetherHistoryScanReport report;
  gint64 since;

  g_return_val_if_fail (TETHER_IS_HISTORY_MONITOR (self), now_us);

  if (self->history == NULL || !self->loaded)
    return now_us;

  /* A new file has no first record yet: it began about when it loaded. */
  since = self->loaded_us;
  if (tether_history_get_load_report (self->history, &report) && report.first_time_us != 0)
    since = report.first_time_us;
  since = MAX (since, self->cleared_us);
  since = MAX (since, now_us - (gint64) tether_history_get_retention_days (self->history) * DAY_US);

  return MIN (since, now_us);
}

/* ------------------------------------------------------------ clearing */

static void
clear_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherHistoryMonitor *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* An I/O error comes after memory was cleared; the others before. */
  if (tether_history_clear_finish (TETHER_HISTORY (object), result, &error) ||
      g_error_matches (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_IO))
    {
      if (TETHER_HISTORY (object) == self->history)
        {
          /* The clear's records are stamped before this moment. */
          self->cleared_us = g_get_real_time ();
          g_signal_emit (self, signals[CHANGED], 0);
        }
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
tether_history_monitor_clear_async (TetherHistoryMonitor *self,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_HISTORY_MONITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_history_monitor_clear_async);
  /* A clear that ran reports so, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->history == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("Tether is not recording a connection history yet"));
      return;
    }

  tether_history_clear_async (self->history, cancellable, clear_done_cb, g_steal_pointer (&task));
}

gboolean
tether_history_monitor_clear_finish (TetherHistoryMonitor  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------ activity */

typedef struct {
  char   *device_id;
  guint   hours;
  gint64  now_us;
} ActivityQuery;

static void
activity_query_free (ActivityQuery *query)
{
  g_free (query->device_id);
  g_free (query);
}

static void
activity_timeline_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherHistoryMonitor *self = g_task_get_source_object (task);
  ActivityQuery *query = g_task_get_task_data (task);
  g_autoptr(TetherHistoryTimeline) timeline = NULL;
  g_autofree double *values = NULL;
  GError *error = NULL;

  timeline = tether_history_query_timeline_finish (TETHER_HISTORY (object), result, &error);
  if (timeline == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  values = g_new (double, query->hours);
  tether_sessions_activity (timeline->sessions, tether_history_monitor_get_since (self, query->now_us),
                            query->now_us, query->hours, HOUR_US, values);
  g_task_return_pointer (task,
                         g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, values,
                                                                        query->hours, sizeof (double))),
                         (GDestroyNotify) g_variant_unref);
}

void
tether_history_monitor_query_activity_async (TetherHistoryMonitor *self,
                                             const char           *device_id,
                                             guint                 hours,
                                             gint64                now_us,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ActivityQuery *query;

  g_return_if_fail (TETHER_IS_HISTORY_MONITOR (self));
  g_return_if_fail (device_id != NULL);
  g_return_if_fail (hours > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_history_monitor_query_activity_async);
  query = g_new0 (ActivityQuery, 1);
  query->device_id = g_strdup (device_id);
  query->hours = hours;
  query->now_us = now_us;
  g_task_set_task_data (task, query, (GDestroyNotify) activity_query_free);

  if (self->history == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "No connection history yet");
      return;
    }

  tether_history_query_timeline_async (self->history, device_id, now_us - (gint64) hours * HOUR_US,
                                       now_us, cancellable, activity_timeline_cb,
                                       g_steal_pointer (&task));
}

GVariant *
tether_history_monitor_query_activity_finish (TetherHistoryMonitor  *self,
                                              GAsyncResult          *result,
                                              char                 **device_id,
                                              GError               **error)
{
  ActivityQuery *query;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  query = g_task_get_task_data (G_TASK (result));
  if (device_id != NULL)
    *device_id = g_strdup (query->device_id);

  return g_task_propagate_pointer (G_TASK (result), error);
}
