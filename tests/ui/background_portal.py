'''org.freedesktop.portal.Background for Tether's tests (a python-dbusmock template).

    python3 -m dbusmock --session --template tests/ui/background_portal.py [-p '{"autostart": false}']

RequestBackground answers at once, as a portal does after the user agreed
once: a Response signal on the request object named by the caller's
handle_token, granting background running, and autostart when asked for
(unless the parameter "autostart" is false: the user said no).
'''

# SPDX-License-Identifier: GPL-3.0-or-later

import dbus

BUS_NAME = 'org.freedesktop.portal.Desktop'
MAIN_OBJ = '/org/freedesktop/portal/desktop'
MAIN_IFACE = 'org.freedesktop.portal.Background'
SYSTEM_BUS = False


def load(mock, parameters):
    mock.grant_autostart = parameters.get('autostart', True)
    mock.AddProperties(MAIN_IFACE, {'version': dbus.UInt32(1)})


@dbus.service.method(MAIN_IFACE, in_signature='sa{sv}', out_signature='o', sender_keyword='sender')
def RequestBackground(self, parent_window, options, sender=None):
    token = options.get('handle_token', 'tether')
    handle = f"{MAIN_OBJ}/request/{sender[1:].replace('.', '_')}/{token}"
    autostart = bool(options.get('autostart', False)) and self.grant_autostart
    results = dbus.Dictionary({'background': dbus.Boolean(True),
                               'autostart': dbus.Boolean(autostart)}, signature='sv')
    self.EmitSignalDetailed('org.freedesktop.portal.Request', 'Response', 'ua{sv}',
                            [dbus.UInt32(0), results], {'path': handle, 'destination': sender})
    return dbus.ObjectPath(handle)
