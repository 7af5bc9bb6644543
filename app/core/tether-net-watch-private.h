/* tether-net-watch-private.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What tether-net-watch.c (NetworkManager and the network acted on),
 * tether-net-watch-monitor.c (GNetworkMonitor) and tether-net-watch-sleep.c
 * (sleep) share, and knobs for tests: a suspend cannot be staged in a test,
 * and the timeouts that suit a laptop make a test slow.
 */

#pragma once

#include <NetworkManager.h>

#include "tether-net-watch.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------ test knobs */

/* A clock that keeps running while the machine is suspended, in µs. The
 * default is CLOCK_BOOTTIME (real time where there is none). */
typedef gint64 (*TetherNetWatchClockFunc) (gpointer user_data);

/* Replaces the suspend-aware clock that the clock fallback compares with
 * the monotonic one, and how often it looks (default 5 s). Call before
 * tether_net_watch_start(). */
void _tether_net_watch_set_clock           (TetherNetWatch          *self,
                                            TetherNetWatchClockFunc  func,
                                            gpointer                 user_data,
                                            guint                    interval_ms);

/* How long the sleep inhibitor is kept after GOING_TO_SLEEP when the engine
 * does not release it (default 3 s). */
void _tether_net_watch_set_inhibit_timeout (TetherNetWatch          *self,
                                            guint                    timeout_ms);

/* -------------------------------------------------------------- internals */

typedef struct _TetherNetWatchRelay TetherNetWatchRelay;

struct _TetherNetWatch
{
  GObject                  parent_instance;

  GMainContext            *context;          /* owned: thread-default at creation */
  GCancellable            *cancellable;      /* owned; cancelled in dispose */
  GDBusConnection         *bus;              /* owned, nullable: the system bus */
  gboolean                 started;
  TetherSignalSources      sources;

  /* The network: tether-net-watch.c, tether-net-watch-monitor.c */
  NMClient                *client;           /* owned, nullable */
  GSignalGroup            *primary_signals;  /* owned: on the primary NMActiveConnection */
  GSignalGroup            *ip4_signals;      /* owned: on its IPv4 NMIPConfig */
  GSignalGroup            *ip6_signals;      /* owned: on its IPv6 NMIPConfig */
  GNetworkMonitor         *monitor;          /* owned, nullable: while NetworkManager is away */
  gulong                   monitor_changed_id;
  gulong                   monitor_notify_id;
  gulong                   monitor_connectivity_id;
  GSource                 *evaluate_source;  /* owned, nullable: one evaluation per burst */
  gboolean                 acted_valid;      /* a first state was adopted */
  TetherNetReach           reach;            /* acted on */
  TetherNetwork           *last_network;     /* owned, nullable: acted on last; kept while offline */
  GPtrArray               *addresses;        /* owned, nullable: of last_network, sorted strings */

  /* Sleep: tether-net-watch-sleep.c */
  gboolean                 asleep;           /* between GOING_TO_SLEEP and RESUMED */
  TetherSignalSources      sleep_source;     /* who said GOING_TO_SLEEP */
  gint64                   sleep_real_us;    /* g_get_real_time () at GOING_TO_SLEEP */
  gint64                   resumed_mono_us;  /* g_get_monotonic_time () at the last RESUMED, 0 for none */
  gboolean                 nm_asleep_known;  /* nm_asleep holds a state seen */
  gboolean                 nm_asleep;        /* NetworkManager said ASLEEP last */
  guint                    logind_watch_id;
  guint                    sleep_subscription_id;
  int                      inhibit_fd;       /* owned, -1 when none */
  gboolean                 inhibit_pending;  /* an Inhibit() call is on its way */
  guint                    inhibit_timeout_ms;
  GSource                 *inhibit_source;   /* owned, nullable: drops the lock if the engine does not */
  GSource                 *clock_source;     /* owned, nullable: the clock fallback's timer */
  TetherNetWatchClockFunc  clock_func;
  gpointer                 clock_data;       /* unowned */
  guint                    clock_interval_ms;
  gint64                   clock_mono_us;    /* monotonic time at the last tick */
  gint64                   clock_suspend_us; /* clock_func () at the last tick */
};

/* tether-net-watch.c */
gboolean        _tether_net_watch_on_own_context  (TetherNetWatch      *self);
/* Attaches source to the NetWatch's context with func (self as data);
 * returns source, whose reference the caller keeps. */
GSource        *_tether_net_watch_attach          (TetherNetWatch      *self,
                                                   GSource             *source,
                                                   GSourceFunc          func);
void            _tether_net_watch_clear_source    (GSource            **source);
GWeakRef       *_tether_net_watch_weak_ref_new    (TetherNetWatch      *self);
TetherNetWatch *_tether_net_watch_weak_ref_steal  (GWeakRef            *ref);
void            _tether_net_watch_set_sources     (TetherNetWatch      *self,
                                                   TetherSignalSources  add,
                                                   TetherSignalSources  remove);
/* Emits and frees event. */
void            _tether_net_watch_emit            (TetherNetWatch      *self,
                                                   TetherNetEvent      *event);
/* One evaluation of the network source, in an idle. */
void            _tether_net_watch_schedule_evaluate (TetherNetWatch    *self);
/* The source says: offline. */
void            _tether_net_watch_go_down         (TetherNetWatch      *self,
                                                   TetherSignalSources  source);
/* The source says: online on this settled network. Takes network and
 * addresses (sorted strings; empty when not known). */
void            _tether_net_watch_go_up           (TetherNetWatch      *self,
                                                   TetherSignalSources  source,
                                                   TetherNetReach       reach,
                                                   TetherNetwork       *network,
                                                   GPtrArray           *addresses);

/* tether-net-watch-monitor.c */
void            _tether_net_watch_monitor_start   (TetherNetWatch      *self);
void            _tether_net_watch_monitor_stop    (TetherNetWatch      *self);
void            _tether_net_watch_monitor_evaluate (TetherNetWatch     *self);

/* tether-net-watch-sleep.c */
void            _tether_net_watch_sleep_init      (TetherNetWatch      *self);
/* Once the system bus is known (self->bus may be NULL). */
void            _tether_net_watch_sleep_start     (TetherNetWatch      *self);
void            _tether_net_watch_sleep_stop      (TetherNetWatch      *self);
/* NetworkManager's state, for sleep without logind. */
void            _tether_net_watch_nm_sleep_update (TetherNetWatch      *self,
                                                   gboolean             asleep);
/* NetworkManager went away. */
void            _tether_net_watch_nm_sleep_forget (TetherNetWatch      *self);

G_END_DECLS
