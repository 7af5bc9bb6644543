/* tether-history-format-private.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the encoder (tether-history-event.c) and the decoder
 * (tether-history-decode.c) of the line format share.
 */

#pragma once

#include "tether-history-event.h"

G_BEGIN_DECLS

#define HEADER_MAGIC    "#tether-history"
#define COMPACTED_MAGIC "#compacted"
#define N_FIELDS        11
/* Indices are dense and small; a huge one is damage. */
#define MAX_INDEX       (1u << 20)

struct _TetherHistoryEncoder {
  GHashTable *index;      /* interned string → GUINT_TO_POINTER (idx + 1) */
  GPtrArray  *defined;    /* interned strings this encoder defined, in order */
  guint       next_index;
};

struct _TetherHistoryDecoder {
  GPtrArray *table;       /* idx → interned string, NULL where undefined */
  gint64     compacted_until_us;
};

/* INVALID for a letter that names no kind. */
TetherHistoryEventKind _tether_history_kind_from_letter (char letter);

G_END_DECLS
