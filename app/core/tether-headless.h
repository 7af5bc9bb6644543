/* tether-headless.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `tether --headless`: the engine without windows, one line per change.
 * The format is stable (README.md, "Headless output"):
 *
 *   TIME device ID "NAME" OLD->NEW TYPE ADDRESS ["REASON"]
 *   TIME syncthing OLD->NEW URL ["MESSAGE"]
 *
 * TIME is the Unix time in seconds with three decimals; TYPE and ADDRESS
 * are those of the primary connection, or "-"; quoted fields escape \ and "
 * and control characters with a backslash.
 */

#pragma once

#include "tether-engine.h"

G_BEGIN_DECLS

/* The lines (without newline) that take a listener from old to new_; old
 * may be NULL for the first snapshot. */
GPtrArray *tether_headless_diff (gint64                now_us,
                                 const TetherSnapshot *old,
                                 const TetherSnapshot *new_);

/* Runs the engine until SIGINT or SIGTERM, printing to stdout
 * line-buffered. Returns the process exit status. */
int        tether_headless_run  (const char *url,
                                 const char *api_key);

G_END_DECLS
