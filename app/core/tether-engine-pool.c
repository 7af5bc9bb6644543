/* tether-engine-pool.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool: one slot per remote device, holding what Tether does to it.
 * Triggers (a Syncthing event, a network event, a command, a timer) go
 * through the policy (tether-policy.c, pure) and come out as decisions,
 * carried out here with journaled overrides (tether-engine-overrides.c).
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

#include "tether-engine-private.h"

/* Spellings sent per pre-warm before it counts as failed: 0.3 + 0.6 +
 * 1.2 + 2.4 + 4.8 s ≈ 9 s of trying. */
#define PREWARM_TRIES        5
/* The ring of per-device reconnect latencies kept for the median. */
#define LATENCY_RING         32

typedef struct {
  char          *device_id;
  /* Overrides this process holds on the device (journal ids, 0 none). */
  guint64        pause_id;
  char          *pause_reason;      /* "sleep", "pause-all", "park", "metered", "cut" */
  guint64        address_id;
  gboolean       resumed_by_us;     /* our resume is sent, DeviceResumed not seen yet */
  /* A pre-warm in flight. */
  gboolean       dialing;
  TetherTrigger  trigger;
  gint64         trigger_us;        /* monotonic: when the triggering event happened */
  guint          tries;
  GSource       *timer;             /* owned, nullable: the next check or retry */
  gint64         timer_due_us;      /* real time, for people */
  gboolean       timer_is_retry;    /* a scheduled TETHER_TRIGGER_RETRY, not a check */
  /* What the pool has learnt. */
  guint          failed_attempts;
  gint64         last_connected_us; /* real */
  char          *dial_address;      /* owned, nullable: a dialable address seen lately */
  GArray        *redials;           /* gint64 monotonic µs of forced redials */
  gint64         latencies[LATENCY_RING];
  guint          n_latencies;
  guint          prewarms_sent;
  guint          reconnects;
  gint64         last_latency_ms;
  char          *reason;            /* owned, nullable: the policy's last word */
  /* How the last connection ended, for a peer that may still hold it. */
  char          *peer_version;      /* owned, nullable: the peer's Syncthing */
  char          *last_error;        /* owned, nullable: the last disconnect's reason */
  gint64         lost_us;           /* real: when the path to the peer died, 0 unknown */
  gboolean       lost_abruptly;     /* the peer saw no clean close */
} Slot;

static void slot_act (TetherEngine *self, Slot *slot, TetherTrigger trigger);

static void
slot_free (Slot *slot)
{
  if (slot->timer != NULL)
    {
      g_source_destroy (slot->timer);
      g_source_unref (slot->timer);
    }
  g_free (slot->device_id);
  g_free (slot->pause_reason);
  g_free (slot->dial_address);
  g_array_unref (slot->redials);
  g_free (slot->reason);
  g_free (slot->peer_version);
  g_free (slot->last_error);
  g_free (slot);
}

static Slot *
slot_get (TetherEngine *self,
          const char   *device_id)
{
  Slot *slot = g_hash_table_lookup (self->slots, device_id);

  if (slot == NULL)
    {
      slot = g_new0 (Slot, 1);
      slot->device_id = g_strdup (device_id);
      slot->redials = g_array_new (FALSE, FALSE, sizeof (gint64));
      slot->last_latency_ms = -1;
      g_hash_table_insert (self->slots, slot->device_id, slot);
    }

  return slot;
}

static void
slot_set_reason (Slot       *slot,
                 const char *reason)
{
  g_free (slot->reason);
  slot->reason = g_strdup (reason);
}

static void
slot_cancel_timer (Slot *slot)
{
  if (slot->timer != NULL)
    {
      g_source_destroy (slot->timer);
      g_clear_pointer (&slot->timer, g_source_unref);
    }
  slot->timer_due_us = 0;
}

/* Re-derives the device's published record after the slot changed. */
static void
slot_publish (TetherEngine *self,
              Slot         *slot)
{
  TetherDeviceInfo *info = _tether_engine_dup_device (self, slot->device_id);

  if (info != NULL)
    {
      _tether_engine_put_device (self, info);
      _tether_engine_publish (self);
    }
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
slot_median_latency (Slot *slot)
{
  gint64 sorted[LATENCY_RING];
  guint n = MIN (slot->n_latencies, LATENCY_RING);

  if (n == 0)
    return -1;

  memcpy (sorted, slot->latencies, n * sizeof (gint64));
  qsort (sorted, n, sizeof (gint64), compare_gint64);

  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* --------------------------------------------------------- the overlay */

void
_tether_pool_overlay (TetherEngine     *self,
                      TetherDeviceInfo *info)
{
  Slot *slot = g_hash_table_lookup (self->slots, info->id);
  g_autofree char *due = NULL;

  info->paused_by = info->paused ? TETHER_PAUSED_BY_USER : TETHER_PAUSED_BY_NOBODY;
  g_clear_pointer (&info->next_action, g_free);

  if (slot == NULL)
    return;

  info->prewarms_sent = slot->prewarms_sent;
  info->reconnects = slot->reconnects;
  info->last_reconnect_ms = slot->last_latency_ms;
  info->median_reconnect_ms = slot_median_latency (slot);

  if (info->paused && slot->pause_id != 0)
    {
      info->paused_by = TETHER_PAUSED_BY_TETHER;
      info->state = g_strcmp0 (slot->pause_reason, "park") == 0 ? TETHER_DEVICE_STATE_PARKED
                                                                  : TETHER_DEVICE_STATE_PAUSED;
    }

  if (info->state == TETHER_DEVICE_STATE_UNKNOWN || info->paused_by == TETHER_PAUSED_BY_USER)
    return;

  if (slot->dialing && info->connections->len == 0)
    info->state = TETHER_DEVICE_STATE_DIALING;
  else if (slot->timer != NULL && slot->timer_is_retry && info->connections->len == 0 && !info->paused)
    info->state = TETHER_DEVICE_STATE_WAITING;

  if (slot->reason != NULL)
    {
      g_free (info->state_reason);
      info->state_reason = g_strdup (slot->reason);
    }

  if (slot->timer != NULL && slot->timer_is_retry)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (slot->timer_due_us / G_USEC_PER_SEC);

      due = g_date_time_format (when, "%H:%M:%S");
      /* Translators: the next reconnection attempt, e.g. "retry at 10:42:03" */
      info->next_action = g_strdup_printf (_("retry at %s"), due);
    }
}

/* ------------------------------------------------- choosing an address */

/* "tcp://h:p?x" → "tcp://h:p"; NULL for anything Tether cannot dial
 * (dynamic, relays, a port of 0 that some peers announce). */
static char *
dialable_base (const char *address)
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

/* A spelling of a known address that Syncthing has never dialed. */
static char *
choose_address (TetherEngine *self,
                Slot         *slot)
{
  const TetherDeviceInfo *info = g_hash_table_lookup (self->devices, slot->device_id);
  g_autofree char *base = NULL;

  for (guint i = 0; info != NULL && info->addresses != NULL && info->addresses[i] && !base; i++)
    if (!strstr (info->addresses[i], "tether="))
      base = dialable_base (info->addresses[i]);

  /* A "dynamic" device: where it was last reached, or last announced. */
  if (base == NULL)
    base = dialable_base (slot->dial_address);
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

static void prewarm (TetherEngine *self, Slot *slot, TetherTrigger trigger);

static void
drop_address (TetherEngine *self,
              Slot         *slot)
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
  Slot *slot = g_hash_table_lookup (self->slots, device_id);

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
    drop_address (self, slot);
}

static void slot_schedule (TetherEngine *self, Slot *slot, gint64 delay_ms, gboolean is_retry);

/* A peer that still holds the dead connection refuses ours until its copy
 * expires: dial again at that moment, not on Syncthing's blind timer. */
static gboolean
wait_for_peer_copy (TetherEngine *self,
                    Slot         *slot)
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
  slot_set_reason (slot, reason);
  slot_schedule (self, slot, (expiry - now) / 1000 + 500, TRUE);

  return TRUE;
}

static gboolean
check_cb (gpointer user_data)
{
  TetherEngine *self = ((Call *) user_data)->engine;
  Slot *slot = g_hash_table_lookup (self->slots, ((Call *) user_data)->device_id);
  gboolean retry;

  if (slot == NULL)
    return G_SOURCE_REMOVE;

  retry = slot->timer_is_retry;
  g_clear_pointer (&slot->timer, g_source_unref);
  slot->timer_due_us = 0;

  if (retry)
    {
      slot_act (self, slot, TETHER_TRIGGER_RETRY);
      return G_SOURCE_REMOVE;
    }

  if (!slot->dialing)
    return G_SOURCE_REMOVE;

  if (slot->tries < PREWARM_TRIES)
    {
      prewarm (self, slot, slot->trigger);
      return G_SOURCE_REMOVE;
    }

  /* Given up for now: take the address back and let the policy decide. */
  slot->dialing = FALSE;
  slot->failed_attempts++;
  _tether_pool_count_attempt (self, slot->device_id, FALSE);
  drop_address (self, slot);
  slot_set_reason (slot, _("did not connect"));
  if (!wait_for_peer_copy (self, slot))
    slot_act (self, slot, TETHER_TRIGGER_DISCONNECTED);
  slot_publish (self, slot);

  return G_SOURCE_REMOVE;
}

static void
slot_schedule (TetherEngine *self,
               Slot         *slot,
               gint64        delay_ms,
               gboolean      is_retry)
{
  Call *call = _tether_call_new (self);

  slot_cancel_timer (slot);
  call->device_id = g_strdup (slot->device_id);
  slot->timer = g_timeout_source_new (delay_ms);
  slot->timer_due_us = g_get_real_time () + delay_ms * 1000;
  slot->timer_is_retry = is_retry;
  g_source_set_callback (slot->timer, check_cb, call, (GDestroyNotify) _tether_call_free);
  g_source_attach (slot->timer, self->context);
}

/* One reconnection, however many steps it takes (a cut, a resume, several
 * spellings): its latency runs from the event that caused it. */
static void
slot_begin_dial (TetherEngine  *self,
                 Slot          *slot,
                 TetherTrigger  trigger)
{
  if (slot->dialing)
    return;

  slot->dialing = TRUE;
  slot->trigger = trigger;
  slot->trigger_us = self->trigger_us != 0 ? self->trigger_us : g_get_monotonic_time ();
  slot->tries = 0;
  slot->prewarms_sent++;
  self->prewarms_by_trigger[trigger]++;
}

static void
prewarm (TetherEngine  *self,
         Slot          *slot,
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
      slot->dialing = FALSE;
      return;
    }

  /* Never dial a device the user paused. */
  if (info->paused && slot->pause_id == 0 && !slot->resumed_by_us)
    return;

  if (trigger != TETHER_TRIGGER_MANUAL && !slot->dialing && !config_budget_left (self))
    {
      slot_set_reason (slot, _("config-write budget for this hour is spent"));
      return;
    }

  address = choose_address (self, slot);
  if (address == NULL)
    {
      slot_set_reason (slot, _("no address known yet; waiting for the device to be discovered"));
      return;
    }

  slot_begin_dial (self, slot, trigger);

  id = _tether_override_add_address (self, slot->device_id, address, slot->address_id,
                                     address_added_cb, NULL);
  if (id == 0)
    {
      slot->dialing = FALSE;
      return;
    }
  spend_config_write (self);

  slot->tries++;
  slot_schedule (self, slot, tether_policy_backoff_ms (&self->policy, slot->tries - 1), FALSE);
}

/* ------------------------------------------------ pausing and resuming */

typedef void (*SlotThen) (TetherEngine *self, Slot *slot);

static void
paused_cb (TetherEngine *self,
           const char   *device_id,
           guint64       id,
           const GError *error,
           gpointer      user_data)
{
  Slot *slot = g_hash_table_lookup (self->slots, device_id);
  SlotThen then = (SlotThen) user_data;

  if (slot == NULL)
    return;

  if (error != NULL && slot->pause_id == id)
    {
      slot->pause_id = 0;
      g_clear_pointer (&slot->pause_reason, g_free);
    }

  if (then != NULL)
    then (self, slot);
  slot_publish (self, slot);
}

static void
slot_pause (TetherEngine *self,
            Slot         *slot,
            const char   *reason,
            SlotThen      then)
{
  if (slot->pause_id != 0)
    return;

  slot->pause_id = _tether_override_pause (self, slot->device_id, reason, paused_cb, then);
  if (slot->pause_id != 0)
    slot->pause_reason = g_strdup (reason);
}

static void
resumed_cb (TetherEngine *self,
            const char   *device_id,
            guint64       id,
            const GError *error,
            gpointer      user_data)
{
  Slot *slot = g_hash_table_lookup (self->slots, device_id);
  SlotThen then = (SlotThen) user_data;

  if (slot == NULL || error != NULL)
    return;

  if (slot->pause_id == id)
    {
      slot->pause_id = 0;
      slot->resumed_by_us = TRUE;
      g_clear_pointer (&slot->pause_reason, g_free);
    }
  if (then != NULL)
    then (self, slot);
  slot_publish (self, slot);
}

static void
slot_resume (TetherEngine *self,
             Slot         *slot,
             SlotThen      then)
{
  if (slot->pause_id == 0)
    {
      if (then != NULL)
        then (self, slot);
      return;
    }

  _tether_override_undo (self, slot->pause_id, resumed_cb, then);
}

static void
then_prewarm (TetherEngine *self,
              Slot         *slot)
{
  prewarm (self, slot, slot->dialing ? slot->trigger : self->current_trigger);
}

static void
then_resume_and_prewarm (TetherEngine *self,
                         Slot         *slot)
{
  slot_resume (self, slot, then_prewarm);
}

/* Close a connection Tether knows is dead (pause closes the local side and
 * tells the peer, if the path still works), then dial explicitly: Syncthing's
 * own redial-on-close usually loses a race and waits a full interval. */
static void
slot_cut (TetherEngine  *self,
          Slot          *slot,
          TetherTrigger  trigger)
{
  gint64 now = g_get_monotonic_time ();

  slot_begin_dial (self, slot, trigger);
  g_array_append_val (slot->redials, now);
  if (slot->redials->len > 8)
    g_array_remove_index (slot->redials, 0);
  slot_pause (self, slot, "cut", then_resume_and_prewarm);
}

/* ------------------------------------------------------------ acting */

static void
fill_view (TetherEngine   *self,
           Slot           *slot,
           TetherSlotView *view)
{
  const TetherDeviceInfo *info = g_hash_table_lookup (self->devices, slot->device_id);
  const TetherStConnection *primary = info ? tether_device_info_get_primary (info) : NULL;

  memset (view, 0, sizeof *view);
  view->connected = primary != NULL;
  view->connected_on_lan = primary != NULL && primary->is_local;
  view->paused_by = info != NULL && info->paused && slot->pause_id == 0 && !slot->resumed_by_us
    ? TETHER_PAUSED_BY_USER
    : slot->pause_id != 0 ? TETHER_PAUSED_BY_TETHER : TETHER_PAUSED_BY_NOBODY;
  view->parked = g_strcmp0 (slot->pause_reason, "park") == 0;
  view->metered_paused = g_strcmp0 (slot->pause_reason, "metered") == 0;
  view->last_connected_us = view->connected ? g_get_real_time () : slot->last_connected_us;
  view->failed_attempts = slot->failed_attempts;
  _tether_pool_fill_pattern (self, slot->device_id, view);
}

static void
slot_act (TetherEngine  *self,
          Slot          *slot,
          TetherTrigger  trigger)
{
  TetherSlotView view;
  TetherNetContext net = {
    .online = self->net_online,
    .metered = self->net_metered,
    .slept_us = self->slept_us,
    .address_changed = self->address_changed,
    .network_name = self->network_name,
  };
  TetherPolicySettings settings = self->policy;
  g_auto(TetherDecision) d = { 0 };

  if (self->client == NULL || self->status != TETHER_ENGINE_STATUS_ONLINE)
    return;

  settings.mode = _tether_pool_mode_for (self, slot->device_id);
  fill_view (self, slot, &view);
  tether_policy_decide (&view, trigger, &net, &settings, g_get_real_time (), &d);

  g_debug ("%s on %s → %s (%s)", tether_trigger_to_string (trigger), slot->device_id,
           tether_decision_kind_to_string (d.kind), d.reason ? d.reason : "");
  if (d.kind != TETHER_DECISION_NONE || !slot->dialing)
    slot_set_reason (slot, d.kind == TETHER_DECISION_NONE && view.connected ? NULL : d.reason);
  self->current_trigger = trigger;

  switch (d.kind)
    {
    case TETHER_DECISION_PREWARM:
      /* Already on it: a network change and the connectivity it brings
       * arrive together. */
      if (!slot->dialing || trigger == TETHER_TRIGGER_RETRY)
        prewarm (self, slot, trigger);
      break;
    case TETHER_DECISION_CUT_AND_PREWARM:
      slot->dialing = FALSE;
      /* After a network change or a sleep the path died under the
       * connection: the peer saw no close. */
      slot->lost_abruptly = trigger == TETHER_TRIGGER_NETWORK_CHANGED ||
                            trigger == TETHER_TRIGGER_RESUME;
      slot->lost_us = g_get_real_time ();
      slot_cut (self, slot, trigger);
      break;
    case TETHER_DECISION_RETRY_LATER:
      slot_schedule (self, slot, d.delay_ms, TRUE);
      break;
    case TETHER_DECISION_PARK:
      self->futile_dials_avoided++;
      slot_pause (self, slot, "park", NULL);
      break;
    case TETHER_DECISION_PAUSE_METERED:
      slot_pause (self, slot, "metered", NULL);
      break;
    case TETHER_DECISION_UNPARK:
    case TETHER_DECISION_RESUME_METERED:
      slot_resume (self, slot, then_prewarm);
      break;
    case TETHER_DECISION_NONE:
    default:
      break;
    }

  slot_publish (self, slot);
}

typedef struct {
  Slot *slot;
  int   priority;
} Ordered;

static int
compare_slots_by_priority (gconstpointer a,
                           gconstpointer b)
{
  const Ordered *x = a;
  const Ordered *y = b;

  return y->priority - x->priority;
}

/* Acts on every device, likely ones first (the adaptive order). */
void
_tether_pool_trigger_all (TetherEngine  *self,
                          TetherTrigger  trigger)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (Ordered));
  GHashTableIter iter;
  gpointer key;

  _tether_assert_engine_thread (self);

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Ordered o = { slot_get (self, key), 0 };
      TetherSlotView view;

      fill_view (self, o.slot, &view);
      o.priority = view.p_reachable < 0 ? 50 : (int) (view.p_reachable * 100);
      g_array_append_val (order, o);
    }
  g_array_sort (order, compare_slots_by_priority);

  for (guint i = 0; i < order->len; i++)
    slot_act (self, g_array_index (order, Ordered, i).slot, trigger);
}

/* A pause an earlier Tether left behind was undone: the resume is on its
 * way, so the device is no longer paused as far as the pool goes. */
void
_tether_pool_recovered (TetherEngine *self,
                        const char   *device_id)
{
  Slot *slot;

  if (!g_hash_table_contains (self->devices, device_id))
    return;

  slot = slot_get (self, device_id);
  slot->resumed_by_us = TRUE;
  slot_act (self, slot, TETHER_TRIGGER_RECOVERED);
}

void
_tether_pool_trigger (TetherEngine  *self,
                      const char    *device_id,
                      TetherTrigger  trigger)
{
  _tether_assert_engine_thread (self);

  if (g_hash_table_contains (self->devices, device_id))
    slot_act (self, slot_get (self, device_id), trigger);
}

/* --------------------------------------------------- Syncthing events */

static void
remember_dial_address (Slot        *slot,
                       const char  *address)
{
  g_autofree char *base = dialable_base (address);

  if (base != NULL)
    {
      g_free (slot->dial_address);
      slot->dial_address = g_steal_pointer (&base);
    }
}

static void
on_connected (TetherEngine        *self,
              Slot                *slot,
              const TetherStEvent *ev)
{
  slot->last_connected_us = g_get_real_time ();
  slot->lost_us = 0;
  slot->lost_abruptly = FALSE;
  if (ev->client_version != NULL && ev->client_version[0] != '\0')
    {
      g_free (slot->peer_version);
      slot->peer_version = g_strdup (ev->client_version);
    }
  g_debug ("%s connected (%s %s)%s", slot->device_id, ev->conn_type, ev->address,
           slot->dialing ? ", as Tether asked" : "");

  /* The peer's listening address, when we dialed it. */
  if (ev->conn_type != NULL && g_str_has_suffix (ev->conn_type, "-client") && ev->address != NULL)
    {
      g_autofree char *scheme = g_strndup (ev->conn_type, strcspn (ev->conn_type, "-"));
      g_autofree char *url = g_strdup_printf ("%s://%s", scheme, ev->address);

      remember_dial_address (slot, url);
    }

  if (slot->dialing)
    {
      gint64 latency_ms = (g_get_monotonic_time () - slot->trigger_us) / 1000;

      slot->dialing = FALSE;
      slot->failed_attempts = 0;
      slot->reconnects++;
      slot->last_latency_ms = latency_ms;
      slot->latencies[slot->n_latencies++ % LATENCY_RING] = latency_ms;
      _tether_pool_count_attempt (self, slot->device_id, TRUE);
      _tether_pool_record_latency (self, slot->device_id, slot->trigger, latency_ms);
      slot_cancel_timer (slot);
      slot_set_reason (slot, NULL);
    }
  else if (slot->timer != NULL && slot->timer_is_retry)
    slot_cancel_timer (slot);

  drop_address (self, slot);
}

void
_tether_pool_on_event (TetherEngine        *self,
                       const TetherStEvent *ev)
{
  Slot *slot;

  _tether_assert_engine_thread (self);

  if (ev->device_id == NULL || !g_hash_table_contains (self->devices, ev->device_id))
    return;

  slot = slot_get (self, ev->device_id);
  self->trigger_us = g_get_monotonic_time ();

  switch (ev->type)
    {
    case TETHER_ST_EVENT_DEVICE_CONNECTED:
      on_connected (self, slot, ev);
      slot_publish (self, slot);
      break;

    case TETHER_ST_EVENT_DEVICE_DISCONNECTED:
      {
        gint64 now = g_get_monotonic_time ();

        /* A close counts against Syncthing's forced-redial ration. */
        g_array_append_val (slot->redials, now);
        g_free (slot->last_error);
        slot->last_error = g_strdup (ev->error);
        if (slot->lost_us == 0)
          slot->lost_us = g_get_real_time ();
        if (slot->redials->len > 8)
          g_array_remove_index (slot->redials, 0);
        if (!slot->dialing && slot->pause_id == 0)
          slot_act (self, slot, TETHER_TRIGGER_DISCONNECTED);
      }
      break;

    case TETHER_ST_EVENT_DEVICE_DISCOVERED:
      for (guint i = 0; ev->addrs != NULL && ev->addrs[i] != NULL; i++)
        remember_dial_address (slot, ev->addrs[i]);
      if (!slot->dialing)
        slot_act (self, slot, TETHER_TRIGGER_DISCOVERED);
      break;

    case TETHER_ST_EVENT_DEVICE_RESUMED:
      slot->resumed_by_us = FALSE;
      break;

    case TETHER_ST_EVENT_DEVICE_PAUSED:
    case TETHER_ST_EVENT_CONFIG_SAVED:
    case TETHER_ST_EVENT_OTHER:
    default:
      break;
    }

  self->trigger_us = 0;
}

/* ---------------------------------------------------------- lifecycle */

gboolean
_tether_pool_owns_override (TetherEngine *self,
                            guint64       id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Slot *slot = value;

      if (slot->pause_id == id || slot->address_id == id)
        return TRUE;
    }

  return FALSE;
}

/* Syncthing went away: nothing in flight will complete. Overrides stay in
 * the journal and the slots; they are undone once Syncthing is back. */
void
_tether_pool_on_offline (TetherEngine *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Slot *slot = value;

      slot_cancel_timer (slot);
      slot->dialing = FALSE;
    }
}

void
_tether_pool_on_synced (TetherEngine *self)
{
  GHashTableIter iter;
  gpointer key, value;

  _tether_assert_engine_thread (self);

  /* Slots of devices that left Syncthing's config go. */
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->devices, key) &&
        ((Slot *) value)->pause_id == 0 && ((Slot *) value)->address_id == 0)
      g_hash_table_iter_remove (&iter);

  _tether_overrides_recover (self);
}

void
_tether_pool_init (TetherEngine *self)
{
  self->slots = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) slot_free);
  self->write_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
_tether_pool_clear (TetherEngine *self)
{
  g_clear_pointer (&self->slots, g_hash_table_unref);
  g_clear_pointer (&self->write_times, g_array_unref);
  g_clear_pointer (&self->attempts, g_hash_table_unref);
}

/* ------------------------------------------- commands from the owner */

void
_tether_pool_pause_all (TetherEngine *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!((TetherDeviceInfo *) value)->paused)
      slot_pause (self, slot_get (self, key), "pause-all", NULL);
}

void
_tether_pool_resume_all (TetherEngine *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Slot *slot = value;

      if (g_strcmp0 (slot->pause_reason, "pause-all") == 0)
        slot_resume (self, slot, NULL);
    }
}

/* ------------------------------------------------------------- sleep */

static void
sleep_paused (TetherEngine *self,
              Slot         *slot)
{
  if (self->sleep_pending > 0 && --self->sleep_pending == 0)
    _tether_engine_ready_for_sleep (self);
}

/* Before sleep: pause what is connected so peers see a clean close and
 * keep no dead connection. Returns how many pauses are on their way. */
guint
_tether_pool_prepare_for_sleep (TetherEngine *self)
{
  GHashTableIter iter;
  gpointer key, value;

  self->sleep_pending = 0;
  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const TetherDeviceInfo *info = value;
      Slot *slot;

      if (info->paused || info->connections->len == 0)
        continue;

      slot = slot_get (self, key);
      slot_cancel_timer (slot);
      slot->dialing = FALSE;
      slot_pause (self, slot, "sleep", sleep_paused);
      if (slot->pause_id != 0)
        self->sleep_pending++;
    }

  return self->sleep_pending;
}

/* Connectivity is back after a resume: resume what sleep paused and let
 * the policy see every other device. */
void
_tether_pool_resume_after_sleep (TetherEngine *self)
{
  GHashTableIter iter;
  gpointer value;

  self->current_trigger = TETHER_TRIGGER_RESUME;
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Slot *slot = value;

      if (g_strcmp0 (slot->pause_reason, "sleep") == 0)
        {
          slot_begin_dial (self, slot, TETHER_TRIGGER_RESUME);
          slot_resume (self, slot, then_prewarm);
        }
    }

  _tether_pool_trigger_all (self, TETHER_TRIGGER_RESUME);
}

/* Forced-redial budget left for a device (for the UI and the policy). */
guint
_tether_pool_redial_budget (TetherEngine *self,
                            const char   *device_id)
{
  Slot *slot = g_hash_table_lookup (self->slots, device_id);

  if (slot == NULL)
    return TETHER_REDIAL_BURST;

  return tether_redial_budget_left ((const gint64 *) slot->redials->data, slot->redials->len,
                                    g_get_monotonic_time (), NULL);
}
