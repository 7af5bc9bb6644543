/* tether-syncthing-client.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Syncthing's REST API over one SoupSession (connections kept alive and
 * reused). Bound to the GMainContext that was thread-default when it was
 * created: the engine's. Every call is an _async/_finish pair.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tether-st-location.h"
#include "tether-st-types.h"

G_BEGIN_DECLS

#define TETHER_SYNCTHING_CLIENT_ERROR (tether_syncthing_client_error_quark ())

typedef enum {
  TETHER_SYNCTHING_CLIENT_ERROR_UNREACHABLE,  /* connection refused, reset, timed out */
  TETHER_SYNCTHING_CLIENT_ERROR_UNAUTHORIZED, /* 401/403: the API key was rejected */
  TETHER_SYNCTHING_CLIENT_ERROR_HTTP,         /* any other non-2xx answer */
  TETHER_SYNCTHING_CLIENT_ERROR_INSECURE,     /* would send the key in clear off loopback, or TLS pin mismatch */
} TetherSyncthingClientError;

GQuark tether_syncthing_client_error_quark (void);

/* What one events long-poll brought. */
typedef struct {
  GPtrArray *events;          /* owned, of TetherStEvent* */
  gint64     last_id;         /* the highest id seen, or the since it was asked with */
  guint      n_skipped;       /* records that could not be read */
  gboolean   new_connection;  /* the poll did not reuse the previous poll's TCP connection */
} TetherStEventBatch;

void tether_st_event_batch_free (TetherStEventBatch *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStEventBatch, tether_st_event_batch_free)

#define TETHER_TYPE_SYNCTHING_CLIENT (tether_syncthing_client_get_type ())

G_DECLARE_FINAL_TYPE (TetherSyncthingClient, tether_syncthing_client, TETHER, SYNCTHING_CLIENT, GObject)

/* Returns NULL with TETHER_SYNCTHING_CLIENT_ERROR_INSECURE when the location
 * would send the API key over plain HTTP to a host that is not loopback. */
TetherSyncthingClient *tether_syncthing_client_new (const TetherStLocation *location,
                                                    GError                **error);
const char *tether_syncthing_client_get_url        (TetherSyncthingClient *self);

void             tether_syncthing_client_get_version_async       (TetherSyncthingClient *self,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
TetherStVersion *tether_syncthing_client_get_version_finish      (TetherSyncthingClient *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);
void             tether_syncthing_client_get_status_async        (TetherSyncthingClient *self,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
TetherStStatus  *tether_syncthing_client_get_status_finish       (TetherSyncthingClient *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);
/* The three below finish with a GPtrArray of the matching record type. */
void             tether_syncthing_client_get_devices_async       (TetherSyncthingClient *self,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
void             tether_syncthing_client_get_connections_async   (TetherSyncthingClient *self,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
void             tether_syncthing_client_get_device_stats_async  (TetherSyncthingClient *self,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
GPtrArray       *tether_syncthing_client_get_list_finish         (TetherSyncthingClient *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);

/* POST /rest/system/pause or /resume for one device. */
void             tether_syncthing_client_set_paused_async        (TetherSyncthingClient *self,
                                                                  const char            *device_id,
                                                                  gboolean               paused,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
gboolean         tether_syncthing_client_set_paused_finish       (TetherSyncthingClient *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);

/* GET /rest/config/devices/ID: the device as configured now. */
void             tether_syncthing_client_get_device_async        (TetherSyncthingClient *self,
                                                                  const char            *device_id,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
TetherStDevice  *tether_syncthing_client_get_device_finish       (TetherSyncthingClient *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);
/* PATCH /rest/config/devices/ID with the given object (e.g.
 * {"addresses": [...]}); Syncthing saves its config and emits ConfigSaved. */
void             tether_syncthing_client_patch_device_async      (TetherSyncthingClient *self,
                                                                  const char            *device_id,
                                                                  JsonNode              *patch,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
gboolean         tether_syncthing_client_patch_device_finish     (TetherSyncthingClient *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);

/* GET /rest/events?since=N&timeout=T on the default stream; limit > 0 asks
 * only for the newest `limit` events (to learn where the stream is). */
void                tether_syncthing_client_events_async         (TetherSyncthingClient *self,
                                                                  gint64                 since,
                                                                  guint                  timeout_s,
                                                                  guint                  limit,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
TetherStEventBatch *tether_syncthing_client_events_finish        (TetherSyncthingClient *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);

G_END_DECLS
