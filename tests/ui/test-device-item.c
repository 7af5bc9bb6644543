/* test-device-item.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-device-item.h"

static TetherDeviceInfo *
make_info (TetherDeviceState  state,
           const char        *type,
           gboolean           is_local)
{
  TetherDeviceInfo *info = tether_device_info_new ("MFZWI3D-BONSGYC");

  g_free (info->name);
  info->name = g_strdup ("phone");
  info->state = state;
  if (type != NULL)
    {
      TetherStConnection conn = {
        .address = (char *) "192.0.2.20:22000",
        .type = (char *) type,
        .is_local = is_local,
      };

      g_ptr_array_add (info->connections, tether_st_connection_copy (&conn));
    }

  return info;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
count (GHashTable *counts,
       const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_new_destroy (void)
{
  g_autoptr(TetherDeviceInfo) info = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  TetherDeviceItem *item = tether_device_item_new (info);

  g_assert_cmpstr (tether_device_item_get_id (item), ==, "MFZWI3D-BONSGYC");
  g_assert_cmpstr (tether_device_item_get_name (item), ==, "phone");
  g_assert_cmpstr (tether_device_item_get_state (item), ==, "connected");
  g_assert_true (tether_device_item_get_info (item) == info);
  g_assert_finalize_object (item);
}

static void
test_notify_only_changes (void)
{
  g_autoptr(TetherDeviceInfo) a = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  g_autoptr(TetherDeviceInfo) b = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  g_autoptr(TetherDeviceInfo) c = make_info (TETHER_DEVICE_STATE_DISCONNECTED, NULL, FALSE);
  g_autoptr(TetherDeviceItem) item = tether_device_item_new (a);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (item, "notify", G_CALLBACK (count_notify_cb), counts);

  /* Same content in a new record: nothing to notify. */
  tether_device_item_set_info (item, b);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  g_assert_true (tether_device_item_get_info (item) == b);

  /* The same record again: nothing either. */
  tether_device_item_set_info (item, b);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);

  tether_device_item_set_info (item, c);
  g_assert_cmpuint (count (counts, "state"), ==, 1);
  g_assert_cmpuint (count (counts, "summary"), ==, 1);
  g_assert_cmpuint (count (counts, "icon-name"), ==, 1);
  g_assert_cmpuint (count (counts, "name"), ==, 0);
  g_assert_cmpstr (tether_device_item_get_state (item), ==, "disconnected");
}

static void
test_describe (void)
{
  struct {
    TetherDeviceState state;
    const char *type;
    gboolean is_local;
    const char *error;
    const char *expected;
  } cases[] = {
    { TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE, NULL, "Connected over LAN TCP · 192.0.2.20:22000" },
    { TETHER_DEVICE_STATE_CONNECTED, "quic-server", FALSE, NULL, "Connected over QUIC · 192.0.2.20:22000" },
    { TETHER_DEVICE_STATE_CONNECTED, "relay-client", FALSE, NULL, "Connected over relay · 192.0.2.20:22000" },
    { TETHER_DEVICE_STATE_DISCONNECTED, NULL, FALSE, "EOF", "Disconnected · EOF" },
    { TETHER_DEVICE_STATE_DISCONNECTED, NULL, FALSE, NULL, "Disconnected" },
    { TETHER_DEVICE_STATE_PAUSED, NULL, FALSE, NULL, "Paused" },
    { TETHER_DEVICE_STATE_UNKNOWN, NULL, FALSE, NULL, "Unknown" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TetherDeviceInfo) info = make_info (cases[i].state, cases[i].type, cases[i].is_local);
      g_autofree char *text = NULL;

      info->last_error = g_strdup (cases[i].error);
      text = tether_device_describe_state (info);
      g_assert_cmpstr (text, ==, cases[i].expected);
      g_assert_nonnull (tether_device_state_icon_name (cases[i].state));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/device-item/new-destroy", test_new_destroy);
  g_test_add_func ("/tether/device-item/notify-only-changes", test_notify_only_changes);
  g_test_add_func ("/tether/device-item/describe", test_describe);

  return g_test_run ();
}
