/* tether-history-event.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history's line format, version 1. Why not JSON lines: a year of a
 * busy laptop is millions of records, read at every start; json-glib
 * builds a tree per line and spends most of its time allocating, and each
 * record would repeat a 63-character device ID. This format is read by
 * hand at several hundred MB/s and is a third of the size.
 *
 *   #tether-history<TAB>1                        header, first line
 *   =IDX<TAB>STRING<TAB>CHECK                    definition of string IDX
 *   TIME<TAB>K<TAB>DEV<TAB>NET<TAB>FLAGS<TAB>VALUE<TAB>TYPE<TAB>ADDR<TAB>CRYPTO<TAB>NAME<TAB>TEXT<TAB>CHECK
 *
 * - TIME: unix µs, decimal. K: one letter for the kind (kinds[] below).
 * - DEV, NET, TYPE, ADDR, CRYPTO, NAME: the decimal IDX of a string defined
 *   on an earlier line of the same file; empty for none. A later definition
 *   of the same IDX replaces the earlier one from that line on. ADDR of a
 *   connection the peer opened (TYPE ends in "-server") is its host alone:
 *   the port is a new random one each time, and would make every such
 *   address a new string.
 * - FLAGS, VALUE: decimal; empty for 0. TEXT: the string itself.
 * - Strings escape backslash, tab, newline, carriage return (\\ \t \n \r)
 *   and other control characters (\xHH). An empty string is stored as
 *   absent.
 * - CHECK: 4 lowercase hex digits, tether_history_line_check() of the
 *   bytes before the tab that precedes it.
 * - Lines starting with '#' are comments; other unknown lines are damage.
 *
 * A line is independent of the lines after it, so a write cut short by a
 * crash damages only the last line, and damage in the middle of the file
 * costs the damaged lines alone (plus, for a definition, the records that
 * need it).
 */

#include "config.h"

#include <string.h>

#include "tether-history-event.h"

#define HEADER_MAGIC   "#tether-history"
#define COMPACTED_MAGIC "#compacted"
#define N_FIELDS       11
/* Indices are dense and small; a huge one is damage. */
#define MAX_INDEX      (1u << 24)

G_DEFINE_QUARK (tether-history-error-quark, tether_history_error)

static const struct {
  TetherHistoryEventKind kind;
  char                   letter;
  const char            *name;
  gboolean               has_device;
} kinds[] = {
  { TETHER_HISTORY_EVENT_INVALID,           '?', "invalid",           FALSE },
  { TETHER_HISTORY_EVENT_CONNECTED,         'C', "connected",         TRUE },
  { TETHER_HISTORY_EVENT_DISCONNECTED,      'D', "disconnected",      TRUE },
  { TETHER_HISTORY_EVENT_DISCOVERED,        'V', "discovered",        TRUE },
  { TETHER_HISTORY_EVENT_PAUSED,            'P', "paused",            TRUE },
  { TETHER_HISTORY_EVENT_RESUMED,           'R', "resumed",           TRUE },
  { TETHER_HISTORY_EVENT_PREWARM,           'W', "prewarm",           TRUE },
  { TETHER_HISTORY_EVENT_RECONNECTED,       'L', "reconnected",       TRUE },
  { TETHER_HISTORY_EVENT_NETWORK_CHANGED,   'N', "network-changed",   FALSE },
  { TETHER_HISTORY_EVENT_SLEEP,             'S', "sleep",             FALSE },
  { TETHER_HISTORY_EVENT_WAKE,              'U', "wake",              FALSE },
  { TETHER_HISTORY_EVENT_TETHER_STARTED,    'T', "tether-started",    FALSE },
  { TETHER_HISTORY_EVENT_TETHER_STOPPED,    'Q', "tether-stopped",    FALSE },
  { TETHER_HISTORY_EVENT_SYNCTHING_STARTED, 'X', "syncthing-started", FALSE },
  { TETHER_HISTORY_EVENT_ALIVE,             'A', "alive",             FALSE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == TETHER_HISTORY_N_EVENT_KINDS);

/* letter → kind, filled on first use */
static guint8 kind_by_letter[128];

static void
init_kind_table (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 1; i < G_N_ELEMENTS (kinds); i++)
        {
          g_assert (kinds[i].kind == i);
          kind_by_letter[(guchar) kinds[i].letter] = i;
        }
      g_once_init_leave (&done, 1);
    }
}

const char *
tether_history_event_kind_to_string (TetherHistoryEventKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kinds))
    return "invalid";
  return kinds[kind].name;
}

TetherHistoryEventKind
tether_history_event_kind_from_string (const char *name)
{
  g_return_val_if_fail (name != NULL, TETHER_HISTORY_EVENT_INVALID);

  for (guint i = 1; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].name, name) == 0)
      return kinds[i].kind;

  return TETHER_HISTORY_EVENT_INVALID;
}

gboolean
tether_history_event_kind_has_device (TetherHistoryEventKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kinds) && kinds[kind].has_device;
}

/* ------------------------------------------------------------ records */

static const char *
intern_or_null (const char *s)
{
  return s != NULL && s[0] != '\0' ? g_intern_string (s) : NULL;
}

void
tether_history_event_intern (TetherHistoryEvent *self)
{
  g_return_if_fail (self != NULL);

  self->device_id = intern_or_null (self->device_id);
  self->network_uuid = intern_or_null (self->network_uuid);
  self->name = intern_or_null (self->name);
  self->type = intern_or_null (self->type);
  self->crypto = intern_or_null (self->crypto);
  {
    char host[256];

    self->address = intern_or_null (tether_history_address_host (self->type, self->address,
                                                                 host, sizeof host));
  }
}

static gsize
size_or_zero (const char *s)
{
  return s != NULL && s[0] != '\0' ? strlen (s) + 1 : 0;
}

static const char *
place (char       **cursor,
       const char  *s)
{
  gsize n;
  char *at;

  if (s == NULL || s[0] == '\0')
    return NULL;

  n = strlen (s) + 1;
  at = *cursor;
  memcpy (at, s, n);
  *cursor += n;

  return at;
}

TetherHistoryEvent *
tether_history_event_copy (const TetherHistoryEvent *self)
{
  TetherHistoryEvent *copy;
  gsize extra;
  char *cursor;

  g_return_val_if_fail (self != NULL, NULL);

  extra = size_or_zero (self->text);
  copy = g_malloc (sizeof *copy + extra);
  *copy = *self;
  tether_history_event_intern (copy);

  cursor = (char *) (copy + 1);
  copy->text = place (&cursor, self->text);

  return copy;
}

void
tether_history_event_free (TetherHistoryEvent *self)
{
  g_free (self);
}

static gboolean
str_equal (const char *a,
           const char *b)
{
  /* Absent and empty are the same thing in the file. */
  if (a == NULL)
    a = "";
  if (b == NULL)
    b = "";
  return strcmp (a, b) == 0;
}

gboolean
tether_history_event_equal (const TetherHistoryEvent *a,
                            const TetherHistoryEvent *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->time_us == b->time_us &&
         a->kind == b->kind &&
         a->flags == b->flags &&
         a->value == b->value &&
         str_equal (a->device_id, b->device_id) &&
         str_equal (a->network_uuid, b->network_uuid) &&
         str_equal (a->name, b->name) &&
         str_equal (a->type, b->type) &&
         str_equal (a->crypto, b->crypto) &&
         str_equal (a->address, b->address) &&
         str_equal (a->text, b->text);
}

const char *
tether_history_address_host (const char *type,
                             const char *address,
                             char       *buf,
                             gsize       size)
{
  const char *end = NULL;

  if (address == NULL || type == NULL || !g_str_has_suffix (type, "-server") ||
      strstr (address, "://") != NULL)
    return address;

  if (address[0] == '[')
    {
      /* [v6]:port */
      const char *close = strchr (address, ']');

      if (close != NULL && close[1] == ':')
        end = close + 1;
    }
  else
    {
      const char *colon = strchr (address, ':');

      /* host:port, but not a bare IPv6 address */
      if (colon != NULL && strchr (colon + 1, ':') == NULL)
        end = colon;
    }

  if (end == NULL || end == address || (gsize) (end - address) >= size)
    return address;

  memcpy (buf, address, end - address);
  buf[end - address] = '\0';

  return buf;
}

/* ------------------------------------------------------------ the check */

guint16
tether_history_line_check (const char *data,
                           gsize       len)
{
  const guint64 k1 = G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  const guint64 k2 = G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  guint64 h1 = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ len;
  guint64 h2 = G_GUINT64_CONSTANT (0x6a09e667f3bcc909);
  guint64 w1, w2;
  char tail[8] = { 0 };
  guint64 h;

  /* The whole file is checked at every start: sixteen bytes a step, in
   * two independent lanes so that the multiplications overlap. */
  while (len >= 16)
    {
      memcpy (&w1, data, 8);
      memcpy (&w2, data + 8, 8);
      h1 = (h1 ^ GUINT64_FROM_LE (w1)) * k1;
      h2 = (h2 ^ GUINT64_FROM_LE (w2)) * k2;
      h1 ^= h1 >> 29;
      h2 ^= h2 >> 29;
      data += 16;
      len -= 16;
    }
  if (len >= 8)
    {
      memcpy (&w1, data, 8);
      h1 = (h1 ^ GUINT64_FROM_LE (w1)) * k1;
      h1 ^= h1 >> 29;
      data += 8;
      len -= 8;
    }
  memcpy (tail, data, len);
  memcpy (&w2, tail, 8);
  h2 = (h2 ^ GUINT64_FROM_LE (w2)) * k2;

  h = h1 ^ ((h2 << 31) | (h2 >> 33));
  h ^= h >> 33;
  h *= k2;
  h ^= h >> 33;

  return (guint16) (h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48));
}

static void
append_check (GString *out,
              gsize    line_start)
{
  static const char hex[] = "0123456789abcdef";
  guint16 check = tether_history_line_check (out->str + line_start, out->len - line_start);
  char buf[6] = { '\t', hex[check >> 12], hex[(check >> 8) & 15], hex[(check >> 4) & 15], hex[check & 15], '\n' };

  g_string_append_len (out, buf, sizeof buf);
}

/* ------------------------------------------------------------ encoding */

static void
append_escaped (GString    *out,
                const char *s)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = s;

  if (s == NULL)
    return;

  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '\\' && c != 0x7f)
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          {
            char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
            g_string_append_len (out, esc, 4);
          }
        }
    }
  g_string_append (out, run);
}

static void
append_int (GString *out,
            gint64   v)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = v < 0 ? -(guint64) v : (guint64) v;

  do
    {
      *--p = '0' + (u % 10);
      u /= 10;
    }
  while (u != 0);
  if (v < 0)
    *--p = '-';

  g_string_append_len (out, p, buf + sizeof buf - p);
}

void
tether_history_format_header (GString *out)
{
  g_string_append_printf (out, HEADER_MAGIC "\t%d\n", TETHER_HISTORY_FORMAT_VERSION);
}

void
tether_history_format_compacted (GString *out,
                                 gint64   until_us)
{
  g_string_append (out, COMPACTED_MAGIC "\t");
  append_int (out, until_us);
  g_string_append_c (out, '\n');
}

struct _TetherHistoryEncoder {
  GHashTable *index;      /* interned string → GUINT_TO_POINTER (idx + 1) */
  GPtrArray  *defined;    /* interned strings this encoder defined, in order */
  guint       next_index;
};

TetherHistoryEncoder *
tether_history_encoder_new (void)
{
  TetherHistoryEncoder *self = g_new0 (TetherHistoryEncoder, 1);

  self->index = g_hash_table_new (NULL, NULL);
  self->defined = g_ptr_array_new ();

  return self;
}

void
tether_history_encoder_free (TetherHistoryEncoder *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->defined);
  g_free (self);
}

/* Returns idx + 1, or 0 for an absent string; writes a definition first
 * when the file does not have one. */
static guint
encoder_ref (TetherHistoryEncoder *self,
             const char           *s,
             GString              *out)
{
  gpointer found;
  gsize start;

  if (s == NULL || s[0] == '\0')
    return 0;

  /* Most strings arrive interned already: try the pointer first. */
  found = g_hash_table_lookup (self->index, s);
  if (found == NULL)
    {
      s = g_intern_string (s);
      found = g_hash_table_lookup (self->index, s);
    }
  if (found != NULL)
    return GPOINTER_TO_UINT (found);

  start = out->len;
  g_string_append_c (out, '=');
  append_int (out, self->next_index);
  g_string_append_c (out, '\t');
  append_escaped (out, s);
  append_check (out, start);

  g_hash_table_insert (self->index, (gpointer) s, GUINT_TO_POINTER (self->next_index + 1));
  g_ptr_array_add (self->defined, (gpointer) s);
  self->next_index++;

  return self->next_index;
}

static void
append_ref (GString *out,
            guint    ref)
{
  g_string_append_c (out, '\t');
  if (ref != 0)
    append_int (out, ref - 1);
}

void
tether_history_encoder_encode (TetherHistoryEncoder     *self,
                               const TetherHistoryEvent *ev,
                               GString                  *out)
{
  char host[256];
  guint dev, net, type, address, crypto, name;
  gsize start;

  g_return_if_fail (self != NULL);
  g_return_if_fail (ev != NULL);
  g_return_if_fail (ev->kind > TETHER_HISTORY_EVENT_INVALID &&
                    ev->kind < TETHER_HISTORY_N_EVENT_KINDS);

  dev = encoder_ref (self, ev->device_id, out);
  net = encoder_ref (self, ev->network_uuid, out);
  type = encoder_ref (self, ev->type, out);
  address = encoder_ref (self, tether_history_address_host (ev->type, ev->address, host, sizeof host), out);
  crypto = encoder_ref (self, ev->crypto, out);
  name = encoder_ref (self, ev->name, out);

  start = out->len;
  append_int (out, ev->time_us);
  g_string_append_c (out, '\t');
  g_string_append_c (out, kinds[ev->kind].letter);
  append_ref (out, dev);
  append_ref (out, net);
  g_string_append_c (out, '\t');
  if (ev->flags != 0)
    append_int (out, ev->flags);
  g_string_append_c (out, '\t');
  if (ev->value != 0)
    append_int (out, ev->value);
  append_ref (out, type);
  append_ref (out, address);
  append_ref (out, crypto);
  append_ref (out, name);
  g_string_append_c (out, '\t');
  append_escaped (out, ev->text);
  append_check (out, start);
}

TetherHistoryEncoderMark
tether_history_encoder_mark (TetherHistoryEncoder *self)
{
  TetherHistoryEncoderMark mark = { self->defined->len, self->next_index };

  return mark;
}

void
tether_history_encoder_rollback (TetherHistoryEncoder     *self,
                                 TetherHistoryEncoderMark  mark)
{
  g_return_if_fail (mark.n_defined <= self->defined->len);

  for (guint i = mark.n_defined; i < self->defined->len; i++)
    g_hash_table_remove (self->index, g_ptr_array_index (self->defined, i));
  g_ptr_array_set_size (self->defined, mark.n_defined);
  self->next_index = mark.next_index;
}

/* ------------------------------------------------------------ decoding */

struct _TetherHistoryDecoder {
  GPtrArray *table;   /* idx → interned string, NULL where undefined */
  gint64     compacted_until_us;
};

TetherHistoryDecoder *
tether_history_decoder_new (void)
{
  TetherHistoryDecoder *self = g_new0 (TetherHistoryDecoder, 1);

  self->table = g_ptr_array_new ();
  init_kind_table ();

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
      (guchar) f[1][0] >= 128 ||
      (kind = kind_by_letter[(guchar) f[1][0]]) == 0 ||
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
  if (kinds[kind].has_device && ev->device_id == NULL)
    return bad (error, "A device event without a device");

  return TETHER_HISTORY_LINE_EVENT;
}
