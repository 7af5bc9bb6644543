/* tether-engine-overrides.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change Tether makes to Syncthing's config goes through here: it is
 * written to the journal (durably) before it is sent, and removed from the
 * journal once it is undone. Undoing reads the device as Syncthing has it
 * now and lets a change the user made in the meantime win
 * (tether_override_plan_undo). Runs on the engine thread only.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-engine-private.h"

typedef struct {
  TetherEngine      *engine;    /* unowned, see Call */
  char              *device_id;
  guint64            id;        /* the journal entry being applied or undone */
  guint64            replace_id;/* ADDRESS: an older temporary address to drop */
  char              *address;   /* ADDRESS: the string to add */
  TetherOverrideDone done;      /* nullable */
  gpointer           user_data;
  gboolean           serial;    /* reads and writes the device's config: one at a time */
} Op;

typedef void (*OpStart) (Op *op);

/* Reading a device's config and writing it back is not atomic: two such
 * operations on one device at once could each write back a list without
 * the other's change, and an address Tether removed would come back. So
 * they run one at a time per device; a queue per busy device holds the
 * ones waiting (an empty queue: one running, none waiting). */
typedef struct {
  Op      *op;
  OpStart  start;
} Pending;

static void
op_run_serial (Op      *op,
               OpStart  start)
{
  TetherEngine *self = op->engine;
  GQueue *queue = g_hash_table_lookup (self->config_queues, op->device_id);

  op->serial = TRUE;
  if (queue != NULL)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->op = op;
      pending->start = start;
      g_queue_push_tail (queue, pending);
      return;
    }

  g_hash_table_insert (self->config_queues, g_strdup (op->device_id), g_queue_new ());
  start (op);
}

static void
op_next_serial (TetherEngine *self,
                const char   *device_id)
{
  GQueue *queue = g_hash_table_lookup (self->config_queues, device_id);
  g_autofree Pending *pending = queue ? g_queue_pop_head (queue) : NULL;

  if (pending == NULL)
    {
      g_hash_table_remove (self->config_queues, device_id);
      return;
    }

  pending->start (pending->op);
}

static Op *
op_new (TetherEngine       *self,
        const char         *device_id,
        TetherOverrideDone  done,
        gpointer            user_data)
{
  Op *op = g_new0 (Op, 1);

  op->engine = self;
  op->device_id = g_strdup (device_id);
  op->done = done;
  op->user_data = user_data;
  self->overrides_in_flight++;

  return op;
}

static void
op_finish (Op           *op,
           const GError *error)
{
  TetherEngine *self = op->engine;

  self->overrides_in_flight--;
  if (error != NULL)
    g_debug ("Override %" G_GUINT64_FORMAT " on %s: %s", op->id, op->device_id, error->message);
  if (op->done != NULL)
    op->done (self, op->device_id, op->id, error, op->user_data);

  if (op->serial)
    op_next_serial (self, op->device_id);

  g_free (op->device_id);
  g_free (op->address);
  g_free (op);

  _tether_engine_overrides_settled (self);
}

static gboolean
journal_add (TetherEngine    *self,
             TetherOverride  *o,
             guint64         *id,
             GError         **error)
{
  *id = tether_journal_add (self->journal, o, error);
  if (*id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Tether cannot write its journal (%s), so it "
                                                    "changes nothing in Syncthing."),
                                                  (*error)->message);

      _tether_engine_set_problem (self, message);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------- undoing */

static void
undo_sent (Op           *op,
           const GError *send_error)
{
  TetherEngine *self = op->engine;
  g_autoptr(GError) error = NULL;

  if (send_error != NULL)
    {
      /* The entry stays: the next attempt (or the next start) tries again. */
      op_finish (op, send_error);
      return;
    }

  if (!tether_journal_remove (self->journal, op->id, &error))
    g_warning ("Could not remove override %" G_GUINT64_FORMAT " from the journal: %s",
               op->id, error->message);
  op_finish (op, NULL);
}

static void
undo_patch_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  tether_syncthing_client_patch_device_finish (TETHER_SYNCTHING_CLIENT (object), result, &error);
  undo_sent (user_data, error);
}

static void
undo_resume_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  tether_syncthing_client_set_paused_finish (TETHER_SYNCTHING_CLIENT (object), result, &error);
  undo_sent (user_data, error);
}

static JsonNode *
addresses_patch (const char * const *addresses)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    json_builder_add_string_value (builder, addresses[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
undo_device_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TetherSyncthingClient *client = TETHER_SYNCTHING_CLIENT (object);
  Op *op = user_data;
  TetherEngine *self = op->engine;
  g_autoptr(TetherStDevice) device = NULL;
  g_autoptr(TetherOverride) o = NULL;
  g_autoptr(TetherUndo) undo = NULL;
  g_autoptr(GError) error = NULL;

  device = tether_syncthing_client_get_device_finish (client, result, &error);
  /* A device that is no longer configured has nothing left to undo;
   * any other failure is tried again later. */
  if (device == NULL &&
      !g_error_matches (error, TETHER_SYNCTHING_CLIENT_ERROR, TETHER_SYNCTHING_CLIENT_ERROR_HTTP))
    {
      op_finish (op, error);
      return;
    }

  o = _tether_engine_journal_lookup (self, op->id);
  if (o == NULL)
    {
      op_finish (op, NULL);
      return;
    }

  undo = tether_override_plan_undo (o, device);
  g_debug ("Undo %s override %" G_GUINT64_FORMAT " on %s: %s",
           tether_override_kind_to_string (o->kind), o->id, o->device_id, undo->reason);

  switch (undo->action)
    {
    case TETHER_UNDO_RESUME:
      tether_syncthing_client_set_paused_async (client, op->device_id, FALSE, NULL,
                                                undo_resume_cb, op);
      break;

    case TETHER_UNDO_SET_ADDRESSES:
      {
        g_autoptr(JsonNode) patch = addresses_patch ((const char * const *) undo->addresses);

        self->config_writes++;
        tether_syncthing_client_patch_device_async (client, op->device_id, patch, NULL,
                                                    undo_patch_cb, op);
      }
      break;

    case TETHER_UNDO_SET_NUM_CONNECTIONS:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonNode) patch = NULL;

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "numConnections");
        json_builder_add_int_value (builder, undo->num_connections);
        json_builder_end_object (builder);
        patch = json_builder_get_root (builder);
        self->config_writes++;
        tether_syncthing_client_patch_device_async (client, op->device_id, patch, NULL,
                                                    undo_patch_cb, op);
      }
      break;

    case TETHER_UNDO_NOTHING:
    default:
      undo_sent (op, NULL);
      break;
    }
}

/* Both kinds of serial operation start by reading the device fresh. */
static void
op_get_device (Op                  *op,
               GAsyncReadyCallback  callback)
{
  TetherEngine *self = op->engine;

  if (self->client == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (TETHER_SYNCTHING_CLIENT_ERROR,
                                                     TETHER_SYNCTHING_CLIENT_ERROR_UNREACHABLE,
                                                     _("Syncthing is not reachable"));

      /* The journal keeps the entry: it is undone once Syncthing is back. */
      op_finish (op, error);
      return;
    }

  tether_syncthing_client_get_device_async (self->client, op->device_id, NULL, callback, op);
}

static void
start_undo (Op *op)
{
  op_get_device (op, undo_device_cb);
}

void
_tether_override_undo (TetherEngine       *self,
                       guint64             id,
                       TetherOverrideDone  done,
                       gpointer            user_data)
{
  g_autoptr(TetherOverride) o = _tether_engine_journal_lookup (self, id);
  Op *op;

  _tether_assert_engine_thread (self);

  if (o == NULL)
    return;

  op = op_new (self, o->device_id, done, user_data);
  op->id = id;
  op_run_serial (op, start_undo);
}

/* ------------------------------------------------------------- pausing */

static void
pause_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!tether_syncthing_client_set_paused_finish (TETHER_SYNCTHING_CLIENT (object), result, &error))
    {
      /* The pause may or may not have happened: undo plans from what is. */
      TetherEngine *self = op->engine;
      guint64 id = op->id;

      op_finish (op, error);
      _tether_override_undo (self, id, NULL, NULL);
      return;
    }

  op_finish (op, NULL);
}

guint64
_tether_override_pause (TetherEngine       *self,
                        const char         *device_id,
                        const char         *reason,
                        TetherOverrideDone  done,
                        gpointer            user_data)
{
  g_autoptr(TetherOverride) o = tether_override_new_pause (device_id, reason);
  g_autoptr(GError) error = NULL;
  guint64 id;
  Op *op;

  _tether_assert_engine_thread (self);

  if (self->client == NULL || !journal_add (self, o, &id, &error))
    return 0;

  op = op_new (self, device_id, done, user_data);
  op->id = id;
  tether_syncthing_client_set_paused_async (self->client, device_id, TRUE, NULL, pause_cb, op);

  return id;
}

/* ------------------------------------------------------ adding addresses */

static void
add_patch_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Op *op = user_data;
  TetherEngine *self = op->engine;
  guint64 id = op->id;
  guint64 replace_id = op->replace_id;
  g_autoptr(GError) error = NULL;

  if (!tether_syncthing_client_patch_device_finish (TETHER_SYNCTHING_CLIENT (object), result, &error))
    {
      op_finish (op, error);
      _tether_override_undo (self, id, NULL, NULL);
      return;
    }

  /* The older spelling left the config in the same write. */
  if (replace_id != 0 && !tether_journal_remove (self->journal, replace_id, &error))
    g_warning ("Could not remove override %" G_GUINT64_FORMAT " from the journal: %s",
               replace_id, error->message);
  op_finish (op, NULL);
}

static void
add_device_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TetherSyncthingClient *client = TETHER_SYNCTHING_CLIENT (object);
  Op *op = user_data;
  TetherEngine *self = op->engine;
  g_autoptr(TetherStDevice) device = NULL;
  g_autoptr(TetherOverride) replaced = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(JsonNode) patch = NULL;
  g_autoptr(GError) error = NULL;

  device = tether_syncthing_client_get_device_finish (client, result, &error);
  if (device == NULL)
    {
      guint64 id = op->id;

      op_finish (op, error);
      _tether_override_undo (self, id, NULL, NULL);
      return;
    }

  if (op->replace_id != 0)
    replaced = _tether_engine_journal_lookup (self, op->replace_id);

  /* The user's list as it is now, without an older spelling of ours,
   * plus the new one. */
  for (guint i = 0; device->addresses != NULL && device->addresses[i] != NULL; i++)
    if (replaced == NULL || g_strcmp0 (device->addresses[i], replaced->address) != 0)
      g_ptr_array_add (list, device->addresses[i]);
  g_ptr_array_add (list, op->address);
  g_ptr_array_add (list, NULL);

  patch = addresses_patch ((const char * const *) list->pdata);
  self->config_writes++;
  tether_syncthing_client_patch_device_async (client, op->device_id, patch, NULL, add_patch_cb, op);
}

static void
start_add (Op *op)
{
  op_get_device (op, add_device_cb);
}

guint64
_tether_override_add_address (TetherEngine       *self,
                              const char         *device_id,
                              const char         *address,
                              guint64             replace_id,
                              TetherOverrideDone  done,
                              gpointer            user_data)
{
  g_autoptr(TetherOverride) o = NULL;
  g_autoptr(GError) error = NULL;
  TetherDeviceInfo *info;
  guint64 id;
  Op *op;

  _tether_assert_engine_thread (self);

  info = g_hash_table_lookup (self->devices, device_id);
  o = tether_override_new_address (device_id, "prewarm", address, NULL);
  if (self->client == NULL || info == NULL || !journal_add (self, o, &id, &error))
    return 0;

  op = op_new (self, device_id, done, user_data);
  op->id = id;
  op->replace_id = replace_id;
  op->address = g_strdup (address);

  /* Read the list fresh: the user may have edited it a moment ago. */
  op_run_serial (op, start_add);

  return id;
}

/* ------------------------------------------------------------ recovery */

static void
recovered_cb (TetherEngine *self,
              const char   *device_id,
              guint64       id,
              const GError *error,
              gpointer      user_data)
{
  gboolean was_pause = GPOINTER_TO_INT (user_data);

  if (error == NULL && was_pause)
    _tether_pool_recovered (self, device_id);
}

/* Undoes every override the journal holds that no slot of this process
 * owns: what a crash, kill -9 or power loss left behind. A device that was
 * paused is dialed again, so it ends as it was: connected. */
void
_tether_overrides_recover (TetherEngine *self)
{
  g_autoptr(GPtrArray) all = tether_journal_list (self->journal);

  _tether_assert_engine_thread (self);

  for (guint i = 0; i < all->len; i++)
    {
      const TetherOverride *o = g_ptr_array_index (all, i);

      if (!_tether_pool_owns_override (self, o->id))
        {
          g_debug ("Undoing override %" G_GUINT64_FORMAT " (%s on %s) left behind",
                   o->id, tether_override_kind_to_string (o->kind), o->device_id);
          _tether_override_undo (self, o->id, recovered_cb,
                                 GINT_TO_POINTER (o->kind == TETHER_OVERRIDE_PAUSE));
        }
    }
}
