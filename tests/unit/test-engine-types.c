/* test-engine-types.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting an engine runs two threads at once that, in GLib 2.74, can
 * deadlock in the type system: a GIO worker connecting to the system bus
 * registers the socket address types while the engine thread initializes
 * libsoup's session class, which names them. The race itself cannot be
 * forced from a test; what can be checked is what prevents it: once an
 * engine exists, before it starts a thread, those types are registered.
 * This program must do nothing else first, so that nothing else
 * registered them.
 */

#include "config.h"

#include "tether-engine.h"

static void
test_types_registered_before_threads (void)
{
  static const char * const names[] = {
    "GInetSocketAddress", "GProxyAddress", "GUnixSocketAddress", "GNetworkAddress",
  };
  g_autoptr(TetherEngine) engine = NULL;

  /* A fresh process: GIO has not needed them yet. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_type_from_name (names[i]) != 0)
      {
        g_test_skip ("something registered the socket address types already");
        return;
      }

  engine = tether_engine_new ("http://127.0.0.1:1", "key");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_test_message ("%s", names[i]);
      g_assert_cmpuint (g_type_from_name (names[i]), !=, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/engine-types/registered-before-threads",
                   test_types_registered_before_threads);

  return g_test_run ();
}
