/* tether-policy.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool's policies as pure functions:
 *   (slot, pattern, network context, settings, now) → decision.
 * No sockets, no clocks, no globals: every input is an argument, so every
 * mode × trigger × slot state is a row in a table test.
 */

#pragma once

#include "tether-snapshot.h"

G_BEGIN_DECLS

typedef enum {
  TETHER_POOL_MODE_PASSIVE = 0, /* keep recently used devices warm */
  TETHER_POOL_MODE_ACTIVE,      /* keep every unpaused device warm */
  TETHER_POOL_MODE_ADAPTIVE,    /* learn each device's pattern per network */
  TETHER_POOL_MODE_OFF,         /* per-device override: leave it to Syncthing */
} TetherPoolMode;

typedef enum {
  TETHER_METERED_NO_CHANGE = 0,
  TETHER_METERED_PAUSE_NON_LAN,
  TETHER_METERED_PAUSE_ALL,
} TetherMeteredRule;

/* What happened. */
typedef enum {
  TETHER_TRIGGER_RESUME = 0,        /* the machine woke up and the network is back */
  TETHER_TRIGGER_NETWORK_CHANGED,   /* another network (or a new address) is settled */
  TETHER_TRIGGER_CONNECTIVITY_UP,   /* the same network is back */
  TETHER_TRIGGER_DISCOVERED,        /* Syncthing saw the device announce itself */
  TETHER_TRIGGER_DISCONNECTED,      /* the device's last connection closed */
  TETHER_TRIGGER_RETRY,             /* a retry Tether scheduled is due */
  TETHER_TRIGGER_MANUAL,            /* the user asked to reconnect */
  TETHER_TRIGGER_METERED_CHANGED,   /* the metered state or rule changed */
  TETHER_TRIGGER_RECOVERED,         /* a pause left behind by a crash was undone */
  TETHER_TRIGGER_ANSWERED,          /* a watched device's address accepts connections again */
  TETHER_TRIGGER_PEER_COPY_EXPIRED, /* the peer has dropped its copy of our dead connection */
  TETHER_N_TRIGGERS
} TetherTrigger;

const char *tether_trigger_to_string (TetherTrigger trigger);

typedef struct {
  TetherPoolMode    mode;
  guint             linger_s;              /* passive: how recent "recently used" is */
  double            retry_min_s;
  double            retry_max_s;
  gboolean          prewarm_on_resume;
  gboolean          prewarm_on_network_change;
  guint             stale_after_sleep_s;
  TetherMeteredRule metered_rule;
} TetherPolicySettings;

/* The defaults of the GSettings schema, for when it is not installed. */
void tether_policy_settings_init_defaults (TetherPolicySettings *settings);

/* What the policy may know of a device. */
typedef struct {
  gboolean        connected;
  gboolean        connected_on_lan;       /* the primary connection is LAN */
  TetherPausedBy  paused_by;
  gboolean        parked;                 /* paused by Tether to stop futile dialing */
  gboolean        metered_paused;         /* paused by Tether for a metered network */
  gint64          last_connected_us;      /* unix µs it was last connected; 0 never */
  guint           failed_attempts;        /* consecutive pre-warms without a connection */
  gint64          lost_us;                /* unix µs its last connection was lost; 0 unknown */
  gboolean        watchable;              /* Tether knows a TCP address to watch it at */
  /* Pattern (adaptive); attempts/successes count pre-warms on this network. */
  guint           attempts_on_network;
  guint           successes_on_network;
  double          p_reachable;            /* P(reachable | network, hour of week), 0..1; < 0 unknown */
} TetherSlotView;

typedef struct {
  gboolean online;          /* connectivity is back (settled) */
  gboolean metered;
  gint64   slept_us;        /* TETHER_TRIGGER_RESUME: how long the machine slept */
  gboolean address_changed; /* our address changed: every live connection is suspect */
  const char *network_name; /* nullable, for reasons */
} TetherNetContext;

typedef enum {
  TETHER_DECISION_NONE = 0,
  TETHER_DECISION_PREWARM,          /* make Syncthing dial now (temporary address) */
  TETHER_DECISION_CUT_AND_PREWARM,  /* close a suspect connection, then dial */
  TETHER_DECISION_RETRY_LATER,      /* schedule a TETHER_TRIGGER_RETRY in delay_ms */
  TETHER_DECISION_PARK,             /* pause it (Tether's) to stop futile dialing */
  TETHER_DECISION_UNPARK,           /* undo the park, then pre-warm */
  TETHER_DECISION_PAUSE_METERED,    /* pause it (Tether's) on a metered network */
  TETHER_DECISION_RESUME_METERED,   /* undo a metered pause, then pre-warm */
  TETHER_DECISION_WATCH,            /* knock at its address every delay_ms; pre-warm when it answers */
} TetherDecisionKind;

const char *tether_decision_kind_to_string (TetherDecisionKind kind);

typedef struct {
  TetherDecisionKind kind;
  gint64             delay_ms;   /* RETRY_LATER: when; WATCH: how often; else 0 (at once) */
  int                priority;   /* higher first when several devices act at once */
  char              *reason;     /* owned: for people, e.g. "network changed: connection is suspect" */
} TetherDecision;

void tether_decision_clear (TetherDecision *decision);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TetherDecision, tether_decision_clear)

/* Adaptive parking: this many pre-warms on one network, none of them
 * successful, and the device is parked there. */
#define TETHER_POLICY_PARK_AFTER_ATTEMPTS 12

void     tether_policy_decide      (const TetherSlotView       *slot,
                                    TetherTrigger               trigger,
                                    const TetherNetContext     *net,
                                    const TetherPolicySettings *settings,
                                    gint64                      now_us,
                                    TetherDecision             *out);

/* How often to knock at a lost device's address (a TCP connection opened
 * and closed at once, no config write): every 0.25 s in the first minutes
 * after the loss, when it is most likely back, then every 10 s within the
 * linger window (or, adaptive, while its pattern says it is likely
 * reachable; active: every 30 s whatever its age), slowed down by
 * failed pre-warms. 0: do not watch it. */
#define TETHER_WATCH_FAST_MS     250
#define TETHER_WATCH_FAST_FOR_US (10 * G_TIME_SPAN_MINUTE)
#define TETHER_WATCH_SLOW_MS     10000
#define TETHER_WATCH_IDLE_MS     30000
#define TETHER_WATCH_MAX_MS      60000

gint64   tether_policy_watch_interval_ms (const TetherSlotView       *slot,
                                          const TetherPolicySettings *settings,
                                          gint64                      now_us);

/* Tether's own retry delay after `failed` consecutive failures:
 * retry_min · 2^failed, capped at retry_max. */
gint64   tether_policy_backoff_ms  (const TetherPolicySettings *settings,
                                    guint                       failed);

/* A Syncthing ≥ 1.25 peer that lost us abruptly keeps its copy of the
 * dead connection until 300 s after the last message it received from us,
 * and refuses a new one meanwhile ("already connected"; Syncthing issue
 * 9337). 1.19–1.24 replace a connection older than 10 s instead. Returns
 * the unix µs at which the peer's copy expires, or 0 when nothing says the
 * peer still holds one: the peer is older, the loss was clean, or the
 * time has passed. An error text that says so counts on its own. */
#define TETHER_PEER_COPY_TIMEOUT_US (300 * G_USEC_PER_SEC)

gint64   tether_policy_peer_copy_expiry (const char *peer_version,
                                         gboolean    lost_abruptly,
                                         gint64      lost_us,
                                         const char *error_text,
                                         gint64      now_us);

/* Syncthing rations forced redials per device (lib/connections): at most
 * 3 within 2 minutes, a connection closing counts as one, then none for 5
 * minutes. times are the past forced redials, oldest first, in µs of any
 * one clock. Returns how many are left now; *next_us (nullable) is when
 * the next one is allowed (now_us when one is left). */
#define TETHER_REDIAL_BURST        3
#define TETHER_REDIAL_WINDOW_US    (2 * G_TIME_SPAN_MINUTE)
#define TETHER_REDIAL_COOLDOWN_US  (5 * G_TIME_SPAN_MINUTE)

guint    tether_redial_budget_left (const gint64               *times,
                                    guint                       n_times,
                                    gint64                      now_us,
                                    gint64                     *next_us);

G_END_DECLS
