/* tether-json-scan.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-json-scan.h"

gboolean
tether_json_is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

TetherJsonScan
tether_json_scan (const char *data,
                  gsize       len,
                  guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean ended = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, TETHER_JSON_SCAN_OK);

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (tether_json_is_blank (c))
        continue;
      if (ended)
        return TETHER_JSON_SCAN_TRAILING_DATA;

      if (c == '"')
        in_string = TRUE;
      else if (c == '/' || c == '\'')
        return TETHER_JSON_SCAN_NOT_STRICT;
      else if ((c == '{' || c == '[') && ++depth > max_depth)
        return TETHER_JSON_SCAN_TOO_DEEP;
      else if ((c == '}' || c == ']') && depth > 0 && --depth == 0)
        ended = TRUE;
    }

  return TETHER_JSON_SCAN_OK;
}
