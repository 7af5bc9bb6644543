/* tether-engine.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worker-thread pattern: the engine thread pushes its own GMainContext,
 * creates the Syncthing client there, and from then on everything that
 * touches Syncthing happens on that thread. Snapshots travel to the owner's
 * context with g_main_context_invoke_full(); commands come the other way.
 *
 * How the engine follows Syncthing is in tether-engine-sync.c.
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>

#include "tether-engine-private.h"

G_DEFINE_FINAL_TYPE (TetherEngine, tether_engine, G_TYPE_OBJECT)

enum {
  SNAPSHOT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


Call *
_tether_call_new (TetherEngine *self)
{
  Call *call = g_new0 (Call, 1);

  call->engine = self;
  call->epoch = self->epoch;

  return call;
}

void
_tether_call_free (Call *call)
{
  g_free (call->device_id);
  g_free (call);
}

TetherEngine *
_tether_call_finish (Call *call)
{
  TetherEngine *self = call->engine;
  gboolean current = call->epoch == self->epoch;

  _tether_call_free (call);
  if (!current || g_cancellable_is_cancelled (self->cancellable))
    return NULL;

  return self;
}

void
_tether_engine_new_epoch (TetherEngine *self)
{
  self->epoch++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->refresh_running = FALSE;
  self->refresh_again = FALSE;
  self->stats_wanted = FALSE;
  /* A full read starts from what Syncthing says, not from old events. */
  g_hash_table_remove_all (self->event_says);
  if (self->settle_source != NULL)
    {
      g_source_destroy (self->settle_source);
      g_clear_pointer (&self->settle_source, g_source_unref);
    }
}

/* ---------------------------------------------------------------- publish */

/* A delivery does not keep the engine alive: one still queued when the
 * engine is gone is dropped. */
typedef struct {
  GWeakRef        engine;
  TetherSnapshot *snapshot; /* owned */
} Delivery;

static gboolean
deliver_cb (gpointer user_data)
{
  Delivery *d = user_data;
  g_autoptr(TetherEngine) self = g_weak_ref_get (&d->engine);

  /* Deliveries still queued when the engine stopped are stale. */
  if (self != NULL && self->thread != NULL && self->snapshot->serial < d->snapshot->serial)
    {
      g_clear_pointer (&self->snapshot, tether_snapshot_unref);
      self->snapshot = tether_snapshot_ref (d->snapshot);
      g_signal_emit (self, signals[SNAPSHOT], 0, d->snapshot);
    }

  return G_SOURCE_REMOVE;
}

static void
delivery_free (Delivery *d)
{
  g_weak_ref_clear (&d->engine);
  tether_snapshot_unref (d->snapshot);
  g_free (d);
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  const TetherDeviceInfo *da = *(TetherDeviceInfo **) a;
  const TetherDeviceInfo *db = *(TetherDeviceInfo **) b;
  int cmp = g_utf8_collate (da->name, db->name);

  return cmp != 0 ? cmp : strcmp (da->id, db->id);
}

void
_tether_engine_publish (TetherEngine *self)
{
  TetherSnapshot *snapshot;
  Delivery *d;
  GHashTableIter iter;
  gpointer value;

  _tether_assert_engine_thread (self);

  snapshot = _tether_snapshot_new (++self->serial);
  snapshot->status = self->status;
  snapshot->status_message = g_strdup (self->status == TETHER_ENGINE_STATUS_ONLINE
                                       ? self->problem : self->status_message);
  snapshot->syncthing_version = g_strdup (self->version);
  snapshot->my_id = g_strdup (self->my_id);
  if (self->client != NULL)
    snapshot->url = g_strdup (tether_syncthing_client_get_url (self->client));
  snapshot->sources = self->sources;
  snapshot->network_online = self->net_online;
  snapshot->network_name = g_strdup (self->network_name);
  snapshot->network_uuid = g_strdup (self->network_uuid);
  snapshot->network_type = g_strdup (self->network_type);
  snapshot->network_metered = self->net_metered;
  snapshot->resumes = self->resumes;

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (snapshot->devices, tether_device_info_ref (value));
  g_ptr_array_sort (snapshot->devices, compare_devices);

  d = g_new0 (Delivery, 1);
  g_weak_ref_init (&d->engine, self);
  d->snapshot = snapshot;
  g_main_context_invoke_full (self->owner_context, G_PRIORITY_DEFAULT,
                              deliver_cb, d, (GDestroyNotify) delivery_free);
}

/* An unchanged device keeps its pointer from one snapshot to the next. */
void
_tether_engine_put_device (TetherEngine     *self,
                   TetherDeviceInfo *info)
{
  TetherDeviceInfo *old = g_hash_table_lookup (self->devices, info->id);

  _tether_pool_overlay (self, info);
  if (old != NULL && tether_device_info_equal (old, info))
    {
      tether_device_info_unref (info);
      return;
    }

  g_hash_table_replace (self->devices, info->id, info);
}

/* ----------------------------------------------------------- commands */

typedef struct {
  TetherEngine *engine; /* unowned, see Call */
  char         *device_id;
  gboolean      paused;
} PauseCommand;

static void
pause_command_free (PauseCommand *cmd)
{
  g_free (cmd->device_id);
  g_free (cmd);
}

static void
set_paused_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TetherEngine *self = _tether_call_finish (user_data);
  g_autoptr(GError) error = NULL;

  if (!tether_syncthing_client_set_paused_finish (TETHER_SYNCTHING_CLIENT (object), result, &error) &&
      self != NULL)
    g_warning ("Could not change the paused state: %s", error->message);
  /* Success shows up as DevicePaused/DeviceResumed in the event stream. */
}

static gboolean
pause_command_cb (gpointer user_data)
{
  PauseCommand *cmd = user_data;
  TetherEngine *self = cmd->engine;

  if (self->client != NULL && self->status == TETHER_ENGINE_STATUS_ONLINE)
    tether_syncthing_client_set_paused_async (self->client, cmd->device_id, cmd->paused,
                                              self->cancellable, set_paused_cb, _tether_call_new (self));

  return G_SOURCE_REMOVE;
}

static void
post_pause_command (TetherEngine *self,
                    const char   *device_id,
                    gboolean      paused)
{
  PauseCommand *cmd;

  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_return_if_fail (device_id != NULL);

  if (self->thread == NULL)
    return;

  cmd = g_new0 (PauseCommand, 1);
  cmd->engine = self;
  cmd->device_id = g_strdup (device_id);
  cmd->paused = paused;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, pause_command_cb,
                              cmd, (GDestroyNotify) pause_command_free);
}

void
tether_engine_pause_device (TetherEngine *self,
                            const char   *device_id)
{
  post_pause_command (self, device_id, TRUE);
}

void
tether_engine_resume_device (TetherEngine *self,
                             const char   *device_id)
{
  post_pause_command (self, device_id, FALSE);
}

static gboolean
resync_command_cb (gpointer user_data)
{
  TetherEngine *self = user_data;

  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  _tether_engine_new_epoch (self);
  self->retry_ms = 0;
  _tether_engine_connect (self);

  return G_SOURCE_REMOVE;
}

void
tether_engine_resync (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));

  if (self->thread != NULL)
    g_main_context_invoke (self->context, resync_command_cb, self);
}

/* The location the user gave in Preferences (or cleared): the overrides are
 * replaced on the engine thread, which is the only reader of them once the
 * thread runs, and the engine connects again from scratch. */
typedef struct {
  TetherEngine *engine; /* unowned, see Call */
  char         *url;
  char         *api_key;
} LocationCommand;

static void
location_command_free (LocationCommand *cmd)
{
  g_free (cmd->url);
  g_free (cmd->api_key);
  g_free (cmd);
}

static void
location_replace (TetherEngine    *self,
                  LocationCommand *cmd)
{
  g_free (self->url_override);
  self->url_override = g_steal_pointer (&cmd->url);
  g_free (self->api_key_override);
  self->api_key_override = g_steal_pointer (&cmd->api_key);
}

static gboolean
location_command_cb (gpointer user_data)
{
  LocationCommand *cmd = user_data;

  location_replace (cmd->engine, cmd);

  return resync_command_cb (cmd->engine);
}

void
tether_engine_set_location (TetherEngine *self,
                            const char   *url,
                            const char   *api_key)
{
  LocationCommand *cmd;

  g_return_if_fail (TETHER_IS_ENGINE (self));

  cmd = g_new0 (LocationCommand, 1);
  cmd->engine = self;
  cmd->url = url != NULL && url[0] != '\0' ? g_strdup (url) : NULL;
  cmd->api_key = api_key != NULL && api_key[0] != '\0' ? g_strdup (api_key) : NULL;

  /* Not started yet: the thread will read the new overrides first thing. */
  if (self->thread == NULL)
    {
      location_replace (self, cmd);
      location_command_free (cmd);
      return;
    }

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, location_command_cb,
                              cmd, (GDestroyNotify) location_command_free);
}

typedef struct {
  TetherEngine *engine;    /* unowned, see Call */
  char         *device_id; /* nullable: all devices */
  enum { RECONNECT, PAUSE_ALL, RESUME_ALL } what;
} PoolCommand;

static void
pool_command_free (PoolCommand *cmd)
{
  g_free (cmd->device_id);
  g_free (cmd);
}

static gboolean
pool_command_cb (gpointer user_data)
{
  PoolCommand *cmd = user_data;
  TetherEngine *self = cmd->engine;

  if (self->status != TETHER_ENGINE_STATUS_ONLINE || self->stopping)
    return G_SOURCE_REMOVE;

  self->trigger_us = g_get_monotonic_time ();
  switch (cmd->what)
    {
    case RECONNECT:
      if (cmd->device_id != NULL)
        _tether_pool_trigger (self, cmd->device_id, TETHER_TRIGGER_MANUAL);
      else
        _tether_pool_trigger_all (self, TETHER_TRIGGER_MANUAL);
      break;
    case PAUSE_ALL:
      _tether_pool_pause_all (self);
      break;
    case RESUME_ALL:
      _tether_pool_resume_all (self);
      break;
    default:
      g_assert_not_reached ();
    }
  self->trigger_us = 0;

  return G_SOURCE_REMOVE;
}

static void
post_pool_command (TetherEngine *self,
                   int           what,
                   const char   *device_id)
{
  PoolCommand *cmd;

  if (self->thread == NULL)
    return;

  cmd = g_new0 (PoolCommand, 1);
  cmd->engine = self;
  cmd->what = what;
  cmd->device_id = g_strdup (device_id);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, pool_command_cb,
                              cmd, (GDestroyNotify) pool_command_free);
}

void
tether_engine_reconnect_device (TetherEngine *self,
                                const char   *device_id)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_return_if_fail (device_id != NULL);

  post_pool_command (self, RECONNECT, device_id);
}

void
tether_engine_reconnect_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));

  post_pool_command (self, RECONNECT, NULL);
}

void
tether_engine_pause_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));

  post_pool_command (self, PAUSE_ALL, NULL);
}

void
tether_engine_resume_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));

  post_pool_command (self, RESUME_ALL, NULL);
}

/* --------------------------------------------------------------- history */

/* The connection history ($XDG_STATE_HOME/tether): read in a worker, fed
 * with Syncthing's device events and the pool's own moments, closed
 * (flushed) before the thread ends. */
static void
engine_history_open (TetherEngine *self)
{
  g_autofree char *dir = tether_history_default_directory ();

  /* After a restart of the engine, a new one (the old one is closed). */
  g_clear_object (&self->history);
  g_atomic_pointer_set (&self->history, tether_history_new (dir, FALSE));
  tether_history_follow_settings (self->history);
  tether_history_load_async (self->history, NULL, NULL, NULL);
  tether_history_record_tether (self->history, TRUE);
}

static void
engine_history_close (TetherEngine *self)
{
  if (self->history == NULL)
    return;
  tether_history_record_tether (self->history, FALSE);
  tether_history_close (self->history);
}

TetherHistory *
tether_engine_get_history (TetherEngine *self)
{
  g_return_val_if_fail (TETHER_IS_ENGINE (self), NULL);

  return g_atomic_pointer_get (&self->history);
}

/* -------------------------------------------------------------- thread */

static gboolean
start_cb (gpointer user_data)
{
  TetherEngine *self = user_data;
  g_autoptr(GError) error = NULL;

  _tether_engine_settings_init (self);
  _tether_engine_net_start (self);

  /* A damaged journal was moved aside and said so: show it, go on. */
  if (!tether_journal_load (self->journal, &error))
    _tether_engine_set_problem (self, error->message);

  _tether_engine_connect (self);
  return G_SOURCE_REMOVE;
}

/* $XDG_STATE_HOME/tether, read each time (GLib caches its own answer,
 * and tests point the variable elsewhere). */
static char *
state_dir (void)
{
  const char *xdg = g_getenv ("XDG_STATE_HOME");

  if (xdg != NULL && g_path_is_absolute (xdg))
    return g_build_filename (xdg, "tether", NULL);

  return g_build_filename (g_get_home_dir (), ".local", "state", "tether", NULL);
}

static gpointer
engine_thread_func (gpointer user_data)
{
  TetherEngine *self = user_data;

  g_main_context_push_thread_default (self->context);
  engine_history_open (self);

  g_main_context_invoke (self->context, start_cb, self);
  g_main_loop_run (self->loop);

  /* Tear down what lives on this context before leaving it. */
  g_cancellable_cancel (self->cancellable);
  _tether_pool_on_offline (self);
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  if (self->settle_source != NULL)
    {
      g_source_destroy (self->settle_source);
      g_clear_pointer (&self->settle_source, g_source_unref);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->net_watch);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  engine_history_close (self);

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

void
tether_engine_start (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_return_if_fail (self->thread == NULL);

  self->thread = g_thread_new ("tether-engine", engine_thread_func, self);
}

static gboolean
stop_deadline_cb (gpointer user_data)
{
  TetherEngine *self = user_data;

  g_debug ("Leaving with %u override operations unfinished; the journal keeps them",
           self->overrides_in_flight);
  g_clear_pointer (&self->stop_deadline, g_source_unref);
  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

void
_tether_engine_overrides_settled (TetherEngine *self)
{
  if (self->stopping && self->overrides_in_flight == 0)
    {
      if (self->stop_deadline != NULL)
        {
          g_source_destroy (self->stop_deadline);
          g_clear_pointer (&self->stop_deadline, g_source_unref);
        }
      g_main_loop_quit (self->loop);
    }
}

/* Leaving undoes what Tether changed in Syncthing's config, within a few
 * seconds; whatever is left stays in the journal for the next start. */
static gboolean
quit_cb (gpointer user_data)
{
  TetherEngine *self = user_data;
  g_autoptr(GPtrArray) overrides = tether_journal_list (self->journal);

  self->stopping = TRUE;
  g_cancellable_cancel (self->cancellable);

  if (self->client != NULL)
    for (guint i = 0; i < overrides->len; i++)
      _tether_override_undo (self, ((TetherOverride *) g_ptr_array_index (overrides, i))->id,
                             NULL, NULL);

  if (self->overrides_in_flight == 0)
    {
      g_main_loop_quit (self->loop);
      return G_SOURCE_REMOVE;
    }

  self->stop_deadline = g_timeout_source_new_seconds (3);
  g_source_set_callback (self->stop_deadline, stop_deadline_cb, self, NULL);
  g_source_attach (self->stop_deadline, self->context);

  return G_SOURCE_REMOVE;
}

void
tether_engine_stop (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));

  if (self->thread == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (g_steal_pointer (&self->thread));
}

TetherSnapshot *
tether_engine_get_snapshot (TetherEngine *self)
{
  g_return_val_if_fail (TETHER_IS_ENGINE (self), NULL);

  return self->snapshot;
}

/* ------------------------------------------------------------ GObject */

static void
tether_engine_dispose (GObject *object)
{
  TetherEngine *self = (TetherEngine *)object;

  tether_engine_stop (self);

  G_OBJECT_CLASS (tether_engine_parent_class)->dispose (object);
}

static void
tether_engine_finalize (GObject *object)
{
  TetherEngine *self = (TetherEngine *)object;

  g_clear_pointer (&self->snapshot, tether_snapshot_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->devices, g_hash_table_unref);
  g_clear_pointer (&self->event_says, g_hash_table_unref);
  _tether_pool_clear (self);
  g_clear_object (&self->journal);
  g_clear_object (&self->history);
  g_free (self->problem);
  g_free (self->network_name);
  g_free (self->network_uuid);
  g_free (self->network_type);
  g_free (self->url_override);
  g_free (self->api_key_override);
  g_free (self->status_message);
  g_free (self->version);
  g_free (self->my_id);

  G_OBJECT_CLASS (tether_engine_parent_class)->finalize (object);
}

static void
tether_engine_class_init (TetherEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_engine_dispose;
  object_class->finalize = tether_engine_finalize;

  /* GLib 2.74's type system deadlocks when one thread registers a type
   * that implements an interface while another initializes a class that
   * names that type: the first waits for the class-init lock the second
   * holds, the second for the first's g_once. Starting the engine does
   * exactly that: NetWatch's system bus connection, made in a GIO worker
   * thread, registers the socket address types while the engine thread
   * initializes libsoup's session class, whose properties name them (a
   * tether --headless hung at start, before its first line). Register
   * them here, on the owner's thread, before any engine thread exists. */
  g_type_ensure (G_TYPE_INET_SOCKET_ADDRESS);
  g_type_ensure (G_TYPE_PROXY_ADDRESS);
  g_type_ensure (G_TYPE_UNIX_SOCKET_ADDRESS);
  g_type_ensure (G_TYPE_NETWORK_ADDRESS);

  /**
   * TetherEngine::snapshot:
   * @snapshot: the new #TetherSnapshot
   *
   * Emitted on the context the engine was created in, in order.
   */
  signals[SNAPSHOT] =
    g_signal_new ("snapshot",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  TETHER_TYPE_SNAPSHOT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tether_engine_init (TetherEngine *self)
{
  self->owner_context = g_main_context_ref_thread_default ();
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->cancellable = g_cancellable_new ();
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) tether_device_info_unref);
  self->event_says = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->snapshot = _tether_snapshot_new (0);
  self->net_online = TRUE;
  _tether_pool_init (self);
}

TetherEngine *
tether_engine_new (const char *url,
                   const char *api_key)
{
  TetherEngine *self = g_object_new (TETHER_TYPE_ENGINE, NULL);

  g_autofree char *dir = state_dir ();
  g_autofree char *journal = g_build_filename (dir, "journal", NULL);

  self->url_override = g_strdup (url);
  self->api_key_override = g_strdup (api_key);
  self->journal = tether_journal_new (journal);

  return self;
}

void
_tether_engine_set_problem (TetherEngine *self,
                            const char   *message)
{
  if (g_strcmp0 (self->problem, message) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (message);
  if (message != NULL)
    g_warning ("%s", message);
  _tether_engine_publish (self);
}

TetherOverride *
_tether_engine_journal_lookup (TetherEngine *self,
                               guint64       id)
{
  g_autoptr(GPtrArray) all = tether_journal_list (self->journal);

  for (guint i = 0; i < all->len; i++)
    {
      TetherOverride *o = g_ptr_array_index (all, i);

      if (o->id == id)
        return tether_override_copy (o);
    }

  return NULL;
}


