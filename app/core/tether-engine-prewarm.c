/* tether-engine-prewarm.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pre-warm is a temporary address change: an address string Syncthing
 * has never dialed is dialed on its next loop at once, with no ration and
 * no schedule in the way (DESIGN.md). It is retried with a new spelling
 * after 0.3 s, doubling, because two sides dialing at the same moment make
 * TLS fail; once the device connects the address is removed again.
 * Runs on the engine thread only.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-engine-slot.h"

/* Spellings sent per pre-warm before it counts as failed: 0.3 + 0.6 +
 * 1.2 + 2.4 + 4.8 s ≈ 9 s of trying. */
#define PREWARM_TRIES 5
/* ...and how long the pre-warm lasts in all before it counts as failed. */
#define PREWARM_HOLD_MS 25000

/* ------------------------------------------------- choosing an address */

/* "tcp://h:p?x" → "tcp://h:p"; NULL for anything Tether cannot dial
 * (dynamic, relays, a port of 0 that some peers announce). */
char *
_tether_dialable_base (const char *address)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (address == NULL)
    return NULL;

  uri = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (!g_str_has_prefix (scheme, "tcp") && !g_str_has_prefix (scheme, "quic"))
    return NULL;
  if (g_uri_get_host (uri) == NULL || g_uri_get_port (uri) <= 0)
    return NULL;

  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

static char *
usable_base (const char *address,
             gboolean    tcp_only)
{
  g_autofree char *base = _tether_dialable_base (address);

  if (base != NULL && tcp_only && !g_str_has_prefix (base, "tcp"))
    return NULL;

  return g_steal_pointer (&base);
}

/* Where Tether would reach the device: the first dialable address in its
 * config, or for a "dynamic" device where it was last reached or announced
 * in this run, else where the history last reached it on this network. */
char *
_tether_slot_dial_base (TetherEngine *self,
                        TetherSlot   *slot,
                        gboolean      tcp_only)
{
  const TetherDeviceInfo *info = g_hash_table_lookup (self->devices, slot->device_id);
  g_autofree char *known = NULL;
  char *base = NULL;

  for (guint i = 0; info != NULL && info->addresses != NULL && info->addresses[i] && !base; i++)
    if (strstr (info->addresses[i], "tether=") == NULL)
      base = usable_base (info->addresses[i], tcp_only);

  if (base == NULL)
    base = usable_base (slot->dial_address, tcp_only);
  if (base == NULL)
    {
      known = _tether_pool_known_address (self, slot->device_id);
      base = usable_base (known, tcp_only);
    }

  return base;
}

/* A spelling of a known address that Syncthing has never dialed. */
static char *
choose_address (TetherEngine *self,
                TetherSlot   *slot)
{
  g_autofree char *base = _tether_slot_dial_base (self, slot, FALSE);

  if (base == NULL)
    return NULL;

  return g_strdup_printf ("%s?tether=%u", base, ++self->spelling);
}

/* --------------------------------------------------------- the budget */

static gboolean
config_budget_left (TetherEngine *self)
{
  gint64 now = g_get_monotonic_time ();
  guint budget = self->settings != NULL
    ? g_settings_get_uint (self->settings, "config-writes-per-hour") : 120;
  guint n = 0;

  for (guint i = 0; i < self->write_times->len; i++)
    n += now - g_array_index (self->write_times, gint64, i) < G_TIME_SPAN_HOUR;

  return n < budget;
}

static void
spend_config_write (TetherEngine *self)
{
  gint64 now = g_get_monotonic_time ();

  while (self->write_times->len > 0 &&
         now - g_array_index (self->write_times, gint64, 0) >= G_TIME_SPAN_HOUR)
    g_array_remove_index (self->write_times, 0);
  g_array_append_val (self->write_times, now);
}

/* ----------------------------------------------------------- pre-warm */

void
_tether_slot_drop_address (TetherEngine *self,
              TetherSlot         *slot)
{
  if (slot->address_id == 0)
    return;

  _tether_override_undo (self, slot->address_id, NULL, NULL);
  slot->address_id = 0;
}

static void
address_added_cb (TetherEngine *self,
                  const char   *device_id,
                  guint64       id,
                  const GError *error,
                  gpointer      user_data)
{
  TetherSlot *slot = g_hash_table_lookup (self->slots, device_id);

  if (slot == NULL)
    return;

  if (error != NULL)
    {
      if (slot->address_id == id)
        slot->address_id = 0;
      return;
    }

  slot->address_id = id;
  /* The device connected while the address was on its way: take it back. */
  if (!slot->dialing)
    _tether_slot_drop_address (self, slot);
}

/* A peer that still holds the dead connection refuses ours until its copy
 * expires: dial again at that moment, not on Syncthing's blind timer. */
static gboolean
wait_for_peer_copy (TetherEngine *self,
                    TetherSlot         *slot)
{
  gint64 now = g_get_real_time ();
  gint64 expiry = tether_policy_peer_copy_expiry (slot->peer_version, slot->lost_abruptly,
                                                  slot->lost_us, slot->last_error, now);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *at = NULL;
  g_autofree char *reason = NULL;

  if (expiry == 0)
    return FALSE;

  when = g_date_time_new_from_unix_local (expiry / G_USEC_PER_SEC);
  at = g_date_time_format (when, "%H:%M:%S");
  /* Translators: the time at which the peer drops its old connection */
  reason = g_strdup_printf (_("the peer still holds the old connection until %s"), at);
  _tether_slot_set_reason (slot, reason);
  _tether_slot_schedule (self, slot, (expiry - now) / 1000 + 500, TRUE);
  slot->retry_trigger = TETHER_TRIGGER_PEER_COPY_EXPIRED;

  return TRUE;
}

static gboolean
check_cb (gpointer user_data)
{
  TetherEngine *self = ((Call *) user_data)->engine;
  TetherSlot *slot = g_hash_table_lookup (self->slots, ((Call *) user_data)->device_id);
  gboolean retry;
  gint64 held_ms;

  if (slot == NULL)
    return G_SOURCE_REMOVE;

  retry = slot->timer_is_retry;
  g_clear_pointer (&slot->timer, g_source_unref);
  slot->timer_due_us = 0;

  if (retry)
    {
      _tether_slot_act (self, slot, slot->retry_trigger);
      return G_SOURCE_REMOVE;
    }

  if (!slot->dialing)
    return G_SOURCE_REMOVE;

  if (slot->tries < PREWARM_TRIES)
    {
      _tether_slot_prewarm (self, slot, slot->trigger);
      return G_SOURCE_REMOVE;
    }

  /* The last spelling stays a while: when both sides dialed at the same
   * moment, Syncthing 1.19 waits 20 s for a Hello before it takes the
   * next connection, and the one that follows is still ours. */
  held_ms = (g_get_monotonic_time () - slot->trigger_us) / 1000;
  if (held_ms < PREWARM_HOLD_MS)
    {
      _tether_slot_schedule (self, slot, PREWARM_HOLD_MS - held_ms, FALSE);
      return G_SOURCE_REMOVE;
    }

  /* Given up for now: take the address back and let the policy decide. */
  slot->dialing = FALSE;
  slot->failed_attempts++;
  _tether_pool_count_attempt (self, slot->device_id, FALSE);
  _tether_slot_drop_address (self, slot);
  _tether_slot_set_reason (slot, _("did not connect"));
  if (!wait_for_peer_copy (self, slot))
    _tether_slot_act (self, slot, TETHER_TRIGGER_DISCONNECTED);
  _tether_slot_publish (self, slot);

  return G_SOURCE_REMOVE;
}

void
_tether_slot_abandon_dial (TetherEngine *self,
                           TetherSlot   *slot)
{
  g_return_if_fail (slot->dialing);

  g_debug ("%s: stopped answering; pre-warm ended", slot->device_id);
  slot->dialing = FALSE;
  _tether_slot_cancel_timer (slot);
  _tether_slot_drop_address (self, slot);
  _tether_slot_act (self, slot, TETHER_TRIGGER_DISCONNECTED);
}

void
_tether_slot_schedule (TetherEngine *self,
               TetherSlot         *slot,
               gint64        delay_ms,
               gboolean      is_retry)
{
  Call *call = _tether_call_new (self);

  _tether_slot_cancel_timer (slot);
  call->device_id = g_strdup (slot->device_id);
  slot->timer = g_timeout_source_new (delay_ms);
  slot->timer_due_us = g_get_real_time () + delay_ms * 1000;
  slot->timer_is_retry = is_retry;
  slot->retry_trigger = TETHER_TRIGGER_RETRY;
  g_source_set_callback (slot->timer, check_cb, call, (GDestroyNotify) _tether_call_free);
  g_source_attach (slot->timer, self->context);
}

/* One reconnection, however many steps it takes (a cut, a resume, several
 * spellings): its latency runs from the event that caused it. */
void
_tether_slot_begin_dial (TetherEngine  *self,
                 TetherSlot          *slot,
                 TetherTrigger  trigger)
{
  if (slot->dialing)
    return;

  /* A pre-warm on an answer keeps knocking (tether-engine-watch.c). */
  if (trigger != TETHER_TRIGGER_ANSWERED)
    _tether_slot_unwatch (slot);
  slot->unanswered = 0;
  slot->dialing = TRUE;
  slot->trigger = trigger;
  slot->trigger_us = self->trigger_us != 0 ? self->trigger_us : g_get_monotonic_time ();
  slot->tries = 0;
  slot->prewarms_sent++;
  self->prewarms_by_trigger[trigger]++;
  if (self->history != NULL)
    tether_history_record_prewarm (self->history, slot->device_id,
                                   tether_trigger_to_string (trigger));
}

void
_tether_slot_prewarm (TetherEngine  *self,
         TetherSlot          *slot,
         TetherTrigger  trigger)
{
  const TetherDeviceInfo *info = g_hash_table_lookup (self->devices, slot->device_id);
  g_autofree char *address = NULL;
  guint64 id;

  if (info == NULL || self->client == NULL)
    return;

  /* Connected already (a resume alone may have done it). */
  if (info->connections->len > 0 && !info->paused)
    {
      if (slot->dialing)
        _tether_slot_connected (self, slot);
      return;
    }

  /* Never dial a device the user paused. */
  if (info->paused && slot->pause_id == 0 && !slot->resumed_by_us)
    return;

  if (trigger != TETHER_TRIGGER_MANUAL && !slot->dialing && !config_budget_left (self))
    {
      _tether_slot_set_reason (slot, _("config-write budget for this hour is spent"));
      return;
    }

  address = choose_address (self, slot);
  if (address == NULL)
    {
      _tether_slot_set_reason (slot, _("no address known yet; waiting for the device to be discovered"));
      return;
    }

  _tether_slot_begin_dial (self, slot, trigger);

  id = _tether_override_add_address (self, slot->device_id, address, slot->address_id,
                                     address_added_cb, NULL);
  if (id == 0)
    {
      slot->dialing = FALSE;
      return;
    }
  spend_config_write (self);

  slot->tries++;
  _tether_slot_schedule (self, slot, tether_policy_backoff_ms (&self->policy, slot->tries - 1), FALSE);
}


/* The device is connected: the pre-warm (or cut) in flight succeeded. Its
 * latency runs from the event that caused it. */
void
_tether_slot_connected (TetherEngine *self,
                        TetherSlot   *slot)
{
  gint64 latency_ms = (g_get_monotonic_time () - slot->trigger_us) / 1000;

  g_return_if_fail (slot->dialing);

  slot->dialing = FALSE;
  slot->failed_attempts = 0;
  slot->reconnects++;
  slot->last_latency_ms = latency_ms;
  slot->latencies[slot->n_latencies++ % LATENCY_RING] = latency_ms;
  _tether_pool_count_attempt (self, slot->device_id, TRUE);
  _tether_pool_record_latency (self, slot->device_id, slot->trigger, latency_ms);
  _tether_slot_cancel_timer (slot);
  _tether_slot_set_reason (slot, NULL);
}
