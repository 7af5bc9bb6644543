/* test-policy.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The policies are pure: every mode × trigger × slot state is a row.
 */

#include "config.h"

#include "tether-policy.h"

#define NOW     G_GINT64_CONSTANT (1800000000000000)
#define MINUTE  G_TIME_SPAN_MINUTE
#define P       TETHER_POOL_MODE_PASSIVE
#define A       TETHER_POOL_MODE_ACTIVE
#define AD      TETHER_POOL_MODE_ADAPTIVE
#define OFF     TETHER_POOL_MODE_OFF

#define NONE    TETHER_DECISION_NONE
#define WARM    TETHER_DECISION_PREWARM
#define CUT     TETHER_DECISION_CUT_AND_PREWARM
#define LATER   TETHER_DECISION_RETRY_LATER
#define PARK    TETHER_DECISION_PARK
#define UNPARK  TETHER_DECISION_UNPARK
#define MPAUSE  TETHER_DECISION_PAUSE_METERED
#define MRESUME TETHER_DECISION_RESUME_METERED

typedef enum {
  OFFLINE_RECENT,    /* offline, connected 5 min ago */
  OFFLINE_OLD,       /* offline, connected 2 h ago */
  OFFLINE_NEVER,     /* offline, never connected */
  CONNECTED_WAN,
  CONNECTED_LAN,
  USER_PAUSED,
  PARKED,
  FUTILE,            /* offline; 12 attempts on this network, none reached it */
  METERED_PAUSED,
  N_SLOTS
} SlotKind;

static const char *slot_names[] = {
  "offline-recent", "offline-old", "offline-never", "connected-wan", "connected-lan",
  "user-paused", "parked", "futile", "metered-paused",
};

static TetherSlotView
make_slot (SlotKind kind)
{
  TetherSlotView slot = { .p_reachable = -1 };

  switch (kind)
    {
    case OFFLINE_RECENT: slot.last_connected_us = NOW - 5 * MINUTE; break;
    case OFFLINE_OLD:    slot.last_connected_us = NOW - 120 * MINUTE; break;
    case OFFLINE_NEVER:  break;
    case CONNECTED_WAN:  slot.connected = TRUE; slot.last_connected_us = NOW; break;
    case CONNECTED_LAN:  slot.connected = TRUE; slot.connected_on_lan = TRUE; slot.last_connected_us = NOW; break;
    case USER_PAUSED:    slot.paused_by = TETHER_PAUSED_BY_USER; break;
    case PARKED:         slot.paused_by = TETHER_PAUSED_BY_TETHER; slot.parked = TRUE; break;
    case FUTILE:         slot.attempts_on_network = TETHER_POLICY_PARK_AFTER_ATTEMPTS; break;
    case METERED_PAUSED: slot.paused_by = TETHER_PAUSED_BY_TETHER; slot.metered_paused = TRUE; break;
    case N_SLOTS:
    default:             g_assert_not_reached ();
    }

  return slot;
}

typedef struct {
  TetherPoolMode     mode;
  TetherTrigger      trigger;
  TetherDecisionKind expect[N_SLOTS];
} Row;

/* Columns: offline-recent, offline-old, offline-never, connected-wan,
 * connected-lan, user-paused, parked, futile, metered-paused. Online,
 * unmetered, slept 10 min, our address changed on a network change. */
static const Row rows[] = {
  { P,  TETHER_TRIGGER_RESUME,          { WARM, NONE, NONE, CUT, CUT, NONE, NONE, NONE, MRESUME } },
  { A,  TETHER_TRIGGER_RESUME,          { WARM, WARM, WARM, CUT, CUT, NONE, NONE, WARM, MRESUME } },
  { AD, TETHER_TRIGGER_RESUME,          { WARM, WARM, WARM, CUT, CUT, NONE, NONE, WARM, MRESUME } },
  { OFF,TETHER_TRIGGER_RESUME,          { NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, MRESUME } },

  { P,  TETHER_TRIGGER_NETWORK_CHANGED, { WARM, NONE, NONE, CUT, CUT, NONE, UNPARK, NONE, MRESUME } },
  { A,  TETHER_TRIGGER_NETWORK_CHANGED, { WARM, WARM, WARM, CUT, CUT, NONE, UNPARK, WARM, MRESUME } },
  { AD, TETHER_TRIGGER_NETWORK_CHANGED, { WARM, WARM, WARM, CUT, CUT, NONE, UNPARK, WARM, MRESUME } },

  { P,  TETHER_TRIGGER_CONNECTIVITY_UP, { WARM, NONE, NONE, NONE, NONE, NONE, NONE, NONE, MRESUME } },
  { A,  TETHER_TRIGGER_CONNECTIVITY_UP, { WARM, WARM, WARM, NONE, NONE, NONE, NONE, WARM, MRESUME } },
  { AD, TETHER_TRIGGER_CONNECTIVITY_UP, { WARM, WARM, WARM, NONE, NONE, NONE, NONE, WARM, MRESUME } },

  { P,  TETHER_TRIGGER_DISCOVERED,      { WARM, WARM, WARM, NONE, NONE, NONE, UNPARK, WARM, MRESUME } },
  { A,  TETHER_TRIGGER_DISCOVERED,      { WARM, WARM, WARM, NONE, NONE, NONE, UNPARK, WARM, MRESUME } },
  { AD, TETHER_TRIGGER_DISCOVERED,      { WARM, WARM, WARM, NONE, NONE, NONE, UNPARK, WARM, MRESUME } },

  { P,  TETHER_TRIGGER_DISCONNECTED,    { NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, MRESUME } },
  { A,  TETHER_TRIGGER_DISCONNECTED,    { LATER, LATER, LATER, NONE, NONE, NONE, NONE, LATER, MRESUME } },
  { AD, TETHER_TRIGGER_DISCONNECTED,    { NONE, NONE, NONE, NONE, NONE, NONE, NONE, PARK, MRESUME } },

  { P,  TETHER_TRIGGER_RETRY,           { NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, MRESUME } },
  { A,  TETHER_TRIGGER_RETRY,           { WARM, WARM, WARM, NONE, NONE, NONE, NONE, WARM, MRESUME } },
  { AD, TETHER_TRIGGER_RETRY,           { NONE, NONE, NONE, NONE, NONE, NONE, NONE, PARK, MRESUME } },

  /* The peer's copy of the old connection expired: dial, whatever the
   * mode or pattern (an adaptive device with no history yet included). */
  { P,  TETHER_TRIGGER_PEER_COPY_EXPIRED, { WARM, WARM, WARM, NONE, NONE, NONE, NONE, WARM, MRESUME } },
  { A,  TETHER_TRIGGER_PEER_COPY_EXPIRED, { WARM, WARM, WARM, NONE, NONE, NONE, NONE, WARM, MRESUME } },
  { AD, TETHER_TRIGGER_PEER_COPY_EXPIRED, { WARM, WARM, WARM, NONE, NONE, NONE, NONE, WARM, MRESUME } },
  { OFF,TETHER_TRIGGER_PEER_COPY_EXPIRED, { NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, MRESUME } },

  { P,  TETHER_TRIGGER_MANUAL,          { WARM, WARM, WARM, CUT, CUT, NONE, UNPARK, WARM, MRESUME } },
  { P,  TETHER_TRIGGER_RECOVERED,       { WARM, WARM, WARM, NONE, NONE, NONE, NONE, WARM, MRESUME } },
  { AD, TETHER_TRIGGER_RECOVERED,       { WARM, WARM, WARM, NONE, NONE, NONE, NONE, WARM, MRESUME } },
  { OFF,TETHER_TRIGGER_MANUAL,          { WARM, WARM, WARM, CUT, CUT, NONE, UNPARK, WARM, MRESUME } },
};

static void
test_table (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = {
    .online = TRUE, .slept_us = 10 * MINUTE, .address_changed = TRUE, .network_name = "Cafe",
  };

  tether_policy_settings_init_defaults (&settings);

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    for (guint k = 0; k < N_SLOTS; k++)
      {
        TetherSlotView slot = make_slot (k);
        g_auto(TetherDecision) d = { 0 };

        settings.mode = rows[r].mode;
        tether_policy_decide (&slot, rows[r].trigger, &net, &settings, NOW, &d);
        if (d.kind != rows[r].expect[k])
          g_error ("mode %d, %s, %s: expected %s, got %s (%s)",
                   rows[r].mode, tether_trigger_to_string (rows[r].trigger), slot_names[k],
                   tether_decision_kind_to_string (rows[r].expect[k]),
                   tether_decision_kind_to_string (d.kind), d.reason ? d.reason : "");
        /* Every decision that acts says why. */
        if (d.kind != NONE)
          g_assert_nonnull (d.reason);
      }
}

static void
test_user_paused_never_touched (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE, .metered = TRUE };
  TetherSlotView slot = make_slot (USER_PAUSED);

  tether_policy_settings_init_defaults (&settings);
  settings.metered_rule = TETHER_METERED_PAUSE_ALL;

  for (guint t = 0; t < TETHER_N_TRIGGERS; t++)
    {
      g_auto(TetherDecision) d = { 0 };

      tether_policy_decide (&slot, t, &net, &settings, NOW, &d);
      g_assert_cmpint (d.kind, ==, NONE);
      g_assert_cmpstr (d.reason, ==, "paused by you");
    }
}

static void
test_metered_rules (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE, .metered = TRUE };
  struct {
    TetherMeteredRule rule;
    SlotKind slot;
    TetherDecisionKind expect;
  } cases[] = {
    { TETHER_METERED_NO_CHANGE,     CONNECTED_WAN,  NONE },
    { TETHER_METERED_PAUSE_ALL,     CONNECTED_LAN,  MPAUSE },
    { TETHER_METERED_PAUSE_ALL,     OFFLINE_RECENT, MPAUSE },
    { TETHER_METERED_PAUSE_NON_LAN, CONNECTED_LAN,  NONE },
    { TETHER_METERED_PAUSE_NON_LAN, CONNECTED_WAN,  MPAUSE },
    { TETHER_METERED_PAUSE_NON_LAN, OFFLINE_RECENT, MPAUSE },
    { TETHER_METERED_PAUSE_ALL,     METERED_PAUSED, NONE },
  };

  tether_policy_settings_init_defaults (&settings);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TetherSlotView slot = make_slot (cases[i].slot);
      g_auto(TetherDecision) d = { 0 };

      settings.metered_rule = cases[i].rule;
      tether_policy_decide (&slot, TETHER_TRIGGER_METERED_CHANGED, &net, &settings, NOW, &d);
      g_assert_cmpint (d.kind, ==, cases[i].expect);
    }
}

static void
test_short_sleep_keeps_connection (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE, .slept_us = 20 * G_USEC_PER_SEC };
  TetherSlotView slot = make_slot (CONNECTED_WAN);
  g_auto(TetherDecision) d = { 0 };

  tether_policy_settings_init_defaults (&settings);
  tether_policy_decide (&slot, TETHER_TRIGGER_RESUME, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, NONE);

  /* Over the threshold the same connection is cut. */
  net.slept_us = (settings.stale_after_sleep_s + 1) * G_USEC_PER_SEC;
  tether_policy_decide (&slot, TETHER_TRIGGER_RESUME, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, CUT);
  g_assert_cmpstr (d.reason, ==, "slept 61 s: the connection is likely dead");
}

static void
test_lan_survives_same_address (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE, .address_changed = FALSE };
  TetherSlotView lan = make_slot (CONNECTED_LAN);
  TetherSlotView wan = make_slot (CONNECTED_WAN);
  g_auto(TetherDecision) d = { 0 };

  tether_policy_settings_init_defaults (&settings);
  tether_policy_decide (&lan, TETHER_TRIGGER_NETWORK_CHANGED, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, NONE);
  tether_policy_decide (&wan, TETHER_TRIGGER_NETWORK_CHANGED, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, CUT);
}

static void
test_offline_waits_for_network (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = FALSE };
  TetherSlotView slot = make_slot (OFFLINE_RECENT);
  g_auto(TetherDecision) d = { 0 };

  tether_policy_settings_init_defaults (&settings);
  settings.mode = TETHER_POOL_MODE_ACTIVE;

  /* A dial while Wi-Fi is still associating fails and burns the budget. */
  tether_policy_decide (&slot, TETHER_TRIGGER_RESUME, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, NONE);
  g_assert_cmpstr (d.reason, ==, "waiting for the network");

  /* But a device Syncthing just saw on the LAN is there. */
  tether_policy_decide (&slot, TETHER_TRIGGER_DISCOVERED, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, WARM);
}

static void
test_park_reason_names_network (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE, .network_name = "Cafe" };
  TetherSlotView slot = make_slot (FUTILE);
  g_auto(TetherDecision) d = { 0 };

  tether_policy_settings_init_defaults (&settings);
  slot.attempts_on_network = 14;
  tether_policy_decide (&slot, TETHER_TRIGGER_RETRY, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, PARK);
  g_assert_cmpstr (d.reason, ==, "parked: never reached on network “Cafe” in 14 attempts");

  /* One success on this network and it is not futile. */
  slot.successes_on_network = 1;
  tether_policy_decide (&slot, TETHER_TRIGGER_RETRY, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, !=, PARK);
}

static void
test_adaptive_order (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE };
  TetherSlotView likely = make_slot (OFFLINE_OLD);
  TetherSlotView unlikely = make_slot (OFFLINE_OLD);
  TetherSlotView hopeless = make_slot (OFFLINE_OLD);
  g_auto(TetherDecision) a = { 0 };
  g_auto(TetherDecision) b = { 0 };
  g_auto(TetherDecision) c = { 0 };

  tether_policy_settings_init_defaults (&settings);
  likely.p_reachable = 0.9;
  unlikely.p_reachable = 0.3;
  hopeless.p_reachable = 0.01;
  hopeless.attempts_on_network = 3;

  tether_policy_decide (&likely, TETHER_TRIGGER_CONNECTIVITY_UP, &net, &settings, NOW, &a);
  tether_policy_decide (&unlikely, TETHER_TRIGGER_CONNECTIVITY_UP, &net, &settings, NOW, &b);
  tether_policy_decide (&hopeless, TETHER_TRIGGER_CONNECTIVITY_UP, &net, &settings, NOW, &c);
  g_assert_cmpint (a.kind, ==, WARM);
  g_assert_cmpint (b.kind, ==, WARM);
  g_assert_cmpint (a.priority, >, b.priority);
  g_assert_cmpint (c.kind, ==, NONE);
}

static void
test_adaptive_chases_likely (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE };
  TetherSlotView slot = make_slot (OFFLINE_RECENT);
  g_auto(TetherDecision) d = { 0 };

  tether_policy_settings_init_defaults (&settings);

  /* Without a pattern, a lost device is left to Syncthing... */
  tether_policy_decide (&slot, TETHER_TRIGGER_DISCONNECTED, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, NONE);

  /* ...where it is likely back, Tether chases it. */
  slot.p_reachable = 0.8;
  tether_policy_decide (&slot, TETHER_TRIGGER_DISCONNECTED, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, LATER);
  tether_policy_decide (&slot, TETHER_TRIGGER_RETRY, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, WARM);
}

static void
test_backoff (void)
{
  TetherPolicySettings settings;

  tether_policy_settings_init_defaults (&settings);
  g_assert_cmpint (tether_policy_backoff_ms (&settings, 0), ==, 300);
  g_assert_cmpint (tether_policy_backoff_ms (&settings, 1), ==, 600);
  g_assert_cmpint (tether_policy_backoff_ms (&settings, 3), ==, 2400);
  g_assert_cmpint (tether_policy_backoff_ms (&settings, 30), ==, 60000);
  settings.retry_max_s = 5;
  g_assert_cmpint (tether_policy_backoff_ms (&settings, 10), ==, 5000);
}

static void
test_retry_later_delay (void)
{
  TetherPolicySettings settings;
  TetherNetContext net = { .online = TRUE };
  TetherSlotView slot = make_slot (OFFLINE_RECENT);
  g_auto(TetherDecision) d = { 0 };

  tether_policy_settings_init_defaults (&settings);
  settings.mode = TETHER_POOL_MODE_ACTIVE;
  slot.failed_attempts = 2;
  tether_policy_decide (&slot, TETHER_TRIGGER_DISCONNECTED, &net, &settings, NOW, &d);
  g_assert_cmpint (d.kind, ==, LATER);
  g_assert_cmpint (d.delay_ms, ==, 1200);
  g_assert_cmpstr (d.reason, ==, "retry in 1.2 s");
}

static void
test_redial_budget (void)
{
  const gint64 s = G_USEC_PER_SEC;
  gint64 t[4];
  gint64 next = 0;

  /* Nothing spent. */
  g_assert_cmpuint (tether_redial_budget_left (NULL, 0, NOW, &next), ==, 3);
  g_assert_cmpint (next, ==, NOW);

  /* Two in the last two minutes. */
  t[0] = NOW - 100 * s;
  t[1] = NOW - 10 * s;
  g_assert_cmpuint (tether_redial_budget_left (t, 2, NOW, &next), ==, 1);

  /* A third within the window: cool-down for 5 minutes from the third. */
  t[2] = NOW - 5 * s;
  g_assert_cmpuint (tether_redial_budget_left (t, 3, NOW, &next), ==, 0);
  g_assert_cmpint (next, ==, t[2] + 5 * 60 * s);

  /* Still nothing after the window has passed, until the cool-down ends. */
  g_assert_cmpuint (tether_redial_budget_left (t, 3, NOW + 150 * s, NULL), ==, 0);
  g_assert_cmpuint (tether_redial_budget_left (t, 3, t[2] + 5 * 60 * s, NULL), ==, 3);

  /* Three spread over more than two minutes never start a cool-down. */
  t[0] = NOW - 200 * s;
  t[1] = NOW - 100 * s;
  t[2] = NOW - 1 * s;
  g_assert_cmpuint (tether_redial_budget_left (t, 3, NOW, &next), ==, 1);
}

static void
test_peer_copy_expiry (void)
{
  const gint64 lost = NOW - 60 * G_USEC_PER_SEC;
  const gint64 expiry = lost + 300 * G_USEC_PER_SEC;

  /* A 1.25+ peer that lost us abruptly holds its copy for 300 s. */
  g_assert_cmpint (tether_policy_peer_copy_expiry ("v1.27.0", TRUE, lost, NULL, NOW), ==, expiry);
  g_assert_cmpint (tether_policy_peer_copy_expiry ("v2.0.10", TRUE, lost, NULL, NOW), ==, expiry);
  /* Older peers replace an old connection; a clean close leaves no copy. */
  g_assert_cmpint (tether_policy_peer_copy_expiry ("v1.19.2-ds1", TRUE, lost, NULL, NOW), ==, 0);
  g_assert_cmpint (tether_policy_peer_copy_expiry ("v1.27.0", FALSE, lost, NULL, NOW), ==, 0);
  g_assert_cmpint (tether_policy_peer_copy_expiry (NULL, TRUE, lost, NULL, NOW), ==, 0);
  /* Syncthing's own words count whatever the version. */
  g_assert_cmpint (tether_policy_peer_copy_expiry ("v1.19.2", FALSE, lost,
                                                   "Already connected to this device", NOW), ==, expiry);
  /* Past the timeout, or never lost: nothing to wait for. */
  g_assert_cmpint (tether_policy_peer_copy_expiry ("v1.27.0", TRUE, NOW - 301 * G_USEC_PER_SEC, NULL, NOW), ==, 0);
  g_assert_cmpint (tether_policy_peer_copy_expiry ("v1.27.0", TRUE, 0, NULL, NOW), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/policy/table", test_table);
  g_test_add_func ("/tether/policy/user-paused-never-touched", test_user_paused_never_touched);
  g_test_add_func ("/tether/policy/metered-rules", test_metered_rules);
  g_test_add_func ("/tether/policy/short-sleep-keeps-connection", test_short_sleep_keeps_connection);
  g_test_add_func ("/tether/policy/lan-survives-same-address", test_lan_survives_same_address);
  g_test_add_func ("/tether/policy/offline-waits-for-network", test_offline_waits_for_network);
  g_test_add_func ("/tether/policy/park-reason-names-network", test_park_reason_names_network);
  g_test_add_func ("/tether/policy/adaptive-order", test_adaptive_order);
  g_test_add_func ("/tether/policy/adaptive-chases-likely", test_adaptive_chases_likely);
  g_test_add_func ("/tether/policy/backoff", test_backoff);
  g_test_add_func ("/tether/policy/retry-later-delay", test_retry_later_delay);
  g_test_add_func ("/tether/policy/redial-budget", test_redial_budget);
  g_test_add_func ("/tether/policy/peer-copy-expiry", test_peer_copy_expiry);

  return g_test_run ();
}
