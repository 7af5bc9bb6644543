/* test-headless.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The --headless line format is an interface (README.md): these tests pin it.
 */

#include "config.h"

#include "tether-headless.h"

#define NOW_US G_GINT64_CONSTANT (1764239296123456)

static TetherDeviceInfo *
make_device (const char        *id,
             const char        *name,
             TetherDeviceState  state,
             const char        *type,
             const char        *address)
{
  TetherDeviceInfo *info = tether_device_info_new (id);

  g_free (info->name);
  info->name = g_strdup (name);
  info->state = state;
  if (type != NULL)
    {
      TetherStConnection conn = { .address = (char *) address, .type = (char *) type };

      g_ptr_array_add (info->connections, tether_st_connection_copy (&conn));
    }

  return info;
}

static TetherSnapshot *
make_snapshot (TetherEngineStatus status,
               ...)
{
  TetherSnapshot *snapshot = _tether_snapshot_new (1);
  TetherDeviceInfo *info;
  va_list args;

  snapshot->status = status;
  snapshot->url = g_strdup ("http://127.0.0.1:8384");
  snapshot->syncthing_version = g_strdup ("v1.19.2");

  va_start (args, status);
  while ((info = va_arg (args, TetherDeviceInfo *)) != NULL)
    g_ptr_array_add (snapshot->devices, info);
  va_end (args);

  return snapshot;
}

static void
test_first_snapshot (void)
{
  g_autoptr(TetherSnapshot) snapshot =
    make_snapshot (TETHER_ENGINE_STATUS_ONLINE,
                   make_device ("AAA", "laptop", TETHER_DEVICE_STATE_CONNECTED, "tcp-client", "127.0.0.1:22001"),
                   NULL);
  g_autoptr(GPtrArray) lines = tether_headless_diff (NOW_US, NULL, snapshot);

  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==,
                   "1764239296.123 syncthing none->online http://127.0.0.1:8384 \"v1.19.2\"");
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==,
                   "1764239296.123 device AAA \"laptop\" none->connected tcp-client 127.0.0.1:22001");
}

static void
test_state_change_with_reason (void)
{
  TetherDeviceInfo *before = make_device ("AAA", "lap \"top\"", TETHER_DEVICE_STATE_CONNECTED,
                                          "tcp-client", "127.0.0.1:22001");
  TetherDeviceInfo *after = make_device ("AAA", "lap \"top\"", TETHER_DEVICE_STATE_DISCONNECTED,
                                         NULL, NULL);
  g_autoptr(TetherSnapshot) old = NULL;
  g_autoptr(TetherSnapshot) new_ = NULL;
  g_autoptr(GPtrArray) lines = NULL;

  after->last_error = g_strdup ("reading length: EOF\nnext");
  old = make_snapshot (TETHER_ENGINE_STATUS_ONLINE, before, NULL);
  new_ = make_snapshot (TETHER_ENGINE_STATUS_ONLINE, after, NULL);

  lines = tether_headless_diff (NOW_US, old, new_);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==,
                   "1764239296.123 device AAA \"lap \\\"top\\\"\" connected->disconnected - - "
                   "\"reading length: EOF\\nnext\"");
}

static void
test_unchanged_is_silent (void)
{
  TetherDeviceInfo *a = make_device ("AAA", "a", TETHER_DEVICE_STATE_CONNECTED, "tcp-client", "127.0.0.1:1");
  TetherDeviceInfo *b = make_device ("AAA", "a", TETHER_DEVICE_STATE_CONNECTED, "tcp-client", "127.0.0.1:1");
  g_autoptr(TetherSnapshot) old = NULL;
  g_autoptr(TetherSnapshot) new_ = NULL;
  g_autoptr(TetherSnapshot) same = NULL;
  g_autoptr(GPtrArray) lines = NULL;

  /* Equal content in a new record (e.g. only the byte counters moved). */
  ((TetherStConnection *) g_ptr_array_index (b->connections, 0))->in_bytes = 1000;
  old = make_snapshot (TETHER_ENGINE_STATUS_ONLINE, a, NULL);
  new_ = make_snapshot (TETHER_ENGINE_STATUS_ONLINE, b, NULL);
  lines = tether_headless_diff (NOW_US, old, new_);
  g_assert_cmpuint (lines->len, ==, 0);
  g_clear_pointer (&lines, g_ptr_array_unref);

  /* The same record. */
  same = make_snapshot (TETHER_ENGINE_STATUS_ONLINE, tether_device_info_ref (b), NULL);
  lines = tether_headless_diff (NOW_US, new_, same);
  g_assert_cmpuint (lines->len, ==, 0);
}

static void
test_primary_change (void)
{
  TetherDeviceInfo *a = make_device ("AAA", "a", TETHER_DEVICE_STATE_CONNECTED, "relay-client", "192.0.2.1:443");
  TetherDeviceInfo *b = make_device ("AAA", "a", TETHER_DEVICE_STATE_CONNECTED, "tcp-client", "127.0.0.1:1");
  g_autoptr(TetherSnapshot) old = make_snapshot (TETHER_ENGINE_STATUS_ONLINE, a, NULL);
  g_autoptr(TetherSnapshot) new_ = make_snapshot (TETHER_ENGINE_STATUS_ONLINE, b, NULL);
  g_autoptr(GPtrArray) lines = tether_headless_diff (NOW_US, old, new_);

  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==,
                   "1764239296.123 device AAA \"a\" connected->connected tcp-client 127.0.0.1:1");
}

static void
test_added_removed_and_status (void)
{
  g_autoptr(TetherSnapshot) old =
    make_snapshot (TETHER_ENGINE_STATUS_ONLINE,
                   make_device ("AAA", "a", TETHER_DEVICE_STATE_PAUSED, NULL, NULL), NULL);
  g_autoptr(TetherSnapshot) new_ =
    make_snapshot (TETHER_ENGINE_STATUS_UNREACHABLE,
                   make_device ("BBB", "b", TETHER_DEVICE_STATE_UNKNOWN, NULL, NULL), NULL);
  g_autoptr(GPtrArray) lines = NULL;

  new_->status_message = g_strdup ("Syncthing at http://127.0.0.1:8384 is not reachable");
  lines = tether_headless_diff (NOW_US, old, new_);

  g_assert_cmpuint (lines->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==,
                   "1764239296.123 syncthing online->unreachable http://127.0.0.1:8384 "
                   "\"Syncthing at http://127.0.0.1:8384 is not reachable\"");
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==,
                   "1764239296.123 device BBB \"b\" none->unknown - -");
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==,
                   "1764239296.123 device AAA \"a\" paused->removed - -");
}

static void
test_time_format (void)
{
  g_autoptr(TetherSnapshot) snapshot = make_snapshot (TETHER_ENGINE_STATUS_STARTING, NULL);
  g_autoptr(GPtrArray) lines = tether_headless_diff (G_GINT64_CONSTANT (1700000000004999), NULL, snapshot);

  /* Milliseconds, zero-padded, truncated. */
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, 0), "1700000000.004 syncthing none->starting "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/headless/first-snapshot", test_first_snapshot);
  g_test_add_func ("/tether/headless/state-change-with-reason", test_state_change_with_reason);
  g_test_add_func ("/tether/headless/unchanged-is-silent", test_unchanged_is_silent);
  g_test_add_func ("/tether/headless/primary-change", test_primary_change);
  g_test_add_func ("/tether/headless/added-removed-and-status", test_added_removed_and_status);
  g_test_add_func ("/tether/headless/time-format", test_time_format);

  return g_test_run ();
}
