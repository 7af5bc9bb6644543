/* tether-test-pair.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool's test bench: two real Syncthing instances, paired and
 * connected — alpha, the one Tether watches, and beta, its peer — and a
 * state directory of the test's own for Tether's journal
 * (XDG_STATE_HOME is pointed at it). The checks here say whether Tether
 * left anything behind: an override in the journal, beta paused, or beta's
 * address list in alpha's config other than it was when paired.
 */

#pragma once

#include "tether-engine.h"
#include "tether-journal.h"
#include "tether-test-syncthing.h"

G_BEGIN_DECLS

typedef struct {
  TetherTestSyncthing *alpha;    /* owned: the one Tether watches */
  TetherTestSyncthing *beta;     /* owned: its peer */
  char                *state;    /* owned: XDG_STATE_HOME for this test */
  char                *journal;  /* owned: Tether's journal in it */
  char               **original; /* owned: alpha's address list for beta when paired */
} TetherTestPair;

/* Both running, paired and connected; XDG_STATE_HOME set. Without
 * syncthing: g_test_skip() and NULL. Asserts on any other failure. */
TetherTestPair *tether_test_pair_new             (void);

/* Stops both and deletes their homes and the journal (stop the engine
 * first). */
void            tether_test_pair_free            (TetherTestPair      *self);

const char     *tether_test_pair_beta_id         (TetherTestPair      *self);

/* An engine on alpha (URL and API key given), started. */
TetherEngine   *tether_test_pair_start_engine    (TetherTestPair      *self);

/* A REST call that must succeed. */
void            tether_test_pair_rest            (TetherTestSyncthing *st,
                                                  const char          *method,
                                                  const char          *path,
                                                  const char          *body);

/* Beta as alpha has it configured now. */
TetherStDevice *tether_test_pair_beta_config     (TetherTestPair      *self);

/* Whether alpha's config has beta paused, now. */
gboolean        tether_test_pair_beta_paused     (TetherTestPair      *self);

/* The user pauses beta in Syncthing's own GUI (alpha's REST API). */
void            tether_test_pair_user_pauses_beta (TetherTestPair     *self);

/* Beta cannot dial alpha (its address for alpha is "dynamic", without
 * discovery), and alpha's own next dial is an hour away after a failed
 * one: only a pre-warm brings them together. */
void            tether_test_pair_make_one_sided  (TetherTestPair      *self);

/* The journal as it is on disk now. */
TetherJournal  *tether_test_pair_load_journal    (TetherTestPair      *self);
gboolean        tether_test_pair_journal_is_empty (TetherTestPair     *self);

/* Nothing of Tether's left: an empty journal, beta unpaused, and its
 * address list as it was. */
gboolean        tether_test_pair_restored        (TetherTestPair      *self);

/* The end of both Syncthing logs, with g_test_message(): before failing. */
void            tether_test_pair_print_logs      (TetherTestPair      *self);

/* Waits until tether_test_pair_restored(); FALSE on timeout. */
gboolean        tether_test_pair_wait_restored   (TetherTestPair      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestPair, tether_test_pair_free)

G_END_DECLS
