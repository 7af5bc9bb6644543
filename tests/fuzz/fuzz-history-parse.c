/* fuzz-history-parse.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the connection history's line format: a history
 * file survives crashes, full disks and hand edits, so every input is a
 * file to read line by line. Each line is read as it is, and again with
 * a valid check appended, so that the fuzzer gets past the check to the
 * fields. Besides crashes and sanitizer reports, a GLib warning or
 * critical is a finding, and so is a line the decoder accepts that does
 * not survive being written again and read back.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tether-history-event.h"

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
const char *__lsan_default_suppressions (void);

/* The decoder interns what it reads (device IDs and the like, a small set
 * in a real history): GLib keeps interned strings for good, by design,
 * and so does its one-time set-up. */
const char *
__lsan_default_suppressions (void)
{
  return "leak:g_intern_string\n"
         "leak:_dl_init\n";
}

static GLogWriterOutput
abort_on_warning (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_default (log_level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (abort_on_warning, NULL, NULL);
  return 0;
}

/* What was read is written again and read back the same. */
static void
check_round_trip (const TetherHistoryEvent *ev)
{
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  TetherHistoryEvent expected = *ev;
  TetherHistoryEvent again;
  gboolean found = FALSE;
  char host[256];
  char *line;

  /* The address is kept as the format keeps it. */
  expected.address = tether_history_address_host (ev->type, ev->address, host, sizeof host);

  tether_history_encoder_encode (enc, ev, out);
  line = out->str;
  while (*line != '\0')
    {
      char *nl = strchr (line, '\n');
      TetherHistoryLineKind kind;

      g_assert (nl != NULL);
      kind = tether_history_decoder_decode (dec, line, nl - line, &again, NULL);
      g_assert (kind != TETHER_HISTORY_LINE_BAD);
      if (kind == TETHER_HISTORY_LINE_EVENT)
        {
          g_assert (!found);
          found = TRUE;
          g_assert (tether_history_event_equal (&expected, &again));
        }
      line = nl + 1;
    }
  g_assert (found);
}

static void
decode_one (TetherHistoryDecoder *dec,
            char                 *line,
            gsize                 len)
{
  g_autoptr(GError) error = NULL;
  TetherHistoryEvent ev;
  TetherHistoryLineKind kind;

  kind = tether_history_decoder_decode (dec, line, len, &ev, &error);
  g_assert ((kind == TETHER_HISTORY_LINE_BAD) == (error != NULL));
  g_assert (error == NULL || error->domain == TETHER_HISTORY_ERROR);
  if (kind == TETHER_HISTORY_LINE_EVENT)
    {
      g_assert (ev.kind > TETHER_HISTORY_EVENT_INVALID && ev.kind < TETHER_HISTORY_N_EVENT_KINDS);
      g_assert (!tether_history_event_kind_has_device (ev.kind) || ev.device_id != NULL);
      check_round_trip (&ev);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();
  g_autofree char *copy = g_malloc (size + 1);
  char *line = copy;
  char *end = copy + size;

  memcpy (copy, data, size);
  copy[size] = '\0';

  while (line < end)
    {
      char *nl = memchr (line, '\n', end - line);
      gsize len = nl != NULL ? (gsize) (nl - line) : (gsize) (end - line);
      g_autofree char *checked = g_strdup_printf ("%.*s\t%04x", (int) len, line,
                                                   tether_history_line_check (line, len));

      /* The checked copy first: decoding modifies the line in place. */
      decode_one (dec, checked, strlen (checked));
      decode_one (dec, line, len);
      line = nl != NULL ? nl + 1 : end;
    }

  return 0;
}
