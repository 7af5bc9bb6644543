/* tether-journal.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The in-memory list is only ever changed after the file that holds the
 * change is on disk, so memory never claims more than the disk has, and a
 * failed write leaves both as they were.
 *
 * A damaged file is never deleted or overwritten before its exact bytes
 * are kept aside: they may be the only record of a pause Tether left
 * behind, for a person to read.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "tether-journal.h"
#include "tether-json-scan.h"

#define FORMAT_VERSION 1

/* A journal holds a few overrides per device, a few hundred bytes each;
 * a file this large was not written by Tether. */
#define MAX_FILE_SIZE (1024 * 1024)

/* Tether writes 4 levels (root, overrides, record, replaced). json-glib 1.6
 * parses recursively, so a deep nest in a damaged file could overflow the
 * stack on every start. */
#define MAX_DEPTH 16

/* What a record with an unreadable reason is shown with. */
#define UNKNOWN_REASON "unknown"

struct _TetherJournal
{
  GObject    parent_instance;

  char      *path;         /* owned */
  GPtrArray *overrides;    /* owned, of TetherOverride*, by increasing id */
  guint64    next_id;      /* the id of the next add; ids are never reused */
  gboolean   loaded;       /* load has run at least once */
  GError    *read_error;   /* owned, nullable: the file exists but could not be
                            * read; writes are refused until a load succeeds */
  GBytes    *unpreserved;  /* owned, nullable: a damaged file's bytes, still at
                            * path, to keep aside before path is rewritten */
};

G_DEFINE_FINAL_TYPE (TetherJournal, tether_journal, G_TYPE_OBJECT)

G_DEFINE_QUARK (tether-journal-error-quark, tether_journal_error)

/* Reading the file. Every field is checked for presence and type. A record
 * is dropped only when it cannot be undone (no id, device, kind, or what
 * the kind needs); a field kept only for people that is wrong is replaced
 * by a default. Either way the file counts as damaged. Unknown members are
 * ignored, so that a later Tether can add some within format version 1. */

typedef struct {
  guint  n_lost;      /* records dropped */
  guint  n_problems;  /* everything wrong, dropped records included */
  char  *first;       /* owned, nullable: the first problem, for the message */
} Damage;

static void
damage_clear (Damage *damage)
{
  g_clear_pointer (&damage->first, g_free);
}

/* @record is the 1-based index of the record, or 0 for the document. */
static void
damage_add (Damage     *damage,
            guint       record,
            const char *problem)
{
  damage->n_problems++;
  if (damage->first != NULL)
    return;
  if (record > 0)
    damage->first = g_strdup_printf ("override %u: %s", record, problem);
  else
    damage->first = g_strdup (problem);
}

static gboolean
field_problem (GError    **error,
               const char *name,
               const char *what)
{
  g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT, "“%s” %s", name, what);
  return FALSE;
}

static gboolean
get_string (JsonObject  *obj,
            const char  *name,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL)
    return field_problem (error, name, "is missing");
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return field_problem (error, name, "is not a string");
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_nonempty_string (JsonObject  *obj,
                     const char  *name,
                     const char **out,
                     GError     **error)
{
  if (!get_string (obj, name, out, error))
    return FALSE;
  if (**out == '\0')
    return field_problem (error, name, "is empty");
  return TRUE;
}

/* JSON integers only, within [min, max]. */
static gboolean
get_int (JsonObject *obj,
         const char *name,
         gint64      min,
         gint64      max,
         gint64     *out,
         GError    **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  gint64 value;

  if (node == NULL)
    return field_problem (error, name, "is missing");
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return field_problem (error, name, "is not an integer");
  value = json_node_get_int (node);
  if (value < min || value > max)
    return field_problem (error, name, "is out of range");
  *out = value;
  return TRUE;
}

/* Optional: absent or null reads as NULL. */
static gboolean
get_strv (JsonObject  *obj,
          const char  *name,
          char      ***out,
          GError     **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node = json_object_get_member (obj, name);
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_problem (error, name, "is not an array");

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        return field_problem (error, name, "holds something other than a string");
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static TetherOverride *
parse_override (JsonNode *node,
                guint     record,
                Damage   *damage,
                GError  **error)
{
  g_autoptr(TetherOverride) o = NULL;
  g_autoptr(GError) soft_error = NULL;
  JsonObject *obj;
  const char *device_id;
  const char *kind_name;
  const char *text;
  gint64 id;
  gint64 value;
  gint64 previous;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                           "it is not an object");
      return NULL;
    }
  obj = json_node_get_object (node);

  /* What undoing needs. */
  if (!get_int (obj, "id", 1, G_MAXINT64, &id, error) ||
      !get_nonempty_string (obj, "device_id", &device_id, error) ||
      !get_string (obj, "kind", &kind_name, error))
    return NULL;

  switch (tether_override_kind_from_string (kind_name))
    {
    case TETHER_OVERRIDE_PAUSE:
      o = tether_override_new_pause (device_id, UNKNOWN_REASON);
      break;
    case TETHER_OVERRIDE_ADDRESS:
      if (!get_nonempty_string (obj, "address", &text, error))
        return NULL;
      o = tether_override_new_address (device_id, UNKNOWN_REASON, text, NULL);
      break;
    case TETHER_OVERRIDE_NUM_CONNECTIONS:
      if (!get_int (obj, "value", 0, G_MAXUINT, &value, error) ||
          !get_int (obj, "previous", 0, G_MAXUINT, &previous, error))
        return NULL;
      o = tether_override_new_num_connections (device_id, UNKNOWN_REASON,
                                               (guint) value, (guint) previous);
      break;
    default:
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                   _("kind “%s” is unknown"), kind_name);
      return NULL;
    }
  o->id = (guint64) id;

  /* For people only: a wrong one is reported, the record kept. */
  if (get_string (obj, "reason", &text, &soft_error))
    {
      g_free (o->reason);
      o->reason = g_strdup (text);
    }
  else
    {
      damage_add (damage, record, soft_error->message);
      g_clear_error (&soft_error);
    }

  if (get_int (obj, "created_us", G_MININT64, G_MAXINT64, &value, &soft_error))
    {
      o->created_us = value;
    }
  else
    {
      damage_add (damage, record, soft_error->message);
      g_clear_error (&soft_error);
    }

  if (o->kind == TETHER_OVERRIDE_ADDRESS &&
      !get_strv (obj, "replaced", &o->replaced, &soft_error))
    damage_add (damage, record, soft_error->message);

  return g_steal_pointer (&o);
}

static gboolean
whole_file_error (GError    **error,
                  const char *message)
{
  g_set_error_literal (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT, message);
  return FALSE;
}

/* Refuses a nest deeper than MAX_DEPTH, data after the document and
 * comments or single quotes (tether-json-scan.h). Tether writes none of
 * these. */
static gboolean
check_structure (const char  *data,
                 gsize        len,
                 GError     **error)
{
  switch (tether_json_scan (data, len, MAX_DEPTH))
    {
    case TETHER_JSON_SCAN_TOO_DEEP:
      return whole_file_error (error, "it is nested too deep");
    case TETHER_JSON_SCAN_TRAILING_DATA:
      return whole_file_error (error, "it has data after its end");
    case TETHER_JSON_SCAN_NOT_STRICT:
      return whole_file_error (error, "it has a comment or a single quote");
    case TETHER_JSON_SCAN_OK:
    default:
      return TRUE;
    }
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const TetherOverride *oa = *(const TetherOverride * const *) a;
  const TetherOverride *ob = *(const TetherOverride * const *) b;

  return (oa->id > ob->id) - (oa->id < ob->id);
}

/* Fills @overrides and @next_id from the file's bytes. FALSE (with @error)
 * when nothing in it can be trusted; TRUE otherwise, with what was wrong in
 * @damage. */
static gboolean
parse_document (const char  *data,
                gsize        len,
                GPtrArray   *overrides,
                guint64     *next_id,
                Damage      *damage,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonNode *node;
  JsonObject *obj;
  JsonArray *records;
  gint64 value;
  guint64 max_id = 0;

  if (len == 0)
    return whole_file_error (error, "it is empty");
  if (len > MAX_FILE_SIZE)
    return whole_file_error (error, "it is larger than any journal Tether writes");
  if (!check_structure (data, len, error))
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                   _("it is not valid JSON: %s"), local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return whole_file_error (error, "it is not a JSON object");
  obj = json_node_get_object (root);

  if (!get_int (obj, "version", G_MININT64, G_MAXINT64, &value, &local_error))
    {
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                   _("its format version is unknown: %s"), local_error->message);
      return FALSE;
    }
  if (value != FORMAT_VERSION)
    {
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                   _("it is in format version %lld, which this version "
                     "of Tether cannot read"), (long long) value);
      return FALSE;
    }

  node = json_object_get_member (obj, "overrides");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return whole_file_error (error, "“overrides” is missing or not an array");
  records = json_node_get_array (node);

  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      TetherOverride *o = parse_override (json_array_get_element (records, i), i + 1,
                                          damage, &local_error);

      if (o != NULL && g_hash_table_contains (ids, &o->id))
        {
          g_set_error (&local_error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                       _("id %llu appears twice"), (unsigned long long) o->id);
          g_clear_pointer (&o, tether_override_free);
        }
      if (o == NULL)
        {
          damage->n_lost++;
          damage_add (damage, i + 1, local_error->message);
          g_clear_error (&local_error);
          continue;
        }
      g_hash_table_add (ids, g_memdup2 (&o->id, sizeof o->id));
      max_id = MAX (max_id, o->id);
      g_ptr_array_add (overrides, o);
    }
  g_ptr_array_sort (overrides, compare_ids);

  /* Ids must stay unique even when the counter is damaged: never below
   * what the file's records already use. */
  if (!get_int (obj, "next_id", 1, G_MAXINT64, &value, &local_error))
    {
      damage_add (damage, 0, local_error->message);
      value = 1;
    }
  else if ((guint64) value <= max_id)
    {
      damage_add (damage, 0, "“next_id” is not above every id");
    }
  *next_id = MAX ((guint64) value, max_id + 1);

  return TRUE;
}

/* Writing the file */

static void
add_override_json (JsonBuilder          *builder,
                   const TetherOverride *o)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, (gint64) o->id);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, o->device_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, tether_override_kind_to_string (o->kind));
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, o->reason);
  json_builder_set_member_name (builder, "created_us");
  json_builder_add_int_value (builder, o->created_us);

  if (o->kind == TETHER_OVERRIDE_ADDRESS)
    {
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, o->address);
      if (o->replaced != NULL)
        {
          json_builder_set_member_name (builder, "replaced");
          json_builder_begin_array (builder);
          for (char **a = o->replaced; *a != NULL; a++)
            json_builder_add_string_value (builder, *a);
          json_builder_end_array (builder);
        }
    }
  else if (o->kind == TETHER_OVERRIDE_NUM_CONNECTIONS)
    {
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, o->value);
      json_builder_set_member_name (builder, "previous");
      json_builder_add_int_value (builder, o->previous);
    }
  json_builder_end_object (builder);
}

/* The journal as it would be with @extra added (nullable) and the override
 * @skip_id left out (0: none). */
static char *
serialize (TetherJournal        *self,
           const TetherOverride *extra,
           guint64               skip_id,
           guint64               next_id,
           gsize                *len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_assert (next_id <= G_MAXINT64);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "next_id");
  json_builder_add_int_value (builder, (gint64) next_id);
  json_builder_set_member_name (builder, "overrides");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->overrides->len; i++)
    {
      const TetherOverride *o = g_ptr_array_index (self->overrides, i);

      if (o->id != skip_id)
        add_override_json (builder, o);
    }
  if (extra != NULL)
    add_override_json (builder, extra);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, len);
}

/* Temporary file, fsync, rename over, fsync of the directory: GLib does
 * all four for CONSISTENT | DURABLE (checked with strace on 2.74). After a
 * crash the file is either the old one or the new one, whole. */
static gboolean
write_durably (const char  *path,
               const char  *data,
               gsize        len,
               GError     **error)
{
  return g_file_set_contents_full (path, data, (gssize) len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* Copies the damaged file's bytes to a name not used before:
 * PATH.corrupt-YYYYMMDDTHHMMSSZ, then -2, -3… within the same second. */
static gboolean
preserve_damaged (TetherJournal  *self,
                  char          **aside_path,
                  GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *base = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  g_autofree char *aside = g_strdup (base);
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (self->unpreserved, &len);

  /* IS_SYMLINK too: EXISTS follows links, and a dangling one is a name. */
  for (guint n = 2;
       g_file_test (aside, G_FILE_TEST_EXISTS) || g_file_test (aside, G_FILE_TEST_IS_SYMLINK);
       n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s-%u", base, n);
    }

  if (!write_durably (aside, data, len, &local_error))
    {
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE,
                   _("Could not keep a copy of the damaged journal: %s"), local_error->message);
      return FALSE;
    }

  g_clear_pointer (&self->unpreserved, g_bytes_unref);
  if (aside_path != NULL)
    *aside_path = g_steal_pointer (&aside);
  return TRUE;
}

static gboolean
write_journal (TetherJournal        *self,
               const TetherOverride *extra,
               guint64               skip_id,
               guint64               next_id,
               GError              **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  if (self->read_error != NULL)
    {
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE,
                   _("%s. Tether does not overwrite a journal it could not read"), self->read_error->message);
      return FALSE;
    }

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE,
                   _("Could not create the folder %s for Tether's journal: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (self->unpreserved != NULL && !preserve_damaged (self, NULL, error))
    return FALSE;

  data = serialize (self, extra, skip_id, next_id, &len);
  if (!write_durably (self->path, data, len, &local_error))
    {
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE,
                   _("Could not write Tether's journal: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The journal */

static void
tether_journal_finalize (GObject *object)
{
  TetherJournal *self = (TetherJournal *) object;

  g_free (self->path);
  g_ptr_array_unref (self->overrides);
  g_clear_error (&self->read_error);
  g_clear_pointer (&self->unpreserved, g_bytes_unref);

  G_OBJECT_CLASS (tether_journal_parent_class)->finalize (object);
}

static void
tether_journal_class_init (TetherJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tether_journal_finalize;
}

static void
tether_journal_init (TetherJournal *self)
{
  self->overrides = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_override_free);
  self->next_id = 1;
}

TetherJournal *
tether_journal_new (const char *path)
{
  TetherJournal *self;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  self = g_object_new (TETHER_TYPE_JOURNAL, NULL);
  self->path = g_strdup (path);
  return self;
}

const char *
tether_journal_get_path (TetherJournal *self)
{
  g_return_val_if_fail (TETHER_IS_JOURNAL (self), NULL);

  return self->path;
}

/* Keeps the damaged file's bytes aside, rewrites the file with what could
 * be read, and says all of it in @error. */
static gboolean
report_damage (TetherJournal *self,
               const char    *what,
               gboolean       nothing_read,
               const Damage  *damage,
               GError       **error)
{
  g_autofree char *aside = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!preserve_damaged (self, &aside, &local_error))
    {
      /* The file stays in place and is kept aside before the next write
       * replaces it. */
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                   _("Tether's journal %s is damaged (%s). %s; it was left as it is, and "
                     "will be copied before Tether writes to it. Devices Tether paused, or "
                     "addresses it added (with “tether=” in them), may have to be undone "
                     "by hand in Syncthing"),
                   self->path, what, local_error->message);
      return FALSE;
    }

  /* Only now may the damaged file be replaced. If this fails, the file
   * stays damaged and the next load keeps another copy: nothing is lost. */
  if (!write_journal (self, NULL, 0, self->next_id, &local_error))
    g_debug ("Could not rewrite the damaged journal: %s", local_error->message);

  if (nothing_read)
    g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                 _("Tether's journal %s could not be read (%s). It was moved to %s and "
                   "Tether starts with an empty journal. Devices Tether paused, or addresses "
                   "it added (with “tether=” in them), before this may have to be undone "
                   "by hand in Syncthing"),
                 self->path, what, aside);
  else if (damage->n_lost > 0)
    g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Tether's journal %s was damaged: %u of its overrides could not "
                              "be read (%s). The original was kept as %s. Devices Tether paused, "
                              "or addresses it added (with “tether=” in them), may have to be "
                              "undone by hand in Syncthing",
                              "Tether's journal %s was damaged: %u of its overrides could not "
                              "be read (%s). The original was kept as %s. Devices Tether paused, "
                              "or addresses it added (with “tether=” in them), may have to be "
                              "undone by hand in Syncthing",
                              damage->n_lost),
                 self->path, damage->n_lost, what, aside);
  else
    g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT,
                 _("Tether's journal %s was damaged (%s), but every override in it could "
                   "be read. The original was kept as %s"),
                 self->path, what, aside);
  return FALSE;
}

gboolean
tether_journal_load (TetherJournal  *self,
                     GError        **error)
{
  g_autoptr(GPtrArray) overrides = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  Damage damage = { 0 };
  guint64 next_id = 1;
  gsize len = 0;
  gboolean ret;

  g_return_val_if_fail (TETHER_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->loaded = TRUE;
  self->next_id = 1;
  g_ptr_array_set_size (self->overrides, 0);
  g_clear_error (&self->read_error);
  g_clear_pointer (&self->unpreserved, g_bytes_unref);

  if (!g_file_get_contents (self->path, &data, &len, &local_error))
    {
      /* No file, or a folder in its path that is not one: no journal. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
          g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        return TRUE;

      self->read_error = g_error_new (TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_READ,
                                      _("Could not read Tether's journal: %s"),
                                      local_error->message);
      g_propagate_error (error, g_error_copy (self->read_error));
      return FALSE;
    }

  overrides = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_override_free);
  if (!parse_document (data, len, overrides, &next_id, &damage, &local_error))
    {
      /* Nothing in it can be trusted: start empty. */
      g_ptr_array_set_size (overrides, 0);
      next_id = 1;
    }

  g_ptr_array_extend_and_steal (self->overrides, g_steal_pointer (&overrides));
  self->next_id = next_id;

  if (local_error == NULL && damage.n_problems == 0)
    return TRUE;

  self->unpreserved = g_bytes_new_take (g_steal_pointer (&data), len);
  ret = report_damage (self,
                       local_error != NULL ? local_error->message : damage.first,
                       local_error != NULL, &damage, error);
  damage_clear (&damage);
  return ret;
}

guint64
tether_journal_add (TetherJournal         *self,
                    const TetherOverride  *o,
                    GError               **error)
{
  g_autoptr(TetherOverride) copy = NULL;
  guint64 id;

  g_return_val_if_fail (TETHER_IS_JOURNAL (self), 0);
  g_return_val_if_fail (self->loaded, 0);
  g_return_val_if_fail (o != NULL, 0);
  g_return_val_if_fail (o->device_id != NULL && *o->device_id != '\0', 0);
  g_return_val_if_fail (o->reason != NULL, 0);
  g_return_val_if_fail (o->kind >= TETHER_OVERRIDE_PAUSE &&
                        o->kind <= TETHER_OVERRIDE_NUM_CONNECTIONS, 0);
  g_return_val_if_fail (o->kind != TETHER_OVERRIDE_ADDRESS ||
                        (o->address != NULL && *o->address != '\0'), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  copy = tether_override_copy (o);
  copy->id = id = self->next_id;
  if (copy->created_us == 0)
    copy->created_us = g_get_real_time ();

  if (!write_journal (self, copy, 0, id + 1, error))
    return 0;

  g_ptr_array_add (self->overrides, g_steal_pointer (&copy));
  self->next_id = id + 1;
  return id;
}

gboolean
tether_journal_remove (TetherJournal  *self,
                       guint64         id,
                       GError        **error)
{
  guint index;

  g_return_val_if_fail (TETHER_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (self->loaded, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (index = 0; index < self->overrides->len; index++)
    if (((TetherOverride *) g_ptr_array_index (self->overrides, index))->id == id)
      break;
  if (index == self->overrides->len)
    {
      g_set_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_NOT_FOUND,
                   "Tether's journal has no override %" G_GUINT64_FORMAT, id);
      return FALSE;
    }

  if (!write_journal (self, NULL, id, self->next_id, error))
    return FALSE;

  g_ptr_array_remove_index (self->overrides, index);
  return TRUE;
}

static gpointer
copy_override_cb (gconstpointer src,
                  gpointer      user_data)
{
  return tether_override_copy (src);
}

GPtrArray *
tether_journal_list (TetherJournal *self)
{
  g_return_val_if_fail (TETHER_IS_JOURNAL (self), NULL);

  /* The copy keeps the array's free func. */
  return g_ptr_array_copy (self->overrides, copy_override_cb, NULL);
}

TetherOverride *
tether_journal_find (TetherJournal      *self,
                     const char         *device_id,
                     TetherOverrideKind  kind)
{
  g_return_val_if_fail (TETHER_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  for (guint i = self->overrides->len; i > 0; i--)
    {
      const TetherOverride *o = g_ptr_array_index (self->overrides, i - 1);

      if (o->kind == kind && strcmp (o->device_id, device_id) == 0)
        return tether_override_copy (o);
    }
  return NULL;
}

gboolean
tether_journal_is_empty (TetherJournal *self)
{
  g_return_val_if_fail (TETHER_IS_JOURNAL (self), TRUE);

  return self->overrides->len == 0;
}
