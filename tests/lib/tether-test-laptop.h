/* tether-test-laptop.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A laptop, as Tether sees it over the system bus: a private system bus
 * with python-dbusmock's NetworkManager and logind on it, driven the way a
 * real laptop's would be (TESTING.md has the recipes this builds on).
 *
 * NetworkManager starts as a laptop on its home Wi-Fi: a Wi-Fi device
 * (wlan0) and a wired port (eth0), three known networks with fixed uuids
 * (so a restarted mock is the same network), "Home" active and primary,
 * CONNECTED_GLOBAL, not metered. PrimaryConnection and Metered, which the
 * template lacks, are added with AddProperty.
 *
 * The bus is one per process (GLib keeps one system bus connection per
 * process): the first tether_test_laptop_new() brings it up and points
 * DBUS_SYSTEM_BUS_ADDRESS at it, so libnm, g_bus_get() and anything started
 * later with this environment use it; tether_test_laptop_bus_down() at the
 * end of the program takes it down. Laptops come and go on it.
 *
 * Every call blocks until the mock has answered. The mocks send their
 * signals before their replies, so once a call returns, a client on this
 * bus has been sent everything the change caused.
 */

#pragma once

#include <NetworkManager.h>

#include "tether-test-dbusmock.h"

G_BEGIN_DECLS

/* The known networks. */
typedef enum {
  TETHER_TEST_NETWORK_HOME = 0,   /* "Home", Wi-Fi */
  TETHER_TEST_NETWORK_CAFE,       /* "Café", Wi-Fi */
  TETHER_TEST_NETWORK_OFFICE,     /* "Office", wired (eth0) */
  TETHER_TEST_N_NETWORKS
} TetherTestNetwork;

#define TETHER_TEST_HOME_UUID   "5f0ae2a4-1f1e-4a3c-9c55-0d6c1a0a0001"
#define TETHER_TEST_CAFE_UUID   "5f0ae2a4-1f1e-4a3c-9c55-0d6c1a0a0002"
#define TETHER_TEST_OFFICE_UUID "5f0ae2a4-1f1e-4a3c-9c55-0d6c1a0a0003"

const char *tether_test_network_get_uuid (TetherTestNetwork network);
const char *tether_test_network_get_name (TetherTestNetwork network);

/* Which services the laptop runs. */
typedef enum {
  TETHER_TEST_LAPTOP_BUS_ONLY       = 0,
  TETHER_TEST_LAPTOP_NETWORKMANAGER = 1 << 0,
  TETHER_TEST_LAPTOP_LOGIND         = 1 << 1,
  TETHER_TEST_LAPTOP_ALL            = TETHER_TEST_LAPTOP_NETWORKMANAGER | TETHER_TEST_LAPTOP_LOGIND,
} TetherTestLaptopServices;

typedef struct _TetherTestLaptop TetherTestLaptop;

/* Whether the private bus is up (a test that needs a process without a
 * system bus connection must run before the first laptop). */
gboolean          tether_test_laptop_bus_is_up       (void);

/* The private bus's address, for a child's DBUS_SYSTEM_BUS_ADDRESS; NULL
 * before the first laptop. */
const char       *tether_test_laptop_get_bus_address (void);

/* Takes the private bus down and unsets DBUS_SYSTEM_BUS_ADDRESS. At the
 * end of main(), after every laptop is freed. A no-op when it is not up. */
void              tether_test_laptop_bus_down        (void);

/* Brings the bus up if needed and starts these services on it. Call after
 * tether_test_dbusmock_skip_if_unavailable(). Asserts on failure. */
TetherTestLaptop *tether_test_laptop_new             (TetherTestLaptopServices services);

/* Stops its services; the bus stays. */
void              tether_test_laptop_free            (TetherTestLaptop *self);

/* The mocks, or NULL when not running: for calls this helper lacks. */
TetherTestDBusMock *tether_test_laptop_get_nm        (TetherTestLaptop *self);
TetherTestDBusMock *tether_test_laptop_get_logind    (TetherTestLaptop *self);

/* Services going away and coming back, as on a package upgrade. A new
 * NetworkManager starts on "Home" again. */
void              tether_test_laptop_start_nm        (TetherTestLaptop *self);
void              tether_test_laptop_stop_nm         (TetherTestLaptop *self);
void              tether_test_laptop_start_logind    (TetherTestLaptop *self);
void              tether_test_laptop_stop_logind     (TetherTestLaptop *self);

/* A round trip to each running mock: what it sent before has arrived. */
void              tether_test_laptop_ping            (TetherTestLaptop *self);

/* The end of each mock's call log, with g_test_message(). */
void              tether_test_laptop_print_logs      (TetherTestLaptop *self);

/* --- NetworkManager, step by step */

void              tether_test_laptop_set_state       (TetherTestLaptop    *self,
                                                      NMState              state);
void              tether_test_laptop_set_connectivity (TetherTestLaptop   *self,
                                                       NMConnectivityState connectivity);
void              tether_test_laptop_set_metered     (TetherTestLaptop    *self,
                                                      NMMetered            metered);
/* Activates the network on its device (ACTIVATED); it becomes primary
 * only with set_primary(). Returns the active connection's path, valid
 * until it is deactivated. */
const char       *tether_test_laptop_activate        (TetherTestLaptop    *self,
                                                      TetherTestNetwork    network);
/* Removes the network's active connection, if any. */
void              tether_test_laptop_deactivate      (TetherTestLaptop    *self,
                                                      TetherTestNetwork    network);
/* An active connection's path, or "/" for none. */
void              tether_test_laptop_set_primary     (TetherTestLaptop    *self,
                                                      const char          *active_connection);
/* The primary network's IPv4 addresses (/24 each; NULL-terminated list);
 * the first call gives it an IP4Config. */
void              tether_test_laptop_set_addresses   (TetherTestLaptop    *self,
                                                      const char          *first,
                                                      ...) G_GNUC_NULL_TERMINATED;

/* --- NetworkManager, as a laptop does it */

/* The network in use, as the last switch_to() (or the start) left it. */
TetherTestNetwork tether_test_laptop_get_network     (TetherTestLaptop    *self);

/* Leaves the current network for another one the way NetworkManager
 * does: CONNECTING, PrimaryConnection "/", the old connection down, the
 * new one activated and primary, then CONNECTED_GLOBAL. Metered is left
 * as it is. */
void              tether_test_laptop_switch_to       (TetherTestLaptop    *self,
                                                      TetherTestNetwork    network);
/* DISCONNECTED, and back to CONNECTED_GLOBAL on the same network. */
void              tether_test_laptop_go_offline      (TetherTestLaptop    *self);
void              tether_test_laptop_come_online     (TetherTestLaptop    *self);

/* --- logind */

/* PrepareForSleep(true), and PrepareForSleep(false) on waking. */
void              tether_test_laptop_sleep           (TetherTestLaptop    *self);
void              tether_test_laptop_wake            (TetherTestLaptop    *self);
/* Tether's sleep delay locks, as logind lists them (ListInhibitors). The
 * mock notices a closed lock asynchronously: poll. */
guint             tether_test_laptop_count_inhibitors (TetherTestLaptop   *self);
/* Polls the count until it is n, for TETHER_TEST_WAIT_S at most. */
gboolean          tether_test_laptop_wait_inhibitors (TetherTestLaptop    *self,
                                                      guint                n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestLaptop, tether_test_laptop_free)

G_END_DECLS
