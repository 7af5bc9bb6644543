/* tether-engine-patterns.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the pool knows of a device's pattern on the current network: from
 * the durable history (weeks of sessions: how likely it is reachable at
 * this hour of the week, how often it was reached here), and, for what
 * the history has not seen yet, the pre-warms tried since Tether started.
 * The adaptive policy orders, paces and parks from it; the pool also
 * feeds the history its own moments. Runs on the engine thread only.
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
  if (self->history != NULL)
    tether_history_record_reconnected (self->history, device_id, latency_ms, TRUE,
                                       tether_trigger_to_string (trigger));
}

void
_tether_pool_fill_pattern (TetherEngine   *self,
                           const char     *device_id,
                           TetherSlotView *view)
{
  Counts *counts = counts_for (self, device_id, FALSE);
  g_autoptr(TetherPattern) pattern = NULL;

  view->attempts_on_network = counts ? counts->attempts : 0;
  view->successes_on_network = counts ? counts->successes : 0;
  view->p_reachable = -1;

  if (self->history == NULL)
    return;

  /* The history's counts span restarts; this run's come on top until it
   * has recorded them. A probability from the prior alone says nothing:
   * it stays unknown. */
  pattern = tether_history_get_pattern (self->history, device_id, self->network_uuid);
  view->attempts_on_network = MAX (view->attempts_on_network, pattern->attempts_on_network);
  view->successes_on_network = MAX (view->successes_on_network, pattern->successes_on_network);
  if (pattern->evidence_now > 0)
    view->p_reachable = pattern->p_reachable_now;
}

char *
_tether_pool_known_address (TetherEngine *self,
                            const char   *device_id)
{
  g_autoptr(TetherPattern) pattern = NULL;

  if (self->history == NULL)
    return NULL;

  pattern = tether_history_get_pattern (self->history, device_id, self->network_uuid);
  return g_strdup (pattern->address);
}
