/* tether-history-record.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recording helpers for the engine and the pool, on top of
 * tether_history_append(): one call per kind of moment, and the
 * reconciliation with what Syncthing's state says.
 */

#include "config.h"

#include "tether-history-private.h"
#include "tether-snapshot.h"

static void
record (TetherHistory          *self,
        TetherHistoryEventKind  kind,
        const char             *device_id)
{
  TetherHistoryEvent ev = { .kind = kind, .device_id = device_id };

  tether_history_append (self, &ev);
}

void
tether_history_record_st_event (TetherHistory          *self,
                                const TetherStEvent    *ev,
                                const TetherDeviceInfo *info)
{
  g_autofree char *addresses = NULL;
  TetherHistoryEvent rec = { .time_us = ev->time_us, .device_id = ev->device_id };

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (ev != NULL);

  /* Only the devices of this Syncthing (not itself, not strangers). */
  if (info == NULL || ev->device_id == NULL)
    return;

  switch (ev->type)
    {
    case TETHER_ST_EVENT_DEVICE_CONNECTED:    rec.kind = TETHER_HISTORY_EVENT_CONNECTED; break;
    case TETHER_ST_EVENT_DEVICE_DISCONNECTED: rec.kind = TETHER_HISTORY_EVENT_DISCONNECTED; break;
    case TETHER_ST_EVENT_DEVICE_DISCOVERED:   rec.kind = TETHER_HISTORY_EVENT_DISCOVERED; break;
    case TETHER_ST_EVENT_DEVICE_PAUSED:       rec.kind = TETHER_HISTORY_EVENT_PAUSED; break;
    case TETHER_ST_EVENT_DEVICE_RESUMED:      rec.kind = TETHER_HISTORY_EVENT_RESUMED; break;
    case TETHER_ST_EVENT_OTHER:
    case TETHER_ST_EVENT_CONFIG_SAVED:
    default:
      return;
    }

  rec.name = ev->device_name != NULL ? ev->device_name : info->name;
  rec.type = ev->conn_type;
  rec.address = ev->address;
  rec.text = ev->error;
  if (ev->addrs != NULL)
    rec.text = addresses = g_strjoinv (" ", ev->addrs);
  if (info->paused_by == TETHER_PAUSED_BY_TETHER)
    rec.flags |= TETHER_HISTORY_FLAG_BY_TETHER;

  tether_history_append (self, &rec);
}

void
tether_history_record_tether (TetherHistory *self,
                              gboolean       started)
{
  record (self, started ? TETHER_HISTORY_EVENT_TETHER_STARTED : TETHER_HISTORY_EVENT_TETHER_STOPPED, NULL);
}

void
tether_history_record_prewarm (TetherHistory *self,
                               const char    *device_id,
                               const char    *trigger)
{
  TetherHistoryEvent ev = {
    .kind = TETHER_HISTORY_EVENT_PREWARM,
    .device_id = device_id,
    .text = trigger,
  };

  tether_history_append (self, &ev);
}

void
tether_history_record_reconnected (TetherHistory *self,
                                   const char    *device_id,
                                   gint64         latency_ms,
                                   gboolean       after_prewarm,
                                   const char    *trigger)
{
  TetherHistoryEvent ev = {
    .kind = TETHER_HISTORY_EVENT_RECONNECTED,
    .device_id = device_id,
    .value = latency_ms,
    .flags = after_prewarm ? TETHER_HISTORY_FLAG_PREWARM : 0,
    .text = trigger,
  };

  tether_history_append (self, &ev);
}

void
tether_history_record_network (TetherHistory *self,
                               const char    *uuid,
                               const char    *name,
                               const char    *type,
                               gboolean       metered)
{
  TetherHistoryEvent ev = {
    .kind = TETHER_HISTORY_EVENT_NETWORK_CHANGED,
    .network_uuid = uuid,
    .name = name,
    .type = type,
    .flags = metered ? TETHER_HISTORY_FLAG_METERED : 0,
  };

  tether_history_append (self, &ev);
}

void
tether_history_record_sleep (TetherHistory *self)
{
  record (self, TETHER_HISTORY_EVENT_SLEEP, NULL);
}

void
tether_history_record_wake (TetherHistory *self)
{
  record (self, TETHER_HISTORY_EVENT_WAKE, NULL);
}

void
tether_history_record_paused (TetherHistory *self,
                              const char    *device_id,
                              gboolean       paused,
                              gboolean       by_tether)
{
  TetherHistoryEvent ev = {
    .kind = paused ? TETHER_HISTORY_EVENT_PAUSED : TETHER_HISTORY_EVENT_RESUMED,
    .device_id = device_id,
    .flags = by_tether ? TETHER_HISTORY_FLAG_BY_TETHER : 0,
  };

  tether_history_append (self, &ev);
}

/* What the history believes about a device, including what waits to be
 * applied while loading. */
static guint
device_flags (TetherHistory *self,
              const char    *device_id)
{
  guint flags;

  g_mutex_lock (&self->lock);
  flags = tether_patterns_get_device_flags (self->patterns, device_id);
  g_mutex_unlock (&self->lock);

  return flags;
}

void
tether_history_observe_syncthing (TetherHistory *self,
                                  gint64         start_time_us)
{
  gint64 known;

  g_return_if_fail (TETHER_IS_HISTORY (self));

  /* Before the load, the file is not known yet: record it (a repeat is
   * harmless: the same start time ends nothing). */
  g_mutex_lock (&self->lock);
  known = self->loaded ? tether_patterns_get_syncthing_start (self->patterns) : 0;
  g_mutex_unlock (&self->lock);

  if (start_time_us != 0 && start_time_us != known)
    {
      TetherHistoryEvent ev = {
        .kind = TETHER_HISTORY_EVENT_SYNCTHING_STARTED,
        .value = start_time_us,
      };

      tether_history_append (self, &ev);
    }
}

void
tether_history_observe_device (TetherHistory            *self,
                               const char               *device_id,
                               const char               *name,
                               gboolean                  paused,
                               const TetherStConnection *primary)
{
  guint flags;

  g_return_if_fail (TETHER_IS_HISTORY (self));
  g_return_if_fail (device_id != NULL);

  /* Before the load, take the device as new: a start (TETHER_STARTED)
   * leaves no session open, so recording what Syncthing says is right,
   * and in order with the events that follow. */
  flags = self->loaded ? device_flags (self, device_id) : 0;

  if (paused != ((flags & TETHER_PATTERNS_DEVICE_PAUSED) != 0))
    {
      TetherHistoryEvent ev = {
        .kind = paused ? TETHER_HISTORY_EVENT_PAUSED : TETHER_HISTORY_EVENT_RESUMED,
        .device_id = device_id,
        .name = name,
        .flags = TETHER_HISTORY_FLAG_OBSERVED,
      };

      tether_history_append (self, &ev);
      flags = device_flags (self, device_id);
    }

  if (primary != NULL && !(flags & TETHER_PATTERNS_DEVICE_OBSERVED))
    {
      /* Connected without an event Tether saw, or connected with details
       * an event does not carry (LAN, crypto). */
      TetherHistoryEvent ev = {
        .kind = TETHER_HISTORY_EVENT_CONNECTED,
        .device_id = device_id,
        .name = name,
        .type = primary->type,
        .address = primary->address,
        .crypto = primary->crypto,
        .value = primary->started_at_us,
        .flags = TETHER_HISTORY_FLAG_OBSERVED | (primary->is_local ? TETHER_HISTORY_FLAG_LAN : 0),
      };

      tether_history_append (self, &ev);
    }
  else if (primary == NULL && (!(flags & TETHER_PATTERNS_DEVICE_KNOWN) ||
                               (flags & TETHER_PATTERNS_DEVICE_CONNECTED)))
    {
      /* A disconnection Tether missed, or a device never seen connected:
       * from now on it counts as missed while Tether observes. */
      TetherHistoryEvent ev = {
        .kind = TETHER_HISTORY_EVENT_DISCONNECTED,
        .device_id = device_id,
        .name = name,
        .flags = TETHER_HISTORY_FLAG_OBSERVED,
      };

      tether_history_append (self, &ev);
    }
}
