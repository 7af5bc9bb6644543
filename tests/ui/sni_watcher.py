'''A StatusNotifierWatcher for Tether's tests (a python-dbusmock template).

    python3 -m dbusmock --session --template tests/ui/sni_watcher.py [-p '{"host": false}']

Owns org.kde.StatusNotifierWatcher, or the name in $TETHER_TEST_WATCHER_NAME
(e.g. org.freedesktop.StatusNotifierWatcher), at /StatusNotifierWatcher.
Items register by bus name ("service/StatusNotifierItem" is recorded, as
Plasma's watcher does) or by object path (the caller's unique name is used).
With "host": false no StatusNotifierHost is registered until a test calls
RegisterStatusNotifierHost. Calls are in the mock's call log
(org.freedesktop.DBus.Mock.GetMethodCalls).
'''

# SPDX-License-Identifier: GPL-3.0-or-later

import os

import dbus

BUS_NAME = os.environ.get('TETHER_TEST_WATCHER_NAME', 'org.kde.StatusNotifierWatcher')
MAIN_OBJ = '/StatusNotifierWatcher'
MAIN_IFACE = BUS_NAME
SYSTEM_BUS = False


def load(mock, parameters):
    mock.items = []
    mock.AddProperties(MAIN_IFACE, {
        'RegisteredStatusNotifierItems': dbus.Array([], signature='s'),
        'IsStatusNotifierHostRegistered': dbus.Boolean(parameters.get('host', True)),
        'ProtocolVersion': dbus.Int32(0),
    })


@dbus.service.method(MAIN_IFACE, in_signature='s', out_signature='', sender_keyword='sender')
def RegisterStatusNotifierItem(self, service, sender=None):
    if service.startswith('/'):
        item = sender + service
    else:
        item = service + '/StatusNotifierItem'
    if item not in self.items:
        self.items.append(item)
    self.Set(MAIN_IFACE, 'RegisteredStatusNotifierItems', dbus.Array(self.items, signature='s'))
    self.EmitSignal(MAIN_IFACE, 'StatusNotifierItemRegistered', 's', [item])


@dbus.service.method(MAIN_IFACE, in_signature='s', out_signature='')
def RegisterStatusNotifierHost(self, service):
    self.Set(MAIN_IFACE, 'IsStatusNotifierHostRegistered', dbus.Boolean(True))
    self.EmitSignal(MAIN_IFACE, 'StatusNotifierHostRegistered', '', [])
