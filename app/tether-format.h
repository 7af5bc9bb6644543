/* tether-format.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times, durations and connection kinds as people read them. Pure
 * functions of their arguments (and the local time zone), tested alone.
 */

#pragma once

#include <glib.h>

#include "tether-st-types.h"

G_BEGIN_DECLS

/* "45 s", "12 min", "3 h 20 min", "2 d 4 h"; "—" for a negative value. */
char       *tether_format_duration        (gint64                    seconds);

/* "842 ms", "1.4 s"; "—" for a negative value. */
char       *tether_format_milliseconds    (gint64                    ms);

/* A moment relative to now, local time: "10:42" today, "Yesterday 21:13",
 * "2 Jan, 10:42" this year, "2 Jan 2025" before. */
char       *tether_format_time            (gint64                    time_us,
                                           gint64                    now_us);

/* "LAN TCP", "QUIC", "relay"… for a connection. */
const char *tether_format_connection_kind (const TetherStConnection *conn);

/* A way a device was reached, from the history's routes: "TCP ·
 * 192.0.2.1:22000", "relay · relay://…"; the address alone may be NULL. */
char       *tether_format_route           (const char               *conn_type,
                                           const char               *address);
/* Who dialed, from a connection type: "Dialed by this computer" (…-client),
 * "Dialed by the device" (…-server); NULL when the type does not say. */
const char *tether_format_route_direction (const char               *conn_type);

/* The colour class of a connection type, shared by the timeline, its
 * legend and the pool rows: "lan", "wan", "quic", "relay" or "other". */
const char *tether_connection_class       (const char               *conn_type,
                                           gboolean                  is_local);

/* A symbolic icon for a TetherSnapshot network_type ("wifi", "ethernet",
 * "mobile", "vpn", "other" or NULL) and whether the network is online. */
const char *tether_network_icon_name      (const char               *network_type,
                                           gboolean                  online);

/* "NetworkManager · logind", from TetherSignalSources flags; NULL for none. */
char       *tether_format_sources         (guint                     sources);

/* Whether a Syncthing version keeps several connections per device (1.25+). */
gboolean    tether_syncthing_has_pool_size (const char              *version);

G_END_DECLS
