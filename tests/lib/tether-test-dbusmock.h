/* tether-test-dbusmock.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A private system bus and python-dbusmock services on it (NetworkManager,
 * logind), for integration tests and benchmarks.
 *
 * The bus is a GTestDBus (a dbus-daemon of its own that can activate
 * nothing). Bringing it up points DBUS_SYSTEM_BUS_ADDRESS at it, so libnm,
 * g_bus_get (G_BUS_TYPE_SYSTEM) and dbusmock's --system all use it and the
 * machine's own system bus is never touched. Bring it up once per test
 * program, before anything asks for the system bus (GLib keeps one system
 * bus connection per process), and take it down at the end.
 *
 * Each mock is `/usr/bin/python3 -m dbusmock --system --template T` (Debian's
 * python: another python3 on PATH may lack dbusmock), with a parent-death
 * signal, its call log in a temporary file (printed by _print_log()), and
 * started only once its bus name is owned. Drive it with _call() and the
 * org.freedesktop.DBus.Mock interface (see TESTING.md for what works with
 * dbusmock 0.28).
 *
 * Every call blocks (on a private main context, so the caller's contexts do
 * not run meanwhile). Under `protocol: 'tap'`, skip with
 * tether_test_dbusmock_skip_if_unavailable() and return: meson 1.0 counts
 * exit status 77 as an ERROR.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TETHER_TEST_MOCK_IFACE "org.freedesktop.DBus.Mock"

/* Whether dbus-daemon and /usr/bin/python3 with dbusmock are there. */
gboolean            tether_test_dbusmock_available           (void);

/* When they are not: g_test_skip() with a message and return TRUE. */
gboolean            tether_test_dbusmock_skip_if_unavailable (void);

typedef struct _TetherTestSystemBus TetherTestSystemBus;

/* Starts the private bus and sets DBUS_SYSTEM_BUS_ADDRESS. Its system bus
 * connection does not exit the program when the bus goes away. */
TetherTestSystemBus *tether_test_system_bus_up        (void);

/* Stops the bus; unsets DBUS_SYSTEM_BUS_ADDRESS. Mocks still running exit
 * by themselves when their bus goes. */
void                 tether_test_system_bus_down      (TetherTestSystemBus *self);

/* The process's system bus connection (the GLib singleton). */
GDBusConnection     *tether_test_system_bus_get_connection (TetherTestSystemBus *self);

typedef struct _TetherTestDBusMock TetherTestDBusMock;

/* Runs a dbusmock template on the system bus (which must be a private one:
 * DBUS_SYSTEM_BUS_ADDRESS set) and waits, up to 30 s, until bus_name is
 * owned. parameters: a JSON object for -p, or NULL. */
TetherTestDBusMock  *tether_test_dbusmock_start      (const char          *template_name,
                                                      const char          *bus_name,
                                                      const char          *parameters,
                                                      GError             **error);

/* SIGTERM, wait for the exit (SIGKILL after 10 s), then until the bus name
 * has no owner. A no-op when stopped. */
void                 tether_test_dbusmock_stop       (TetherTestDBusMock  *self);

/* Stops it and deletes its log. */
void                 tether_test_dbusmock_free       (TetherTestDBusMock  *self);

const char          *tether_test_dbusmock_get_bus_name (TetherTestDBusMock *self);

/* A blocking call to the mock (30 s timeout). parameters is consumed if
 * floating; reply_type may be NULL. Returns the reply, or NULL with error. */
GVariant            *tether_test_dbusmock_call       (TetherTestDBusMock  *self,
                                                      const char          *object_path,
                                                      const char          *interface,
                                                      const char          *method,
                                                      GVariant            *parameters,
                                                      const GVariantType  *reply_type,
                                                      GError             **error);

/* The same on org.freedesktop.DBus.Mock; asserts success. */
GVariant            *tether_test_dbusmock_mock       (TetherTestDBusMock  *self,
                                                      const char          *object_path,
                                                      const char          *method,
                                                      GVariant            *parameters);

/* Properties.Set on the mock (dbusmock then emits PropertiesChanged);
 * asserts success. value is consumed if floating. */
void                 tether_test_dbusmock_set_property (TetherTestDBusMock *self,
                                                        const char         *object_path,
                                                        const char         *interface,
                                                        const char         *name,
                                                        GVariant           *value);

/* The end of the mock's log (every call it received), with g_test_message(). */
void                 tether_test_dbusmock_print_log  (TetherTestDBusMock  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestDBusMock, tether_test_dbusmock_free)

G_END_DECLS
