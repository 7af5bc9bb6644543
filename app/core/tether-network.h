/* tether-network.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records TetherNetWatch hands to the engine: the network the laptop is
 * on, how far it reaches, and the events that matter to the pool (sleep,
 * resume, a network switch, connectivity lost or back). Plain copyable
 * structs, so an event can be kept (copied) by whoever handles it.
 */

#pragma once

#include <glib-object.h>

#include "tether-snapshot.h"

G_BEGIN_DECLS

#define TETHER_TYPE_SIGNAL_SOURCES (tether_signal_sources_get_type ())
#define TETHER_TYPE_NET_REACH      (tether_net_reach_get_type ())
#define TETHER_TYPE_NET_EVENT_KIND (tether_net_event_kind_get_type ())
#define TETHER_TYPE_NETWORK        (tether_network_get_type ())
#define TETHER_TYPE_NET_EVENT      (tether_net_event_get_type ())

GType tether_signal_sources_get_type (void) G_GNUC_CONST;

/* "NetworkManager, logind", for people and logs; "none" for no source. */
char *tether_signal_sources_to_string (TetherSignalSources sources);

/* How far the current network reaches, as NetworkManager's state says
 * (NM_STATE_CONNECTED_LOCAL / _SITE / _GLOBAL) or GNetworkMonitor's
 * connectivity. A LAN peer is reachable from LOCAL on; a WAN peer needs
 * GLOBAL. */
typedef enum {
  TETHER_NET_REACH_NONE = 0,  /* offline, asleep, or not known yet */
  TETHER_NET_REACH_LOCAL,     /* a link, no route beyond it */
  TETHER_NET_REACH_SITE,      /* a LAN; no Internet, or a captive portal */
  TETHER_NET_REACH_GLOBAL,    /* the Internet */
} TetherNetReach;

GType       tether_net_reach_get_type  (void) G_GNUC_CONST;
const char *tether_net_reach_to_string (TetherNetReach reach);

/* A network, identified by its NetworkManager connection uuid. Without
 * NetworkManager there is no identity: uuid and name are NULL and type is
 * "other". */
typedef struct {
  char     *uuid;     /* owned, nullable */
  char     *name;     /* owned, nullable: the connection's name, "Home Wi-Fi" */
  char     *type;     /* owned: "wifi", "ethernet", "mobile", "vpn" or "other" */
  gboolean  metered;
} TetherNetwork;

GType          tether_network_get_type (void) G_GNUC_CONST;
/* type NULL means "other". */
TetherNetwork *tether_network_new      (const char          *uuid,
                                        const char          *name,
                                        const char          *type,
                                        gboolean             metered);
TetherNetwork *tether_network_copy     (const TetherNetwork *self);
void           tether_network_free     (TetherNetwork       *self);
/* All fields equal; NULL equals only NULL. */
gboolean       tether_network_equal    (const TetherNetwork *a,
                                        const TetherNetwork *b);
/* Both have a uuid and it is the same: the same network. */
gboolean       tether_network_same_uuid (const TetherNetwork *a,
                                         const TetherNetwork *b);
/* NetworkManager's connection type ("802-11-wireless", "gsm"…) to ours;
 * NULL and unknown types give "other". Returns a static string. */
const char    *tether_network_type_from_nm (const char       *connection_type);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherNetwork, tether_network_free)

typedef enum {
  /* The machine is about to sleep (logind PrepareForSleep(true), or
   * NetworkManager going ASLEEP without logind). With logind, Tether holds
   * a delay lock until tether_net_watch_release_sleep_inhibitor(). */
  TETHER_NET_EVENT_GOING_TO_SLEEP,
  /* Awake again; slept_us says for how long (0 when not known). */
  TETHER_NET_EVENT_RESUMED,
  /* A usable network that is not the one acted on last (other uuid), or
   * the same one with addresses lost (address_changed) or a new name or
   * metered flag. Emitted only once the new network is settled: connected
   * with a primary connection, never on the way there. */
  TETHER_NET_EVENT_NETWORK_CHANGED,
  /* Reach rose: from none (back online) or, on the same network, from
   * LOCAL/SITE to more. Follows a NETWORK_CHANGED of the same moment. */
  TETHER_NET_EVENT_CONNECTIVITY_UP,
  /* Disconnected or asleep. */
  TETHER_NET_EVENT_CONNECTIVITY_DOWN,
} TetherNetEventKind;

GType       tether_net_event_kind_get_type  (void) G_GNUC_CONST;
const char *tether_net_event_kind_to_string (TetherNetEventKind kind);

typedef struct {
  TetherNetEventKind   kind;
  TetherSignalSources  source;          /* the one source that reported it */
  gint64               time_us;         /* unix µs (g_get_real_time) */
  gint64               monotonic_us;    /* g_get_monotonic_time, for latencies */
  gint64               slept_us;        /* RESUMED: real time asleep; 0 if unknown */
  TetherNetwork       *old_network;     /* owned, nullable; NETWORK_CHANGED: the one acted on before */
  TetherNetwork       *new_network;     /* owned, nullable; NETWORK_CHANGED: the settled one */
  gboolean             address_changed; /* NETWORK_CHANGED, same uuid: an address went away, so
                                         * connections over it are suspect (DHCP renew, roaming) */
  TetherNetReach       reach;           /* reach after the event */
} TetherNetEvent;

GType           tether_net_event_get_type (void) G_GNUC_CONST;
/* Stamped with the current time; the rest zero. */
TetherNetEvent *tether_net_event_new      (TetherNetEventKind    kind,
                                           TetherSignalSources   source);
TetherNetEvent *tether_net_event_copy     (const TetherNetEvent *self);
void            tether_net_event_free     (TetherNetEvent       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherNetEvent, tether_net_event_free)

G_END_DECLS
