/* tether-journal.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal: a durable record of every override Tether has made to
 * Syncthing's config (a pause, a temporary address, a pool size), each with
 * what it replaced. An override is written to disk before the change is
 * sent to Syncthing and removed once the change is undone, so that after a
 * crash, kill -9 or power loss the next start finds every override left
 * behind and undoes it, as tether_override_plan_undo() says.
 *
 * The file is a small JSON document, rewritten whole (temporary file, fsync,
 * rename, fsync of the directory) on every change:
 *
 *   { "version": 1, "next_id": 8, "overrides": [
 *       { "id": 7, "device_id": "…", "kind": "address", "reason": "prewarm",
 *         "created_us": 1773480000000000, "address": "tcp://…?tether=7",
 *         "replaced": ["dynamic"] } ] }
 *
 * A journal is used from one thread (the engine's). It is not meant to be
 * shared by two processes.
 */

#pragma once

#include <glib-object.h>

#include "tether-override.h"

G_BEGIN_DECLS

#define TETHER_JOURNAL_ERROR (tether_journal_error_quark ())

typedef enum {
  TETHER_JOURNAL_ERROR_CORRUPT,   /* load: the file was damaged; see tether_journal_load() */
  TETHER_JOURNAL_ERROR_READ,      /* load: the file exists but could not be read */
  TETHER_JOURNAL_ERROR_WRITE,     /* add/remove: nothing was written (full disk, read-only…) */
  TETHER_JOURNAL_ERROR_NOT_FOUND, /* remove: no override with that id */
} TetherJournalError;

GQuark tether_journal_error_quark (void);

#define TETHER_TYPE_JOURNAL (tether_journal_get_type ())

G_DECLARE_FINAL_TYPE (TetherJournal, tether_journal, TETHER, JOURNAL, GObject)

/* @path: the file, e.g. $XDG_STATE_HOME/tether/journal. Its directory is
 * created (0700) on the first write. Nothing is read until load. */
TetherJournal  *tether_journal_new      (const char            *path);
const char     *tether_journal_get_path (TetherJournal         *self);

/* Reads the file; must be called before add or remove, and may be called
 * again to start over from the file. A missing file is an empty journal.
 *
 * TETHER_JOURNAL_ERROR_CORRUPT: the file was damaged (torn, not JSON, a
 * record that cannot be undone, a newer format). Its exact bytes were kept
 * in "PATH.corrupt-TIME" (never deleted, never overwritten; should even
 * that copy fail, the file is left as it is and copied before the next
 * write), and the journal holds every override that could be read, none
 * when nothing could. It is usable, and the file now holds just those. The
 * message names the copy and says what was lost: show it to the user.
 * Ids go on from the file's counter, or from 1 when nothing could be read.
 *
 * TETHER_JOURNAL_ERROR_READ: the file exists but could not be read. The
 * journal is empty and refuses to write, so as not to overwrite overrides
 * it could not see, until a later load succeeds. */
gboolean        tether_journal_load     (TetherJournal         *self,
                                         GError               **error);

/* Records a copy of @o (its id is ignored) durably: when this returns, the
 * file on disk holds it. Returns its id, or 0 and an error when it could
 * not be written; then the journal does not hold it and the caller must
 * NOT make the change. */
guint64         tether_journal_add      (TetherJournal         *self,
                                         const TetherOverride  *o,
                                         GError               **error);

/* Forgets an override, durably, once its undo was sent (or planned as
 * nothing). On failure the journal still holds it, in memory and on disk:
 * try again later; a later start would plan its undo again. */
gboolean        tether_journal_remove   (TetherJournal         *self,
                                         guint64                id,
                                         GError               **error);

/* A copy of every override, oldest first (by id), with a free func. */
GPtrArray      *tether_journal_list     (TetherJournal         *self);

/* A copy of the newest override of @kind for @device_id, or NULL. */
TetherOverride *tether_journal_find     (TetherJournal         *self,
                                         const char            *device_id,
                                         TetherOverrideKind     kind);

gboolean        tether_journal_is_empty (TetherJournal         *self);

G_END_DECLS
