/* tether-patterns-query.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers from the model: sessions, markers, statistics, predictions.
 * Everything here reads the model and allocates the answer; the cost is
 * one pass over one device's sessions (a few thousand in a year).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "tether-patterns-private.h"

#define WINDOW_24H_US  TP_DAY_US
#define WINDOW_7D_US   (7 * TP_DAY_US)
#define WINDOW_30D_US  (30 * TP_DAY_US)

/* A network filter: everything, or one network (which may be id 0 when
 * the uuid is unknown to the model: then nothing matches). */
typedef struct {
  gboolean all;
  guint16  id;
} NetFilter;

static NetFilter
net_filter (TetherPatterns *self,
            const char     *network_uuid)
{
  NetFilter f = { network_uuid == NULL, 0 };

  if (!f.all)
    f.id = tp_lookup_network (self, network_uuid);
  return f;
}

static inline gboolean
net_matches (NetFilter f,
             guint16   network)
{
  return f.all || (f.id != 0 && f.id == network);
}

static const char *
string_at (TetherPatterns *self,
           guint32         id)
{
  return id < self->strings->len ? g_ptr_array_index (self->strings, id) : NULL;
}

static const char *
type_at (TetherPatterns *self,
         guint8          id)
{
  return id < self->types->len ? g_ptr_array_index (self->types, id) : NULL;
}

static const char *
network_uuid_at (TetherPatterns *self,
                 guint16         id)
{
  TpNetwork *network = id < self->networks->len ? g_ptr_array_index (self->networks, id) : NULL;

  return network != NULL ? network->uuid : NULL;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least p of the values at or
 * below it, so that a percentile is always a value that was measured.
 * Sorts values. -1 when empty. */
static gint64
percentile (GArray *values,
            double  p)
{
  guint rank;

  if (values->len == 0)
    return -1;

  g_array_sort (values, compare_gint64);
  rank = (guint) ceil (p * values->len);
  rank = CLAMP (rank, 1, values->len);

  return g_array_index (values, gint64, rank - 1);
}

static gint64
overlap (gint64 a0,
         gint64 a1,
         gint64 b0,
         gint64 b1)
{
  gint64 lo = MAX (a0, b0), hi = MIN (a1, b1);

  return hi > lo ? hi - lo : 0;
}

/* ------------------------------------------------------------ listing */

static const char *
device_sort_name (const TpDevice *device)
{
  return device->name != NULL ? device->name : device->id;
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  const TpDevice *x = *(TpDevice **) a, *y = *(TpDevice **) b;
  int cmp = g_utf8_collate (device_sort_name (x), device_sort_name (y));

  return cmp != 0 ? cmp : strcmp (x->id, y->id);
}

GPtrArray *
tether_patterns_list_devices (TetherPatterns *self)
{
  g_autoptr(GPtrArray) sorted = NULL;
  GPtrArray *ids;

  g_return_val_if_fail (self != NULL, NULL);

  sorted = g_ptr_array_copy (self->device_list, NULL, NULL);
  g_ptr_array_sort (sorted, compare_devices);
  ids = g_ptr_array_sized_new (sorted->len);
  for (guint i = 0; i < sorted->len; i++)
    g_ptr_array_add (ids, (gpointer) ((TpDevice *) g_ptr_array_index (sorted, i))->id);

  return ids;
}

static int
compare_networks (gconstpointer a,
                  gconstpointer b)
{
  const TpNetwork *x = *(TpNetwork **) a, *y = *(TpNetwork **) b;
  int cmp = g_utf8_collate (x->name != NULL ? x->name : x->uuid, y->name != NULL ? y->name : y->uuid);

  return cmp != 0 ? cmp : strcmp (x->uuid, y->uuid);
}

GPtrArray *
tether_patterns_list_networks (TetherPatterns *self,
                               const char     *device_id)
{
  g_autoptr(GPtrArray) networks = g_ptr_array_new ();
  TpDevice *device;
  GPtrArray *uuids;

  g_return_val_if_fail (self != NULL, NULL);

  device = tp_lookup_device (self, device_id);
  for (guint i = 0; device != NULL && i < device->n_pairs; i++)
    g_ptr_array_add (networks, g_ptr_array_index (self->networks, device->pairs[i]->network));
  g_ptr_array_sort (networks, compare_networks);

  uuids = g_ptr_array_sized_new (networks->len);
  for (guint i = 0; i < networks->len; i++)
    g_ptr_array_add (uuids, (gpointer) ((TpNetwork *) g_ptr_array_index (networks, i))->uuid);

  return uuids;
}

gboolean
tether_patterns_has_device (TetherPatterns *self,
                            const char     *device_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return tp_lookup_device (self, device_id) != NULL;
}

const char *
tether_patterns_get_device_name (TetherPatterns *self,
                                 const char     *device_id)
{
  TpDevice *device;

  g_return_val_if_fail (self != NULL, NULL);

  device = tp_lookup_device (self, device_id);
  return device != NULL ? device->name : NULL;
}

static TpNetwork *
lookup_network_record (TetherPatterns *self,
                       const char     *network_uuid)
{
  guint16 id = tp_lookup_network (self, network_uuid);

  return id != 0 ? g_ptr_array_index (self->networks, id) : NULL;
}

const char *
tether_patterns_get_network_name (TetherPatterns *self,
                                  const char     *network_uuid)
{
  TpNetwork *network;

  g_return_val_if_fail (self != NULL, NULL);

  network = lookup_network_record (self, network_uuid);
  return network != NULL ? network->name : NULL;
}

const char *
tether_patterns_get_network_type (TetherPatterns *self,
                                  const char     *network_uuid)
{
  TpNetwork *network;

  g_return_val_if_fail (self != NULL, NULL);

  network = lookup_network_record (self, network_uuid);
  return network != NULL ? network->type : NULL;
}

gboolean
tether_patterns_is_connected (TetherPatterns *self,
                              const char     *device_id)
{
  TpDevice *device;

  g_return_val_if_fail (self != NULL, FALSE);

  device = tp_lookup_device (self, device_id);
  return device != NULL && device->open;
}

guint
tether_patterns_get_device_flags (TetherPatterns *self,
                                  const char     *device_id)
{
  TpDevice *device;
  guint flags;

  g_return_val_if_fail (self != NULL, 0);

  device = tp_lookup_device (self, device_id);
  if (device == NULL)
    return 0;

  flags = TETHER_PATTERNS_DEVICE_KNOWN;
  if (device->paused)
    flags |= TETHER_PATTERNS_DEVICE_PAUSED;
  if (device->open)
    {
      const TpSession *s = TP_VEC_AT (&device->sessions, TpSession, device->sessions.len - 1);

      flags |= TETHER_PATTERNS_DEVICE_CONNECTED;
      if (s->flags & TP_SESSION_OBSERVED)
        flags |= TETHER_PATTERNS_DEVICE_OBSERVED;
    }

  return flags;
}

/* ------------------------------------------------------------ timeline */

GPtrArray *
tether_patterns_get_sessions (TetherPatterns *self,
                              const char     *device_id,
                              const char     *network_uuid,
                              gint64          from_us,
                              gint64          to_us)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_session_free);
  TpDevice *device;
  NetFilter filter;

  g_return_val_if_fail (self != NULL, sessions);

  device = tp_lookup_device (self, device_id);
  if (device == NULL)
    return sessions;

  filter = net_filter (self, network_uuid);
  for (guint i = 0; i < device->sessions.len; i++)
    {
      const TpSession *s = TP_VEC_AT (&device->sessions, TpSession, i);
      TetherSession *out;

      if (s->start_us >= to_us || (s->end_us != 0 && s->end_us <= from_us) ||
          !net_matches (filter, s->network))
        continue;

      out = g_new0 (TetherSession, 1);
      out->start_us = s->start_us;
      out->end_us = s->end_us;
      out->conn_type = g_strdup (type_at (self, s->type));
      out->address = g_strdup (string_at (self, s->address));
      out->is_local = (s->flags & TP_SESSION_LAN) != 0;
      out->network_uuid = g_strdup (network_uuid_at (self, s->network));
      g_ptr_array_add (sessions, out);
    }

  return sessions;
}

static int
compare_markers (gconstpointer a,
                 gconstpointer b)
{
  const TetherMarker *x = *(TetherMarker **) a, *y = *(TetherMarker **) b;

  return x->time_us < y->time_us ? -1 : x->time_us > y->time_us;
}

static void
collect_marks (TetherPatterns *self,
               const TpVec    *marks,
               gint64          from_us,
               gint64          to_us,
               GPtrArray      *out)
{
  for (guint i = 0; i < marks->len; i++)
    {
      const TpMark *mark = TP_VEC_AT (marks, TpMark, i);
      TetherMarker *marker;

      if (mark->time_us < from_us || mark->time_us >= to_us)
        continue;

      marker = g_new0 (TetherMarker, 1);
      marker->time_us = mark->time_us;
      marker->kind = mark->kind;
      marker->label = g_strdup (string_at (self, mark->label));
      g_ptr_array_add (out, marker);
    }
}

GPtrArray *
tether_patterns_get_markers (TetherPatterns *self,
                             const char     *device_id,
                             gint64          from_us,
                             gint64          to_us)
{
  GPtrArray *markers = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_marker_free);
  TpDevice *device;

  g_return_val_if_fail (self != NULL, markers);

  collect_marks (self, &self->marks, from_us, to_us, markers);
  device = tp_lookup_device (self, device_id);
  if (device != NULL)
    collect_marks (self, &device->prewarms, from_us, to_us, markers);
  /* Stable: g_ptr_array_sort is a merge sort. */
  g_ptr_array_sort (markers, compare_markers);

  return markers;
}

/* ------------------------------------------------------------ statistics */

static double
uptime_share (TetherPatterns *self,
              TpDevice       *device,
              NetFilter       filter,
              gint64          now_us,
              gint64          window_us)
{
  gint64 from = now_us - window_us;
  gint64 connected = 0, observed = 0;

  for (guint i = 0; i < device->sessions.len; i++)
    {
      const TpSession *s = TP_VEC_AT (&device->sessions, TpSession, i);

      if (net_matches (filter, s->network))
        connected += overlap (s->start_us, tp_session_end (s, now_us), from, now_us);
    }

  for (guint i = 0; i < self->observed.len; i++)
    {
      const TpObserved *o = TP_VEC_AT (&self->observed, TpObserved, i);
      gint64 end = o->end_us != 0 ? o->end_us : MAX (now_us, o->start_us);

      if (net_matches (filter, o->network))
        observed += overlap (o->start_us, end, from, now_us);
    }

  /* A session may reach into time Tether did not observe (Syncthing said
   * when it began): the share is of what was observed, at most all. */
  return observed > 0 ? MIN (1.0, (double) connected / observed) : 0.0;
}

static const TpBlock *
block_for (TpDevice  *device,
           NetFilter  filter)
{
  TpPair *pair;

  if (filter.all)
    return &device->block;
  pair = filter.id != 0 ? tp_find_pair (device, filter.id) : NULL;
  return pair != NULL ? &pair->block : NULL;
}

static double
sum (const double *v)
{
  double total = 0;

  for (guint h = 0; h < TETHER_HOURS_PER_WEEK; h++)
    total += v[h];
  return total;
}

/* The prediction of tether-patterns.h, for every hour of week. */
static void
availability (TetherPatterns *self,
              TpDevice       *device,
              NetFilter       filter,
              gint64          now_us,
              double         *out,
              double         *p_all,
              double         *evidence)
{
  const double k = TETHER_PATTERNS_PRIOR_STRENGTH;
  double d = tp_decay (self, now_us);
  const TpBlock *dev = &device->block;
  const TpBlock *block = block_for (device, filter);
  double p_device = (sum (dev->reached) * d + 1) / ((sum (dev->reached) + sum (dev->missed)) * d + 2);
  double p = p_device;

  if (!filter.all)
    {
      double a = block != NULL ? sum (block->reached) * d : 0;
      double m = block != NULL ? sum (block->missed) * d : 0;

      p = (a + k * p_device) / (a + m + k);
    }
  if (p_all != NULL)
    *p_all = p;

  for (guint h = 0; h < TETHER_HOURS_PER_WEEK; h++)
    {
      double a = block != NULL ? block->reached[h] * d : 0;
      double m = block != NULL ? block->missed[h] * d : 0;

      out[h] = (a + k * p) / (a + m + k);
      if (evidence != NULL)
        evidence[h] = a + m;
    }
}

typedef struct {
  gint64 median;
  gint64 p90;
  gint64 median_prewarm;
  gint64 median_alone;
} Latencies;

static Latencies
latencies (TpDevice  *device,
           NetFilter  filter,
           gint64     since_us)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) prewarm = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) alone = g_array_new (FALSE, FALSE, sizeof (gint64));
  Latencies out;

  for (guint i = 0; i < device->latencies.len; i++)
    {
      const TpLatency *lat = TP_VEC_AT (&device->latencies, TpLatency, i);
      gint64 ms = lat->ms;

      if (lat->time_us < since_us || !net_matches (filter, lat->network))
        continue;
      g_array_append_val (all, ms);
      g_array_append_val (lat->prewarm ? prewarm : alone, ms);
    }

  out.median = percentile (all, 0.5);
  out.p90 = percentile (all, 0.9);
  out.median_prewarm = percentile (prewarm, 0.5);
  out.median_alone = percentile (alone, 0.5);

  return out;
}

static double
flaps_per_day (TetherPatterns *self,
               TpDevice       *device,
               NetFilter       filter,
               gint64          now_us)
{
  gint64 window = TETHER_PATTERNS_FLAP_WINDOW_DAYS * TP_DAY_US;
  gint64 since = now_us - window;
  double days;
  guint n = 0;

  for (guint i = 0; i < device->sessions.len; i++)
    {
      const TpSession *s = TP_VEC_AT (&device->sessions, TpSession, i);

      if (s->end_us >= since && s->end_us <= now_us &&
          TP_SESSION_END (s) == TP_END_DISCONNECT &&
          !(s->flags & TP_SESSION_CONTINUED) &&
          s->end_us - s->start_us < TETHER_PATTERNS_FLAP_THRESHOLD_S * G_USEC_PER_SEC &&
          net_matches (filter, s->network))
        n++;
    }

  /* Per day of history, for a history younger than the window. */
  days = (double) CLAMP (now_us - self->first_us, TP_DAY_US, window) / TP_DAY_US;

  return n / days;
}

static gint64
last_seen (TpDevice  *device,
           NetFilter  filter,
           gint64     now_us)
{
  const TpBlock *block = block_for (device, filter);

  if (device->open)
    {
      const TpSession *s = TP_VEC_AT (&device->sessions, TpSession, device->sessions.len - 1);

      if (net_matches (filter, s->network))
        return MAX (now_us, s->start_us);
    }
  return block != NULL ? block->last_seen_us : 0;
}

static int
compare_routes (gconstpointer a,
                gconstpointer b)
{
  const TetherRoute *x = *(TetherRoute **) a, *y = *(TetherRoute **) b;

  if (x->n_successes != y->n_successes)
    return x->n_successes > y->n_successes ? -1 : 1;
  return x->last_us > y->last_us ? -1 : x->last_us < y->last_us;
}

static void
add_routes (TetherPatterns *self,
            const TpVec    *list,
            GPtrArray      *out)
{
  for (guint i = 0; i < list->len; i++)
    {
      const TpRoute *r = TP_VEC_AT (list, TpRoute, i);
      const char *type = type_at (self, r->type);
      const char *address = string_at (self, r->address);
      TetherRoute *route = NULL;

      for (guint j = 0; j < out->len && route == NULL; j++)
        {
          TetherRoute *have = g_ptr_array_index (out, j);

          if (g_strcmp0 (have->conn_type, type) == 0 && g_strcmp0 (have->address, address) == 0)
            route = have;
        }
      if (route == NULL)
        {
          route = g_new0 (TetherRoute, 1);
          route->conn_type = g_strdup (type);
          route->address = g_strdup (address);
          g_ptr_array_add (out, route);
        }
      route->n_successes += r->n;
      route->last_us = MAX (route->last_us, r->last_us);
    }
}

static GPtrArray *
routes (TetherPatterns *self,
        TpDevice       *device,
        NetFilter       filter)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_route_free);

  if (filter.all)
    add_routes (self, &device->routes, out);
  else
    for (guint i = 0; i < device->n_pairs; i++)
      if (net_matches (filter, device->pairs[i]->network))
        add_routes (self, &device->pairs[i]->routes, out);
  g_ptr_array_sort (out, compare_routes);

  return out;
}

TetherDeviceStats *
tether_patterns_get_stats (TetherPatterns *self,
                           const char     *device_id,
                           const char     *network_uuid,
                           gint64          now_us)
{
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gint64));
  TetherDeviceStats *stats;
  TpDevice *device;
  NetFilter filter;
  gint64 since;
  Latencies lat;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  device = tp_lookup_device (self, device_id);
  if (device == NULL)
    return NULL;

  filter = net_filter (self, network_uuid);
  since = now_us - (gint64) self->retention_days * TP_DAY_US;

  stats = g_new0 (TetherDeviceStats, 1);
  stats->device_id = g_strdup (device->id);
  stats->network_uuid = g_strdup (network_uuid);

  for (guint i = 0; i < device->sessions.len; i++)
    {
      const TpSession *s = TP_VEC_AT (&device->sessions, TpSession, i);
      gint64 len_s;

      if (!net_matches (filter, s->network) || tp_session_end (s, now_us) < since ||
          s->start_us > now_us)
        continue;
      if (!(s->flags & TP_SESSION_CONTINUED))
        stats->n_sessions++;
      if (!tp_session_counts (s))
        continue;
      len_s = (s->end_us - s->start_us) / G_USEC_PER_SEC;
      g_array_append_val (lengths, len_s);
    }
  stats->median_session_s = percentile (lengths, 0.5);
  stats->p90_session_s = percentile (lengths, 0.9);

  stats->uptime_24h = uptime_share (self, device, filter, now_us, WINDOW_24H_US);
  stats->uptime_7d = uptime_share (self, device, filter, now_us, WINDOW_7D_US);
  stats->uptime_30d = uptime_share (self, device, filter, now_us, WINDOW_30D_US);
  stats->flaps_per_day = flaps_per_day (self, device, filter, now_us);

  lat = latencies (device, filter, since);
  stats->median_reconnect_ms = lat.median;
  stats->p90_reconnect_ms = lat.p90;
  stats->median_reconnect_prewarm_ms = lat.median_prewarm;
  stats->median_reconnect_alone_ms = lat.median_alone;

  stats->last_seen_us = last_seen (device, filter, now_us);
  availability (self, device, filter, now_us, stats->availability, NULL, NULL);
  stats->routes = routes (self, device, filter);

  return stats;
}

/* ------------------------------------------------------------ prediction */

void
tether_pattern_free (TetherPattern *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_free (self->network_uuid);
  g_free (self->conn_type);
  g_free (self->address);
  g_free (self);
}

char *
tether_pattern_describe (const TetherPattern *self,
                         const char          *network_name)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->attempts_on_network == 0 || self->failures_in_a_row == 0)
    return NULL;

  if (network_name == NULL)
    network_name = self->network_uuid != NULL ? self->network_uuid : _("any network");

  if (self->successes_on_network == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "never reached on network “%s” in %u attempt",
                                         "never reached on network “%s” in %u attempts",
                                         self->attempts_on_network),
                            network_name, self->attempts_on_network);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "not reached on network “%s” in the last %u attempt (%u of %u succeeded)",
                                       "not reached on network “%s” in the last %u attempts (%u of %u succeeded)",
                                       self->failures_in_a_row),
                          network_name, self->failures_in_a_row,
                          self->successes_on_network, self->attempts_on_network);
}

TetherPattern *
tether_patterns_get_pattern (TetherPatterns *self,
                             const char     *device_id,
                             const char     *network_uuid,
                             gint64          now_us)
{
  double grid[TETHER_HOURS_PER_WEEK];
  double evidence[TETHER_HOURS_PER_WEEK];
  TetherPattern *pattern;
  const TpBlock *block;
  TpDevice *device;
  NetFilter filter;
  guint how;
  Latencies lat;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  pattern = g_new0 (TetherPattern, 1);
  pattern->device_id = g_strdup (device_id);
  pattern->network_uuid = g_strdup (network_uuid);
  pattern->expected_session_s = -1;
  pattern->median_reconnect_ms = -1;
  pattern->median_reconnect_prewarm_ms = -1;
  pattern->median_reconnect_alone_ms = -1;
  pattern->p_reachable_now = 0.5;
  pattern->p_reachable_network = 0.5;

  device = tp_lookup_device (self, device_id);
  if (device == NULL)
    return pattern;

  filter = net_filter (self, network_uuid);
  how = tether_patterns_hour_of_week (self->tz, now_us);
  availability (self, device, filter, now_us, grid, &pattern->p_reachable_network, evidence);
  pattern->p_reachable_now = grid[how];
  pattern->evidence_now = evidence[how];

  block = block_for (device, filter);
  if (block != NULL && block->len_weight > 0)
    pattern->expected_session_s = (gint64) round (block->len_sum / block->len_weight);
  else if (device->block.len_weight > 0)
    pattern->expected_session_s = (gint64) round (device->block.len_sum / device->block.len_weight);

  if (block != NULL)
    {
      pattern->attempts_on_network = block->attempts;
      pattern->successes_on_network = block->successes;
      pattern->failures_in_a_row = block->fails_in_row;
      pattern->last_success_us = block->last_success_us;
    }
  /* The visit in progress counts as soon as it succeeds. */
  if (device->reached_in_visit && tp_observing (self) &&
      (filter.all || (filter.id != 0 && filter.id == self->net)))
    {
      pattern->attempts_on_network++;
      pattern->successes_on_network++;
      pattern->failures_in_a_row = 0;
      pattern->last_success_us = now_us;
    }

  pattern->last_seen_us = last_seen (device, (NetFilter) { TRUE, 0 }, now_us);
  lat = latencies (device, filter, now_us - (gint64) self->retention_days * TP_DAY_US);
  pattern->median_reconnect_ms = lat.median;
  pattern->median_reconnect_prewarm_ms = lat.median_prewarm;
  pattern->median_reconnect_alone_ms = lat.median_alone;
  pattern->flaps_per_day = flaps_per_day (self, device, filter, now_us);

  {
    g_autoptr(GPtrArray) found = routes (self, device, filter);
    gint64 newest = 0;

    if (found->len > 0)
      pattern->conn_type = g_strdup (((TetherRoute *) g_ptr_array_index (found, 0))->conn_type);
    /* Only an address Tether's side dialed can be dialed again. */
    for (guint i = 0; i < found->len; i++)
      {
        TetherRoute *r = g_ptr_array_index (found, i);

        if (r->address != NULL && r->conn_type != NULL &&
            g_str_has_suffix (r->conn_type, "-client") && r->last_us > newest)
          {
            newest = r->last_us;
            g_free (pattern->address);
            pattern->address = g_strdup (r->address);
          }
      }
  }

  return pattern;
}
