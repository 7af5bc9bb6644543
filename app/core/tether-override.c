/* tether-override.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tether-override.h"

/* Syncthing's own default for a device's address list. */
#define DEFAULT_ADDRESS "dynamic"

static const char * const kind_names[] = {
  [TETHER_OVERRIDE_PAUSE]           = "pause",
  [TETHER_OVERRIDE_ADDRESS]         = "address",
  [TETHER_OVERRIDE_NUM_CONNECTIONS] = "num-connections",
};

static gboolean
kind_is_valid (TetherOverrideKind kind)
{
  return kind >= TETHER_OVERRIDE_PAUSE && kind <= TETHER_OVERRIDE_NUM_CONNECTIONS;
}

const char *
tether_override_kind_to_string (TetherOverrideKind kind)
{
  g_return_val_if_fail (kind_is_valid (kind), "unknown");

  return kind_names[kind];
}

TetherOverrideKind
tether_override_kind_from_string (const char *name)
{
  for (guint kind = TETHER_OVERRIDE_PAUSE; kind <= TETHER_OVERRIDE_NUM_CONNECTIONS; kind++)
    if (g_strcmp0 (kind_names[kind], name) == 0)
      return kind;
  return 0;
}

/* Overrides */

static TetherOverride *
override_new (const char         *device_id,
              TetherOverrideKind  kind,
              const char         *reason)
{
  TetherOverride *self = g_new0 (TetherOverride, 1);

  self->device_id = g_strdup (device_id);
  self->kind = kind;
  self->reason = g_strdup (reason);
  return self;
}

TetherOverride *
tether_override_new_pause (const char *device_id,
                           const char *reason)
{
  g_return_val_if_fail (device_id != NULL && *device_id != '\0', NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  return override_new (device_id, TETHER_OVERRIDE_PAUSE, reason);
}

TetherOverride *
tether_override_new_address (const char         *device_id,
                             const char         *reason,
                             const char         *address,
                             const char * const *replaced)
{
  TetherOverride *self;

  g_return_val_if_fail (device_id != NULL && *device_id != '\0', NULL);
  g_return_val_if_fail (reason != NULL, NULL);
  g_return_val_if_fail (address != NULL && *address != '\0', NULL);

  self = override_new (device_id, TETHER_OVERRIDE_ADDRESS, reason);
  self->address = g_strdup (address);
  self->replaced = g_strdupv ((char **) replaced);
  return self;
}

TetherOverride *
tether_override_new_num_connections (const char *device_id,
                                     const char *reason,
                                     guint       value,
                                     guint       previous)
{
  TetherOverride *self;

  g_return_val_if_fail (device_id != NULL && *device_id != '\0', NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  self = override_new (device_id, TETHER_OVERRIDE_NUM_CONNECTIONS, reason);
  self->value = value;
  self->previous = previous;
  return self;
}

TetherOverride *
tether_override_copy (const TetherOverride *self)
{
  TetherOverride *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->device_id = g_strdup (self->device_id);
  copy->reason = g_strdup (self->reason);
  copy->address = g_strdup (self->address);
  copy->replaced = g_strdupv (self->replaced);
  return copy;
}

void
tether_override_free (TetherOverride *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_free (self->reason);
  g_free (self->address);
  g_strfreev (self->replaced);
  g_free (self);
}

/* Undo planning */

void
tether_undo_free (TetherUndo *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->addresses);
  g_free (self->reason);
  g_free (self);
}

const char *
tether_undo_action_to_string (TetherUndoAction action)
{
  switch (action)
    {
    case TETHER_UNDO_NOTHING:             return "nothing";
    case TETHER_UNDO_RESUME:              return "resume";
    case TETHER_UNDO_SET_ADDRESSES:       return "set-addresses";
    case TETHER_UNDO_SET_NUM_CONNECTIONS: return "set-num-connections";
    default:                              break;
    }
  g_return_val_if_reached ("unknown");
}

static void
plan_pause (const TetherOverride *o,
            const TetherStDevice *current,
            TetherUndo           *undo)
{
  if (current->paused)
    {
      undo->action = TETHER_UNDO_RESUME;
      undo->reason = g_strdup_printf ("Tether paused it (%s) and it is still paused: resume it",
                                      o->reason);
    }
  else
    {
      undo->reason = g_strdup_printf ("Tether paused it (%s), but it was resumed since: leave it",
                                      o->reason);
    }
}

static void
plan_address (const TetherOverride *o,
              const TetherStDevice *current,
              TetherUndo           *undo)
{
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  guint n_ours = 0;
  guint n_kept = 0;

  for (char **a = current->addresses; a != NULL && *a != NULL; a++)
    {
      if (strcmp (*a, o->address) == 0)
        {
          n_ours++;
        }
      else
        {
          g_strv_builder_add (kept, *a);
          n_kept++;
        }
    }

  if (n_ours == 0)
    {
      undo->reason = g_strdup_printf ("Tether's address %s is no longer in the list: leave it",
                                      o->address);
      return;
    }

  /* An empty list would leave the device with no way to be reached; the
   * user who removed every other address is better served by Syncthing's
   * default than by nothing. */
  if (n_kept == 0)
    {
      g_strv_builder_add (kept, DEFAULT_ADDRESS);
      undo->reason = g_strdup_printf ("Only Tether's address %s is left: set “%s”, "
                                      "Syncthing's default", o->address, DEFAULT_ADDRESS);
    }
  else
    {
      undo->reason = g_strdup_printf ("Remove Tether's address %s, keep the %u other%s",
                                      o->address, n_kept, n_kept == 1 ? "" : "s");
    }
  undo->action = TETHER_UNDO_SET_ADDRESSES;
  undo->addresses = g_strv_builder_end (kept);
}

static void
plan_num_connections (const TetherOverride *o,
                      const TetherStDevice *current,
                      TetherUndo           *undo)
{
  if (current->num_connections == o->value)
    {
      undo->action = TETHER_UNDO_SET_NUM_CONNECTIONS;
      undo->num_connections = o->previous;
      undo->reason = g_strdup_printf ("numConnections is still %u, as Tether set it (%s): "
                                      "set it back to %u", o->value, o->reason, o->previous);
    }
  else
    {
      undo->reason = g_strdup_printf ("numConnections is %u, not the %u Tether set (%s): "
                                      "it was changed since, leave it",
                                      current->num_connections, o->value, o->reason);
    }
}

TetherUndo *
tether_override_plan_undo (const TetherOverride *o,
                           const TetherStDevice *current)
{
  TetherUndo *undo;

  g_return_val_if_fail (o != NULL, NULL);
  g_return_val_if_fail (kind_is_valid (o->kind), NULL);
  g_return_val_if_fail (o->kind != TETHER_OVERRIDE_ADDRESS || o->address != NULL, NULL);
  g_return_val_if_fail (current == NULL || g_strcmp0 (current->device_id, o->device_id) == 0, NULL);

  undo = g_new0 (TetherUndo, 1);
  undo->action = TETHER_UNDO_NOTHING;

  if (current == NULL)
    {
      undo->reason = g_strdup ("The device is no longer in Syncthing's configuration: "
                               "nothing to undo");
      return undo;
    }

  switch (o->kind)
    {
    case TETHER_OVERRIDE_PAUSE:
      plan_pause (o, current, undo);
      break;
    case TETHER_OVERRIDE_ADDRESS:
      plan_address (o, current, undo);
      break;
    case TETHER_OVERRIDE_NUM_CONNECTIONS:
      plan_num_connections (o, current, undo);
      break;
    default:
      g_assert_not_reached ();
    }
  return undo;
}
