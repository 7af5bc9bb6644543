/* tether-patterns-private.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model behind TetherPatterns, shared by tether-patterns.c (building
 * it from records) and tether-patterns-query.c (answering from it). It is
 * sized for a year of a thousand devices: a session is 24 bytes, strings
 * are interned once and referred to by small integers.
 */

#pragma once

#include "tether-patterns.h"

G_BEGIN_DECLS

#define TP_HOUR_US  ((gint64) 3600 * G_USEC_PER_SEC)
#define TP_DAY_US   (24 * TP_HOUR_US)
#define TP_HALF_LIFE_US ((gint64) TETHER_PATTERNS_HALF_LIFE_DAYS * TP_DAY_US)
/* Entries of the lookup caches (a power of two). */
#define TP_CACHE_SIZE 4096

/* A growable array of fixed-size elements, trimmed after a bulk load. */
typedef struct {
  gpointer data;
  guint    len;
  guint    cap;
} TpVec;

static inline gpointer
tp_vec_push (TpVec *v,
             gsize  elt_size)
{
  gpointer slot;

  if (v->len == v->cap)
    {
      v->cap = v->cap < 8 ? 8 : v->cap + v->cap / 2;
      v->data = g_realloc_n (v->data, v->cap, elt_size);
    }
  slot = (char *) v->data + (gsize) v->len++ * elt_size;
  memset (slot, 0, elt_size);

  return slot;
}

static inline void
tp_vec_trim (TpVec *v,
             gsize  elt_size)
{
  if (v->cap > v->len)
    {
      v->cap = v->len;
      v->data = v->len > 0 ? g_realloc_n (v->data, v->len, elt_size) : (g_free (v->data), NULL);
    }
}

static inline void
tp_vec_clear (TpVec *v)
{
  g_clear_pointer (&v->data, g_free);
  v->len = v->cap = 0;
}

#define TP_VEC_AT(v, type, i) (&((type *) (v)->data)[i])

/* How a session ended; 3 bits of TpSession.flags. */
typedef enum {
  TP_END_OPEN = 0,
  TP_END_DISCONNECT,  /* Syncthing said so */
  TP_END_PAUSE,
  TP_END_SLEEP,
  TP_END_STOP,        /* Tether stopped, Syncthing restarted or the network went away */
  TP_END_CRASH,       /* guessed: the last record before Tether started again */
  TP_END_CLOCK,       /* split where the clock was set back */
} TpEnd;

enum {
  TP_SESSION_LAN       = 1 << 0,
  TP_SESSION_CONTINUED = 1 << 1,  /* the rest of a session split at a clock jump */
  /* bits 2-4: TpEnd */
  TP_SESSION_OBSERVED  = 1 << 5,  /* details read from Syncthing's state */
};

#define TP_END_SHIFT 2
#define TP_SESSION_END(s) ((TpEnd) (((s)->flags >> TP_END_SHIFT) & 7))

typedef struct {
  gint64  start_us;
  gint64  end_us;    /* 0 while open */
  guint32 address;   /* string id, 0 none */
  guint16 network;   /* network id, 0 unknown */
  guint8  type;      /* type id, 0 none */
  guint8  flags;
} TpSession;

typedef struct {
  gint64  time_us;
  gint32  ms;
  guint16 network;
  guint8  prewarm;
} TpLatency;

typedef struct {
  gint64  time_us;
  guint32 label;     /* string id, 0 none */
  guint8  kind;      /* TetherMarkerKind */
} TpMark;

typedef struct {
  gint64  start_us;
  gint64  end_us;    /* 0 while open */
  guint16 network;
} TpObserved;

typedef struct {
  guint8  type;
  guint32 address;
  guint   n;
  gint64  last_us;
} TpRoute;

/* Counts for one device, on all networks or on one. reached/missed and the
 * length sums are stored multiplied by 2^((t - t0) / half-life), t being
 * when they were added, so that decaying them all is one multiplication at
 * read time (see tp_decay()). */
typedef struct {
  double  reached[TETHER_HOURS_PER_WEEK];
  double  missed[TETHER_HOURS_PER_WEEK];
  double  len_sum;       /* seconds */
  double  len_weight;
  guint   attempts;
  guint   successes;
  guint   fails_in_row;
  gint64  last_success_us;
  gint64  last_seen_us;
} TpBlock;

typedef struct {
  guint16 network;
  TpBlock block;
  TpVec   routes;        /* TpRoute */
} TpPair;

typedef struct {
  const char *id;        /* interned */
  const char *name;      /* interned, nullable */
  TpBlock     block;     /* all networks */
  TpPair    **pairs;     /* owned */
  guint       n_pairs;
  TpVec       sessions;  /* TpSession, in the order they began */
  TpVec       latencies; /* TpLatency */
  TpVec       prewarms;  /* TpMark */
  TpVec       routes;    /* TpRoute, on every network (pairs keep their own) */
  TpPair     *net_pair;  /* unowned cache: the pair of network net_pair_id */
  guint16     net_pair_id;
  gint64      last_end_us;
  guint       open : 1;
  guint       paused : 1;
  guint       reached_in_slot : 1;
  guint       paused_in_slot : 1;
  guint       reached_in_visit : 1;
  guint       paused_in_visit : 1;
} TpDevice;

typedef struct {
  const char *uuid;      /* interned */
  const char *name;      /* interned, nullable */
  const char *type;      /* interned, nullable */
  gboolean    metered;
} TpNetwork;

struct _TetherPatterns {
  GTimeZone  *tz;            /* owned, nullable (UTC) */
  guint       retention_days;

  GHashTable *devices;       /* interned id → TpDevice*, owned */
  GPtrArray  *device_list;   /* TpDevice*, unowned, in order of appearance */
  TpDevice   *device_cache[TP_CACHE_SIZE]; /* unowned: by pointer_slot() of the id */
  struct {
    const char *s;
    guint32     id;
  }           string_cache[TP_CACHE_SIZE];
  GHashTable *network_ids;   /* interned uuid → GUINT_TO_POINTER (id) */
  GPtrArray  *networks;      /* id → TpNetwork*, owned; [0] is NULL (unknown) */
  GHashTable *string_ids;    /* interned string → GUINT_TO_POINTER (id) */
  GPtrArray  *strings;       /* id → interned string; [0] is NULL */
  GPtrArray  *types;         /* id → interned string; [0] is NULL; at most 255 */

  TpVec       observed;      /* TpObserved */
  TpVec       marks;         /* TpMark: sleep, wake, network changes */

  guint64     n_events;
  guint       n_clock_jumps;
  gint64      first_us;
  gint64      now_us;        /* time of the latest record, after clamping */
  gint64      t0_us;         /* decay reference */
  gint64      syncthing_start_us;
  gint64      scale_hour;    /* cache of tp_scale_at() by the hour, for session lengths */
  double      scale_value;

  gboolean    running;
  gboolean    awake;
  gboolean    offline;       /* a NETWORK_CHANGED said there is none */
  guint16     net;           /* current network id */
  gint64      slot_start_us; /* while observing */
  gint64      slot_end_us;   /* the next hour boundary */
  gint64      visit_observed_us;
};

static inline gboolean
tp_observing (const TetherPatterns *self)
{
  return self->running && self->awake && !self->offline;
}

/* The next start of a local hour after time_us. */
gint64     tp_next_hour      (GTimeZone            *tz,
                              gint64                time_us);
/* Multiplier for counts added at time_us (see TpBlock). */
double     tp_scale_at       (const TetherPatterns *self,
                              gint64                time_us);
/* Multiplier that turns stored counts into counts decayed to now. */
double     tp_decay          (const TetherPatterns *self,
                              gint64                now_us);
TpDevice  *tp_lookup_device  (TetherPatterns       *self,
                              const char           *device_id);
guint16    tp_lookup_network (TetherPatterns       *self,
                              const char           *network_uuid);
TpPair    *tp_find_pair      (TpDevice             *device,
                              guint16               network);

/* Find or add; the strings are interned (tp_ensure_string() interns). */
TpDevice  *tp_ensure_device  (TetherPatterns       *self,
                              const char           *device_id);
guint16    tp_ensure_network (TetherPatterns       *self,
                              const char           *uuid);
guint32    tp_ensure_string  (TetherPatterns       *self,
                              const char           *s);
guint8     tp_ensure_type    (TetherPatterns       *self,
                              const char           *type);
/* NULL for network 0 (unknown). */
TpPair    *tp_ensure_pair    (TpDevice             *device,
                              guint16               network);
gint64     tp_session_end    (const TpSession      *session,
                              gint64                now_us);
/* Whether a closed session's length says something about the device
 * (not cut by a crash or a clock jump, not the rest of one). */
gboolean   tp_session_counts (const TpSession      *session);

G_END_DECLS
