/* tether-test-headless.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real `tether --headless` binary ($TETHER_BINARY) as a child process,
 * its stdout read line by line as it comes (each line is also printed with
 * g_test_message, prefixed with the child's name). Lines are read on the
 * thread-default context of the caller of _spawn(); the waits iterate it.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _TetherTestHeadless TetherTestHeadless;

/* Whether $TETHER_BINARY names an executable; else g_test_skip() and TRUE. */
gboolean            tether_test_headless_skip_if_unavailable (void);

/* Runs [wrapper…] $TETHER_BINARY --headless --url URL --api-key-file FILE,
 * stderr merged into stdout. wrapper (nullable, NULL-terminated) comes
 * first, e.g. {"ip", "netns", "exec", NS, NULL}; env (nullable,
 * NULL-terminated "KEY=VALUE" strings) is added to this process's
 * environment. */
TetherTestHeadless *tether_test_headless_spawn       (const char          *name,
                                                      const char * const  *wrapper,
                                                      const char          *url,
                                                      const char          *api_key_file,
                                                      const char * const  *env,
                                                      GError             **error);

/* Kills it (SIGKILL) if still running and waits for it. */
void                tether_test_headless_free        (TetherTestHeadless  *self);

/* Waits (TETHER_TEST_WAIT_S at most) for a line, after the ones already
 * matched by an earlier wait, that contains every fragment given
 * (NULL-terminated). Returns it (owned by self), or NULL on timeout or
 * when the output ended. */
const char         *tether_test_headless_wait_line   (TetherTestHeadless  *self,
                                                      const char          *first,
                                                      ...) G_GNUC_NULL_TERMINATED;

/* Like _wait_line(), but searching every line read so far. */
const char         *tether_test_headless_find_line   (TetherTestHeadless  *self,
                                                      const char          *first,
                                                      ...) G_GNUC_NULL_TERMINATED;

void                tether_test_headless_send_signal (TetherTestHeadless  *self,
                                                      int                  signum);

/* Waits for it to exit (TETHER_TEST_WAIT_S at most, then SIGKILL) and for
 * the rest of its output. Returns whether it exited by itself with status
 * 0. */
gboolean            tether_test_headless_wait_exit   (TetherTestHeadless  *self);

gboolean            tether_test_headless_is_running  (TetherTestHeadless  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestHeadless, tether_test_headless_free)

G_END_DECLS
