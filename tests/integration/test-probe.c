/* test-probe.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences' "Test Connection" (tether_syncthing_probe_async) and its
 * "apply" (tether_engine_set_location) against a real Syncthing.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tether-engine.h"
#include "tether-syncthing-client.h"
#include "tether-syncthing-probe.h"
#include "tether-st-location.h"
#include "tether-test-syncthing.h"

#define WAIT_S 60

typedef struct {
  TetherStVersion *version;
  char            *url;
  GError          *error;
  gboolean         done;
} Result;

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->version = tether_syncthing_probe_finish (result, &r->url, &r->error);
  r->done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
probe (const char   *url,
       const char   *api_key,
       GCancellable *cancellable,
       Result       *r)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);

  memset (r, 0, sizeof *r);
  tether_syncthing_probe_async (url, api_key, cancellable, probe_cb, r);
  while (!r->done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->version, tether_st_version_free);
  g_clear_pointer (&r->url, g_free);
  g_clear_error (&r->error);
}

/* The paths Tether searches for config.xml point into an empty directory. */
static char *
isolate_config (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tether-probe-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("STHOME", dir, TRUE);
  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_setenv ("HOME", dir, TRUE);
  g_unsetenv ("STGUIADDRESS");
  g_unsetenv ("STGUIAPIKEY");

  return dir;
}

static void
test_probe_answers (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(GError) error = NULL;
  Result r;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);

  /* Nothing listens yet. */
  probe (tether_test_syncthing_get_url (alpha), tether_test_syncthing_get_api_key (alpha), NULL, &r);
  g_assert_null (r.version);
  g_assert_error (r.error, TETHER_SYNCTHING_CLIENT_ERROR, TETHER_SYNCTHING_CLIENT_ERROR_UNREACHABLE);
  g_assert_null (r.url);
  result_clear (&r);

  tether_test_syncthing_start (alpha, &error);
  g_assert_no_error (error);

  probe (tether_test_syncthing_get_url (alpha), tether_test_syncthing_get_api_key (alpha), NULL, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.version);
  g_assert_true (g_str_has_prefix (r.version->version, "v"));
  g_assert_cmpuint (r.version->major, >=, 1);
  g_assert_cmpstr (r.url, ==, tether_test_syncthing_get_url (alpha));
  result_clear (&r);

  probe (tether_test_syncthing_get_url (alpha), "not-the-key", NULL, &r);
  g_assert_error (r.error, TETHER_SYNCTHING_CLIENT_ERROR, TETHER_SYNCTHING_CLIENT_ERROR_UNAUTHORIZED);
  result_clear (&r);

  /* Only the address given: the key comes from config.xml (STHOME). */
  g_setenv ("STHOME", tether_test_syncthing_get_home (alpha), TRUE);
  probe (tether_test_syncthing_get_url (alpha), "", NULL, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.version);
  result_clear (&r);
  g_unsetenv ("STHOME");
}

static void
test_probe_refuses (void)
{
  g_autofree char *dir = isolate_config ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r;

  /* No address and no config.xml anywhere. */
  probe (NULL, NULL, NULL, &r);
  g_assert_error (r.error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (r.error->message, dir));
  result_clear (&r);

  /* The key would cross the network in clear: refused before any packet. */
  probe ("http://192.0.2.1:8384", "some-key", NULL, &r);
  g_assert_error (r.error, TETHER_SYNCTHING_CLIENT_ERROR, TETHER_SYNCTHING_CLIENT_ERROR_INSECURE);
  result_clear (&r);

  /* Cancelled before it answers. */
  g_cancellable_cancel (cancellable);
  probe ("http://127.0.0.1:9", "some-key", cancellable, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  result_clear (&r);

  g_rmdir (dir);
}

static void
snapshot_cb (TetherEngine   *engine,
             TetherSnapshot *snapshot,
             gpointer        user_data)
{
}

static gboolean
wait_status (TetherEngine       *engine,
             TetherEngineStatus  status)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);

  while (tether_engine_get_snapshot (engine)->status != status && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return !timed_out;
}

/* A location applied in Preferences reaches the running engine. */
static void
test_engine_set_location (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(GError) error = NULL;
  TetherEngine *engine;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (alpha, &error);
  g_assert_no_error (error);

  /* Set before start: the engine starts with it. */
  engine = tether_engine_new ("http://127.0.0.1:9", "nothing");
  g_signal_connect (engine, "snapshot", G_CALLBACK (snapshot_cb), NULL);
  tether_engine_set_location (engine, tether_test_syncthing_get_url (alpha), "not-the-key");
  tether_engine_start (engine);
  g_assert_true (wait_status (engine, TETHER_ENGINE_STATUS_UNAUTHORIZED));

  /* While running: the right key takes over at once. */
  tether_engine_set_location (engine, tether_test_syncthing_get_url (alpha),
                              tether_test_syncthing_get_api_key (alpha));
  g_assert_true (wait_status (engine, TETHER_ENGINE_STATUS_ONLINE));
  g_assert_cmpstr (tether_engine_get_snapshot (engine)->url, ==, tether_test_syncthing_get_url (alpha));

  tether_engine_stop (engine);
  g_assert_finalize_object (engine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/probe/answers", test_probe_answers);
  g_test_add_func ("/tether/probe/refuses", test_probe_refuses);
  g_test_add_func ("/tether/probe/engine-set-location", test_engine_set_location);

  return g_test_run ();
}
