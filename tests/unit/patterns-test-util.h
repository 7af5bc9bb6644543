/* patterns-test-util.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records for test-patterns.c and test-patterns-prediction.c. All times
 * are UTC, counted from Monday 2024-01-01 00:00 (hour of week 0).
 */

#pragma once

#include <math.h>

#include "tether-patterns.h"

#define BASE_US  G_GINT64_CONSTANT (1704067200000000)
#define SEC(s)   (BASE_US + (gint64) ((double) (s) * G_USEC_PER_SEC))
#define MIN_(m)  SEC ((m) * 60)
#define HOUR(h)  SEC ((h) * 3600)

#define DEV_A "AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA"
#define DEV_B "BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB"
#define HOME  "11111111-1111-1111-1111-111111111111"
#define CAFE  "22222222-2222-2222-2222-222222222222"

/* ------------------------------------------------------------ helpers */

static G_GNUC_UNUSED TetherHistoryEvent
ev (gint64                 time_us,
    TetherHistoryEventKind kind,
    const char            *device_id)
{
  TetherHistoryEvent e = { .time_us = time_us, .kind = kind, .device_id = device_id };

  return e;
}

static G_GNUC_UNUSED TetherHistoryEvent
conn (gint64      time_us,
      const char *device_id)
{
  TetherHistoryEvent e = ev (time_us, TETHER_HISTORY_EVENT_CONNECTED, device_id);

  e.type = "tcp-client";
  e.address = "192.168.1.20:22000";
  return e;
}

static G_GNUC_UNUSED TetherHistoryEvent
disc (gint64      time_us,
      const char *device_id)
{
  TetherHistoryEvent e = ev (time_us, TETHER_HISTORY_EVENT_DISCONNECTED, device_id);

  e.text = "EOF";
  return e;
}

static G_GNUC_UNUSED TetherHistoryEvent
net (gint64      time_us,
     const char *uuid,
     const char *name)
{
  TetherHistoryEvent e = ev (time_us, TETHER_HISTORY_EVENT_NETWORK_CHANGED, NULL);

  e.network_uuid = uuid;
  e.name = name;
  e.type = "wifi";
  return e;
}

static G_GNUC_UNUSED TetherHistoryEvent
latency (gint64      time_us,
         const char *device_id,
         gint64      ms,
         gboolean    prewarm)
{
  TetherHistoryEvent e = ev (time_us, TETHER_HISTORY_EVENT_RECONNECTED, device_id);

  e.value = ms;
  e.flags = prewarm ? TETHER_HISTORY_FLAG_PREWARM : 0;
  return e;
}

static G_GNUC_UNUSED GPtrArray *
sessions_of (const TetherHistoryEvent *events,
             gsize                     n,
             const char               *device_id)
{
  GPtrArray *sessions = tether_patterns_reconstruct (events, n, device_id);

  for (guint i = 0; i < sessions->len; i++)
    {
      TetherSession *s = g_ptr_array_index (sessions, i);

      g_test_message ("session %u: %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " s", i,
                      (s->start_us - BASE_US) / G_USEC_PER_SEC,
                      s->end_us != 0 ? (s->end_us - BASE_US) / G_USEC_PER_SEC : -1);
    }
  return sessions;
}

static G_GNUC_UNUSED void
assert_session (GPtrArray *sessions,
                guint      i,
                gint64     start_us,
                gint64     end_us)
{
  TetherSession *s;

  g_assert_cmpuint (i, <, sessions->len);
  s = g_ptr_array_index (sessions, i);
  g_assert_cmpint (s->start_us, ==, start_us);
  g_assert_cmpint (s->end_us, ==, end_us);
}
