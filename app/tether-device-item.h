/* tether-device-item.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the device list. Items are updated in place from engine
 * snapshots, so the list view keeps its rows and notifies only what changed.
 */

#pragma once

#include <glib-object.h>

#include "tether-snapshot.h"

G_BEGIN_DECLS

#define TETHER_TYPE_DEVICE_ITEM (tether_device_item_get_type ())

G_DECLARE_FINAL_TYPE (TetherDeviceItem, tether_device_item, TETHER, DEVICE_ITEM, GObject)

TetherDeviceItem *tether_device_item_new           (TetherDeviceInfo *info);
const char       *tether_device_item_get_id        (TetherDeviceItem *self);
const char       *tether_device_item_get_name      (TetherDeviceItem *self);
const char       *tether_device_item_get_state     (TetherDeviceItem *self);
const char       *tether_device_item_get_summary   (TetherDeviceItem *self);
const char       *tether_device_item_get_icon_name (TetherDeviceItem *self);
TetherDeviceInfo *tether_device_item_get_info      (TetherDeviceItem *self);
void              tether_device_item_set_info      (TetherDeviceItem *self,
                                                    TetherDeviceInfo *info);

/* Pure helpers, tested on their own. */
char             *tether_device_describe_state     (const TetherDeviceInfo *info);
const char       *tether_device_state_icon_name    (TetherDeviceState       state);

G_END_DECLS
