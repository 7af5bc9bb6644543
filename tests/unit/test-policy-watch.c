/* test-policy-watch.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watching a lost device's address: when the policy knocks, how often,
 * and what an answer leads to.
 */

#include "config.h"

#include "tether-policy.h"

#define NOW    G_GINT64_CONSTANT (1800000000000000)
#define MINUTE G_TIME_SPAN_MINUTE

static TetherSlotView
lost_slot (gint64 ago_us)
{
  TetherSlotView slot = { .p_reachable = -1, .watchable = TRUE };

  slot.last_connected_us = NOW - ago_us;
  slot.lost_us = NOW - ago_us;

  return slot;
}

static TetherDecisionKind
decide (const TetherSlotView *slot,
        TetherPoolMode        mode,
        TetherTrigger         trigger,
        gint64               *delay_ms)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE };
  g_auto(TetherDecision) d = { 0 };

  tether_policy_settings_init_defaults (&settings);
  settings.mode = mode;
  tether_policy_decide (slot, trigger, &net, &settings, NOW, &d);
  if (d.kind != TETHER_DECISION_NONE)
    g_assert_nonnull (d.reason);
  if (delay_ms != NULL)
    *delay_ms = d.delay_ms;

  return d.kind;
}

/* Just lost: every mode but "off" knocks four times a second. */
static void
test_just_lost (void)
{
  TetherSlotView slot = lost_slot (MINUTE);
  TetherPoolMode modes[] = { TETHER_POOL_MODE_PASSIVE, TETHER_POOL_MODE_ACTIVE, TETHER_POOL_MODE_ADAPTIVE };
  gint64 delay_ms = 0;

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_assert_cmpint (decide (&slot, modes[i], TETHER_TRIGGER_DISCONNECTED, &delay_ms), ==,
                       TETHER_DECISION_WATCH);
      g_assert_cmpint (delay_ms, ==, TETHER_WATCH_FAST_MS);
    }
  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_OFF, TETHER_TRIGGER_DISCONNECTED, NULL), ==,
                   TETHER_DECISION_NONE);
}

/* Nothing to knock at (relays only, "dynamic" never reached): the old
 * rules, a config-write retry for active and nothing for passive. */
static void
test_not_watchable (void)
{
  TetherSlotView slot = lost_slot (MINUTE);

  slot.watchable = FALSE;
  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_PASSIVE, TETHER_TRIGGER_DISCONNECTED, NULL), ==,
                   TETHER_DECISION_NONE);
  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_ACTIVE, TETHER_TRIGGER_DISCONNECTED, NULL), ==,
                   TETHER_DECISION_RETRY_LATER);
}

/* A retry due at a set time (a peer's old copy expiring) dials, it does
 * not knock: the peer is up and would answer while still refusing us. */
static void
test_retry_does_not_knock (void)
{
  TetherSlotView slot = lost_slot (MINUTE);

  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_ACTIVE, TETHER_TRIGGER_RETRY, NULL), ==,
                   TETHER_DECISION_PREWARM);
  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_PASSIVE, TETHER_TRIGGER_RETRY, NULL), ==,
                   TETHER_DECISION_NONE);
}

/* Slower with age: fast for ten minutes, then within the linger window
 * (30 min by default), then only active keeps knocking, or adaptive where
 * the pattern says the device is likely reachable. */
static void
test_interval_by_age (void)
{
  TetherPolicySettings settings;
  TetherSlotView slot;

  tether_policy_settings_init_defaults (&settings);

  slot = lost_slot (20 * MINUTE);
  settings.mode = TETHER_POOL_MODE_PASSIVE;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, TETHER_WATCH_SLOW_MS);

  slot = lost_slot (120 * MINUTE);
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, 0);
  settings.mode = TETHER_POOL_MODE_ACTIVE;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, TETHER_WATCH_IDLE_MS);
  settings.mode = TETHER_POOL_MODE_ADAPTIVE;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, 0);
  slot.p_reachable = 0.8;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, TETHER_WATCH_SLOW_MS);

  /* Never connected, lost time unknown: only active knocks. */
  slot = lost_slot (0);
  slot.last_connected_us = slot.lost_us = 0;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, 0);
  settings.mode = TETHER_POOL_MODE_ACTIVE;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, TETHER_WATCH_IDLE_MS);
}

/* A device that answers but does not connect is knocked at less often,
 * never less than once a minute. */
static void
test_interval_backs_off (void)
{
  TetherPolicySettings settings;
  TetherSlotView slot = lost_slot (MINUTE);

  tether_policy_settings_init_defaults (&settings);
  slot.failed_attempts = 2;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, 4 * TETHER_WATCH_FAST_MS);
  slot.failed_attempts = 30;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, TETHER_WATCH_MAX_MS);
}

/* Never a knock at what is connected, paused or parked. */
static void
test_no_watch_when_not_lost (void)
{
  TetherPolicySettings settings;
  TetherSlotView slot;

  tether_policy_settings_init_defaults (&settings);
  slot = lost_slot (MINUTE);
  slot.connected = TRUE;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, 0);
  slot = lost_slot (MINUTE);
  slot.paused_by = TETHER_PAUSED_BY_USER;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, 0);
  slot = lost_slot (MINUTE);
  slot.paused_by = TETHER_PAUSED_BY_TETHER;
  slot.parked = TRUE;
  g_assert_cmpint (tether_policy_watch_interval_ms (&slot, &settings, NOW), ==, 0);
}

/* An answer is a pre-warm, unless the device is back already, parked, or
 * left to Syncthing. */
static void
test_answered (void)
{
  TetherSlotView slot = lost_slot (MINUTE);

  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_PASSIVE, TETHER_TRIGGER_ANSWERED, NULL), ==,
                   TETHER_DECISION_PREWARM);
  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_OFF, TETHER_TRIGGER_ANSWERED, NULL), ==,
                   TETHER_DECISION_NONE);
  slot.connected = TRUE;
  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_ACTIVE, TETHER_TRIGGER_ANSWERED, NULL), ==,
                   TETHER_DECISION_NONE);
  slot = lost_slot (MINUTE);
  slot.paused_by = TETHER_PAUSED_BY_TETHER;
  slot.parked = TRUE;
  g_assert_cmpint (decide (&slot, TETHER_POOL_MODE_ACTIVE, TETHER_TRIGGER_ANSWERED, NULL), ==,
                   TETHER_DECISION_NONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/policy/watch/just-lost", test_just_lost);
  g_test_add_func ("/tether/policy/watch/not-watchable", test_not_watchable);
  g_test_add_func ("/tether/policy/watch/retry-does-not-knock", test_retry_does_not_knock);
  g_test_add_func ("/tether/policy/watch/interval-by-age", test_interval_by_age);
  g_test_add_func ("/tether/policy/watch/interval-backs-off", test_interval_backs_off);
  g_test_add_func ("/tether/policy/watch/no-watch-when-not-lost", test_no_watch_when_not_lost);
  g_test_add_func ("/tether/policy/watch/answered", test_answered);

  return g_test_run ();
}
