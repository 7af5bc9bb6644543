/* test-engine-spelling.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pre-warm adds an address string Syncthing has never dialed
 * ("tcp://H:P?tether=N"): Syncthing dials such a string at once, but one
 * it dialed within its reconnection interval waits for its turn. Syncthing
 * outlives Tether, so a Tether started again must not spell the strings
 * the last one used: the reconnect benchmark, which starts Tether for each
 * run, saw its n-th run connect only with its n-th spelling (0.3, 0.9,
 * 2.1, 4.5 s) while every N started over at 1.
 */

#include "config.h"

#include "tether-engine-private.h"

static void
test_spellings_differ_across_starts (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  /* Each engine stands for a Tether process; none may start where
   * another did. */
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(TetherEngine) engine = tether_engine_new ("http://127.0.0.1:1", "key");

      g_test_message ("engine %u starts spelling after %u", i, engine->spelling);
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (engine->spelling)));
      g_hash_table_add (seen, GUINT_TO_POINTER (engine->spelling));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/engine-spelling/differ-across-starts",
                   test_spellings_differ_across_starts);

  return g_test_run ();
}
