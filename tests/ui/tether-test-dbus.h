/* tether-test-dbus.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * D-Bus helpers for the tray, background and notification tests: calls made
 * the way TESTING.md says (asynchronously, iterating the thread-default
 * context, so that a call to an object exported on this same thread cannot
 * deadlock), waits on names, and python-dbusmock processes.
 *
 * Every wait gives up after TETHER_TEST_WAIT_S and says so; none sleeps.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TETHER_TEST_WAIT_S 60
#define TETHER_TEST_POLL_MS 50

typedef gboolean (*TetherTestCondition) (gpointer data);

/* Iterates the thread-default context until condition (data) holds; FALSE
 * on timeout. condition is checked after every event, and at least every
 * TETHER_TEST_POLL_MS for states that send no event (another process's
 * windows); it must not block. */
gboolean     tether_test_wait_until          (TetherTestCondition  condition,
                                              gpointer             data,
                                              guint                timeout_s);
gboolean     tether_test_wait_flag           (const gboolean      *flag,
                                              guint                timeout_s);

/* A new connection to the bus at address (the test's own "host" side). */
GDBusConnection *tether_test_dbus_connect    (const char          *address,
                                              GError             **error);

/* An asynchronous call, waited for by iterating. It may start the
 * destination through D-Bus activation. */
GVariant    *tether_test_dbus_call           (GDBusConnection     *connection,
                                              const char          *bus_name,
                                              const char          *object_path,
                                              const char          *interface_name,
                                              const char          *method_name,
                                              GVariant            *parameters,
                                              const GVariantType  *reply_type,
                                              GError             **error);
/* org.freedesktop.DBus.Properties.Get, unboxed. */
GVariant    *tether_test_dbus_get_property   (GDBusConnection     *connection,
                                              const char          *bus_name,
                                              const char          *object_path,
                                              const char          *interface_name,
                                              const char          *property_name,
                                              GError             **error);
/* Waits until name has an owner (or, with owned FALSE, has none). */
gboolean     tether_test_dbus_wait_name      (GDBusConnection     *connection,
                                              const char          *name,
                                              gboolean             owned,
                                              guint                timeout_s);

/* A launcher whose children get SIGTERM when this test program dies, so
 * that a failed test leaves no mock or tether behind. */
GSubprocessLauncher *tether_test_launcher_new (GSubprocessFlags flags);

/* Whether dbus-daemon is on PATH and /usr/bin/python3 can import
 * dbusmock; when not, g_test_skip() and TRUE. */
gboolean     tether_test_dbusmock_skip_if_unavailable (void);
/* Starts `python3 -m dbusmock --session --template TEMPLATE` (a file path or
 * a template name) and waits until it owns bus_name. env: NULL-terminated
 * "NAME", "VALUE" pairs to add; parameters: JSON for -p, or NULL. */
GSubprocess *tether_test_dbusmock_start      (GDBusConnection     *connection,
                                              const char          *template_name,
                                              const char          *bus_name,
                                              const char          *parameters,
                                              const char * const  *env,
                                              GError             **error);
/* SIGTERM, then waits for it to exit and for bus_name to be released. */
void         tether_test_dbusmock_stop       (GDBusConnection     *connection,
                                              GSubprocess         *mock,
                                              const char          *bus_name);
/* org.freedesktop.DBus.Mock.GetMethodCalls: an array of (tav). */
GVariant    *tether_test_dbusmock_get_calls  (GDBusConnection     *connection,
                                              const char          *bus_name,
                                              const char          *object_path,
                                              const char          *method_name);

G_END_DECLS
