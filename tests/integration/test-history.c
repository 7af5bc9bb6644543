/* test-history.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection history against two real Syncthing instances: the
 * engine watches "alpha" while its peer "beta" is stopped and started
 * again; the sessions land in the history file, the statistics say what
 * happened, and a new engine reading the same directory finds them all.
 * `tether stats` prints them from the file.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tether-engine.h"
#include "tether-test-syncthing.h"

#define WAIT_S    60
#define N_CYCLES  3

typedef struct {
  TetherTestSyncthing *alpha;
  TetherTestSyncthing *beta;
  TetherEngine        *engine;
  char                *state;   /* XDG_STATE_HOME for this test */
  char                *old_state;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static gboolean
wait_for (Fixture       *fixture,
          Condition      cond,
          gconstpointer  data,
          const char    *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);

  while (!cond (fixture, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_test_message ("Timed out waiting for %s", what);
      tether_test_syncthing_print_log (fixture->alpha);
      return FALSE;
    }
  g_source_remove (id);
  return TRUE;
}

static gboolean
beta_is (Fixture       *fixture,
         gconstpointer  data)
{
  TetherSnapshot *snapshot = tether_engine_get_snapshot (fixture->engine);
  TetherDeviceInfo *info = tether_snapshot_lookup (snapshot, tether_test_syncthing_get_device_id (fixture->beta));

  return snapshot->status == TETHER_ENGINE_STATUS_ONLINE && info != NULL &&
         info->state == (TetherDeviceState) GPOINTER_TO_INT (data);
}

static void
wait_beta (Fixture           *fixture,
           TetherDeviceState  state)
{
  g_assert_true (wait_for (fixture, beta_is, GINT_TO_POINTER (state),
                           tether_device_state_to_string (state)));
}

static TetherHistoryTimeline *
beta_timeline (TetherHistory *history,
               Fixture       *fixture)
{
  return tether_history_get_timeline (history, tether_test_syncthing_get_device_id (fixture->beta),
                                      G_MININT64, G_MAXINT64);
}

/* The history has n sessions of beta, the last one open or closed. */
typedef struct {
  guint    n;
  gboolean open;
} Sessions;

static gboolean
history_has (Fixture       *fixture,
             gconstpointer  data)
{
  const Sessions *want = data;
  TetherHistory *history = tether_engine_get_history (fixture->engine);
  g_autoptr(TetherHistoryTimeline) timeline = NULL;
  TetherSession *last;

  if (history == NULL || !tether_history_get_loaded (history))
    return FALSE;
  timeline = beta_timeline (history, fixture);
  if (timeline->sessions->len != want->n)
    return FALSE;
  last = g_ptr_array_index (timeline->sessions, want->n - 1);
  return (last->end_us == 0) == want->open;
}

static void
dump_history (Fixture *fixture)
{
  TetherHistory *history = tether_engine_get_history (fixture->engine);
  g_autofree char *path = g_build_filename (fixture->state, "tether", "history", NULL);
  g_autofree char *contents = NULL;

  if (history != NULL)
    {
      g_autoptr(TetherHistoryTimeline) timeline = beta_timeline (history, fixture);

      g_test_message ("loaded: %d, sessions: %u", tether_history_get_loaded (history),
                      timeline->sessions->len);
      for (guint i = 0; i < timeline->sessions->len; i++)
        {
          TetherSession *s = g_ptr_array_index (timeline->sessions, i);

          g_test_message ("  %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT, s->start_us, s->end_us);
        }
    }
  if (g_file_get_contents (path, &contents, NULL, NULL))
    g_test_message ("history file:\n%s", contents);
}

static void
wait_history (Fixture  *fixture,
              guint     n,
              gboolean  open)
{
  Sessions want = { n, open };
  g_autofree char *what = g_strdup_printf ("%u sessions in the history, the last %s",
                                           n, open ? "open" : "closed");

  if (!wait_for (fixture, history_has, &want, what))
    {
      dump_history (fixture);
      g_assert_not_reached ();
    }
}

static void
start_engine (Fixture *fixture)
{
  fixture->engine = tether_engine_new (tether_test_syncthing_get_url (fixture->alpha),
                                       tether_test_syncthing_get_api_key (fixture->alpha));
  tether_engine_start (fixture->engine);
}

static void
stop_engine (Fixture *fixture)
{
  tether_engine_stop (fixture->engine);
  /* Snapshots still queued for this context hold the engine. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->engine);
  fixture->engine = NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->state = g_dir_make_tmp ("tether-state-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->old_state = g_strdup (g_getenv ("XDG_STATE_HOME"));
  /* The engine finds its history through the environment, as at home. */
  g_setenv ("XDG_STATE_HOME", fixture->state, TRUE);

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

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
  g_assert_true (tether_test_syncthing_wait_connected (fixture->alpha, fixture->beta, TRUE, WAIT_S));
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->engine != NULL)
    stop_engine (fixture);
  g_clear_pointer (&fixture->alpha, tether_test_syncthing_free);
  g_clear_pointer (&fixture->beta, tether_test_syncthing_free);

  if (fixture->old_state != NULL)
    g_setenv ("XDG_STATE_HOME", fixture->old_state, TRUE);
  else
    g_unsetenv ("XDG_STATE_HOME");
  remove_tree (fixture->state);
  g_free (fixture->state);
  g_free (fixture->old_state);
}

static void
assert_same_sessions (TetherHistoryTimeline *a,
                      TetherHistoryTimeline *b,
                      guint           n)
{
  g_assert_cmpuint (a->sessions->len, >=, n);
  g_assert_cmpuint (b->sessions->len, >=, n);
  for (guint i = 0; i < n; i++)
    {
      TetherSession *x = g_ptr_array_index (a->sessions, i);
      TetherSession *y = g_ptr_array_index (b->sessions, i);

      g_assert_cmpint (x->start_us, ==, y->start_us);
      g_assert_cmpint (x->end_us, ==, y->end_us);
      g_assert_cmpstr (x->address, ==, y->address);
    }
}

static char *
run_stats (Fixture     *fixture,
           const char  *device,
           gboolean     json,
           int         *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TETHER_BINARY"));
  g_ptr_array_add (argv, (gpointer) "stats");
  if (device != NULL)
    g_ptr_array_add (argv, (gpointer) device);
  if (json)
    g_ptr_array_add (argv, (gpointer) "--json");
  g_ptr_array_add (argv, NULL);

  /* The child inherits XDG_STATE_HOME, and nothing tells it where
   * Syncthing is: it must not need to know. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  *exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  g_test_message ("tether stats%s%s%s → %d:\n%s", device ? " " : "", device ? device : "",
                  json ? " --json" : "", *exit_status, out);

  return out;
}

static void
test_peer_cycles (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherHistoryTimeline) during = NULL;
  g_autoptr(TetherHistoryTimeline) after = NULL;
  g_autoptr(TetherHistoryTimeline) restarted = NULL;
  g_autoptr(TetherDeviceStats) stats = NULL;
  g_autoptr(TetherDeviceStats) reread = NULL;
  g_autoptr(TetherHistory) reader = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  const char *beta_id;

  if (fixture->alpha == NULL)
    return;

  beta_id = tether_test_syncthing_get_device_id (fixture->beta);
  start_engine (fixture);
  wait_beta (fixture, TETHER_DEVICE_STATE_CONNECTED);
  /* Connected before Tether started: found in Syncthing's state. */
  wait_history (fixture, 1, TRUE);

  for (guint i = 0; i < N_CYCLES; i++)
    {
      tether_test_syncthing_stop (fixture->beta);
      wait_beta (fixture, TETHER_DEVICE_STATE_DISCONNECTED);
      wait_history (fixture, i + 1, FALSE);

      tether_test_syncthing_start (fixture->beta, &error);
      g_assert_no_error (error);
      wait_beta (fixture, TETHER_DEVICE_STATE_CONNECTED);
      wait_history (fixture, i + 2, TRUE);
    }

  during = beta_timeline (tether_engine_get_history (fixture->engine), fixture);
  for (guint i = 0; i < during->sessions->len; i++)
    {
      TetherSession *s = g_ptr_array_index (during->sessions, i);

      g_test_message ("session %u: %s %s, %.3f s", i, s->conn_type, s->address,
                      s->end_us ? (s->end_us - s->start_us) / 1e6 : -1.0);
      g_assert_cmpint (s->start_us, >, 0);
      g_assert_true (g_str_has_prefix (s->address, "127.0.0.1"));
      if (i + 1 < during->sessions->len)
        {
          TetherSession *next = g_ptr_array_index (during->sessions, i + 1);

          g_assert_cmpint (s->end_us, >=, s->start_us);
          g_assert_cmpint (next->start_us, >=, s->end_us);
        }
    }

  stats = tether_history_get_stats (tether_engine_get_history (fixture->engine), beta_id, NULL);
  g_assert_nonnull (stats);
  g_assert_cmpuint (stats->n_sessions, ==, N_CYCLES + 1);
  g_assert_cmpint (stats->median_session_s, >=, 0);
  g_assert_cmpfloat (stats->uptime_24h, >, 0.0);
  g_assert_cmpfloat (stats->uptime_24h, <=, 1.0);
  g_assert_cmpint (stats->last_seen_us, >, 0);
  g_assert_cmpuint (stats->routes->len, >=, 1);

  /* Tether stops: the file holds it all, the open session closed at the stop. */
  stop_engine (fixture);
  path = g_build_filename (fixture->state, "tether", "history", NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "#tether-history\t1\n"));
  g_test_message ("history file:\n%s", contents);
  g_assert_nonnull (strstr (contents, beta_id));

  {
    g_autofree char *dir = g_build_filename (fixture->state, "tether", NULL);

    reader = tether_history_new (dir, TRUE);
  }
  g_assert_true (tether_history_load (reader, &error));
  g_assert_no_error (error);
  after = beta_timeline (reader, fixture);
  g_assert_cmpuint (after->sessions->len, ==, N_CYCLES + 1);
  assert_same_sessions (during, after, N_CYCLES);
  g_assert_cmpint (((TetherSession *) g_ptr_array_index (after->sessions, N_CYCLES))->end_us, >, 0);
  reread = tether_history_get_stats (reader, beta_id, NULL);
  g_assert_cmpuint (reread->n_sessions, ==, stats->n_sessions);
  g_assert_cmpstr (((TetherRoute *) g_ptr_array_index (reread->routes, 0))->conn_type, !=, NULL);

  /* A new engine on the same directory carries on from there. */
  start_engine (fixture);
  wait_beta (fixture, TETHER_DEVICE_STATE_CONNECTED);
  wait_history (fixture, N_CYCLES + 2, TRUE);
  restarted = beta_timeline (tether_engine_get_history (fixture->engine), fixture);
  assert_same_sessions (after, restarted, N_CYCLES + 1);
  stop_engine (fixture);
}

static void
test_stats_cli (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *prefix = NULL;
  JsonObject *device;
  JsonArray *devices;
  int status;

  if (fixture->alpha == NULL)
    return;

  start_engine (fixture);
  wait_beta (fixture, TETHER_DEVICE_STATE_CONNECTED);
  tether_test_syncthing_stop (fixture->beta);
  wait_beta (fixture, TETHER_DEVICE_STATE_DISCONNECTED);
  wait_history (fixture, 1, FALSE);
  stop_engine (fixture);

  /* Stop Syncthing too: `tether stats` reads the file alone. */
  tether_test_syncthing_stop (fixture->alpha);

  text = run_stats (fixture, "beta", FALSE, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (text, "beta"));
  g_assert_nonnull (strstr (text, tether_test_syncthing_get_device_id (fixture->beta)));

  json = run_stats (fixture, NULL, TRUE, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  devices = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, 1);
  device = json_array_get_object_element (devices, 0);
  g_assert_cmpstr (json_object_get_string_member (device, "id"), ==,
                   tether_test_syncthing_get_device_id (fixture->beta));
  g_assert_cmpstr (json_object_get_string_member (device, "name"), ==, "beta");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (device, "all"), "sessions"), ==, 1);

  /* By ID prefix, too; an unknown device is an error. */
  prefix = g_strndup (tether_test_syncthing_get_device_id (fixture->beta), 7);
  g_free (run_stats (fixture, prefix, FALSE, &status));
  g_assert_cmpint (status, ==, 0);
  missing = run_stats (fixture, "nobody", FALSE, &status);
  g_assert_cmpint (status, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tether/history/peer-cycles", Fixture, NULL,
              fixture_set_up, test_peer_cycles, fixture_tear_down);
  g_test_add ("/tether/history/stats-cli", Fixture, NULL,
              fixture_set_up, test_stats_cli, fixture_tear_down);

  return g_test_run ();
}
