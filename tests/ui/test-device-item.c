/* test-device-item.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-device-item.h"

#define S    ((gint64) G_USEC_PER_SEC)
#define HOUR (3600 * S)
/* 2026-03-04 10:00 UTC */
#define T0   ((gint64) 1772618400 * S)

static TetherDeviceInfo *
make_info (TetherDeviceState  state,
           const char        *type,
           gboolean           is_local)
{
  TetherDeviceInfo *info = tether_device_info_new ("MFZWI3D-BONSGYC");

  g_free (info->name);
  info->name = g_strdup ("phone");
  info->state = state;
  info->paused = state == TETHER_DEVICE_STATE_PAUSED;
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
  g_autofree char *name = NULL;
  g_autoptr(GVariant) activity = NULL;

  g_assert_cmpstr (tether_device_item_get_id (item), ==, "MFZWI3D-BONSGYC");
  g_assert_cmpstr (tether_device_item_get_name (item), ==, "phone");
  g_assert_cmpstr (tether_device_item_get_state (item), ==, "connected");
  g_assert_cmpstr (tether_device_item_get_state_label (item), ==, "Connected");
  g_assert_cmpstr (tether_device_item_get_address (item), ==, "192.0.2.20:22000");
  g_assert_cmpstr (tether_device_item_get_headline (item), ==, "Connected over LAN TCP");
  g_assert_cmpstr (tether_device_item_get_pool (item), ==, "1 connection");
  g_assert_false (tether_device_item_get_paused (item));
  g_assert_true (tether_device_item_get_info (item) == info);

  /* Properties read what the getters say; no activity before the
   * history's answer. */
  g_object_get (item, "name", &name, "activity", &activity, NULL);
  g_assert_cmpstr (name, ==, "phone");
  g_assert_null (activity);

  g_assert_finalize_object (item);
}

static void
test_notify_only_changes (void)
{
  g_autoptr(TetherDeviceInfo) a = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  g_autoptr(TetherDeviceInfo) b = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  g_autoptr(TetherDeviceInfo) c = make_info (TETHER_DEVICE_STATE_DISCONNECTED, NULL, FALSE);
  g_autoptr(TetherDeviceItem) item = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  a->connected_since_us = b->connected_since_us = T0 - HOUR;
  item = tether_device_item_new_at (a, T0);
  g_signal_connect (item, "notify", G_CALLBACK (count_notify_cb), counts);

  /* Same content in a new record, at the same moment: nothing to notify. */
  tether_device_item_set_info_at (item, b, T0);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  g_assert_true (tether_device_item_get_info (item) == b);

  /* The same record again: nothing either. */
  tether_device_item_set_info_at (item, b, T0 + S);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);

  /* A change notifies what changed, once each, and nothing else. */
  tether_device_item_set_info_at (item, c, T0 + S);
  g_assert_cmpuint (count (counts, "state"), ==, 1);
  g_assert_cmpuint (count (counts, "state-label"), ==, 1);
  g_assert_cmpuint (count (counts, "summary"), ==, 1);
  g_assert_cmpuint (count (counts, "headline"), ==, 1);
  g_assert_cmpuint (count (counts, "details"), ==, 1);
  g_assert_cmpuint (count (counts, "icon-name"), ==, 1);
  g_assert_cmpuint (count (counts, "rank"), ==, 1);
  g_assert_cmpuint (count (counts, "address"), ==, 1);
  g_assert_cmpuint (count (counts, "since"), ==, 1);
  g_assert_cmpuint (count (counts, "pool"), ==, 1);
  g_assert_cmpuint (count (counts, "info"), ==, 1);
  g_assert_cmpuint (count (counts, "name"), ==, 0);
  g_assert_cmpuint (count (counts, "paused"), ==, 0);
  g_assert_cmpstr (tether_device_item_get_state (item), ==, "disconnected");
  g_assert_null (tether_device_item_get_address (item));

  /* A tick at the same moment changes nothing. */
  g_hash_table_remove_all (counts);
  tether_device_item_tick (item, T0 + S);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
}

/* The recent events are what the item saw change. */
static void
test_observes_events (void)
{
  g_autoptr(TetherDeviceInfo) up = make_info (TETHER_DEVICE_STATE_CONNECTED, "quic-client", FALSE);
  g_autoptr(TetherDeviceInfo) down = make_info (TETHER_DEVICE_STATE_DISCONNECTED, NULL, FALSE);
  g_autoptr(TetherDeviceInfo) again = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  g_autoptr(TetherDeviceItem) item = NULL;
  GPtrArray *events;

  up->connected_since_us = T0 - 2 * HOUR;
  down->last_error = g_strdup ("EOF");
  again->connected_since_us = T0 + HOUR;

  item = tether_device_item_new_at (up, T0);
  tether_device_item_set_info_at (item, down, T0 + HOUR / 2);
  tether_device_item_set_info_at (item, again, T0 + HOUR);

  events = tether_device_item_get_events (item);
  g_assert_cmpuint (events->len, ==, 3);
  /* Already connected when seen first: dated from the connection's start. */
  g_assert_cmpint (((TetherDeviceEvent *) g_ptr_array_index (events, 0))->time_us, ==, T0 - 2 * HOUR);
  g_assert_cmpstr (((TetherDeviceEvent *) g_ptr_array_index (events, 0))->text, ==,
                   "Connected over QUIC · 192.0.2.20:22000");
  g_assert_cmpstr (((TetherDeviceEvent *) g_ptr_array_index (events, 1))->text, ==,
                   "Disconnected · EOF");
  g_assert_cmpint (((TetherDeviceEvent *) g_ptr_array_index (events, 1))->time_us, ==, T0 + HOUR / 2);
  g_assert_cmpstr (((TetherDeviceEvent *) g_ptr_array_index (events, 2))->text, ==,
                   "Connected over LAN TCP · 192.0.2.20:22000");
}

/* The sparkline's values come from the window's history query: set, they
 * notify once, and not again for the same values. */
static void
test_activity (void)
{
  g_autoptr(TetherDeviceInfo) info = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  g_autoptr(TetherDeviceItem) item = tether_device_item_new_at (info, T0);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  double values[TETHER_SPARKLINE_HOURS];
  const double *v;
  gsize n;

  for (guint i = 0; i < TETHER_SPARKLINE_HOURS; i++)
    values[i] = i < 12 ? -1 : 0.5;
  g_signal_connect (item, "notify", G_CALLBACK (count_notify_cb), counts);

  tether_device_item_set_activity (item, g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, values,
                                                                    TETHER_SPARKLINE_HOURS,
                                                                    sizeof (double)));
  g_assert_cmpuint (count (counts, "activity"), ==, 1);
  v = g_variant_get_fixed_array (tether_device_item_get_activity (item), &n, sizeof (double));
  g_assert_cmpuint (n, ==, TETHER_SPARKLINE_HOURS);
  g_assert_cmpfloat (v[0], ==, -1);
  g_assert_cmpfloat (v[n - 1], ==, 0.5);

  tether_device_item_set_activity (item, g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, values,
                                                                    TETHER_SPARKLINE_HOURS,
                                                                    sizeof (double)));
  g_assert_cmpuint (count (counts, "activity"), ==, 1);

  tether_device_item_set_activity (item, NULL);
  g_assert_cmpuint (count (counts, "activity"), ==, 2);
  g_assert_null (tether_device_item_get_activity (item));
  tether_device_item_set_activity (item, NULL);
  g_assert_cmpuint (count (counts, "activity"), ==, 2);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);
}

static void
test_event_cap (void)
{
  g_autoptr(TetherDeviceInfo) up = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  g_autoptr(TetherDeviceInfo) down = make_info (TETHER_DEVICE_STATE_DISCONNECTED, NULL, FALSE);
  g_autoptr(TetherDeviceItem) item = tether_device_item_new_at (up, T0);

  for (guint i = 0; i < 2 * TETHER_DEVICE_ITEM_MAX_EVENTS; i++)
    {
      TetherDeviceInfo *info = tether_device_info_dup (i % 2 ? up : down);

      tether_device_item_set_info_at (item, info, T0 + i * S);
      tether_device_info_unref (info);
    }

  g_assert_cmpuint (tether_device_item_get_events (item)->len, ==, TETHER_DEVICE_ITEM_MAX_EVENTS);
}

static void
test_describe (void)
{
  struct {
    TetherDeviceState state;
    const char *type;
    gboolean is_local;
    const char *error;
    TetherPausedBy paused_by;
    const char *summary;
    const char *headline;
  } cases[] = {
    { TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE, NULL, 0, "Connected over LAN TCP · 192.0.2.20:22000", "Connected over LAN TCP" },
    { TETHER_DEVICE_STATE_CONNECTED, "quic-server", FALSE, NULL, 0, "Connected over QUIC · 192.0.2.20:22000", "Connected over QUIC" },
    { TETHER_DEVICE_STATE_CONNECTED, "relay-client", FALSE, NULL, 0, "Connected over relay · 192.0.2.20:22000", "Connected over relay" },
    { TETHER_DEVICE_STATE_STALE, "tcp-client", FALSE, NULL, 0, "Connected over TCP · 192.0.2.20:22000", "Connected over TCP, maybe stale" },
    { TETHER_DEVICE_STATE_DIALING, NULL, FALSE, NULL, 0, "Dialing…", "Dialing…" },
    { TETHER_DEVICE_STATE_DISCONNECTED, NULL, FALSE, "EOF", 0, "Disconnected · EOF", "Disconnected · EOF" },
    { TETHER_DEVICE_STATE_DISCONNECTED, NULL, FALSE, NULL, 0, "Disconnected", "Disconnected" },
    { TETHER_DEVICE_STATE_PARKED, NULL, FALSE, NULL, TETHER_PAUSED_BY_TETHER, "Parked by Tether", "Parked by Tether" },
    { TETHER_DEVICE_STATE_PAUSED, NULL, FALSE, NULL, 0, "Paused", "Paused" },
    { TETHER_DEVICE_STATE_PAUSED, NULL, FALSE, NULL, TETHER_PAUSED_BY_USER, "Paused by you", "Paused by you" },
    { TETHER_DEVICE_STATE_UNKNOWN, NULL, FALSE, NULL, 0, "Unknown", "Unknown" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TetherDeviceInfo) info = make_info (cases[i].state, cases[i].type, cases[i].is_local);
      g_autofree char *summary = NULL;
      g_autofree char *headline = NULL;
      g_autofree char *decision = NULL;

      info->last_error = g_strdup (cases[i].error);
      info->paused_by = cases[i].paused_by;
      summary = tether_device_describe_state (info);
      headline = tether_device_describe_headline (info);
      decision = tether_device_describe_decision (info);
      g_assert_cmpstr (summary, ==, cases[i].summary);
      g_assert_cmpstr (headline, ==, cases[i].headline);
      g_assert_nonnull (decision);
      g_assert_nonnull (tether_device_state_icon_name (cases[i].state));
      g_assert_nonnull (tether_device_state_label (cases[i].state));
    }
}

static void
test_describe_since_pool (void)
{
  g_autoptr(TetherDeviceInfo) info = make_info (TETHER_DEVICE_STATE_CONNECTED, "tcp-client", TRUE);
  g_autofree char *since = NULL;
  g_autofree char *pool = NULL;
  g_autofree char *details = NULL;
  g_autofree char *decision = NULL;

  info->connected_since_us = T0 - HOUR;
  since = tether_device_describe_since (info, T0);
  g_assert_cmpstr (since, ==, "Since 09:00");
  details = tether_device_describe_details (info, T0);
  g_assert_cmpstr (details, ==, "192.0.2.20:22000 · Since 09:00 · 1 connection");

  /* Syncthing ≥ 1.25 wants three: the slots show. */
  info->wanted_connections = 3;
  pool = tether_device_describe_pool (info);
  g_assert_cmpstr (pool, ==, "1 of 3 connections");

  g_ptr_array_set_size (info->connections, 0);
  g_clear_pointer (&pool, g_free);
  pool = tether_device_describe_pool (info);
  g_assert_cmpstr (pool, ==, "0 of 3 connections");
  info->wanted_connections = 0;
  g_clear_pointer (&pool, g_free);
  g_assert_null ((pool = tether_device_describe_pool (info)));

  g_clear_pointer (&since, g_free);
  info->last_seen_us = T0 - 24 * HOUR - HOUR;
  since = tether_device_describe_since (info, T0);
  g_assert_cmpstr (since, ==, "Last seen Yesterday 09:00");
  g_clear_pointer (&since, g_free);
  info->last_seen_us = 0;
  since = tether_device_describe_since (info, T0);
  g_assert_cmpstr (since, ==, "Never seen");

  /* The engine's reason wins over the generic one. */
  info->state_reason = g_strdup ("Peer still holds a dead connection; retry at 10:05");
  decision = tether_device_describe_decision (info);
  g_assert_cmpstr (decision, ==, "Peer still holds a dead connection; retry at 10:05");
}

static void
test_rank (void)
{
  /* Problems first, then parked, healthy, and what the user paused. */
  g_assert_cmpint (tether_device_state_rank (TETHER_DEVICE_STATE_STALE), >,
                   tether_device_state_rank (TETHER_DEVICE_STATE_DISCONNECTED));
  g_assert_cmpint (tether_device_state_rank (TETHER_DEVICE_STATE_DISCONNECTED), ==,
                   tether_device_state_rank (TETHER_DEVICE_STATE_WAITING));
  g_assert_cmpint (tether_device_state_rank (TETHER_DEVICE_STATE_WAITING), >,
                   tether_device_state_rank (TETHER_DEVICE_STATE_DIALING));
  g_assert_cmpint (tether_device_state_rank (TETHER_DEVICE_STATE_DIALING), >,
                   tether_device_state_rank (TETHER_DEVICE_STATE_PARKED));
  g_assert_cmpint (tether_device_state_rank (TETHER_DEVICE_STATE_PARKED), >,
                   tether_device_state_rank (TETHER_DEVICE_STATE_CONNECTED));
  g_assert_cmpint (tether_device_state_rank (TETHER_DEVICE_STATE_CONNECTED), >,
                   tether_device_state_rank (TETHER_DEVICE_STATE_PAUSED));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/device-item/new-destroy", test_new_destroy);
  g_test_add_func ("/tether/device-item/notify-only-changes", test_notify_only_changes);
  g_test_add_func ("/tether/device-item/observes-events", test_observes_events);
  g_test_add_func ("/tether/device-item/activity", test_activity);
  g_test_add_func ("/tether/device-item/event-cap", test_event_cap);
  g_test_add_func ("/tether/device-item/describe", test_describe);
  g_test_add_func ("/tether/device-item/describe-since-pool", test_describe_since_pool);
  g_test_add_func ("/tether/device-item/rank", test_rank);

  return g_test_run ();
}
