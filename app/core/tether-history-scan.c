/* tether-history-scan.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a history file line by line, in fixed-size pieces (the whole
 * file is never in memory), skipping what is damaged.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tether-history-event.h"

/* The file is read this much at a time. No record comes near it: a longer
 * "line" is damage (a block of zeros after a crash, say) and is skipped up
 * to the next newline. */
#define READ_CHUNK     (1024 * 1024)

static void
note_corrupt (TetherHistoryScanReport *report,
              guint64                  line_number)
{
  report->n_corrupt++;
  if (report->first_corrupt_line == 0)
    report->first_corrupt_line = line_number;
}

gboolean
tether_history_scan_fd (int                      fd,
                        guint64                  limit,
                        TetherHistoryDecoder    *decoder,
                        TetherHistoryScanFunc    func,
                        gpointer                 user_data,
                        TetherHistoryScanReport *report,
                        GError                 **error)
{
  const gsize cap = READ_CHUNK;
  g_autofree char *buf = g_malloc (cap);
  gsize have = 0;          /* bytes in buf */
  guint64 buf_offset = 0;  /* file offset of buf[0], relative to the start */
  guint64 total = 0;
  gboolean discarding = FALSE;

  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (decoder != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);

  for (;;)
    {
      gsize want = MIN ((guint64) (cap - have), limit - total);
      gssize got = 0;
      char *line;
      char *buf_end;

      if (want > 0)
        {
          do
            got = read (fd, buf + have, want);
          while (got < 0 && errno == EINTR);
          if (got < 0)
            {
              int saved = errno;

              g_set_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_IO,
                           "Could not read the history: %s", g_strerror (saved));
              return FALSE;
            }
        }
      if (got == 0)
        break;
      total += got;
      have += got;

      line = buf;
      buf_end = buf + have;
      for (;;)
        {
          char *nl = memchr (line, '\n', buf_end - line);
          TetherHistoryEvent ev;
          g_autoptr(GError) local_error = NULL;

          if (nl == NULL)
            break;

          report->n_lines++;
          if (discarding)
            discarding = FALSE;   /* the rest of an overlong line, already counted */
          else
            switch (tether_history_decoder_decode (decoder, line, nl - line, &ev, &local_error))
              {
              case TETHER_HISTORY_LINE_EVENT:
                if (report->n_events++ == 0)
                  report->first_time_us = ev.time_us;
                report->last_time_us = ev.time_us;
                if (func != NULL)
                  func (&ev, buf_offset + (line - buf), user_data);
                break;
              case TETHER_HISTORY_LINE_DEFINITION:
              case TETHER_HISTORY_LINE_HEADER:
                break;
              case TETHER_HISTORY_LINE_BAD:
              default:
                if (g_error_matches (local_error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_VERSION))
                  {
                    g_propagate_error (error, g_steal_pointer (&local_error));
                    return FALSE;
                  }
                note_corrupt (report, report->n_lines);
                break;
              }
          line = nl + 1;
          report->good_size = buf_offset + (line - buf);
        }

      /* Keep the incomplete line for the next read. */
      have = buf_end - line;
      buf_offset += line - buf;
      if (have == cap)
        {
          /* No newline in a whole buffer: damage. Drop it, and skip the
           * rest of it up to the next newline. */
          if (!discarding)
            note_corrupt (report, report->n_lines + 1);
          discarding = TRUE;
          buf_offset += have;
          have = 0;
        }
      else
        memmove (buf, line, have);
    }

  report->torn_bytes = total - report->good_size;

  return TRUE;
}

