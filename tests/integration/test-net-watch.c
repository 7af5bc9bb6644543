/* test-net-watch.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NetWatch against python-dbusmock's NetworkManager and logind on a private
 * system bus, and without them: GNetworkMonitor (an implementation of the
 * test's own, which it drives) and the clock fallback (with a clock the
 * test can move, as a suspend would).
 *
 * The watch lives on this thread's default context, as it would on the
 * engine's. Waits are on NetWatch's own events and properties, with
 * generous timeouts; "nothing happened" is checked after settle(), a round
 * trip to each mock followed by draining the context (the mocks send their
 * signals before their replies, so after the round trip libnm has been
 * handed everything, and after draining NetWatch has evaluated it).
 */

#include "config.h"

#include <NetworkManager.h>

#include "tether-net-watch-private.h"
#include "tether-test-laptop.h"

#define WAIT_S            30
#define CLOCK_INTERVAL_MS 20


#define SOURCES_NM_LOGIND (TETHER_SIGNAL_SOURCE_NETWORK_MANAGER | TETHER_SIGNAL_SOURCE_LOGIND)
#define SOURCES_FALLBACKS (TETHER_SIGNAL_SOURCE_NETWORK_MONITOR | TETHER_SIGNAL_SOURCE_CLOCK)

typedef enum {
  WITH_NOTHING = 0,
  WITH_NM      = 1 << 0,
  WITH_LOGIND  = 1 << 1,
  WITHOUT_BUS  = 1 << 2,  /* DBUS_SYSTEM_BUS_ADDRESS leads nowhere */
} Setup;

typedef struct {
  TetherTestLaptop   *laptop;      /* owned, nullable: NetworkManager and logind */
  TetherNetWatch     *watch;       /* owned, nullable: NULL when skipped */
  GPtrArray          *events;      /* owned, of TetherNetEvent*: copies of all emitted */
  guint               online_notifies;
  guint               sources_notifies;
  gint64              clock_offset_us; /* how far the fake suspend clock is ahead */
  guint               clock_ticks;
} Fixture;

/* ------------------------------------------------- a GNetworkMonitor to drive */

/* Registered as the GNetworkMonitor implementation "tether-test" and
 * chosen with GIO_USE_NETWORK_MONITOR, so g_network_monitor_get_default()
 * returns it to NetWatch as it would return the netlink one. */
#define TEST_TYPE_NETWORK_MONITOR (test_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestNetworkMonitor, test_network_monitor, TEST, NETWORK_MONITOR, GObject)

struct _TestNetworkMonitor
{
  GObject              parent_instance;
  gboolean             available;
  gboolean             metered;
  GNetworkConnectivity connectivity;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void test_network_monitor_initable_init (GInitableIface *iface);
static void test_network_monitor_iface_init (GNetworkMonitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNetworkMonitor, test_network_monitor, G_TYPE_OBJECT,
  G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_network_monitor_initable_init)
  G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_network_monitor_iface_init))

static gboolean
test_network_monitor_init_initable (GInitable     *initable,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  return TRUE;
}

static void
test_network_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_network_monitor_init_initable;
}

static gboolean
test_network_monitor_can_reach (GNetworkMonitor     *monitor,
                                GSocketConnectable  *connectable,
                                GCancellable        *cancellable,
                                GError             **error)
{
  if (TEST_NETWORK_MONITOR (monitor)->available)
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "offline");
  return FALSE;
}

static void
test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_network_monitor_can_reach;
}

static void
test_network_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TestNetworkMonitor *self = TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, self->metered);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->connectivity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_network_monitor_class_init (TestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_network_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_network_monitor_init (TestNetworkMonitor *self)
{
  self->available = TRUE;
  self->connectivity = G_NETWORK_CONNECTIVITY_FULL;
}

/* As a monitor does: properties first, then network-changed. */
static void
test_network_monitor_set (gboolean             available,
                          GNetworkConnectivity connectivity,
                          gboolean             metered)
{
  TestNetworkMonitor *self = TEST_NETWORK_MONITOR (g_network_monitor_get_default ());

  g_object_freeze_notify (G_OBJECT (self));
  if (self->available != available)
    g_object_notify (G_OBJECT (self), "network-available");
  if (self->connectivity != connectivity)
    g_object_notify (G_OBJECT (self), "connectivity");
  if (self->metered != metered)
    g_object_notify (G_OBJECT (self), "network-metered");
  self->available = available;
  self->connectivity = connectivity;
  self->metered = metered;
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit_by_name (self, "network-changed", available);
}

/* ------------------------------------------------------------ event log */

static void
event_cb (TetherNetWatch *watch,
          TetherNetEvent *event,
          Fixture        *f)
{
  g_test_message ("event %s from %u: %s -> %s%s, reach %s, slept %" G_GINT64_FORMAT " ms",
                  tether_net_event_kind_to_string (event->kind), event->source,
                  event->old_network ? event->old_network->uuid : "-",
                  event->new_network ? event->new_network->uuid : "-",
                  event->address_changed ? " (addresses changed)" : "",
                  tether_net_reach_to_string (event->reach),
                  event->slept_us / 1000);
  g_ptr_array_add (f->events, tether_net_event_copy (event));
}

static void
notify_online_cb (TetherNetWatch *watch,
                  GParamSpec     *pspec,
                  Fixture        *f)
{
  f->online_notifies++;
}

static void
notify_sources_cb (TetherNetWatch *watch,
                   GParamSpec     *pspec,
                   Fixture        *f)
{
  f->sources_notifies++;
}

static guint
count_events (Fixture            *f,
              TetherNetEventKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    if (((TetherNetEvent *) f->events->pdata[i])->kind == kind)
      n++;

  return n;
}

/* The n-th (from 0) event of this kind. */
static TetherNetEvent *
nth_event (Fixture            *f,
           TetherNetEventKind  kind,
           guint               n)
{
  for (guint i = 0; i < f->events->len; i++)
    {
      TetherNetEvent *event = f->events->pdata[i];

      if (event->kind == kind && n-- == 0)
        return event;
    }

  g_assert_not_reached ();
}

static gint64
fake_suspend_clock (gpointer user_data)
{
  Fixture *f = user_data;

  f->clock_ticks++;
  return g_get_monotonic_time () + f->clock_offset_us;
}

/* ---------------------------------------------------------------- waits */

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef gboolean (*Condition) (Fixture       *f,
                               gconstpointer  data);

/* Iterates the default context until cond holds. A timer wakes the loop
 * now and then for conditions polled over D-Bus. */
static gboolean
wait_until (Fixture       *f,
            Condition      cond,
            gconstpointer  data,
            const char    *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);
  guint wake_id = g_timeout_add (20, wake_cb, NULL);

  while (!cond (f, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
  if (timed_out)
    {
      g_autofree char *sources = tether_signal_sources_to_string (tether_net_watch_get_sources (f->watch));

      g_test_message ("Timed out waiting for %s; sources: %s, %u events", what, sources, f->events->len);
      if (f->laptop != NULL)
        tether_test_laptop_print_logs (f->laptop);
      return FALSE;
    }

  g_source_remove (timeout_id);
  return TRUE;
}

static gboolean
sources_are (Fixture       *f,
             gconstpointer  data)
{
  return tether_net_watch_get_sources (f->watch) == (TetherSignalSources) GPOINTER_TO_UINT (data);
}

static void
wait_for_sources (Fixture             *f,
                  TetherSignalSources  sources)
{
  g_autofree char *what = tether_signal_sources_to_string (sources);

  g_assert_true (wait_until (f, sources_are, GUINT_TO_POINTER (sources), what));
}

typedef struct {
  TetherNetEventKind kind;
  guint              count;
} EventCount;

static gboolean
has_events (Fixture       *f,
            gconstpointer  data)
{
  const EventCount *want = data;

  return count_events (f, want->kind) >= want->count;
}

/* Waits for the count-th event of this kind and returns it. */
static TetherNetEvent *
wait_for_event (Fixture            *f,
                TetherNetEventKind  kind,
                guint               count)
{
  EventCount want = { kind, count };

  g_assert_true (wait_until (f, has_events, &want, tether_net_event_kind_to_string (kind)));
  return nth_event (f, kind, count - 1);
}

static gboolean
ticked (Fixture       *f,
        gconstpointer  data)
{
  return f->clock_ticks >= GPOINTER_TO_UINT (data);
}

/* Lets the clock fallback look a few more times. */
static void
wait_for_ticks (Fixture *f,
                guint    n)
{
  g_assert_true (wait_until (f, ticked, GUINT_TO_POINTER (f->clock_ticks + n), "clock ticks"));
}

static void
settle (Fixture *f)
{
  /* Twice: libnm may call the mock in turn. */
  for (guint i = 0; i < 2; i++)
    {
      drain ();
      if (f->laptop != NULL)
        tether_test_laptop_ping (f->laptop);
      drain ();
    }
}

/* ------------------------------------------------------- sleep locks */

static gboolean
inhibitors_are (Fixture       *f,
                gconstpointer  data)
{
  return tether_test_laptop_count_inhibitors (f->laptop) == GPOINTER_TO_UINT (data);
}

static gboolean
holds_inhibitor (Fixture       *f,
                 gconstpointer  data)
{
  return tether_net_watch_holds_sleep_inhibitor (f->watch) == GPOINTER_TO_INT (data);
}

/* logind notices a closed lock asynchronously: poll. A lock taken is also
 * waited for on Tether's side, where Inhibit()'s reply may still be queued. */
static void
wait_for_inhibitors (Fixture *f,
                     guint    n)
{
  g_assert_true (wait_until (f, inhibitors_are, GUINT_TO_POINTER (n), "logind's inhibitor list"));
  g_assert_true (wait_until (f, holds_inhibitor, GINT_TO_POINTER (n > 0), "Tether's inhibitor"));
}

/* --------------------------------------------------------------- fixture */

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  Setup what = GPOINTER_TO_UINT (data);

  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_net_event_free);

  if (what & WITHOUT_BUS)
    {
      /* GLib keeps one system bus connection per process. */
      if (tether_test_laptop_bus_is_up ())
        {
          g_test_skip ("needs to run before the tests that use the private bus");
          return;
        }
      g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/tether-test/no-bus", TRUE);
    }
  else
    {
      if (tether_test_dbusmock_skip_if_unavailable ())
        return;
      f->laptop = tether_test_laptop_new ((what & WITH_NM ? TETHER_TEST_LAPTOP_NETWORKMANAGER : 0) |
                                          (what & WITH_LOGIND ? TETHER_TEST_LAPTOP_LOGIND : 0));
    }

  f->watch = tether_net_watch_new ();
  g_signal_connect (f->watch, "event", G_CALLBACK (event_cb), f);
  g_signal_connect (f->watch, "notify::online", G_CALLBACK (notify_online_cb), f);
  g_signal_connect (f->watch, "notify::sources", G_CALLBACK (notify_sources_cb), f);
  _tether_net_watch_set_clock (f->watch, fake_suspend_clock, f, CLOCK_INTERVAL_MS);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->watch, f);
      g_assert_finalize_object (g_steal_pointer (&f->watch));
      drain ();
    }

  if (GPOINTER_TO_UINT (data) & WITHOUT_BUS)
    g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");

  g_clear_pointer (&f->laptop, tether_test_laptop_free);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static void
assert_network (const TetherNetwork *network,
                const char          *uuid,
                const char          *name,
                const char          *type,
                gboolean             metered)
{
  g_assert_nonnull (network);
  g_assert_cmpstr (network->uuid, ==, uuid);
  g_assert_cmpstr (network->name, ==, name);
  g_assert_cmpstr (network->type, ==, type);
  g_assert_cmpint (network->metered, ==, metered);
}

/* ------------------------------------------------------------------ tests */

static void
test_net_watch_new_destroy (void)
{
  TetherNetWatch *watch = tether_net_watch_new ();

  g_assert_cmpuint (tether_net_watch_get_sources (watch), ==, TETHER_SIGNAL_SOURCE_NONE);
  g_assert_null (tether_net_watch_get_network (watch));
  g_assert_cmpint (tether_net_watch_get_reach (watch), ==, TETHER_NET_REACH_NONE);
  g_assert_false (tether_net_watch_get_online (watch));
  g_assert_false (tether_net_watch_holds_sleep_inhibitor (watch));
  /* Not asleep: nothing to release. */
  tether_net_watch_release_sleep_inhibitor (watch);

  g_assert_finalize_object (watch);
}

/* Dropped while connecting: the replies still on their way find nobody. */
static void
test_net_watch_start_destroy (Fixture       *f,
                              gconstpointer  data)
{
  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  g_signal_handlers_disconnect_by_data (f->watch, f);
  g_assert_finalize_object (g_steal_pointer (&f->watch));
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 0);
}

/* No system bus at all: GNetworkMonitor and the clock, from the start. */
static void
test_net_watch_no_system_bus (Fixture       *f,
                              gconstpointer  data)
{
  const TetherNetwork *network;

  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_FALLBACKS);

  g_assert_true (tether_net_watch_get_online (f->watch));
  network = tether_net_watch_get_network (f->watch);
  assert_network (network, NULL, NULL, "other", FALSE);
  g_assert_false (tether_net_watch_holds_sleep_inhibitor (f->watch));
  g_assert_cmpuint (f->events->len, ==, 0);
}

/* A private bus without NetworkManager or logind: the fallbacks work and
 * say so. */
static void
test_net_watch_fallbacks (Fixture       *f,
                          gconstpointer  data)
{
  TetherNetEvent *event;

  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_FALLBACKS);
  g_assert_true (tether_net_watch_get_online (f->watch));
  assert_network (tether_net_watch_get_network (f->watch), NULL, NULL, "other", FALSE);
  g_assert_cmpuint (f->events->len, ==, 0);

  /* GNetworkMonitor loses its default routes, then gets one back. */
  test_network_monitor_set (FALSE, G_NETWORK_CONNECTIVITY_LOCAL, FALSE);
  event = wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_DOWN, 1);
  g_assert_cmpuint (event->source, ==, TETHER_SIGNAL_SOURCE_NETWORK_MONITOR);
  g_assert_false (tether_net_watch_get_online (f->watch));
  g_assert_null (tether_net_watch_get_network (f->watch));

  test_network_monitor_set (TRUE, G_NETWORK_CONNECTIVITY_FULL, FALSE);
  event = wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_UP, 1);
  g_assert_cmpint (event->reach, ==, TETHER_NET_REACH_GLOBAL);
  g_assert_cmpuint (event->source, ==, TETHER_SIGNAL_SOURCE_NETWORK_MONITOR);

  /* Without identity, a network back may be another one: said first. */
  g_assert_cmpuint (count_events (f, TETHER_NET_EVENT_NETWORK_CHANGED), ==, 1);
  g_assert_cmpint (((TetherNetEvent *) f->events->pdata[1])->kind, ==, TETHER_NET_EVENT_NETWORK_CHANGED);
  event = nth_event (f, TETHER_NET_EVENT_NETWORK_CHANGED, 0);
  assert_network (event->new_network, NULL, NULL, "other", FALSE);
  g_assert_true (tether_net_watch_get_online (f->watch));

  /* Monitors say network-changed for any route; nothing changed for us. */
  test_network_monitor_set (TRUE, G_NETWORK_CONNECTIVITY_FULL, FALSE);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 3);

  /* The same network, metered now (a phone's hotspot says so). */
  test_network_monitor_set (TRUE, G_NETWORK_CONNECTIVITY_FULL, TRUE);
  event = wait_for_event (f, TETHER_NET_EVENT_NETWORK_CHANGED, 2);
  assert_network (event->old_network, NULL, NULL, "other", FALSE);
  assert_network (event->new_network, NULL, NULL, "other", TRUE);
  g_assert_false (event->address_changed);
  test_network_monitor_set (TRUE, G_NETWORK_CONNECTIVITY_FULL, FALSE);
  wait_for_event (f, TETHER_NET_EVENT_NETWORK_CHANGED, 3);
  g_assert_cmpuint (f->events->len, ==, 5);

  /* The clock fallback: ten minutes pass on the suspend-aware clock and
   * none on the monotonic one, as in a suspend. */
  f->clock_offset_us += 10 * G_TIME_SPAN_MINUTE;
  event = wait_for_event (f, TETHER_NET_EVENT_RESUMED, 1);
  g_assert_cmpuint (event->source, ==, TETHER_SIGNAL_SOURCE_CLOCK);
  /* Give or take the moments between reading the two clocks. */
  g_assert_cmpint (event->slept_us, >, 10 * G_TIME_SPAN_MINUTE - G_TIME_SPAN_SECOND);
  g_assert_cmpint (event->slept_us, <, 10 * G_TIME_SPAN_MINUTE + G_TIME_SPAN_SECOND);

  /* A couple of seconds is clock slack, not a sleep. */
  f->clock_offset_us += 2 * G_TIME_SPAN_SECOND;
  wait_for_ticks (f, 5);
  g_assert_cmpuint (count_events (f, TETHER_NET_EVENT_RESUMED), ==, 1);
  g_assert_cmpuint (f->events->len, ==, 6);
}

static void
test_net_watch_start (Fixture       *f,
                      gconstpointer  data)
{
  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_NM_LOGIND);
  settle (f);

  /* The network in place is adopted silently. */
  assert_network (tether_net_watch_get_network (f->watch), TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);
  g_assert_cmpint (tether_net_watch_get_reach (f->watch), ==, TETHER_NET_REACH_GLOBAL);
  g_assert_true (tether_net_watch_get_online (f->watch));
  g_assert_cmpuint (f->events->len, ==, 0);
  g_assert_cmpuint (f->online_notifies, ==, 1);

  /* The delay lock is taken at start. */
  wait_for_inhibitors (f, 1);
  g_assert_true (tether_net_watch_holds_sleep_inhibitor (f->watch));

  /* Properties read the same through GObject. */
  {
    g_autoptr(TetherNetwork) network = NULL;
    TetherSignalSources sources;
    TetherNetReach reach;
    gboolean online;

    g_object_get (f->watch, "network", &network, "sources", &sources,
                  "reach", &reach, "online", &online, NULL);
    assert_network (network, TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);
    g_assert_cmpuint (sources, ==, SOURCES_NM_LOGIND);
    g_assert_cmpint (reach, ==, TETHER_NET_REACH_GLOBAL);
    g_assert_true (online);
  }
}

/* Home → Café through CONNECTING and PrimaryConnection "/", then Café →
 * Office with no stop in between: one NETWORK_CHANGED each, only once
 * settled. */
static void
test_net_watch_switch (Fixture       *f,
                       gconstpointer  data)
{
  const char *cafe_ac;
  const char *office_ac;
  TetherNetEvent *event;

  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_NM_LOGIND);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 0);

  tether_test_laptop_set_state (f->laptop, NM_STATE_CONNECTING);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 0);

  tether_test_laptop_set_primary (f->laptop, "/");
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 0);

  tether_test_laptop_deactivate (f->laptop, TETHER_TEST_NETWORK_HOME);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 0);

  cafe_ac = tether_test_laptop_activate (f->laptop, TETHER_TEST_NETWORK_CAFE);
  tether_test_laptop_set_metered (f->laptop, NM_METERED_GUESS_YES);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 0);

  /* The primary connection is there, but NetworkManager still connects. */
  tether_test_laptop_set_primary (f->laptop, cafe_ac);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 0);
  /* Meanwhile the network acted on stays what it was. */
  assert_network (tether_net_watch_get_network (f->watch), TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);

  tether_test_laptop_set_state (f->laptop, NM_STATE_CONNECTED_GLOBAL);
  event = wait_for_event (f, TETHER_NET_EVENT_NETWORK_CHANGED, 1);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpuint (event->source, ==, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER);
  assert_network (event->old_network, TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);
  assert_network (event->new_network, TETHER_TEST_CAFE_UUID, "Café", "wifi", TRUE);
  g_assert_false (event->address_changed);
  g_assert_cmpint (event->reach, ==, TETHER_NET_REACH_GLOBAL);
  assert_network (tether_net_watch_get_network (f->watch), TETHER_TEST_CAFE_UUID, "Café", "wifi", TRUE);

  /* Café → Office, NetworkManager connected all along. */
  tether_test_laptop_set_primary (f->laptop, "/");
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 1);

  office_ac = tether_test_laptop_activate (f->laptop, TETHER_TEST_NETWORK_OFFICE);
  tether_test_laptop_set_metered (f->laptop, NM_METERED_NO);
  tether_test_laptop_set_primary (f->laptop, office_ac);
  event = wait_for_event (f, TETHER_NET_EVENT_NETWORK_CHANGED, 2);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 2);
  assert_network (event->old_network, TETHER_TEST_CAFE_UUID, "Café", "wifi", TRUE);
  assert_network (event->new_network, TETHER_TEST_OFFICE_UUID, "Office", "ethernet", FALSE);
  g_assert_cmpuint (count_events (f, TETHER_NET_EVENT_CONNECTIVITY_DOWN), ==, 0);
  g_assert_cmpuint (count_events (f, TETHER_NET_EVENT_CONNECTIVITY_UP), ==, 0);
}

static void
test_net_watch_connectivity (Fixture       *f,
                             gconstpointer  data)
{
  TetherNetEvent *event;

  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_NM_LOGIND);
  settle (f);
  f->online_notifies = 0;

  tether_test_laptop_set_state (f->laptop, NM_STATE_DISCONNECTED);
  event = wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_DOWN, 1);
  g_assert_cmpint (event->reach, ==, TETHER_NET_REACH_NONE);
  g_assert_false (tether_net_watch_get_online (f->watch));
  g_assert_null (tether_net_watch_get_network (f->watch));
  g_assert_cmpuint (f->online_notifies, ==, 1);

  /* The same state again: no event, no notification. */
  tether_test_laptop_set_state (f->laptop, NM_STATE_DISCONNECTED);
  tether_test_laptop_set_state (f->laptop, NM_STATE_CONNECTING);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpuint (f->online_notifies, ==, 1);

  /* Back on the same network, LAN first: no NETWORK_CHANGED. */
  tether_test_laptop_set_state (f->laptop, NM_STATE_CONNECTED_SITE);
  event = wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_UP, 1);
  g_assert_cmpint (event->reach, ==, TETHER_NET_REACH_SITE);
  g_assert_true (tether_net_watch_get_online (f->watch));
  assert_network (tether_net_watch_get_network (f->watch), TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);
  g_assert_cmpuint (f->online_notifies, ==, 2);

  tether_test_laptop_set_state (f->laptop, NM_STATE_CONNECTED_GLOBAL);
  event = wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_UP, 2);
  g_assert_cmpint (event->reach, ==, TETHER_NET_REACH_GLOBAL);

  /* A captive portal: less reach, no event; through it: up again. */
  tether_test_laptop_set_connectivity (f->laptop, NM_CONNECTIVITY_PORTAL);
  settle (f);
  g_assert_cmpint (tether_net_watch_get_reach (f->watch), ==, TETHER_NET_REACH_SITE);
  g_assert_cmpuint (f->events->len, ==, 3);

  tether_test_laptop_set_connectivity (f->laptop, NM_CONNECTIVITY_FULL);
  event = wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_UP, 3);
  g_assert_cmpint (event->reach, ==, TETHER_NET_REACH_GLOBAL);

  settle (f);
  g_assert_cmpuint (count_events (f, TETHER_NET_EVENT_NETWORK_CHANGED), ==, 0);
  g_assert_cmpuint (f->events->len, ==, 4);
  g_assert_cmpuint (f->online_notifies, ==, 2);
}

/* A DHCP renew with a new address: the same network, marked. */
static void
test_net_watch_addresses (Fixture       *f,
                          gconstpointer  data)
{
  TetherNetEvent *event;

  if (f->watch == NULL)
    return;

  tether_test_laptop_set_addresses (f->laptop, "192.168.1.20", NULL);
  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_NM_LOGIND);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 0);

  tether_test_laptop_set_addresses (f->laptop, "192.168.1.77", NULL);
  event = wait_for_event (f, TETHER_NET_EVENT_NETWORK_CHANGED, 1);
  assert_network (event->old_network, TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);
  assert_network (event->new_network, TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);
  g_assert_true (event->address_changed);

  /* An address more breaks nothing. */
  tether_test_laptop_set_addresses (f->laptop, "192.168.1.77", "192.168.1.78", NULL);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 1);

  /* One less does. */
  tether_test_laptop_set_addresses (f->laptop, "192.168.1.78", NULL);
  event = wait_for_event (f, TETHER_NET_EVENT_NETWORK_CHANGED, 2);
  g_assert_true (event->address_changed);
  settle (f);
  g_assert_cmpuint (f->events->len, ==, 2);
}

static void
test_net_watch_sleep (Fixture       *f,
                      gconstpointer  data)
{
  TetherNetEvent *event;

  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_NM_LOGIND);
  wait_for_inhibitors (f, 1);

  tether_test_laptop_sleep (f->laptop);
  event = wait_for_event (f, TETHER_NET_EVENT_GOING_TO_SLEEP, 1);
  g_assert_cmpuint (event->source, ==, TETHER_SIGNAL_SOURCE_LOGIND);

  /* Held until the engine is done. */
  settle (f);
  g_assert_cmpuint (tether_test_laptop_count_inhibitors (f->laptop), ==, 1);
  g_assert_true (tether_net_watch_holds_sleep_inhibitor (f->watch));

  /* NetworkManager goes to sleep too: with logind, that is only "down". */
  tether_test_laptop_set_state (f->laptop, NM_STATE_ASLEEP);
  wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_DOWN, 1);
  settle (f);
  g_assert_cmpuint (count_events (f, TETHER_NET_EVENT_GOING_TO_SLEEP), ==, 1);

  tether_net_watch_release_sleep_inhibitor (f->watch);
  g_assert_false (tether_net_watch_holds_sleep_inhibitor (f->watch));
  wait_for_inhibitors (f, 0);

  tether_test_laptop_wake (f->laptop);
  event = wait_for_event (f, TETHER_NET_EVENT_RESUMED, 1);
  g_assert_cmpuint (event->source, ==, TETHER_SIGNAL_SOURCE_LOGIND);
  g_assert_cmpint (event->slept_us, >, 0);

  /* Taken again for the next sleep. */
  wait_for_inhibitors (f, 1);
  g_assert_true (tether_net_watch_holds_sleep_inhibitor (f->watch));

  tether_test_laptop_set_state (f->laptop, NM_STATE_DISCONNECTED);
  tether_test_laptop_set_state (f->laptop, NM_STATE_CONNECTED_GLOBAL);
  wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_UP, 1);
  settle (f);
  g_assert_cmpuint (count_events (f, TETHER_NET_EVENT_RESUMED), ==, 1);
  g_assert_cmpuint (f->events->len, ==, 4);

  /* Awake, a release is a no-op: the lock is the next sleep's. */
  tether_net_watch_release_sleep_inhibitor (f->watch);
  g_assert_true (tether_net_watch_holds_sleep_inhibitor (f->watch));
}

/* The engine never releases: Tether lets go by itself. */
static void
test_net_watch_sleep_timeout (Fixture       *f,
                              gconstpointer  data)
{
  if (f->watch == NULL)
    return;

  _tether_net_watch_set_inhibit_timeout (f->watch, 100);
  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_NM_LOGIND);
  wait_for_inhibitors (f, 1);

  tether_test_laptop_sleep (f->laptop);
  wait_for_event (f, TETHER_NET_EVENT_GOING_TO_SLEEP, 1);
  wait_for_inhibitors (f, 0);
  g_assert_false (tether_net_watch_holds_sleep_inhibitor (f->watch));

  tether_test_laptop_wake (f->laptop);
  wait_for_event (f, TETHER_NET_EVENT_RESUMED, 1);
  wait_for_inhibitors (f, 1);
}

/* No logind: NetworkManager's ASLEEP state, and the clock behind it. */
static void
test_net_watch_nm_asleep (Fixture       *f,
                          gconstpointer  data)
{
  TetherNetEvent *event;

  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER | TETHER_SIGNAL_SOURCE_CLOCK);
  settle (f);

  tether_test_laptop_set_state (f->laptop, NM_STATE_ASLEEP);
  event = wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_DOWN, 1);
  g_assert_cmpuint (f->events->len, ==, 2);
  event = f->events->pdata[0];
  g_assert_cmpint (event->kind, ==, TETHER_NET_EVENT_GOING_TO_SLEEP);
  g_assert_cmpuint (event->source, ==, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER);

  tether_test_laptop_set_state (f->laptop, NM_STATE_DISCONNECTED);
  event = wait_for_event (f, TETHER_NET_EVENT_RESUMED, 1);
  g_assert_cmpuint (event->source, ==, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER);
  g_assert_cmpint (event->slept_us, >, 0);

  tether_test_laptop_set_state (f->laptop, NM_STATE_CONNECTED_GLOBAL);
  wait_for_event (f, TETHER_NET_EVENT_CONNECTIVITY_UP, 1);

  /* A real suspend: NetworkManager and the clock both notice; one RESUMED. */
  tether_test_laptop_set_state (f->laptop, NM_STATE_ASLEEP);
  wait_for_event (f, TETHER_NET_EVENT_GOING_TO_SLEEP, 2);
  f->clock_offset_us += 10 * G_TIME_SPAN_MINUTE;
  tether_test_laptop_set_state (f->laptop, NM_STATE_DISCONNECTED);
  wait_for_event (f, TETHER_NET_EVENT_RESUMED, 2);
  wait_for_ticks (f, 5);
  settle (f);
  g_assert_cmpuint (count_events (f, TETHER_NET_EVENT_RESUMED), ==, 2);
}

/* No NetworkManager: GNetworkMonitor, with logind for sleep. */
static void
test_net_watch_no_nm (Fixture       *f,
                      gconstpointer  data)
{
  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, TETHER_SIGNAL_SOURCE_NETWORK_MONITOR | TETHER_SIGNAL_SOURCE_LOGIND);
  g_assert_true (tether_net_watch_get_online (f->watch));
  assert_network (tether_net_watch_get_network (f->watch), NULL, NULL, "other", FALSE);
  wait_for_inhibitors (f, 1);
  g_assert_cmpuint (f->events->len, ==, 0);
}

/* Sources come and go: each change is reported, the network is kept, and
 * nothing else happens. */
static void
test_net_watch_runtime (Fixture       *f,
                        gconstpointer  data)
{
  if (f->watch == NULL)
    return;

  tether_net_watch_start (f->watch);
  wait_for_sources (f, SOURCES_NM_LOGIND);
  wait_for_inhibitors (f, 1);
  settle (f);

  tether_test_laptop_stop_nm (f->laptop);
  wait_for_sources (f, TETHER_SIGNAL_SOURCE_NETWORK_MONITOR | TETHER_SIGNAL_SOURCE_LOGIND);
  assert_network (tether_net_watch_get_network (f->watch), TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);

  tether_test_laptop_stop_logind (f->laptop);
  wait_for_sources (f, SOURCES_FALLBACKS);
  g_assert_false (tether_net_watch_holds_sleep_inhibitor (f->watch));

  tether_test_laptop_start_nm (f->laptop);
  wait_for_sources (f, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER | TETHER_SIGNAL_SOURCE_CLOCK);

  tether_test_laptop_start_logind (f->laptop);
  wait_for_sources (f, SOURCES_NM_LOGIND);
  wait_for_inhibitors (f, 1);
  g_assert_true (tether_net_watch_holds_sleep_inhibitor (f->watch));

  settle (f);
  assert_network (tether_net_watch_get_network (f->watch), TETHER_TEST_HOME_UUID, "Home", "wifi", FALSE);
  g_assert_cmpuint (f->events->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Before GIO picks one: a GNetworkMonitor that tests can drive. */
  g_io_extension_point_register (G_NETWORK_MONITOR_EXTENSION_POINT_NAME);
  g_io_extension_point_implement (G_NETWORK_MONITOR_EXTENSION_POINT_NAME,
                                  TEST_TYPE_NETWORK_MONITOR, "tether-test", 0);
  g_setenv ("GIO_USE_NETWORK_MONITOR", "tether-test", TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup_flags, func) \
  g_test_add ("/tether/net-watch/" path, Fixture, GUINT_TO_POINTER (setup_flags), \
              setup, func, teardown)

  g_test_add_func ("/tether/net-watch/new-destroy", test_net_watch_new_destroy);
  /* First: it needs a process without a system bus connection yet. */
  ADD ("no-system-bus", WITHOUT_BUS, test_net_watch_no_system_bus);
  ADD ("start-destroy", WITH_NM | WITH_LOGIND, test_net_watch_start_destroy);
  ADD ("fallbacks", WITH_NOTHING, test_net_watch_fallbacks);
  ADD ("start", WITH_NM | WITH_LOGIND, test_net_watch_start);
  ADD ("switch", WITH_NM | WITH_LOGIND, test_net_watch_switch);
  ADD ("connectivity", WITH_NM | WITH_LOGIND, test_net_watch_connectivity);
  ADD ("addresses", WITH_NM | WITH_LOGIND, test_net_watch_addresses);
  ADD ("sleep", WITH_NM | WITH_LOGIND, test_net_watch_sleep);
  ADD ("sleep-timeout", WITH_NM | WITH_LOGIND, test_net_watch_sleep_timeout);
  ADD ("nm-asleep", WITH_NM, test_net_watch_nm_asleep);
  ADD ("no-nm", WITH_LOGIND, test_net_watch_no_nm);
  ADD ("runtime", WITH_NM | WITH_LOGIND, test_net_watch_runtime);

#undef ADD

  ret = g_test_run ();

  tether_test_laptop_bus_down ();

  return ret;
}
