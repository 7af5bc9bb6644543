/* tether-net-watch.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two halves: the network (NetworkManager here, else GNetworkMonitor in
 * tether-net-watch-monitor.c) and sleep (logind, else NetworkManager's
 * ASLEEP state and clock jumps, in tether-net-watch-sleep.c). Both run on
 * the context that was thread-default when the NetWatch was created. This
 * file also keeps the state acted on, which both network sources feed.
 *
 * Network changes are not acted on as they arrive: libnm reports a switch
 * as a burst of property changes (state, primary connection, metered…), so
 * every change schedules one evaluation in an idle, which compares the
 * settled state with the one acted on last and emits the events.
 */

#include "config.h"

#include <string.h>

#include <NetworkManager.h>

#include "tether-net-watch-private.h"

enum {
  PROP_0,
  PROP_SOURCES,
  PROP_NETWORK,
  PROP_REACH,
  PROP_ONLINE,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TetherNetWatch, tether_net_watch, G_TYPE_OBJECT)

/* --------------------------------------------------------------- helpers */

gboolean
_tether_net_watch_on_own_context (TetherNetWatch *self)
{
  g_autoptr(GMainContext) current = g_main_context_ref_thread_default ();

  return current == self->context;
}

GSource *
_tether_net_watch_attach (TetherNetWatch *self,
                          GSource        *source,
                          GSourceFunc     func)
{
  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);

  return source;
}

void
_tether_net_watch_clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Async replies hold a weak reference: a NetWatch dropped meanwhile is
 * neither revived nor touched. */
GWeakRef *
_tether_net_watch_weak_ref_new (TetherNetWatch *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);

  return ref;
}

/* Returns a strong reference, or NULL when the NetWatch is gone. */
TetherNetWatch *
_tether_net_watch_weak_ref_steal (GWeakRef *ref)
{
  TetherNetWatch *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);

  return self;
}

void
_tether_net_watch_set_sources (TetherNetWatch      *self,
                               TetherSignalSources  add,
                               TetherSignalSources  remove)
{
  TetherSignalSources sources = (self->sources & ~remove) | add;

  if (sources == self->sources)
    return;

  self->sources = sources;
  if (g_log_get_debug_enabled ())
    {
      g_autofree char *text = tether_signal_sources_to_string (sources);

      g_debug ("NetWatch sources: %s", text);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCES]);
}

void
_tether_net_watch_emit (TetherNetWatch *self,
                        TetherNetEvent *event)
{
  g_debug ("NetWatch event: %s", tether_net_event_kind_to_string (event->kind));
  g_signal_emit (self, signals[EVENT], 0, event);
  tether_net_event_free (event);
}

/* --------------------------------------------------------- acted-on state */

static void
free_addresses (GPtrArray *addresses)
{
  g_ptr_array_unref (addresses);
}

/* Makes reach (and network, addresses, when not NULL) the state acted on,
 * and notifies what changed. Takes network and addresses. */
static void
commit (TetherNetWatch *self,
        TetherNetReach  reach,
        TetherNetwork  *network,
        GPtrArray      *addresses)
{
  gboolean was_online = self->reach != TETHER_NET_REACH_NONE;
  gboolean is_online = reach != TETHER_NET_REACH_NONE;
  gboolean reach_changed = self->reach != reach;

  if (network != NULL)
    {
      tether_network_free (self->last_network);
      self->last_network = network;
    }
  if (addresses != NULL)
    {
      g_clear_pointer (&self->addresses, free_addresses);
      self->addresses = addresses;
    }
  self->reach = reach;

  g_object_freeze_notify (G_OBJECT (self));
  if (reach_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACH]);
  if (was_online != is_online)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
  if (was_online != is_online || (network != NULL && is_online))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The state before any event: taken as it is, silently. */
static gboolean
adopt_first (TetherNetWatch *self,
             TetherNetReach  reach,
             TetherNetwork  *network,
             GPtrArray      *addresses)
{
  if (self->acted_valid)
    return FALSE;

  self->acted_valid = TRUE;
  commit (self, reach, network, addresses);

  return TRUE;
}

void
_tether_net_watch_go_down (TetherNetWatch      *self,
                           TetherSignalSources  source)
{
  TetherNetEvent *event;

  if (adopt_first (self, TETHER_NET_REACH_NONE, NULL, NULL))
    return;
  if (self->reach == TETHER_NET_REACH_NONE)
    return;

  commit (self, TETHER_NET_REACH_NONE, NULL, NULL);
  event = tether_net_event_new (TETHER_NET_EVENT_CONNECTIVITY_DOWN, source);
  _tether_net_watch_emit (self, event);
}

/* Whether an address in before is missing from after (both sorted). */
static gboolean
addresses_lost (GPtrArray *before,
                GPtrArray *after)
{
  if (before == NULL)
    return FALSE;

  for (guint i = 0; i < before->len; i++)
    if (!g_ptr_array_find_with_equal_func (after, before->pdata[i], g_str_equal, NULL))
      return TRUE;

  return FALSE;
}

/* A settled network at reach > NONE. Takes network and addresses (which
 * may be empty: "not known", never "all lost"). */
void
_tether_net_watch_go_up (TetherNetWatch      *self,
                         TetherSignalSources  source,
                         TetherNetReach       reach,
                         TetherNetwork       *network,
                         GPtrArray           *addresses)
{
  TetherNetReach old_reach = self->reach;
  TetherNetEvent *changed = NULL;
  TetherNetEvent *up = NULL;
  gboolean other;
  gboolean lost;

  if (addresses->len == 0)
    g_clear_pointer (&addresses, free_addresses);

  if (adopt_first (self, reach, network, addresses))
    return;

  if (network->uuid == NULL)
    /* No identity (GNetworkMonitor): back from offline, it may be anywhere. */
    other = old_reach == TETHER_NET_REACH_NONE || self->last_network == NULL;
  else
    other = !tether_network_same_uuid (self->last_network, network);
  lost = !other && addresses != NULL && addresses_lost (self->addresses, addresses);

  if (!other && network->uuid == NULL && self->last_network->uuid != NULL)
    {
      /* NetworkManager went away, the network it named did not. */
      g_clear_pointer (&network, tether_network_free);
    }
  else if (other || lost || !tether_network_equal (self->last_network, network))
    {
      changed = tether_net_event_new (TETHER_NET_EVENT_NETWORK_CHANGED, source);
      changed->old_network = self->last_network ? tether_network_copy (self->last_network) : NULL;
      changed->new_network = tether_network_copy (network);
      changed->address_changed = lost;
      changed->reach = reach;
      /* Another network's addresses say nothing about this one. */
      if (other)
        g_clear_pointer (&self->addresses, free_addresses);
    }
  else
    {
      g_clear_pointer (&network, tether_network_free);
    }

  if (reach > old_reach)
    {
      up = tether_net_event_new (TETHER_NET_EVENT_CONNECTIVITY_UP, source);
      up->reach = reach;
    }

  commit (self, reach, network, addresses);

  if (changed != NULL)
    _tether_net_watch_emit (self, changed);
  if (up != NULL)
    _tether_net_watch_emit (self, up);
}

/* The state is on its way somewhere (CONNECTING, primary connection "/"):
 * nothing to act on, except that a watch starting here starts offline. */
static void
stay (TetherNetWatch *self)
{
  adopt_first (self, TETHER_NET_REACH_NONE, NULL, NULL);
}

/* ------------------------------------------------------- NetworkManager */

static gboolean
nm_running (TetherNetWatch *self)
{
  return self->client != NULL && nm_client_get_nm_running (self->client);
}

static TetherNetReach
reach_from_nm (NMState             state,
               NMConnectivityState connectivity)
{
  TetherNetReach reach;

  switch (state)
    {
    case NM_STATE_CONNECTED_LOCAL:  reach = TETHER_NET_REACH_LOCAL; break;
    case NM_STATE_CONNECTED_SITE:   reach = TETHER_NET_REACH_SITE; break;
    case NM_STATE_CONNECTED_GLOBAL: reach = TETHER_NET_REACH_GLOBAL; break;
    default:                        return TETHER_NET_REACH_NONE;
    }

  /* NetworkManager derives the state from its connectivity check when it
   * runs one; trust the lower of the two when they disagree. */
  if (connectivity == NM_CONNECTIVITY_NONE)
    reach = TETHER_NET_REACH_LOCAL;
  else if ((connectivity == NM_CONNECTIVITY_PORTAL || connectivity == NM_CONNECTIVITY_LIMITED) &&
           reach == TETHER_NET_REACH_GLOBAL)
    reach = TETHER_NET_REACH_SITE;

  return reach;
}

static gboolean
metered_from_nm (NMMetered metered)
{
  return metered == NM_METERED_YES || metered == NM_METERED_GUESS_YES;
}

static TetherNetwork *
network_from_nm (TetherNetWatch     *self,
                 NMActiveConnection *primary)
{
  NMMetered metered = nm_client_get_metered (self->client);
  const GPtrArray *devices = nm_active_connection_get_devices (primary);

  if (metered == NM_METERED_UNKNOWN && devices != NULL && devices->len > 0)
    metered = nm_device_get_metered (devices->pdata[0]);

  return tether_network_new (nm_active_connection_get_uuid (primary),
                             nm_active_connection_get_id (primary),
                             tether_network_type_from_nm (nm_active_connection_get_connection_type (primary)),
                             metered_from_nm (metered));
}

static void
add_addresses (GPtrArray  *addresses,
               NMIPConfig *config)
{
  GPtrArray *list;

  if (config == NULL)
    return;

  list = nm_ip_config_get_addresses (config);
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (addresses, g_strdup (nm_ip_address_get_address (list->pdata[i])));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The primary connection's addresses, sorted. */
static GPtrArray *
addresses_from_nm (NMActiveConnection *primary)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_free);

  add_addresses (addresses, nm_active_connection_get_ip4_config (primary));
  add_addresses (addresses, nm_active_connection_get_ip6_config (primary));
  g_ptr_array_sort (addresses, compare_strings);

  return addresses;
}

static void
evaluate_nm (TetherNetWatch *self)
{
  NMState state = nm_client_get_state (self->client);
  NMConnectivityState connectivity = nm_client_get_connectivity (self->client);
  NMActiveConnection *primary = nm_client_get_primary_connection (self->client);

  /* Follow whatever the settled state is read from. */
  g_signal_group_set_target (self->primary_signals, primary);
  g_signal_group_set_target (self->ip4_signals, primary ? nm_active_connection_get_ip4_config (primary) : NULL);
  g_signal_group_set_target (self->ip6_signals, primary ? nm_active_connection_get_ip6_config (primary) : NULL);

  g_debug ("NetWatch: NetworkManager state %u, connectivity %u, primary %s",
           state, connectivity, primary ? nm_active_connection_get_uuid (primary) : "none");

  /* Not loaded yet (NetworkManager just appeared): nothing to say. */
  if (state == NM_STATE_UNKNOWN)
    return;

  _tether_net_watch_nm_sleep_update (self, state == NM_STATE_ASLEEP);

  switch (state)
    {
    case NM_STATE_ASLEEP:
    case NM_STATE_DISCONNECTED:
      _tether_net_watch_go_down (self, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER);
      break;

    case NM_STATE_CONNECTED_LOCAL:
    case NM_STATE_CONNECTED_SITE:
    case NM_STATE_CONNECTED_GLOBAL:
      if (primary != NULL &&
          nm_active_connection_get_state (primary) == NM_ACTIVE_CONNECTION_STATE_ACTIVATED &&
          nm_active_connection_get_uuid (primary) != NULL)
        {
          _tether_net_watch_go_up (self, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER,
                                   reach_from_nm (state, connectivity),
                                   network_from_nm (self, primary),
                                   addresses_from_nm (primary));
          break;
        }
      G_GNUC_FALLTHROUGH;

    case NM_STATE_UNKNOWN:
    case NM_STATE_DISCONNECTING:
    case NM_STATE_CONNECTING:
    default:
      stay (self);
      break;
    }
}

/* ------------------------------------------------------------ evaluation */

static void
evaluate (TetherNetWatch *self)
{
  _tether_net_watch_clear_source (&self->evaluate_source);

  if (nm_running (self))
    evaluate_nm (self);
  else if (self->monitor != NULL)
    _tether_net_watch_monitor_evaluate (self);
}

static gboolean
evaluate_cb (gpointer user_data)
{
  evaluate (user_data);

  return G_SOURCE_REMOVE;
}

void
_tether_net_watch_schedule_evaluate (TetherNetWatch *self)
{
  if (self->evaluate_source != NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->evaluate_source = _tether_net_watch_attach (self, g_idle_source_new (), evaluate_cb);
}

/* NetworkManager came or went: follow it, or fall back to GNetworkMonitor.
 * The state is read before ::sources says so, so that a source is never
 * live with nothing known from it. */
static void
nm_running_changed (TetherNetWatch *self)
{
  if (nm_running (self))
    {
      _tether_net_watch_monitor_stop (self);
      evaluate (self);
      _tether_net_watch_set_sources (self, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER,
                                     TETHER_SIGNAL_SOURCE_NETWORK_MONITOR);
    }
  else
    {
      g_signal_group_set_target (self->primary_signals, NULL);
      g_signal_group_set_target (self->ip4_signals, NULL);
      g_signal_group_set_target (self->ip6_signals, NULL);
      _tether_net_watch_nm_sleep_forget (self);
      _tether_net_watch_monitor_start (self);
      evaluate (self);
      _tether_net_watch_set_sources (self, TETHER_SIGNAL_SOURCE_NETWORK_MONITOR,
                                     TETHER_SIGNAL_SOURCE_NETWORK_MANAGER);
    }
}

static void
nm_running_notify_cb (NMClient       *client,
                      GParamSpec     *pspec,
                      TetherNetWatch *self)
{
  nm_running_changed (self);
}

static void
nm_notify_cb (GObject        *object,
              GParamSpec     *pspec,
              TetherNetWatch *self)
{
  _tether_net_watch_schedule_evaluate (self);
}

static void
nm_client_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TetherNetWatch) self = _tether_net_watch_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) client = NULL;
  static const char * const notify[] = {
    "notify::" NM_CLIENT_STATE,
    "notify::" NM_CLIENT_CONNECTIVITY,
    "notify::" NM_CLIENT_PRIMARY_CONNECTION,
    "notify::" NM_CLIENT_METERED,
  };

  client = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, &error);
  if (self == NULL)
    return;

  if (client == NULL)
    {
      g_debug ("NetWatch: no NetworkManager client: %s", error->message);
      nm_running_changed (self);
      return;
    }

  self->client = NM_CLIENT (g_steal_pointer (&client));
  g_signal_connect (self->client, "notify::" NM_CLIENT_NM_RUNNING,
                    G_CALLBACK (nm_running_notify_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (notify); i++)
    g_signal_connect (self->client, notify[i], G_CALLBACK (nm_notify_cb), self);

  nm_running_changed (self);
}

static void
network_start (TetherNetWatch *self)
{
  if (self->bus == NULL)
    {
      nm_running_changed (self);
      return;
    }

  g_async_initable_new_async (NM_TYPE_CLIENT, G_PRIORITY_DEFAULT, self->cancellable,
                              nm_client_ready_cb, _tether_net_watch_weak_ref_new (self),
                              NM_CLIENT_DBUS_CONNECTION, self->bus,
                              NM_CLIENT_INSTANCE_FLAGS, NM_CLIENT_INSTANCE_FLAGS_NO_AUTO_FETCH_PERMISSIONS,
                              NULL);
}

/* ---------------------------------------------------------------- object */

static void
bus_get_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TetherNetWatch) self = _tether_net_watch_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);

  if (self == NULL)
    return;

  if (bus == NULL)
    g_debug ("NetWatch: no system bus: %s", error->message);
  self->bus = g_steal_pointer (&bus);

  network_start (self);
  _tether_net_watch_sleep_start (self);
}

TetherNetWatch *
tether_net_watch_new (void)
{
  return g_object_new (TETHER_TYPE_NET_WATCH, NULL);
}

void
tether_net_watch_start (TetherNetWatch *self)
{
  g_return_if_fail (TETHER_IS_NET_WATCH (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (_tether_net_watch_on_own_context (self));

  self->started = TRUE;
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, bus_get_cb,
             _tether_net_watch_weak_ref_new (self));
}

TetherSignalSources
tether_net_watch_get_sources (TetherNetWatch *self)
{
  g_return_val_if_fail (TETHER_IS_NET_WATCH (self), TETHER_SIGNAL_SOURCE_NONE);

  return self->sources;
}

const TetherNetwork *
tether_net_watch_get_network (TetherNetWatch *self)
{
  g_return_val_if_fail (TETHER_IS_NET_WATCH (self), NULL);

  return self->reach != TETHER_NET_REACH_NONE ? self->last_network : NULL;
}

TetherNetReach
tether_net_watch_get_reach (TetherNetWatch *self)
{
  g_return_val_if_fail (TETHER_IS_NET_WATCH (self), TETHER_NET_REACH_NONE);

  return self->reach;
}

gboolean
tether_net_watch_get_online (TetherNetWatch *self)
{
  g_return_val_if_fail (TETHER_IS_NET_WATCH (self), FALSE);

  return self->reach != TETHER_NET_REACH_NONE;
}

static GSignalGroup *
new_signal_group (TetherNetWatch *self,
                  GType           type,
                  const char     *first_signal,
                  ...)
{
  GSignalGroup *group = g_signal_group_new (type);
  const char *name = first_signal;
  va_list args;

  va_start (args, first_signal);
  for (; name != NULL; name = va_arg (args, const char *))
    g_signal_group_connect_object (group, name, G_CALLBACK (nm_notify_cb), self, 0);
  va_end (args);

  return group;
}

static void
tether_net_watch_dispose (GObject *object)
{
  TetherNetWatch *self = (TetherNetWatch *) object;

  /* From here on, nothing schedules anything (see schedule_evaluate). */
  g_cancellable_cancel (self->cancellable);

  _tether_net_watch_sleep_stop (self);
  _tether_net_watch_monitor_stop (self);

  if (self->primary_signals != NULL)
    {
      g_signal_group_set_target (self->primary_signals, NULL);
      g_signal_group_set_target (self->ip4_signals, NULL);
      g_signal_group_set_target (self->ip6_signals, NULL);
    }
  g_clear_object (&self->primary_signals);
  g_clear_object (&self->ip4_signals);
  g_clear_object (&self->ip6_signals);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->bus);

  _tether_net_watch_clear_source (&self->evaluate_source);

  G_OBJECT_CLASS (tether_net_watch_parent_class)->dispose (object);
}

static void
tether_net_watch_finalize (GObject *object)
{
  TetherNetWatch *self = (TetherNetWatch *) object;

  g_clear_pointer (&self->last_network, tether_network_free);
  g_clear_pointer (&self->addresses, free_addresses);
  g_clear_object (&self->cancellable);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (tether_net_watch_parent_class)->finalize (object);
}

static void
tether_net_watch_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TetherNetWatch *self = TETHER_NET_WATCH (object);

  switch (prop_id)
    {
    case PROP_SOURCES:
      g_value_set_flags (value, self->sources);
      break;

    case PROP_NETWORK:
      g_value_set_boxed (value, tether_net_watch_get_network (self));
      break;

    case PROP_REACH:
      g_value_set_enum (value, self->reach);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, tether_net_watch_get_online (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_net_watch_class_init (TetherNetWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_net_watch_dispose;
  object_class->finalize = tether_net_watch_finalize;
  object_class->get_property = tether_net_watch_get_property;

  properties[PROP_SOURCES] =
    g_param_spec_flags ("sources", NULL, NULL,
                        TETHER_TYPE_SIGNAL_SOURCES, TETHER_SIGNAL_SOURCE_NONE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NETWORK] =
    g_param_spec_boxed ("network", NULL, NULL,
                        TETHER_TYPE_NETWORK,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REACH] =
    g_param_spec_enum ("reach", NULL, NULL,
                       TETHER_TYPE_NET_REACH, TETHER_NET_REACH_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TetherNetWatch::event:
   * @event: (transfer none): valid during the emission only
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  TETHER_TYPE_NET_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tether_net_watch_init (TetherNetWatch *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->primary_signals = new_signal_group (self, NM_TYPE_ACTIVE_CONNECTION,
                                            "notify::" NM_ACTIVE_CONNECTION_STATE,
                                            "notify::" NM_ACTIVE_CONNECTION_ID,
                                            "notify::" NM_ACTIVE_CONNECTION_IP4_CONFIG,
                                            "notify::" NM_ACTIVE_CONNECTION_IP6_CONFIG,
                                            NULL);
  self->ip4_signals = new_signal_group (self, NM_TYPE_IP_CONFIG,
                                        "notify::" NM_IP_CONFIG_ADDRESSES, NULL);
  self->ip6_signals = new_signal_group (self, NM_TYPE_IP_CONFIG,
                                        "notify::" NM_IP_CONFIG_ADDRESSES, NULL);
  _tether_net_watch_sleep_init (self);
}
