/* tether-tray.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tether's icon in the panel: a StatusNotifierItem (org.kde.StatusNotifierItem
 * at /StatusNotifierItem) with its menu exported as com.canonical.dbusmenu at
 * /MenuBar. It registers with org.kde.StatusNotifierWatcher (or
 * org.freedesktop.StatusNotifierWatcher), registers again whenever the
 * watcher's owner changes, and says through :available whether a host shows
 * it. Without a watcher (or a session bus) it stays exported and waits.
 *
 * It activates actions of the group it is given, by name:
 *   Activate (left click)        "toggle-window" with an activation token ("s")
 *   SecondaryActivate (middle)   "show-window"
 * and the menu items' actions are whatever the menu model names.
 */

#pragma once

#include <gio/gio.h>

#include "tether-tray-state.h"

G_BEGIN_DECLS

#define TETHER_TYPE_TRAY (tether_tray_get_type ())

G_DECLARE_FINAL_TYPE (TetherTray, tether_tray, TETHER, TRAY, GObject)

/* connection may be NULL (no session bus): the tray is then never
 * available. Fails only when the object paths are taken on connection.
 * actions is not referenced: it is normally the application, which owns
 * the tray. */
TetherTray      *tether_tray_new                (GDBusConnection      *connection,
                                                 GActionGroup         *actions,
                                                 GMenuModel           *menu,
                                                 GError              **error);
/* TRUE while a StatusNotifierWatcher has accepted the item and says a host
 * is there to show it. */
gboolean         tether_tray_get_available      (TetherTray           *self);
TetherTrayState  tether_tray_get_state          (TetherTray           *self);
void             tether_tray_set_snapshot       (TetherTray           *self,
                                                 TetherSnapshot       *snapshot);

G_END_DECLS
