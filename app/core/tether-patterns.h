/* tether-patterns.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the history knows about each device: its sessions, rebuilt from the
 * event records, and the statistics and predictions derived from them. A
 * TetherPatterns is fed records in the order they were written
 * (tether_patterns_add()) and answers queries for any "now"; it does no
 * I/O and reads no clock, so it is tested with plain arrays of records.
 * It is not thread-safe: TetherHistory guards it with a mutex.
 *
 * Sessions. A CONNECTED record opens a session for its device, unless one
 * is open (Syncthing ≥ 1.25 reports every connection of a pool, and both
 * sides may dial at once: these overlap the open session and only complete
 * its details). DISCONNECTED and PAUSED close it. A session whose end was
 * never recorded is closed by what makes it impossible: SLEEP, TETHER_STOPPED
 * and a SYNCTHING_STARTED with a new start time (at that start time, when
 * later than the session's start); a TETHER_STARTED that follows no
 * TETHER_STOPPED means Tether crashed, and the sessions open then are
 * closed at the last record before it (ALIVE records, every 15 minutes,
 * bound that error). Records are taken in file order, which is the order
 * things happened: a record stamped more than TETHER_PATTERNS_CLOCK_SLACK_S
 * before the previous one means the clock was set back; open sessions are
 * then split (closed at the old time, continued at the new one) so that no
 * session has a negative length. A record slightly older than the previous
 * one (Syncthing's event time and Tether's clock differ a little) is taken
 * at the previous one's time. A clock set forward cannot be told from a
 * quiet stretch and simply lengthens what is open.
 *
 * Observation. Tether observes while it runs, the computer is awake and a
 * network is up. That time is cut into slots: at most one hour, within one
 * hour of the week (local time) and one network. At the end of a slot each
 * known device, unless it was paused in it, adds the slot's length in hours
 * to its "reached" count when it was connected at any moment of the slot,
 * else to its "missed" count, for that hour of week, both for all networks
 * and for the slot's network. A visit is one stay on one network (from a
 * network change, a wake or a start to the next); a visit of at least
 * TETHER_PATTERNS_VISIT_MIN_S, or one in which the device connected, is an
 * attempt, and a success when the device connected during it.
 *
 * Prediction. Counts decay exponentially with a half-life of
 * TETHER_PATTERNS_HALF_LIFE_DAYS, so that a device whose habits change is
 * re-learned within weeks. P(reachable | network, hour of week) is the mean
 * of a Beta posterior with TETHER_PATTERNS_PRIOR_STRENGTH pseudo-
 * observations centred on the next coarser estimate:
 *   p_device = (A_dev + 1) / (A_dev + M_dev + 2)             all hours, all networks
 *   p_net    = (A_net + k·p_device) / (A_net + M_net + k)     all hours, this network
 *   p        = (a_net,h + k·p_net) / (a_net,h + m_net,h + k)  this hour of week
 * where A/M are decayed reached/missed hours and k the prior strength; with
 * no network, p uses the device's all-network counts for the hour. The
 * expected session length is the decayed mean of closed session lengths on
 * that network (all networks when it has none yet).
 */

#pragma once

#include <glib.h>

#include "tether-history-event.h"
#include "tether-history-types.h"

G_BEGIN_DECLS

/* A session that Syncthing ends itself sooner than this is a flap. */
#define TETHER_PATTERNS_FLAP_THRESHOLD_S  120
/* Half-life of the availability counts and of the session length mean. */
#define TETHER_PATTERNS_HALF_LIFE_DAYS    28
/* Weight of the coarser estimate in each level of the prediction. */
#define TETHER_PATTERNS_PRIOR_STRENGTH    2.0
/* A stay on a network this long without reaching a device is a failed attempt. */
#define TETHER_PATTERNS_VISIT_MIN_S       300
/* A record this much older than the one before means the clock went back. */
#define TETHER_PATTERNS_CLOCK_SLACK_S     60
/* Flaps per day are counted over this many days at most. */
#define TETHER_PATTERNS_FLAP_WINDOW_DAYS  30

typedef struct _TetherPatterns TetherPatterns;

/* What the adaptive policy asks about one device on one network. */
typedef struct {
  char   *device_id;                   /* owned */
  char   *network_uuid;                /* owned, nullable: NULL = any network */
  double  p_reachable_now;             /* P(reachable | network, this hour of week) */
  double  p_reachable_network;         /* P(reachable | network), all hours */
  double  evidence_now;                /* decayed hours observed at this hour of week
                                        * (0: p_reachable_now is the prior alone) */
  gint64  expected_session_s;          /* -1 when no session ended yet */
  guint   attempts_on_network;         /* visits that counted, see above */
  guint   successes_on_network;
  guint   failures_in_a_row;           /* attempts since the last success */
  gint64  last_success_us;             /* on this network; 0 never */
  gint64  last_seen_us;                /* anywhere; 0 never; now while connected */
  gint64  median_reconnect_ms;         /* -1 when none */
  gint64  median_reconnect_prewarm_ms; /* -1 when none */
  gint64  median_reconnect_alone_ms;   /* -1 when none */
  double  flaps_per_day;               /* on this network */
  char   *conn_type;                   /* owned, nullable: what succeeded most often here */
  char   *address;                     /* owned, nullable: where Tether's side last dialed it here */
} TetherPattern;

void   tether_pattern_free     (TetherPattern       *self);
/* Why the policy might park the device on this network, for people, or
 * NULL when the history gives no reason: "never reached on network “Cafe”
 * in 14 attempts". network_name may be NULL. */
char  *tether_pattern_describe (const TetherPattern *self,
                                const char          *network_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherPattern, tether_pattern_free)

/* tz: the time zone of hours of week; NULL for UTC. */
TetherPatterns *tether_patterns_new            (GTimeZone                *tz);
void            tether_patterns_free           (TetherPatterns           *self);

/* Sessions that ended more than this many days before "now" are left out
 * of the statistics (the file keeps at least as much). Default 90. */
void            tether_patterns_set_retention_days (TetherPatterns       *self,
                                                    guint                 days);
guint           tether_patterns_get_retention_days (TetherPatterns       *self);

/* Records are taken in file order; see above. Strings are copied or
 * interned as needed. */
void            tether_patterns_add            (TetherPatterns           *self,
                                                const TetherHistoryEvent *event);
/* The same, for a record whose device_id, network_uuid, name, type and
 * crypto are interned (g_intern_string()), as the decoder's are. */
void            tether_patterns_add_interned   (TetherPatterns           *self,
                                                const TetherHistoryEvent *event);
/* Releases the slack that growing arrays keep (after a bulk load). */
void            tether_patterns_trim           (TetherPatterns           *self);

guint64         tether_patterns_get_n_events   (TetherPatterns           *self);
guint           tether_patterns_get_n_clock_jumps (TetherPatterns        *self);
/* Time of the latest record (the model's own clock), 0 before any. */
gint64          tether_patterns_get_time       (TetherPatterns           *self);
/* Syncthing's start time as last recorded, 0 when none. */
gint64          tether_patterns_get_syncthing_start (TetherPatterns      *self);
/* The network as last recorded: NULL when unknown or offline. */
const char     *tether_patterns_get_current_network (TetherPatterns      *self);

/* Device IDs (interned), sorted by name then ID. */
GPtrArray      *tether_patterns_list_devices   (TetherPatterns           *self);
/* Network UUIDs (interned) the device was ever observed on, by name. */
GPtrArray      *tether_patterns_list_networks  (TetherPatterns           *self,
                                                const char               *device_id);
gboolean        tether_patterns_has_device     (TetherPatterns           *self,
                                                const char               *device_id);
/* Interned, or NULL when never recorded. */
const char     *tether_patterns_get_device_name  (TetherPatterns         *self,
                                                  const char             *device_id);
const char     *tether_patterns_get_network_name (TetherPatterns         *self,
                                                  const char             *network_uuid);
const char     *tether_patterns_get_network_type (TetherPatterns         *self,
                                                  const char             *network_uuid);
/* Whether the device has an open session now. */
gboolean        tether_patterns_is_connected   (TetherPatterns           *self,
                                                const char               *device_id);

typedef enum {
  TETHER_PATTERNS_DEVICE_KNOWN     = 1 << 0,
  TETHER_PATTERNS_DEVICE_CONNECTED = 1 << 1,
  TETHER_PATTERNS_DEVICE_PAUSED    = 1 << 2,
  /* The open session's details were read from Syncthing's state (a
   * CONNECTED record with TETHER_HISTORY_FLAG_OBSERVED). */
  TETHER_PATTERNS_DEVICE_OBSERVED  = 1 << 3,
} TetherPatternsDeviceFlags;

/* 0 for an unknown device. */
guint           tether_patterns_get_device_flags (TetherPatterns         *self,
                                                  const char             *device_id);

/* Sessions overlapping [from_us, to_us), oldest first, of TetherSession*
 * (an open one has end_us 0). NULL network_uuid: every network. */
GPtrArray      *tether_patterns_get_sessions   (TetherPatterns           *self,
                                                const char               *device_id,
                                                const char               *network_uuid,
                                                gint64                    from_us,
                                                gint64                    to_us);
/* Markers in [from_us, to_us) for the device's timeline: sleep, wake,
 * network changes, and its pre-warms; of TetherMarker*, by time. */
GPtrArray      *tether_patterns_get_markers    (TetherPatterns           *self,
                                                const char               *device_id,
                                                gint64                    from_us,
                                                gint64                    to_us);
/* NULL when the device is unknown. */
TetherDeviceStats *tether_patterns_get_stats   (TetherPatterns           *self,
                                                const char               *device_id,
                                                const char               *network_uuid,
                                                gint64                    now_us);
TetherPattern  *tether_patterns_get_pattern    (TetherPatterns           *self,
                                                const char               *device_id,
                                                const char               *network_uuid,
                                                gint64                    now_us);

/* Hour of week of a time, 0 = Monday 00:00–01:00 in tz (NULL: UTC). */
guint           tether_patterns_hour_of_week   (GTimeZone                *tz,
                                                gint64                    time_us);

/* Pure helpers over an array of records (tests, tools). */
GPtrArray         *tether_patterns_reconstruct   (const TetherHistoryEvent *events,
                                                  gsize                     n_events,
                                                  const char               *device_id);
TetherDeviceStats *tether_patterns_compute_stats (const TetherHistoryEvent *events,
                                                  gsize                     n_events,
                                                  const char               *device_id,
                                                  const char               *network_uuid,
                                                  gint64                    now_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherPatterns, tether_patterns_free)

G_END_DECLS
