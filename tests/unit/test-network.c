/* test-network.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records NetWatch hands to the engine.
 */

#include "config.h"

#include "tether-network.h"

static void
test_network_copy_equal (void)
{
  g_autoptr(TetherNetwork) home = tether_network_new ("6f1c…-uuid", "Home", "wifi", FALSE);
  g_autoptr(TetherNetwork) copy = tether_network_copy (home);
  g_autoptr(TetherNetwork) metered = tether_network_new ("6f1c…-uuid", "Home", "wifi", TRUE);
  g_autoptr(TetherNetwork) other = tether_network_new ("0a2b…-uuid", "Home", "wifi", FALSE);
  g_autoptr(TetherNetwork) unknown = tether_network_new (NULL, NULL, NULL, FALSE);
  g_autoptr(TetherNetwork) unknown2 = tether_network_new (NULL, NULL, "other", FALSE);

  g_assert_true (copy != home);
  g_assert_true (copy->uuid != home->uuid);
  g_assert_cmpstr (copy->uuid, ==, "6f1c…-uuid");
  g_assert_cmpstr (copy->name, ==, "Home");
  g_assert_cmpstr (copy->type, ==, "wifi");
  g_assert_false (copy->metered);

  g_assert_true (tether_network_equal (home, copy));
  g_assert_false (tether_network_equal (home, metered));
  g_assert_false (tether_network_equal (home, other));
  g_assert_false (tether_network_equal (home, NULL));
  g_assert_true (tether_network_equal (NULL, NULL));

  g_assert_true (tether_network_same_uuid (home, metered));
  g_assert_false (tether_network_same_uuid (home, other));
  g_assert_false (tether_network_same_uuid (home, NULL));
  /* No identity is never "the same network". */
  g_assert_false (tether_network_same_uuid (unknown, unknown2));

  g_assert_cmpstr (unknown->type, ==, "other");
  g_assert_true (tether_network_equal (unknown, unknown2));
}

static void
test_network_boxed (void)
{
  g_autoptr(TetherNetwork) home = tether_network_new ("uuid", "Home", "wifi", TRUE);
  TetherNetwork *copy = g_boxed_copy (TETHER_TYPE_NETWORK, home);

  g_assert_true (tether_network_equal (home, copy));
  g_boxed_free (TETHER_TYPE_NETWORK, copy);
}

static void
test_network_type_from_nm (void)
{
  static const struct {
    const char *nm;
    const char *ours;
  } cases[] = {
    { "802-11-wireless", "wifi" },
    { "802-3-ethernet", "ethernet" },
    { "gsm", "mobile" },
    { "cdma", "mobile" },
    { "bluetooth", "mobile" },
    { "vpn", "vpn" },
    { "wireguard", "vpn" },
    { "bridge", "other" },
    { "loopback", "other" },
    { "", "other" },
    { NULL, "other" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (tether_network_type_from_nm (cases[i].nm), ==, cases[i].ours);
}

static void
test_network_event_copy (void)
{
  g_autoptr(TetherNetEvent) event = NULL;
  g_autoptr(TetherNetEvent) copy = NULL;
  gint64 before = g_get_real_time ();

  event = tether_net_event_new (TETHER_NET_EVENT_NETWORK_CHANGED,
                                TETHER_SIGNAL_SOURCE_NETWORK_MANAGER);
  g_assert_cmpint (event->time_us, >=, before);
  g_assert_cmpint (event->monotonic_us, >, 0);
  g_assert_null (event->old_network);
  g_assert_null (event->new_network);

  event->old_network = tether_network_new ("a", "A", "wifi", FALSE);
  event->new_network = tether_network_new ("b", "B", "ethernet", TRUE);
  event->address_changed = TRUE;
  event->reach = TETHER_NET_REACH_SITE;

  copy = g_boxed_copy (TETHER_TYPE_NET_EVENT, event);
  g_assert_cmpint (copy->kind, ==, TETHER_NET_EVENT_NETWORK_CHANGED);
  g_assert_cmpint (copy->source, ==, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER);
  g_assert_cmpint (copy->time_us, ==, event->time_us);
  g_assert_cmpint (copy->monotonic_us, ==, event->monotonic_us);
  g_assert_true (copy->old_network != event->old_network);
  g_assert_true (tether_network_equal (copy->old_network, event->old_network));
  g_assert_true (tether_network_equal (copy->new_network, event->new_network));
  g_assert_true (copy->address_changed);
  g_assert_cmpint (copy->reach, ==, TETHER_NET_REACH_SITE);
}

static void
test_network_strings (void)
{
  g_autofree char *none = tether_signal_sources_to_string (TETHER_SIGNAL_SOURCE_NONE);
  g_autofree char *two = tether_signal_sources_to_string (TETHER_SIGNAL_SOURCE_NETWORK_MANAGER |
                                                          TETHER_SIGNAL_SOURCE_LOGIND);
  g_autofree char *fallbacks = tether_signal_sources_to_string (TETHER_SIGNAL_SOURCE_NETWORK_MONITOR |
                                                                TETHER_SIGNAL_SOURCE_CLOCK);
  GFlagsClass *flags = g_type_class_ref (TETHER_TYPE_SIGNAL_SOURCES);
  GEnumClass *kinds = g_type_class_ref (TETHER_TYPE_NET_EVENT_KIND);
  GEnumClass *reaches = g_type_class_ref (TETHER_TYPE_NET_REACH);

  g_assert_cmpstr (none, ==, "none");
  g_assert_cmpstr (two, ==, "NetworkManager, logind");
  g_assert_cmpstr (fallbacks, ==, "GNetworkMonitor, clock");

  /* The nicks and the to_string functions agree. */
  for (guint i = 0; i < kinds->n_values; i++)
    g_assert_cmpstr (tether_net_event_kind_to_string (kinds->values[i].value), ==,
                     kinds->values[i].value_nick);
  for (guint i = 0; i < reaches->n_values; i++)
    g_assert_cmpstr (tether_net_reach_to_string (reaches->values[i].value), ==,
                     reaches->values[i].value_nick);
  g_assert_cmpuint (kinds->n_values, ==, 5);
  g_assert_cmpuint (reaches->n_values, ==, 4);
  g_assert_nonnull (g_flags_get_first_value (flags, TETHER_SIGNAL_SOURCE_CLOCK));

  g_type_class_unref (flags);
  g_type_class_unref (kinds);
  g_type_class_unref (reaches);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/network/copy-equal", test_network_copy_equal);
  g_test_add_func ("/tether/network/boxed", test_network_boxed);
  g_test_add_func ("/tether/network/type-from-nm", test_network_type_from_nm);
  g_test_add_func ("/tether/network/event-copy", test_network_event_copy);
  g_test_add_func ("/tether/network/strings", test_network_strings);

  return g_test_run ();
}
