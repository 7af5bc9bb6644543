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
#include "tether-syncthing-client.h"

G_BEGIN_DECLS

struct _TetherEngine
{
  GObject         parent_instance;

  /* Owner side (the thread that created the engine). */
  GMainContext   *owner_context;  /* owned */
  TetherSnapshot *snapshot;       /* owned, newest delivered */
  GThread        *thread;         /* owned, joined in stop */

  /* Set before start, read-only afterwards. */
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
};

/* Per-request context: drops the reply when the engine resynced or stops
 * since. It holds no reference: the engine outlives its thread (dispose
 * joins it), and a last unref on the engine thread would join itself. */
typedef struct {
  TetherEngine *engine; /* unowned */
  guint64       epoch;
} Call;

Call         *_tether_call_new                (TetherEngine     *self);
/* Returns the engine when the reply is still wanted, else NULL. */
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

#define _tether_assert_engine_thread(self) \
  g_assert (g_main_context_is_owner ((self)->context))

G_END_DECLS
