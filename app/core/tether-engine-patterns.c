/* tether-engine-patterns.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the pool learns while it runs, per device and network: how many
 * pre-warms were tried there and how many connected. The adaptive policy
 * parks a device that never connects on a network from these counts. The
 * durable history (connection patterns over weeks) deepens this.
 * Runs on the engine thread only.
 */

#include "config.h"

#include "tether-engine-private.h"

typedef struct {
  guint attempts;
  guint successes;
} Counts;

static char *
key_for (TetherEngine *self,
         const char   *device_id)
{
  return g_strconcat (device_id, "\n", self->network_uuid ? self->network_uuid : "", NULL);
}

static Counts *
counts_for (TetherEngine *self,
            const char   *device_id,
            gboolean      create)
{
  g_autofree char *key = key_for (self, device_id);
  Counts *counts = g_hash_table_lookup (self->attempts, key);

  if (counts == NULL && create)
    {
      counts = g_new0 (Counts, 1);
      g_hash_table_insert (self->attempts, g_steal_pointer (&key), counts);
    }

  return counts;
}

void
_tether_pool_count_attempt (TetherEngine *self,
                            const char   *device_id,
                            gboolean      success)
{
  Counts *counts = counts_for (self, device_id, TRUE);

  counts->attempts++;
  counts->successes += success;
}

void
_tether_pool_record_latency (TetherEngine  *self,
                             const char    *device_id,
                             TetherTrigger  trigger,
                             gint64         latency_ms)
{
  g_debug ("%s reconnected %" G_GINT64_FORMAT " ms after %s",
           device_id, latency_ms, tether_trigger_to_string (trigger));
}

void
_tether_pool_fill_pattern (TetherEngine   *self,
                           const char     *device_id,
                           TetherSlotView *view)
{
  Counts *counts = counts_for (self, device_id, FALSE);

  view->attempts_on_network = counts ? counts->attempts : 0;
  view->successes_on_network = counts ? counts->successes : 0;
  view->p_reachable = -1;
}
