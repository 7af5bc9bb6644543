/* tether-net-watch-monitor.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The network without NetworkManager, for TetherNetWatch: GNetworkMonitor
 * says whether there is a default route, how far it reaches and whether it
 * is metered, but not which network it is. So a network back from offline
 * is reported as possibly another one (NETWORK_CHANGED with no uuid), and a
 * switch that keeps a default route all along goes unseen.
 */

#include "config.h"

#include "tether-net-watch-private.h"

/* GNetworkMonitor is a process-wide singleton that emits its signals in
 * the context of whoever created it first, possibly another thread. The
 * relay carries them over to this NetWatch's context. */
struct _TetherNetWatchRelay {
  gatomicrefcount  ref_count;
  GWeakRef         watch;    /* of TetherNetWatch */
  GMainContext    *context;  /* owned */
};

static TetherNetWatchRelay *
relay_ref (TetherNetWatchRelay *relay)
{
  g_atomic_ref_count_inc (&relay->ref_count);
  return relay;
}

static void
relay_unref (TetherNetWatchRelay *relay)
{
  if (!g_atomic_ref_count_dec (&relay->ref_count))
    return;

  g_weak_ref_clear (&relay->watch);
  g_main_context_unref (relay->context);
  g_free (relay);
}

static void
relay_closure_notify (gpointer  data,
                      GClosure *closure)
{
  relay_unref (data);
}

static gboolean
relay_dispatch_cb (gpointer user_data)
{
  TetherNetWatchRelay *relay = user_data;
  g_autoptr(TetherNetWatch) self = g_weak_ref_get (&relay->watch);

  if (self != NULL)
    _tether_net_watch_schedule_evaluate (self);

  return G_SOURCE_REMOVE;
}

static void
relay_changed (TetherNetWatchRelay *relay)
{
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT,
                              relay_dispatch_cb, relay_ref (relay),
                              (GDestroyNotify) relay_unref);
}

static void
monitor_network_changed_cb (GNetworkMonitor     *monitor,
                            gboolean             available,
                            TetherNetWatchRelay *relay)
{
  relay_changed (relay);
}

static void
monitor_notify_cb (GNetworkMonitor     *monitor,
                   GParamSpec          *pspec,
                   TetherNetWatchRelay *relay)
{
  relay_changed (relay);
}

void
_tether_net_watch_monitor_start (TetherNetWatch *self)
{
  TetherNetWatchRelay *relay;

  if (self->monitor != NULL)
    return;

  self->monitor = g_object_ref (g_network_monitor_get_default ());

  relay = g_new0 (TetherNetWatchRelay, 1);
  g_atomic_ref_count_init (&relay->ref_count);
  g_weak_ref_init (&relay->watch, self);
  relay->context = g_main_context_ref (self->context);

  self->monitor_changed_id =
    g_signal_connect_data (self->monitor, "network-changed",
                           G_CALLBACK (monitor_network_changed_cb), relay_ref (relay),
                           relay_closure_notify, 0);
  self->monitor_notify_id =
    g_signal_connect_data (self->monitor, "notify::network-metered",
                           G_CALLBACK (monitor_notify_cb), relay_ref (relay),
                           relay_closure_notify, 0);
  self->monitor_connectivity_id =
    g_signal_connect_data (self->monitor, "notify::connectivity",
                           G_CALLBACK (monitor_notify_cb), relay_ref (relay),
                           relay_closure_notify, 0);
  relay_unref (relay);
}

void
_tether_net_watch_monitor_stop (TetherNetWatch *self)
{
  if (self->monitor == NULL)
    return;

  g_clear_signal_handler (&self->monitor_changed_id, self->monitor);
  g_clear_signal_handler (&self->monitor_notify_id, self->monitor);
  g_clear_signal_handler (&self->monitor_connectivity_id, self->monitor);
  g_clear_object (&self->monitor);
}

void
_tether_net_watch_monitor_evaluate (TetherNetWatch *self)
{
  TetherNetReach reach = TETHER_NET_REACH_NONE;

  if (g_network_monitor_get_network_available (self->monitor))
    {
      switch (g_network_monitor_get_connectivity (self->monitor))
        {
        case G_NETWORK_CONNECTIVITY_LOCAL:   reach = TETHER_NET_REACH_LOCAL; break;
        case G_NETWORK_CONNECTIVITY_LIMITED:
        case G_NETWORK_CONNECTIVITY_PORTAL:  reach = TETHER_NET_REACH_SITE; break;
        case G_NETWORK_CONNECTIVITY_FULL:
        default:                             reach = TETHER_NET_REACH_GLOBAL; break;
        }
    }

  g_debug ("NetWatch: GNetworkMonitor reach %s", tether_net_reach_to_string (reach));

  if (reach == TETHER_NET_REACH_NONE)
    _tether_net_watch_go_down (self, TETHER_SIGNAL_SOURCE_NETWORK_MONITOR);
  else
    _tether_net_watch_go_up (self, TETHER_SIGNAL_SOURCE_NETWORK_MONITOR, reach,
                             tether_network_new (NULL, NULL, "other",
                                                 g_network_monitor_get_network_metered (self->monitor)),
                             g_ptr_array_new ());
}
