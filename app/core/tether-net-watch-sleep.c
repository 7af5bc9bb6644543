/* tether-net-watch-sleep.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sleep and resume, for TetherNetWatch. logind says PrepareForSleep(true)
 * before a suspend and waits for the holders of "delay" inhibitor locks (at
 * most InhibitDelayMaxSec, 5 s by default); Tether holds one so that the
 * engine can pause its devices first, and lets go as soon as the engine is
 * done, or after INHIBIT_TIMEOUT_MS at the latest.
 *
 * Without logind, NetworkManager's ASLEEP state is the next best thing, but
 * NetworkManager learns about sleep from logind itself; so the clock
 * fallback runs whenever logind is away. CLOCK_MONOTONIC stops while Linux
 * is suspended and CLOCK_BOOTTIME does not: a timer compares the two, and a
 * gap is the time slept. It cannot warn before a sleep, only tell after.
 */

#include "config.h"

#include <time.h>
#include <unistd.h>

#include <gio/gunixfdlist.h>

#include "tether-net-watch-private.h"

#define LOGIND_NAME  "org.freedesktop.login1"
#define LOGIND_PATH  "/org/freedesktop/login1"
#define LOGIND_IFACE "org.freedesktop.login1.Manager"

#define INHIBIT_TIMEOUT_MS 3000
#define CLOCK_INTERVAL_MS  5000
/* A gap between the clocks larger than this is a suspend; timer slack and
 * a loaded machine stay far below it. */
#define CLOCK_JUMP_US      (10 * G_USEC_PER_SEC)

static gint64
boottime_now (gpointer user_data)
{
#ifdef CLOCK_BOOTTIME
  struct timespec ts;

  if (clock_gettime (CLOCK_BOOTTIME, &ts) == 0)
    return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
#endif

  return g_get_real_time ();
}

/* -------------------------------------------------------------- sleeping */

static void
sleep_begin (TetherNetWatch      *self,
             TetherSignalSources  source)
{
  TetherNetEvent *event;

  if (self->asleep)
    return;

  self->asleep = TRUE;
  self->sleep_source = source;
  self->sleep_real_us = g_get_real_time ();

  event = tether_net_event_new (TETHER_NET_EVENT_GOING_TO_SLEEP, source);
  event->reach = self->reach;
  _tether_net_watch_emit (self, event);
}

/* With slept_us < 0, the real time since GOING_TO_SLEEP (0 without one). */
static void
sleep_end (TetherNetWatch      *self,
           TetherSignalSources  source,
           gint64               slept_us)
{
  TetherNetEvent *event = tether_net_event_new (TETHER_NET_EVENT_RESUMED, source);

  if (slept_us < 0)
    slept_us = self->asleep ? MAX (0, event->time_us - self->sleep_real_us) : 0;

  event->slept_us = slept_us;
  event->reach = self->reach;
  self->asleep = FALSE;
  self->resumed_mono_us = event->monotonic_us;
  _tether_net_watch_emit (self, event);
}

/* ------------------------------------------------------------- inhibitor */

static void
inhibit_drop (TetherNetWatch *self)
{
  _tether_net_watch_clear_source (&self->inhibit_source);

  if (self->inhibit_fd >= 0)
    {
      g_debug ("NetWatch: sleep inhibitor released");
      close (self->inhibit_fd);
      self->inhibit_fd = -1;
    }
}

static void
inhibit_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TetherNetWatch) self = _tether_net_watch_weak_ref_steal (user_data);
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint32 index;
  int fd;

  /* Unreferencing fds closes what it holds. */
  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source),
                                                           &fds, result, &error);
  if (self == NULL)
    return;

  self->inhibit_pending = FALSE;
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Tether cannot delay sleep to close connections cleanly: %s", error->message);
      return;
    }

  g_variant_get (reply, "(h)", &index);
  fd = fds != NULL ? g_unix_fd_list_get (fds, index, &error) : -1;
  if (fd < 0)
    {
      g_message ("Tether cannot delay sleep to close connections cleanly: %s",
                 error ? error->message : "no file descriptor in logind's reply");
      return;
    }

  /* Too late for a sleep under way (a lock now would only hold it up), or
   * logind left meanwhile. */
  if (self->asleep || self->inhibit_fd >= 0 ||
      (self->sources & TETHER_SIGNAL_SOURCE_LOGIND) == 0)
    {
      close (fd);
      return;
    }

  g_debug ("NetWatch: sleep inhibitor taken");
  self->inhibit_fd = fd;
}

static void
inhibit_take (TetherNetWatch *self)
{
  if (self->inhibit_fd >= 0 || self->inhibit_pending || self->bus == NULL)
    return;

  self->inhibit_pending = TRUE;
  g_dbus_connection_call_with_unix_fd_list (self->bus,
                                            LOGIND_NAME, LOGIND_PATH, LOGIND_IFACE, "Inhibit",
                                            g_variant_new ("(ssss)", "sleep", "Tether",
                                                           "Close Syncthing connections cleanly",
                                                           "delay"),
                                            G_VARIANT_TYPE ("(h)"),
                                            G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                            -1, NULL, self->cancellable,
                                            inhibit_cb, _tether_net_watch_weak_ref_new (self));
}

static gboolean
inhibit_timeout_cb (gpointer user_data)
{
  TetherNetWatch *self = user_data;

  g_clear_pointer (&self->inhibit_source, g_source_unref);
  g_debug ("NetWatch: the engine did not release the sleep inhibitor in time");
  inhibit_drop (self);

  return G_SOURCE_REMOVE;
}

void
tether_net_watch_release_sleep_inhibitor (TetherNetWatch *self)
{
  g_return_if_fail (TETHER_IS_NET_WATCH (self));
  g_return_if_fail (_tether_net_watch_on_own_context (self));

  /* After a resume, the lock held is the next sleep's. */
  if (!self->asleep)
    return;

  inhibit_drop (self);
}

gboolean
tether_net_watch_holds_sleep_inhibitor (TetherNetWatch *self)
{
  g_return_val_if_fail (TETHER_IS_NET_WATCH (self), FALSE);

  return self->inhibit_fd >= 0;
}

/* ----------------------------------------------------------------- clock */

static gboolean
clock_tick_cb (gpointer user_data)
{
  TetherNetWatch *self = user_data;
  gint64 mono = g_get_monotonic_time ();
  gint64 suspend = self->clock_func (self->clock_data);
  gint64 gap = (suspend - self->clock_suspend_us) - (mono - self->clock_mono_us);
  gint64 previous_tick = self->clock_mono_us;

  self->clock_mono_us = mono;
  self->clock_suspend_us = suspend;

  if (gap > CLOCK_JUMP_US)
    {
      /* The monotonic clock stood still while asleep: a RESUMED since the
       * last tick was for this sleep. */
      if (!self->asleep && self->resumed_mono_us > previous_tick)
        g_debug ("NetWatch: clock jump of %" G_GINT64_FORMAT " s, resume already reported",
                 gap / G_USEC_PER_SEC);
      else
        sleep_end (self, TETHER_SIGNAL_SOURCE_CLOCK, gap);
    }

  return G_SOURCE_CONTINUE;
}

static void
clock_start (TetherNetWatch *self)
{
  if (self->clock_source != NULL)
    return;

  self->clock_mono_us = g_get_monotonic_time ();
  self->clock_suspend_us = self->clock_func (self->clock_data);
  self->clock_source = _tether_net_watch_attach (self,
                                                 g_timeout_source_new (self->clock_interval_ms),
                                                 clock_tick_cb);
}

static void
clock_stop (TetherNetWatch *self)
{
  _tether_net_watch_clear_source (&self->clock_source);
}

/* ---------------------------------------------------------------- logind */

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  TetherNetWatch *self = user_data;
  gboolean start;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &start);
  if (start)
    {
      if (self->asleep)
        return;
      /* Armed first: the engine may release during the emission. */
      if (self->inhibit_fd >= 0 && self->inhibit_source == NULL)
        self->inhibit_source = _tether_net_watch_attach (self,
                                                         g_timeout_source_new (self->inhibit_timeout_ms),
                                                         inhibit_timeout_cb);
      sleep_begin (self, TETHER_SIGNAL_SOURCE_LOGIND);
    }
  else
    {
      _tether_net_watch_clear_source (&self->inhibit_source);
      sleep_end (self, TETHER_SIGNAL_SOURCE_LOGIND, -1);
      inhibit_take (self);
    }
}

static void
unsubscribe (TetherNetWatch *self)
{
  if (self->sleep_subscription_id != 0)
    {
      g_dbus_connection_signal_unsubscribe (self->bus, self->sleep_subscription_id);
      self->sleep_subscription_id = 0;
    }
}

static void
logind_appeared_cb (GDBusConnection *connection,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  TetherNetWatch *self = user_data;

  /* Subscribed by unique name: GLib before 2.80 does not check a
   * well-known sender itself. */
  unsubscribe (self);
  self->sleep_subscription_id =
    g_dbus_connection_signal_subscribe (connection, owner, LOGIND_IFACE, "PrepareForSleep",
                                        LOGIND_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        prepare_for_sleep_cb, self, NULL);
  clock_stop (self);
  _tether_net_watch_set_sources (self, TETHER_SIGNAL_SOURCE_LOGIND, TETHER_SIGNAL_SOURCE_CLOCK);
  inhibit_take (self);
}

static void
logind_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  TetherNetWatch *self = user_data;

  unsubscribe (self);
  inhibit_drop (self);
  clock_start (self);
  _tether_net_watch_set_sources (self, TETHER_SIGNAL_SOURCE_CLOCK, TETHER_SIGNAL_SOURCE_LOGIND);
}

/* ------------------------------------------------------- NetworkManager */

void
_tether_net_watch_nm_sleep_update (TetherNetWatch *self,
                                   gboolean        asleep)
{
  gboolean known = self->nm_asleep_known;
  gboolean was = self->nm_asleep;

  self->nm_asleep_known = TRUE;
  self->nm_asleep = asleep;
  if (!known || was == asleep)
    return;

  if (asleep && (self->sources & TETHER_SIGNAL_SOURCE_LOGIND) == 0)
    sleep_begin (self, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER);
  else if (!asleep && self->asleep && self->sleep_source == TETHER_SIGNAL_SOURCE_NETWORK_MANAGER)
    sleep_end (self, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER, -1);
}

void
_tether_net_watch_nm_sleep_forget (TetherNetWatch *self)
{
  self->nm_asleep_known = FALSE;
  self->nm_asleep = FALSE;

  /* Nobody is left to say when this sleep ends: we are running, so now. */
  if (self->asleep && self->sleep_source == TETHER_SIGNAL_SOURCE_NETWORK_MANAGER)
    sleep_end (self, TETHER_SIGNAL_SOURCE_NETWORK_MANAGER, -1);
}

/* ------------------------------------------------------------- lifecycle */

void
_tether_net_watch_sleep_init (TetherNetWatch *self)
{
  self->inhibit_fd = -1;
  self->inhibit_timeout_ms = INHIBIT_TIMEOUT_MS;
  self->clock_func = boottime_now;
  self->clock_interval_ms = CLOCK_INTERVAL_MS;
}

void
_tether_net_watch_sleep_start (TetherNetWatch *self)
{
  if (self->bus == NULL)
    {
      clock_start (self);
      _tether_net_watch_set_sources (self, TETHER_SIGNAL_SOURCE_CLOCK, 0);
      return;
    }

  self->logind_watch_id = g_bus_watch_name_on_connection (self->bus, LOGIND_NAME,
                                                          G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                          logind_appeared_cb,
                                                          logind_vanished_cb,
                                                          self, NULL);
}

void
_tether_net_watch_sleep_stop (TetherNetWatch *self)
{
  if (self->logind_watch_id != 0)
    {
      g_bus_unwatch_name (self->logind_watch_id);
      self->logind_watch_id = 0;
    }
  unsubscribe (self);
  inhibit_drop (self);
  clock_stop (self);
}

void
_tether_net_watch_set_clock (TetherNetWatch          *self,
                             TetherNetWatchClockFunc  func,
                             gpointer                 user_data,
                             guint                    interval_ms)
{
  g_return_if_fail (TETHER_IS_NET_WATCH (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (func != NULL);
  g_return_if_fail (interval_ms > 0);

  self->clock_func = func;
  self->clock_data = user_data;
  self->clock_interval_ms = interval_ms;
}

void
_tether_net_watch_set_inhibit_timeout (TetherNetWatch *self,
                                       guint           timeout_ms)
{
  g_return_if_fail (TETHER_IS_NET_WATCH (self));
  g_return_if_fail (!self->started);

  self->inhibit_timeout_ms = timeout_ms;
}
