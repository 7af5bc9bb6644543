/* test-pool.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool against two real Syncthing instances: pre-warms connect, every
 * override is undone (the journal ends empty, the address list ends as it
 * was), what the user paused stays paused, and a journal left behind by a
 * crash is undone at start while the user's own changes win.
 */

#include "config.h"

#include "tether-engine.h"
#include "tether-journal.h"
#include "tether-test-engine.h"
#include "tether-test-pair.h"

typedef struct {
  TetherTestPair *pair;    /* owned, NULL when skipped */
  TetherEngine   *engine;  /* owned, nullable */
} Fixture;

static const char *
beta_id (Fixture *fixture)
{
  return tether_test_pair_beta_id (fixture->pair);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->pair = tether_test_pair_new ();
}

static void
start_engine (Fixture *fixture)
{
  fixture->engine = tether_test_pair_start_engine (fixture->pair);
}

/* The engine started, and beta connected as it sees it. */
static void
start_connected (Fixture *fixture)
{
  start_engine (fixture);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_CONNECTED));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.tetherapp.Tether");

  if (fixture->engine != NULL)
    {
      tether_engine_stop (fixture->engine);
      g_assert_finalize_object (fixture->engine);
    }
  g_clear_pointer (&fixture->pair, tether_test_pair_free);
  g_settings_reset (settings, "device-policy-overrides");
}

/* Per-device policy, as the device page sets it. */
static void
set_beta_mode (Fixture    *fixture,
               const char *mode)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.tetherapp.Tether");
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));

  g_variant_builder_add (builder, "{ss}", beta_id (fixture), mode);
  g_assert_true (g_settings_set_value (settings, "device-policy-overrides",
                                       g_variant_builder_end (builder)));
}

static void
assert_restored (Fixture *fixture)
{
  g_assert_true (tether_test_pair_wait_restored (fixture->pair));
}

static TetherDeviceInfo *
beta_info (Fixture *fixture)
{
  return tether_snapshot_lookup (tether_engine_get_snapshot (fixture->engine), beta_id (fixture));
}

static void
wait_reconnected (Fixture *fixture)
{
  g_assert_true (tether_test_wait_reconnects (fixture->engine, beta_id (fixture), 1));
}

static void
test_reconnect_connected (Fixture       *fixture,
                          gconstpointer  data)
{
  if (fixture->pair == NULL)
    return;

  start_connected (fixture);

  /* The user asks: the live connection is cut and dialed again. */
  tether_engine_reconnect_device (fixture->engine, beta_id (fixture));
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_DIALING));
  wait_reconnected (fixture);
  g_assert_cmpuint (beta_info (fixture)->reconnects, ==, 1);
  g_assert_cmpint (beta_info (fixture)->last_reconnect_ms, >=, 0);
  g_test_message ("reconnected in %" G_GINT64_FORMAT " ms", beta_info (fixture)->last_reconnect_ms);

  assert_restored (fixture);
}

static void
test_dial_already_scheduled (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->pair == NULL)
    return;

  /* Left to Syncthing, so that Tether does not watch for beta's return
   * (test_peer_back below). */
  tether_test_pair_make_one_sided (fixture->pair);
  set_beta_mode (fixture, "off");
  start_connected (fixture);

  /* The peer goes away and comes back; alpha's redial after the close
   * fails and the next one is scheduled far ahead. */
  tether_test_syncthing_stop (fixture->pair->beta);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_DISCONNECTED));
  tether_test_syncthing_start (fixture->pair->beta, &error);
  g_assert_no_error (error);
  g_assert_false (tether_test_syncthing_wait_connected (fixture->pair->alpha, fixture->pair->beta, TRUE, 2));

  /* A temporary address is dialed at once. */
  tether_engine_reconnect_device (fixture->engine, beta_id (fixture));
  wait_reconnected (fixture);
  g_assert_cmpuint (beta_info (fixture)->reconnects, ==, 1);
  g_assert_cmpuint (beta_info (fixture)->prewarms_sent, ==, 1);

  assert_restored (fixture);
}

static gboolean
beta_watched (TetherSnapshot *snapshot,
              gconstpointer   data)
{
  TetherDeviceInfo *info = tether_snapshot_lookup (snapshot, data);

  return info != NULL && g_strcmp0 (info->state_reason, "watching its address for its return") == 0;
}

/* A peer that cannot dial alpha goes away and comes back: Tether knocks
 * at its address meanwhile and pre-warms on the first answer, where
 * Syncthing alone waits for its next redial (an hour here). */
static void
test_peer_back (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint prewarms;

  if (fixture->pair == NULL)
    return;

  tether_test_pair_make_one_sided (fixture->pair);
  start_connected (fixture);

  /* Killed, not stopped: a Syncthing shutting down still answers for a
   * moment after it closed the connection (the pool copes: that pre-warm
   * ends once knocks go unanswered), which would make the count below
   * depend on timing. */
  tether_test_syncthing_kill (fixture->pair->beta);
  g_assert_true (tether_test_wait_snapshot (fixture->engine, beta_watched, beta_id (fixture),
                                            "Tether watches beta's address"));
  /* Nothing answers: no pre-warm is spent on a device that is away. */
  prewarms = beta_info (fixture)->prewarms_sent;
  tether_test_run_for (2000);
  g_assert_cmpuint (beta_info (fixture)->prewarms_sent, ==, prewarms);
  g_assert_true (beta_watched (tether_engine_get_snapshot (fixture->engine), beta_id (fixture)));

  tether_test_syncthing_start (fixture->pair->beta, &error);
  g_assert_no_error (error);
  wait_reconnected (fixture);
  g_assert_cmpuint (beta_info (fixture)->prewarms_sent, ==, prewarms + 1);
  assert_restored (fixture);
}

static void
test_user_paused_stays (Fixture       *fixture,
                        gconstpointer  data)
{
  if (fixture->pair == NULL)
    return;

  start_connected (fixture);

  tether_test_pair_user_pauses_beta (fixture->pair);
  g_assert_true (tether_test_wait_paused_by (fixture->engine, beta_id (fixture),
                                             TETHER_PAUSED_BY_USER));

  /* Nothing Tether does touches it. */
  tether_engine_reconnect_all (fixture->engine);
  tether_engine_pause_all (fixture->engine);
  tether_engine_resume_all (fixture->engine);
  tether_engine_reconnect_device (fixture->engine, beta_id (fixture));
  tether_engine_stop (fixture->engine);

  g_assert_true (tether_test_pair_beta_paused (fixture->pair));
  g_assert_true (tether_test_pair_journal_is_empty (fixture->pair));
}

static void
test_pause_all_resume_all (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = NULL;
  g_autoptr(TetherOverride) o = NULL;

  if (fixture->pair == NULL)
    return;

  start_connected (fixture);

  tether_engine_pause_all (fixture->engine);
  g_assert_true (tether_test_wait_paused_by (fixture->engine, beta_id (fixture),
                                             TETHER_PAUSED_BY_TETHER));

  /* Journaled before it was sent. */
  journal = tether_test_pair_load_journal (fixture->pair);
  o = tether_journal_find (journal, beta_id (fixture), TETHER_OVERRIDE_PAUSE);
  g_assert_nonnull (o);
  g_assert_cmpstr (o->reason, ==, "pause-all");

  tether_engine_resume_all (fixture->engine);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_CONNECTED));
  assert_restored (fixture);
}

static void
test_quit_undoes (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->pair == NULL)
    return;

  start_connected (fixture);
  tether_engine_pause_all (fixture->engine);
  g_assert_true (tether_test_wait_paused_by (fixture->engine, beta_id (fixture),
                                             TETHER_PAUSED_BY_TETHER));

  /* Leaving takes Tether's pause back. */
  tether_engine_stop (fixture->engine);
  g_assert_true (tether_test_pair_restored (fixture->pair));
}

static void
journal_add (TetherJournal  *journal,
             TetherOverride *o)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (tether_journal_add (journal, o, &error), >, 0);
  g_assert_no_error (error);
  tether_override_free (o);
}

static void
test_recovery (Fixture       *fixture,
               gconstpointer  data)
{
  TetherTestPair *pair = fixture->pair;
  g_autoptr(TetherJournal) journal = NULL;
  g_autoptr(GString) patch = g_string_new ("{\"addresses\": [");
  g_autofree char *device_path = NULL;
  g_autoptr(GStrvBuilder) want = NULL;
  const char *left_behind = "tcp://127.0.0.1:9?tether=41";
  const char *users_own = "tcp://127.0.0.1:7";

  if (pair == NULL)
    return;

  /* What a Tether killed with -9 leaves: beta paused and a temporary
   * address in place, both journaled. Meanwhile the user added an address
   * of their own, and removed another of Tether's. */
  journal = tether_test_pair_load_journal (pair);
  journal_add (journal, tether_override_new_pause (beta_id (fixture), "sleep"));
  journal_add (journal, tether_override_new_address (beta_id (fixture), "prewarm", left_behind, NULL));
  journal_add (journal, tether_override_new_address (beta_id (fixture), "prewarm",
                                                     "tcp://127.0.0.1:9?tether=40", NULL));

  for (guint i = 0; pair->original[i] != NULL; i++)
    g_string_append_printf (patch, "\"%s\", ", pair->original[i]);
  g_string_append_printf (patch, "\"%s\", \"%s\"]}", left_behind, users_own);
  device_path = g_strdup_printf ("/rest/config/devices/%s", beta_id (fixture));
  tether_test_pair_rest (pair->alpha, "PATCH", device_path, patch->str);
  tether_test_pair_user_pauses_beta (pair);

  /* The next start undoes exactly Tether's part: the original list plus
   * the user's own address, beta resumed, the journal empty — and, since
   * Tether's pause kept beta apart, dials it (Syncthing 1.19's own redial
   * after a resume may wait a full interval). */
  start_engine (fixture);
  wait_reconnected (fixture);
  want = g_strv_builder_new ();
  g_strv_builder_addv (want, (const char **) pair->original);
  g_strv_builder_add (want, users_own);
  g_strfreev (pair->original);
  pair->original = g_strv_builder_end (want);
  assert_restored (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tether/pool/reconnect-connected", Fixture, NULL,
              fixture_set_up, test_reconnect_connected, fixture_tear_down);
  g_test_add ("/tether/pool/dial-already-scheduled", Fixture, NULL,
              fixture_set_up, test_dial_already_scheduled, fixture_tear_down);
  g_test_add ("/tether/pool/peer-back", Fixture, NULL,
              fixture_set_up, test_peer_back, fixture_tear_down);
  g_test_add ("/tether/pool/user-paused-stays", Fixture, NULL,
              fixture_set_up, test_user_paused_stays, fixture_tear_down);
  g_test_add ("/tether/pool/pause-all-resume-all", Fixture, NULL,
              fixture_set_up, test_pause_all_resume_all, fixture_tear_down);
  g_test_add ("/tether/pool/quit-undoes", Fixture, NULL,
              fixture_set_up, test_quit_undoes, fixture_tear_down);
  g_test_add ("/tether/pool/recovery", Fixture, NULL,
              fixture_set_up, test_recovery, fixture_tear_down);

  return g_test_run ();
}
