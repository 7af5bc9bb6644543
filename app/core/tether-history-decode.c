/* tether-history-decode.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the line format (described in tether-history-event.c) back:
 * every line checked, split and parsed by hand, eight bytes at a time
 * where it counts, since a start reads millions of them.
 */

#include "config.h"

#include <string.h>

#include "tether-history-format-private.h"

TetherHistoryDecoder *
tether_history_decoder_new (void)
{
  TetherHistoryDecoder *self = g_new0 (TetherHistoryDecoder, 1);

  self->table = g_ptr_array_new ();

  return self;
}

void
tether_history_decoder_free (TetherHistoryDecoder *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->table);
  g_free (self);
}

gint64
tether_history_decoder_get_compacted_until (TetherHistoryDecoder *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->compacted_until_us;
}

TetherHistoryEncoder *
tether_history_decoder_to_encoder (TetherHistoryDecoder *self)
{
  TetherHistoryEncoder *enc = tether_history_encoder_new ();

  /* The table holds what each index means now; a string defined under two
   * indices may use either. New indices start after every one seen. */
  for (guint i = 0; i < self->table->len; i++)
    {
      const char *s = g_ptr_array_index (self->table, i);

      if (s != NULL)
        g_hash_table_insert (enc->index, (gpointer) s, GUINT_TO_POINTER (i + 1));
    }
  enc->next_index = self->table->len;

  return enc;
}

TetherHistoryDecoder *
tether_history_encoder_to_decoder (TetherHistoryEncoder *self)
{
  TetherHistoryDecoder *dec = tether_history_decoder_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_ptr_array_set_size (dec->table, self->next_index);
  g_hash_table_iter_init (&iter, self->index);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_index (dec->table, GPOINTER_TO_UINT (value) - 1) = key;

  return dec;
}

static TetherHistoryLineKind
bad (GError     **error,
     const char  *what)
{
  g_set_error_literal (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_CORRUPT, what);
  return TETHER_HISTORY_LINE_BAD;
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Eight ASCII digits at p → their value, or G_MAXUINT64 when one is not a
 * digit: a time has sixteen, read two steps instead of sixteen. */
static inline guint64
eight_digits (const char *p)
{
  guint64 w;
  guint64 digits;

  memcpy (&w, p, 8);
  w = GUINT64_FROM_LE (w);
  digits = w - G_GUINT64_CONSTANT (0x3030303030303030);
  /* Every byte in '0'..'9': no borrow, and adding 6 stays below 16. */
  if ((w & G_GUINT64_CONSTANT (0xf0f0f0f0f0f0f0f0)) != G_GUINT64_CONSTANT (0x3030303030303030) ||
      ((digits + G_GUINT64_CONSTANT (0x0606060606060606)) & G_GUINT64_CONSTANT (0xf0f0f0f0f0f0f0f0)) != 0)
    return G_MAXUINT64;

  /* Pairs, quads, then the eight (the first digit is the lowest byte). */
  digits = (digits * 10) + (digits >> 8);
  digits = (((digits & G_GUINT64_CONSTANT (0x000000ff000000ff)) * (100 + (G_GUINT64_CONSTANT (1000000) << 32))) +
            (((digits >> 16) & G_GUINT64_CONSTANT (0x000000ff000000ff)) * (1 + (G_GUINT64_CONSTANT (10000) << 32)))) >> 32;

  return digits;
}

/* [p, end) → integer; empty is 0 when allowed. */
static gboolean
parse_int (const char *p,
           const char *end,
           gboolean    allow_empty,
           gint64     *out)
{
  gboolean negative = FALSE;
  guint64 v = 0;

  if (p == end)
    {
      *out = 0;
      return allow_empty;
    }
  if (*p == '-')
    {
      negative = TRUE;
      if (++p == end)
        return FALSE;
    }
  if (end - p > 18)
    return FALSE;
  while (end - p >= 8)
    {
      guint64 eight = eight_digits (p);

      if (eight == G_MAXUINT64)
        return FALSE;
      v = v * 100000000 + eight;
      p += 8;
    }
  for (; p < end; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      v = v * 10 + (*p - '0');
    }
  *out = negative ? -(gint64) v : (gint64) v;
  return TRUE;
}

/* Unescapes [p, end) in place and NUL-terminates it (end is a tab or the
 * check's tab, so there is room). Returns NULL for an empty field. */
static gboolean
take_string (char        *p,
             char        *end,
             const char **out)
{
  char *w;

  *end = '\0';
  if (p == end)
    {
      *out = NULL;
      return TRUE;
    }

  *out = p;
  w = memchr (p, '\\', end - p);
  if (w == NULL)
    return TRUE;

  for (char *r = w; r < end; r++)
    {
      if (*r != '\\')
        {
          *w++ = *r;
          continue;
        }
      if (++r == end)
        return FALSE;
      switch (*r)
        {
        case '\\': *w++ = '\\'; break;
        case 't':  *w++ = '\t'; break;
        case 'n':  *w++ = '\n'; break;
        case 'r':  *w++ = '\r'; break;
        case 'x':
          {
            int hi, lo;

            if (end - r < 3 || (hi = hex_value (r[1])) < 0 || (lo = hex_value (r[2])) < 0 ||
                (hi == 0 && lo == 0))
              return FALSE;
            *w++ = (char) (hi << 4 | lo);
            r += 2;
          }
          break;
        default:
          return FALSE;
        }
    }
  *w = '\0';

  return TRUE;
}

/* A reference: a small decimal number, nearly always one to four digits. */
static inline gboolean
take_ref (TetherHistoryDecoder  *self,
          const char            *p,
          const char            *end,
          const char           **out)
{
  guint idx = 0;

  if (p == end)
    {
      *out = NULL;
      return TRUE;
    }
  if (end - p > 8)
    return FALSE;
  for (; p < end; p++)
    {
      guint digit = (guchar) *p - '0';

      if (digit > 9)
        return FALSE;
      idx = idx * 10 + digit;
    }
  if (idx >= self->table->len)
    return FALSE;
  *out = g_ptr_array_index (self->table, idx);

  return *out != NULL;
}

static TetherHistoryLineKind
decode_header (TetherHistoryDecoder  *self,
               char                  *line,
               gsize                  len,
               GError               **error)
{
  const gsize magic_len = strlen (HEADER_MAGIC);
  const gsize compacted_len = strlen (COMPACTED_MAGIC);
  gint64 version;
  gint64 until;

  if (len > compacted_len && memcmp (line, COMPACTED_MAGIC, compacted_len) == 0 &&
      line[compacted_len] == '\t' &&
      parse_int (line + compacted_len + 1, line + len, FALSE, &until))
    {
      self->compacted_until_us = MAX (self->compacted_until_us, until);
      return TETHER_HISTORY_LINE_HEADER;
    }

  if (len > magic_len && memcmp (line, HEADER_MAGIC, magic_len) == 0 && line[magic_len] == '\t')
    {
      if (!parse_int (line + magic_len + 1, line + len, FALSE, &version) || version < 1)
        return bad (error, "Bad header line");
      if (version > TETHER_HISTORY_FORMAT_VERSION)
        {
          g_set_error (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_VERSION,
                       "The history was written by a newer Tether (format %" G_GINT64_FORMAT
                       "; this one reads up to %d)", version, TETHER_HISTORY_FORMAT_VERSION);
          return TETHER_HISTORY_LINE_BAD;
        }
    }

  return TETHER_HISTORY_LINE_HEADER;
}

static TetherHistoryLineKind
decode_definition (TetherHistoryDecoder  *self,
                   char                  *line,
                   char                  *end,
                   GError               **error)
{
  char *tab = memchr (line, '\t', end - line);
  const char *s;
  gint64 idx;

  if (tab == NULL || !parse_int (line + 1, tab, FALSE, &idx) || idx < 0 || idx >= MAX_INDEX ||
      !take_string (tab + 1, end, &s) || s == NULL)
    return bad (error, "Bad definition");

  if (idx >= self->table->len)
    g_ptr_array_set_size (self->table, idx + 1);
  g_ptr_array_index (self->table, idx) = (gpointer) g_intern_string (s);

  return TETHER_HISTORY_LINE_DEFINITION;
}

static inline guint
lowest_bit (guint64 mask)
{
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctzll (mask);
#else
  return g_bit_nth_lsf (mask, -1);   /* a loop */
#endif
}

/* One bit (the top one) set in each byte of the eight at p that is a tab,
 * and no other: the exact form of the "has a zero byte" trick. */
static inline guint64
tab_bytes (const char *p)
{
  const guint64 low7 = G_GUINT64_CONSTANT (0x7f7f7f7f7f7f7f7f);
  guint64 w;
  guint64 x;

  memcpy (&w, p, 8);
  w = GUINT64_FROM_LE (w);
  x = w ^ G_GUINT64_CONSTANT (0x0909090909090909);
  return ~(((x & low7) + low7) | x | low7);
}

TetherHistoryLineKind
tether_history_decoder_decode (TetherHistoryDecoder  *self,
                               char                  *line,
                               gsize                  len,
                               TetherHistoryEvent    *ev,
                               GError               **error)
{
  char *f[N_FIELDS + 1];
  char *end;
  char *p;
  guint n = 0;
  gint64 flags;
  guint kind;

  g_return_val_if_fail (self != NULL, TETHER_HISTORY_LINE_BAD);
  g_return_val_if_fail (line != NULL, TETHER_HISTORY_LINE_BAD);
  g_return_val_if_fail (ev != NULL, TETHER_HISTORY_LINE_BAD);

  if (len > 0 && line[0] == '#')
    return decode_header (self, line, len, error);

  /* Everything else ends in TAB + 4 hex digits over what precedes it. */
  if (len < 6 || line[len - 5] != '\t')
    return bad (error, "No check at the end of the line");
  {
    int h0 = hex_value (line[len - 4]), h1 = hex_value (line[len - 3]);
    int h2 = hex_value (line[len - 2]), h3 = hex_value (line[len - 1]);

    if ((h0 | h1 | h2 | h3) < 0 ||
        tether_history_line_check (line, len - 5) != (guint16) (h0 << 12 | h1 << 8 | h2 << 4 | h3))
      return bad (error, "The line's check does not match");
  }
  end = line + len - 5;

  if (line[0] == '=')
    return decode_definition (self, line, end, error);

  /* Split at tabs; the last field ends at the check's tab. Fields are
   * short and many are empty: eight bytes a step beats a call per field. */
  f[n++] = line;
  for (p = line; p + 8 <= end && n <= N_FIELDS; p += 8)
    {
      guint64 mask = tab_bytes (p);

      while (mask != 0 && n <= N_FIELDS)
        {
          f[n++] = p + (lowest_bit (mask) >> 3) + 1;
          mask &= mask - 1;
        }
    }
  for (; p < end && n <= N_FIELDS; p++)
    if (*p == '\t')
      f[n++] = p + 1;
  if (n != N_FIELDS)
    return bad (error, "Wrong number of fields");
  f[N_FIELDS] = end + 1;   /* each field i is [f[i], f[i+1] - 1) */

#define FIELD_END(i) (f[(i) + 1] - 1)

  memset (ev, 0, sizeof *ev);
  if (!parse_int (f[0], FIELD_END (0), FALSE, &ev->time_us) ||
      FIELD_END (1) - f[1] != 1 ||
      (kind = _tether_history_kind_from_letter (f[1][0])) == TETHER_HISTORY_EVENT_INVALID ||
      !take_ref (self, f[2], FIELD_END (2), &ev->device_id) ||
      !take_ref (self, f[3], FIELD_END (3), &ev->network_uuid) ||
      !parse_int (f[4], FIELD_END (4), TRUE, &flags) || flags < 0 || flags > G_MAXINT ||
      !parse_int (f[5], FIELD_END (5), TRUE, &ev->value) ||
      !take_ref (self, f[6], FIELD_END (6), &ev->type) ||
      !take_ref (self, f[7], FIELD_END (7), &ev->address) ||
      !take_ref (self, f[8], FIELD_END (8), &ev->crypto) ||
      !take_ref (self, f[9], FIELD_END (9), &ev->name) ||
      !take_string (f[10], FIELD_END (10), &ev->text))
    return bad (error, "Bad field");

#undef FIELD_END

  ev->kind = kind;
  ev->flags = flags;
  if (tether_history_event_kind_has_device (kind) && ev->device_id == NULL)
    return bad (error, "A device event without a device");

  return TETHER_HISTORY_LINE_EVENT;
}
