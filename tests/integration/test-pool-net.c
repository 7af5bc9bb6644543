/* test-pool-net.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool driven by a laptop's own signals: python-dbusmock's
 * NetworkManager and logind on a private system bus (tether-test-laptop),
 * two real Syncthing instances (tether-test-pair), and the engine — in
 * this process, or the real `tether --headless` binary where a test kills
 * it. Each case ends with nothing of Tether's left behind: an empty
 * journal, beta unpaused (unless the user paused it) and its address list
 * in alpha's config as it was.
 */

#include "config.h"

#include <signal.h>

#include "tether-engine.h"
#include "tether-journal.h"
#include "tether-network.h"
#include "tether-test-engine.h"
#include "tether-test-headless.h"
#include "tether-test-laptop.h"
#include "tether-test-pair.h"

#define SOURCES_NM_LOGIND (TETHER_SIGNAL_SOURCE_NETWORK_MANAGER | TETHER_SIGNAL_SOURCE_LOGIND)
#define SOURCES_FALLBACKS (TETHER_SIGNAL_SOURCE_NETWORK_MONITOR | TETHER_SIGNAL_SOURCE_CLOCK)

typedef struct {
  TetherTestPair   *pair;    /* owned, NULL when skipped */
  TetherTestLaptop *laptop;  /* owned, NULL when skipped */
  TetherEngine     *engine;  /* owned, nullable */
} Fixture;

static const char *
beta_id (Fixture *f)
{
  return tether_test_pair_beta_id (f->pair);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  if (tether_test_dbusmock_skip_if_unavailable () ||
      tether_test_headless_skip_if_unavailable ())
    return;

  f->pair = tether_test_pair_new ();
  if (f->pair == NULL)
    return;

  /* Beta cannot dial alpha (as a laptop behind NAT cannot be dialed), and
   * alpha's own timer is an hour: every connection after the first is
   * one Tether made alpha dial. It also keeps these tests clear of a race
   * of Syncthing's own: after a cut (pause, resume) over a path that
   * still works, the peer redials at once, alpha's resume dials at the
   * same moment, and Syncthing 1.19, which exchanges Hello messages one
   * connection at a time, leaves both waiting for its 20 s Hello timeout
   * (seen in about one run in seven of the network-changed case). */
  tether_test_pair_make_one_sided (f->pair);

  /* Before the engine starts: its NetWatch reads DBUS_SYSTEM_BUS_ADDRESS,
   * which the laptop's bus set. */
  f->laptop = tether_test_laptop_new (GPOINTER_TO_UINT (data));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->engine != NULL)
    {
      tether_engine_stop (f->engine);
      g_assert_finalize_object (g_steal_pointer (&f->engine));
    }
  g_clear_pointer (&f->laptop, tether_test_laptop_free);
  g_clear_pointer (&f->pair, tether_test_pair_free);
}

/* ------------------------------------------------------------------ waits */

static gboolean
sources_are (TetherSnapshot *snapshot,
             gconstpointer   data)
{
  return snapshot->sources == (TetherSignalSources) GPOINTER_TO_UINT (data);
}

static gboolean
online_is (TetherSnapshot *snapshot,
           gconstpointer   data)
{
  return snapshot->network_online == GPOINTER_TO_INT (data);
}

static gboolean
network_is (TetherSnapshot *snapshot,
            gconstpointer   data)
{
  return snapshot->network_online && g_strcmp0 (snapshot->network_uuid, data) == 0;
}

static void
wait_sources (Fixture             *f,
              TetherSignalSources  sources)
{
  g_autofree char *what = tether_signal_sources_to_string (sources);

  g_assert_true (tether_test_wait_snapshot (f->engine, sources_are, GUINT_TO_POINTER (sources), what));
}

static void
wait_online (Fixture  *f,
             gboolean  online)
{
  g_assert_true (tether_test_wait_snapshot (f->engine, online_is, GINT_TO_POINTER (online),
                                            online ? "online" : "offline"));
}

static void
wait_network (Fixture           *f,
              TetherTestNetwork  network)
{
  g_assert_true (tether_test_wait_snapshot (f->engine, network_is,
                                            tether_test_network_get_uuid (network),
                                            tether_test_network_get_name (network)));
}

/* logind notices a closed lock asynchronously: poll. */
static void
wait_inhibitors (Fixture *f,
                 guint    n)
{
  g_assert_true (tether_test_laptop_wait_inhibitors (f->laptop, n));
}

static gboolean
beta_paused_cb (gpointer user_data)
{
  return tether_test_pair_beta_paused (user_data);
}

static gboolean
beta_connected_cb (gpointer user_data)
{
  TetherTestPair *pair = user_data;

  return tether_test_syncthing_wait_connected (pair->alpha, pair->beta, TRUE, 0);
}

static TetherDeviceInfo *
beta_info (Fixture *f)
{
  return tether_snapshot_lookup (tether_engine_get_snapshot (f->engine), beta_id (f));
}

/* The engine on alpha, with the laptop's signals live and beta connected. */
static void
start_engine (Fixture *f)
{
  f->engine = tether_test_pair_start_engine (f->pair);
  wait_sources (f, SOURCES_NM_LOGIND);
  wait_network (f, TETHER_TEST_NETWORK_HOME);
  g_assert_true (tether_test_wait_device (f->engine, beta_id (f), TETHER_DEVICE_STATE_CONNECTED));
  wait_inhibitors (f, 1);
}

/* Beta connected through n pre-warms in all; else what both Syncthings
 * said, then fail. */
static void
assert_reconnected (Fixture *f,
                    guint    n)
{
  if (tether_test_wait_reconnects (f->engine, beta_id (f), n))
    return;

  tether_test_pair_print_logs (f->pair);
  g_assert_not_reached ();
}

static void
assert_sleep_pause_journaled (Fixture *f)
{
  g_autoptr(TetherJournal) journal = tether_test_pair_load_journal (f->pair);
  g_autoptr(TetherOverride) o = tether_journal_find (journal, beta_id (f), TETHER_OVERRIDE_PAUSE);

  g_assert_nonnull (o);
  g_assert_cmpstr (o->reason, ==, "sleep");
}

/* ------------------------------------------------------------------ tests */

/* Home → Café under a live connection: Tether cuts it (it rode on the old
 * network) and dials again at once. */
static void
test_network_changed (Fixture       *f,
                      gconstpointer  data)
{
  if (f->pair == NULL)
    return;

  start_engine (f);
  g_assert_cmpuint (beta_info (f)->reconnects, ==, 0);

  tether_test_laptop_switch_to (f->laptop, TETHER_TEST_NETWORK_CAFE);
  wait_network (f, TETHER_TEST_NETWORK_CAFE);
  assert_reconnected (f, 1);
  g_assert_cmpuint (beta_info (f)->prewarms_sent, ==, 1);
  g_test_message ("reconnected %" G_GINT64_FORMAT " ms after the network change",
                  beta_info (f)->last_reconnect_ms);

  g_assert_true (tether_test_pair_wait_restored (f->pair));
}

/* Alpha's dial after beta left failed, so its next one is an hour away.
 * When the network is back, the pre-warm (a new address string, dialed at
 * once) connects. */
static void
test_dial_already_scheduled (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (f->pair == NULL)
    return;

  start_engine (f);

  tether_test_laptop_go_offline (f->laptop);
  wait_online (f, FALSE);

  tether_test_syncthing_stop (f->pair->beta);
  g_assert_true (tether_test_wait_device (f->engine, beta_id (f), TETHER_DEVICE_STATE_DISCONNECTED));
  tether_test_syncthing_start (f->pair->beta, &error);
  g_assert_no_error (error);
  g_assert_false (tether_test_syncthing_wait_connected (f->pair->alpha, f->pair->beta, TRUE, 2));
  /* Offline, Tether left it alone. */
  g_assert_cmpuint (beta_info (f)->prewarms_sent, ==, 0);

  tether_test_laptop_come_online (f->laptop);
  assert_reconnected (f, 1);
  g_assert_cmpuint (beta_info (f)->prewarms_sent, ==, 1);

  g_assert_true (tether_test_pair_wait_restored (f->pair));
}

/* Before sleep, Tether pauses what is connected (peers see a clean close)
 * and only then lets logind go on; awake, it resumes once the network is
 * back, not before. */
static void
test_graceful_sleep (Fixture       *f,
                     gconstpointer  data)
{
  if (f->pair == NULL)
    return;

  start_engine (f);

  tether_test_laptop_sleep (f->laptop);
  g_assert_true (tether_test_wait_paused_by (f->engine, beta_id (f), TETHER_PAUSED_BY_TETHER));
  assert_sleep_pause_journaled (f);
  g_assert_true (tether_test_pair_beta_paused (f->pair));
  wait_inhibitors (f, 0);

  /* NetworkManager goes to sleep too; the machine wakes, Wi-Fi is not
   * back yet. */
  tether_test_laptop_set_state (f->laptop, NM_STATE_ASLEEP);
  wait_online (f, FALSE);
  tether_test_laptop_wake (f->laptop);
  /* The lock for the next sleep is taken on waking: the wake is handled. */
  wait_inhibitors (f, 1);
  g_assert_true (tether_test_pair_beta_paused (f->pair));

  tether_test_laptop_set_state (f->laptop, NM_STATE_CONNECTING);
  tether_test_laptop_come_online (f->laptop);
  assert_reconnected (f, 1);
  g_assert_false (beta_info (f)->paused);
  g_assert_true (tether_test_pair_wait_restored (f->pair));
}

static TetherTestHeadless *
spawn_tether (Fixture    *f,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bus = g_strdup_printf ("DBUS_SYSTEM_BUS_ADDRESS=%s", tether_test_laptop_get_bus_address ());
  g_autofree char *state = g_strdup_printf ("XDG_STATE_HOME=%s", f->pair->state);
  const char *env[] = { bus, state, NULL };
  TetherTestHeadless *tether;

  tether = tether_test_headless_spawn (name, NULL, tether_test_syncthing_get_url (f->pair->alpha),
                                       tether_test_syncthing_get_api_key_file (f->pair->alpha),
                                       env, &error);
  g_assert_no_error (error);

  return tether;
}

/* A tether online, following beta, holding its sleep lock. */
static TetherTestHeadless *
start_tether (Fixture    *f,
              const char *name)
{
  TetherTestHeadless *tether = spawn_tether (f, name);

  /* Before it is online, Tether has nothing to close before a sleep. */
  g_assert_nonnull (tether_test_headless_wait_line (tether, " syncthing ", "->online ", NULL));
  g_assert_true (tether_test_headless_find_line (tether, " device ", beta_id (f), "->connected ", NULL) ||
                 tether_test_headless_wait_line (tether, " device ", beta_id (f), "->connected ", NULL));
  wait_inhibitors (f, 1);

  return tether;
}

/* Going to sleep, wait until Tether's pause is in alpha's config. */
static void
sleep_until_paused (Fixture *f)
{
  tether_test_laptop_sleep (f->laptop);
  g_assert_true (tether_test_wait_until (beta_paused_cb, f->pair, "beta paused by Tether"));
  assert_sleep_pause_journaled (f);
}

/* Killed between its pause and the undo: the pause stays behind, and the
 * next start undoes it. */
static void
test_kill_between_override_and_undo (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(TetherTestHeadless) first = NULL;
  g_autoptr(TetherTestHeadless) second = NULL;

  if (f->pair == NULL)
    return;

  first = start_tether (f, "tether-1");
  sleep_until_paused (f);

  tether_test_headless_send_signal (first, SIGKILL);
  g_assert_false (tether_test_headless_wait_exit (first));
  g_assert_true (tether_test_pair_beta_paused (f->pair));
  assert_sleep_pause_journaled (f);

  /* The machine wakes; the next tether finds its predecessor's pause. */
  tether_test_laptop_wake (f->laptop);
  second = spawn_tether (f, "tether-2");
  g_assert_true (tether_test_pair_wait_restored (f->pair));
  g_assert_true (tether_test_wait_until (beta_connected_cb, f->pair, "beta connected again"));
  g_assert_nonnull (tether_test_headless_wait_line (second, " device ", beta_id (f), "->connected ", NULL));

  tether_test_headless_send_signal (second, SIGTERM);
  g_assert_true (tether_test_headless_wait_exit (second));
  g_assert_true (tether_test_pair_restored (f->pair));
}

/* SIGTERM while its sleep pause is in place: undone on the way out. */
static void
test_sigterm_undoes (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TetherTestHeadless) tether = NULL;
  gint64 start_us;

  if (f->pair == NULL)
    return;

  tether = start_tether (f, "tether");
  sleep_until_paused (f);

  start_us = g_get_monotonic_time ();
  tether_test_headless_send_signal (tether, SIGTERM);
  g_assert_true (tether_test_headless_wait_exit (tether));
  g_test_message ("exited %" G_GINT64_FORMAT " ms after SIGTERM",
                  (g_get_monotonic_time () - start_us) / 1000);
  g_assert_true (tether_test_pair_restored (f->pair));
}

/* Nothing of Tether's in place, nothing pre-warmed, beta as the user left
 * it. */
static void
assert_untouched (Fixture *f)
{
  g_assert_true (tether_test_pair_journal_is_empty (f->pair));
  g_assert_true (tether_test_pair_beta_paused (f->pair));
  g_assert_cmpuint (beta_info (f)->prewarms_sent, ==, 0);
  g_assert_cmpint (beta_info (f)->paused_by, ==, TETHER_PAUSED_BY_USER);
}

/* What the user paused stays paused through sleep, wake, a network change
 * and connectivity lost and back. */
static void
test_user_paused_stays (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TetherStDevice) device = NULL;

  if (f->pair == NULL)
    return;

  start_engine (f);
  tether_test_pair_user_pauses_beta (f->pair);
  g_assert_true (tether_test_wait_paused_by (f->engine, beta_id (f), TETHER_PAUSED_BY_USER));

  /* Nothing to close: the lock goes at once. */
  tether_test_laptop_sleep (f->laptop);
  wait_inhibitors (f, 0);
  assert_untouched (f);

  tether_test_laptop_go_offline (f->laptop);
  wait_online (f, FALSE);
  tether_test_laptop_wake (f->laptop);
  wait_inhibitors (f, 1);
  tether_test_laptop_come_online (f->laptop);
  wait_online (f, TRUE);
  assert_untouched (f);

  tether_test_laptop_switch_to (f->laptop, TETHER_TEST_NETWORK_CAFE);
  wait_network (f, TETHER_TEST_NETWORK_CAFE);
  assert_untouched (f);

  tether_test_laptop_go_offline (f->laptop);
  wait_online (f, FALSE);
  tether_test_laptop_come_online (f->laptop);
  wait_online (f, TRUE);
  assert_untouched (f);

  /* Leaving changes nothing either. */
  tether_engine_stop (f->engine);
  assert_untouched (f);
  device = tether_test_pair_beta_config (f->pair);
  g_assert_true (g_strv_equal ((const char * const *) device->addresses,
                               (const char * const *) f->pair->original));
}

/* No NetworkManager, no logind: GNetworkMonitor and the clock stand in,
 * the snapshot says so, and the pool still works. */
static void
test_fallbacks (Fixture       *f,
                gconstpointer  data)
{
  if (f->pair == NULL)
    return;

  f->engine = tether_test_pair_start_engine (f->pair);
  wait_sources (f, SOURCES_FALLBACKS);
  g_assert_true (tether_test_wait_device (f->engine, beta_id (f), TETHER_DEVICE_STATE_CONNECTED));
  g_assert_null (tether_engine_get_snapshot (f->engine)->network_uuid);

  tether_engine_reconnect_device (f->engine, beta_id (f));
  assert_reconnected (f, 1);
  g_assert_true (tether_test_pair_wait_restored (f->pair));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, services, func) \
  g_test_add ("/tether/pool-net/" path, Fixture, GUINT_TO_POINTER (services), setup, func, teardown)

  ADD ("network-changed", TETHER_TEST_LAPTOP_ALL, test_network_changed);
  ADD ("dial-already-scheduled", TETHER_TEST_LAPTOP_ALL, test_dial_already_scheduled);
  ADD ("graceful-sleep", TETHER_TEST_LAPTOP_ALL, test_graceful_sleep);
  ADD ("kill-between-override-and-undo", TETHER_TEST_LAPTOP_ALL, test_kill_between_override_and_undo);
  ADD ("sigterm-undoes", TETHER_TEST_LAPTOP_ALL, test_sigterm_undoes);
  ADD ("user-paused-stays", TETHER_TEST_LAPTOP_ALL, test_user_paused_stays);
  ADD ("fallbacks", TETHER_TEST_LAPTOP_BUS_ONLY, test_fallbacks);

#undef ADD

  ret = g_test_run ();
  tether_test_laptop_bus_down ();

  return ret;
}
