/* tether-test-proxy.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A loopback TCP proxy in front of a Syncthing GUI port that counts the
 * HTTP requests passing through it, so a test can see what Tether sends.
 * It runs on the thread-default context of whoever creates it.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _TetherTestProxy TetherTestProxy;

/* Listens on 127.0.0.1 (a free port) and forwards to 127.0.0.1:port. */
TetherTestProxy *tether_test_proxy_new       (guint16          target_port,
                                              GError         **error);
void             tether_test_proxy_free      (TetherTestProxy *self);
/* "http://127.0.0.1:P" */
const char      *tether_test_proxy_get_url   (TetherTestProxy *self);
/* Requests seen so far whose request line starts with method and path
 * prefix (either may be NULL for any). */
guint            tether_test_proxy_count     (TetherTestProxy *self,
                                              const char      *method,
                                              const char      *path_prefix);
/* Every request line seen, in order ("GET /rest/events?since=3…"). */
const GPtrArray *tether_test_proxy_get_requests (TetherTestProxy *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestProxy, tether_test_proxy_free)

G_END_DECLS
