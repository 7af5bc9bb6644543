/* tether-patterns.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model's tables and time arithmetic; the method is described in
 * tether-patterns.h. Building from records is tether-patterns-build.c, the
 * queries are tether-patterns-query.c.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "tether-patterns-private.h"

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static gint64
tz_offset_us (GTimeZone *tz,
              gint64     time_us)
{
  gint interval;

  if (tz == NULL)
    return 0;

  interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                        floor_div (time_us, G_USEC_PER_SEC));
  return (gint64) g_time_zone_get_offset (tz, interval) * G_USEC_PER_SEC;
}

guint
tether_patterns_hour_of_week (GTimeZone *tz,
                              gint64     time_us)
{
  gint64 local = time_us + tz_offset_us (tz, time_us);
  gint64 days = floor_div (local, TP_DAY_US);
  gint64 hour = (local - days * TP_DAY_US) / TP_HOUR_US;
  /* 1970-01-01 was a Thursday, day 3 of a week that starts on Monday. */
  gint64 weekday = ((days % 7) + 7 + 3) % 7;

  return (guint) (weekday * 24 + hour);
}

/* The next start of a local hour after time_us. */
gint64
tp_next_hour (GTimeZone *tz,
              gint64     time_us)
{
  gint64 offset = tz_offset_us (tz, time_us);
  gint64 local = time_us + offset;

  return (floor_div (local, TP_HOUR_US) + 1) * TP_HOUR_US - offset;
}

double
tp_decay (const TetherPatterns *self,
          gint64                now_us)
{
  return exp2 ((double) (self->t0_us - now_us) / TP_HALF_LIFE_US);
}

double
tp_scale_at (const TetherPatterns *self,
             gint64                time_us)
{
  return exp2 ((double) (time_us - self->t0_us) / TP_HALF_LIFE_US);
}

/* ------------------------------------------------------------ lifetime */

static void
pair_free (TpPair *pair)
{
  tp_vec_clear (&pair->routes);
  g_free (pair);
}

static void
device_free (TpDevice *device)
{
  for (guint i = 0; i < device->n_pairs; i++)
    pair_free (device->pairs[i]);
  g_free (device->pairs);
  tp_vec_clear (&device->sessions);
  tp_vec_clear (&device->latencies);
  tp_vec_clear (&device->prewarms);
  tp_vec_clear (&device->routes);
  g_free (device);
}

TetherPatterns *
tether_patterns_new (GTimeZone *tz)
{
  TetherPatterns *self = g_new0 (TetherPatterns, 1);

  self->tz = tz != NULL ? g_time_zone_ref (tz) : NULL;
  self->retention_days = 90;
  self->devices = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) device_free);
  self->device_list = g_ptr_array_new ();
  self->network_ids = g_hash_table_new (NULL, NULL);
  self->networks = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->networks, NULL);
  self->string_ids = g_hash_table_new (NULL, NULL);
  self->strings = g_ptr_array_new ();
  g_ptr_array_add (self->strings, NULL);
  self->types = g_ptr_array_new ();
  g_ptr_array_add (self->types, NULL);

  return self;
}

void
tether_patterns_free (TetherPatterns *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_hash_table_unref (self->devices);
  g_ptr_array_unref (self->device_list);
  g_hash_table_unref (self->network_ids);
  g_ptr_array_unref (self->networks);
  g_hash_table_unref (self->string_ids);
  g_ptr_array_unref (self->strings);
  g_ptr_array_unref (self->types);
  tp_vec_clear (&self->observed);
  tp_vec_clear (&self->marks);
  g_free (self);
}

void
tether_patterns_set_retention_days (TetherPatterns *self,
                                    guint           days)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (days > 0);

  self->retention_days = days;
}

guint
tether_patterns_get_retention_days (TetherPatterns *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->retention_days;
}

void
tether_patterns_trim (TetherPatterns *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->device_list->len; i++)
    {
      TpDevice *device = g_ptr_array_index (self->device_list, i);

      tp_vec_trim (&device->sessions, sizeof (TpSession));
      tp_vec_trim (&device->latencies, sizeof (TpLatency));
      tp_vec_trim (&device->prewarms, sizeof (TpMark));
      tp_vec_trim (&device->routes, sizeof (TpRoute));
      for (guint j = 0; j < device->n_pairs; j++)
        tp_vec_trim (&device->pairs[j]->routes, sizeof (TpRoute));
    }
  tp_vec_trim (&self->observed, sizeof (TpObserved));
  tp_vec_trim (&self->marks, sizeof (TpMark));
}

/* ------------------------------------------------------------ tables */

TpDevice *
tp_lookup_device (TetherPatterns *self,
                  const char     *device_id)
{
  if (device_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->devices, g_intern_string (device_id));
}

/* Interned strings sit close together: mix all the pointer's bits
 * (Fibonacci hashing) before taking the slot. */
static inline guint
pointer_slot (gconstpointer p)
{
  guint64 v = (guint64) (guintptr) p;

  return (guint) ((v * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 52) & (TP_CACHE_SIZE - 1);
}

/* device_id interned */
TpDevice *
tp_ensure_device (TetherPatterns *self,
                  const char     *device_id)
{
  guint slot = pointer_slot (device_id);
  TpDevice *device = self->device_cache[slot];

  /* Records of a thousand devices interleave: a small cache by pointer
   * saves most hash table lookups. */
  if (device != NULL && device->id == device_id)
    return device;

  device = g_hash_table_lookup (self->devices, device_id);
  if (device == NULL)
    {
      device = g_new0 (TpDevice, 1);
      device->id = device_id;
      g_hash_table_insert (self->devices, (gpointer) device_id, device);
      g_ptr_array_add (self->device_list, device);
    }
  self->device_cache[slot] = device;

  return device;
}

guint16
tp_lookup_network (TetherPatterns *self,
                   const char     *network_uuid)
{
  if (network_uuid == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->network_ids, g_intern_string (network_uuid)));
}

/* uuid interned; 0 for NULL or when the table is full */
guint16
tp_ensure_network (TetherPatterns *self,
                   const char     *uuid)
{
  TpNetwork *network;
  guint id;

  if (uuid == NULL)
    return 0;
  if (self->net != 0 && ((TpNetwork *) g_ptr_array_index (self->networks, self->net))->uuid == uuid)
    return self->net;

  id = GPOINTER_TO_UINT (g_hash_table_lookup (self->network_ids, uuid));
  if (id != 0)
    return id;
  if (self->networks->len > G_MAXUINT16)
    return 0;

  network = g_new0 (TpNetwork, 1);
  network->uuid = uuid;
  id = self->networks->len;
  g_ptr_array_add (self->networks, network);
  g_hash_table_insert (self->network_ids, (gpointer) uuid, GUINT_TO_POINTER (id));

  return id;
}

/* s need not be interned; 0 for NULL */
guint32
tp_ensure_string (TetherPatterns *self,
                  const char     *s)
{
  guint slot;
  guint id;

  if (s == NULL || s[0] == '\0')
    return 0;

  /* Most strings come interned (from the decoder): try the pointer first. */
  slot = pointer_slot (s);
  if (self->string_cache[slot].s == s)
    return self->string_cache[slot].id;
  id = GPOINTER_TO_UINT (g_hash_table_lookup (self->string_ids, s));
  if (id != 0)
    {
      self->string_cache[slot].s = s;
      self->string_cache[slot].id = id;
      return id;
    }

  s = g_intern_string (s);
  id = GPOINTER_TO_UINT (g_hash_table_lookup (self->string_ids, s));
  if (id == 0)
    {
      id = self->strings->len;
      g_ptr_array_add (self->strings, (gpointer) s);
      g_hash_table_insert (self->string_ids, (gpointer) s, GUINT_TO_POINTER (id));
    }

  return id;
}

/* type interned; the few kinds Syncthing has fit in a byte, anything past
 * that is "unknown" */
guint8
tp_ensure_type (TetherPatterns *self,
                const char     *type)
{
  if (type == NULL)
    return 0;
  for (guint i = 1; i < self->types->len; i++)
    if (g_ptr_array_index (self->types, i) == type)
      return i;
  if (self->types->len > G_MAXUINT8)
    return 0;
  g_ptr_array_add (self->types, (gpointer) type);

  return self->types->len - 1;
}

TpPair *
tp_find_pair (TpDevice *device,
              guint16   network)
{
  for (guint i = 0; i < device->n_pairs; i++)
    if (device->pairs[i]->network == network)
      return device->pairs[i];
  return NULL;
}

TpPair *
tp_ensure_pair (TpDevice *device,
                guint16   network)
{
  TpPair *pair;

  if (network == 0)
    return NULL;
  /* Nearly every call is for the network of the call before. */
  if (device->net_pair != NULL && device->net_pair_id == network)
    return device->net_pair;
  if ((pair = tp_find_pair (device, network)) != NULL)
    {
      device->net_pair = pair;
      device->net_pair_id = network;
      return pair;
    }

  pair = g_new0 (TpPair, 1);
  pair->network = network;
  device->pairs = g_renew (TpPair *, device->pairs, device->n_pairs + 1);
  device->pairs[device->n_pairs++] = pair;
  device->net_pair = pair;
  device->net_pair_id = network;

  return pair;
}

gint64
tp_session_end (const TpSession *session,
                gint64           now_us)
{
  return session->end_us != 0 ? session->end_us : MAX (now_us, session->start_us);
}

gboolean
tp_session_counts (const TpSession *session)
{
  TpEnd end = TP_SESSION_END (session);

  return end != TP_END_OPEN && end != TP_END_CRASH && end != TP_END_CLOCK &&
         !(session->flags & TP_SESSION_CONTINUED);
}

/* ------------------------------------------------------------ getters */

guint64
tether_patterns_get_n_events (TetherPatterns *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_events;
}

guint
tether_patterns_get_n_clock_jumps (TetherPatterns *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_clock_jumps;
}

gint64
tether_patterns_get_time (TetherPatterns *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_events > 0 ? self->now_us : 0;
}

gint64
tether_patterns_get_syncthing_start (TetherPatterns *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->syncthing_start_us;
}

const char *
tether_patterns_get_current_network (TetherPatterns *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->offline || self->net == 0)
    return NULL;
  return ((TpNetwork *) g_ptr_array_index (self->networks, self->net))->uuid;
}

/* ------------------------------------------------------------ pure helpers */

static TetherPatterns *
build (const TetherHistoryEvent *events,
       gsize                     n_events)
{
  TetherPatterns *self = tether_patterns_new (NULL);

  for (gsize i = 0; i < n_events; i++)
    tether_patterns_add (self, &events[i]);

  return self;
}

GPtrArray *
tether_patterns_reconstruct (const TetherHistoryEvent *events,
                             gsize                     n_events,
                             const char               *device_id)
{
  g_autoptr(TetherPatterns) self = NULL;

  g_return_val_if_fail (events != NULL || n_events == 0, NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  self = build (events, n_events);
  return tether_patterns_get_sessions (self, device_id, NULL, G_MININT64, G_MAXINT64);
}

TetherDeviceStats *
tether_patterns_compute_stats (const TetherHistoryEvent *events,
                               gsize                     n_events,
                               const char               *device_id,
                               const char               *network_uuid,
                               gint64                    now_us)
{
  g_autoptr(TetherPatterns) self = NULL;

  g_return_val_if_fail (events != NULL || n_events == 0, NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  self = build (events, n_events);
  return tether_patterns_get_stats (self, device_id, network_uuid, now_us);
}
