/* tether-device-page.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything about one device: its sessions on a timeline, statistics, the
 * hour-of-week grid, the pool's connections, the policy's decision, recent
 * events, and the actions (reconnect now, pause/resume, policy override).
 */

#pragma once

#include <adwaita.h>

#include "tether-device-item.h"
#include "tether-engine.h"
#include "tether-history-monitor.h"

G_BEGIN_DECLS

#define TETHER_TYPE_DEVICE_PAGE (tether_device_page_get_type ())

G_DECLARE_FINAL_TYPE (TetherDevicePage, tether_device_page, TETHER, DEVICE_PAGE, AdwBin)

GtkWidget        *tether_device_page_new            (void);
TetherDeviceItem *tether_device_page_get_item       (TetherDevicePage *self);
void              tether_device_page_set_item       (TetherDevicePage *self,
                                                     TetherDeviceItem *item);
TetherEngine     *tether_device_page_get_engine     (TetherDevicePage *self);
void              tether_device_page_set_engine     (TetherDevicePage *self,
                                                     TetherEngine     *engine);
guint             tether_device_page_get_range_days (TetherDevicePage *self);
void              tether_device_page_set_range_days (TetherDevicePage *self,
                                                     guint             days);
/* Where the page reads the device's history from. */
TetherHistoryMonitor *tether_device_page_get_monitor (TetherDevicePage     *self);
void              tether_device_page_set_monitor    (TetherDevicePage     *self,
                                                     TetherHistoryMonitor *monitor);
/* Asks the history again, and redraws what depends on the clock. */
void              tether_device_page_refresh        (TetherDevicePage *self);

/* The per-device policy override values, as stored in
 * device-policy-overrides, by the combo row's position ("" = default). */
const char       *tether_device_page_policy_value   (guint             position);
guint             tether_device_page_policy_position (const char      *value);

G_END_DECLS
