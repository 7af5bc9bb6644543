/* tether-engine-pool.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool: one slot per remote device, holding what Tether does to it.
 * Triggers (a Syncthing event, a network event, a command, a timer) go
 * through the policy (tether-policy.c, pure) and come out as decisions,
 * carried out here with journaled overrides (tether-engine-overrides.c).
 * The pre-warm itself is in tether-engine-prewarm.c.
 * Runs on the engine thread only.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-engine-slot.h"


/* How long a clean cut keeps the device paused, see then_settle(). */
#define CUT_SETTLE_MS 1000

static void
slot_free (TetherSlot *slot)
{
  if (slot->settle != NULL)
    {
      g_source_destroy (slot->settle);
      g_source_unref (slot->settle);
    }
  if (slot->timer != NULL)
    {
      g_source_destroy (slot->timer);
      g_source_unref (slot->timer);
    }
  _tether_slot_unwatch (slot);
  g_free (slot->device_id);
  g_free (slot->pause_reason);
  g_free (slot->dial_address);
  g_array_unref (slot->redials);
  g_free (slot->reason);
  g_free (slot->peer_version);
  g_free (slot->last_error);
  g_free (slot);
}

static TetherSlot *
slot_get (TetherEngine *self,
          const char   *device_id)
{
  TetherSlot *slot = g_hash_table_lookup (self->slots, device_id);

  if (slot == NULL)
    {
      slot = g_new0 (TetherSlot, 1);
      slot->device_id = g_strdup (device_id);
      slot->redials = g_array_new (FALSE, FALSE, sizeof (gint64));
      slot->last_latency_ms = -1;
      g_hash_table_insert (self->slots, slot->device_id, slot);
    }

  return slot;
}

void
_tether_slot_set_reason (TetherSlot       *slot,
                 const char *reason)
{
  g_free (slot->reason);
  slot->reason = g_strdup (reason);
}

void
_tether_slot_cancel_timer (TetherSlot *slot)
{
  if (slot->timer != NULL)
    {
      g_source_destroy (slot->timer);
      g_clear_pointer (&slot->timer, g_source_unref);
    }
  slot->timer_due_us = 0;
}

/* Re-derives the device's published record after the slot changed. */
void
_tether_slot_publish (TetherEngine *self,
              TetherSlot         *slot)
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
slot_median_latency (TetherSlot *slot)
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
  TetherSlot *slot = g_hash_table_lookup (self->slots, info->id);
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

/* ------------------------------------------------ pausing and resuming */

typedef void (*SlotThen) (TetherEngine *self, TetherSlot *slot);

static void
paused_cb (TetherEngine *self,
           const char   *device_id,
           guint64       id,
           const GError *error,
           gpointer      user_data)
{
  TetherSlot *slot = g_hash_table_lookup (self->slots, device_id);
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
  _tether_slot_publish (self, slot);
}

static void
slot_pause (TetherEngine *self,
            TetherSlot         *slot,
            const char   *reason,
            SlotThen      then)
{
  if (slot->pause_id != 0)
    return;

  slot->pause_id = _tether_override_pause (self, slot->device_id, reason, paused_cb, then);
  if (slot->pause_id != 0)
    {
      slot->pause_reason = g_strdup (reason);
      if (self->history != NULL)
        tether_history_record_paused (self->history, slot->device_id, TRUE, TRUE);
    }
}

static void
resumed_cb (TetherEngine *self,
            const char   *device_id,
            guint64       id,
            const GError *error,
            gpointer      user_data)
{
  TetherSlot *slot = g_hash_table_lookup (self->slots, device_id);
  SlotThen then = (SlotThen) user_data;

  if (slot == NULL || error != NULL)
    return;

  if (slot->pause_id == id)
    {
      slot->pause_id = 0;
      slot->resumed_by_us = TRUE;
      g_clear_pointer (&slot->pause_reason, g_free);
      if (self->history != NULL)
        tether_history_record_paused (self->history, slot->device_id, FALSE, TRUE);
    }
  if (then != NULL)
    then (self, slot);
  _tether_slot_publish (self, slot);
}

static void
slot_resume (TetherEngine *self,
             TetherSlot         *slot,
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
              TetherSlot         *slot)
{
  _tether_slot_prewarm (self, slot, slot->dialing ? slot->trigger : self->current_trigger);
}

static void
then_resume_and_prewarm (TetherEngine *self,
                         TetherSlot   *slot)
{
  slot_resume (self, slot, then_prewarm);
}

static gboolean
settled_cb (gpointer user_data)
{
  Call *call = user_data;
  TetherSlot *slot = g_hash_table_lookup (call->engine->slots, call->device_id);

  if (slot != NULL)
    {
      g_clear_pointer (&slot->settle, g_source_unref);
      then_resume_and_prewarm (call->engine, slot);
    }

  return G_SOURCE_REMOVE;
}

/* A live connection closed cleanly makes the peer redial at once; if we
 * dialed back at the same moment, both Syncthings would wait 20 s for each
 * other's Hello. While the pause lasts the peer's redial is turned away,
 * so ours, a moment later, goes alone. A dead connection (network change,
 * sleep) needs no wait: the peer saw no close. */
static void
then_settle (TetherEngine *self,
             TetherSlot   *slot)
{
  Call *call;

  if (slot->lost_abruptly)
    {
      then_resume_and_prewarm (self, slot);
      return;
    }

  call = _tether_call_new (self);
  call->device_id = g_strdup (slot->device_id);
  slot->settle = g_timeout_source_new (CUT_SETTLE_MS);
  g_source_set_callback (slot->settle, settled_cb, call, (GDestroyNotify) _tether_call_free);
  g_source_attach (slot->settle, self->context);
}

/* Close a connection Tether knows is dead (pause closes the local side and
 * tells the peer, if the path still works), then dial explicitly: Syncthing's
 * own redial-on-close usually loses a race and waits a full interval. */
static void
slot_cut (TetherEngine  *self,
          TetherSlot          *slot,
          TetherTrigger  trigger)
{
  gint64 now = g_get_monotonic_time ();

  _tether_slot_begin_dial (self, slot, trigger);
  g_array_append_val (slot->redials, now);
  if (slot->redials->len > 8)
    g_array_remove_index (slot->redials, 0);
  slot_pause (self, slot, "cut", then_settle);
}

/* ------------------------------------------------------------ acting */

static void
fill_view (TetherEngine   *self,
           TetherSlot           *slot,
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
  view->lost_us = slot->lost_us;
  if (!view->connected)
    {
      g_autofree char *target = _tether_slot_dial_base (self, slot, TRUE);

      view->watchable = target != NULL;
    }
  _tether_pool_fill_pattern (self, slot->device_id, view);
}

gint64
_tether_slot_watch_interval (TetherEngine *self,
                             TetherSlot   *slot)
{
  TetherPolicySettings settings = self->policy;
  TetherSlotView view;

  settings.mode = _tether_pool_mode_for (self, slot->device_id);
  fill_view (self, slot, &view);

  return tether_policy_watch_interval_ms (&view, &settings, g_get_real_time ());
}

void
_tether_slot_act (TetherEngine  *self,
          TetherSlot          *slot,
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
    _tether_slot_set_reason (slot, d.kind == TETHER_DECISION_NONE && view.connected ? NULL : d.reason);
  self->current_trigger = trigger;

  switch (d.kind)
    {
    case TETHER_DECISION_PREWARM:
      /* Already on it: a network change and the connectivity it brings
       * arrive together. */
      if (!slot->dialing || trigger == TETHER_TRIGGER_RETRY)
        _tether_slot_prewarm (self, slot, trigger);
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
      _tether_slot_schedule (self, slot, d.delay_ms, TRUE);
      break;
    case TETHER_DECISION_WATCH:
      _tether_slot_watch (self, slot, d.delay_ms);
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

  _tether_slot_publish (self, slot);
}

typedef struct {
  TetherSlot *slot;
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
    _tether_slot_act (self, g_array_index (order, Ordered, i).slot, trigger);
}

/* A pause an earlier Tether left behind was undone: the resume is on its
 * way, so the device is no longer paused as far as the pool goes. */
void
_tether_pool_recovered (TetherEngine *self,
                        const char   *device_id)
{
  TetherSlot *slot;

  if (!g_hash_table_contains (self->devices, device_id))
    return;

  slot = slot_get (self, device_id);
  slot->resumed_by_us = TRUE;
  _tether_slot_act (self, slot, TETHER_TRIGGER_RECOVERED);
}

void
_tether_pool_trigger (TetherEngine  *self,
                      const char    *device_id,
                      TetherTrigger  trigger)
{
  _tether_assert_engine_thread (self);

  if (g_hash_table_contains (self->devices, device_id))
    _tether_slot_act (self, slot_get (self, device_id), trigger);
}

/* --------------------------------------------------- Syncthing events */

static void
remember_dial_address (TetherSlot        *slot,
                       const char  *address)
{
  g_autofree char *base = _tether_dialable_base (address);

  if (base != NULL)
    {
      g_free (slot->dial_address);
      slot->dial_address = g_steal_pointer (&base);
    }
}

static void
on_connected (TetherEngine        *self,
              TetherSlot                *slot,
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

  _tether_slot_unwatch (slot);
  if (slot->dialing)
    _tether_slot_connected (self, slot);
  else if (slot->timer != NULL && slot->timer_is_retry)
    _tether_slot_cancel_timer (slot);

  _tether_slot_drop_address (self, slot);
}

void
_tether_pool_on_event (TetherEngine        *self,
                       const TetherStEvent *ev)
{
  TetherSlot *slot;

  _tether_assert_engine_thread (self);

  if (ev->device_id == NULL || !g_hash_table_contains (self->devices, ev->device_id))
    return;

  slot = slot_get (self, ev->device_id);
  self->trigger_us = g_get_monotonic_time ();

  switch (ev->type)
    {
    case TETHER_ST_EVENT_DEVICE_CONNECTED:
      on_connected (self, slot, ev);
      _tether_slot_publish (self, slot);
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
          _tether_slot_act (self, slot, TETHER_TRIGGER_DISCONNECTED);
      }
      break;

    case TETHER_ST_EVENT_DEVICE_DISCOVERED:
      for (guint i = 0; ev->addrs != NULL && ev->addrs[i] != NULL; i++)
        remember_dial_address (slot, ev->addrs[i]);
      if (!slot->dialing)
        _tether_slot_act (self, slot, TETHER_TRIGGER_DISCOVERED);
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

/* A re-read of the connections may show a device connected a moment
 * before its DeviceConnected event: a pre-warm is done either way. */
void
_tether_pool_on_connections (TetherEngine *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TetherSlot *slot = value;
      const TetherDeviceInfo *info = g_hash_table_lookup (self->devices, slot->device_id);

      if (slot->dialing && info != NULL && info->connections->len > 0 && !info->paused)
        {
          _tether_slot_connected (self, slot);
          _tether_slot_drop_address (self, slot);
          _tether_slot_publish (self, slot);
        }
    }
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
      TetherSlot *slot = value;

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
      TetherSlot *slot = value;

      _tether_slot_cancel_timer (slot);
      _tether_slot_unwatch (slot);
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
        ((TetherSlot *) value)->pause_id == 0 && ((TetherSlot *) value)->address_id == 0)
      g_hash_table_iter_remove (&iter);

  _tether_overrides_recover (self);
}

void
_tether_pool_init (TetherEngine *self)
{
  self->slots = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) slot_free);
  self->write_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->config_queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_queue_free);
  /* Syncthing outlives Tether: a string an earlier Tether dialed within
   * Syncthing's reconnection interval waits for its turn instead of being
   * dialed at once. Starting from a random N keeps a new Tether from
   * spelling the last one's strings again. */
  self->spelling = g_random_int ();
}

void
_tether_pool_clear (TetherEngine *self)
{
  g_clear_pointer (&self->slots, g_hash_table_unref);
  g_clear_pointer (&self->write_times, g_array_unref);
  g_clear_pointer (&self->attempts, g_hash_table_unref);
  g_clear_pointer (&self->config_queues, g_hash_table_unref);
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
      TetherSlot *slot = value;

      if (g_strcmp0 (slot->pause_reason, "pause-all") == 0)
        slot_resume (self, slot, NULL);
    }
}

/* ------------------------------------------------------------- sleep */

static void
sleep_paused (TetherEngine *self,
              TetherSlot         *slot)
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
      TetherSlot *slot;

      if (info->paused || info->connections->len == 0)
        continue;

      slot = slot_get (self, key);
      _tether_slot_cancel_timer (slot);
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
      TetherSlot *slot = value;

      if (g_strcmp0 (slot->pause_reason, "sleep") == 0)
        {
          _tether_slot_begin_dial (self, slot, TETHER_TRIGGER_RESUME);
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
  TetherSlot *slot = g_hash_table_lookup (self->slots, device_id);

  if (slot == NULL)
    return TETHER_REDIAL_BURST;

  return tether_redial_budget_left ((const gint64 *) slot->redials->data, slot->redials->len,
                                    g_get_monotonic_time (), NULL);
}
