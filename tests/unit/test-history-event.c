/* test-history-event.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history's records and their line format: round trips, escaping,
 * definitions, the per-line check, and reading damaged files.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tether-history-event.h"

#define DEV_A "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYC-YLTMRWA"
#define DEV_B "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2"
#define NET   "3f1e0a4c-8f3e-4c1b-9b7e-2b6d3c1a9e01"

static TetherHistoryEvent
full_connected (void)
{
  TetherHistoryEvent ev = {
    .time_us = G_GINT64_CONSTANT (1704067200123456),
    .kind = TETHER_HISTORY_EVENT_CONNECTED,
    .flags = TETHER_HISTORY_FLAG_LAN | TETHER_HISTORY_FLAG_OBSERVED,
    .value = G_GINT64_CONSTANT (1704067100000000),
    .device_id = DEV_A,
    .network_uuid = NET,
    .name = "laptop “work”",
    .type = "tcp-client",
    .crypto = "TLS1.3-TLS_AES_128_GCM_SHA256",
    .address = "192.168.1.20:22000",
  };

  return ev;
}

static GPtrArray *
decode_all (const char *text,
            guint      *n_bad)
{
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_history_event_free);

  *n_bad = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      TetherHistoryEvent ev;
      g_autoptr(GError) error = NULL;

      if (lines[i][0] == '\0')
        continue;
      switch (tether_history_decoder_decode (dec, lines[i], strlen (lines[i]), &ev, &error))
        {
        case TETHER_HISTORY_LINE_EVENT:
          g_assert_no_error (error);
          g_ptr_array_add (events, tether_history_event_copy (&ev));
          break;
        case TETHER_HISTORY_LINE_BAD:
          g_assert_nonnull (error);
          (*n_bad)++;
          break;
        case TETHER_HISTORY_LINE_DEFINITION:
        case TETHER_HISTORY_LINE_HEADER:
        default:
          g_assert_no_error (error);
          break;
        }
    }

  return events;
}

static void
test_kinds (void)
{
  for (guint k = TETHER_HISTORY_EVENT_INVALID + 1; k < TETHER_HISTORY_N_EVENT_KINDS; k++)
    {
      const char *name = tether_history_event_kind_to_string (k);

      g_assert_cmpint (tether_history_event_kind_from_string (name), ==, k);
    }
  g_assert_cmpint (tether_history_event_kind_from_string ("nonsense"), ==, TETHER_HISTORY_EVENT_INVALID);
  g_assert_true (tether_history_event_kind_has_device (TETHER_HISTORY_EVENT_CONNECTED));
  g_assert_false (tether_history_event_kind_has_device (TETHER_HISTORY_EVENT_SLEEP));
}

static void
test_address_host (void)
{
  static const struct { const char *type, *address, *kept; } cases[] = {
    { "tcp-server", "10.0.0.5:51234", "10.0.0.5" },
    { "quic-server", "[fe80::1%eth0]:4000", "[fe80::1%eth0]" },
    { "tcp-server", "fe80::1", "fe80::1" },           /* no port to drop */
    { "tcp-server", "relay://1.2.3.4:22067", "relay://1.2.3.4:22067" },
    { "tcp-client", "10.0.0.5:22000", "10.0.0.5:22000" }, /* dialed: kept whole */
    { NULL, "10.0.0.5:22000", "10.0.0.5:22000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[256];

      g_assert_cmpstr (tether_history_address_host (cases[i].type, cases[i].address, buf, sizeof buf), ==,
                       cases[i].kept);
    }
}

static void
test_copy (void)
{
  TetherHistoryEvent ev = full_connected ();
  char address[] = "10.0.0.1:22000";
  g_autoptr(TetherHistoryEvent) copy = NULL;

  ev.address = address;
  ev.text = "some text";
  copy = tether_history_event_copy (&ev);
  g_assert_true (tether_history_event_equal (&ev, copy));
  /* The copy does not point into the caller's memory... */
  g_assert_true (copy->address != ev.address);
  address[0] = '9';
  g_assert_cmpstr (copy->address, ==, "10.0.0.1:22000");
  /* ...and its small-set strings are interned. */
  g_assert_true (copy->device_id == g_intern_string (DEV_A));
  g_assert_true (copy->type == g_intern_string ("tcp-client"));
}

static void
test_round_trip_kinds (void)
{
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) decoded = NULL;
  TetherHistoryEvent events[TETHER_HISTORY_N_EVENT_KINDS];
  guint n = 0, n_bad;

  tether_history_format_header (out);
  for (guint k = TETHER_HISTORY_EVENT_INVALID + 1; k < TETHER_HISTORY_N_EVENT_KINDS; k++)
    {
      TetherHistoryEvent ev = full_connected ();

      ev.kind = k;
      ev.time_us += k;
      ev.value = -(gint64) k;   /* negative values survive too */
      ev.text = "EOF";
      if (!tether_history_event_kind_has_device (k))
        ev.device_id = NULL;
      events[n++] = ev;
      tether_history_encoder_encode (enc, &ev, out);
    }

  decoded = decode_all (out->str, &n_bad);
  g_assert_cmpuint (n_bad, ==, 0);
  g_assert_cmpuint (decoded->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_true (tether_history_event_equal (&events[i], g_ptr_array_index (decoded, i)));
}

static void
test_escaping (void)
{
  static const char *texts[] = {
    "tab\there", "new\nline", "back\\slash", "cr\rhere", "bell\a", "del\x7f",
    "ends with backslash\\", "\\t is not a tab", "ünïcödé “quotes” ✓", "x",
  };
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) decoded = NULL;
  guint n_bad;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      TetherHistoryEvent ev = {
        .time_us = 1000 + i,
        .kind = TETHER_HISTORY_EVENT_DISCONNECTED,
        .device_id = texts[i],   /* a definition, escaped the same way */
        .address = texts[i],
        .text = texts[i],
      };

      tether_history_encoder_encode (enc, &ev, out);
    }

  /* Every record is one line (plus its device's definition): nothing raw
   * in there but the separators. */
  {
    g_auto(GStrv) lines = g_strsplit (out->str, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines) - 1, ==, 2 * G_N_ELEMENTS (texts));
  }

  decoded = decode_all (out->str, &n_bad);
  g_assert_cmpuint (n_bad, ==, 0);
  g_assert_cmpuint (decoded->len, ==, G_N_ELEMENTS (texts));
  for (guint i = 0; i < decoded->len; i++)
    {
      const TetherHistoryEvent *ev = g_ptr_array_index (decoded, i);

      g_assert_cmpstr (ev->text, ==, texts[i]);
      g_assert_cmpstr (ev->address, ==, texts[i]);
      g_assert_cmpstr (ev->device_id, ==, texts[i]);
    }
}

static guint
count_lines_starting (const char *text,
                      char        c)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = strchr (p, '\n') + 1)
    {
      if (*p == c)
        n++;
      if (strchr (p, '\n') == NULL)
        break;
    }
  return n;
}

static void
test_definitions_once (void)
{
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *not_interned = g_strdup (DEV_B);

  for (guint i = 0; i < 100; i++)
    {
      TetherHistoryEvent ev = full_connected ();

      ev.device_id = i % 2 ? DEV_A : not_interned;
      tether_history_encoder_encode (enc, &ev, out);
    }

  /* Two devices, a network, a name, a type, an address and a crypto:
   * seven strings, each defined once, however the caller spelled them. */
  g_assert_cmpuint (count_lines_starting (out->str, '='), ==, 7);
  /* The IDs do not repeat: the whole is far smaller than 100 × 63. */
  g_assert_null (strstr (strstr (out->str, DEV_A) + 1, DEV_A));
}

static void
test_rollback (void)
{
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) again = g_string_new (NULL);
  TetherHistoryEvent ev = full_connected ();
  TetherHistoryEncoderMark mark = tether_history_encoder_mark (enc);

  tether_history_encoder_encode (enc, &ev, first);
  /* The write of that batch failed: its definitions are not in the file. */
  tether_history_encoder_rollback (enc, mark);
  tether_history_encoder_encode (enc, &ev, again);
  g_assert_cmpstr (first->str, ==, again->str);
}

static void
test_continue_file (void)
{
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();
  g_autoptr(TetherHistoryEncoder) cont = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) decoded = NULL;
  TetherHistoryEvent a = full_connected ();
  TetherHistoryEvent b = full_connected ();
  g_auto(GStrv) lines = NULL;
  gsize before;
  guint n_bad;

  tether_history_encoder_encode (enc, &a, out);
  lines = g_strsplit (out->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      TetherHistoryEvent ev;

      tether_history_decoder_decode (dec, lines[i], strlen (lines[i]), &ev, NULL);
    }

  /* An encoder that continues the file reuses its definitions and adds
   * new ones after them. */
  cont = tether_history_decoder_to_encoder (dec);
  before = out->len;
  tether_history_encoder_encode (cont, &a, out);
  g_assert_cmpint (out->str[before], !=, '=');
  b.device_id = DEV_B;
  tether_history_encoder_encode (cont, &b, out);

  decoded = decode_all (out->str, &n_bad);
  g_assert_cmpuint (n_bad, ==, 0);
  g_assert_cmpuint (decoded->len, ==, 3);
  g_assert_cmpstr (((TetherHistoryEvent *) g_ptr_array_index (decoded, 2))->device_id, ==, DEV_B);
  g_assert_cmpstr (((TetherHistoryEvent *) g_ptr_array_index (decoded, 1))->device_id, ==, DEV_A);
}

static void
test_check_catches_damage (void)
{
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  TetherHistoryEvent ev = full_connected ();
  const char *line;
  gsize len;
  guint caught = 0, total = 0;

  tether_history_encoder_encode (enc, &ev, out);
  /* The event line is the last one. */
  out->str[out->len - 1] = '\0';
  line = strrchr (out->str, '\n') + 1;
  len = strlen (line);

  /* Any one byte changed, dropped or zeroed makes the line bad. */
  for (gsize i = 0; i < len; i++)
    for (guint how = 0; how < 3; how++)
      {
        g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();
        g_autofree char *copy = g_strndup (out->str, out->len - 1);
        char *mine = copy + (line - out->str);
        gsize mine_len = len;
        TetherHistoryEvent got;
        GStrv defs = g_strsplit (copy, "\n", -1);

        for (guint d = 0; defs[d + 1] != NULL; d++)
          tether_history_decoder_decode (dec, defs[d], strlen (defs[d]), &got, NULL);
        g_strfreev (defs);

        if (how == 0)
          mine[i] ^= 0x04;
        else if (how == 1)
          {
            memmove (mine + i, mine + i + 1, len - i - 1);
            mine_len--;
          }
        else
          mine[i] = '\0';

        total++;
        if (tether_history_decoder_decode (dec, mine, mine_len, &got, NULL) == TETHER_HISTORY_LINE_BAD)
          caught++;
      }

  g_test_message ("%u of %u damaged lines caught", caught, total);
  /* A 16-bit check misses one damage in 65536 at random; these are all
   * caught. */
  g_assert_cmpuint (caught, ==, total);
}

static void
test_bad_lines (void)
{
  static const char *bad[] = {
    "",                                   /* empty */
    "garbage",
    "1\tC\t\t\t\t\t\t\t\t\t\t0000",       /* wrong check */
    "\t0000",                             /* too short */
  };
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *line = g_strdup (bad[i]);
      g_autoptr(GError) error = NULL;
      TetherHistoryEvent ev;

      g_assert_cmpint (tether_history_decoder_decode (dec, line, strlen (line), &ev, &error), ==,
                       TETHER_HISTORY_LINE_BAD);
      g_assert_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_CORRUPT);
    }
}

/* A line with a valid check but wrong content. */
static char *
checked (const char *body)
{
  guint16 check = tether_history_line_check (body, strlen (body));

  return g_strdup_printf ("%s\t%04x", body, check);
}

static void
test_bad_content (void)
{
  static const char *bodies[] = {
    "1\tZ\t\t\t\t\t\t\t\t\t",        /* unknown kind */
    "1\tC\t\t\t\t\t\t\t\t\t",        /* a device event without a device */
    "1\tC\t7\t\t\t\t\t\t\t\t",       /* an undefined string */
    "1\tS\t\t\t\t\t\t\t\t",          /* a field missing */
    "1\tS\t\t\t\t\t\t\t\t\t\t",      /* a field too many */
    "x\tS\t\t\t\t\t\t\t\t\t",        /* not a number */
    "1\tS\t\t\t\t\t\t\t\t\tbad\\q",  /* an unknown escape */
    "1\tS\t\t\t\t\t\t\t\t\tbad\\x00",/* NUL is never written */
    "=-1\tx",                         /* a bad definition */
    "=99999999999\tx",
  };
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *line = checked (bodies[i]);
      g_autoptr(GError) error = NULL;
      TetherHistoryEvent ev;

      g_test_message ("line %s", bodies[i]);
      g_assert_cmpint (tether_history_decoder_decode (dec, line, strlen (line), &ev, &error), ==,
                       TETHER_HISTORY_LINE_BAD);
      g_assert_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_CORRUPT);
    }

  /* The minimal good line, for contrast. */
  {
    g_autofree char *line = checked ("1\tS\t\t\t\t\t\t\t\t\t");
    TetherHistoryEvent ev;

    g_assert_cmpint (tether_history_decoder_decode (dec, line, strlen (line), &ev, NULL), ==,
                     TETHER_HISTORY_LINE_EVENT);
    g_assert_cmpint (ev.kind, ==, TETHER_HISTORY_EVENT_SLEEP);
    g_assert_cmpint (ev.time_us, ==, 1);
  }
}

static void
test_newer_version (void)
{
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();
  g_autoptr(GError) error = NULL;
  char line[] = "#tether-history\t2";
  char comment[] = "# anything";
  TetherHistoryEvent ev;

  g_assert_cmpint (tether_history_decoder_decode (dec, comment, strlen (comment), &ev, NULL), ==,
                   TETHER_HISTORY_LINE_HEADER);
  g_assert_cmpint (tether_history_decoder_decode (dec, line, strlen (line), &ev, &error), ==,
                   TETHER_HISTORY_LINE_BAD);
  g_assert_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_VERSION);
}

/* ------------------------------------------------------------ files */

typedef struct {
  GPtrArray *events;
} Collected;

static void
collect_cb (const TetherHistoryEvent *event,
            guint64                   offset,
            gpointer                  user_data)
{
  g_ptr_array_add (user_data, tether_history_event_copy (event));
}

static char *
write_temp (const char *contents,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("tether-history-XXXXXX", &path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (write (fd, contents, len), ==, (gssize) len);
  close (fd);

  return path;
}

static GPtrArray *
scan (const char              *contents,
      gsize                    len,
      TetherHistoryScanReport *report)
{
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();
  g_autofree char *path = write_temp (contents, len);
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_history_event_free);
  g_autoptr(GError) error = NULL;
  int fd = open (path, O_RDONLY);

  g_assert_true (tether_history_scan_fd (fd, G_MAXUINT64, dec, collect_cb, events, report, &error));
  g_assert_no_error (error);
  close (fd);
  g_unlink (path);

  return events;
}

static GString *
sample_file (guint n)
{
  g_autoptr(TetherHistoryEncoder) enc = tether_history_encoder_new ();
  GString *out = g_string_new (NULL);

  tether_history_format_header (out);
  for (guint i = 0; i < n; i++)
    {
      TetherHistoryEvent ev = full_connected ();

      ev.kind = i % 2 ? TETHER_HISTORY_EVENT_DISCONNECTED : TETHER_HISTORY_EVENT_CONNECTED;
      ev.time_us += i * G_USEC_PER_SEC;
      ev.device_id = i % 3 ? DEV_A : DEV_B;
      tether_history_encoder_encode (enc, &ev, out);
    }

  return out;
}

static void
test_scan_clean (void)
{
  g_autoptr(GString) file = sample_file (50);
  TetherHistoryScanReport report;
  g_autoptr(GPtrArray) events = scan (file->str, file->len, &report);

  g_assert_cmpuint (events->len, ==, 50);
  g_assert_cmpuint (report.n_events, ==, 50);
  g_assert_cmpuint (report.n_corrupt, ==, 0);
  g_assert_cmpuint (report.torn_bytes, ==, 0);
  g_assert_cmpuint (report.good_size, ==, file->len);
  g_assert_cmpint (report.first_time_us, ==, full_connected ().time_us);
  g_assert_cmpint (report.last_time_us, ==, full_connected ().time_us + 49 * G_USEC_PER_SEC);
}

static void
test_scan_torn (void)
{
  g_autoptr(GString) file = sample_file (50);
  TetherHistoryScanReport report;
  g_autoptr(GPtrArray) events = NULL;
  gsize cut = file->len - 7;   /* the last line loses its end */

  events = scan (file->str, cut, &report);
  g_assert_cmpuint (events->len, ==, 49);
  g_assert_cmpuint (report.n_corrupt, ==, 0);
  g_assert_cmpuint (report.torn_bytes, >, 0);
  g_assert_cmpuint (report.good_size + report.torn_bytes, ==, cut);
  g_assert_cmpint (file->str[report.good_size - 1], ==, '\n');
}

static void
test_scan_corrupt_middle (void)
{
  g_autoptr(GString) file = sample_file (50);
  TetherHistoryScanReport report;
  g_autoptr(GPtrArray) events = NULL;
  char *line;

  /* Damage the 20th event line: a flipped digit in its time. */
  line = file->str;
  for (guint i = 0; i < 30; i++)
    line = strchr (line, '\n') + 1;
  g_assert_true (g_ascii_isdigit (line[3]));
  line[3] = line[3] == '9' ? '8' : line[3] + 1;

  events = scan (file->str, file->len, &report);
  g_assert_cmpuint (events->len, ==, 49);
  g_assert_cmpuint (report.n_corrupt, ==, 1);
  g_assert_cmpuint (report.first_corrupt_line, ==, 31);
  g_assert_cmpuint (report.torn_bytes, ==, 0);
}

static void
test_scan_zero_block (void)
{
  g_autoptr(GString) file = sample_file (20);
  g_autoptr(GString) damaged = g_string_new (NULL);
  TetherHistoryScanReport report;
  g_autoptr(GPtrArray) events = NULL;
  char *zeros = g_malloc0 (3 * 1024 * 1024);

  /* A file system that lost a block after a crash: 3 MiB of zeros, then
   * good lines again. */
  g_string_append_len (damaged, file->str, file->len);
  g_string_append_len (damaged, zeros, 3 * 1024 * 1024);
  g_string_append_c (damaged, '\n');
  g_string_append_len (damaged, file->str, file->len);
  g_free (zeros);

  events = scan (damaged->str, damaged->len, &report);
  g_assert_cmpuint (events->len, ==, 40);
  g_assert_cmpuint (report.n_corrupt, ==, 1);
  g_assert_cmpuint (report.torn_bytes, ==, 0);
}

static void
test_scan_limit (void)
{
  g_autoptr(GString) file = sample_file (10);
  g_autoptr(TetherHistoryDecoder) dec = tether_history_decoder_new ();
  g_autofree char *path = write_temp (file->str, file->len);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_history_event_free);
  TetherHistoryScanReport report;
  int fd = open (path, O_RDONLY);
  gsize half = strchr (file->str + file->len / 2, '\n') + 1 - file->str;

  g_assert_true (tether_history_scan_fd (fd, half, dec, collect_cb, events, &report, NULL));
  close (fd);
  g_unlink (path);

  g_assert_cmpuint (report.good_size, ==, half);
  g_assert_cmpuint (report.torn_bytes, ==, 0);
  g_assert_cmpuint (events->len, <, 10);
  g_assert_cmpuint (events->len, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/history-event/kinds", test_kinds);
  g_test_add_func ("/tether/history-event/address-host", test_address_host);
  g_test_add_func ("/tether/history-event/copy", test_copy);
  g_test_add_func ("/tether/history-event/round-trip", test_round_trip_kinds);
  g_test_add_func ("/tether/history-event/escaping", test_escaping);
  g_test_add_func ("/tether/history-event/definitions-once", test_definitions_once);
  g_test_add_func ("/tether/history-event/rollback", test_rollback);
  g_test_add_func ("/tether/history-event/continue-file", test_continue_file);
  g_test_add_func ("/tether/history-event/check-catches-damage", test_check_catches_damage);
  g_test_add_func ("/tether/history-event/bad-lines", test_bad_lines);
  g_test_add_func ("/tether/history-event/bad-content", test_bad_content);
  g_test_add_func ("/tether/history-event/newer-version", test_newer_version);
  g_test_add_func ("/tether/history-event/scan-clean", test_scan_clean);
  g_test_add_func ("/tether/history-event/scan-torn", test_scan_torn);
  g_test_add_func ("/tether/history-event/scan-corrupt-middle", test_scan_corrupt_middle);
  g_test_add_func ("/tether/history-event/scan-zero-block", test_scan_zero_block);
  g_test_add_func ("/tether/history-event/scan-limit", test_scan_limit);

  return g_test_run ();
}
