/* tether-tray-state.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-tray-state.h"

TetherTrayState
tether_tray_state_for_snapshot (const TetherSnapshot *snapshot,
                                char                **description)
{
  TetherTrayState state;
  guint paused = 0, connected = 0, dialing = 0, active;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (snapshot != NULL, TETHER_TRAY_STATE_ERROR);

  switch (snapshot->status)
    {
    case TETHER_ENGINE_STATUS_STARTING:
      if (description)
        *description = g_strdup (_("Looking for Syncthing…"));
      return TETHER_TRAY_STATE_RECONNECTING;
    case TETHER_ENGINE_STATUS_NOT_FOUND:
      if (description)
        *description = g_strdup (_("Syncthing not found"));
      return TETHER_TRAY_STATE_ERROR;
    case TETHER_ENGINE_STATUS_UNREACHABLE:
      if (description)
        *description = g_strdup (_("Syncthing is not reachable"));
      return TETHER_TRAY_STATE_ERROR;
    case TETHER_ENGINE_STATUS_UNAUTHORIZED:
      if (description)
        *description = g_strdup (_("Syncthing rejected the API key"));
      return TETHER_TRAY_STATE_ERROR;
    case TETHER_ENGINE_STATUS_BAD_RESPONSE:
      if (description)
        *description = g_strdup (_("Unexpected answer from Syncthing"));
      return TETHER_TRAY_STATE_ERROR;
    case TETHER_ENGINE_STATUS_ONLINE:
    default:
      break;
    }

  if (snapshot->devices->len == 0)
    {
      if (description)
        *description = g_strdup (_("No remote devices"));
      return TETHER_TRAY_STATE_CONNECTED;
    }

  for (guint i = 0; i < snapshot->devices->len; i++)
    {
      const TetherDeviceInfo *info = g_ptr_array_index (snapshot->devices, i);

      /* A parked device is paused by Tether only to stop futile dialing: it
       * counts as offline, not as paused. */
      if (info->paused && info->state != TETHER_DEVICE_STATE_PARKED)
        paused++;
      else if (info->state == TETHER_DEVICE_STATE_CONNECTED ||
               info->state == TETHER_DEVICE_STATE_STALE)
        connected++;
      else if (info->state == TETHER_DEVICE_STATE_DIALING)
        dialing++;
    }
  active = snapshot->devices->len - paused;

  if (active == 0)
    state = TETHER_TRAY_STATE_PAUSED;
  else if (connected == active)
    state = TETHER_TRAY_STATE_CONNECTED;
  else if (connected == 0 && dialing == 0)
    state = TETHER_TRAY_STATE_OFFLINE;
  else
    state = TETHER_TRAY_STATE_RECONNECTING;

  if (description == NULL)
    return state;

  text = g_string_new (NULL);
  if (active == 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "The device is paused",
                                         "All %u devices are paused", paused),
                            paused);
  else
    {
      /* Translators: "2 of 3 devices connected" */
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u of %u device connected",
                                           "%u of %u devices connected", active),
                              connected, active);
      if (paused > 0)
        {
          g_string_append_c (text, '\n');
          /* Translators: how many more devices are paused, after "2 of 3 devices connected" */
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u paused", "%u paused", paused),
                                  paused);
        }
    }
  *description = g_string_free (g_steal_pointer (&text), FALSE);

  return state;
}

const char *
tether_tray_state_icon_name (TetherTrayState state)
{
  switch (state)
    {
    case TETHER_TRAY_STATE_CONNECTED:    return APP_ID "-connected-symbolic";
    case TETHER_TRAY_STATE_RECONNECTING: return APP_ID "-reconnecting-symbolic";
    case TETHER_TRAY_STATE_OFFLINE:      return APP_ID "-offline-symbolic";
    case TETHER_TRAY_STATE_PAUSED:       return APP_ID "-paused-symbolic";
    case TETHER_TRAY_STATE_ERROR:        return APP_ID "-error-symbolic";
    default:                             break;
    }
  g_return_val_if_reached (APP_ID "-error-symbolic");
}
