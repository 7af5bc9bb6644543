/* tether-engine-watch.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watching a lost device: a peer that cannot dial us (NAT, a firewall)
 * only reconnects when our Syncthing dials it, which it does once a minute.
 * Tether knocks at the device's TCP address instead — opens a connection
 * and closes it at once, no config write — and the first knock that is
 * answered is the TETHER_TRIGGER_ANSWERED trigger, a pre-warm. A knock the
 * peer's Syncthing answers shows in its log as one failed TLS handshake.
 *
 * The knocking goes on during that pre-warm: a peer that is shutting down
 * answers for a moment after it closed our connection, and a pre-warm
 * sent then would otherwise hold its address for 25 s while the peer
 * restarts. Knocks unanswered twice in a row end such a pre-warm, and the
 * watch goes on.
 * Runs on the engine thread only.
 */

#include "config.h"

#include <gio/gio.h>

#include "tether-engine-slot.h"

/* Knocks unanswered in a row that end a pre-warm the watch started. */
#define UNANSWERED_GONE 2
/* A knock that neither connects nor fails within this time (a firewall
 * that drops it, a peer gone from the network) is unanswered. */
#define KNOCK_TIMEOUT_S 2

static void knock (TetherEngine *self,
                   TetherSlot   *slot);

void
_tether_slot_unwatch (TetherSlot *slot)
{
  if (slot->watch != NULL)
    {
      g_source_destroy (slot->watch);
      g_clear_pointer (&slot->watch, g_source_unref);
    }
  if (slot->knock != NULL)
    {
      g_cancellable_cancel (slot->knock);
      g_clear_object (&slot->knock);
    }
}

static gboolean
watch_cb (gpointer user_data)
{
  Call *call = user_data;
  TetherEngine *self = call->engine;
  TetherSlot *slot = g_hash_table_lookup (self->slots, call->device_id);

  if (slot != NULL)
    knock (self, slot);

  return G_SOURCE_REMOVE;
}

static void
schedule (TetherEngine *self,
          TetherSlot   *slot,
          gint64        interval_ms)
{
  Call *call;

  /* Callers come with no knock scheduled (the due one has just fired). */
  g_return_if_fail (slot->watch == NULL);

  call = _tether_call_new (self);
  call->device_id = g_strdup (slot->device_id);
  slot->watch = g_timeout_source_new (interval_ms);
  g_source_set_callback (slot->watch, watch_cb, call, (GDestroyNotify) _tether_call_free);
  g_source_attach (slot->watch, self->context);
}

void
_tether_slot_watch (TetherEngine *self,
                    TetherSlot   *slot,
                    gint64        interval_ms)
{
  g_return_if_fail (interval_ms > 0);

  /* Already watching: the next knock is due anyway. */
  if (slot->watch != NULL || slot->knock != NULL)
    return;

  schedule (self, slot, interval_ms);
}

/* Nobody answered (refused, unreachable, or silent for KNOCK_TIMEOUT_S):
 * twice in a row ends a pre-warm sent on an answer. */
static void
no_answer (TetherEngine *self,
           TetherSlot   *slot)
{
  if (++slot->unanswered >= UNANSWERED_GONE && slot->dialing)
    _tether_slot_abandon_dial (self, slot);
}

typedef struct {
  TetherEngine *engine;
  char         *device_id;
  GCancellable *cancellable;   /* this knock's, to tell it from a later one */
} Knock;

static void
knock_free (Knock *k)
{
  g_free (k->device_id);
  g_object_unref (k->cancellable);
  g_free (k);
}

static void
knocked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Knock *k = user_data;
  TetherEngine *self = k->engine;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  TetherSlot *slot;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection != NULL)
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  slot = g_cancellable_is_cancelled (k->cancellable) ? NULL
    : g_hash_table_lookup (self->slots, k->device_id);
  if (slot == NULL || slot->knock != k->cancellable)
    {
      knock_free (k);
      return;
    }
  g_clear_object (&slot->knock);
  knock_free (k);

  if (connection == NULL)
    {
      g_debug ("%s: no answer (%s)", slot->device_id, error->message);
      no_answer (self, slot);
      return;
    }

  slot->unanswered = 0;
  if (slot->dialing)
    return;

  g_debug ("%s answers at its address", slot->device_id);
  self->trigger_us = g_get_monotonic_time ();
  _tether_slot_act (self, slot, TETHER_TRIGGER_ANSWERED);
  self->trigger_us = 0;
}

static void
knock (TetherEngine *self,
       TetherSlot   *slot)
{
  const TetherDeviceInfo *info = g_hash_table_lookup (self->devices, slot->device_id);
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnectable) target = NULL;
  g_autofree char *base = NULL;
  gint64 interval_ms = _tether_slot_watch_interval (self, slot);
  Knock *k;

  g_clear_pointer (&slot->watch, g_source_unref);

  /* Back, paused, not watched any more, dialed for another reason,
   * Syncthing gone: done. */
  if (interval_ms <= 0 || info == NULL || info->connections->len > 0 ||
      (slot->dialing && slot->trigger != TETHER_TRIGGER_ANSWERED) ||
      self->status != TETHER_ENGINE_STATUS_ONLINE)
    {
      _tether_slot_unwatch (slot);
      return;
    }
  schedule (self, slot, interval_ms);

  /* One knock at a time (it ends within its timeout); offline, knocking
   * is pointless. */
  if (slot->knock != NULL || !self->net_online)
    return;

  base = _tether_slot_dial_base (self, slot, TRUE);
  target = base != NULL ? g_network_address_parse_uri (base, 0, NULL) : NULL;
  if (target == NULL)
    {
      _tether_slot_unwatch (slot);
      return;
    }

  client = g_socket_client_new ();
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, KNOCK_TIMEOUT_S);

  slot->knock = g_cancellable_new ();
  k = g_new0 (Knock, 1);
  k->engine = self;
  k->device_id = g_strdup (slot->device_id);
  k->cancellable = g_object_ref (slot->knock);
  g_socket_client_connect_async (client, target, k->cancellable, knocked_cb, k);
}
