/* test-engine.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine against two real Syncthing instances on loopback: "alpha" is
 * the one Tether watches, "beta" its peer. Every wait is on the engine's
 * own snapshots, with generous timeouts for slow machines.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tether-engine.h"
#include "tether-test-engine.h"
#include "tether-test-syncthing.h"

#define WAIT_S TETHER_TEST_WAIT_S

typedef struct {
  TetherTestSyncthing *alpha;
  TetherTestSyncthing *beta;
  TetherEngine        *engine;
  GPtrArray           *seen;   /* of TetherSnapshot*, every one delivered */
} Fixture;

static void
snapshot_cb (TetherEngine   *engine,
             TetherSnapshot *snapshot,
             Fixture        *fixture)
{
  g_ptr_array_add (fixture->seen, tether_snapshot_ref (snapshot));
}

static void
wait_device (Fixture           *fixture,
             TetherDeviceState  state)
{
  g_assert_true (tether_test_wait_device (fixture->engine,
                                          tether_test_syncthing_get_device_id (fixture->beta),
                                          state));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_snapshot_unref);

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
start_engine (Fixture    *fixture,
              const char *url,
              const char *api_key)
{
  fixture->engine = tether_engine_new (url, api_key);
  g_signal_connect (fixture->engine, "snapshot", G_CALLBACK (snapshot_cb), fixture);
  tether_engine_start (fixture->engine);
}

static void
start_engine_on_alpha (Fixture *fixture)
{
  start_engine (fixture,
                tether_test_syncthing_get_url (fixture->alpha),
                tether_test_syncthing_get_api_key (fixture->alpha));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->engine != NULL)
    {
      tether_engine_stop (fixture->engine);
      g_signal_handlers_disconnect_by_data (fixture->engine, fixture);
      g_assert_finalize_object (fixture->engine);
    }
  g_clear_pointer (&fixture->alpha, tether_test_syncthing_free);
  g_clear_pointer (&fixture->beta, tether_test_syncthing_free);
  g_clear_pointer (&fixture->seen, g_ptr_array_unref);
}

static void
test_peer_lifecycle (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TetherSnapshot *snapshot;
  TetherDeviceInfo *info;

  if (fixture->alpha == NULL)
    return;

  start_engine_on_alpha (fixture);
  wait_device (fixture, TETHER_DEVICE_STATE_CONNECTED);

  snapshot = tether_engine_get_snapshot (fixture->engine);
  g_assert_cmpstr (snapshot->my_id, ==, tether_test_syncthing_get_device_id (fixture->alpha));
  g_assert_true (g_str_has_prefix (snapshot->syncthing_version, "v1."));
  /* The watched device itself is not listed; the peer is, by name. */
  g_assert_cmpuint (snapshot->devices->len, ==, 1);
  info = tether_snapshot_lookup (snapshot, tether_test_syncthing_get_device_id (fixture->beta));
  g_assert_cmpstr (info->name, ==, "beta");
  g_assert_nonnull (tether_device_info_get_primary (info));
  g_assert_true (g_str_has_prefix (tether_device_info_get_primary (info)->address, "127.0.0.1:"));
  g_assert_cmpint (info->connected_since_us, >, 0);

  /* The peer goes away: disconnected, with Syncthing's reason. */
  tether_test_syncthing_stop (fixture->beta);
  wait_device (fixture, TETHER_DEVICE_STATE_DISCONNECTED);
  info = tether_snapshot_lookup (tether_engine_get_snapshot (fixture->engine),
                                 tether_test_syncthing_get_device_id (fixture->beta));
  g_assert_nonnull (info->last_error);
  g_assert_cmpstr (info->last_error, !=, "");
  g_assert_cmpuint (info->connections->len, ==, 0);
  g_test_message ("disconnect reason: %s", info->last_error);

  /* And comes back. */
  tether_test_syncthing_start (fixture->beta, &error);
  g_assert_no_error (error);
  wait_device (fixture, TETHER_DEVICE_STATE_CONNECTED);
}

static void
test_pause_resume (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *reply = NULL;

  if (fixture->alpha == NULL)
    return;

  start_engine_on_alpha (fixture);
  wait_device (fixture, TETHER_DEVICE_STATE_CONNECTED);

  /* Through the engine's command... */
  tether_engine_pause_device (fixture->engine, tether_test_syncthing_get_device_id (fixture->beta));
  wait_device (fixture, TETHER_DEVICE_STATE_PAUSED);
  tether_engine_resume_device (fixture->engine, tether_test_syncthing_get_device_id (fixture->beta));
  wait_device (fixture, TETHER_DEVICE_STATE_CONNECTED);

  /* ...and by someone else, through Syncthing's REST API. */
  path = g_strdup_printf ("/rest/system/pause?device=%s",
                          tether_test_syncthing_get_device_id (fixture->beta));
  reply = tether_test_syncthing_rest (fixture->alpha, "POST", path, NULL, &error);
  g_assert_no_error (error);
  wait_device (fixture, TETHER_DEVICE_STATE_PAUSED);
}

static void
restart_alpha (Fixture  *fixture,
               gboolean  crash)
{
  g_autoptr(GError) error = NULL;
  guint mark;

  start_engine_on_alpha (fixture);
  wait_device (fixture, TETHER_DEVICE_STATE_CONNECTED);
  mark = fixture->seen->len;

  if (crash)
    tether_test_syncthing_kill (fixture->alpha);
  else
    tether_test_syncthing_stop (fixture->alpha);
  g_assert_true (tether_test_wait_status (fixture->engine, TETHER_ENGINE_STATUS_UNREACHABLE));
  /* Nothing but "unreachable" in between: a Syncthing going away is not
   * a stranger answering. */
  for (guint i = mark; i < fixture->seen->len; i++)
    {
      TetherSnapshot *snapshot = g_ptr_array_index (fixture->seen, i);

      if (snapshot->status != TETHER_ENGINE_STATUS_ONLINE &&
          snapshot->status != TETHER_ENGINE_STATUS_UNREACHABLE)
        g_error ("Unexpected status %s: %s", tether_engine_status_to_string (snapshot->status),
                 snapshot->status_message);
    }
  /* Nothing is known about devices while Syncthing is away. */
  g_assert_cmpuint (tether_snapshot_count_state (tether_engine_get_snapshot (fixture->engine),
                                                 TETHER_DEVICE_STATE_CONNECTED), ==, 0);

  tether_test_syncthing_start (fixture->alpha, &error);
  g_assert_no_error (error);

  /* Back on its own, without anybody asking for a resync. */
  wait_device (fixture, TETHER_DEVICE_STATE_CONNECTED);
}

static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  if (fixture->alpha != NULL)
    restart_alpha (fixture, FALSE);
}

static void
test_crash (Fixture       *fixture,
            gconstpointer  data)
{
  if (fixture->alpha != NULL)
    restart_alpha (fixture, TRUE);
}

static void
test_wrong_api_key (Fixture       *fixture,
                    gconstpointer  data)
{
  TetherSnapshot *snapshot;

  if (fixture->alpha == NULL)
    return;

  start_engine (fixture, tether_test_syncthing_get_url (fixture->alpha), "not-the-key");
  g_assert_true (tether_test_wait_status (fixture->engine, TETHER_ENGINE_STATUS_UNAUTHORIZED));
  snapshot = tether_engine_get_snapshot (fixture->engine);
  g_assert_nonnull (strstr (snapshot->status_message, "API key"));
  g_assert_null (strstr (snapshot->status_message, "not-the-key"));
  g_assert_cmpuint (snapshot->devices->len, ==, 0);
}

static void
test_found_through_config (Fixture       *fixture,
                           gconstpointer  data)
{
  if (fixture->alpha == NULL)
    return;

  /* No overrides: the engine reads alpha's config.xml through $STHOME. */
  g_setenv ("STHOME", tether_test_syncthing_get_home (fixture->alpha), TRUE);
  start_engine (fixture, NULL, NULL);
  wait_device (fixture, TETHER_DEVICE_STATE_CONNECTED);
  g_assert_cmpstr (tether_engine_get_snapshot (fixture->engine)->url, ==,
                   tether_test_syncthing_get_url (fixture->alpha));
  g_unsetenv ("STHOME");
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("tether-empty-XXXXXX", &error);
  Fixture fixture = { 0 };
  TetherSnapshot *snapshot;

  g_assert_no_error (error);
  fixture.seen = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_snapshot_unref);

  g_setenv ("STHOME", empty, TRUE);
  g_setenv ("XDG_STATE_HOME", empty, TRUE);
  g_setenv ("XDG_CONFIG_HOME", empty, TRUE);
  g_setenv ("HOME", empty, TRUE);

  start_engine (&fixture, NULL, NULL);
  g_assert_true (tether_test_wait_status (fixture.engine, TETHER_ENGINE_STATUS_NOT_FOUND));
  snapshot = tether_engine_get_snapshot (fixture.engine);
  /* It says where it looked. */
  g_assert_nonnull (strstr (snapshot->status_message, empty));

  fixture_tear_down (&fixture, NULL);
  g_unsetenv ("STHOME");
  g_rmdir (empty);
}

static void
test_unreachable (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port nothing listens on: bind one, learn it, close it. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  fixture.seen = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_snapshot_unref);
  start_engine (&fixture, url, "key");
  g_assert_true (tether_test_wait_status (fixture.engine, TETHER_ENGINE_STATUS_UNREACHABLE));
  g_assert_nonnull (strstr (tether_engine_get_snapshot (fixture.engine)->status_message, url));
  fixture_tear_down (&fixture, NULL);
}

static void
test_insecure_refused (void)
{
  Fixture fixture = { 0 };

  /* The key must never travel in clear to another machine. */
  fixture.seen = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_snapshot_unref);
  start_engine (&fixture, "http://192.0.2.10:8384", "key");
  g_assert_true (tether_test_wait_status (fixture.engine, TETHER_ENGINE_STATUS_BAD_RESPONSE));
  g_assert_nonnull (strstr (tether_engine_get_snapshot (fixture.engine)->status_message, "plain HTTP"));
  fixture_tear_down (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tether/engine/peer-lifecycle", Fixture, NULL,
              fixture_set_up, test_peer_lifecycle, fixture_tear_down);
  g_test_add ("/tether/engine/pause-resume", Fixture, NULL,
              fixture_set_up, test_pause_resume, fixture_tear_down);
  g_test_add ("/tether/engine/restart", Fixture, NULL,
              fixture_set_up, test_restart, fixture_tear_down);
  g_test_add ("/tether/engine/crash", Fixture, NULL,
              fixture_set_up, test_crash, fixture_tear_down);
  g_test_add ("/tether/engine/wrong-api-key", Fixture, NULL,
              fixture_set_up, test_wrong_api_key, fixture_tear_down);
  g_test_add ("/tether/engine/found-through-config", Fixture, NULL,
              fixture_set_up, test_found_through_config, fixture_tear_down);
  g_test_add_func ("/tether/engine/unreachable", test_unreachable);
  g_test_add_func ("/tether/engine/insecure-refused", test_insecure_refused);
  g_test_add_func ("/tether/engine/not-found", test_not_found);

  return g_test_run ();
}
