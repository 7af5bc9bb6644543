/* tether-snapshot.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Immutable, reference-counted pictures of the engine's state, handed from
 * the engine thread to whoever listens (the UI, --headless, tests). A device
 * record that did not change between two snapshots is the same pointer in
 * both, so a listener finds what changed by comparing pointers.
 */

#pragma once

#include <glib-object.h>

#include "tether-st-types.h"

G_BEGIN_DECLS

typedef enum {
  TETHER_DEVICE_STATE_UNKNOWN = 0,  /* no data yet, or Syncthing unreachable */
  TETHER_DEVICE_STATE_CONNECTED,
  TETHER_DEVICE_STATE_STALE,        /* connected, but suspect after a network event */
  TETHER_DEVICE_STATE_DIALING,      /* Tether made Syncthing dial; waiting for it */
  TETHER_DEVICE_STATE_DISCONNECTED, /* offline; Syncthing's own timer will redial */
  TETHER_DEVICE_STATE_WAITING,      /* offline; Tether's next attempt is scheduled */
  TETHER_DEVICE_STATE_PARKED,       /* Tether paused it to stop futile dialing */
  TETHER_DEVICE_STATE_PAUSED,       /* paused by the user: Tether never touches it */
} TetherDeviceState;

const char *tether_device_state_to_string (TetherDeviceState state);

typedef enum {
  TETHER_ENGINE_STATUS_STARTING = 0,
  TETHER_ENGINE_STATUS_NOT_FOUND,     /* no config.xml / no URL to try */
  TETHER_ENGINE_STATUS_UNREACHABLE,   /* nothing answers at the URL; retrying */
  TETHER_ENGINE_STATUS_UNAUTHORIZED,  /* Syncthing rejected the API key */
  TETHER_ENGINE_STATUS_BAD_RESPONSE,  /* answers, but not like Syncthing */
  TETHER_ENGINE_STATUS_ONLINE,
} TetherEngineStatus;

const char *tether_engine_status_to_string (TetherEngineStatus status);

/* Who paused a device in Syncthing's config. */
typedef enum {
  TETHER_PAUSED_BY_NOBODY = 0,
  TETHER_PAUSED_BY_USER,    /* Tether never touches it */
  TETHER_PAUSED_BY_TETHER,  /* journaled; Tether undoes it */
} TetherPausedBy;

/* Where Tether learns about sleep and networks; the UI says which are live. */
typedef enum {
  TETHER_SIGNAL_SOURCE_NONE            = 0,
  TETHER_SIGNAL_SOURCE_NETWORK_MANAGER = 1 << 0,
  TETHER_SIGNAL_SOURCE_LOGIND          = 1 << 1,
  TETHER_SIGNAL_SOURCE_NETWORK_MONITOR = 1 << 2, /* GNetworkMonitor, without NetworkManager */
  TETHER_SIGNAL_SOURCE_CLOCK           = 1 << 3, /* wall-clock jumps, without logind */
} TetherSignalSources;

#define TETHER_TYPE_DEVICE_INFO (tether_device_info_get_type ())
#define TETHER_TYPE_SNAPSHOT    (tether_snapshot_get_type ())

typedef struct _TetherDeviceInfo TetherDeviceInfo;

struct _TetherDeviceInfo {
  /*< private >*/
  gatomicrefcount ref_count;
  /*< public, read-only >*/
  char              *id;                  /* owned */
  char              *name;                /* owned; the id's first block when unnamed */
  TetherDeviceState  state;
  char              *state_reason;        /* owned, nullable, for people */
  gboolean           paused;              /* as Syncthing's config says */
  char             **addresses;           /* owned: the configured addresses, "dynamic" included */
  GPtrArray         *connections;         /* owned, of TetherStConnection*, primary first */
  guint              wanted_connections;  /* numConnections, 0 when Syncthing < 1.25 */
  gint64             connected_since_us;  /* unix µs, 0 when offline */
  gint64             last_seen_us;        /* unix µs, 0 for never */
  char              *last_error;          /* owned, nullable: last disconnect reason */
  TetherPausedBy     paused_by;
  char              *next_action;         /* owned, nullable: "retry at 10:42:03", for people */
  /* Pool counters, since Tether started. */
  guint              prewarms_sent;
  guint              reconnects;
  gint64             last_reconnect_ms;   /* -1 when none yet */
  gint64             median_reconnect_ms; /* -1 when none yet */
};

TetherDeviceInfo *tether_device_info_new   (const char             *id);
/* A new, unshared copy to modify before it is published. */
TetherDeviceInfo *tether_device_info_dup   (const TetherDeviceInfo *self);
TetherDeviceInfo *tether_device_info_ref   (TetherDeviceInfo       *self);
void              tether_device_info_unref (TetherDeviceInfo       *self);
gboolean          tether_device_info_equal (const TetherDeviceInfo *a,
                                            const TetherDeviceInfo *b);
/* The primary connection, or NULL. */
const TetherStConnection *tether_device_info_get_primary (const TetherDeviceInfo *self);
GType             tether_device_info_get_type (void) G_GNUC_CONST;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherDeviceInfo, tether_device_info_unref)

typedef struct _TetherSnapshot TetherSnapshot;

struct _TetherSnapshot {
  /*< private >*/
  gatomicrefcount ref_count;
  /*< public, read-only >*/
  guint64             serial;          /* increases with every snapshot */
  gint64              created_us;      /* unix µs the engine made it */
  TetherEngineStatus  status;
  char               *status_message;  /* owned, nullable: what is wrong and how to fix it */
  char               *syncthing_version;/* owned, nullable */
  char               *my_id;           /* owned, nullable */
  char               *url;             /* owned, nullable: the URL in use (never the key) */
  GPtrArray          *devices;         /* owned, of TetherDeviceInfo*, sorted by name; remote devices only */
  TetherSignalSources sources;         /* which signal sources are live */
  gboolean            network_online;  /* connectivity, as the live source says */
  char               *network_name;    /* owned, nullable: "Home Wi-Fi" */
  char               *network_uuid;    /* owned, nullable: NetworkManager connection uuid */
  char               *network_type;    /* owned, nullable: "wifi", "ethernet", "mobile", "vpn", "other" */
  gboolean            network_metered;
  guint               resumes;         /* wake-ups seen since start: a change means "just resumed" */
};

TetherSnapshot   *tether_snapshot_ref        (TetherSnapshot       *self);
void              tether_snapshot_unref      (TetherSnapshot       *self);
TetherDeviceInfo *tether_snapshot_lookup     (const TetherSnapshot *self,
                                              const char           *device_id);
guint             tether_snapshot_count_state (const TetherSnapshot *self,
                                               TetherDeviceState     state);
GType             tether_snapshot_get_type   (void) G_GNUC_CONST;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherSnapshot, tether_snapshot_unref)

/* For the engine: */
TetherSnapshot   *_tether_snapshot_new       (guint64 serial);

G_END_DECLS
