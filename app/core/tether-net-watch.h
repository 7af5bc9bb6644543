/* tether-net-watch.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NetWatch tells the engine about the moments that matter to the pool:
 * the machine going to sleep and waking, a switch to another network, and
 * connectivity lost or back. It listens to
 *
 *  - NetworkManager (libnm): manager state, connectivity, the primary
 *    connection (uuid, name, type), metered, and the addresses of the
 *    primary connection;
 *  - logind: PrepareForSleep(bool), holding a "delay" sleep inhibitor so
 *    that the engine can close connections cleanly before the machine sleeps.
 *
 * Without NetworkManager on the system bus it falls back to GNetworkMonitor
 * (online or not, metered; no network identity). Without logind it reads
 * sleep from NetworkManager's ASLEEP state and, since NetworkManager itself
 * learns about sleep from logind, also from clock jumps (the monotonic clock
 * stops during suspend, the boot-time clock does not). Sources come and go
 * at run time; ::sources says which are live.
 *
 * Events are emitted on the settled state only: NetworkManager passes
 * through CONNECTING and a primary connection of "/" before a new network
 * is usable. The network in place when a source comes up is adopted
 * silently (no event); get_network() has it.
 *
 * Threads: create, start, use and drop a NetWatch on one thread, with the
 * GMainContext it should run in pushed as thread-default (the engine's).
 * libnm and the D-Bus subscriptions are bound to that context, and every
 * signal and notification is emitted there. After the last unref, libnm
 * may still need that context iterated for a moment to tidy up.
 */

#pragma once

#include <gio/gio.h>

#include "tether-network.h"

G_BEGIN_DECLS

#define TETHER_TYPE_NET_WATCH (tether_net_watch_get_type ())

G_DECLARE_FINAL_TYPE (TetherNetWatch, tether_net_watch, TETHER, NET_WATCH, GObject)

/* Idle until started. Binds to the thread-default context. */
TetherNetWatch       *tether_net_watch_new                     (void);

/* Connects to the system bus (g_bus_get: DBUS_SYSTEM_BUS_ADDRESS is
 * honoured), then to NetworkManager and logind, asynchronously; ::sources
 * tells when each comes up. Call once. */
void                  tether_net_watch_start                   (TetherNetWatch *self);

/* Which sources are live (property "sources", notified on change). */
TetherSignalSources   tether_net_watch_get_sources             (TetherNetWatch *self);

/* The settled network in use, or NULL when offline or not known yet
 * (property "network"). Valid until the next notify::network. */
const TetherNetwork  *tether_net_watch_get_network             (TetherNetWatch *self);

/* Reach of the settled network, NONE when offline (property "reach"). */
TetherNetReach        tether_net_watch_get_reach               (TetherNetWatch *self);

/* reach > NONE (property "online"). */
gboolean              tether_net_watch_get_online              (TetherNetWatch *self);

/* The engine has prepared for sleep: drop the delay inhibitor now. Without
 * this call it is dropped by itself a few seconds after GOING_TO_SLEEP, so
 * Tether never holds up a suspend for long. The inhibitor is taken again on
 * resume. A no-op outside GOING_TO_SLEEP … RESUMED (once awake, the lock
 * held is the next sleep's) and when nothing is held. */
void                  tether_net_watch_release_sleep_inhibitor (TetherNetWatch *self);

/* Whether the sleep inhibitor is held (diagnostics and tests). */
gboolean              tether_net_watch_holds_sleep_inhibitor   (TetherNetWatch *self);

/* Signal "event" (TetherNetEvent *event): one of the events above. The event
 * is valid during the emission only; copy it to keep it. */

G_END_DECLS
