/* tether-syncthing-probe.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Test Connection": one GET /rest/system/version against a location the
 * user typed (or the one config.xml gives), on a worker thread with its
 * own GMainContext, so the caller's context never waits on a socket.
 */

#pragma once

#include <gio/gio.h>

#include "tether-st-types.h"

G_BEGIN_DECLS

/* url and api_key follow tether_engine_new(): NULL or "" takes the value
 * from config.xml. The answer arrives on the caller's thread-default
 * context; a request gives up after about ten seconds. */
void             tether_syncthing_probe_async  (const char           *url,
                                                const char           *api_key,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* The version Syncthing reported; *url_out (nullable) gets the address that
 * answered. On failure the error is a TETHER_ST_LOCATION_ERROR,
 * TETHER_SYNCTHING_CLIENT_ERROR or TETHER_ST_ERROR with a message for people. */
TetherStVersion *tether_syncthing_probe_finish (GAsyncResult         *result,
                                                char                **url_out,
                                                GError              **error);

G_END_DECLS
