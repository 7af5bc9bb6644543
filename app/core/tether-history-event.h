/* tether-history-event.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One record of the connection history, and the line format it is stored
 * in. The format is described in full at the top of tether-history-event.c;
 * in short: one line per record, tab-separated, versioned by a header line,
 * repeated strings (device IDs, network UUIDs, names, connection types)
 * written once as numbered definitions, and a 16-bit check at the end of
 * every line so that a damaged line is recognised and skipped alone.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TETHER_HISTORY_ERROR (tether_history_error_quark ())

typedef enum {
  TETHER_HISTORY_ERROR_CORRUPT,   /* a line that is not a valid record */
  TETHER_HISTORY_ERROR_VERSION,   /* written by a newer Tether */
  TETHER_HISTORY_ERROR_IO,        /* reading or writing the file failed */
  TETHER_HISTORY_ERROR_LOCKED,    /* another Tether records into it */
} TetherHistoryError;

GQuark tether_history_error_quark (void);

/* The line format's version; a file with a newer one is not touched. */
#define TETHER_HISTORY_FORMAT_VERSION 1

typedef enum {
  TETHER_HISTORY_EVENT_INVALID = 0,
  TETHER_HISTORY_EVENT_CONNECTED,          /* a device connected (or was found connected) */
  TETHER_HISTORY_EVENT_DISCONNECTED,       /* ... disconnected (or was found disconnected) */
  TETHER_HISTORY_EVENT_DISCOVERED,         /* local or global discovery found it */
  TETHER_HISTORY_EVENT_PAUSED,
  TETHER_HISTORY_EVENT_RESUMED,
  TETHER_HISTORY_EVENT_PREWARM,            /* Tether made Syncthing dial it */
  TETHER_HISTORY_EVENT_RECONNECTED,        /* how long a reconnection took (value, ms) */
  TETHER_HISTORY_EVENT_NETWORK_CHANGED,    /* network_uuid is the new one; NULL = offline */
  TETHER_HISTORY_EVENT_SLEEP,              /* the computer goes to sleep */
  TETHER_HISTORY_EVENT_WAKE,               /* ... and woke up */
  TETHER_HISTORY_EVENT_TETHER_STARTED,
  TETHER_HISTORY_EVENT_TETHER_STOPPED,
  TETHER_HISTORY_EVENT_SYNCTHING_STARTED,  /* a Syncthing instance Tether had not seen (value = its start time) */
  TETHER_HISTORY_EVENT_ALIVE,              /* Tether is still running: bounds what a crash loses */
  TETHER_HISTORY_N_EVENT_KINDS
} TetherHistoryEventKind;

typedef enum {
  TETHER_HISTORY_FLAG_NONE      = 0,
  TETHER_HISTORY_FLAG_LAN       = 1 << 0, /* CONNECTED: Syncthing calls it a LAN connection */
  TETHER_HISTORY_FLAG_BY_TETHER = 1 << 1, /* PAUSED, RESUMED: Tether did it, not the user */
  TETHER_HISTORY_FLAG_PREWARM   = 1 << 2, /* RECONNECTED: after a Tether pre-warm */
  TETHER_HISTORY_FLAG_METERED   = 1 << 3, /* NETWORK_CHANGED */
  TETHER_HISTORY_FLAG_OBSERVED  = 1 << 4, /* CONNECTED, DISCONNECTED: read from Syncthing's
                                           * state rather than from one of its events */
} TetherHistoryEventFlags;

/* One record. It never owns its strings: they point into the line being
 * decoded, into the caller's own memory, or (after
 * tether_history_event_copy()) into the copy's single allocation.
 *
 * device_id, network_uuid, name, type, address and crypto come from small
 * sets (devices, networks, connection kinds, hosts) and are stored once per
 * file; the decoder hands them out interned with g_intern_string(), so a
 * reader may compare them by pointer. text is free text, stored inline. */
typedef struct {
  gint64                  time_us;      /* unix µs; 0 in tether_history_append() means now */
  TetherHistoryEventKind  kind;
  TetherHistoryEventFlags flags;
  gint64                  value;        /* RECONNECTED: latency in ms;
                                         * CONNECTED: the connection's start (unix µs), 0 unknown;
                                         * SYNCTHING_STARTED: Syncthing's start time (unix µs) */
  const char             *device_id;    /* device events; NULL for the others */
  const char             *network_uuid; /* the network it happened on; NULL unknown */
  const char             *name;         /* device events: the device's name, when known;
                                         * NETWORK_CHANGED: the network's */
  const char             *type;         /* CONNECTED: "tcp-client"…; NETWORK_CHANGED: "wifi"… */
  const char             *crypto;       /* CONNECTED: TLS version and cipher */
  const char             *address;      /* CONNECTED: the remote address (stored as
                                         * tether_history_address_host() says) */
  const char             *text;         /* DISCONNECTED: Syncthing's error; PREWARM,
                                         * RECONNECTED: the trigger; DISCOVERED: the
                                         * addresses, separated by spaces */
} TetherHistoryEvent;

const char *tether_history_event_kind_to_string   (TetherHistoryEventKind kind);
/* "connected" → TETHER_HISTORY_EVENT_CONNECTED; INVALID when unknown. */
TetherHistoryEventKind tether_history_event_kind_from_string (const char *name);
/* Whether the kind is about one device (and so needs device_id). */
gboolean    tether_history_event_kind_has_device  (TetherHistoryEventKind kind);

/* A copy in one allocation, free with g_free() or tether_history_event_free().
 * The interned fields are interned in the copy. */
TetherHistoryEvent *tether_history_event_copy     (const TetherHistoryEvent *self);
void                tether_history_event_free     (TetherHistoryEvent       *self);
/* Replaces device_id, network_uuid, name, type, address and crypto by
 * their g_intern_string() versions; the address as the file keeps it
 * (tether_history_address_host()). */
void                tether_history_event_intern   (TetherHistoryEvent       *self);
gboolean            tether_history_event_equal    (const TetherHistoryEvent *a,
                                                   const TetherHistoryEvent *b);

/* The address as the history keeps it: for a connection the peer opened
 * (type "…-server"), its host without the port, which is a random one each
 * time ("10.0.0.5:51234" → "10.0.0.5", "[fe80::1]:4000" → "[fe80::1]");
 * any other address as it is. Returns address or buf. */
const char         *tether_history_address_host   (const char               *type,
                                                   const char               *address,
                                                   char                     *buf,
                                                   gsize                     size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherHistoryEvent, tether_history_event_free)

/* ------------------------------------------------------------ the codec */

/* The first line of every history file, with its newline. */
void     tether_history_format_header (GString *out);
/* A comment saying that records before until_us were dropped by
 * compaction (except those that still describe the state then). */
void     tether_history_format_compacted (GString *out,
                                          gint64   until_us);

/* The check written at the end of each line: 16 bits of a hash of the
 * line's bytes before the final tab. */
guint16  tether_history_line_check    (const char *data,
                                       gsize       len);

typedef struct _TetherHistoryEncoder TetherHistoryEncoder;

/* Where an encoder was, to undo the definitions of a batch whose write
 * failed (they are not in the file, so they must be written again). */
typedef struct {
  guint n_defined;
  guint next_index;
} TetherHistoryEncoderMark;

TetherHistoryEncoder *tether_history_encoder_new      (void);
void                  tether_history_encoder_free     (TetherHistoryEncoder       *self);
/* Appends to out the definitions ev needs that this file does not have
 * yet, then ev's line. Any string may be given; it is interned. */
void                  tether_history_encoder_encode   (TetherHistoryEncoder       *self,
                                                       const TetherHistoryEvent   *ev,
                                                       GString                    *out);
TetherHistoryEncoderMark tether_history_encoder_mark  (TetherHistoryEncoder       *self);
void                  tether_history_encoder_rollback (TetherHistoryEncoder       *self,
                                                       TetherHistoryEncoderMark    mark);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherHistoryEncoder, tether_history_encoder_free)

typedef struct _TetherHistoryDecoder TetherHistoryDecoder;

typedef enum {
  TETHER_HISTORY_LINE_EVENT,       /* *event is filled */
  TETHER_HISTORY_LINE_DEFINITION,  /* a string definition, now known */
  TETHER_HISTORY_LINE_HEADER,      /* the header or a comment */
  TETHER_HISTORY_LINE_BAD,         /* error is set */
} TetherHistoryLineKind;

TetherHistoryDecoder *tether_history_decoder_new      (void);
void                  tether_history_decoder_free     (TetherHistoryDecoder       *self);
/* Decodes one line (without its newline). The line is modified in place
 * (unescaped, NUL-terminated pieces), and the event's inline strings point
 * into it: they are valid as long as the line. A header with a newer
 * version is TETHER_HISTORY_ERROR_VERSION; anything else wrong is
 * TETHER_HISTORY_ERROR_CORRUPT. */
TetherHistoryLineKind tether_history_decoder_decode   (TetherHistoryDecoder       *self,
                                                       char                       *line,
                                                       gsize                       len,
                                                       TetherHistoryEvent         *event,
                                                       GError                    **error);
/* The latest "#compacted" time read, 0 when none. */
gint64                tether_history_decoder_get_compacted_until (TetherHistoryDecoder *self);
/* An encoder that continues the file this decoder read: same definitions. */
TetherHistoryEncoder *tether_history_decoder_to_encoder (TetherHistoryDecoder     *self);
/* A decoder that knows the definitions an encoder wrote (to read back
 * what that encoder appended). */
TetherHistoryDecoder *tether_history_encoder_to_decoder (TetherHistoryEncoder     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherHistoryDecoder, tether_history_decoder_free)

/* ------------------------------------------------------- reading a file */

typedef struct {
  guint64 n_lines;         /* complete lines read */
  guint64 n_events;
  guint64 n_corrupt;       /* complete lines skipped as damaged */
  guint64 first_corrupt_line; /* 1-based, 0 when none */
  guint64 good_size;       /* bytes up to the end of the last complete line */
  guint64 torn_bytes;      /* bytes after it: a last line cut short */
  gint64  first_time_us;   /* of the first event, 0 when none */
  gint64  last_time_us;    /* of the last event, 0 when none */
} TetherHistoryScanReport;

/* Called for each good event, in file order; the event's strings are valid
 * during the call only. offset is where its line starts in the file. */
typedef void (*TetherHistoryScanFunc) (const TetherHistoryEvent *event,
                                       guint64                   offset,
                                       gpointer                  user_data);

/* Reads fd from its current position up to limit bytes (G_MAXUINT64 for
 * the end) and decodes every line with decoder. Damaged lines are counted
 * and skipped. Returns FALSE only when reading fails or the file has a
 * newer format (error set). Runs in any thread. */
gboolean tether_history_scan_fd (int                      fd,
                                 guint64                  limit,
                                 TetherHistoryDecoder    *decoder,
                                 TetherHistoryScanFunc    func,
                                 gpointer                 user_data,
                                 TetherHistoryScanReport *report,
                                 GError                 **error);

G_END_DECLS
