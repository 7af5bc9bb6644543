/* tether-json-scan.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over a JSON document's brackets and strings before json-glib
 * sees it. json-glib 1.6 parses recursively, so deep nesting overflows the
 * stack; it ignores (and leaks) whatever follows the first value
 * ("{}{…}"); and it takes comments and single quotes, behind which
 * brackets would hide from this count. Used for Syncthing's responses and
 * Tether's own journal.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TETHER_JSON_SCAN_OK = 0,
  TETHER_JSON_SCAN_TOO_DEEP,       /* nested deeper than max_depth */
  TETHER_JSON_SCAN_TRAILING_DATA,  /* something after the first value */
  TETHER_JSON_SCAN_NOT_STRICT,     /* a comment or a single quote */
} TetherJsonScan;

/* JSON's own whitespace: space, tab, line feed, carriage return. */
gboolean       tether_json_is_blank (char        c);

/* An unbalanced bracket or anything else json-glib reports well is left
 * to it. */
TetherJsonScan tether_json_scan     (const char *data,
                                     gsize       len,
                                     guint       max_depth);

G_END_DECLS
