/* tether-test-skip.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Skipping a whole test program when what it needs is not there at all:
 * no display, or no dbus-daemon for GTestDBus (inside flatpak-builder, or
 * when run without xvfb-run). A display that is set but broken still fails.
 */

#pragma once

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

/* Prints a TAP plan that skips everything, and exits, unless @condition. */
static inline void
tether_test_skip_all_unless (gboolean    condition,
                             const char *reason)
{
  if (condition)
    return;
  printf ("1..0 # SKIP %s\n", reason);
  fflush (stdout);
  exit (0);
}

static inline gboolean
tether_test_have_display (void)
{
  const char *x11 = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && *x11 != '\0') || (wayland != NULL && *wayland != '\0');
}

static inline gboolean
tether_test_have_dbus_daemon (void)
{
  g_autofree char *path = g_find_program_in_path ("dbus-daemon");

  return path != NULL;
}

/* For programs that start a private bus (GTestDBus). */
#define TETHER_TEST_REQUIRE_DBUS_DAEMON() \
  tether_test_skip_all_unless (tether_test_have_dbus_daemon (), "needs dbus-daemon for a private bus")

/* For programs that open windows. */
#define TETHER_TEST_REQUIRE_DISPLAY() \
  tether_test_skip_all_unless (tether_test_have_display (), \
                               "needs a display (DISPLAY or WAYLAND_DISPLAY; run under xvfb-run)")
