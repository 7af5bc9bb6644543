/* tether-journal.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal: a durable record of every override Tether has made to
 * Syncthing's config (a pause, a temporary address, a pool size), each with
 * what it replaced. An override is written to disk before the change is
 * sent to Syncthing and removed once the change is undone, so that after a
 * crash, kill -9 or power loss the next start finds and undoes every
 * override left behind. Undoing is planned by a pure function that lets a
 * change the user made in the meantime win.
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

#include "tether-st-types.h"

G_BEGIN_DECLS

#define TETHER_JOURNAL_ERROR (tether_journal_error_quark ())

typedef enum {
  TETHER_JOURNAL_ERROR_CORRUPT,   /* load: the file was damaged; see tether_journal_load() */
  TETHER_JOURNAL_ERROR_READ,      /* load: the file exists but could not be read */
  TETHER_JOURNAL_ERROR_WRITE,     /* add/remove: nothing was written (full disk, read-only…) */
  TETHER_JOURNAL_ERROR_NOT_FOUND, /* remove: no override with that id */
} TetherJournalError;

GQuark tether_journal_error_quark (void);

typedef enum {
  TETHER_OVERRIDE_PAUSE = 1,        /* Tether paused a device that was not paused */
  TETHER_OVERRIDE_ADDRESS,          /* Tether added one address to a device's list */
  TETHER_OVERRIDE_NUM_CONNECTIONS,  /* Tether set a device's numConnections */
} TetherOverrideKind;

/* One override. The journal owns the ones it holds and hands out copies. */
typedef struct {
  guint64             id;          /* set by tether_journal_add(): unique, increasing,
                                    * kept across restarts; 0 before */
  char               *device_id;   /* owned */
  TetherOverrideKind  kind;
  char               *reason;      /* owned: a short word the caller chooses and the
                                    * UI shows ("sleep", "pause-all", "cut", "metered",
                                    * "park", "prewarm"…); the journal keeps it as is */
  gint64              created_us;  /* unix µs; tether_journal_add() sets it when 0 */

  /* TETHER_OVERRIDE_ADDRESS */
  char               *address;     /* owned: the exact string Tether added */
  char              **replaced;    /* owned, nullable: the list it replaced, for
                                    * people only: undoing never restores it */

  /* TETHER_OVERRIDE_NUM_CONNECTIONS */
  guint               value;       /* what Tether set */
  guint               previous;    /* what it replaced (0: Syncthing's default) */
} TetherOverride;

TetherOverride *tether_override_new_pause           (const char           *device_id,
                                                     const char           *reason);
TetherOverride *tether_override_new_address         (const char           *device_id,
                                                     const char           *reason,
                                                     const char           *address,
                                                     const char * const   *replaced);
TetherOverride *tether_override_new_num_connections (const char           *device_id,
                                                     const char           *reason,
                                                     guint                 value,
                                                     guint                 previous);
TetherOverride *tether_override_copy                (const TetherOverride *self);
void            tether_override_free                (TetherOverride       *self);
/* "pause", "address", "num-connections": the names used in the file. */
const char     *tether_override_kind_to_string      (TetherOverrideKind    kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherOverride, tether_override_free)

/* Undo planning */

typedef enum {
  TETHER_UNDO_NOTHING = 0,          /* leave the device as it is */
  TETHER_UNDO_RESUME,               /* POST /rest/system/resume?device=… */
  TETHER_UNDO_SET_ADDRESSES,        /* set the device's addresses to .addresses */
  TETHER_UNDO_SET_NUM_CONNECTIONS,  /* set the device's numConnections to .num_connections */
} TetherUndoAction;

typedef struct {
  TetherUndoAction  action;
  char            **addresses;        /* owned; SET_ADDRESSES only: the whole new list */
  guint             num_connections;  /* SET_NUM_CONNECTIONS only */
  char             *reason;           /* owned: why, or why nothing, in a sentence
                                       * for the log and the UI */
} TetherUndo;

void        tether_undo_free             (TetherUndo       *self);
const char *tether_undo_action_to_string (TetherUndoAction  action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherUndo, tether_undo_free)

/* What to send to Syncthing to undo @o, given the device as Syncthing has
 * it now (@current, or NULL when the device is no longer in its config).
 * Pure: reads nothing else. A change the user made in the meantime wins:
 * - PAUSE: resume only if still paused (Tether never pauses a paused
 *   device, so a paused device is still Tether's pause); a device the
 *   user resumed is left alone.
 * - ADDRESS: the current list without Tether's string (every occurrence),
 *   keeping the user's edits in their order; nothing when the string is
 *   gone; ["dynamic"], Syncthing's default, when nothing else is left.
 * - NUM_CONNECTIONS: back to .previous only while it is still .value.
 * The undo is done (or moot) once it is sent: then remove @o. */
TetherUndo *tether_override_plan_undo (const TetherOverride *o,
                                       const TetherStDevice *current);

/* The journal */

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
 * record that cannot be understood, a newer format). Its exact bytes were
 * kept in "PATH.corrupt-TIME" (never deleted, never overwritten) and the
 * journal holds every override that could be read, none when nothing could;
 * it is usable, and the file now holds just those. The message names the
 * copy and says how many overrides were lost: show it to the user.
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
