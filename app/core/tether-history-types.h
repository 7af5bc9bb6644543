/* tether-history-types.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the history hands to its readers (the UI's device page, the
 * adaptive policy, `tether stats`): plain records, computed on the engine
 * side and immutable once handed over.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TETHER_HOURS_PER_WEEK 168

/* One connected stretch of a device. */
typedef struct {
  gint64  start_us;      /* unix µs */
  gint64  end_us;        /* unix µs; 0 while it lasts */
  char   *conn_type;     /* owned, nullable: "tcp-client", "relay-server"… */
  char   *address;       /* owned, nullable */
  gboolean is_local;
  char   *network_uuid;  /* owned, nullable: the network it happened on */
} TetherSession;

typedef enum {
  TETHER_MARKER_SLEEP,
  TETHER_MARKER_RESUME,
  TETHER_MARKER_NETWORK_CHANGE,
  TETHER_MARKER_PREWARM,
} TetherMarkerKind;

/* A moment worth drawing on a timeline. */
typedef struct {
  gint64            time_us;
  TetherMarkerKind  kind;
  char             *label;  /* owned, nullable: network name, trigger kind… */
} TetherMarker;

/* A way a device was reached on a network. */
typedef struct {
  char   *conn_type;    /* owned, nullable: "tcp-client"… */
  char   *address;      /* owned, nullable; for a connection the peer opened,
                         * its host alone (the port is a random one) */
  guint   n_successes;
  gint64  last_us;      /* unix µs of the latest one */
} TetherRoute;

/* Statistics of one device, over all networks or one (network_uuid). */
typedef struct {
  char   *device_id;                 /* owned */
  char   *network_uuid;              /* owned, nullable: NULL = all networks */
  double  uptime_24h;                /* share of time connected, 0..1 */
  double  uptime_7d;
  double  uptime_30d;
  gint64  median_session_s;          /* -1 when no session */
  gint64  p90_session_s;
  double  flaps_per_day;             /* sessions shorter than the flap threshold */
  gint64  median_reconnect_ms;       /* -1 when none */
  gint64  p90_reconnect_ms;
  gint64  median_reconnect_prewarm_ms; /* with a Tether pre-warm; -1 when none */
  gint64  median_reconnect_alone_ms;   /* Syncthing alone; -1 when none */
  gint64  last_seen_us;              /* 0 for never */
  guint   n_sessions;
  /* P(reachable) by hour of week (0 = Monday 00:00 local), decayed. */
  double  availability[TETHER_HOURS_PER_WEEK];
  GPtrArray *routes;                 /* owned, nullable, of TetherRoute*: what
                                      * succeeded (on that network), most used first */
} TetherDeviceStats;

void tether_route_free        (TetherRoute       *self);
void tether_session_free      (TetherSession     *self);
void tether_marker_free       (TetherMarker      *self);
void tether_device_stats_free (TetherDeviceStats *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherRoute, tether_route_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherSession, tether_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherMarker, tether_marker_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherDeviceStats, tether_device_stats_free)

G_END_DECLS
