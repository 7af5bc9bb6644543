/* tether-st-types.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C records for the parts of Syncthing's REST API that Tether uses,
 * and their json-glib parsers. Every field Tether reads is checked for
 * presence and type; unknown fields are ignored. A record with a wrong field
 * is rejected alone (counted in n_skipped), the rest of the response is kept.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TETHER_ST_ERROR (tether_st_error_quark ())

typedef enum {
  TETHER_ST_ERROR_SYNTAX,   /* not JSON, or truncated */
  TETHER_ST_ERROR_SHAPE,    /* JSON, but not the shape Syncthing sends */
  TETHER_ST_ERROR_TOO_LARGE /* over TETHER_ST_MAX_RESPONSE */
} TetherStError;

/* No response Tether asks for comes near this; anything larger is refused. */
#define TETHER_ST_MAX_RESPONSE (32 * 1024 * 1024)

GQuark tether_st_error_quark (void);

/* GET /rest/system/version */
typedef struct {
  char *version;      /* owned, "v1.19.2-ds1" as sent */
  guint major;        /* major.minor.patch are 0 when version is not */
  guint minor;        /* "vN.N…", e.g. a development build's */
  guint patch;        /* "unknown-dev" */
} TetherStVersion;

/* One entry of lastDialStatus in GET /rest/system/status */
typedef struct {
  char    *address;   /* owned, the dialed URL */
  gboolean ok;
  char    *error;     /* owned, nullable: Syncthing's error text */
  gint64   when_us;   /* unix time in µs, 0 when absent */
} TetherStDialStatus;

/* GET /rest/system/status. A malformed lastDialStatus entry is left out:
 * the rest of the status is still useful. */
typedef struct {
  char      *my_id;          /* owned */
  gint64     start_time_us;  /* unix µs of Syncthing's start, 0 when absent */
  GPtrArray *dial_status;    /* owned, of TetherStDialStatus*, free func set */
} TetherStStatus;

/* One device of GET /rest/config/devices */
typedef struct {
  char    *device_id;        /* owned */
  char    *name;             /* owned, "" when unnamed */
  char   **addresses;        /* owned, NULL-terminated; "dynamic" kept as is */
  gboolean paused;
  guint    num_connections;  /* as configured; 0 when absent (Syncthing < 1.25)
                              * or left at Syncthing's default, which is 1
                              * before 2.0 and 3 from 2.0 */
} TetherStDevice;

/* One live connection, from GET /rest/system/connections */
typedef struct {
  char    *address;          /* owned, "127.0.0.1:22001" */
  char    *type;             /* owned, "tcp-client", "quic-server", "relay-client"… */
  char    *crypto;           /* owned, nullable */
  char    *client_version;   /* owned, nullable */
  gboolean is_local;         /* LAN, as Syncthing judges it (false when absent) */
  gint64   started_at_us;    /* unix µs, 0 when absent */
  guint64  in_bytes;
  guint64  out_bytes;
} TetherStConnection;

/* One device's entry in GET /rest/system/connections. Both shapes are
 * read: ≤ 1.24 has the connection's fields inline; ≥ 1.25 adds "primary"
 * and "secondary"[]. connections holds the primary first. */
typedef struct {
  char      *device_id;      /* owned */
  gboolean   connected;
  gboolean   paused;
  GPtrArray *connections;    /* owned, of TetherStConnection*; empty when not connected */
} TetherStDeviceConnections;

/* GET /rest/stats/device, one device */
typedef struct {
  char  *device_id;          /* owned */
  gint64 last_seen_us;       /* unix µs; 0 for never (Syncthing sends 1970) */
} TetherStDeviceStats;

typedef enum {
  TETHER_ST_EVENT_OTHER = 0,
  TETHER_ST_EVENT_DEVICE_CONNECTED,
  TETHER_ST_EVENT_DEVICE_DISCONNECTED,
  TETHER_ST_EVENT_DEVICE_DISCOVERED,
  TETHER_ST_EVENT_DEVICE_PAUSED,
  TETHER_ST_EVENT_DEVICE_RESUMED,
  TETHER_ST_EVENT_CONFIG_SAVED,
} TetherStEventType;

/* One event of GET /rest/events. Fields that do not apply are NULL. */
typedef struct {
  gint64            id;
  TetherStEventType type;
  gint64            time_us;         /* unix µs */
  char             *device_id;       /* owned; all device events */
  char             *device_name;     /* owned; DeviceConnected */
  char             *address;         /* owned; DeviceConnected "addr" */
  char             *conn_type;       /* owned; DeviceConnected "type" */
  char             *client_version;  /* owned; DeviceConnected */
  char             *error;           /* owned; DeviceDisconnected */
  char            **addrs;           /* owned; DeviceDiscovered */
} TetherStEvent;

void tether_st_version_free             (TetherStVersion           *self);
void tether_st_dial_status_free         (TetherStDialStatus        *self);
void tether_st_status_free              (TetherStStatus            *self);
void tether_st_device_free              (TetherStDevice            *self);
void tether_st_connection_free          (TetherStConnection        *self);
TetherStConnection *tether_st_connection_copy (const TetherStConnection *self);
void tether_st_device_connections_free  (TetherStDeviceConnections *self);
void tether_st_device_stats_free        (TetherStDeviceStats       *self);
void tether_st_event_free               (TetherStEvent             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStVersion, tether_st_version_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStDialStatus, tether_st_dial_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStStatus, tether_st_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStDevice, tether_st_device_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStConnection, tether_st_connection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStDeviceConnections, tether_st_device_connections_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStDeviceStats, tether_st_device_stats_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStEvent, tether_st_event_free)

/* Parsers. data need not be NUL-terminated. On a whole-response error they
 * return NULL/FALSE and set error; per-record errors skip the record and
 * add one to *n_skipped (which may be NULL). */
TetherStVersion *tether_st_parse_version     (const char  *data,
                                              gsize        len,
                                              GError     **error);
TetherStStatus  *tether_st_parse_status      (const char  *data,
                                              gsize        len,
                                              GError     **error);
/* Returns a GPtrArray of TetherStDevice*. */
GPtrArray       *tether_st_parse_devices     (const char  *data,
                                              gsize        len,
                                              guint       *n_skipped,
                                              GError     **error);
/* GET /rest/config/devices/ID: one device. */
TetherStDevice  *tether_st_parse_device      (const char  *data,
                                              gsize        len,
                                              GError     **error);
/* Returns a GPtrArray of TetherStDeviceConnections*. */
GPtrArray       *tether_st_parse_connections (const char  *data,
                                              gsize        len,
                                              guint       *n_skipped,
                                              GError     **error);
/* Returns a GPtrArray of TetherStDeviceStats*. */
GPtrArray       *tether_st_parse_device_stats (const char  *data,
                                               gsize        len,
                                               guint       *n_skipped,
                                               GError     **error);
/* Returns a GPtrArray of TetherStEvent* in the order sent. Events of other
 * types are kept as TETHER_ST_EVENT_OTHER (their id matters for ?since=).
 * *last_id is the highest id seen in the array, even in skipped records
 * whose id could be read; it is left alone when there is none. */
GPtrArray       *tether_st_parse_events      (const char  *data,
                                              gsize        len,
                                              gint64      *last_id,
                                              guint       *n_skipped,
                                              GError     **error);

/* "v1.19.2-ds1" → 1, 19, 2. FALSE when it does not start with vN.N. */
gboolean tether_st_parse_version_string (const char *version,
                                         guint      *major,
                                         guint      *minor,
                                         guint      *patch);

/* RFC 3339 with any fraction → unix µs; 0 for NULL, bad input or times
 * before 1971 (Syncthing's "never"). */
gint64   tether_st_parse_time           (const char *rfc3339);

const char *tether_st_event_type_to_string (TetherStEventType type);

G_END_DECLS
