/* bench-reconnect.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How long Syncthing takes to reconnect a laptop to its peer after the
 * moments Tether is for, alone and with Tether (issue 3, "Benchmark").
 *
 * A testbed is two network namespaces joined by a veth pair, 10.77.N.0/24:
 * the laptop (.1 or .2) and its peer (.100), each with a real Syncthing
 * listening on :22000 (nothing else: no global discovery, relays, NAT or
 * STUN; local discovery only where a scenario says). Tether is the real
 * `tether --headless`, run in the laptop's namespace with `ip netns exec`,
 * with dbusmock's NetworkManager and logind on a private system bus; the
 * benchmark emits what a real laptop's would. Runs with and without Tether
 * alternate on the same testbed.
 *
 * Scenarios:
 *  1. network switch: the laptop's address changes under a live
 *     connection (ip addr del/add), NetworkManager reports another network.
 *     The peer has the laptop as "dynamic" (no discovery): the laptop dials.
 *     Syncthing alone waits for its 300 s receive timeout, so its runs go
 *     on testbeds of their own, in the background, while the rest runs.
 *  2. resume: logind says PrepareForSleep(true), NetworkManager ASLEEP,
 *     the laptop's processes are stopped (SIGSTOP) and its link goes down;
 *     the peer drops its copy of the connection meanwhile (`ss -K`, standing
 *     in for its 300 s timeout in a sleep long enough for it); on waking
 *     the processes go on (SIGCONT), and the link comes up a few seconds
 *     later, when NetworkManager reports connectivity.
 *  3. a laptop its peer cannot dial (inbound SYNs dropped by an nft rule
 *     in its namespace; without nft, it listens on loopback only)
 *     whose peer goes away and comes back: with static addresses, and with
 *     "dynamic" ones found by local discovery.
 *
 * Measured: from "network back" (the new address or the link up) or "peer
 * back" (the peer's ListenAddressesChanged event) to the laptop Syncthing's
 * own DeviceConnected event for the peer, both wall-clock timestamps.
 * Syncthing alone is given a cap; a run that reaches it counts as "> cap".
 * Scenario 1's runs alone cost no time of their own, so their cap is
 * longer.
 *
 * Environment (defaults in brackets; about 15 minutes in all):
 *   TETHER_BENCH_RUNS              runs with Tether per scenario [5]
 *   TETHER_BENCH_ALONE_RUNS        runs alone in scenarios 2 and 3 dynamic [3]
 *   TETHER_BENCH_SWITCH_ALONE_RUNS scenario 1 alone: background testbeds [2]
 *   TETHER_BENCH_STATIC_RUNS       scenario 3 static alone [1]: up to two
 *                                  minutes each (Syncthing's 60 s redial)
 *   TETHER_BENCH_CAP_S             the cap [360]
 *   TETHER_BENCH_SWITCH_CAP_S      scenario 1's cap [900]
 *   TETHER_BENCH_SCENARIOS         some of switch,resume,static,dynamic [all]
 *   TETHER_BENCH_DEBUG             set: Tether's debug log and both
 *                                  Syncthing logs in the output
 */

#include "config.h"

#include <math.h>
#include <signal.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bench-testbed.h"
#include "tether-test-engine.h"
#include "tether-test-headless.h"
#include "tether-test-laptop.h"

#define SLEEP_S          5     /* scenario 2: asleep, link down */
#define LINK_DELAY_S     3     /* scenario 2: awake, link still down */
#define AWAY_S           5     /* scenario 3: the peer is gone */
#define MAX_TESTBEDS     8

typedef struct {
  TetherTestLaptop *mocks;        /* owned: NetworkManager and logind */
  char             *state_dir;    /* owned: Tether's XDG_STATE_HOME */
  guint             runs;
  guint             alone_runs;
  guint             switch_alone_runs;
  guint             static_runs;  /* scenario 3 static, alone */
  guint             cap_s;
  guint             switch_cap_s; /* scenario 1 alone, in the background */
} Bench;

/* Seconds per run; a negative value is a run that reached the cap. */
typedef struct {
  const char *name;
  guint       cap_s;
  GArray     *alone;
  GArray     *tether;
} Result;

/* Scenario 1 alone, on a testbed of its own. */
typedef struct {
  BenchTestbed *tb;       /* owned */
  gint64        since;    /* the laptop's last event before the switch */
  gint64        mark_us;  /* when the new address was in place */
} Background;

static void
background_free (Background *bg)
{
  bench_testbed_free (bg->tb);
  g_free (bg);
}

/* Seconds from mark to the laptop's DeviceConnected for the peer, or -1
 * when the cap is reached first. */
static double
wait_reconnected (BenchTestbed *tb,
                  gint64        since,
                  gint64        mark_us,
                  guint         cap_s)
{
  gint64 when = bench_testbed_wait_event (tb, tb->laptop, "DeviceConnected",
                                         tether_test_syncthing_get_device_id (tb->peer), since,
                                         mark_us + (gint64) cap_s * G_USEC_PER_SEC);

  if (when < 0)
    return -1;
  if (when < mark_us)
    g_test_message ("testbed %u: connected %.3f s before the mark", tb->index,
                    (mark_us - when) / (double) G_USEC_PER_SEC);

  return MAX (0, when - mark_us) / (double) G_USEC_PER_SEC;
}

/* --------------------------------------------------------------- Tether */

/* tether --headless in the laptop's namespace, online, following the peer,
 * holding its sleep lock. */
static TetherTestHeadless *
tether_start (Bench        *b,
              BenchTestbed *tb)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bus = g_strdup_printf ("DBUS_SYSTEM_BUS_ADDRESS=%s", tether_test_laptop_get_bus_address ());
  g_autofree char *state = g_strdup_printf ("XDG_STATE_HOME=%s", b->state_dir);
  const char *debug = g_getenv ("TETHER_BENCH_DEBUG") ? "G_MESSAGES_DEBUG=Tether" : "TETHER_BENCH=1";
  const char *env[] = { bus, state, debug, NULL };
  const char *wrapper[] = { bench_netns_ip (), "netns", "exec", tb->laptop_ns, NULL };
  const char *peer_id = tether_test_syncthing_get_device_id (tb->peer);
  TetherTestHeadless *tether;

  tether = tether_test_headless_spawn ("tether", wrapper, tether_test_syncthing_get_url (tb->laptop),
                                       tether_test_syncthing_get_api_key_file (tb->laptop), env, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tether_test_headless_wait_line (tether, " syncthing ", "->online ", NULL));
  g_assert_true (tether_test_headless_find_line (tether, " device ", peer_id, "->connected ", NULL) ||
                 tether_test_headless_wait_line (tether, " device ", peer_id, "->connected ", NULL));
  g_assert_true (tether_test_laptop_wait_inhibitors (b->mocks, 1));

  return tether;
}

static void
tether_stop (Bench              *b,
             TetherTestHeadless *tether)
{
  tether_test_headless_send_signal (tether, SIGTERM);
  g_assert_true (tether_test_headless_wait_exit (tether));
  tether_test_headless_free (tether);
  g_assert_true (tether_test_laptop_wait_inhibitors (b->mocks, 0));
}

/* ------------------------------------------------------------ scenarios */

/* What a scenario does to the connected testbed (tether: nullable, the
 * running Tether). Returns when the network or the peer was back. */
typedef gint64 (*Disrupt) (Bench              *b,
                           BenchTestbed       *tb,
                           TetherTestHeadless *tether);

static gint64
disrupt_switch (Bench              *b,
                BenchTestbed       *tb,
                TetherTestHeadless *tether)
{
  TetherTestNetwork next = tether_test_laptop_get_network (b->mocks) == TETHER_TEST_NETWORK_HOME
    ? TETHER_TEST_NETWORK_CAFE : TETHER_TEST_NETWORK_HOME;
  gint64 mark = bench_testbed_switch_address (tb);

  tether_test_laptop_switch_to (b->mocks, next);
  return mark;
}

static gint64
disrupt_sleep (Bench              *b,
               BenchTestbed       *tb,
               TetherTestHeadless *tether)
{
  g_autofree char *laptop_address = bench_testbed_address (tb, tb->laptop_host);
  gint64 mark;

  /* Going to sleep: logind waits for delay locks (5 s at most). */
  tether_test_laptop_sleep (b->mocks);
  if (tether != NULL && !tether_test_laptop_wait_inhibitors (b->mocks, 0))
    g_test_message ("Tether did not release its sleep lock");
  tether_test_laptop_set_state (b->mocks, NM_STATE_ASLEEP);
  tether_test_syncthing_send_signal (tb->laptop, SIGSTOP);
  if (tether != NULL)
    tether_test_headless_send_signal (tether, SIGSTOP);
  bench_ip ("-n", tb->laptop_ns, "link", "set", tb->laptop_if, "down", NULL);

  /* Asleep long enough for the peer to drop its copy of the connection. */
  bench_netns_run (tb->peer_ns, FALSE, "ss", "-K", "dst", laptop_address, NULL);
  g_usleep (SLEEP_S * G_USEC_PER_SEC);

  /* Awake; Wi-Fi comes back a few seconds later. */
  tether_test_syncthing_send_signal (tb->laptop, SIGCONT);
  if (tether != NULL)
    tether_test_headless_send_signal (tether, SIGCONT);
  tether_test_laptop_wake (b->mocks);
  tether_test_laptop_set_state (b->mocks, NM_STATE_DISCONNECTED);
  g_usleep (LINK_DELAY_S * G_USEC_PER_SEC);
  tether_test_laptop_set_state (b->mocks, NM_STATE_CONNECTING);
  bench_ip ("-n", tb->laptop_ns, "link", "set", tb->laptop_if, "up", NULL);
  mark = g_get_real_time ();
  tether_test_laptop_set_state (b->mocks, NM_STATE_CONNECTED_GLOBAL);

  return mark;
}

static gint64
disrupt_peer_away (Bench              *b,
                   BenchTestbed       *tb,
                   TetherTestHeadless *tether)
{
  gint64 mark;

  bench_testbed_stop (tb, tb->peer);
  bench_netns_enter (tb->laptop_ns);
  g_assert_true (tether_test_syncthing_wait_connected (tb->laptop, tb->peer, FALSE, 60));
  bench_netns_leave ();
  g_usleep (AWAY_S * G_USEC_PER_SEC);

  /* Back the moment it listens (a new process: its events start over). */
  bench_testbed_start (tb, tb->peer);
  mark = bench_testbed_wait_event (tb, tb->peer, "ListenAddressesChanged", NULL, 0,
                                   g_get_real_time () + 10 * G_USEC_PER_SEC);
  g_assert_cmpint (mark, >, 0);

  return mark;
}

/* One run: connected, Tether started (or not), the disruption, the wait
 * for the laptop's DeviceConnected. Seconds, or -1 for the cap. */
static double
run_once (Bench        *b,
          BenchTestbed *tb,
          Disrupt       disrupt,
          gboolean      with_tether,
          guint         cap_s)
{
  TetherTestHeadless *tether = NULL;
  gint64 since, mark;
  double seconds;

  bench_testbed_ensure_connected (tb);
  if (disrupt == disrupt_switch)
    bench_testbed_wait_steady (tb);
  if (with_tether)
    tether = tether_start (b, tb);

  since = bench_testbed_last_event_id (tb, tb->laptop);
  mark = disrupt (b, tb, tether);
  seconds = wait_reconnected (tb, since, mark, cap_s);

  if (tether != NULL)
    tether_stop (b, tether);
  return seconds;
}

/* Scenario 3's set-up: the peer cannot dial the laptop; addresses static,
 * or dynamic with local discovery on both sides. */
static void
peer_cannot_dial (BenchTestbed *tb,
                  gboolean      dynamic)
{
  g_autofree char *laptop_url = bench_testbed_sync_url (tb, tb->laptop_host);
  g_autofree char *peer_url = bench_testbed_sync_url (tb, BENCH_PEER_HOST);
  g_autofree char *to_laptop = g_strdup_printf ("[\"%s\"]", dynamic ? "dynamic" : laptop_url);
  g_autofree char *to_peer = g_strdup_printf ("[\"%s\"]", dynamic ? "dynamic" : peer_url);
  const char *discovery = dynamic ? "{\"localAnnounceEnabled\": true}" : "{\"localAnnounceEnabled\": false}";

  /* Once, kept for the dynamic case. */
  if (!dynamic)
    bench_testbed_block_inbound (tb);

  bench_testbed_set_device (tb, tb->laptop, tb->peer, to_peer);
  bench_testbed_set_device (tb, tb->peer, tb->laptop, to_laptop);
  g_free (bench_testbed_rest (tb, tb->laptop, "PATCH", "/rest/config/options", discovery));
  g_free (bench_testbed_rest (tb, tb->peer, "PATCH", "/rest/config/options", discovery));
  bench_testbed_restart (tb, tb->laptop);
  bench_testbed_restart (tb, tb->peer);
}

/* ---------------------------------------------------------------- report */

static int
compare_seconds (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  /* Capped runs (< 0) last. */
  if (x < 0)
    x = G_MAXDOUBLE;
  if (y < 0)
    y = G_MAXDOUBLE;
  return x < y ? -1 : x > y;
}

static double
median_of (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint n = sorted->len;
  double lo, hi;

  if (n == 0)
    return NAN;
  g_array_sort (sorted, compare_seconds);
  lo = g_array_index (sorted, double, (n - 1) / 2);
  hi = g_array_index (sorted, double, n / 2);
  if (lo < 0 || hi < 0)
    return -1;
  return (lo + hi) / 2;
}

static char *
format_seconds (guint  cap_s,
                double s)
{
  if (isnan (s))
    return g_strdup ("-");
  if (s < 0)
    return g_strdup_printf ("> %u", cap_s);
  return g_strdup_printf ("%.3f", s);
}

static char *
format_column (guint   cap_s,
               GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  g_autofree char *median = NULL, *min = NULL, *max = NULL;

  if (sorted->len == 0)
    return g_strdup_printf ("%2u runs %10s %10s %10s", 0, "-", "-", "-");
  g_array_sort (sorted, compare_seconds);
  median = format_seconds (cap_s, median_of (values));
  min = format_seconds (cap_s, g_array_index (sorted, double, 0));
  max = format_seconds (cap_s, g_array_index (sorted, double, sorted->len - 1));

  return g_strdup_printf ("%2u runs %10s %10s %10s", sorted->len, median, min, max);
}

static void
report (Result *results,
        guint   n_results)
{
  g_test_message ("Reconnect latency in seconds, from network (or peer) back to connected");
  g_test_message ("%-28s | %-38s | %-38s | %s", "", "Syncthing alone: median min max",
                  "Syncthing + Tether: median min max", "ratio of medians");

  for (guint i = 0; i < n_results; i++)
    {
      g_autofree char *alone = format_column (results[i].cap_s, results[i].alone);
      g_autofree char *tether = format_column (results[i].cap_s, results[i].tether);
      double ma = median_of (results[i].alone), mt = median_of (results[i].tether);
      g_autofree char *ratio = NULL;

      if (isnan (ma) || isnan (mt) || mt <= 0 || (ma < 0 && mt < 0))
        ratio = g_strdup ("-");
      else if (ma < 0)
        ratio = g_strdup_printf ("> %.0fx", results[i].cap_s / mt);
      else
        ratio = g_strdup_printf ("%.0fx", ma / mt);

      g_test_message ("%-28s | %s | %s | %s", results[i].name, alone, tether, ratio);
    }
}

static void
record (Result   *result,
        gboolean  with_tether,
        double    seconds)
{
  g_autofree char *text = format_seconds (result->cap_s, seconds);

  g_test_message ("%s, %s: %s s", result->name, with_tether ? "with Tether" : "Syncthing alone", text);
  g_array_append_val (with_tether ? result->tether : result->alone, seconds);
}

/* Alone and with Tether, alternating on one testbed. */
static void
run_scenario (Bench        *b,
              BenchTestbed *tb,
              Result       *result,
              Disrupt       disrupt,
              guint         alone_runs,
              guint         tether_runs)
{
  for (guint i = 0; i < MAX (alone_runs, tether_runs); i++)
    {
      if (i < alone_runs)
        record (result, FALSE, run_once (b, tb, disrupt, FALSE, result->cap_s));
      if (i < tether_runs)
        record (result, TRUE, run_once (b, tb, disrupt, TRUE, result->cap_s));
      if (g_getenv ("TETHER_BENCH_DEBUG") != NULL)
        {
          tether_test_syncthing_print_log (tb->laptop);
          tether_test_syncthing_print_log (tb->peer);
        }
    }
}

/* ------------------------------------------------------------------ main */

/* Tether's journal is all it writes there. */
static void
remove_state (const char *dir)
{
  g_autofree char *tether = g_build_filename (dir, "tether", NULL);
  g_autofree char *journal = g_build_filename (tether, "journal", NULL);

  g_unlink (journal);
  g_rmdir (tether);
  g_rmdir (dir);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static gboolean
wanted (const char *scenario)
{
  const char *list = g_getenv ("TETHER_BENCH_SCENARIOS");
  g_auto(GStrv) names = NULL;

  if (list == NULL || *list == '\0')
    return TRUE;
  names = g_strsplit (list, ",", -1);
  return g_strv_contains ((const char * const *) names, scenario);
}

static void
bench_reconnect (void)
{
  g_autofree char *why = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) background = g_ptr_array_new_with_free_func ((GDestroyNotify) background_free);
  g_autoptr(GError) error = NULL;
  BenchTestbed *main_tb;
  Bench b = { 0 };
  Result results[] = {
    { "1. network switch" },
    { "2. resume" },
    { "3. peer back, static" },
    { "3. peer back, dynamic" },
  };

  if ((why = bench_netns_unavailable ()) != NULL)
    {
      g_test_skip (why);
      return;
    }
  if (tether_test_syncthing_skip_if_unavailable () ||
      tether_test_dbusmock_skip_if_unavailable () ||
      tether_test_headless_skip_if_unavailable ())
    return;

  b.runs = env_uint ("TETHER_BENCH_RUNS", 5);
  b.alone_runs = env_uint ("TETHER_BENCH_ALONE_RUNS", 3);
  b.switch_alone_runs = wanted ("switch")
    ? MIN (env_uint ("TETHER_BENCH_SWITCH_ALONE_RUNS", 2), MAX_TESTBEDS - 1) : 0;
  b.static_runs = env_uint ("TETHER_BENCH_STATIC_RUNS", 1);
  b.cap_s = env_uint ("TETHER_BENCH_CAP_S", 360);
  b.switch_cap_s = MAX (b.cap_s, env_uint ("TETHER_BENCH_SWITCH_CAP_S", 900));
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      results[i].cap_s = i == 0 ? b.switch_cap_s : b.cap_s;
      results[i].alone = g_array_new (FALSE, FALSE, sizeof (double));
      results[i].tether = g_array_new (FALSE, FALSE, sizeof (double));
    }

  /* Every namespace this run may make is deleted however it ends. */
  for (guint i = 0; i <= b.switch_alone_runs; i++)
    {
      BenchTestbed *names_of = bench_testbed_new (i);

      g_ptr_array_add (names, g_strdup (names_of->laptop_ns));
      g_ptr_array_add (names, g_strdup (names_of->peer_ns));
      bench_testbed_free (names_of);
    }
  g_ptr_array_add (names, NULL);
  bench_netns_guard ((const char * const *) names->pdata);

  b.state_dir = g_dir_make_tmp ("tether-bench-state-XXXXXX", &error);
  g_assert_no_error (error);
  b.mocks = tether_test_laptop_new (TETHER_TEST_LAPTOP_ALL);

  /* Scenario 1 alone takes minutes: its runs go in the background. */
  for (guint i = 1; i <= b.switch_alone_runs; i++)
    {
      Background *bg = g_new0 (Background, 1);
      BenchTestbed *tb = bg->tb = bench_testbed_new (i);

      bench_testbed_up (tb);
      bench_testbed_ensure_connected (tb);
      bench_testbed_wait_steady (tb);
      bg->since = bench_testbed_last_event_id (tb, tb->laptop);
      bg->mark_us = bench_testbed_switch_address (tb);
      g_ptr_array_add (background, bg);
    }

  main_tb = bench_testbed_new (0);
  bench_testbed_up (main_tb);

  if (wanted ("switch"))
    run_scenario (&b, main_tb, &results[0], disrupt_switch, 0, b.runs);
  if (wanted ("resume"))
    run_scenario (&b, main_tb, &results[1], disrupt_sleep, b.alone_runs, b.runs);
  if (wanted ("static") || wanted ("dynamic"))
    peer_cannot_dial (main_tb, FALSE);
  if (wanted ("static"))
    run_scenario (&b, main_tb, &results[2], disrupt_peer_away, b.static_runs, b.runs);
  if (wanted ("dynamic"))
    {
      peer_cannot_dial (main_tb, TRUE);
      run_scenario (&b, main_tb, &results[3], disrupt_peer_away, b.alone_runs, b.runs);
    }

  for (guint i = 0; i < background->len; i++)
    {
      Background *bg = g_ptr_array_index (background, i);

      record (&results[0], FALSE, wait_reconnected (bg->tb, bg->since, bg->mark_us, results[0].cap_s));
    }

  report (results, G_N_ELEMENTS (results));

  bench_testbed_free (main_tb);
  g_clear_pointer (&background, g_ptr_array_unref);
  tether_test_laptop_free (b.mocks);
  tether_test_laptop_bus_down ();
  bench_netns_cleanup ();
  remove_state (b.state_dir);
  g_free (b.state_dir);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_array_unref (results[i].alone);
      g_array_unref (results[i].tether);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/bench/reconnect", bench_reconnect);

  return g_test_run ();
}
