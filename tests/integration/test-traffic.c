/* test-traffic.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What Tether sends to Syncthing, seen through a counting proxy: idle, it
 * sends nothing but the events long-poll on the default stream; a device
 * event costs one targeted re-read, never a full one.
 */

#include "config.h"

#include "tether-engine.h"
#include "tether-test-engine.h"
#include "tether-test-proxy.h"
#include "tether-test-syncthing.h"

static guint16
port_of (const char *url)
{
  return (guint16) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
}

typedef struct {
  TetherTestProxy *proxy;
  guint            polls;
} PollWait;

static gboolean
polls_at_least (gpointer user_data)
{
  PollWait *wait = user_data;

  return tether_test_proxy_count (wait->proxy, "GET", "/rest/events") >= wait->polls;
}

static void
dump (TetherTestProxy *proxy)
{
  const GPtrArray *requests = tether_test_proxy_get_requests (proxy);

  for (guint i = 0; i < requests->len; i++)
    g_test_message ("request: %s", (const char *) g_ptr_array_index (requests, i));
}

static void
test_idle_and_targeted (void)
{
  g_autoptr(TetherTestSyncthing) alpha = NULL;
  g_autoptr(TetherTestSyncthing) beta = NULL;
  g_autoptr(TetherTestProxy) proxy = NULL;
  g_autoptr(TetherEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  const GPtrArray *requests;
  PollWait wait;
  guint before, connections_before;

  if (tether_test_syncthing_skip_if_unavailable ())
    return;

  alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (alpha, &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (beta, &error);
  g_assert_no_error (error);
  tether_test_syncthing_pair (alpha, beta, &error);
  g_assert_no_error (error);

  proxy = tether_test_proxy_new (port_of (tether_test_syncthing_get_url (alpha)), &error);
  g_assert_no_error (error);
  engine = tether_engine_new (tether_test_proxy_get_url (proxy),
                              tether_test_syncthing_get_api_key (alpha));
  tether_engine_start (engine);
  g_assert_true (tether_test_wait_device (engine, tether_test_syncthing_get_device_id (beta),
                                          TETHER_DEVICE_STATE_CONNECTED));

  /* Settled: the where-is-the-stream probe and the first long-poll. */
  wait.proxy = proxy;
  wait.polls = 2;
  g_assert_true (tether_test_wait_until (polls_at_least, &wait, "the long-poll"));

  /* Idle: nothing more goes out. */
  before = tether_test_proxy_get_requests (proxy)->len;
  /* Absence cannot be waited for: watch the wire for a while. */
  tether_test_run_for (3000);
  if (tether_test_proxy_get_requests (proxy)->len != before)
    dump (proxy);
  g_assert_cmpuint (tether_test_proxy_get_requests (proxy)->len, ==, before);

  /* A device event: one re-read of the connections (and of the stats,
   * for "last seen"), no full read. */
  connections_before = tether_test_proxy_count (proxy, "GET", "/rest/system/connections");
  tether_test_syncthing_stop (beta);
  g_assert_true (tether_test_wait_device (engine, tether_test_syncthing_get_device_id (beta),
                                          TETHER_DEVICE_STATE_DISCONNECTED));
  tether_test_run_for (1000);
  g_assert_cmpuint (tether_test_proxy_count (proxy, "GET", "/rest/system/connections"),
                    >, connections_before);
  g_assert_cmpuint (tether_test_proxy_count (proxy, "GET", "/rest/system/connections"),
                    <=, connections_before + 2);
  /* No full read again: the version and the stream probe were read once.
   * (Syncthing may save its config as the peer leaves; a ConfigSaved
   * re-reads the device list, which is targeted enough.) */
  g_assert_cmpuint (tether_test_proxy_count (proxy, "GET", "/rest/system/version"), ==, 1);
  g_assert_cmpuint (tether_test_proxy_count (proxy, "GET", "/rest/events?since=0&limit=1"), ==, 1);

  /* Always the default event stream, filtered by Tether. */
  requests = tether_test_proxy_get_requests (proxy);
  for (guint i = 0; i < requests->len; i++)
    g_assert_null (strstr (g_ptr_array_index (requests, i), "events="));

  tether_engine_stop (engine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/traffic/idle-and-targeted", test_idle_and_targeted);

  return g_test_run ();
}
