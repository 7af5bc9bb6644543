/* tether-engine-pending.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stand-ins for the whole-pool engine commands declared in tether-engine.h,
 * which the pool implements (journaled pauses, pre-warms). They are weak: the
 * moment tether-engine.c defines the real ones, the linker takes those and
 * these are dead code — delete this file then. Until then the tray and
 * window actions exist and are wired, and say in the log that nothing
 * happened, rather than failing to link.
 */

#include "config.h"

#include "tether-engine.h"

__attribute__ ((weak)) void
tether_engine_reconnect_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_message ("Reconnect all: the pool does not implement this command yet");
}

__attribute__ ((weak)) void
tether_engine_pause_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_message ("Pause all: the pool does not implement this command yet");
}

__attribute__ ((weak)) void
tether_engine_resume_all (TetherEngine *self)
{
  g_return_if_fail (TETHER_IS_ENGINE (self));
  g_message ("Resume all: the pool does not implement this command yet");
}
