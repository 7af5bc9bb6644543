/* test-snapshot.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-snapshot.h"

static TetherStConnection *
make_connection (const char *address,
                 const char *type)
{
  TetherStConnection conn = { .address = (char *) address, .type = (char *) type };

  return tether_st_connection_copy (&conn);
}

static void
test_device_info_new (void)
{
  g_autoptr(TetherDeviceInfo) info = tether_device_info_new ("ABCDEFG-HIJKLMN");

  g_assert_cmpstr (info->id, ==, "ABCDEFG-HIJKLMN");
  /* Unnamed devices show the ID's first block, as Syncthing's GUI does. */
  g_assert_cmpstr (info->name, ==, "ABCDEFG");
  g_assert_cmpint (info->state, ==, TETHER_DEVICE_STATE_UNKNOWN);
  g_assert_cmpuint (info->connections->len, ==, 0);
  g_assert_null (tether_device_info_get_primary (info));
}

static void
test_device_info_dup_equal (void)
{
  g_autoptr(TetherDeviceInfo) info = tether_device_info_new ("DEV");
  g_autoptr(TetherDeviceInfo) copy = NULL;

  info->state = TETHER_DEVICE_STATE_CONNECTED;
  info->last_error = g_strdup ("EOF");
  g_ptr_array_add (info->connections, make_connection ("127.0.0.1:1", "tcp-client"));
  g_ptr_array_add (info->connections, make_connection ("127.0.0.1:2", "tcp-server"));

  copy = tether_device_info_dup (info);
  g_assert_true (copy != info);
  g_assert_true (tether_device_info_equal (info, copy));
  g_assert_cmpstr (tether_device_info_get_primary (copy)->address, ==, "127.0.0.1:1");

  /* Byte counters alone do not make a change worth a new record. */
  ((TetherStConnection *) g_ptr_array_index (copy->connections, 0))->in_bytes = 99;
  g_assert_true (tether_device_info_equal (info, copy));

  ((TetherStConnection *) g_ptr_array_index (copy->connections, 1))->type[0] = 'q';
  g_assert_false (tether_device_info_equal (info, copy));

  g_clear_pointer (&copy, tether_device_info_unref);
  copy = tether_device_info_dup (info);
  copy->state = TETHER_DEVICE_STATE_DISCONNECTED;
  g_assert_false (tether_device_info_equal (info, copy));

  g_clear_pointer (&copy, tether_device_info_unref);
  copy = tether_device_info_dup (info);
  g_ptr_array_set_size (copy->connections, 1);
  g_assert_false (tether_device_info_equal (info, copy));
}

static void
test_snapshot_lookup_count (void)
{
  g_autoptr(TetherSnapshot) snapshot = _tether_snapshot_new (7);
  const char *ids[] = { "A", "B", "C" };
  TetherDeviceState states[] = {
    TETHER_DEVICE_STATE_CONNECTED, TETHER_DEVICE_STATE_PAUSED, TETHER_DEVICE_STATE_CONNECTED
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      TetherDeviceInfo *info = tether_device_info_new (ids[i]);

      info->state = states[i];
      g_ptr_array_add (snapshot->devices, info);
    }

  g_assert_cmpuint (snapshot->serial, ==, 7);
  g_assert_cmpstr (tether_snapshot_lookup (snapshot, "B")->id, ==, "B");
  g_assert_null (tether_snapshot_lookup (snapshot, "D"));
  g_assert_cmpuint (tether_snapshot_count_state (snapshot, TETHER_DEVICE_STATE_CONNECTED), ==, 2);
  g_assert_cmpuint (tether_snapshot_count_state (snapshot, TETHER_DEVICE_STATE_DIALING), ==, 0);
}

static void
test_state_names (void)
{
  /* These names are part of the --headless format: keep them stable. */
  g_assert_cmpstr (tether_device_state_to_string (TETHER_DEVICE_STATE_UNKNOWN), ==, "unknown");
  g_assert_cmpstr (tether_device_state_to_string (TETHER_DEVICE_STATE_CONNECTED), ==, "connected");
  g_assert_cmpstr (tether_device_state_to_string (TETHER_DEVICE_STATE_STALE), ==, "stale?");
  g_assert_cmpstr (tether_device_state_to_string (TETHER_DEVICE_STATE_DIALING), ==, "dialing");
  g_assert_cmpstr (tether_device_state_to_string (TETHER_DEVICE_STATE_DISCONNECTED), ==, "disconnected");
  g_assert_cmpstr (tether_device_state_to_string (TETHER_DEVICE_STATE_WAITING), ==, "waiting");
  g_assert_cmpstr (tether_device_state_to_string (TETHER_DEVICE_STATE_PARKED), ==, "parked");
  g_assert_cmpstr (tether_device_state_to_string (TETHER_DEVICE_STATE_PAUSED), ==, "paused");
  g_assert_cmpstr (tether_engine_status_to_string (TETHER_ENGINE_STATUS_ONLINE), ==, "online");
  g_assert_cmpstr (tether_engine_status_to_string (TETHER_ENGINE_STATUS_UNAUTHORIZED), ==, "unauthorized");
  g_assert_cmpstr (tether_engine_status_to_string (TETHER_ENGINE_STATUS_NOT_FOUND), ==, "not-found");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/snapshot/device-info-new", test_device_info_new);
  g_test_add_func ("/tether/snapshot/device-info-dup-equal", test_device_info_dup_equal);
  g_test_add_func ("/tether/snapshot/lookup-count", test_snapshot_lookup_count);
  g_test_add_func ("/tether/snapshot/state-names", test_state_names);

  return g_test_run ();
}
