/* tether-window.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: the device list beside (or, narrow, before) the device
 * page, in an AdwLeaflet; the overall state, the network and the signal
 * sources above the list; status pages when there is nothing to list.
 */

#pragma once

#include <adwaita.h>

#include "tether-application.h"

G_BEGIN_DECLS

#define TETHER_TYPE_WINDOW (tether_window_get_type ())

G_DECLARE_FINAL_TYPE (TetherWindow, tether_window, TETHER, WINDOW, AdwApplicationWindow)

TetherWindow *tether_window_new             (TetherApplication *application);
/* The store of TetherDeviceItem, unsorted and unfiltered. */
GListModel   *tether_window_get_devices     (TetherWindow      *self);
gboolean      tether_window_get_search_mode (TetherWindow      *self);
void          tether_window_set_search_mode (TetherWindow      *self,
                                             gboolean           search_mode);

G_END_DECLS
