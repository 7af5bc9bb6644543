/* bench-testbed.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A testbed for the reconnect benchmark: two network namespaces joined by
 * a veth pair on 10.77.N.0/24, the laptop (.1 or .2) and its peer (.100),
 * each with a real Syncthing listening on :22000 and reached through its
 * REST API from inside its namespace (bench-netns.h). Nothing leaves the
 * namespaces: no global discovery, relays, NAT or STUN, and local discovery
 * only where a scenario turns it on. Every call blocks.
 */

#pragma once

#include "bench-netns.h"
#include "tether-test-syncthing.h"

G_BEGIN_DECLS

#define BENCH_PEER_HOST 100
#define BENCH_SYNC_PORT 22000
/* Syncthing 1.19 lets a new connection replace a peer's copy only when
 * that copy is older than 10 s. */
#define BENCH_STEADY_S  12

typedef struct {
  guint                index;
  char                *laptop_ns;     /* owned */
  char                *peer_ns;       /* owned */
  char                *laptop_if;     /* owned */
  char                *peer_if;       /* owned */
  guint                laptop_host;   /* the last byte of the laptop's address now */
  TetherTestSyncthing *laptop;        /* owned, nullable before _up() */
  TetherTestSyncthing *peer;          /* owned, nullable before _up() */
} BenchTestbed;

/* Names only (unique to this process and index); nothing is made yet. */
BenchTestbed *bench_testbed_new              (guint                index);

/* Stops both Syncthings and deletes their homes; the namespaces are the
 * guardian's (bench_netns_guard). */
void          bench_testbed_free             (BenchTestbed        *tb);

/* The namespaces, the veth pair (IPv4 only), both Syncthings listening on
 * :22000, paired and connected: the laptop dials the peer at its address,
 * the peer has the laptop as "dynamic" (without discovery: it cannot dial
 * it). */
void          bench_testbed_up               (BenchTestbed        *tb);

/* "10.77.N.host", "tcp://10.77.N.host:22000". */
char         *bench_testbed_address          (BenchTestbed        *tb,
                                              guint                host);
char         *bench_testbed_sync_url         (BenchTestbed        *tb,
                                              guint                host);

/* One of the testbed's Syncthings (laptop or peer), in its namespace. */
void          bench_testbed_start            (BenchTestbed        *tb,
                                              TetherTestSyncthing *st);
void          bench_testbed_stop             (BenchTestbed        *tb,
                                              TetherTestSyncthing *st);
void          bench_testbed_restart          (BenchTestbed        *tb,
                                              TetherTestSyncthing *st);
/* A REST call that must succeed; returns the body. */
char         *bench_testbed_rest             (BenchTestbed        *tb,
                                              TetherTestSyncthing *st,
                                              const char          *method,
                                              const char          *path,
                                              const char          *body);
/* Adds (or replaces) other in st's config, with these addresses (a JSON
 * array). */
void          bench_testbed_set_device       (BenchTestbed        *tb,
                                              TetherTestSyncthing *st,
                                              TetherTestSyncthing *other,
                                              const char          *addresses);

/* Whether the laptop says the peer is connected, within timeout_s. */
gboolean      bench_testbed_connected        (BenchTestbed        *tb,
                                              guint                timeout_s);
/* Connected; if not within 30 s (after a run that reached its cap), by
 * force: pause and resume. */
void          bench_testbed_ensure_connected (BenchTestbed        *tb);
/* Until the connection is BENCH_STEADY_S old. */
void          bench_testbed_wait_steady      (BenchTestbed        *tb);

/* The id of st's newest event. */
gint64        bench_testbed_last_event_id    (BenchTestbed        *tb,
                                              TetherTestSyncthing *st);
/* The time (unix µs) of st's first event of this type after since that is
 * about device (NULL: any), waiting until deadline_us (real time); -1 if
 * none came. */
gint64        bench_testbed_wait_event       (BenchTestbed        *tb,
                                              TetherTestSyncthing *st,
                                              const char          *type,
                                              const char          *device,
                                              gint64               since,
                                              gint64               deadline_us);

/* The laptop's address changes (.1 ↔ .2) under its connection. Returns
 * the real time at which the new one is in place. */
gint64        bench_testbed_switch_address   (BenchTestbed        *tb);

/* The laptop refuses connections it did not open (see the .c). */
void          bench_testbed_block_inbound    (BenchTestbed        *tb);

G_END_DECLS
