/* tether-policy.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why each rule is what it is lives in DESIGN.md ("The problem, in
 * numbers"); here, in short:
 * - After a network switch or a long sleep, a "connected" device is most
 *   likely on a dead TCP connection that Syncthing will keep for up to
 *   5 minutes: cut it and dial again.
 * - A device seen announcing itself on the LAN connects within tens of
 *   milliseconds if asked at once, against 13–58 s alone.
 * - A device never reached on this network is dialed for nothing every
 *   minute: the adaptive policy parks it until the network changes or the
 *   device shows up.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-policy.h"
#include "tether-st-types.h"

const char *
tether_trigger_to_string (TetherTrigger trigger)
{
  switch (trigger)
    {
    case TETHER_TRIGGER_RESUME:           return "resume";
    case TETHER_TRIGGER_NETWORK_CHANGED:  return "network-changed";
    case TETHER_TRIGGER_CONNECTIVITY_UP:  return "connectivity-up";
    case TETHER_TRIGGER_DISCOVERED:       return "discovered";
    case TETHER_TRIGGER_DISCONNECTED:     return "disconnected";
    case TETHER_TRIGGER_RETRY:            return "retry";
    case TETHER_TRIGGER_MANUAL:           return "manual";
    case TETHER_TRIGGER_METERED_CHANGED:  return "metered-changed";
    case TETHER_TRIGGER_RECOVERED:        return "recovered";
    case TETHER_TRIGGER_ANSWERED:         return "answered";
    case TETHER_TRIGGER_PEER_COPY_EXPIRED: return "peer-copy-expired";
    case TETHER_N_TRIGGERS:
    default:                              break;
    }
  g_return_val_if_reached ("unknown");
}

const char *
tether_decision_kind_to_string (TetherDecisionKind kind)
{
  switch (kind)
    {
    case TETHER_DECISION_NONE:            return "none";
    case TETHER_DECISION_PREWARM:         return "prewarm";
    case TETHER_DECISION_CUT_AND_PREWARM: return "cut-and-prewarm";
    case TETHER_DECISION_RETRY_LATER:     return "retry-later";
    case TETHER_DECISION_PARK:            return "park";
    case TETHER_DECISION_UNPARK:          return "unpark";
    case TETHER_DECISION_PAUSE_METERED:   return "pause-metered";
    case TETHER_DECISION_RESUME_METERED:  return "resume-metered";
    case TETHER_DECISION_WATCH:           return "watch";
    default:                              break;
    }
  g_return_val_if_reached ("unknown");
}

void
tether_policy_settings_init_defaults (TetherPolicySettings *settings)
{
  g_return_if_fail (settings != NULL);

  /* Keep in step with data/io.github.tetherapp.Tether.gschema.xml. */
  settings->mode = TETHER_POOL_MODE_ADAPTIVE;
  settings->linger_s = 30 * 60;
  settings->retry_min_s = 0.3;
  settings->retry_max_s = 60;
  settings->prewarm_on_resume = TRUE;
  settings->prewarm_on_network_change = TRUE;
  settings->stale_after_sleep_s = 60;
  settings->metered_rule = TETHER_METERED_NO_CHANGE;
}

void
tether_decision_clear (TetherDecision *decision)
{
  g_clear_pointer (&decision->reason, g_free);
  decision->kind = TETHER_DECISION_NONE;
  decision->delay_ms = 0;
  decision->priority = 0;
}

gint64
tether_policy_backoff_ms (const TetherPolicySettings *settings,
                          guint                       failed)
{
  double delay_s;

  g_return_val_if_fail (settings != NULL, 1000);

  delay_s = settings->retry_min_s * (double) (1u << MIN (failed, 20u));
  delay_s = CLAMP (delay_s, settings->retry_min_s, settings->retry_max_s);

  return (gint64) (delay_s * 1000.0 + 0.5);
}

gint64
tether_policy_watch_interval_ms (const TetherSlotView       *slot,
                                 const TetherPolicySettings *settings,
                                 gint64                      now_us)
{
  gint64 since_us, base_ms;

  g_return_val_if_fail (slot != NULL, 0);
  g_return_val_if_fail (settings != NULL, 0);

  if (!slot->watchable || slot->connected || slot->parked ||
      slot->paused_by != TETHER_PAUSED_BY_NOBODY || settings->mode == TETHER_POOL_MODE_OFF)
    return 0;

  since_us = slot->lost_us > 0 ? slot->lost_us : slot->last_connected_us;
  if (since_us > 0 && now_us - since_us < TETHER_WATCH_FAST_FOR_US)
    base_ms = TETHER_WATCH_FAST_MS;
  else if (since_us > 0 && now_us - since_us < (gint64) settings->linger_s * G_USEC_PER_SEC)
    base_ms = TETHER_WATCH_SLOW_MS;
  else if (settings->mode == TETHER_POOL_MODE_ACTIVE)
    base_ms = TETHER_WATCH_IDLE_MS;
  else if (settings->mode == TETHER_POOL_MODE_ADAPTIVE && slot->p_reachable >= 0.5)
    base_ms = TETHER_WATCH_SLOW_MS;
  else
    return 0;

  /* A device that answers but does not connect (it refuses us, or
   * something else listens there) is knocked at less and less often. */
  return MIN (base_ms << MIN (slot->failed_attempts, 8u), MAX (base_ms, TETHER_WATCH_MAX_MS));
}

static void
set (TetherDecision     *out,
     TetherDecisionKind  kind,
     int                 priority,
     char               *reason)
{
  g_free (out->reason);
  out->kind = kind;
  out->priority = priority;
  out->delay_ms = 0;
  out->reason = reason;
}

static gboolean
should_pause_for_metered (const TetherSlotView       *slot,
                          const TetherNetContext     *net,
                          const TetherPolicySettings *settings)
{
  if (!net->metered)
    return FALSE;

  switch (settings->metered_rule)
    {
    case TETHER_METERED_PAUSE_ALL:
      return TRUE;
    case TETHER_METERED_PAUSE_NON_LAN:
      return !(slot->connected && slot->connected_on_lan);
    case TETHER_METERED_NO_CHANGE:
    default:
      return FALSE;
    }
}

/* Priority for pre-warms that happen together: likely devices first. */
static int
priority_of (const TetherSlotView *slot)
{
  if (slot->p_reachable < 0)
    return 50;
  return (int) (slot->p_reachable * 100.0 + 0.5);
}

/* Whether the mode wants this offline device dialed after a network event. */
static gboolean
wants_warm (const TetherSlotView       *slot,
            const TetherPolicySettings *settings,
            gint64                      now_us,
            char                      **reason)
{
  switch (settings->mode)
    {
    case TETHER_POOL_MODE_PASSIVE:
      if (slot->last_connected_us == 0 ||
          now_us - slot->last_connected_us > (gint64) settings->linger_s * G_USEC_PER_SEC)
        {
          *reason = g_strdup (_("passive: not used within the linger window"));
          return FALSE;
        }
      *reason = g_strdup (_("passive: used within the linger window"));
      return TRUE;

    case TETHER_POOL_MODE_ACTIVE:
      *reason = g_strdup (_("active: keeping every device warm"));
      return TRUE;

    case TETHER_POOL_MODE_ADAPTIVE:
      if (slot->p_reachable >= 0 && slot->p_reachable < 0.05 && slot->attempts_on_network > 0)
        {
          *reason = g_strdup_printf (_("adaptive: rarely reachable now (%.0f %%)"),
                                     slot->p_reachable * 100.0);
          return FALSE;
        }
      *reason = g_strdup (_("adaptive: likely reachable"));
      return TRUE;

    case TETHER_POOL_MODE_OFF:
    default:
      *reason = g_strdup (_("left to Syncthing"));
      return FALSE;
    }
}

static gboolean
should_park (const TetherSlotView       *slot,
             const TetherNetContext     *net,
             const TetherPolicySettings *settings,
             char                      **reason)
{
  if (settings->mode != TETHER_POOL_MODE_ADAPTIVE ||
      slot->successes_on_network > 0 ||
      slot->attempts_on_network < TETHER_POLICY_PARK_AFTER_ATTEMPTS)
    return FALSE;

  *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "parked: never reached on network “%s” in %u attempt",
                                          "parked: never reached on network “%s” in %u attempts",
                                          slot->attempts_on_network),
                             net->network_name ? net->network_name : _("this network"),
                             slot->attempts_on_network);
  return TRUE;
}

void
tether_policy_decide (const TetherSlotView       *slot,
                      TetherTrigger               trigger,
                      const TetherNetContext     *net,
                      const TetherPolicySettings *settings,
                      gint64                      now_us,
                      TetherDecision             *out)
{
  char *reason = NULL;
  gint64 watch_ms;

  g_return_if_fail (slot != NULL);
  g_return_if_fail (net != NULL);
  g_return_if_fail (settings != NULL);
  g_return_if_fail (out != NULL);

  set (out, TETHER_DECISION_NONE, 0, NULL);

  /* What the user paused is theirs: never touched, whatever happens. */
  if (slot->paused_by == TETHER_PAUSED_BY_USER)
    {
      set (out, TETHER_DECISION_NONE, 0, g_strdup (_("paused by you")));
      return;
    }

  /* The metered rule comes before any dialing. */
  if (should_pause_for_metered (slot, net, settings))
    {
      if (!slot->metered_paused)
        set (out, TETHER_DECISION_PAUSE_METERED, 0,
             g_strdup (_("paused on a metered network")));
      else
        set (out, TETHER_DECISION_NONE, 0, g_strdup (_("paused on a metered network")));
      return;
    }
  if (slot->metered_paused)
    {
      set (out, TETHER_DECISION_RESUME_METERED, priority_of (slot),
           g_strdup (_("network is no longer metered")));
      return;
    }

  if (trigger == TETHER_TRIGGER_MANUAL)
    {
      set (out, slot->parked ? TETHER_DECISION_UNPARK :
                slot->connected ? TETHER_DECISION_CUT_AND_PREWARM : TETHER_DECISION_PREWARM,
           100, g_strdup (_("you asked to reconnect")));
      return;
    }

  if (settings->mode == TETHER_POOL_MODE_OFF)
    {
      set (out, TETHER_DECISION_NONE, 0, g_strdup (_("left to Syncthing")));
      return;
    }

  if (!net->online && trigger != TETHER_TRIGGER_DISCOVERED && trigger != TETHER_TRIGGER_ANSWERED)
    {
      set (out, TETHER_DECISION_NONE, 0, g_strdup (_("waiting for the network")));
      return;
    }

  switch (trigger)
    {
    case TETHER_TRIGGER_RESUME:
      if (!settings->prewarm_on_resume)
        break;
      if (slot->connected)
        {
          if (net->slept_us > (gint64) settings->stale_after_sleep_s * G_USEC_PER_SEC)
            set (out, TETHER_DECISION_CUT_AND_PREWARM, 90,
                 /* A macro inside _() would hide the string from xgettext. */
                 g_strdup_printf (_("slept %d s: the connection is likely dead"),
                                  (int) MIN (net->slept_us / G_USEC_PER_SEC, G_MAXINT)));
          return;
        }
      if (slot->parked)
        return;
      if (wants_warm (slot, settings, now_us, &reason))
        set (out, TETHER_DECISION_PREWARM, priority_of (slot), reason);
      else
        set (out, TETHER_DECISION_NONE, 0, reason);
      return;

    case TETHER_TRIGGER_NETWORK_CHANGED:
      if (!settings->prewarm_on_network_change)
        break;
      if (slot->connected)
        {
          /* A LAN connection on an unchanged address survives a second
           * interface coming up; anything else rode on the old path. */
          if (net->address_changed || !slot->connected_on_lan)
            set (out, TETHER_DECISION_CUT_AND_PREWARM, 90,
                 g_strdup (_("network changed: the connection is suspect")));
          return;
        }
      /* A new network is a new chance for a parked device. */
      if (slot->parked)
        {
          set (out, TETHER_DECISION_UNPARK, priority_of (slot),
               g_strdup (_("network changed: trying again")));
          return;
        }
      if (wants_warm (slot, settings, now_us, &reason))
        set (out, TETHER_DECISION_PREWARM, priority_of (slot), reason);
      else
        set (out, TETHER_DECISION_NONE, 0, reason);
      return;

    case TETHER_TRIGGER_CONNECTIVITY_UP:
      if (slot->connected || slot->parked)
        return;
      if (wants_warm (slot, settings, now_us, &reason))
        set (out, TETHER_DECISION_PREWARM, priority_of (slot), reason);
      else
        set (out, TETHER_DECISION_NONE, 0, reason);
      return;

    case TETHER_TRIGGER_DISCOVERED:
      if (slot->connected)
        return;
      set (out, slot->parked ? TETHER_DECISION_UNPARK : TETHER_DECISION_PREWARM, 80,
           g_strdup (_("seen on the network")));
      return;

    case TETHER_TRIGGER_DISCONNECTED:
    case TETHER_TRIGGER_RETRY:
      if (slot->connected || slot->parked)
        return;
      if (should_park (slot, net, settings, &reason))
        {
          set (out, TETHER_DECISION_PARK, 0, reason);
          return;
        }
      /* A device that cannot dial us (NAT, a firewall) is only back when
       * we dial it: knocking at its address costs no config write and
       * finds it within a knock of its return, not Syncthing's 60 s. A
       * retry is due at a set time (a peer's old copy expiring): no
       * knocking, it would only find the peer up and still refusing. */
      watch_ms = trigger == TETHER_TRIGGER_DISCONNECTED
        ? tether_policy_watch_interval_ms (slot, settings, now_us) : 0;
      if (watch_ms > 0)
        {
          set (out, TETHER_DECISION_WATCH, priority_of (slot),
               g_strdup (_("watching its address for its return")));
          out->delay_ms = watch_ms;
          return;
        }
      /* Without an address to watch, passive leaves a lost device to
       * Syncthing; adaptive chases it only where its pattern says it is
       * likely back soon (spending the config-write budget where it
       * pays); active always does. */
      if (settings->mode == TETHER_POOL_MODE_PASSIVE ||
          (settings->mode == TETHER_POOL_MODE_ADAPTIVE && slot->p_reachable < 0.5) ||
          !wants_warm (slot, settings, now_us, &reason))
        {
          g_clear_pointer (&reason, g_free);
          set (out, TETHER_DECISION_NONE, 0, g_strdup (_("left to Syncthing’s own timer")));
          return;
        }
      g_free (reason);
      if (trigger == TETHER_TRIGGER_RETRY)
        {
          set (out, TETHER_DECISION_PREWARM, priority_of (slot), g_strdup (_("retrying")));
          return;
        }
      set (out, TETHER_DECISION_RETRY_LATER, priority_of (slot), NULL);
      out->delay_ms = tether_policy_backoff_ms (settings, slot->failed_attempts);
      out->reason = g_strdup_printf (_("retry in %.1f s"), out->delay_ms / 1000.0);
      return;

    case TETHER_TRIGGER_ANSWERED:
      if (!slot->connected && !slot->parked)
        set (out, TETHER_DECISION_PREWARM, 80, g_strdup (_("answering at its address again")));
      return;

    case TETHER_TRIGGER_PEER_COPY_EXPIRED:
      /* The moment the peer takes a new connection again, whatever the
       * mode: what Tether waited for instead of Syncthing's timer. */
      if (!slot->connected && !slot->parked)
        set (out, TETHER_DECISION_PREWARM, 70,
             g_strdup (_("the peer has let go of the old connection")));
      return;

    case TETHER_TRIGGER_RECOVERED:
      /* Tether's own pause kept it apart; Tether owes it the redial. */
      if (!slot->connected && !slot->parked)
        set (out, TETHER_DECISION_PREWARM, 70,
             g_strdup (_("reconnecting after undoing a pause an earlier Tether left behind")));
      return;

    case TETHER_TRIGGER_MANUAL:
    case TETHER_TRIGGER_METERED_CHANGED:
      return;

    case TETHER_N_TRIGGERS:
    default:
      g_return_if_reached ();
    }
}

guint
tether_redial_budget_left (const gint64 *times,
                           guint         n_times,
                           gint64        now_us,
                           gint64       *next_us)
{
  guint in_window = 0;

  g_return_val_if_fail (times != NULL || n_times == 0, 0);

  for (guint i = 0; i < n_times; i++)
    in_window += now_us - times[i] < TETHER_REDIAL_WINDOW_US;

  /* Three within one window start a cool-down from the third; this also
   * covers three in the window that ends now. */
  for (guint i = 0; i + TETHER_REDIAL_BURST <= n_times; i++)
    {
      gint64 third = times[i + TETHER_REDIAL_BURST - 1];

      if (third - times[i] < TETHER_REDIAL_WINDOW_US &&
          now_us < third + TETHER_REDIAL_COOLDOWN_US)
        {
          if (next_us != NULL)
            *next_us = third + TETHER_REDIAL_COOLDOWN_US;
          return 0;
        }
    }

  if (next_us != NULL)
    *next_us = now_us;
  return TETHER_REDIAL_BURST - in_window;
}

gint64
tether_policy_peer_copy_expiry (const char *peer_version,
                                gboolean    lost_abruptly,
                                gint64      lost_us,
                                const char *error_text,
                                gint64      now_us)
{
  g_autofree char *folded = error_text ? g_utf8_strdown (error_text, -1) : NULL;
  gboolean says_so = folded != NULL && strstr (folded, "already connected") != NULL;
  guint major = 0, minor = 0, patch = 0;
  gint64 expiry;

  if (lost_us <= 0)
    return 0;

  expiry = lost_us + TETHER_PEER_COPY_TIMEOUT_US;
  if (expiry <= now_us)
    return 0;

  if (says_so)
    return expiry;

  if (!lost_abruptly || peer_version == NULL ||
      !tether_st_parse_version_string (peer_version, &major, &minor, &patch))
    return 0;

  return (major > 1 || (major == 1 && minor >= 25)) ? expiry : 0;
}
