/* test-stats-cli.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `tether stats`: device matching, durations, and the text and JSON
 * reports over a small history (the command itself runs in
 * tests/integration/test-history.c).
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "tether-stats-cli.h"

#define DEV_A "ABCDEFG-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA"
#define DEV_B "ABCXYZQ-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB"
#define HOME  "11111111-1111-1111-1111-111111111111"
#define T(s)  (G_GINT64_CONSTANT (1704067200000000) + (gint64) (s) * G_USEC_PER_SEC)

static TetherPatterns *
small_history (void)
{
  TetherPatterns *p = tether_patterns_new (NULL);
  TetherHistoryEvent events[] = {
    { .time_us = T (0), .kind = TETHER_HISTORY_EVENT_TETHER_STARTED },
    { .time_us = T (0), .kind = TETHER_HISTORY_EVENT_NETWORK_CHANGED, .network_uuid = HOME,
      .name = "Home", .type = "wifi" },
    { .time_us = T (5), .kind = TETHER_HISTORY_EVENT_DISCONNECTED, .device_id = DEV_B, .name = "Phone" },
    { .time_us = T (10), .kind = TETHER_HISTORY_EVENT_CONNECTED, .device_id = DEV_A,
      .name = "Laptop", .type = "tcp-client", .address = "192.168.1.5:22000" },
    { .time_us = T (3610), .kind = TETHER_HISTORY_EVENT_DISCONNECTED, .device_id = DEV_A, .text = "EOF" },
    { .time_us = T (3620), .kind = TETHER_HISTORY_EVENT_RECONNECTED, .device_id = DEV_A, .value = 300,
      .flags = TETHER_HISTORY_FLAG_PREWARM },
    { .time_us = T (7200), .kind = TETHER_HISTORY_EVENT_ALIVE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    tether_patterns_add (p, &events[i]);

  return p;
}

static void
test_format_duration (void)
{
  static const struct { gint64 s; const char *text; } cases[] = {
    { -1, "–" },
    { 0, "0 s" },
    { 59, "59 s" },
    { 60, "1 min" },
    { 3599, "59 min" },
    { 3600, "1 h 00 min" },
    { 3 * 3600 + 5 * 60, "3 h 05 min" },
    { 2 * 86400 + 4 * 3600, "2 d 4 h" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tether_stats_cli_format_duration (cases[i].s);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
assert_match (TetherPatterns *p,
              const char     *device,
              guint           n,
              const char     *first)
{
  g_autoptr(GPtrArray) ids = tether_stats_cli_match (p, device);

  g_assert_cmpuint (ids->len, ==, n);
  if (first != NULL)
    g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, first);
}

static void
test_match (void)
{
  g_autoptr(TetherPatterns) p = small_history ();

  assert_match (p, DEV_A, 1, DEV_A);
  assert_match (p, "abcdefg", 1, DEV_A);   /* a prefix, any case */
  assert_match (p, "ABC", 2, NULL);        /* ambiguous */
  assert_match (p, "phone", 1, DEV_B);     /* a name, any case */
  assert_match (p, "Laptop", 1, DEV_A);
  assert_match (p, "nobody", 0, NULL);
}

static void
test_text (void)
{
  g_autoptr(TetherPatterns) p = small_history ();
  g_autoptr(GPtrArray) ids = tether_patterns_list_devices (p);
  g_autofree char *text = tether_stats_cli_text (p, ids, T (7200));

  g_test_message ("%s", text);
  /* By name: Laptop first, then Phone. */
  g_assert_true (g_str_has_prefix (text, "Laptop  " DEV_A "\n"));
  g_assert_nonnull (strstr (text, "Phone  " DEV_B));
  g_assert_nonnull (strstr (text, "sessions      1 (median 1 h 00 min, p90 1 h 00 min)"));
  g_assert_nonnull (strstr (text, "reached via   tcp-client 192.168.1.5:22000 (1×)"));
  g_assert_nonnull (strstr (text, "on network “Home” (wifi):"));
  g_assert_nonnull (strstr (text, "after a pre-warm 0.3 s"));
  /* Seven rows of the hours grid per device. */
  g_assert_nonnull (strstr (text, "    Sun   "));
}

static void
test_json (void)
{
  g_autoptr(TetherPatterns) p = small_history ();
  g_autoptr(GPtrArray) ids = tether_stats_cli_match (p, "laptop");
  g_autofree char *json = tether_stats_cli_json (p, ids, "/x/history", T (7200));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *device, *all, *home;
  JsonArray *devices;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "now_us"), ==, T (7200));
  g_assert_cmpstr (json_object_get_string_member (root, "history"), ==, "/x/history");

  devices = json_object_get_array_member (root, "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, 1);
  device = json_array_get_object_element (devices, 0);
  g_assert_cmpstr (json_object_get_string_member (device, "id"), ==, DEV_A);
  g_assert_cmpstr (json_object_get_string_member (device, "name"), ==, "Laptop");
  g_assert_false (json_object_get_boolean_member (device, "connected"));

  all = json_object_get_object_member (device, "all");
  g_assert_cmpint (json_object_get_int_member (all, "sessions"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (all, "median_session_s"), ==, 3600);
  g_assert_cmpint (json_object_get_int_member (all, "median_reconnect_prewarm_ms"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (all, "median_reconnect_alone_ms"), ==, -1);
  g_assert_cmpint (json_object_get_int_member (all, "last_seen_us"), ==, T (3610));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (all, "availability")), ==, 168);
  /* Observed 2 h, connected 1 h. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (all, "uptime_24h"), 0.5, 1e-9);

  home = json_array_get_object_element (json_object_get_array_member (device, "networks"), 0);
  g_assert_cmpstr (json_object_get_string_member (home, "uuid"), ==, HOME);
  g_assert_cmpstr (json_object_get_string_member (home, "name"), ==, "Home");
  g_assert_cmpstr (json_object_get_string_member (home, "type"), ==, "wifi");
  /* The visit still going on counts, since A was reached in it. */
  g_assert_cmpint (json_object_get_int_member (home, "attempts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (home, "successes"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (home, "routes"), 0), "type"), ==, "tcp-client");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/stats-cli/format-duration", test_format_duration);
  g_test_add_func ("/tether/stats-cli/match", test_match);
  g_test_add_func ("/tether/stats-cli/text", test_text);
  g_test_add_func ("/tether/stats-cli/json", test_json);

  return g_test_run ();
}
