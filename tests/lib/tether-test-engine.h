/* tether-test-engine.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waiting on a TetherEngine's snapshots from a test: iterate the default
 * context until the newest snapshot satisfies a predicate, with a generous
 * timeout (slow CI machines), never a sleep.
 */

#pragma once

#include "tether-engine.h"

G_BEGIN_DECLS

#define TETHER_TEST_WAIT_S 60

typedef gboolean (*TetherSnapshotPredicate) (TetherSnapshot *snapshot,
                                             gconstpointer   data);

/* FALSE on timeout, after a g_test_message naming what and the engine's
 * last status. */
gboolean tether_test_wait_snapshot (TetherEngine            *engine,
                                    TetherSnapshotPredicate  pred,
                                    gconstpointer            data,
                                    const char              *what);

gboolean tether_test_wait_status   (TetherEngine            *engine,
                                    TetherEngineStatus       status);

/* Online, and the device in this state. */
gboolean tether_test_wait_device   (TetherEngine            *engine,
                                    const char              *device_id,
                                    TetherDeviceState        state);

/* Connected, and reconnected by Tether's pre-warms at least n times in
 * all (the snapshot's reconnects counter). /rest/system/connections may
 * show the connection a moment before its DeviceConnected event, which is
 * what completes a pre-warm: this waits for the event. */
gboolean tether_test_wait_reconnects (TetherEngine          *engine,
                                      const char            *device_id,
                                      guint                  n);

/* Paused, by this party. */
gboolean tether_test_wait_paused_by (TetherEngine           *engine,
                                     const char             *device_id,
                                     TetherPausedBy          by);

/* Iterates the default context until check(data) or the timeout. check is
 * also called every 50 ms, so it may look outside this process (a REST
 * call, a file). */
/* Runs the default main context for ms: for what cannot be waited for,
 * the absence of something, or snapshots to arrive meanwhile. */
void     tether_test_run_for       (guint                    ms);

gboolean tether_test_wait_until    (gboolean               (*check) (gpointer data),
                                    gpointer                 data,
                                    const char              *what);

G_END_DECLS
