/* test-journal.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal of overrides: durability, damaged files, failing writes, and
 * recovery after a crash. Every test works in its own temporary directory; the journal's path is
 * two folders below it, so that the first write has to create them.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "tether-journal.h"

#define DEV_A "AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA"
#define DEV_B "BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB"
#define DEV_C "CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC"
#define OURS  "tcp://192.0.2.1:22000?tether=7"

typedef struct {
  char *dir;   /* owned: a fresh temporary directory */
  char *path;  /* owned: DIR/state/tether/journal, not created */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tether-journal-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "state", "tether", "journal", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Helpers */

static void
write_file (const char *path,
            const char *data,
            gssize      len)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* The PATH.corrupt-* files beside @path, sorted. */
static GPtrArray *
list_aside (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (basename, ".corrupt-", NULL);
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (found, g_build_filename (dirname, name, NULL));
  g_ptr_array_sort (found, (GCompareFunc) g_strcmp0);
  return found;
}

static TetherJournal *
load_ok (const char *path)
{
  g_autoptr(TetherJournal) journal = tether_journal_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (tether_journal_load (journal, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&journal);
}

static guint64
add_ok (TetherJournal  *journal,
        TetherOverride *o)
{
  g_autoptr(TetherOverride) owned = o;
  g_autoptr(GError) error = NULL;
  guint64 id = tether_journal_add (journal, owned, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (id, >, 0);
  return id;
}

static guint
journal_length (TetherJournal *journal)
{
  g_autoptr(GPtrArray) list = tether_journal_list (journal);

  return list->len;
}

static void
assert_override_equal (const TetherOverride *a,
                       const TetherOverride *b)
{
  g_assert_cmpuint (a->id, ==, b->id);
  g_assert_cmpstr (a->device_id, ==, b->device_id);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->reason, ==, b->reason);
  g_assert_cmpint (a->created_us, ==, b->created_us);
  g_assert_cmpstr (a->address, ==, b->address);
  if (a->replaced == NULL || b->replaced == NULL)
    g_assert_true (a->replaced == b->replaced);
  else
    g_assert_cmpstrv (a->replaced, b->replaced);
  g_assert_cmpuint (a->value, ==, b->value);
  g_assert_cmpuint (a->previous, ==, b->previous);
}

static void
assert_same_list (TetherJournal *a,
                  TetherJournal *b)
{
  g_autoptr(GPtrArray) list_a = tether_journal_list (a);
  g_autoptr(GPtrArray) list_b = tether_journal_list (b);

  g_assert_cmpuint (list_a->len, ==, list_b->len);
  for (guint i = 0; i < list_a->len; i++)
    assert_override_equal (g_ptr_array_index (list_a, i), g_ptr_array_index (list_b, i));
}

/* Writes fail beyond @max bytes per file (EFBIG), as on a full disk; this
 * works for root too, where permissions do not stop a write. */
typedef struct {
  struct rlimit saved;
  void        (*saved_handler) (int);
} FileSizeLimit;

static gboolean
limit_file_size (FileSizeLimit *limit,
                 rlim_t         max)
{
  struct rlimit low;

  if (getrlimit (RLIMIT_FSIZE, &limit->saved) != 0)
    return FALSE;
  low.rlim_cur = MIN (max, limit->saved.rlim_max);
  low.rlim_max = limit->saved.rlim_max;
  /* Without this the kernel kills the process instead of failing the write. */
  limit->saved_handler = signal (SIGXFSZ, SIG_IGN);
  if (setrlimit (RLIMIT_FSIZE, &low) != 0)
    {
      signal (SIGXFSZ, limit->saved_handler);
      return FALSE;
    }
  return TRUE;
}

static void
unlimit_file_size (FileSizeLimit *limit)
{
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit->saved), ==, 0);
  signal (SIGXFSZ, limit->saved_handler);
}

/* Records */

static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  TetherJournal *journal = tether_journal_new (fixture->path);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (TETHER_IS_JOURNAL (journal));
  g_assert_cmpstr (tether_journal_get_path (journal), ==, fixture->path);

  /* No file yet: an empty journal, and loading it writes nothing. */
  g_assert_true (tether_journal_load (journal, &error));
  g_assert_no_error (error);
  g_assert_true (tether_journal_is_empty (journal));
  list = tether_journal_list (journal);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_null (tether_journal_find (journal, DEV_A, TETHER_OVERRIDE_PAUSE));
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (journal);
}

/* Add, list, find, remove */

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *replaced[] = { "dynamic", NULL };
  g_autoptr(TetherJournal) journal = load_ok (fixture->path);
  g_autoptr(TetherJournal) again = NULL;
  g_autoptr(TetherOverride) found = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  TetherOverride *o;
  const TetherOverride *item;
  guint64 ids[4];
  gint64 before = g_get_real_time ();
  GStatBuf st;

  ids[0] = add_ok (journal, tether_override_new_pause (DEV_A, "sleep"));
  ids[1] = add_ok (journal, tether_override_new_address (DEV_B, "prewarm", OURS, replaced));
  o = tether_override_new_num_connections (DEV_C, "metered", 1, 3);
  o->created_us = 1234;  /* kept as given */
  o->id = 99;            /* ignored: the journal numbers */
  ids[2] = add_ok (journal, o);
  ids[3] = add_ok (journal, tether_override_new_address (DEV_B, "retry", OURS "1", NULL));

  for (guint i = 1; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpuint (ids[i], >, ids[i - 1]);
  g_assert_false (tether_journal_is_empty (journal));

  list = tether_journal_list (journal);
  g_assert_cmpuint (list->len, ==, 4);
  item = g_ptr_array_index (list, 0);
  g_assert_cmpuint (item->id, ==, ids[0]);
  g_assert_cmpint (item->kind, ==, TETHER_OVERRIDE_PAUSE);
  g_assert_cmpstr (item->device_id, ==, DEV_A);
  g_assert_cmpstr (item->reason, ==, "sleep");
  g_assert_cmpint (item->created_us, >=, before);
  g_assert_cmpint (item->created_us, <=, g_get_real_time ());
  item = g_ptr_array_index (list, 1);
  g_assert_cmpstr (item->address, ==, OURS);
  g_assert_cmpstrv (item->replaced, replaced);
  item = g_ptr_array_index (list, 2);
  g_assert_cmpuint (item->id, ==, ids[2]);
  g_assert_cmpint (item->created_us, ==, 1234);
  g_assert_cmpuint (item->value, ==, 1);
  g_assert_cmpuint (item->previous, ==, 3);
  item = g_ptr_array_index (list, 3);
  g_assert_null (item->replaced);

  /* The list is a copy: changing it changes nothing in the journal. */
  g_ptr_array_set_size (list, 0);
  g_assert_cmpuint (journal_length (journal), ==, 4);

  /* find: the newest of a kind for a device. */
  found = tether_journal_find (journal, DEV_B, TETHER_OVERRIDE_ADDRESS);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->id, ==, ids[3]);
  g_clear_pointer (&found, tether_override_free);
  g_assert_null (tether_journal_find (journal, DEV_B, TETHER_OVERRIDE_PAUSE));
  g_assert_null (tether_journal_find (journal, DEV_C, TETHER_OVERRIDE_ADDRESS));

  /* Another journal on the same file sees the same, field by field. */
  again = load_ok (fixture->path);
  assert_same_list (journal, again);
  g_clear_object (&again);

  g_assert_true (tether_journal_remove (journal, ids[3], &error));
  g_assert_no_error (error);
  found = tether_journal_find (journal, DEV_B, TETHER_OVERRIDE_ADDRESS);
  g_assert_cmpuint (found->id, ==, ids[1]);
  g_assert_true (tether_journal_remove (journal, ids[0], &error));
  g_assert_no_error (error);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = tether_journal_list (journal);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (((TetherOverride *) g_ptr_array_index (list, 0))->id, ==, ids[1]);
  g_assert_cmpuint (((TetherOverride *) g_ptr_array_index (list, 1))->id, ==, ids[2]);

  again = load_ok (fixture->path);
  assert_same_list (journal, again);

  /* It names devices: for the user's eyes only. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  dir = g_path_get_dirname (fixture->path);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_ids_increase_across_reload (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = load_ok (fixture->path);
  g_autoptr(GError) error = NULL;
  guint64 first, second, third;

  first = add_ok (journal, tether_override_new_pause (DEV_A, "sleep"));
  second = add_ok (journal, tether_override_new_pause (DEV_B, "sleep"));
  g_assert_true (tether_journal_remove (journal, second, &error));
  g_assert_no_error (error);
  g_assert_true (tether_journal_remove (journal, first, &error));
  g_assert_no_error (error);
  g_assert_true (tether_journal_is_empty (journal));
  g_clear_object (&journal);

  /* Empty, but the counter is kept: an id is never given twice, so an
   * address spelled with it is one Syncthing has never dialed. */
  journal = load_ok (fixture->path);
  g_assert_true (tether_journal_is_empty (journal));
  third = add_ok (journal, tether_override_new_pause (DEV_A, "sleep"));
  g_assert_cmpuint (third, >, second);

  /* Loading again from the same file continues from there too. */
  g_assert_true (tether_journal_load (journal, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (add_ok (journal, tether_override_new_pause (DEV_B, "sleep")), >, third);
}

static void
test_remove_unknown (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = load_ok (fixture->path);
  g_autoptr(GError) error = NULL;
  guint64 id = add_ok (journal, tether_override_new_pause (DEV_A, "cut"));

  g_assert_false (tether_journal_remove (journal, id + 1, &error));
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (journal_length (journal), ==, 1);

  g_assert_true (tether_journal_remove (journal, id, &error));
  g_assert_no_error (error);
  g_assert_false (tether_journal_remove (journal, id, &error));
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_NOT_FOUND);
}

/* Durability */

/* The child adds an override and is killed with SIGKILL the moment add
 * returns, before it could do anything else; the parent, a new process,
 * must find the override. (A power cut is not something a test can make;
 * fsync of the file and of its folder are what covers it.) */
static void
test_durable_kill (void)
{
  const char *path = g_getenv ("TETHER_TEST_JOURNAL_PATH");
  g_autoptr(TetherJournal) journal = NULL;
  g_autoptr(TetherOverride) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *journal_dir = NULL;
  g_autofree char *journal_path = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (g_test_subprocess ())
    {
      g_autoptr(TetherOverride) o = tether_override_new_address (DEV_A, "prewarm", OURS, NULL);

      g_assert_nonnull (path);
      journal = tether_journal_new (path);
      g_assert_true (tether_journal_load (journal, &error));
      g_assert_cmpuint (tether_journal_add (journal, o, &error), ==, 1);
      raise (SIGKILL);
      g_assert_not_reached ();
    }

  dir = g_dir_make_tmp ("tether-journal-XXXXXX", &error);
  g_assert_no_error (error);
  journal_dir = g_build_filename (dir, "state", "tether", NULL);
  journal_path = g_build_filename (journal_dir, "journal", NULL);

  g_setenv ("TETHER_TEST_JOURNAL_PATH", journal_path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  /* Killed, not failed on an assertion of its own. */
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*ERROR*");
  journal = load_ok (journal_path);
  g_unsetenv ("TETHER_TEST_JOURNAL_PATH");

  found = tether_journal_find (journal, DEV_A, TETHER_OVERRIDE_ADDRESS);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->id, ==, 1);
  g_assert_cmpstr (found->address, ==, OURS);
  g_assert_cmpstr (found->reason, ==, "prewarm");

  /* No temporary file was left beside it. */
  listing = g_dir_open (journal_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_cmpstr (name, ==, "journal");

  g_clear_object (&journal);
  remove_tree (dir);
}

/* Damaged files */

static const char good_journal[] =
  "{\n"
  "  \"version\" : 1,\n"
  "  \"next_id\" : 3,\n"
  "  \"overrides\" : [\n"
  "    { \"id\" : 1, \"device_id\" : \"" DEV_A "\", \"kind\" : \"pause\",\n"
  "      \"reason\" : \"sleep\", \"created_us\" : 1773480000000000 },\n"
  "    { \"id\" : 2, \"device_id\" : \"" DEV_B "\", \"kind\" : \"address\",\n"
  "      \"reason\" : \"pre\\\"warm\\\\\", \"created_us\" : 1773480000000001,\n"
  "      \"address\" : \"" OURS "\", \"replaced\" : [ \"dynamic\" ] }\n"
  "  ]\n"
  "}\n";

static void
test_good_file (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  const TetherOverride *o;

  /* The reference document the damaged ones below are made from. */
  write_file (fixture->path, good_journal, -1);
  journal = load_ok (fixture->path);
  list = tether_journal_list (journal);
  g_assert_cmpuint (list->len, ==, 2);
  o = g_ptr_array_index (list, 1);
  g_assert_cmpuint (o->id, ==, 2);
  g_assert_cmpstr (o->device_id, ==, DEV_B);
  g_assert_cmpint (o->kind, ==, TETHER_OVERRIDE_ADDRESS);
  g_assert_cmpstr (o->address, ==, OURS);
  g_assert_cmpstr (o->reason, ==, "pre\"warm\\");
  g_assert_cmpint (o->created_us, ==, 1773480000000001);
  g_assert_cmpuint (add_ok (journal, tether_override_new_pause (DEV_C, "park")), ==, 3);

  aside = list_aside (fixture->path);
  g_assert_cmpuint (aside->len, ==, 0);
}

/* Deep enough to overflow the stack of a recursive parser. */
static char *
make_deep_nest (void)
{
  GString *nest = g_string_new ("{ \"version\" : 1, \"next_id\" : 1, \"overrides\" : [");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nest, '[');
  return g_string_free (nest, FALSE);
}

/* Valid JSON, but larger than any journal Tether writes. */
static char *
make_huge (void)
{
  GString *huge = g_string_new ("{ \"version\" : 1, \"next_id\" : 1, \"overrides\" : [");

  while (huge->len <= 1024 * 1024)
    g_string_append (huge, "\n                                                              ");
  g_string_append (huge, "] }");
  return g_string_free (huge, FALSE);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  static const char garbage[] = "\x7f" "ELF\x02\x01\x01\0\0\0\xff\xfe{\"version\":1}";
  g_autofree char *deep = make_deep_nest ();
  g_autofree char *huge = make_huge ();
  g_autofree char *truncated = g_strndup (good_journal, strlen (good_journal) / 2);
  g_autofree char *torn_end = g_strndup (good_journal, strlen (good_journal) - 3);
  const struct {
    const char *name;
    const char *data;
    gssize      len;
  } cases[] = {
    { "truncated in the middle", truncated, -1 },
    { "truncated at the end", torn_end, -1 },
    { "empty", "", 0 },
    { "garbage with NUL bytes", garbage, sizeof garbage - 1 },
    { "not JSON", "version=1\n", -1 },
    { "root is an array", "[ { \"version\" : 1 } ]", -1 },
    { "root is a string", "\"journal\"", -1 },
    { "version is a string", "{ \"version\" : \"1\", \"overrides\" : [] }", -1 },
    { "version is missing", "{ \"overrides\" : [] }", -1 },
    { "a newer format", "{ \"version\" : 2, \"next_id\" : 1, \"overrides\" : [] }", -1 },
    { "overrides is an object", "{ \"version\" : 1, \"next_id\" : 1, \"overrides\" : {} }", -1 },
    { "overrides is missing", "{ \"version\" : 1, \"next_id\" : 1 }", -1 },
    { "data after the end", "{ \"version\" : 1, \"next_id\" : 1, \"overrides\" : [] } {}", -1 },
    { "a comment", "{ \"version\" : 1, /* ] */ \"next_id\" : 1, \"overrides\" : [] }", -1 },
    { "nested too deep", deep, -1 },
    { "too large", huge, -1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s-%" G_GSIZE_FORMAT, fixture->path, i);
      g_autoptr(TetherJournal) journal = tether_journal_new (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) aside = NULL;
      g_autoptr(GBytes) original = NULL;
      g_autoptr(GBytes) kept = NULL;
      gsize len = cases[i].len >= 0 ? (gsize) cases[i].len : strlen (cases[i].data);

      g_test_message ("%s", cases[i].name);
      write_file (path, cases[i].data, (gssize) len);
      original = g_bytes_new (cases[i].data, len);

      g_assert_false (tether_journal_load (journal, &error));
      g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT);
      g_test_message ("%s", error->message);
      g_assert_true (tether_journal_is_empty (journal));

      /* Kept aside byte for byte, and the message says where. */
      aside = list_aside (path);
      g_assert_cmpuint (aside->len, ==, 1);
      kept = read_file (g_ptr_array_index (aside, 0));
      g_assert_true (g_bytes_equal (kept, original));
      g_assert_nonnull (strstr (error->message, g_ptr_array_index (aside, 0)));
      g_assert_nonnull (strstr (error->message, "undone by hand"));

      /* The journal is usable, and the file is a good one again. */
      g_assert_cmpuint (add_ok (journal, tether_override_new_pause (DEV_A, "sleep")), ==, 1);
      g_clear_object (&journal);
      journal = load_ok (path);
      g_assert_cmpuint (journal_length (journal), ==, 1);
      g_clear_pointer (&aside, g_ptr_array_unref);
      aside = list_aside (path);
      g_assert_cmpuint (aside->len, ==, 1);
    }
}

/* Records that cannot be undone are dropped, the others kept. */
static void
test_corrupt_records (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char damaged[] =
    "{ \"version\" : 1, \"next_id\" : 10, \"overrides\" : [\n"
    "  { \"id\" : 9, \"device_id\" : \"" DEV_B "\", \"kind\" : \"address\", \"reason\" : 12,\n"
    "    \"created_us\" : 5, \"address\" : \"" OURS "\", \"replaced\" : [ \"dynamic\", 3 ] },\n"
    "  { \"id\" : 3, \"device_id\" : \"" DEV_A "\", \"kind\" : \"pause\", \"reason\" : \"sleep\", \"created_us\" : 5 },\n"
    "  { \"id\" : 4, \"kind\" : \"pause\", \"reason\" : \"sleep\", \"created_us\" : 5 },\n"
    "  { \"id\" : 5, \"device_id\" : \"" DEV_A "\", \"kind\" : \"rename\", \"reason\" : \"x\", \"created_us\" : 5 },\n"
    "  { \"id\" : \"6\", \"device_id\" : \"" DEV_A "\", \"kind\" : \"pause\", \"reason\" : \"x\", \"created_us\" : 5 },\n"
    "  { \"id\" : 3, \"device_id\" : \"" DEV_B "\", \"kind\" : \"pause\", \"reason\" : \"x\", \"created_us\" : 5 },\n"
    "  { \"id\" : 7, \"device_id\" : \"" DEV_B "\", \"kind\" : \"address\", \"reason\" : \"x\", \"created_us\" : 5 },\n"
    "  { \"id\" : 8, \"device_id\" : \"" DEV_C "\", \"kind\" : \"num-connections\", \"reason\" : \"x\",\n"
    "    \"created_us\" : 5, \"value\" : -1, \"previous\" : 3 },\n"
    "  \"an override\",\n"
    "  { \"id\" : 11, \"device_id\" : \"\", \"kind\" : \"pause\", \"reason\" : \"x\", \"created_us\" : 5 },\n"
    "  { \"id\" : 0, \"device_id\" : \"" DEV_A "\", \"kind\" : \"pause\", \"reason\" : \"x\", \"created_us\" : 5 }\n"
    "] }\n";
  g_autoptr(TetherJournal) journal = tether_journal_new (fixture->path);
  g_autoptr(TetherJournal) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  const TetherOverride *o;

  write_file (fixture->path, damaged, -1);
  g_assert_false (tether_journal_load (journal, &error));
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "9 of its overrides"));

  /* Oldest first, whatever the order in the file. */
  list = tether_journal_list (journal);
  g_assert_cmpuint (list->len, ==, 2);
  o = g_ptr_array_index (list, 0);
  g_assert_cmpuint (o->id, ==, 3);
  g_assert_cmpstr (o->device_id, ==, DEV_A);
  g_assert_cmpstr (o->reason, ==, "sleep");
  /* What people read is replaced by a default; what undoing needs is there. */
  o = g_ptr_array_index (list, 1);
  g_assert_cmpuint (o->id, ==, 9);
  g_assert_cmpstr (o->address, ==, OURS);
  g_assert_cmpstr (o->reason, ==, "unknown");
  g_assert_null (o->replaced);

  aside = list_aside (fixture->path);
  g_assert_cmpuint (aside->len, ==, 1);
  kept = read_file (g_ptr_array_index (aside, 0));
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), damaged, strlen (damaged));

  /* The file was rewritten with what could be read; ids go on from the
   * file's counter. */
  again = load_ok (fixture->path);
  assert_same_list (journal, again);
  g_assert_cmpuint (add_ok (journal, tether_override_new_pause (DEV_C, "park")), ==, 10);
}

static void
test_corrupt_fields_only (Fixture       *fixture,
                          gconstpointer  data)
{
  /* A lost or stale counter, a bad time: every override can still be
   * undone. The counter never goes below the ids in use. */
  const char *cases[] = {
    "{ \"version\" : 1, \"next_id\" : \"x\", \"overrides\" : [\n"
    "  { \"id\" : 41, \"device_id\" : \"" DEV_C "\", \"kind\" : \"num-connections\",\n"
    "    \"reason\" : \"metered\", \"created_us\" : \"today\", \"value\" : 1, \"previous\" : 3 }\n"
    "] }\n",
    "{ \"version\" : 1, \"next_id\" : 5, \"overrides\" : [\n"
    "  { \"id\" : 41, \"device_id\" : \"" DEV_C "\", \"kind\" : \"num-connections\",\n"
    "    \"reason\" : \"metered\", \"created_us\" : 0, \"value\" : 1, \"previous\" : 3 }\n"
    "] }\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s-%" G_GSIZE_FORMAT, fixture->path, i);
      g_autoptr(TetherJournal) journal = tether_journal_new (path);
      g_autoptr(TetherOverride) found = NULL;
      g_autoptr(GPtrArray) aside = NULL;
      g_autoptr(GError) error = NULL;

      write_file (path, cases[i], -1);
      g_assert_false (tether_journal_load (journal, &error));
      g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "every override in it could be read"));

      found = tether_journal_find (journal, DEV_C, TETHER_OVERRIDE_NUM_CONNECTIONS);
      g_assert_nonnull (found);
      g_assert_cmpuint (found->id, ==, 41);
      g_assert_cmpuint (found->value, ==, 1);
      g_assert_cmpuint (found->previous, ==, 3);
      g_assert_cmpint (found->created_us, ==, 0);
      g_assert_cmpuint (add_ok (journal, tether_override_new_pause (DEV_A, "sleep")), ==, 42);

      aside = list_aside (path);
      g_assert_cmpuint (aside->len, ==, 1);
    }
}

/* A second damaged file never overwrites the first one's copy, even within
 * the same second. */
static void
test_corrupt_twice (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *contents[] = { "{ torn", "{ torn again" };
  g_autoptr(GPtrArray) aside = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(TetherJournal) journal = tether_journal_new (fixture->path);
      g_autoptr(GError) error = NULL;

      write_file (fixture->path, contents[i], -1);
      g_assert_false (tether_journal_load (journal, &error));
      g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT);
    }

  aside = list_aside (fixture->path);
  g_assert_cmpuint (aside->len, ==, 2);
  for (gsize i = 0; i < aside->len; i++)
    {
      g_autoptr(GBytes) kept = read_file (g_ptr_array_index (aside, i));
      gboolean matches_one = FALSE;

      for (gsize j = 0; j < G_N_ELEMENTS (contents); j++)
        if (g_bytes_get_size (kept) == strlen (contents[j]) &&
            memcmp (g_bytes_get_data (kept, NULL), contents[j], strlen (contents[j])) == 0)
          matches_one = TRUE;
      g_assert_true (matches_one);
    }
  g_assert_cmpstr (g_ptr_array_index (aside, 0), !=, g_ptr_array_index (aside, 1));
}

/* When the damaged file cannot even be copied aside, it stays in place,
 * untouched, and is copied before the next write replaces it. */
static void
test_corrupt_kept_before_rewrite (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GString) damaged = g_string_new (good_journal);
  g_autoptr(TetherJournal) journal = tether_journal_new (fixture->path);
  g_autoptr(TetherOverride) o = tether_override_new_pause (DEV_C, "park");
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  FileSizeLimit limit;

  /* Override 2 loses its device; override 1 can still be undone. */
  g_assert_cmpuint (g_string_replace (damaged, "\"device_id\" : \"" DEV_B, "\"device\" : \"" DEV_B, 1), ==, 1);
  write_file (fixture->path, damaged->str, -1);

  if (!limit_file_size (&limit, 16))
    {
      g_test_skip ("Cannot limit the file size (setrlimit)");
      return;
    }
  g_assert_false (tether_journal_load (journal, &error));
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Could not keep a copy"));
  g_clear_error (&error);
  g_assert_cmpuint (journal_length (journal), ==, 1);

  /* While the copy cannot be made, nothing replaces the file. */
  g_assert_cmpuint (tether_journal_add (journal, o, &error), ==, 0);
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_false (tether_journal_remove (journal, 1, &error));
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE);
  g_clear_error (&error);
  unlimit_file_size (&limit);

  g_assert_cmpuint (journal_length (journal), ==, 1);
  aside = list_aside (fixture->path);
  g_assert_cmpuint (aside->len, ==, 0);
  kept = read_file (fixture->path);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), damaged->str, damaged->len);
  g_clear_pointer (&aside, g_ptr_array_unref);
  g_clear_pointer (&kept, g_bytes_unref);

  /* The next write that can be made keeps the copy first. */
  g_assert_cmpuint (tether_journal_add (journal, o, &error), ==, 3);
  g_assert_no_error (error);
  aside = list_aside (fixture->path);
  g_assert_cmpuint (aside->len, ==, 1);
  kept = read_file (g_ptr_array_index (aside, 0));
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), damaged->str, damaged->len);
  g_assert_cmpuint (journal_length (journal), ==, 2);
}

/* Failing writes */

/* As root in CI a read-only folder does not stop a write; a regular file
 * where a folder should be does. */
static void
test_unwritable_location (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (fixture->dir, "state", NULL);
  g_autoptr(TetherJournal) journal = NULL;
  g_autoptr(TetherOverride) o = tether_override_new_pause (DEV_A, "sleep");
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;

  write_file (blocker, "not a folder", -1);
  journal = load_ok (fixture->path);

  g_assert_cmpuint (tether_journal_add (journal, o, &error), ==, 0);
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_true (tether_journal_is_empty (journal));
  g_assert_cmpuint (journal_length (journal), ==, 0);
  g_assert_null (tether_journal_find (journal, DEV_A, TETHER_OVERRIDE_PAUSE));

  kept = read_file (blocker);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "not a folder", 12);
}

/* A journal that already holds overrides keeps exactly them, in memory
 * and on disk, when a write fails. */
static void
test_write_fails_keeps_state (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = load_ok (fixture->path);
  g_autoptr(TetherOverride) o = tether_override_new_address (DEV_B, "prewarm", OURS, NULL);
  g_autoptr(GError) error = NULL;
  guint64 id = add_ok (journal, tether_override_new_pause (DEV_A, "sleep"));

  /* The file's name is taken by a folder: rename() cannot replace it. */
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  g_assert_cmpint (g_mkdir (fixture->path, 0700), ==, 0);

  g_assert_cmpuint (tether_journal_add (journal, o, &error), ==, 0);
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (journal_length (journal), ==, 1);
  g_assert_null (tether_journal_find (journal, DEV_B, TETHER_OVERRIDE_ADDRESS));

  g_assert_false (tether_journal_remove (journal, id, &error));
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_cmpuint (journal_length (journal), ==, 1);

  /* Once the way is clear, the same calls work. */
  g_assert_cmpint (g_rmdir (fixture->path), ==, 0);
  g_assert_cmpuint (tether_journal_add (journal, o, &error), >, id);
  g_assert_no_error (error);
  g_assert_true (tether_journal_remove (journal, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (journal_length (journal), ==, 1);
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = load_ok (fixture->path);
  g_autoptr(TetherJournal) again = NULL;
  g_autoptr(TetherOverride) o = tether_override_new_address (DEV_B, "prewarm", OURS, NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  FileSizeLimit limit;
  guint64 id;

  add_ok (journal, tether_override_new_pause (DEV_A, "sleep"));
  before = read_file (fixture->path);

  /* Room for the journal as it is, not for one more override. */
  if (!limit_file_size (&limit, g_bytes_get_size (before) + 8))
    {
      g_test_skip ("Cannot limit the file size (setrlimit)");
      return;
    }
  id = tether_journal_add (journal, o, &error);
  unlimit_file_size (&limit);

  g_assert_cmpuint (id, ==, 0);
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (journal_length (journal), ==, 1);

  /* The file on disk is the one from before, whole. */
  after = read_file (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  again = load_ok (fixture->path);
  assert_same_list (journal, again);
}

/* A journal that exists but cannot be read is never overwritten: it may
 * hold overrides to undo. */
static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = tether_journal_new (fixture->path);
  g_autoptr(TetherOverride) o = tether_override_new_pause (DEV_A, "sleep");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fixture->path, 0700), ==, 0);
  g_assert_false (tether_journal_load (journal, &error));
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_READ);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (tether_journal_is_empty (journal));

  g_assert_cmpuint (tether_journal_add (journal, o, &error), ==, 0);
  g_assert_error (error, TETHER_JOURNAL_ERROR, TETHER_JOURNAL_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "does not overwrite"));
  g_clear_error (&error);
  g_assert_true (tether_journal_is_empty (journal));

  /* A load that succeeds lifts it. */
  g_assert_cmpint (g_rmdir (fixture->path), ==, 0);
  g_assert_true (tether_journal_load (journal, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tether_journal_add (journal, o, &error), ==, 1);
  g_assert_no_error (error);
}

/* Recovery */

static TetherStDevice *
make_device (const char *device_id,
             gboolean    paused,
             const char *addresses,
             guint       num)
{
  TetherStDevice *device = g_new0 (TetherStDevice, 1);

  device->device_id = g_strdup (device_id);
  device->name = g_strdup ("laptop");
  device->paused = paused;
  device->addresses = addresses != NULL ? g_strsplit (addresses, " ", -1) : NULL;
  device->num_connections = num;
  return device;
}

/* What the engine does on start after a crash: load, plan each override
 * against Syncthing's devices as they are now, send, remove. The user
 * resumed A and added an address to B while Tether was gone. */
static void
test_recovery_after_crash (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TetherJournal) journal = load_ok (fixture->path);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_st_device_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *replaced[] = { "dynamic", NULL };
  const TetherUndoAction expected[] = {
    TETHER_UNDO_NOTHING, TETHER_UNDO_SET_ADDRESSES, TETHER_UNDO_SET_NUM_CONNECTIONS,
    TETHER_UNDO_NOTHING,
  };

  add_ok (journal, tether_override_new_pause (DEV_A, "sleep"));
  add_ok (journal, tether_override_new_address (DEV_B, "prewarm", OURS, replaced));
  add_ok (journal, tether_override_new_num_connections (DEV_C, "metered", 1, 3));
  add_ok (journal, tether_override_new_pause ("GONE", "park"));
  g_clear_object (&journal);  /* the crash */

  g_ptr_array_add (devices, make_device (DEV_A, FALSE, "dynamic", 0));
  g_ptr_array_add (devices, make_device (DEV_B, FALSE, "dynamic " OURS " tcp://user.example:22000", 0));
  g_ptr_array_add (devices, make_device (DEV_C, FALSE, "dynamic", 1));

  journal = tether_journal_new (fixture->path);
  g_assert_true (tether_journal_load (journal, &error));
  g_assert_no_error (error);
  list = tether_journal_list (journal);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < list->len; i++)
    {
      const TetherOverride *o = g_ptr_array_index (list, i);
      const TetherStDevice *current = NULL;
      g_autoptr(TetherUndo) undo = NULL;

      for (guint j = 0; j < devices->len; j++)
        if (g_strcmp0 (((TetherStDevice *) g_ptr_array_index (devices, j))->device_id, o->device_id) == 0)
          current = g_ptr_array_index (devices, j);

      undo = tether_override_plan_undo (o, current);
      g_test_message ("%s: %s", o->device_id, undo->reason);
      g_assert_cmpint (undo->action, ==, expected[i]);
      if (undo->action == TETHER_UNDO_SET_ADDRESSES)
        {
          const char *user_list[] = { "dynamic", "tcp://user.example:22000", NULL };

          g_assert_cmpstrv (undo->addresses, user_list);
        }
      g_assert_true (tether_journal_remove (journal, o->id, &error));
      g_assert_no_error (error);
    }
  g_assert_true (tether_journal_is_empty (journal));

  g_clear_object (&journal);
  journal = load_ok (fixture->path);
  g_assert_true (tether_journal_is_empty (journal));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/tether/journal/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("new-destroy", test_new_destroy);
  ADD ("round-trip", test_round_trip);
  ADD ("ids-increase-across-reload", test_ids_increase_across_reload);
  ADD ("remove-unknown", test_remove_unknown);
  g_test_add_func ("/tether/journal/durable-kill", test_durable_kill);
  ADD ("good-file", test_good_file);
  ADD ("corrupt", test_corrupt);
  ADD ("corrupt-records", test_corrupt_records);
  ADD ("corrupt-fields-only", test_corrupt_fields_only);
  ADD ("corrupt-twice", test_corrupt_twice);
  ADD ("corrupt-kept-before-rewrite", test_corrupt_kept_before_rewrite);
  ADD ("unwritable-location", test_unwritable_location);
  ADD ("write-fails-keeps-state", test_write_fails_keeps_state);
  ADD ("disk-full", test_disk_full);
  ADD ("unreadable", test_unreadable);
  ADD ("recovery-after-crash", test_recovery_after_crash);

#undef ADD

  return g_test_run ();
}
