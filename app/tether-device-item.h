/* tether-device-item.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the device list. Items are updated in place from engine
 * snapshots, so the list view keeps its rows and notifies only what changed.
 *
 * An item also remembers the state changes it saw while Tether ran (the
 * device page's recent events), and carries the sparkline's activity,
 * which the window reads from the connection history.
 */

#pragma once

#include <glib-object.h>

#include "tether-snapshot.h"

G_BEGIN_DECLS

/* One line of a device's recent events. */
typedef struct {
  gint64  time_us;
  char   *text;     /* owned */
} TetherDeviceEvent;

void tether_device_event_free (TetherDeviceEvent *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherDeviceEvent, tether_device_event_free)

/* Hours in the list's sparkline. */
#define TETHER_SPARKLINE_HOURS 24
/* Events an item keeps. */
#define TETHER_DEVICE_ITEM_MAX_EVENTS 50

#define TETHER_TYPE_DEVICE_ITEM (tether_device_item_get_type ())

G_DECLARE_FINAL_TYPE (TetherDeviceItem, tether_device_item, TETHER, DEVICE_ITEM, GObject)

TetherDeviceItem *tether_device_item_new             (TetherDeviceInfo *info);
/* As _new(), at a given moment (for tests). */
TetherDeviceItem *tether_device_item_new_at          (TetherDeviceInfo *info,
                                                      gint64            now_us);
const char       *tether_device_item_get_id          (TetherDeviceItem *self);
const char       *tether_device_item_get_name        (TetherDeviceItem *self);
const char       *tether_device_item_get_state       (TetherDeviceItem *self);
const char       *tether_device_item_get_state_label (TetherDeviceItem *self);
const char       *tether_device_item_get_summary     (TetherDeviceItem *self);
const char       *tether_device_item_get_headline    (TetherDeviceItem *self);
const char       *tether_device_item_get_details     (TetherDeviceItem *self);
const char       *tether_device_item_get_icon_name   (TetherDeviceItem *self);
const char       *tether_device_item_get_address     (TetherDeviceItem *self);
const char       *tether_device_item_get_since       (TetherDeviceItem *self);
const char       *tether_device_item_get_pool        (TetherDeviceItem *self);
int               tether_device_item_get_rank        (TetherDeviceItem *self);
gboolean          tether_device_item_get_paused      (TetherDeviceItem *self);
/* "ad": TETHER_SPARKLINE_HOURS shares of connected time, oldest first,
 * -1 for an hour the history did not record; NULL before it is known. */
GVariant         *tether_device_item_get_activity    (TetherDeviceItem *self);
/* Notifies when the values differ; values may be floating, or NULL. */
void              tether_device_item_set_activity    (TetherDeviceItem *self,
                                                      GVariant         *values);
TetherDeviceInfo *tether_device_item_get_info        (TetherDeviceItem *self);

/* Notifies each property whose value changed, and only those. */
void              tether_device_item_set_info        (TetherDeviceItem *self,
                                                      TetherDeviceInfo *info);
void              tether_device_item_set_info_at     (TetherDeviceItem *self,
                                                      TetherDeviceInfo *info,
                                                      gint64            now_us);
/* Recomputes what depends on the clock (since, details). */
void              tether_device_item_tick            (TetherDeviceItem *self,
                                                      gint64            now_us);

/* Of TetherDeviceEvent*, oldest first; owned by the item. */
GPtrArray        *tether_device_item_get_events      (TetherDeviceItem *self);

/* Pure helpers, tested on their own. */
char             *tether_device_describe_state       (const TetherDeviceInfo *info);
/* The list row's first line: the state and the link kind, no address. */
char             *tether_device_describe_headline    (const TetherDeviceInfo *info);
/* The list row's second line: address, since / last seen, pool slots. */
char             *tether_device_describe_details     (const TetherDeviceInfo *info,
                                                      gint64                  now_us);
/* "Since 10:42" while connected, else "Last seen …" or "Never seen". */
char             *tether_device_describe_since       (const TetherDeviceInfo *info,
                                                      gint64                  now_us);
char             *tether_device_describe_pool        (const TetherDeviceInfo *info);
/* The policy's current decision about the device, for people. */
char             *tether_device_describe_decision    (const TetherDeviceInfo *info);
const char       *tether_device_state_label          (TetherDeviceState       state);
const char       *tether_device_state_icon_name      (TetherDeviceState       state);
/* Larger sorts first: problems first, then healthy, then paused. */
int               tether_device_state_rank           (TetherDeviceState       state);

G_END_DECLS
