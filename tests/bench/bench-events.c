/* bench-events.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How late Tether's picture of a device is, against Syncthing's own event
 * time: a real pair, the peer stopped and started N times, measured to the
 * moment the engine publishes the snapshot that shows the change. In the
 * same run, a poller that reads /rest/system/connections every 5 s (what
 * the tray apps people use today do) watches the same changes.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "tether-engine.h"
#include "tether-st-types.h"
#include "tether-test-engine.h"
#include "tether-test-syncthing.h"

#define CYCLES       10
#define POLL_MS      5000

typedef struct {
  TetherTestSyncthing *alpha;
  TetherTestSyncthing *beta;
  TetherEngine        *engine;
  gboolean             connected;    /* as Tether's snapshot shows it */
  gint64               changed_us;   /* when that last flipped */
  gboolean             poller_connected;
  gint64               poller_seen_us;
  gint64               since;
  GArray              *tether_ms;    /* double */
  GArray              *poller_ms;    /* double */
} Bench;

static void
snapshot_cb (TetherEngine   *engine,
             TetherSnapshot *snapshot,
             Bench          *bench)
{
  TetherDeviceInfo *info = tether_snapshot_lookup (snapshot, tether_test_syncthing_get_device_id (bench->beta));

  /* Connected or not: the pool may go on from "disconnected" to
   * "waiting" or "dialing", which is not the change being timed. */
  if (info != NULL && (info->state == TETHER_DEVICE_STATE_CONNECTED) != bench->connected)
    {
      bench->connected = !bench->connected;
      /* When the engine published it: this thread is busy in the
       * harness's blocking stop() while a peer goes away. */
      bench->changed_us = snapshot->created_us;
    }
}

/* The time Syncthing stamped on the newest event of this type. */
static gint64
event_time (Bench      *bench,
            const char *type)
{
  g_autofree char *path = g_strdup_printf ("/rest/events?since=%" G_GINT64_FORMAT "&timeout=1",
                                           bench->since);
  g_autofree char *json = tether_test_syncthing_rest (bench->alpha, "GET", path, NULL, NULL);
  g_autoptr(JsonNode) root = json ? json_from_string (json, NULL) : NULL;
  JsonArray *events;
  gint64 when = 0;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return 0;

  events = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);

      bench->since = MAX (bench->since, json_object_get_int_member (ev, "id"));
      if (g_str_equal (json_object_get_string_member (ev, "type"), type))
        when = tether_st_parse_time (json_object_get_string_member (ev, "time"));
    }

  return when;
}

static gboolean
poll_cb (gpointer user_data)
{
  Bench *bench = user_data;
  g_autofree char *json = tether_test_syncthing_rest (bench->alpha, "GET", "/rest/system/connections",
                                                      NULL, NULL);
  g_autofree char *needle = g_strdup_printf ("\"%s\"", tether_test_syncthing_get_device_id (bench->beta));
  const char *entry = json ? strstr (json, needle) : NULL;
  gboolean connected = entry != NULL && strstr (entry, "\"connected\": true") != NULL &&
                       strstr (entry, "\"connected\": true") < strstr (entry, "}");

  if (connected != bench->poller_connected)
    {
      bench->poller_connected = connected;
      bench->poller_seen_us = g_get_real_time ();
    }

  return G_SOURCE_CONTINUE;
}

typedef struct {
  Bench    *bench;
  gboolean  connected;
} Until;

static gboolean
both_see (gpointer user_data)
{
  Until *until = user_data;

  return until->bench->connected == until->connected &&
         until->bench->poller_connected == until->connected;
}

static void
measure (Bench      *bench,
         gboolean    connected,
         const char *event_type)
{
  Until until = { bench, connected };
  gint64 event_us;
  double tether, poller;

  g_assert_true (tether_test_wait_until (both_see, &until, "Tether and the poller"));
  event_us = event_time (bench, event_type);
  g_assert_cmpint (event_us, >, 0);

  tether = (bench->changed_us - event_us) / 1000.0;
  poller = (bench->poller_seen_us - event_us) / 1000.0;
  printf ("%-18s Tether %8.1f ms   poller %8.1f ms\n", event_type, tether, poller);
  g_array_append_val (bench->tether_ms, tether);
  g_array_append_val (bench->poller_ms, poller);
}

static gboolean
done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
pause_randomly (void)
{
  gboolean done = FALSE;

  g_timeout_add (g_random_int_range (0, POLL_MS), done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *values)
{
  double *v = (double *) values->data;
  guint n = values->len;
  double median;

  g_array_sort (values, compare_double);
  median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  printf ("%-36s median %8.1f ms   min %8.1f ms   max %8.1f ms   (n=%u)\n",
          what, median, v[0], v[n - 1], n);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  Bench bench = { 0 };
  guint poll_id;

  g_test_init (&argc, &argv, NULL);
  if (!tether_test_syncthing_available ())
    {
      printf ("SKIP: no syncthing binary\n");
      return 0;
    }

  state = g_dir_make_tmp ("tether-bench-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  bench.tether_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.poller_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  bench.beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (bench.alpha, &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (bench.beta, &error);
  g_assert_no_error (error);
  tether_test_syncthing_pair (bench.alpha, bench.beta, &error);
  g_assert_no_error (error);

  bench.engine = tether_engine_new (tether_test_syncthing_get_url (bench.alpha),
                                    tether_test_syncthing_get_api_key (bench.alpha));
  g_signal_connect (bench.engine, "snapshot", G_CALLBACK (snapshot_cb), &bench);
  tether_engine_start (bench.engine);
  g_assert_true (tether_test_wait_device (bench.engine, tether_test_syncthing_get_device_id (bench.beta),
                                          TETHER_DEVICE_STATE_CONNECTED));
  bench.connected = TRUE;
  event_time (&bench, "none");   /* skip what came before */
  poll_id = g_timeout_add (POLL_MS, poll_cb, &bench);
  poll_cb (&bench);

  for (guint i = 0; i < CYCLES; i++)
    {
      /* At a random point of the poller's period, as a real change is. */
      pause_randomly ();
      tether_test_syncthing_stop (bench.beta);
      measure (&bench, FALSE, "DeviceDisconnected");
      pause_randomly ();
      tether_test_syncthing_start (bench.beta, &error);
      g_assert_no_error (error);
      measure (&bench, TRUE, "DeviceConnected");
    }

  printf ("\nFrom Syncthing's event to the change being visible, %u connects and %u disconnects:\n",
          CYCLES, CYCLES);
  report ("Tether (events + targeted re-read)", bench.tether_ms);
  report ("a 5 s poller (today's tray apps)", bench.poller_ms);

  g_source_remove (poll_id);
  tether_engine_stop (bench.engine);
  g_object_unref (bench.engine);
  tether_test_syncthing_free (bench.alpha);
  tether_test_syncthing_free (bench.beta);
  g_array_unref (bench.tether_ms);
  g_array_unref (bench.poller_ms);
  return 0;
}
