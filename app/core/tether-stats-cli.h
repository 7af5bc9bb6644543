/* tether-stats-cli.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `tether stats [DEVICE] [--json]`: the connection history's statistics
 * on a terminal, read from $XDG_STATE_HOME/tether/history alone (no
 * window, no Syncthing). The --json form is for scripts; its fields are
 * listed in README.md.
 */

#pragma once

#include <glib.h>

#include "tether-patterns.h"

G_BEGIN_DECLS

/* argv[0] is "stats". Returns the exit status: 0, 1 when DEVICE matches
 * no device (or several), 2 for a usage error or an unreadable history. */
int   tether_stats_cli_run      (int                argc,
                                 char             **argv);

/* The pieces, for tests. */
char *tether_stats_cli_text     (TetherPatterns    *patterns,
                                 GPtrArray         *device_ids,
                                 gint64             now_us);
char *tether_stats_cli_json     (TetherPatterns    *patterns,
                                 GPtrArray         *device_ids,
                                 const char        *path,
                                 gint64             now_us);
/* Device IDs (interned) matching DEVICE: an exact ID, an ID prefix (any
 * case) or a name (any case). */
GPtrArray *tether_stats_cli_match (TetherPatterns  *patterns,
                                   const char      *device);
/* "45 s", "12 min", "1 h 05 min", "3 d 4 h" */
char *tether_stats_cli_format_duration (gint64      seconds);

G_END_DECLS
