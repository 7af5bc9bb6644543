/* bench-netns.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Network namespaces for the benchmarks (root only): `ip` commands, a
 * guardian that deletes the namespaces however this process ends, and
 * moving the calling thread into a namespace.
 *
 * A thread's new sockets, and the children it starts, live in the network
 * namespace the thread is in; sockets made before keep theirs. So a
 * Syncthing started (and its REST API called) between bench_netns_enter()
 * and bench_netns_leave() lives in that namespace and is reached there,
 * while D-Bus (unix sockets with a path) is reached from anywhere.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NULL when the benchmark can run here, else why not (for g_test_skip). */
char     *bench_netns_unavailable (void);

/* The path of `ip`, or NULL. */
const char *bench_netns_ip        (void);

/* Runs `ip ARGS…`; FALSE (with its output as a test message) on failure. */
gboolean  bench_ip_try            (const char *first,
                                   ...) G_GNUC_NULL_TERMINATED;

/* The same; asserts success. */
void      bench_ip                (const char *first,
                                   ...) G_GNUC_NULL_TERMINATED;

/* Runs a command inside namespace ns (`ip netns exec ns …`); asserts
 * success unless may_fail. */
gboolean  bench_netns_run         (const char *ns,
                                   gboolean    may_fail,
                                   const char *first,
                                   ...) G_GNUC_NULL_TERMINATED;

/* From now on, these namespaces (NULL-terminated) are deleted when this
 * process ends, even by SIGKILL: a child waits on a pipe whose other end
 * only this process holds. Call once, before creating them. */
void      bench_netns_guard       (const char * const *names);

/* Deletes them now and waits until that is done. */
void      bench_netns_cleanup     (void);

/* Moves the calling thread into namespace ns; bench_netns_leave() moves
 * it back to the one it started in. Not nested. */
void      bench_netns_enter       (const char *ns);
void      bench_netns_leave       (void);

G_END_DECLS
