/* tether-notifier.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Desktop notifications (GNotification, through the application), each
 * gated by its GSettings key. Clicking one shows the window (app.show-window).
 *
 * notify-errors (on by default) — Syncthing not found, not reachable,
 *   rejecting the API key, or not answering like Syncthing. Once per
 *   episode: an episode starts when the engine reports one of these and ends
 *   when it is online again, and then the notification is withdrawn. All but
 *   a rejected API key must last TETHER_NOTIFIER_ERROR_GRACE_MS first:
 *   Syncthing restarting after an upgrade or a settings change, starting at
 *   login a little after Tether, or answering empty pages while it starts,
 *   is not worth a notification. A different error within an episode
 *   replaces the notification.
 *
 * notify-flapping — a device flaps when it had TETHER_NOTIFIER_FLAP_COUNT
 *   short sessions (connected for less than TETHER_NOTIFIER_FLAP_SHORT_S,
 *   then disconnected) within TETHER_NOTIFIER_FLAP_WINDOW_S. One notification
 *   per device, then none for that device for TETHER_NOTIFIER_FLAP_QUIET_S.
 *   Pauses, and disconnections while Syncthing itself is away, do not count.
 *
 * notify-reconnected — after tether_notifier_note_resume() (the computer
 *   woke up), the devices that go from not connected to connected within
 *   TETHER_NOTIFIER_RESUME_WINDOW_MS are counted: "Reconnected 2 devices in
 *   0.4 s after resume", sent as soon as every unpaused device is connected,
 *   or at the end of the window if some were. The time is from the resume to
 *   the last of those connections, as the snapshots show them. The
 *   application calls note_resume() when a snapshot's wake-up count
 *   changes (logind's PrepareForSleep(false), or a clock jump).
 */

#pragma once

#include <gio/gio.h>

#include "tether-snapshot.h"

G_BEGIN_DECLS

#define TETHER_NOTIFIER_ERROR_GRACE_MS    30000
#define TETHER_NOTIFIER_FLAP_COUNT        3
#define TETHER_NOTIFIER_FLAP_SHORT_S      120
#define TETHER_NOTIFIER_FLAP_WINDOW_S     600
#define TETHER_NOTIFIER_FLAP_QUIET_S      3600
#define TETHER_NOTIFIER_RESUME_WINDOW_MS  30000

#define TETHER_TYPE_NOTIFIER (tether_notifier_get_type ())

G_DECLARE_FINAL_TYPE (TetherNotifier, tether_notifier, TETHER, NOTIFIER, GObject)

/* application is not referenced: it owns the notifier. Notifications are
 * sent only while it is registered. */
TetherNotifier *tether_notifier_new          (GApplication   *application);
void            tether_notifier_update       (TetherNotifier *self,
                                              TetherSnapshot *snapshot);
void            tether_notifier_note_resume  (TetherNotifier *self);

/* For tests: explicit monotonic times (µs) and shorter timers. */
void            _tether_notifier_update_at      (TetherNotifier *self,
                                                 TetherSnapshot *snapshot,
                                                 gint64          now_us);
void            _tether_notifier_note_resume_at (TetherNotifier *self,
                                                 gint64          now_us);
void            _tether_notifier_set_timers     (TetherNotifier *self,
                                                 guint           error_grace_ms,
                                                 guint           resume_window_ms);

G_END_DECLS
