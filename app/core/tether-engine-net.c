/* tether-engine-net.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's ears: NetWatch (NetworkManager, logind and their fallbacks)
 * turned into pool triggers. Act on the settled state only: NetWatch
 * reports a network once it is usable, and a resume is acted on once
 * connectivity is back — a dial while Wi-Fi is still associating fails and
 * waits a full interval. Runs on the engine thread only.
 */

#include "config.h"

#include "tether-engine-private.h"
#include "tether-net-watch.h"

static void
set_network (TetherEngine        *self,
             const TetherNetwork *network)
{
  g_free (self->network_name);
  g_free (self->network_uuid);
  g_free (self->network_type);
  self->network_name = network ? g_strdup (network->name) : NULL;
  self->network_uuid = network ? g_strdup (network->uuid) : NULL;
  self->network_type = network ? g_strdup (network->type) : NULL;
  self->net_metered = network != NULL && network->metered;
}

static gboolean
graceful_sleep (TetherEngine *self)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, "graceful-sleep");
}

static void
back_after_sleep (TetherEngine *self)
{
  self->resume_pending = FALSE;
  _tether_pool_resume_after_sleep (self);
  self->slept_us = 0;
}

static void
event_cb (TetherNetWatch *watch,
          TetherNetEvent *ev,
          TetherEngine   *self)
{
  g_debug ("Network event: %s", tether_net_event_kind_to_string (ev->kind));

  /* Latencies run from the moment the network (or the machine) was back. */
  self->trigger_us = ev->monotonic_us;

  switch (ev->kind)
    {
    case TETHER_NET_EVENT_GOING_TO_SLEEP:
      if (self->history != NULL)
        tether_history_record_sleep (self->history);
      self->resume_pending = TRUE;
      if (!graceful_sleep (self) || self->status != TETHER_ENGINE_STATUS_ONLINE ||
          _tether_pool_prepare_for_sleep (self) == 0)
        tether_net_watch_release_sleep_inhibitor (watch);
      break;

    case TETHER_NET_EVENT_RESUMED:
      if (self->history != NULL)
        tether_history_record_wake (self->history);
      self->resumes++;
      self->resume_pending = TRUE;
      self->slept_us = ev->slept_us;
      /* A network that stayed up (wired, no NetworkManager sleep) is
       * usable now; otherwise wait for it to come back. */
      if (tether_net_watch_get_online (watch) && tether_net_watch_get_network (watch) != NULL)
        back_after_sleep (self);
      break;

    case TETHER_NET_EVENT_NETWORK_CHANGED:
      set_network (self, ev->new_network);
      if (self->history != NULL)
        tether_history_record_network (self->history, self->network_uuid, self->network_name,
                                       self->network_type, self->net_metered);
      self->net_online = TRUE;
      self->address_changed = ev->address_changed ||
                              !tether_network_same_uuid (ev->old_network, ev->new_network);
      if (self->resume_pending)
        back_after_sleep (self);
      else
        _tether_pool_trigger_all (self, TETHER_TRIGGER_NETWORK_CHANGED);
      self->address_changed = FALSE;
      break;

    case TETHER_NET_EVENT_CONNECTIVITY_UP:
      self->net_online = TRUE;
      if (self->resume_pending)
        back_after_sleep (self);
      else
        _tether_pool_trigger_all (self, TETHER_TRIGGER_CONNECTIVITY_UP);
      break;

    case TETHER_NET_EVENT_CONNECTIVITY_DOWN:
      self->net_online = FALSE;
      break;

    default:
      break;
    }

  self->trigger_us = 0;
  _tether_engine_publish (self);
}

static void
state_changed_cb (TetherNetWatch *watch,
                  GParamSpec     *pspec,
                  TetherEngine   *self)
{
  self->sources = tether_net_watch_get_sources (watch);
  /* Without a live source, assume online: Syncthing's own errors say more. */
  self->net_online = self->sources == TETHER_SIGNAL_SOURCE_NONE || tether_net_watch_get_online (watch);
  if (g_str_equal (pspec->name, "network"))
    set_network (self, tether_net_watch_get_network (watch));
  _tether_engine_publish (self);
}

void
_tether_engine_net_start (TetherEngine *self)
{
  _tether_assert_engine_thread (self);

  self->net_watch = tether_net_watch_new ();
  g_signal_connect (self->net_watch, "event", G_CALLBACK (event_cb), self);
  g_signal_connect (self->net_watch, "notify::sources", G_CALLBACK (state_changed_cb), self);
  g_signal_connect (self->net_watch, "notify::network", G_CALLBACK (state_changed_cb), self);
  g_signal_connect (self->net_watch, "notify::online", G_CALLBACK (state_changed_cb), self);
  tether_net_watch_start (self->net_watch);
}

void
_tether_engine_ready_for_sleep (TetherEngine *self)
{
  g_debug ("Connections closed before sleep");
  if (self->net_watch != NULL)
    tether_net_watch_release_sleep_inhibitor (self->net_watch);
}
