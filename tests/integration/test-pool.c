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

#include <glib/gstdio.h>

#include "tether-engine.h"
#include "tether-journal.h"
#include "tether-test-engine.h"
#include "tether-test-syncthing.h"

typedef struct {
  TetherTestSyncthing *alpha;   /* the one Tether watches */
  TetherTestSyncthing *beta;    /* its peer */
  TetherEngine        *engine;
  char                *state;   /* XDG_STATE_HOME for this test */
  char                *journal; /* its journal file */
  char               **original;/* alpha's address list for beta before the test */
} Fixture;

static const char *
beta_id (Fixture *fixture)
{
  return tether_test_syncthing_get_device_id (fixture->beta);
}

/* Beta as alpha has it configured now. */
static TetherStDevice *
beta_config (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/rest/config/devices/%s", beta_id (fixture));
  g_autofree char *json = tether_test_syncthing_rest (fixture->alpha, "GET", path, NULL, &error);
  TetherStDevice *device;

  g_assert_no_error (error);
  device = tether_st_parse_device (json, strlen (json), &error);
  g_assert_no_error (error);

  return device;
}

static void
rest (TetherTestSyncthing *st,
      const char          *method,
      const char          *path,
      const char          *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tether_test_syncthing_rest (st, method, path, body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStDevice) device = NULL;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  fixture->state = g_dir_make_tmp ("tether-pool-state-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->journal = g_build_filename (fixture->state, "tether", "journal", NULL);
  g_setenv ("XDG_STATE_HOME", fixture->state, TRUE);

  fixture->alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  fixture->beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (fixture->alpha, &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (fixture->beta, &error);
  g_assert_no_error (error);
  tether_test_syncthing_pair (fixture->alpha, fixture->beta, &error);
  g_assert_no_error (error);

  device = beta_config (fixture);
  fixture->original = g_strdupv (device->addresses);
}

static void
start_engine (Fixture *fixture)
{
  fixture->engine = tether_engine_new (tether_test_syncthing_get_url (fixture->alpha),
                                       tether_test_syncthing_get_api_key (fixture->alpha));
  tether_engine_start (fixture->engine);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->engine != NULL)
    {
      tether_engine_stop (fixture->engine);
      g_assert_finalize_object (fixture->engine);
    }
  g_clear_pointer (&fixture->alpha, tether_test_syncthing_free);
  g_clear_pointer (&fixture->beta, tether_test_syncthing_free);
  if (fixture->journal != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (fixture->journal);

      g_unlink (fixture->journal);
      g_rmdir (dir);
      g_rmdir (fixture->state);
    }
  g_free (fixture->journal);
  g_free (fixture->state);
  g_strfreev (fixture->original);
}

/* Nothing of Tether's left: an empty journal, and beta's address list and
 * paused flag in alpha's config as they were. */
static gboolean
restored (gpointer user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(TetherJournal) journal = tether_journal_new (fixture->journal);
  g_autoptr(TetherStDevice) device = beta_config (fixture);

  tether_journal_load (journal, NULL);

  return tether_journal_is_empty (journal) && !device->paused &&
         g_strv_equal ((const char * const *) device->addresses,
                       (const char * const *) fixture->original);
}

static void
assert_restored (Fixture *fixture)
{
  g_assert_true (tether_test_wait_until (restored, fixture, "every override undone"));
}

static TetherDeviceInfo *
beta_info (Fixture *fixture)
{
  return tether_snapshot_lookup (tether_engine_get_snapshot (fixture->engine), beta_id (fixture));
}

static gboolean
has_reconnected (TetherSnapshot *snapshot,
                 gconstpointer   id)
{
  TetherDeviceInfo *info = tether_snapshot_lookup (snapshot, id);

  return info != NULL && info->state == TETHER_DEVICE_STATE_CONNECTED && info->reconnects > 0;
}

/* Connected through Tether's pre-warm. /rest/system/connections may show
 * the connection a moment before its DeviceConnected event, which is what
 * completes the pre-warm: wait for both. */
static void
wait_reconnected (Fixture *fixture)
{
  g_assert_true (tether_test_wait_snapshot (fixture->engine, has_reconnected, beta_id (fixture),
                                            "beta reconnected by Tether"));
}

static void
test_reconnect_connected (Fixture       *fixture,
                          gconstpointer  data)
{
  if (fixture->alpha == NULL)
    return;

  start_engine (fixture);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_CONNECTED));

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

/* Beta cannot dial alpha, and alpha's own next dial is an hour away: only
 * a pre-warm can bring them together. */
static void
make_one_sided (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("/rest/config/devices/%s",
                                           tether_test_syncthing_get_device_id (fixture->alpha));

  rest (fixture->beta, "PATCH", path, "{\"addresses\": [\"dynamic\"]}");
  rest (fixture->alpha, "PATCH", "/rest/config/options", "{\"reconnectionIntervalS\": 3600}");
}

static void
test_dial_already_scheduled (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->alpha == NULL)
    return;

  make_one_sided (fixture);
  start_engine (fixture);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_CONNECTED));

  /* The peer goes away and comes back; alpha's redial after the close
   * fails and the next one is scheduled far ahead. */
  tether_test_syncthing_stop (fixture->beta);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_DISCONNECTED));
  tether_test_syncthing_start (fixture->beta, &error);
  g_assert_no_error (error);
  g_assert_false (tether_test_syncthing_wait_connected (fixture->alpha, fixture->beta, TRUE, 2));

  /* A temporary address is dialed at once. */
  tether_engine_reconnect_device (fixture->engine, beta_id (fixture));
  wait_reconnected (fixture);
  g_assert_cmpuint (beta_info (fixture)->reconnects, ==, 1);
  g_assert_cmpuint (beta_info (fixture)->prewarms_sent, ==, 1);

  assert_restored (fixture);
}

static gboolean
is_user_paused (TetherSnapshot *snapshot,
                gconstpointer   id)
{
  TetherDeviceInfo *info = tether_snapshot_lookup (snapshot, id);

  return info != NULL && info->state == TETHER_DEVICE_STATE_PAUSED &&
         info->paused_by == TETHER_PAUSED_BY_USER;
}

static void
test_user_paused_stays (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(TetherStDevice) device = NULL;
  g_autoptr(TetherJournal) journal = NULL;

  if (fixture->alpha == NULL)
    return;

  start_engine (fixture);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_CONNECTED));

  /* The user pauses beta in Syncthing's own GUI (its REST API). */
  path = g_strdup_printf ("/rest/system/pause?device=%s", beta_id (fixture));
  rest (fixture->alpha, "POST", path, NULL);
  g_assert_true (tether_test_wait_snapshot (fixture->engine, is_user_paused, beta_id (fixture),
                                            "beta paused by the user"));

  /* Nothing Tether does touches it. */
  tether_engine_reconnect_all (fixture->engine);
  tether_engine_pause_all (fixture->engine);
  tether_engine_resume_all (fixture->engine);
  tether_engine_reconnect_device (fixture->engine, beta_id (fixture));
  tether_engine_stop (fixture->engine);

  device = beta_config (fixture);
  g_assert_true (device->paused);
  journal = tether_journal_new (fixture->journal);
  tether_journal_load (journal, NULL);
  g_assert_true (tether_journal_is_empty (journal));
}

static gboolean
is_tether_paused (TetherSnapshot *snapshot,
                  gconstpointer   id)
{
  TetherDeviceInfo *info = tether_snapshot_lookup (snapshot, id);

  return info != NULL && info->state == TETHER_DEVICE_STATE_PAUSED &&
         info->paused_by == TETHER_PAUSED_BY_TETHER;
}

static void
test_pause_all_resume_all (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = NULL;
  g_autoptr(TetherOverride) o = NULL;

  if (fixture->alpha == NULL)
    return;

  start_engine (fixture);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_CONNECTED));

  tether_engine_pause_all (fixture->engine);
  g_assert_true (tether_test_wait_snapshot (fixture->engine, is_tether_paused, beta_id (fixture),
                                            "beta paused by Tether"));

  /* Journaled before it was sent. */
  journal = tether_journal_new (fixture->journal);
  g_assert_true (tether_journal_load (journal, NULL));
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
  if (fixture->alpha == NULL)
    return;

  start_engine (fixture);
  g_assert_true (tether_test_wait_device (fixture->engine, beta_id (fixture),
                                          TETHER_DEVICE_STATE_CONNECTED));
  tether_engine_pause_all (fixture->engine);
  g_assert_true (tether_test_wait_snapshot (fixture->engine, is_tether_paused, beta_id (fixture),
                                            "beta paused by Tether"));

  /* Leaving takes Tether's pause back. */
  tether_engine_stop (fixture->engine);
  g_assert_true (restored (fixture));
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
  g_autoptr(TetherJournal) journal = NULL;
  g_autoptr(GString) patch = g_string_new ("{\"addresses\": [");
  g_autofree char *pause = NULL;
  g_autofree char *device_path = NULL;
  g_autoptr(GStrvBuilder) want = NULL;
  const char *left_behind = "tcp://127.0.0.1:9?tether=41";
  const char *users_own = "tcp://127.0.0.1:7";

  if (fixture->alpha == NULL)
    return;

  /* What a Tether killed with -9 leaves: beta paused and a temporary
   * address in place, both journaled. Meanwhile the user added an address
   * of their own, and removed another of Tether's. */
  journal = tether_journal_new (fixture->journal);
  g_assert_true (tether_journal_load (journal, NULL));
  journal_add (journal, tether_override_new_pause (beta_id (fixture), "sleep"));
  journal_add (journal, tether_override_new_address (beta_id (fixture), "prewarm", left_behind, NULL));
  journal_add (journal, tether_override_new_address (beta_id (fixture), "prewarm",
                                                     "tcp://127.0.0.1:9?tether=40", NULL));

  for (guint i = 0; fixture->original[i] != NULL; i++)
    g_string_append_printf (patch, "\"%s\", ", fixture->original[i]);
  g_string_append_printf (patch, "\"%s\", \"%s\"]}", left_behind, users_own);
  device_path = g_strdup_printf ("/rest/config/devices/%s", beta_id (fixture));
  rest (fixture->alpha, "PATCH", device_path, patch->str);
  pause = g_strdup_printf ("/rest/system/pause?device=%s", beta_id (fixture));
  rest (fixture->alpha, "POST", pause, NULL);

  /* The next start undoes exactly Tether's part: the original list plus
   * the user's own address, beta resumed, the journal empty — and, since
   * Tether's pause kept beta apart, dials it (Syncthing 1.19's own redial
   * after a resume may wait a full interval). */
  start_engine (fixture);
  wait_reconnected (fixture);
  want = g_strv_builder_new ();
  g_strv_builder_addv (want, (const char **) fixture->original);
  g_strv_builder_add (want, users_own);
  g_strfreev (fixture->original);
  fixture->original = g_strv_builder_end (want);
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
