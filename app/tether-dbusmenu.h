/* tether-dbusmenu.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports a GMenuModel as com.canonical.dbusmenu, the menu protocol that
 * StatusNotifierItem hosts (Plasma, the GNOME AppIndicator extension, Xfce,
 * waybar…) render. Items are bound to the named actions of a GActionGroup:
 * "enabled" follows the action, a click activates it, a boolean state shows
 * as a check mark, and the "hidden-when" attribute ("action-disabled",
 * "action-missing") drives "visible", as in GTK's own menus.
 *
 * Only "app." actions are supported: an item with action "app.quit" is
 * bound to "quit" in the group (normally the GApplication itself). Sections
 * become separators, submenus become nested items. The model is read again
 * (and LayoutUpdated emitted) whenever any of its menus changes.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TETHER_TYPE_DBUSMENU (tether_dbusmenu_get_type ())

G_DECLARE_FINAL_TYPE (TetherDbusmenu, tether_dbusmenu, TETHER, DBUSMENU, GObject)

/* Exports at once; the export ends when the object is disposed. Fails when
 * something else is exported at object_path on that connection. actions is
 * not referenced (it is normally the application, which owns the menu). */
TetherDbusmenu *tether_dbusmenu_new             (GDBusConnection  *connection,
                                                 const char       *object_path,
                                                 GMenuModel       *menu,
                                                 GActionGroup     *actions,
                                                 GError          **error);
const char     *tether_dbusmenu_get_object_path (TetherDbusmenu   *self);
/* Bumped on every layout change; for tests. */
guint           tether_dbusmenu_get_revision    (TetherDbusmenu   *self);

G_END_DECLS
