/* bench-testbed.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <json-glib/json-glib.h>

#include "bench-testbed.h"

char *
bench_testbed_address (BenchTestbed *tb,
                       guint         host)
{
  return g_strdup_printf ("10.77.%u.%u", tb->index, host);
}

char *
bench_testbed_sync_url (BenchTestbed *tb,
                        guint         host)
{
  g_autofree char *address = bench_testbed_address (tb, host);

  return g_strdup_printf ("tcp://%s:%u", address, BENCH_SYNC_PORT);
}

static const char *
ns_of (BenchTestbed        *tb,
       TetherTestSyncthing *st)
{
  return st == tb->laptop ? tb->laptop_ns : tb->peer_ns;
}

void
bench_testbed_start (BenchTestbed        *tb,
                     TetherTestSyncthing *st)
{
  g_autoptr(GError) error = NULL;

  bench_netns_enter (ns_of (tb, st));
  tether_test_syncthing_start (st, &error);
  bench_netns_leave ();
  g_assert_no_error (error);
}

void
bench_testbed_stop (BenchTestbed        *tb,
                    TetherTestSyncthing *st)
{
  bench_netns_enter (ns_of (tb, st));
  tether_test_syncthing_stop (st);
  bench_netns_leave ();
}

char *
bench_testbed_rest (BenchTestbed        *tb,
                    TetherTestSyncthing *st,
                    const char          *method,
                    const char          *path,
                    const char          *body)
{
  g_autoptr(GError) error = NULL;
  char *reply;

  bench_netns_enter (ns_of (tb, st));
  reply = tether_test_syncthing_rest (st, method, path, body, &error);
  bench_netns_leave ();
  g_assert_no_error (error);

  return reply;
}

/* Adds (or replaces) other in st's config, reached at these addresses. */
void
bench_testbed_set_device (BenchTestbed        *tb,
                          TetherTestSyncthing *st,
                          TetherTestSyncthing *other,
                          const char          *addresses)
{
  g_autofree char *body = g_strdup_printf ("{\"deviceID\": \"%s\", \"name\": \"%s\", \"addresses\": %s}",
                                           tether_test_syncthing_get_device_id (other),
                                           tether_test_syncthing_get_name (other), addresses);

  g_free (bench_testbed_rest (tb, st, "POST", "/rest/config/devices", body));
}

void
bench_testbed_restart (BenchTestbed        *tb,
                       TetherTestSyncthing *st)
{
  bench_testbed_stop (tb, st);
  bench_testbed_start (tb, st);
}

gboolean
bench_testbed_connected (BenchTestbed *tb,
                         guint         timeout_s)
{
  gboolean connected;

  bench_netns_enter (tb->laptop_ns);
  connected = tether_test_syncthing_wait_connected (tb->laptop, tb->peer, TRUE, timeout_s);
  bench_netns_leave ();

  return connected;
}

static JsonNode *
parse_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* Unix µs of an RFC 3339 time with nanoseconds, as Syncthing writes it. */
static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* How long the laptop's connection to the peer has been up, in s (-1:
 * not connected). */
static double
connection_age (BenchTestbed *tb)
{
  g_autofree char *json = bench_testbed_rest (tb, tb->laptop, "GET", "/rest/system/connections", NULL);
  g_autoptr(JsonNode) root = parse_json (json);
  JsonObject *connections = json_object_get_object_member (json_node_get_object (root), "connections");
  JsonObject *peer = json_object_get_object_member (connections, tether_test_syncthing_get_device_id (tb->peer));

  if (peer == NULL || !json_object_get_boolean_member_with_default (peer, "connected", FALSE))
    return -1;

  return (g_get_real_time () -
          parse_time (json_object_get_string_member (peer, "startedAt"))) / (double) G_USEC_PER_SEC;
}

/* Connected; after a run that reached the cap, by force (pause and
 * resume). */
void
bench_testbed_ensure_connected (BenchTestbed *tb)
{
  if (!bench_testbed_connected (tb, 30))
    {
      g_autofree char *pause = g_strdup_printf ("/rest/system/pause?device=%s",
                                                tether_test_syncthing_get_device_id (tb->peer));
      g_autofree char *resume = g_strdup_printf ("/rest/system/resume?device=%s",
                                                 tether_test_syncthing_get_device_id (tb->peer));

      g_test_message ("testbed %u: not connected; reconnecting by force", tb->index);
      g_free (bench_testbed_rest (tb, tb->laptop, "POST", pause, NULL));
      g_free (bench_testbed_rest (tb, tb->laptop, "POST", resume, NULL));
      g_assert_true (bench_testbed_connected (tb, 120));
    }
}

/* A network switch finds a connection that has been up a while, as in
 * life: Syncthing 1.19 lets a new connection replace the peer's dead copy
 * only when that copy is older than 10 s. */
void
bench_testbed_wait_steady (BenchTestbed *tb)
{
  double age = connection_age (tb);

  if (age >= 0 && age < BENCH_STEADY_S)
    g_usleep ((gulong) ((BENCH_STEADY_S - age) * G_USEC_PER_SEC));
}

/* The id of st's newest event. */
gint64
bench_testbed_last_event_id (BenchTestbed        *tb,
                             TetherTestSyncthing *st)
{
  g_autofree char *json = bench_testbed_rest (tb, st, "GET", "/rest/events?since=0&limit=1&timeout=1", NULL);
  g_autoptr(JsonNode) root = parse_json (json);
  JsonArray *events = json_node_get_array (root);

  if (json_array_get_length (events) == 0)
    return 0;
  return json_object_get_int_member (json_array_get_object_element (events, 0), "id");
}

/* The time of st's first event of this type after since that is about
 * device (NULL: any), waiting up to deadline_us (real time); -1 if none. */
gint64
bench_testbed_wait_event (BenchTestbed        *tb,
                          TetherTestSyncthing *st,
                          const char          *type,
                          const char          *device,
                          gint64               since,
                          gint64               deadline_us)
{
  while (g_get_real_time () < deadline_us)
    {
      g_autofree char *path = g_strdup_printf ("/rest/events?since=%" G_GINT64_FORMAT "&timeout=1", since);
      g_autofree char *json = bench_testbed_rest (tb, st, "GET", path, NULL);
      g_autoptr(JsonNode) root = parse_json (json);
      JsonArray *events = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *event = json_array_get_object_element (events, i);
          JsonObject *data = json_object_get_object_member (event, "data");

          since = MAX (since, json_object_get_int_member (event, "id"));
          if (g_str_equal (json_object_get_string_member (event, "type"), type) &&
              (device == NULL ||
               (data != NULL && g_strcmp0 (json_object_get_string_member_with_default (data, "id", NULL),
                                           device) == 0)))
            return parse_time (json_object_get_string_member (event, "time"));
        }
    }

  return -1;
}

/* -------------------------------------------------------------- testbed */

void
bench_testbed_free (BenchTestbed *tb)
{
  if (tb->laptop != NULL)
    bench_testbed_stop (tb, tb->laptop);
  if (tb->peer != NULL)
    bench_testbed_stop (tb, tb->peer);
  g_clear_pointer (&tb->laptop, tether_test_syncthing_free);
  g_clear_pointer (&tb->peer, tether_test_syncthing_free);
  g_free (tb->laptop_ns);
  g_free (tb->peer_ns);
  g_free (tb->laptop_if);
  g_free (tb->peer_if);
  g_free (tb);
}

BenchTestbed *
bench_testbed_new (guint index)
{
  BenchTestbed *tb = g_new0 (BenchTestbed, 1);
  int tag = (int) (getpid () % 100000);

  tb->index = index;
  tb->laptop_ns = g_strdup_printf ("tether-bench-%d-%u-laptop", tag, index);
  tb->peer_ns = g_strdup_printf ("tether-bench-%d-%u-peer", tag, index);
  tb->laptop_if = g_strdup_printf ("tb%dl%u", tag, index);
  tb->peer_if = g_strdup_printf ("tb%dp%u", tag, index);
  tb->laptop_host = 1;

  return tb;
}

static TetherTestSyncthing *
new_syncthing (BenchTestbed *tb,
               const char   *ns,
               const char   *name)
{
  g_autoptr(GError) error = NULL;
  TetherTestSyncthing *st;

  bench_netns_enter (ns);
  st = tether_test_syncthing_new (name, &error);
  bench_netns_leave ();
  g_assert_no_error (error);

  return st;
}

/* The namespaces, the veth pair, both Syncthings listening on :22000 and
 * paired: the laptop dials the peer at its address, the peer has the
 * laptop as "dynamic" (without discovery it cannot dial it). */
void
bench_testbed_up (BenchTestbed *tb)
{
  g_autofree char *laptop_cidr = NULL;
  g_autofree char *peer_cidr = NULL;
  g_autofree char *peer_url = NULL;
  g_autofree char *listen = g_strdup_printf ("{\"listenAddresses\": [\"tcp://0.0.0.0:%u\"]}", BENCH_SYNC_PORT);
  g_autofree char *peer_addresses = NULL;

  laptop_cidr = g_strdup_printf ("10.77.%u.%u/24", tb->index, tb->laptop_host);
  peer_cidr = g_strdup_printf ("10.77.%u.%u/24", tb->index, BENCH_PEER_HOST);

  bench_ip ("netns", "add", tb->laptop_ns, NULL);
  bench_ip ("netns", "add", tb->peer_ns, NULL);
  /* IPv4 only: discovery would find IPv6 link-local addresses too, and
   * the addresses measured and switched are IPv4's. */
  bench_netns_run (tb->laptop_ns, FALSE, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1", NULL);
  bench_netns_run (tb->peer_ns, FALSE, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1", NULL);
  bench_ip ("link", "add", tb->laptop_if, "netns", tb->laptop_ns, "type", "veth",
            "peer", "name", tb->peer_if, "netns", tb->peer_ns, NULL);
  bench_ip ("-n", tb->laptop_ns, "addr", "add", laptop_cidr, "dev", tb->laptop_if, NULL);
  bench_ip ("-n", tb->peer_ns, "addr", "add", peer_cidr, "dev", tb->peer_if, NULL);
  bench_ip ("-n", tb->laptop_ns, "link", "set", "lo", "up", NULL);
  bench_ip ("-n", tb->peer_ns, "link", "set", "lo", "up", NULL);
  bench_ip ("-n", tb->laptop_ns, "link", "set", tb->laptop_if, "up", NULL);
  bench_ip ("-n", tb->peer_ns, "link", "set", tb->peer_if, "up", NULL);

  tb->laptop = new_syncthing (tb, tb->laptop_ns, "laptop");
  tb->peer = new_syncthing (tb, tb->peer_ns, "peer");
  bench_testbed_start (tb, tb->laptop);
  bench_testbed_start (tb, tb->peer);
  g_free (bench_testbed_rest (tb, tb->laptop, "PATCH", "/rest/config/options", listen));
  g_free (bench_testbed_rest (tb, tb->peer, "PATCH", "/rest/config/options", listen));
  bench_testbed_restart (tb, tb->laptop);
  bench_testbed_restart (tb, tb->peer);

  peer_url = bench_testbed_sync_url (tb, BENCH_PEER_HOST);
  peer_addresses = g_strdup_printf ("[\"%s\"]", peer_url);
  bench_testbed_set_device (tb, tb->laptop, tb->peer, peer_addresses);
  bench_testbed_set_device (tb, tb->peer, tb->laptop, "[\"dynamic\"]");
  g_assert_true (bench_testbed_connected (tb, 60));
}

/* The laptop's address changes under its connection; returns when the new
 * one is in place (the mark). */
gint64
bench_testbed_switch_address (BenchTestbed *tb)
{
  g_autofree char *old_cidr = g_strdup_printf ("10.77.%u.%u/24", tb->index, tb->laptop_host);
  g_autofree char *new_cidr = NULL;

  tb->laptop_host = tb->laptop_host == 1 ? 2 : 1;
  new_cidr = g_strdup_printf ("10.77.%u.%u/24", tb->index, tb->laptop_host);
  bench_ip ("-n", tb->laptop_ns, "addr", "del", old_cidr, "dev", tb->laptop_if, NULL);
  bench_ip ("-n", tb->laptop_ns, "addr", "add", new_cidr, "dev", tb->laptop_if, NULL);

  return g_get_real_time ();
}

/* The laptop refuses connections it did not open, as behind NAT or a
 * firewall: with nft, a rule in its namespace drops every SYN to its sync
 * port (replies to its own dials pass). Not "ct state new": Syncthing
 * dials from its listening port, so the peer's dial reuses the 4-tuple of
 * the last connection, which conntrack still knows for minutes. Without
 * nft, it listens on loopback only, so that nothing on the veth answers
 * (its announcements then name 127.0.0.1, which the peer cannot use). */
void
bench_testbed_block_inbound (BenchTestbed *tb)
{
  g_autofree char *nft = g_find_program_in_path ("nft");
  g_autofree char *port = g_strdup_printf ("%u", BENCH_SYNC_PORT);

  if (nft == NULL && g_file_test ("/usr/sbin/nft", G_FILE_TEST_IS_EXECUTABLE))
    nft = g_strdup ("/usr/sbin/nft");

  if (nft != NULL)
    {
      g_test_message ("Inbound connections to the laptop: dropped by nft");
      bench_netns_run (tb->laptop_ns, FALSE, nft, "add", "table", "inet", "tether_bench", NULL);
      bench_netns_run (tb->laptop_ns, FALSE, nft, "add", "chain", "inet", "tether_bench", "input",
                       "{", "type", "filter", "hook", "input", "priority", "0", ";", "}", NULL);
      bench_netns_run (tb->laptop_ns, FALSE, nft, "add", "rule", "inet", "tether_bench", "input",
                       "tcp", "dport", port, "tcp", "flags", "&", "(", "syn", "|", "ack", ")",
                       "==", "syn", "drop", NULL);
    }
  else
    {
      g_autofree char *listen = g_strdup_printf ("{\"listenAddresses\": [\"tcp://127.0.0.1:%u\"]}",
                                                 BENCH_SYNC_PORT);

      g_test_message ("Inbound connections to the laptop: none (no nft; it listens on loopback only)");
      g_free (bench_testbed_rest (tb, tb->laptop, "PATCH", "/rest/config/options", listen));
    }
}
