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

#include "tether-history-format-private.h"


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

TetherHistoryEventKind
_tether_history_kind_from_letter (char letter)
{
  init_kind_table ();
  return (guchar) letter < 128 ? kind_by_letter[(guchar) letter] : TETHER_HISTORY_EVENT_INVALID;
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
