/* tether-engine-private.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's instance struct and the internals its files share:
 * tether-engine.c (object, thread, snapshots, commands) and
 * tether-engine-sync.c (following Syncthing: full reads, events, retries).
 */

#pragma once

#include "tether-engine.h"
#include "tether-journal.h"
#include "tether-net-watch.h"
#include "tether-policy.h"
#include "tether-syncthing-client.h"

G_BEGIN_DECLS

struct _TetherEngine
{
  GObject         parent_instance;

  /* Owner side (the thread that created the engine). */
  GMainContext   *owner_context;  /* owned */
  TetherSnapshot *snapshot;       /* owned, newest delivered */
  GThread        *thread;         /* owned, joined in stop */

  /* Set before start; afterwards only the engine thread touches them
   * (tether_engine_set_location() posts there). */
  char           *url_override;   /* owned, nullable */
  char           *api_key_override; /* owned, nullable, secret */

  /* Engine thread only. */
  GMainContext   *context;        /* owned */
  GMainLoop      *loop;           /* owned */
  GCancellable   *cancellable;    /* owned; cancelled to stop */
  TetherSyncthingClient *client;  /* owned, nullable */
  TetherEngineStatus status;
  char           *status_message; /* owned, nullable */
  char           *version;        /* owned, nullable */
  char           *my_id;          /* owned, nullable */
  gint64          start_time_us;  /* Syncthing's, to notice restarts */
  GHashTable     *devices;        /* id → TetherDeviceInfo*, owned */
  guint64         serial;
  guint64         epoch;          /* bumped on every (re)sync; stale replies are dropped */
  gint64          since;          /* last event id processed */
  gint64          last_online_us; /* monotonic */
  guint           retry_ms;
  GSource        *retry_source;   /* owned, nullable */
  gboolean        refresh_running;
  gboolean        refresh_again;
  gboolean        stats_wanted;
  GHashTable     *event_says;     /* device id → its last connectivity event, see tether-engine-sync.c */
  GSource        *settle_source;  /* owned, nullable: a re-read once the connection table caught up */
  gboolean        stopping;       /* quit asked: undoing overrides, then leaving */
  GSource        *stop_deadline;  /* owned, nullable */

  /* Settings, read on the engine thread (NULL when the schema is missing). */
  GSettings      *settings;       /* owned, nullable */
  TetherPolicySettings policy;

  /* Overrides (tether-engine-overrides.c) */
  TetherJournal  *journal;        /* owned */
  guint           overrides_in_flight;
  GHashTable     *config_queues;  /* device id → GQueue of waiting operations, owned */
  guint           config_writes;  /* PATCHes sent, since start */
  char           *problem;        /* owned, nullable: a lasting problem to show (journal unwritable…) */

  /* The pool (tether-engine-pool.c) */
  GHashTable     *slots;          /* device id → Slot*, owned */
  GArray         *write_times;    /* gint64 monotonic µs of config writes, last hour */
  GHashTable     *attempts;       /* "device\nnetwork" → guint[2] {attempts, successes} */
  guint           spelling;       /* the last N of ?tether=N; starts at random */
  gint64          trigger_us;     /* monotonic µs of the event being handled, 0 none */
  TetherTrigger   current_trigger;
  guint           prewarms_by_trigger[TETHER_N_TRIGGERS];
  guint           futile_dials_avoided;
  guint           sleep_pending;

  /* The network, as NetWatch reports it (online until told otherwise). */
  gboolean        net_online;
  gboolean        net_metered;
  gboolean        address_changed;
  gint64          slept_us;
  char           *network_name;   /* owned, nullable */
  char           *network_uuid;   /* owned, nullable */
  char           *network_type;   /* owned, nullable */
  gboolean        resume_pending; /* asleep or resumed, not yet acted on */
  guint           resumes;        /* wake-ups seen since start */
  TetherSignalSources sources;
  TetherNetWatch *net_watch;      /* owned */

  /* Created on the engine thread; kept until finalize so the UI can query
   * it from its own thread (see tether_engine_get_history()). */
  TetherHistory  *history;        /* owned, nullable */
};

/* Per-request context: drops the reply when the engine resynced or stops
 * since. It holds no reference: the engine outlives its thread (dispose
 * joins it), and a last unref on the engine thread would join itself. */
typedef struct {
  TetherEngine *engine;    /* unowned */
  guint64       epoch;
  char         *device_id; /* owned, nullable: for calls about one device */
} Call;

Call         *_tether_call_new                (TetherEngine     *self);
void          _tether_call_free               (Call             *call);
/* Frees call; returns the engine when the reply is still wanted, else NULL. */
TetherEngine *_tether_call_finish             (Call             *call);

/* Everything in flight belongs to one epoch; a new one cancels the old
 * requests (a long-poll would otherwise hold a connection for a minute). */
void          _tether_engine_new_epoch        (TetherEngine     *self);
/* Sends a snapshot of the current state to the owner's context. */
void          _tether_engine_publish          (TetherEngine     *self);
/* Takes info; keeps the old record (and pointer) when nothing changed. */
void          _tether_engine_put_device       (TetherEngine     *self,
                                               TetherDeviceInfo *info);
/* A modifiable copy of a device's record, or NULL for an unknown id. */
TetherDeviceInfo *_tether_engine_dup_device   (TetherEngine     *self,
                                               const char       *device_id);
/* Finds Syncthing and reads everything; on failure retries on its own. */
void          _tether_engine_connect          (TetherEngine     *self);

/* A lasting problem worth a line in the UI (NULL clears it). */
void          _tether_engine_set_problem      (TetherEngine     *self,
                                               const char       *message);
/* A copy of the journal entry with this id, or NULL. */
TetherOverride *_tether_engine_journal_lookup (TetherEngine     *self,
                                               guint64           id);
/* An override operation finished: a pending quit may go on. */
void          _tether_engine_overrides_settled (TetherEngine    *self);
/* The pauses before sleep are sent: the sleep inhibitor may go. */
void          _tether_engine_ready_for_sleep  (TetherEngine     *self);
/* tether-engine-net.c: NetWatch's events become pool triggers. */
void          _tether_engine_net_start        (TetherEngine     *self);
/* Reads the policy settings (GSettings, or the defaults). */
void          _tether_engine_settings_init    (TetherEngine     *self);
TetherPoolMode _tether_pool_mode_for          (TetherEngine     *self,
                                               const char       *device_id);

/* tether-engine-overrides.c: every change to Syncthing's config. */
typedef void (*TetherOverrideDone) (TetherEngine *self,
                                    const char   *device_id,
                                    guint64       id,
                                    const GError *error,
                                    gpointer      user_data);

/* Journal, then pause. Returns the journal id, 0 when nothing was done. */
guint64       _tether_override_pause          (TetherEngine       *self,
                                               const char         *device_id,
                                               const char         *reason,
                                               TetherOverrideDone  done,
                                               gpointer            user_data);
/* Journal, then add address to the device's list, dropping the address
 * of replace_id (nonzero) in the same write. */
guint64       _tether_override_add_address    (TetherEngine       *self,
                                               const char         *device_id,
                                               const char         *address,
                                               guint64             replace_id,
                                               TetherOverrideDone  done,
                                               gpointer            user_data);
/* Read the device, plan the undo (the user's changes win), send it, and
 * drop the journal entry. */
void          _tether_override_undo           (TetherEngine       *self,
                                               guint64             id,
                                               TetherOverrideDone  done,
                                               gpointer            user_data);
void          _tether_overrides_recover       (TetherEngine       *self);

/* tether-engine-pool.c */
void          _tether_pool_init               (TetherEngine     *self);
void          _tether_pool_clear              (TetherEngine     *self);
void          _tether_pool_overlay            (TetherEngine     *self,
                                               TetherDeviceInfo *info);
void          _tether_pool_on_event           (TetherEngine        *self,
                                               const TetherStEvent *ev);
void          _tether_pool_on_synced          (TetherEngine     *self);
void          _tether_pool_on_connections     (TetherEngine     *self);
void          _tether_pool_on_offline         (TetherEngine     *self);
void          _tether_pool_trigger            (TetherEngine     *self,
                                               const char       *device_id,
                                               TetherTrigger     trigger);
void          _tether_pool_recovered          (TetherEngine     *self,
                                               const char       *device_id);
void          _tether_pool_trigger_all        (TetherEngine     *self,
                                               TetherTrigger     trigger);
gboolean      _tether_pool_owns_override      (TetherEngine     *self,
                                               guint64           id);
void          _tether_pool_pause_all          (TetherEngine     *self);
void          _tether_pool_resume_all         (TetherEngine     *self);
guint         _tether_pool_prepare_for_sleep  (TetherEngine     *self);
void          _tether_pool_resume_after_sleep (TetherEngine     *self);
guint         _tether_pool_redial_budget      (TetherEngine     *self,
                                               const char       *device_id);
/* What the pool learns per device and network (tether-engine-patterns.c). */
void          _tether_pool_count_attempt      (TetherEngine     *self,
                                               const char       *device_id,
                                               gboolean          success);
void          _tether_pool_record_latency     (TetherEngine     *self,
                                               const char       *device_id,
                                               TetherTrigger     trigger,
                                               gint64            latency_ms);
void          _tether_pool_fill_pattern       (TetherEngine     *self,
                                               const char       *device_id,
                                               TetherSlotView   *view);
/* Where the device was last reached on this network, from the history
 * (for a "dynamic" device), or NULL. */
char         *_tether_pool_known_address      (TetherEngine     *self,
                                               const char       *device_id);

#define _tether_assert_engine_thread(self) \
  g_assert (g_main_context_is_owner ((self)->context))

G_END_DECLS
