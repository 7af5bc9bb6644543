/* tether-patterns-build.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Building the model from records, one at a time, in file order: the
 * sessions, the observed slots and visits, and the model's own clock. The
 * method is described in tether-patterns.h.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "tether-patterns-private.h"

/* Past this many half-lives from t0 the stored counts are rescaled, long
 * before a double could overflow (2^40 ≈ 10^12). */
#define REBASE_HALF_LIVES 40

/* ------------------------------------------------------- decay upkeep */

static void
block_rescale (TpBlock *block,
               double   f)
{
  for (guint h = 0; h < TETHER_HOURS_PER_WEEK; h++)
    {
      block->reached[h] *= f;
      block->missed[h] *= f;
    }
  block->len_sum *= f;
  block->len_weight *= f;
}

/* Moves t0 to time_us when it is far: the counts keep their meaning. */
static void
maybe_rebase (TetherPatterns *self,
              gint64          time_us)
{
  double f;

  if (ABS (time_us - self->t0_us) < REBASE_HALF_LIVES * TP_HALF_LIFE_US)
    return;

  f = 1.0 / tp_scale_at (self, time_us);
  self->scale_value = 0;   /* the cache is in the old scale */
  for (guint i = 0; i < self->device_list->len; i++)
    {
      TpDevice *device = g_ptr_array_index (self->device_list, i);

      block_rescale (&device->block, f);
      for (guint j = 0; j < device->n_pairs; j++)
        block_rescale (&device->pairs[j]->block, f);
    }
  self->t0_us = time_us;
}

/* ------------------------------------------------- slots and visits */

static void
close_slot (TetherPatterns *self,
            gint64          end_us)
{
  double hours = (double) (end_us - self->slot_start_us) / TP_HOUR_US;
  guint how;
  double w;

  if (hours > 0)
    {
      maybe_rebase (self, self->slot_start_us);
      how = tether_patterns_hour_of_week (self->tz, self->slot_start_us);
      w = hours * tp_scale_at (self, self->slot_start_us);

      for (guint i = 0; i < self->device_list->len; i++)
        {
          TpDevice *device = g_ptr_array_index (self->device_list, i);
          TpPair *pair = tp_ensure_pair (device, self->net);
          double *counts;

          if (device->reached_in_slot)
            counts = device->block.reached;
          else if (!device->paused_in_slot)
            counts = device->block.missed;
          else
            continue;

          counts[how] += w;
          if (pair != NULL)
            (device->reached_in_slot ? pair->block.reached : pair->block.missed)[how] += w;
        }
    }

  for (guint i = 0; i < self->device_list->len; i++)
    {
      TpDevice *device = g_ptr_array_index (self->device_list, i);

      device->reached_in_slot = device->open;
      device->paused_in_slot = device->paused;
    }
  self->slot_start_us = end_us;
}

static void
count_visit (TpBlock  *block,
             gboolean  reached,
             gint64    end_us)
{
  block->attempts++;
  if (reached)
    {
      block->successes++;
      block->fails_in_row = 0;
      block->last_success_us = end_us;
    }
  else
    block->fails_in_row++;
}

static void
close_visit (TetherPatterns *self,
             gint64          end_us)
{
  gboolean long_enough = self->visit_observed_us >= TETHER_PATTERNS_VISIT_MIN_S * G_USEC_PER_SEC;

  for (guint i = 0; i < self->device_list->len; i++)
    {
      TpDevice *device = g_ptr_array_index (self->device_list, i);
      gboolean reached = device->reached_in_visit;

      if (reached || (long_enough && !device->paused_in_visit))
        {
          TpPair *pair = tp_ensure_pair (device, self->net);

          count_visit (&device->block, reached, end_us);
          if (pair != NULL)
            count_visit (&pair->block, reached, end_us);
        }
      device->reached_in_visit = device->open;
      device->paused_in_visit = device->paused;
    }
  self->visit_observed_us = 0;
}

static void
open_observed (TetherPatterns *self,
               gint64          time_us)
{
  TpObserved *obs = tp_vec_push (&self->observed, sizeof *obs);

  obs->start_us = time_us;
  obs->network = self->net;
}

static void
close_observed (TetherPatterns *self,
                gint64          time_us)
{
  TpObserved *obs;

  g_assert (self->observed.len > 0);
  obs = TP_VEC_AT (&self->observed, TpObserved, self->observed.len - 1);
  obs->end_us = MAX (time_us, obs->start_us);
}

/* Observation starts or stops; call around every change of running,
 * awake, offline or the network. */
static void
observation_begin (TetherPatterns *self,
                   gint64          time_us)
{
  self->slot_start_us = time_us;
  self->slot_end_us = tp_next_hour (self->tz, time_us);
  self->visit_observed_us = 0;
  open_observed (self, time_us);
  for (guint i = 0; i < self->device_list->len; i++)
    {
      TpDevice *device = g_ptr_array_index (self->device_list, i);

      device->reached_in_slot = device->reached_in_visit = device->open;
      device->paused_in_slot = device->paused_in_visit = device->paused;
    }
}

static void
observation_end (TetherPatterns *self,
                 gint64          time_us)
{
  close_slot (self, time_us);
  close_visit (self, time_us);
  close_observed (self, time_us);
}

/* ------------------------------------------------------------ sessions */

static void
close_session (TetherPatterns *self,
               TpDevice       *device,
               gint64          end_us,
               TpEnd           how)
{
  TpSession *s;

  if (!device->open)
    return;

  s = TP_VEC_AT (&device->sessions, TpSession, device->sessions.len - 1);
  s->end_us = MAX (end_us, s->start_us);
  s->flags |= how << TP_END_SHIFT;
  device->open = FALSE;
  device->last_end_us = s->end_us;
  device->block.last_seen_us = MAX (device->block.last_seen_us, s->end_us);

  {
    TpPair *pair = tp_ensure_pair (device, s->network);

    if (pair != NULL)
      pair->block.last_seen_us = MAX (pair->block.last_seen_us, s->end_us);

    if (tp_session_counts (s))
      {
        /* Weighed by the hour it ended in: finer is not worth an exp2()
         * per session. */
        gint64 hour = s->end_us / TP_HOUR_US;
        double len_s = (double) (s->end_us - s->start_us) / G_USEC_PER_SEC;
        double w;

        if (hour != self->scale_hour || self->scale_value == 0)
          {
            self->scale_hour = hour;
            self->scale_value = tp_scale_at (self, hour * TP_HOUR_US);
          }
        w = self->scale_value;

        device->block.len_sum += w * len_s;
        device->block.len_weight += w;
        if (pair != NULL)
          {
            pair->block.len_sum += w * len_s;
            pair->block.len_weight += w;
          }
      }
  }
}

static void
close_all_sessions (TetherPatterns *self,
                    gint64          end_us,
                    TpEnd           how)
{
  for (guint i = 0; i < self->device_list->len; i++)
    close_session (self, g_ptr_array_index (self->device_list, i), end_us, how);
}

static TpSession *
open_session (TetherPatterns *self,
              TpDevice       *device,
              gint64          start_us,
              guint16         network)
{
  TpSession *s = tp_vec_push (&device->sessions, sizeof *s);

  s->start_us = start_us;
  s->network = network;
  device->open = TRUE;
  device->reached_in_slot = TRUE;
  device->reached_in_visit = TRUE;

  return s;
}

static void
note_route (TpVec   *routes,
            guint8   type,
            guint32  address,
            gint64   time_us)
{
  TpRoute *route;

  if (type == 0 && address == 0)
    return;

  for (guint i = 0; i < routes->len; i++)
    {
      route = TP_VEC_AT (routes, TpRoute, i);
      if (route->type == type && route->address == address)
        {
          route->n++;
          route->last_us = MAX (route->last_us, time_us);
          return;
        }
    }

  route = tp_vec_push (routes, sizeof *route);
  route->type = type;
  route->address = address;
  route->n = 1;
  route->last_us = time_us;
}

static void
device_connected (TetherPatterns           *self,
                  TpDevice                 *device,
                  const TetherHistoryEvent *ev,
                  gint64                    time_us,
                  guint16                   network)
{
  guint8 type = tp_ensure_type (self, ev->type);
  guint32 address = tp_ensure_string (self, ev->address);
  TpSession *s;

  if (device->open)
    {
      /* Another connection of the pool, the other side's simultaneous
       * dial, or Tether reading what it had from an event: the same
       * session, with whatever details were missing. */
      s = TP_VEC_AT (&device->sessions, TpSession, device->sessions.len - 1);
      if (s->type == 0)
        s->type = type;
      if (s->address == 0)
        s->address = address;
      if (ev->flags & TETHER_HISTORY_FLAG_LAN)
        s->flags |= TP_SESSION_LAN;
      if (ev->flags & TETHER_HISTORY_FLAG_OBSERVED)
        s->flags |= TP_SESSION_OBSERVED;
      return;
    }

  {
    /* Syncthing ≥ 1.25 says when the connection started; believe it when
     * it is not before what Tether knows. */
    gint64 start = time_us;

    if (ev->value > 0 && ev->value < time_us && ev->value >= device->last_end_us)
      start = ev->value;

    s = open_session (self, device, start, network);
  }
  s->type = type;
  s->address = address;
  if (ev->flags & TETHER_HISTORY_FLAG_LAN)
    s->flags |= TP_SESSION_LAN;
  if (ev->flags & TETHER_HISTORY_FLAG_OBSERVED)
    s->flags |= TP_SESSION_OBSERVED;

  device->block.last_seen_us = MAX (device->block.last_seen_us, time_us);
  {
    TpPair *pair = tp_ensure_pair (device, network);

    if (pair != NULL)
      {
        pair->block.last_seen_us = MAX (pair->block.last_seen_us, time_us);
        note_route (&pair->routes, type, address, time_us);
      }
    note_route (&device->routes, type, address, time_us);
  }
}

/* ------------------------------------------------------------ time */

static void
clock_set_back (TetherPatterns *self,
                gint64          time_us)
{
  gint64 before = self->now_us;

  self->n_clock_jumps++;
  if (tp_observing (self))
    {
      close_slot (self, before);
      close_observed (self, before);
    }

  /* No session may end before it starts: split what is open. */
  for (guint i = 0; i < self->device_list->len; i++)
    {
      TpDevice *device = g_ptr_array_index (self->device_list, i);
      TpSession old;
      TpSession *s;

      if (!device->open)
        continue;

      old = *TP_VEC_AT (&device->sessions, TpSession, device->sessions.len - 1);
      close_session (self, device, before, TP_END_CLOCK);
      device->last_end_us = time_us;
      s = open_session (self, device, time_us, old.network);
      s->type = old.type;
      s->address = old.address;
      s->flags = (old.flags & TP_SESSION_LAN) | TP_SESSION_CONTINUED;
    }

  self->now_us = time_us;
  if (tp_observing (self))
    {
      self->slot_start_us = time_us;
      self->slot_end_us = tp_next_hour (self->tz, time_us);
      open_observed (self, time_us);
    }
}

/* Moves the model's clock to time_us; returns the time to use for the
 * record (the model's clock when the record is slightly late). */
static gint64
advance (TetherPatterns *self,
         gint64          time_us)
{
  if (self->n_events == 0)
    {
      self->first_us = self->now_us = self->t0_us = time_us;
      return time_us;
    }

  if (time_us < self->now_us - TETHER_PATTERNS_CLOCK_SLACK_S * G_USEC_PER_SEC)
    {
      clock_set_back (self, time_us);
      return time_us;
    }
  if (time_us <= self->now_us)
    return self->now_us;

  if (tp_observing (self))
    {
      while (self->slot_end_us <= time_us)
        {
          close_slot (self, self->slot_end_us);
          self->slot_end_us = tp_next_hour (self->tz, self->slot_end_us);
        }
      self->visit_observed_us += time_us - self->now_us;
    }
  self->now_us = time_us;

  return time_us;
}

/* Changes one of the conditions of observation, closing and opening
 * slots, visits and observed stretches as needed. */
static void
set_observation (TetherPatterns *self,
                 gint64          time_us,
                 gboolean        running,
                 gboolean        awake,
                 gboolean        offline,
                 guint16         network)
{
  gboolean was = tp_observing (self);
  gboolean new_visit = was && network != self->net;

  if (was && (new_visit || !(running && awake && !offline)))
    observation_end (self, time_us);

  self->running = running;
  self->awake = awake;
  self->offline = offline;
  self->net = network;

  if (tp_observing (self) && (!was || new_visit))
    observation_begin (self, time_us);
}

/* ------------------------------------------------------------ records */

static void
add_mark (TpVec   *marks,
          gint64   time_us,
          guint8   kind,
          guint32  label)
{
  TpMark *mark = tp_vec_push (marks, sizeof *mark);

  mark->time_us = time_us;
  mark->kind = kind;
  mark->label = label;
}

static void
network_changed (TetherPatterns           *self,
                 const TetherHistoryEvent *ev,
                 gint64                    time_us)
{
  guint16 id = tp_ensure_network (self, ev->network_uuid);
  TpNetwork *network = id != 0 ? g_ptr_array_index (self->networks, id) : NULL;

  if (network != NULL)
    {
      if (ev->name != NULL)
        network->name = ev->name;
      if (ev->type != NULL)
        network->type = ev->type;
      network->metered = (ev->flags & TETHER_HISTORY_FLAG_METERED) != 0;
    }

  add_mark (&self->marks, time_us, TETHER_MARKER_NETWORK_CHANGE,
            network != NULL && network->name != NULL ? tp_ensure_string (self, network->name) : 0);
  set_observation (self, time_us, self->running, self->awake, ev->network_uuid == NULL, id);
}

void
tether_patterns_add_interned (TetherPatterns           *self,
                              const TetherHistoryEvent *ev)
{
  TpDevice *device = NULL;
  gint64 t;

  g_return_if_fail (self != NULL);
  g_return_if_fail (ev != NULL);

  if (ev->kind <= TETHER_HISTORY_EVENT_INVALID || ev->kind >= TETHER_HISTORY_N_EVENT_KINDS)
    return;
  if (tether_history_event_kind_has_device (ev->kind) && ev->device_id == NULL)
    return;

  /* A start while Tether was running: it crashed. What was open ended at
   * the last sign of life, and the time since was not observed. */
  if (ev->kind == TETHER_HISTORY_EVENT_TETHER_STARTED && self->running && self->n_events > 0)
    {
      close_all_sessions (self, self->now_us, TP_END_CRASH);
      set_observation (self, self->now_us, FALSE, self->awake, self->offline, self->net);
    }

  t = advance (self, ev->time_us);
  self->n_events++;

  /* Whatever Tether recorded, it was running to record it. */
  if (!self->running && ev->kind != TETHER_HISTORY_EVENT_TETHER_STOPPED)
    set_observation (self, t, TRUE, ev->kind != TETHER_HISTORY_EVENT_SLEEP,
                     self->offline, self->net);

  if (ev->device_id != NULL)
    device = tp_ensure_device (self, ev->device_id);
  if (device != NULL && ev->name != NULL)
    device->name = ev->name;

  switch (ev->kind)
    {
    case TETHER_HISTORY_EVENT_CONNECTED:
      device_connected (self, device, ev, t,
                        ev->network_uuid != NULL ? tp_ensure_network (self, ev->network_uuid) : self->net);
      break;

    case TETHER_HISTORY_EVENT_DISCONNECTED:
      close_session (self, device, t, TP_END_DISCONNECT);
      break;

    case TETHER_HISTORY_EVENT_PAUSED:
      close_session (self, device, t, TP_END_PAUSE);
      device->paused = TRUE;
      device->paused_in_slot = TRUE;
      device->paused_in_visit = TRUE;
      break;

    case TETHER_HISTORY_EVENT_RESUMED:
      device->paused = FALSE;
      break;

    case TETHER_HISTORY_EVENT_DISCOVERED:
      break;

    case TETHER_HISTORY_EVENT_PREWARM:
      add_mark (&device->prewarms, t, TETHER_MARKER_PREWARM, tp_ensure_string (self, ev->text));
      break;

    case TETHER_HISTORY_EVENT_RECONNECTED:
      {
        TpLatency *lat = tp_vec_push (&device->latencies, sizeof *lat);

        lat->time_us = t;
        lat->ms = (gint32) CLAMP (ev->value, 0, G_MAXINT32);
        lat->network = ev->network_uuid != NULL ? tp_ensure_network (self, ev->network_uuid) : self->net;
        lat->prewarm = (ev->flags & TETHER_HISTORY_FLAG_PREWARM) != 0;
      }
      break;

    case TETHER_HISTORY_EVENT_NETWORK_CHANGED:
      network_changed (self, ev, t);
      break;

    case TETHER_HISTORY_EVENT_SLEEP:
      /* Whatever Syncthing says later, nothing flowed while asleep. */
      close_all_sessions (self, t, TP_END_SLEEP);
      add_mark (&self->marks, t, TETHER_MARKER_SLEEP, 0);
      set_observation (self, t, self->running, FALSE, self->offline, self->net);
      break;

    case TETHER_HISTORY_EVENT_WAKE:
      add_mark (&self->marks, t, TETHER_MARKER_RESUME, 0);
      set_observation (self, t, self->running, TRUE, self->offline, self->net);
      break;

    case TETHER_HISTORY_EVENT_TETHER_STARTED:
      /* Started means awake; the network is whatever was last said. */
      set_observation (self, t, TRUE, TRUE, self->offline, self->net);
      break;

    case TETHER_HISTORY_EVENT_TETHER_STOPPED:
      close_all_sessions (self, t, TP_END_STOP);
      set_observation (self, t, FALSE, self->awake, self->offline, self->net);
      break;

    case TETHER_HISTORY_EVENT_SYNCTHING_STARTED:
      if (ev->value != self->syncthing_start_us)
        {
          /* The old instance's connections ended by the new one's start. */
          close_all_sessions (self, ev->value > 0 ? MIN (ev->value, t) : t, TP_END_STOP);
          self->syncthing_start_us = ev->value;
        }
      break;

    case TETHER_HISTORY_EVENT_ALIVE:
      break;

    case TETHER_HISTORY_EVENT_INVALID:
    case TETHER_HISTORY_N_EVENT_KINDS:
    default:
      g_assert_not_reached ();
    }
}

void
tether_patterns_add (TetherPatterns           *self,
                     const TetherHistoryEvent *event)
{
  TetherHistoryEvent interned;

  g_return_if_fail (self != NULL);
  g_return_if_fail (event != NULL);

  interned = *event;
  tether_history_event_intern (&interned);
  tether_patterns_add_interned (self, &interned);
}
