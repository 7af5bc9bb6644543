/* test-override.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Override records, and undo planning: for every kind, what Tether sends
 * when the device is as Tether left it, and what it leaves alone when the
 * user changed it in the meantime or the device is gone.
 */

#include "config.h"

#include "tether-override.h"

#define DEV_A "AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA"
#define DEV_B "BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB"
#define DEV_C "CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC"
#define OURS  "tcp://192.0.2.1:22000?tether=7"

static void
test_override_records (void)
{
  const char *replaced[] = { "dynamic", "tcp://192.0.2.1:22000", NULL };
  g_autoptr(TetherOverride) pause = tether_override_new_pause (DEV_A, "sleep");
  g_autoptr(TetherOverride) address = tether_override_new_address (DEV_B, "prewarm", OURS, replaced);
  g_autoptr(TetherOverride) num = tether_override_new_num_connections (DEV_C, "metered", 1, 3);
  g_autoptr(TetherOverride) copy = NULL;

  g_assert_cmpint (pause->kind, ==, TETHER_OVERRIDE_PAUSE);
  g_assert_cmpstr (pause->device_id, ==, DEV_A);
  g_assert_cmpstr (pause->reason, ==, "sleep");
  g_assert_cmpuint (pause->id, ==, 0);
  g_assert_null (pause->address);

  g_assert_cmpint (address->kind, ==, TETHER_OVERRIDE_ADDRESS);
  g_assert_cmpstr (address->address, ==, OURS);
  g_assert_cmpstrv (address->replaced, replaced);
  g_assert_true (address->replaced != (char **) replaced);

  g_assert_cmpint (num->kind, ==, TETHER_OVERRIDE_NUM_CONNECTIONS);
  g_assert_cmpuint (num->value, ==, 1);
  g_assert_cmpuint (num->previous, ==, 3);

  /* A copy owns its strings. */
  copy = tether_override_copy (address);
  g_assert_cmpstr (copy->device_id, ==, address->device_id);
  g_assert_cmpint (copy->kind, ==, address->kind);
  g_assert_cmpstr (copy->reason, ==, address->reason);
  g_assert_cmpstr (copy->address, ==, address->address);
  g_assert_cmpstrv (copy->replaced, address->replaced);
  g_assert_true (copy->device_id != address->device_id);
  g_assert_true (copy->address != address->address);
  g_assert_true (copy->replaced != address->replaced);

  /* These names are the file format: keep them stable. */
  g_assert_cmpstr (tether_override_kind_to_string (TETHER_OVERRIDE_PAUSE), ==, "pause");
  g_assert_cmpstr (tether_override_kind_to_string (TETHER_OVERRIDE_ADDRESS), ==, "address");
  g_assert_cmpstr (tether_override_kind_to_string (TETHER_OVERRIDE_NUM_CONNECTIONS), ==, "num-connections");
  for (TetherOverrideKind kind = TETHER_OVERRIDE_PAUSE; kind <= TETHER_OVERRIDE_NUM_CONNECTIONS; kind++)
    g_assert_cmpint (tether_override_kind_from_string (tether_override_kind_to_string (kind)), ==, kind);
  g_assert_cmpint (tether_override_kind_from_string ("rename"), ==, 0);
  g_assert_cmpint (tether_override_kind_from_string ("PAUSE"), ==, 0);
  g_assert_cmpint (tether_override_kind_from_string (NULL), ==, 0);
  g_assert_cmpstr (tether_undo_action_to_string (TETHER_UNDO_NOTHING), ==, "nothing");
  g_assert_cmpstr (tether_undo_action_to_string (TETHER_UNDO_RESUME), ==, "resume");
  g_assert_cmpstr (tether_undo_action_to_string (TETHER_UNDO_SET_ADDRESSES), ==, "set-addresses");
  g_assert_cmpstr (tether_undo_action_to_string (TETHER_UNDO_SET_NUM_CONNECTIONS), ==, "set-num-connections");
}

/* Undo planning */

typedef struct {
  const char         *name;
  TetherOverrideKind  kind;
  guint               value;      /* NUM_CONNECTIONS: Tether set this… */
  guint               previous;   /* …replacing this */
  gboolean            removed;    /* the device is gone from Syncthing */
  gboolean            paused;     /* the device now */
  const char         *addresses;  /* the device's list now, space-separated; NULL: none */
  guint               num;        /* the device's numConnections now */
  TetherUndoAction    action;
  const char         *expect_addresses;
  guint               expect_num;
} UndoCase;

static const UndoCase undo_cases[] = {
  { "pause, unchanged", TETHER_OVERRIDE_PAUSE, .paused = TRUE,
    .action = TETHER_UNDO_RESUME },
  { "pause, the user resumed it", TETHER_OVERRIDE_PAUSE, .paused = FALSE,
    .action = TETHER_UNDO_NOTHING },
  { "pause, device removed", TETHER_OVERRIDE_PAUSE, .removed = TRUE,
    .action = TETHER_UNDO_NOTHING },

  { "address, unchanged", TETHER_OVERRIDE_ADDRESS,
    .addresses = "tcp://192.0.2.1:22000 " OURS,
    .action = TETHER_UNDO_SET_ADDRESSES, .expect_addresses = "tcp://192.0.2.1:22000" },
  { "address, beside dynamic", TETHER_OVERRIDE_ADDRESS,
    .addresses = "dynamic " OURS,
    .action = TETHER_UNDO_SET_ADDRESSES, .expect_addresses = "dynamic" },
  { "address, the user added addresses around it", TETHER_OVERRIDE_ADDRESS,
    .addresses = "tcp://a.example:1 " OURS " quic://b.example:2 dynamic",
    .action = TETHER_UNDO_SET_ADDRESSES,
    .expect_addresses = "tcp://a.example:1 quic://b.example:2 dynamic" },
  { "address, the user replaced the others", TETHER_OVERRIDE_ADDRESS,
    .addresses = "quic://198.51.100.5:22000 " OURS " tcp://198.51.100.5:22000",
    .action = TETHER_UNDO_SET_ADDRESSES,
    .expect_addresses = "quic://198.51.100.5:22000 tcp://198.51.100.5:22000" },
  { "address, duplicate occurrences", TETHER_OVERRIDE_ADDRESS,
    .addresses = OURS " tcp://192.0.2.1:22000 " OURS,
    .action = TETHER_UNDO_SET_ADDRESSES, .expect_addresses = "tcp://192.0.2.1:22000" },
  { "address, similar strings are not ours", TETHER_OVERRIDE_ADDRESS,
    .addresses = OURS "0 " OURS " tcp://192.0.2.1:22000?tether=",
    .action = TETHER_UNDO_SET_ADDRESSES,
    .expect_addresses = OURS "0 tcp://192.0.2.1:22000?tether=" },
  { "address, the list would become empty", TETHER_OVERRIDE_ADDRESS,
    .addresses = OURS,
    .action = TETHER_UNDO_SET_ADDRESSES, .expect_addresses = "dynamic" },
  { "address, only duplicates of ours", TETHER_OVERRIDE_ADDRESS,
    .addresses = OURS " " OURS,
    .action = TETHER_UNDO_SET_ADDRESSES, .expect_addresses = "dynamic" },
  { "address, the user removed it", TETHER_OVERRIDE_ADDRESS,
    .addresses = "tcp://192.0.2.1:22000",
    .action = TETHER_UNDO_NOTHING },
  { "address, the user emptied the list", TETHER_OVERRIDE_ADDRESS,
    .addresses = "",
    .action = TETHER_UNDO_NOTHING },
  { "address, no list at all", TETHER_OVERRIDE_ADDRESS,
    .addresses = NULL,
    .action = TETHER_UNDO_NOTHING },
  { "address, device removed", TETHER_OVERRIDE_ADDRESS, .removed = TRUE,
    .action = TETHER_UNDO_NOTHING },

  { "num-connections, unchanged", TETHER_OVERRIDE_NUM_CONNECTIONS, .value = 1, .previous = 3,
    .num = 1, .action = TETHER_UNDO_SET_NUM_CONNECTIONS, .expect_num = 3 },
  { "num-connections, back to Syncthing's default", TETHER_OVERRIDE_NUM_CONNECTIONS,
    .value = 1, .previous = 0,
    .num = 1, .action = TETHER_UNDO_SET_NUM_CONNECTIONS, .expect_num = 0 },
  { "num-connections, the user changed it", TETHER_OVERRIDE_NUM_CONNECTIONS, .value = 1, .previous = 3,
    .num = 2, .action = TETHER_UNDO_NOTHING },
  { "num-connections, the user set it back", TETHER_OVERRIDE_NUM_CONNECTIONS, .value = 1, .previous = 3,
    .num = 3, .action = TETHER_UNDO_NOTHING },
  { "num-connections, Syncthing downgraded below 1.25", TETHER_OVERRIDE_NUM_CONNECTIONS,
    .value = 1, .previous = 3,
    .num = 0, .action = TETHER_UNDO_NOTHING },
  { "num-connections, device removed", TETHER_OVERRIDE_NUM_CONNECTIONS, .value = 1, .previous = 3,
    .removed = TRUE, .action = TETHER_UNDO_NOTHING },
};

static TetherOverride *
make_override (TetherOverrideKind  kind,
               const char         *device_id,
               guint               value,
               guint               previous)
{
  const char *replaced[] = { "tcp://192.0.2.1:22000", NULL };

  switch (kind)
    {
    case TETHER_OVERRIDE_PAUSE:
      return tether_override_new_pause (device_id, "sleep");
    case TETHER_OVERRIDE_ADDRESS:
      return tether_override_new_address (device_id, "prewarm", OURS, replaced);
    case TETHER_OVERRIDE_NUM_CONNECTIONS:
      return tether_override_new_num_connections (device_id, "metered", value, previous);
    default:
      g_assert_not_reached ();
    }
}

static TetherStDevice *
make_device (const char *device_id,
             gboolean    paused,
             const char *addresses,
             guint       num)
{
  TetherStDevice *device = g_new0 (TetherStDevice, 1);

  device->device_id = g_strdup (device_id);
  device->name = g_strdup ("laptop");
  device->paused = paused;
  device->addresses = addresses != NULL ? g_strsplit (addresses, " ", -1) : NULL;
  device->num_connections = num;
  return device;
}

static void
test_plan_undo (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (undo_cases); i++)
    {
      const UndoCase *c = &undo_cases[i];
      g_autoptr(TetherOverride) o = make_override (c->kind, DEV_A, c->value, c->previous);
      g_autoptr(TetherStDevice) device = NULL;
      g_autoptr(TetherUndo) undo = NULL;
      g_auto(GStrv) addresses_before = NULL;

      g_test_message ("%s", c->name);
      if (!c->removed)
        device = make_device (DEV_A, c->paused, c->addresses, c->num);
      if (device != NULL)
        addresses_before = g_strdupv (device->addresses);

      undo = tether_override_plan_undo (o, device);
      g_assert_nonnull (undo);
      g_test_message ("→ %s: %s", tether_undo_action_to_string (undo->action), undo->reason);
      g_assert_cmpint (undo->action, ==, c->action);
      g_assert_nonnull (undo->reason);
      g_assert_cmpstr (undo->reason, !=, "");

      if (c->action == TETHER_UNDO_SET_ADDRESSES)
        {
          g_auto(GStrv) expected = g_strsplit (c->expect_addresses, " ", -1);

          g_assert_nonnull (undo->addresses);
          g_assert_cmpstrv (undo->addresses, expected);
        }
      else
        {
          g_assert_null (undo->addresses);
        }
      if (c->action == TETHER_UNDO_SET_NUM_CONNECTIONS)
        g_assert_cmpuint (undo->num_connections, ==, c->expect_num);

      /* Pure: the device it was given is as it was. */
      if (device != NULL && addresses_before != NULL)
        g_assert_cmpstrv (device->addresses, addresses_before);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/override/records", test_override_records);
  g_test_add_func ("/tether/override/plan-undo", test_plan_undo);

  return g_test_run ();
}
