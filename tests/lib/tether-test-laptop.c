/* tether-test-laptop.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-test-engine.h"
#include "tether-test-laptop.h"

#define NM_NAME           "org.freedesktop.NetworkManager"
#define NM_PATH           "/org/freedesktop/NetworkManager"
#define NM_IFACE          "org.freedesktop.NetworkManager"
#define NM_SETTINGS_PATH  "/org/freedesktop/NetworkManager/Settings"
#define NM_SETTINGS_IFACE "org.freedesktop.NetworkManager.Settings"
#define NM_AC_IFACE       "org.freedesktop.NetworkManager.Connection.Active"
#define NM_IP4_IFACE      "org.freedesktop.NetworkManager.IP4Config"
#define NM_IP4_PATH       "/org/freedesktop/NetworkManager/IP4Config/1"
#define NM_OM_PATH        "/org/freedesktop"

#define LOGIND_NAME       "org.freedesktop.login1"
#define LOGIND_PATH       "/org/freedesktop/login1"
#define LOGIND_IFACE      "org.freedesktop.login1.Manager"

static const struct {
  const char *name;
  const char *uuid;
  const char *nm_type;   /* the connection's type in NetworkManager */
  gboolean    wired;     /* on eth0, else on wlan0 */
  const char *specific;  /* the active connection's name in the mock */
} networks[TETHER_TEST_N_NETWORKS] = {
  [TETHER_TEST_NETWORK_HOME]   = { "Home",   TETHER_TEST_HOME_UUID,   "802-11-wireless", FALSE, "home" },
  [TETHER_TEST_NETWORK_CAFE]   = { "Café",   TETHER_TEST_CAFE_UUID,   "802-11-wireless", FALSE, "cafe" },
  [TETHER_TEST_NETWORK_OFFICE] = { "Office", TETHER_TEST_OFFICE_UUID, "802-3-ethernet",  TRUE,  "office" },
};

/* The one private bus of this process. */
static TetherTestSystemBus *system_bus;

struct _TetherTestLaptop
{
  TetherTestDBusMock *nm;          /* owned, nullable */
  TetherTestDBusMock *logind;      /* owned, nullable */
  TetherTestNetwork   network;     /* the one in use */
  /* Objects in the NetworkManager mock (owned, nullable). */
  char               *wlan;
  char               *eth;
  char               *connections[TETHER_TEST_N_NETWORKS]; /* settings connections */
  char               *active[TETHER_TEST_N_NETWORKS];      /* active connections */
  char               *ip4_owner;   /* the active connection holding NM_IP4_PATH */
};

const char *
tether_test_network_get_uuid (TetherTestNetwork network)
{
  g_return_val_if_fail (network < TETHER_TEST_N_NETWORKS, NULL);

  return networks[network].uuid;
}

const char *
tether_test_network_get_name (TetherTestNetwork network)
{
  g_return_val_if_fail (network < TETHER_TEST_N_NETWORKS, NULL);

  return networks[network].name;
}

/* ------------------------------------------------------------------- bus */

gboolean
tether_test_laptop_bus_is_up (void)
{
  return system_bus != NULL;
}

const char *
tether_test_laptop_get_bus_address (void)
{
  return system_bus != NULL ? g_getenv ("DBUS_SYSTEM_BUS_ADDRESS") : NULL;
}

void
tether_test_laptop_bus_down (void)
{
  g_clear_pointer (&system_bus, tether_test_system_bus_down);
}

/* -------------------------------------------------------- NetworkManager */

static void
nm_mock (TetherTestLaptop *self,
         const char       *path,
         const char       *method,
         GVariant         *parameters)
{
  g_variant_unref (tether_test_dbusmock_mock (self->nm, path, method, parameters));
}

static char *
nm_mock_path (TetherTestLaptop *self,
              const char       *method,
              GVariant         *parameters)
{
  g_autoptr(GVariant) reply = tether_test_dbusmock_mock (self->nm, NM_PATH, method, parameters);
  char *path;

  g_variant_get (reply, "(s)", &path);
  return path;
}

static char *
nm_add_connection (TetherTestLaptop  *self,
                   TetherTestNetwork  network)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder connection;
  GVariantBuilder settings;
  char *path;

  g_variant_builder_init (&connection, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&connection, "{sv}", "id", g_variant_new_string (networks[network].name));
  g_variant_builder_add (&connection, "{sv}", "uuid", g_variant_new_string (networks[network].uuid));
  g_variant_builder_add (&connection, "{sv}", "type", g_variant_new_string (networks[network].nm_type));
  g_variant_builder_init (&settings, G_VARIANT_TYPE ("a{sa{sv}}"));
  g_variant_builder_add (&settings, "{sa{sv}}", "connection", &connection);

  reply = tether_test_dbusmock_call (self->nm, NM_SETTINGS_PATH, NM_SETTINGS_IFACE, "AddConnection",
                                     g_variant_new ("(a{sa{sv}})", &settings),
                                     G_VARIANT_TYPE ("(o)"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);

  return path;
}

static void
clear_nm_objects (TetherTestLaptop *self)
{
  g_clear_pointer (&self->wlan, g_free);
  g_clear_pointer (&self->eth, g_free);
  g_clear_pointer (&self->ip4_owner, g_free);
  for (guint i = 0; i < TETHER_TEST_N_NETWORKS; i++)
    {
      g_clear_pointer (&self->connections[i], g_free);
      g_clear_pointer (&self->active[i], g_free);
    }
}

void
tether_test_laptop_start_nm (TetherTestLaptop *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->nm == NULL);

  self->nm = tether_test_dbusmock_start ("networkmanager", NM_NAME, NULL, &error);
  g_assert_no_error (error);

  /* The template has neither; AddProperty, then Properties.Set to change. */
  nm_mock (self, NM_PATH, "AddProperty",
           g_variant_new ("(ssv)", NM_IFACE, "PrimaryConnection", g_variant_new_object_path ("/")));
  nm_mock (self, NM_PATH, "AddProperty",
           g_variant_new ("(ssv)", NM_IFACE, "Metered", g_variant_new_uint32 (NM_METERED_GUESS_NO)));

  clear_nm_objects (self);
  self->wlan = nm_mock_path (self, "AddWiFiDevice",
                             g_variant_new ("(ssi)", "wlan0", "wlan0",
                                            (gint32) NM_DEVICE_STATE_ACTIVATED));
  self->eth = nm_mock_path (self, "AddEthernetDevice",
                            g_variant_new ("(ssi)", "eth0", "eth0",
                                           (gint32) NM_DEVICE_STATE_DISCONNECTED));
  for (guint i = 0; i < TETHER_TEST_N_NETWORKS; i++)
    self->connections[i] = nm_add_connection (self, i);

  self->network = TETHER_TEST_NETWORK_HOME;
  tether_test_laptop_set_primary (self, tether_test_laptop_activate (self, TETHER_TEST_NETWORK_HOME));
  tether_test_laptop_set_state (self, NM_STATE_CONNECTED_GLOBAL);
}

void
tether_test_laptop_stop_nm (TetherTestLaptop *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->nm, tether_test_dbusmock_free);
  clear_nm_objects (self);
}

TetherTestDBusMock *
tether_test_laptop_get_nm (TetherTestLaptop *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->nm;
}

void
tether_test_laptop_set_state (TetherTestLaptop *self,
                              NMState           state)
{
  g_return_if_fail (self != NULL && self->nm != NULL);

  nm_mock (self, NM_PATH, "SetGlobalConnectionState", g_variant_new ("(u)", (guint32) state));
}

void
tether_test_laptop_set_connectivity (TetherTestLaptop    *self,
                                     NMConnectivityState  connectivity)
{
  g_return_if_fail (self != NULL && self->nm != NULL);

  nm_mock (self, NM_PATH, "SetConnectivity", g_variant_new ("(u)", (guint32) connectivity));
}

void
tether_test_laptop_set_metered (TetherTestLaptop *self,
                                NMMetered         metered)
{
  g_return_if_fail (self != NULL && self->nm != NULL);

  tether_test_dbusmock_set_property (self->nm, NM_PATH, NM_IFACE, "Metered",
                                     g_variant_new_uint32 (metered));
}

void
tether_test_laptop_set_primary (TetherTestLaptop *self,
                                const char       *active_connection)
{
  g_return_if_fail (self != NULL && self->nm != NULL);
  g_return_if_fail (g_variant_is_object_path (active_connection));

  tether_test_dbusmock_set_property (self->nm, NM_PATH, NM_IFACE, "PrimaryConnection",
                                     g_variant_new_object_path (active_connection));
}

const char *
tether_test_laptop_activate (TetherTestLaptop  *self,
                             TetherTestNetwork  network)
{
  const char *devices[2] = { NULL, NULL };

  g_return_val_if_fail (self != NULL && self->nm != NULL, NULL);
  g_return_val_if_fail (network < TETHER_TEST_N_NETWORKS, NULL);
  g_return_val_if_fail (self->active[network] == NULL, NULL);

  devices[0] = networks[network].wired ? self->eth : self->wlan;
  self->active[network] = nm_mock_path (self, "AddActiveConnection",
                                        g_variant_new ("(^assssu)", devices,
                                                       self->connections[network], "/",
                                                       networks[network].specific,
                                                       (guint32) NM_ACTIVE_CONNECTION_STATE_ACTIVATED));
  return self->active[network];
}

void
tether_test_laptop_deactivate (TetherTestLaptop  *self,
                               TetherTestNetwork  network)
{
  g_return_if_fail (self != NULL && self->nm != NULL);
  g_return_if_fail (network < TETHER_TEST_N_NETWORKS);

  if (self->active[network] == NULL)
    return;

  nm_mock (self, NM_PATH, "RemoveActiveConnection",
           g_variant_new ("(ss)", networks[network].wired ? self->eth : self->wlan,
                          self->active[network]));
  g_clear_pointer (&self->active[network], g_free);
}

static GVariant *
address_data (const char *first,
              va_list     args)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (const char *address = first; address != NULL; address = va_arg (args, const char *))
    {
      GVariantBuilder entry;

      g_variant_builder_init (&entry, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&entry, "{sv}", "address", g_variant_new_string (address));
      g_variant_builder_add (&entry, "{sv}", "prefix", g_variant_new_uint32 (24));
      g_variant_builder_add (&builder, "a{sv}", &entry);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static GVariant *
ip4_properties (GVariant *addresses)
{
  GVariantBuilder props;

  g_variant_builder_init (&props, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&props, "{sv}", "AddressData", addresses);
  g_variant_builder_add (&props, "{sv}", "Gateway", g_variant_new_string ("192.168.1.1"));

  return g_variant_builder_end (&props);
}

/* An IPv4 config announced to ObjectManager clients (dbusmock's AddObject
 * does not), set as the active connection's Ip4Config. */
static void
add_ip4_config (TetherTestLaptop *self,
                const char       *active_connection,
                GVariant         *addresses)
{
  GVariantBuilder interfaces;
  GVariant *args[2];

  nm_mock (self, NM_PATH, "AddObject",
           g_variant_new ("(ss@a{sv}a(ssss))", NM_IP4_PATH, NM_IP4_IFACE,
                          ip4_properties (addresses), NULL));

  g_variant_builder_init (&interfaces, G_VARIANT_TYPE ("a{sa{sv}}"));
  g_variant_builder_add (&interfaces, "{s@a{sv}}", NM_IP4_IFACE, ip4_properties (addresses));
  args[0] = g_variant_new_variant (g_variant_new_object_path (NM_IP4_PATH));
  args[1] = g_variant_new_variant (g_variant_builder_end (&interfaces));
  nm_mock (self, NM_OM_PATH, "EmitSignal",
           g_variant_new ("(sss@av)", "org.freedesktop.DBus.ObjectManager", "InterfacesAdded",
                          "oa{sa{sv}}", g_variant_new_array (G_VARIANT_TYPE_VARIANT, args, 2)));

  nm_mock (self, active_connection, "AddProperty",
           g_variant_new ("(ssv)", NM_AC_IFACE, "Ip4Config", g_variant_new_object_path ("/")));
  tether_test_dbusmock_set_property (self->nm, active_connection, NM_AC_IFACE, "Ip4Config",
                                     g_variant_new_object_path (NM_IP4_PATH));
  self->ip4_owner = g_strdup (active_connection);
}

void
tether_test_laptop_set_addresses (TetherTestLaptop *self,
                                  const char       *first,
                                  ...)
{
  g_autoptr(GVariant) addresses = NULL;
  va_list args;

  g_return_if_fail (self != NULL && self->nm != NULL);
  g_return_if_fail (self->active[self->network] != NULL);

  va_start (args, first);
  addresses = address_data (first, args);
  va_end (args);

  if (self->ip4_owner == NULL)
    add_ip4_config (self, self->active[self->network], addresses);
  else
    tether_test_dbusmock_set_property (self->nm, NM_IP4_PATH, NM_IP4_IFACE, "AddressData",
                                       addresses);
}

TetherTestNetwork
tether_test_laptop_get_network (TetherTestLaptop *self)
{
  g_return_val_if_fail (self != NULL, TETHER_TEST_NETWORK_HOME);

  return self->network;
}

void
tether_test_laptop_switch_to (TetherTestLaptop  *self,
                              TetherTestNetwork  network)
{
  g_return_if_fail (self != NULL && self->nm != NULL);
  g_return_if_fail (network < TETHER_TEST_N_NETWORKS);
  g_return_if_fail (network != self->network);

  tether_test_laptop_set_state (self, NM_STATE_CONNECTING);
  tether_test_laptop_set_primary (self, "/");
  tether_test_laptop_deactivate (self, self->network);
  tether_test_laptop_set_primary (self, tether_test_laptop_activate (self, network));
  self->network = network;
  tether_test_laptop_set_state (self, NM_STATE_CONNECTED_GLOBAL);
}

void
tether_test_laptop_go_offline (TetherTestLaptop *self)
{
  tether_test_laptop_set_state (self, NM_STATE_DISCONNECTED);
}

void
tether_test_laptop_come_online (TetherTestLaptop *self)
{
  tether_test_laptop_set_state (self, NM_STATE_CONNECTED_GLOBAL);
}

/* ---------------------------------------------------------------- logind */

void
tether_test_laptop_start_logind (TetherTestLaptop *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->logind == NULL);

  self->logind = tether_test_dbusmock_start ("logind", LOGIND_NAME, NULL, &error);
  g_assert_no_error (error);
}

void
tether_test_laptop_stop_logind (TetherTestLaptop *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->logind, tether_test_dbusmock_free);
}

TetherTestDBusMock *
tether_test_laptop_get_logind (TetherTestLaptop *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->logind;
}

static void
prepare_for_sleep (TetherTestLaptop *self,
                   gboolean          start)
{
  GVariant *arg = g_variant_new_variant (g_variant_new_boolean (start));

  g_return_if_fail (self != NULL && self->logind != NULL);

  g_variant_unref (tether_test_dbusmock_mock (self->logind, LOGIND_PATH, "EmitSignal",
                                              g_variant_new ("(sss@av)", LOGIND_IFACE,
                                                             "PrepareForSleep", "b",
                                                             g_variant_new_array (G_VARIANT_TYPE_VARIANT,
                                                                                  &arg, 1))));
}

void
tether_test_laptop_sleep (TetherTestLaptop *self)
{
  prepare_for_sleep (self, TRUE);
}

void
tether_test_laptop_wake (TetherTestLaptop *self)
{
  prepare_for_sleep (self, FALSE);
}

guint
tether_test_laptop_count_inhibitors (TetherTestLaptop *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const char *what, *who, *why, *mode;
  guint32 uid, pid;
  guint n = 0;

  g_return_val_if_fail (self != NULL && self->logind != NULL, 0);

  reply = tether_test_dbusmock_call (self->logind, LOGIND_PATH, LOGIND_IFACE, "ListInhibitors",
                                     NULL, G_VARIANT_TYPE ("(a(ssssuu))"), &error);
  g_assert_no_error (error);

  g_variant_get (reply, "(a(ssssuu))", &iter);
  while (g_variant_iter_next (iter, "(&s&s&s&suu)", &what, &who, &why, &mode, &uid, &pid))
    if (g_str_equal (what, "sleep") && g_str_equal (who, "Tether") && g_str_equal (mode, "delay"))
      n++;

  return n;
}

typedef struct {
  TetherTestLaptop *laptop;
  guint             n;
} Inhibitors;

static gboolean
inhibitors_are (gpointer user_data)
{
  Inhibitors *want = user_data;

  return tether_test_laptop_count_inhibitors (want->laptop) == want->n;
}

gboolean
tether_test_laptop_wait_inhibitors (TetherTestLaptop *self,
                                    guint             n)
{
  Inhibitors want = { self, n };
  g_autofree char *what = g_strdup_printf ("%u of Tether's sleep locks in logind's list", n);

  g_return_val_if_fail (self != NULL && self->logind != NULL, FALSE);

  return tether_test_wait_until (inhibitors_are, &want, what);
}

/* ---------------------------------------------------------------- laptop */

TetherTestLaptop *
tether_test_laptop_new (TetherTestLaptopServices services)
{
  TetherTestLaptop *self = g_new0 (TetherTestLaptop, 1);

  if (system_bus == NULL)
    system_bus = tether_test_system_bus_up ();

  if (services & TETHER_TEST_LAPTOP_NETWORKMANAGER)
    tether_test_laptop_start_nm (self);
  if (services & TETHER_TEST_LAPTOP_LOGIND)
    tether_test_laptop_start_logind (self);

  return self;
}

void
tether_test_laptop_free (TetherTestLaptop *self)
{
  if (self == NULL)
    return;

  tether_test_laptop_stop_nm (self);
  tether_test_laptop_stop_logind (self);
  g_free (self);
}

static void
ping (TetherTestDBusMock *mock)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = tether_test_dbusmock_call (mock, "/", "org.freedesktop.DBus.Peer", "Ping",
                                     NULL, NULL, &error);
  g_assert_no_error (error);
}

void
tether_test_laptop_ping (TetherTestLaptop *self)
{
  g_return_if_fail (self != NULL);

  if (self->nm != NULL)
    ping (self->nm);
  if (self->logind != NULL)
    ping (self->logind);
}

void
tether_test_laptop_print_logs (TetherTestLaptop *self)
{
  g_return_if_fail (self != NULL);

  if (self->nm != NULL)
    tether_test_dbusmock_print_log (self->nm);
  if (self->logind != NULL)
    tether_test_dbusmock_print_log (self->logind);
}
