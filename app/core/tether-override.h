/* tether-override.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An override is one temporary change Tether made to Syncthing's config (a
 * pause, an added address, a pool size), with what it replaced. The journal
 * (tether-journal.h) keeps them durably; this file holds the records and
 * the pure function that plans how to undo one, where a change the user
 * made in the meantime wins.
 */

#pragma once

#include <glib.h>

#include "tether-st-types.h"

G_BEGIN_DECLS

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

TetherOverride     *tether_override_new_pause           (const char           *device_id,
                                                        const char           *reason);
TetherOverride     *tether_override_new_address         (const char           *device_id,
                                                        const char           *reason,
                                                        const char           *address,
                                                        const char * const   *replaced);
TetherOverride     *tether_override_new_num_connections (const char           *device_id,
                                                        const char           *reason,
                                                        guint                 value,
                                                        guint                 previous);
TetherOverride     *tether_override_copy                (const TetherOverride *self);
void                tether_override_free                (TetherOverride       *self);
/* "pause", "address", "num-connections": the names used in the journal's
 * file. from_string returns 0 for a name it does not know. */
const char         *tether_override_kind_to_string      (TetherOverrideKind    kind);
TetherOverrideKind  tether_override_kind_from_string    (const char           *name);

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

G_END_DECLS
