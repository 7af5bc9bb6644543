/* tether-test-engine.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-test-engine.h"

#define POLL_MS 50

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
poll_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
tether_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
tether_test_wait_until (gboolean   (*check) (gpointer data),
                        gpointer     data,
                        const char  *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TETHER_TEST_WAIT_S, timeout_cb, &timed_out);
  guint poll_id = g_timeout_add (POLL_MS, poll_cb, NULL);

  while (!check (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (poll_id);
  if (timed_out)
    {
      g_test_message ("Timed out waiting for %s", what);
      return FALSE;
    }

  g_source_remove (id);
  return TRUE;
}

typedef struct {
  TetherEngine            *engine;
  TetherSnapshotPredicate  pred;
  gconstpointer            data;
} SnapshotWait;

static gboolean
check_snapshot (gpointer user_data)
{
  SnapshotWait *wait = user_data;

  return wait->pred (tether_engine_get_snapshot (wait->engine), wait->data);
}

gboolean
tether_test_wait_snapshot (TetherEngine            *engine,
                           TetherSnapshotPredicate  pred,
                           gconstpointer            data,
                           const char              *what)
{
  SnapshotWait wait = { engine, pred, data };

  if (tether_test_wait_until (check_snapshot, &wait, what))
    return TRUE;

  g_test_message ("Engine status %s: %s",
                  tether_engine_status_to_string (tether_engine_get_snapshot (engine)->status),
                  tether_engine_get_snapshot (engine)->status_message ?: "");
  return FALSE;
}

static gboolean
status_is (TetherSnapshot *snapshot,
           gconstpointer   data)
{
  return snapshot->status == (TetherEngineStatus) GPOINTER_TO_INT (data);
}

gboolean
tether_test_wait_status (TetherEngine       *engine,
                         TetherEngineStatus  status)
{
  return tether_test_wait_snapshot (engine, status_is, GINT_TO_POINTER (status),
                                    tether_engine_status_to_string (status));
}

typedef struct {
  const char        *device_id;
  TetherDeviceState  state;
} DeviceState;

static gboolean
device_is (TetherSnapshot *snapshot,
           gconstpointer   data)
{
  const DeviceState *want = data;
  TetherDeviceInfo *info;

  if (snapshot->status != TETHER_ENGINE_STATUS_ONLINE)
    return FALSE;

  info = tether_snapshot_lookup (snapshot, want->device_id);
  return info != NULL && info->state == want->state;
}

gboolean
tether_test_wait_device (TetherEngine      *engine,
                         const char        *device_id,
                         TetherDeviceState  state)
{
  DeviceState want = { device_id, state };
  g_autofree char *what = g_strdup_printf ("%s to be %s", device_id,
                                           tether_device_state_to_string (state));

  return tether_test_wait_snapshot (engine, device_is, &want, what);
}

typedef struct {
  const char     *device_id;
  guint           n;
  TetherPausedBy  by;
} DeviceWant;

static gboolean
reconnected (TetherSnapshot *snapshot,
             gconstpointer   data)
{
  const DeviceWant *want = data;
  TetherDeviceInfo *info = tether_snapshot_lookup (snapshot, want->device_id);

  return info != NULL && info->state == TETHER_DEVICE_STATE_CONNECTED && info->reconnects >= want->n;
}

gboolean
tether_test_wait_reconnects (TetherEngine *engine,
                             const char   *device_id,
                             guint         n)
{
  DeviceWant want = { device_id, n, 0 };
  g_autofree char *what = g_strdup_printf ("%s reconnected by Tether (%u in all)", device_id, n);

  return tether_test_wait_snapshot (engine, reconnected, &want, what);
}

static gboolean
paused_by (TetherSnapshot *snapshot,
           gconstpointer   data)
{
  const DeviceWant *want = data;
  TetherDeviceInfo *info = tether_snapshot_lookup (snapshot, want->device_id);

  return info != NULL && info->paused && info->state == TETHER_DEVICE_STATE_PAUSED &&
         info->paused_by == want->by;
}

gboolean
tether_test_wait_paused_by (TetherEngine   *engine,
                            const char     *device_id,
                            TetherPausedBy  by)
{
  DeviceWant want = { device_id, 0, by };
  g_autofree char *what = g_strdup_printf ("%s paused by %s", device_id,
                                           by == TETHER_PAUSED_BY_USER ? "the user" : "Tether");

  return tether_test_wait_snapshot (engine, paused_by, &want, what);
}
