/* tether-engine-slot.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pool slot: what Tether does to one remote device. Shared by the pool
 * (tether-engine-pool.c: decisions, pauses, events) and the pre-warm
 * (tether-engine-prewarm.c: addresses, spellings, timers). Engine thread.
 */

#pragma once

#include "tether-engine-private.h"

G_BEGIN_DECLS

/* The ring of per-device reconnect latencies kept for the median. */
#define LATENCY_RING 32

typedef struct {
  char          *device_id;
  /* Overrides this process holds on the device (journal ids, 0 none). */
  guint64        pause_id;
  char          *pause_reason;      /* "sleep", "pause-all", "park", "metered", "cut" */
  guint64        address_id;
  gboolean       resumed_by_us;     /* our resume is sent, DeviceResumed not seen yet */
  /* A pre-warm in flight. */
  gboolean       dialing;
  TetherTrigger  trigger;
  gint64         trigger_us;        /* monotonic: when the triggering event happened */
  guint          tries;
  GSource       *settle;            /* owned, nullable: a clean cut's pause, until it ends */
  GSource       *timer;             /* owned, nullable: the next check or retry */
  gint64         timer_due_us;      /* real time, for people */
  gboolean       timer_is_retry;    /* a scheduled retry, not a check */
  TetherTrigger  retry_trigger;     /* the retry's trigger: RETRY or PEER_COPY_EXPIRED */
  /* What the pool has learnt. */
  guint          failed_attempts;
  gint64         last_connected_us; /* real */
  char          *dial_address;      /* owned, nullable: a dialable address seen lately */
  GArray        *redials;           /* gint64 monotonic µs of forced redials */
  gint64         latencies[LATENCY_RING];
  guint          n_latencies;
  guint          prewarms_sent;
  guint          reconnects;
  gint64         last_latency_ms;
  char          *reason;            /* owned, nullable: the policy's last word */
  /* How the last connection ended, for a peer that may still hold it. */
  char          *peer_version;      /* owned, nullable: the peer's Syncthing */
  char          *last_error;        /* owned, nullable: the last disconnect's reason */
  gint64         lost_us;           /* real: when the path to the peer died, 0 unknown */
  gboolean       lost_abruptly;     /* the peer saw no clean close */
  /* Knocking at a lost device's address (tether-engine-watch.c). */
  GSource       *watch;             /* owned, nullable: the next knock */
  GCancellable  *knock;             /* owned, nullable: the knock in flight */
  guint          unanswered;        /* knocks in a row that found nobody */
} TetherSlot;

void        _tether_slot_set_reason    (TetherSlot    *slot,
                                        const char    *reason);
void        _tether_slot_cancel_timer  (TetherSlot    *slot);
/* Re-derives the device's published record after the slot changed. */
void        _tether_slot_publish       (TetherEngine  *self,
                                        TetherSlot    *slot);
/* The policy's decision for this trigger, carried out. */
void        _tether_slot_act           (TetherEngine  *self,
                                        TetherSlot    *slot,
                                        TetherTrigger  trigger);

/* How often to knock at the device's address now; 0: stop. */
gint64      _tether_slot_watch_interval (TetherEngine *self,
                                         TetherSlot   *slot);

/* tether-engine-prewarm.c */
/* "tcp://h:p?x" → "tcp://h:p"; NULL for what Tether cannot dial. */
char       *_tether_dialable_base      (const char    *address);
/* Where Tether would reach the device ("tcp://h:p"), NULL if nowhere. */
char       *_tether_slot_dial_base     (TetherEngine  *self,
                                        TetherSlot    *slot,
                                        gboolean       tcp_only);
/* One reconnection, however many steps it takes. */
void        _tether_slot_begin_dial    (TetherEngine  *self,
                                        TetherSlot    *slot,
                                        TetherTrigger  trigger);
void        _tether_slot_prewarm       (TetherEngine  *self,
                                        TetherSlot    *slot,
                                        TetherTrigger  trigger);
/* The pre-warm in flight is pointless (nothing listens any more): it
 * ends without counting as a failure, and the policy decides again. */
void        _tether_slot_abandon_dial  (TetherEngine  *self,
                                        TetherSlot    *slot);
/* The device is connected: the pre-warm in flight succeeded. */
void        _tether_slot_connected     (TetherEngine  *self,
                                        TetherSlot    *slot);
void        _tether_slot_drop_address  (TetherEngine  *self,
                                        TetherSlot    *slot);
void        _tether_slot_schedule      (TetherEngine  *self,
                                        TetherSlot    *slot,
                                        gint64         delay_ms,
                                        gboolean       is_retry);

/* tether-engine-watch.c */
/* Knocks at the device's TCP address every interval_ms (then as
 * _tether_slot_watch_interval() says) until it answers, which is the
 * TETHER_TRIGGER_ANSWERED trigger. */
void        _tether_slot_watch         (TetherEngine  *self,
                                        TetherSlot    *slot,
                                        gint64         interval_ms);
void        _tether_slot_unwatch       (TetherSlot    *slot);

G_END_DECLS
