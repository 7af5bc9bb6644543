/* tether-test-syncthing.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real Syncthing instances on loopback, for integration tests and benchmarks.
 *
 * Each instance gets a fresh home in a temporary directory, made with
 * `syncthing generate` and edited so that nothing leaves 127.0.0.1 (no
 * discovery, relays, NAT, STUN, usage or crash reporting, upgrades). Its GUI
 * and sync ports are picked once and kept across restarts, and config.xml's
 * <gui><address> matches tether_test_syncthing_get_url(), so pointing
 * STHOME at the home lets Tether find the instance the way it finds a user's.
 *
 * Syncthing runs as a single process (without its monitor), as a child of
 * the thread that called tether_test_syncthing_start(), with a parent-death
 * signal: if the test program dies, syncthing gets SIGTERM and exits. Start
 * instances from a thread that lives as long as they do (normally the main
 * thread). Its stdout and stderr are appended to syncthing.log in the home;
 * a home is deleted only by tether_test_syncthing_free(), so after a crash
 * the log stays in the temporary directory, whose path is printed with
 * g_test_message() when the instance is created.
 *
 * Use one instance from one thread. Every call blocks; the waits here are for
 * set-up and teardown only: a test of Tether itself waits on Tether's events.
 *
 * Typical use in a test:
 *
 *   if (tether_test_syncthing_skip_if_unavailable ())
 *     return;
 *   g_autoptr(TetherTestSyncthing) st = tether_test_syncthing_new ("alpha", &error);
 *   g_assert_no_error (error);
 *   tether_test_syncthing_start (st, &error);
 *   g_assert_no_error (error);
 *
 * Under `protocol: 'tap'`, meson 1.0 reports any non-zero exit status, 77
 * included, as ERROR: skip each test with g_test_skip() (as the helper above
 * does) and exit 0; a program whose tests all skip counts as SKIP.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TETHER_TEST_SYNCTHING_ERROR (tether_test_syncthing_error_quark ())

typedef enum {
  TETHER_TEST_SYNCTHING_ERROR_NOT_FOUND,   /* no syncthing binary */
  TETHER_TEST_SYNCTHING_ERROR_SETUP,       /* generate failed, or config.xml not as expected */
  TETHER_TEST_SYNCTHING_ERROR_EXITED,      /* syncthing exited while starting */
  TETHER_TEST_SYNCTHING_ERROR_TIMEOUT,     /* the REST API did not answer in time */
  TETHER_TEST_SYNCTHING_ERROR_HTTP,        /* a REST call answered with a non-2xx status */
  TETHER_TEST_SYNCTHING_ERROR_INVALID,     /* a REST answer that is not what was expected */
} TetherTestSyncthingError;

GQuark tether_test_syncthing_error_quark (void);

typedef struct _TetherTestSyncthing TetherTestSyncthing;

/* Whether a syncthing binary exists: `syncthing` on PATH, else /usr/bin/syncthing. */
gboolean             tether_test_syncthing_available           (void);

/* When syncthing is missing: g_test_skip() with a message and return TRUE. Call
 * it first in each test that needs syncthing, and return when it says TRUE. */
gboolean             tether_test_syncthing_skip_if_unavailable (void);

/* A new, stopped instance. name (no '/') names the temporary home and is the
 * device name, both in its own config and in a peer's after _pair(). Also
 * writes the API key file. */
TetherTestSyncthing *tether_test_syncthing_new                 (const char           *name,
                                                                GError              **error);

/* Stops it if running, then deletes its home recursively. */
void                 tether_test_syncthing_free                (TetherTestSyncthing  *self);

/* Runs `syncthing serve` and waits (up to 60 s) until GET /rest/system/status
 * answers with this instance's device ID. Fails early if syncthing exits. Must
 * not be running already; may be called again after _stop() or _kill(). */
gboolean             tether_test_syncthing_start               (TetherTestSyncthing  *self,
                                                                GError              **error);

/* SIGTERM, then wait for it to exit; SIGKILL if it has not after 10 s. The
 * GUI port closes at once, the process takes up to 1 s more (syncthing 1.19's
 * sync listener notices the stop on its next 1 s accept deadline). A no-op
 * when not running. */
void                 tether_test_syncthing_stop                (TetherTestSyncthing  *self);

/* SIGKILL, then wait for it to exit: a crash, as a client sees it. */
void                 tether_test_syncthing_kill                (TetherTestSyncthing  *self);

/* Sends a signal to the running process (SIGSTOP and SIGCONT stand for a
 * suspend and a resume). A no-op when not running. */
void                 tether_test_syncthing_send_signal         (TetherTestSyncthing  *self,
                                                                int                   signum);

gboolean             tether_test_syncthing_is_running          (TetherTestSyncthing  *self);

/* "http://127.0.0.1:P", no trailing slash; stable across restarts. */
const char          *tether_test_syncthing_get_url             (TetherTestSyncthing  *self);

/* A secret: never print it. */
const char          *tether_test_syncthing_get_api_key         (TetherTestSyncthing  *self);

/* A file, mode 0600, holding the API key alone (no newline): for tether
 * --api-key-file. */
const char          *tether_test_syncthing_get_api_key_file    (TetherTestSyncthing  *self);

const char          *tether_test_syncthing_get_device_id       (TetherTestSyncthing  *self);
const char          *tether_test_syncthing_get_name            (TetherTestSyncthing  *self);

/* The directory holding config.xml, the database and syncthing.log. */
const char          *tether_test_syncthing_get_home            (TetherTestSyncthing  *self);

/* "tcp://127.0.0.1:P": where it listens for other devices; stable across restarts. */
const char          *tether_test_syncthing_get_sync_address    (TetherTestSyncthing  *self);

/* Prints the end of syncthing.log with g_test_message(), e.g. before failing. */
void                 tether_test_syncthing_print_log           (TetherTestSyncthing  *self);

/* A blocking REST call with X-API-Key. path starts with '/' and may carry a
 * query; json_body may be NULL. Returns the response body, NUL-terminated
 * (possibly ""), or NULL with an error on a transport error or non-2xx status. */
char                *tether_test_syncthing_rest                (TetherTestSyncthing  *self,
                                                                const char           *method,
                                                                const char           *path,
                                                                const char           *json_body,
                                                                GError              **error);

/* Adds each to the other's config (POST /rest/config/devices, with the
 * other's name and sync address) and returns once both report the other
 * connected (~60 ms; error after 30 s). Both must be running. Only a dials
 * during pairing; b learns a's address once connected, so either side can
 * redial the other after a restart. */
gboolean             tether_test_syncthing_pair                (TetherTestSyncthing  *a,
                                                                TetherTestSyncthing  *b,
                                                                GError              **error);

/* Polls GET /rest/system/connections on self every 50 ms until it says peer
 * is connected (or, with connected FALSE, is not), for up to timeout_s
 * seconds. FALSE on timeout or when self is not running. */
gboolean             tether_test_syncthing_wait_connected      (TetherTestSyncthing  *self,
                                                                TetherTestSyncthing  *peer,
                                                                gboolean              connected,
                                                                guint                 timeout_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestSyncthing, tether_test_syncthing_free)

G_END_DECLS
