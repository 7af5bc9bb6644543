/* test-json-scan.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pass over brackets before json-glib runs.
 */

#include "config.h"

#include "tether-json-scan.h"

static void
test_table (void)
{
  const struct {
    const char     *json;
    guint           max_depth;
    TetherJsonScan  expect;
  } rows[] = {
    { "{}", 4, TETHER_JSON_SCAN_OK },
    { " [1, {\"a\": [2]}]\r\n", 4, TETHER_JSON_SCAN_OK },
    /* Brackets, quotes and slashes inside strings do not count. */
    { "{\"a\": \"[[[[[{/'\\\"]\"}", 1, TETHER_JSON_SCAN_OK },
    { "[[[]]]", 3, TETHER_JSON_SCAN_OK },
    { "[[[[]]]]", 3, TETHER_JSON_SCAN_TOO_DEEP },
    { "{}{}", 4, TETHER_JSON_SCAN_TRAILING_DATA },
    { "[] x", 4, TETHER_JSON_SCAN_TRAILING_DATA },
    { "{} /* */", 4, TETHER_JSON_SCAN_TRAILING_DATA },
    { "{/* ] */}", 4, TETHER_JSON_SCAN_NOT_STRICT },
    { "{'a': 1}", 4, TETHER_JSON_SCAN_NOT_STRICT },
    /* What json-glib reports well is left to it. */
    { "]]", 4, TETHER_JSON_SCAN_OK },
    { "{[", 4, TETHER_JSON_SCAN_OK },
    { "", 4, TETHER_JSON_SCAN_OK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      TetherJsonScan got = tether_json_scan (rows[i].json, strlen (rows[i].json), rows[i].max_depth);

      if (got != rows[i].expect)
        g_error ("%s: expected %d, got %d", rows[i].json, rows[i].expect, got);
    }
}

/* The length counts, not a terminating NUL. */
static void
test_length (void)
{
  const char data[] = "{}{}";

  g_assert_cmpint (tether_json_scan (data, 2, 4), ==, TETHER_JSON_SCAN_OK);
  g_assert_cmpint (tether_json_scan (data, 4, 4), ==, TETHER_JSON_SCAN_TRAILING_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/json-scan/table", test_table);
  g_test_add_func ("/tether/json-scan/length", test_length);

  return g_test_run ();
}
