/* tether-window.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-device-item.h"
#include "tether-window.h"

struct _TetherWindow
{
  AdwApplicationWindow  parent_instance;

  TetherEngine         *engine;        /* owned */

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwStatusPage        *status_page;
  GtkWidget            *retry_button;
  GListStore           *devices;
};

G_DEFINE_FINAL_TYPE (TetherWindow, tether_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
same_device_order (GListModel     *model,
                   TetherSnapshot *snapshot)
{
  guint n = g_list_model_get_n_items (model);

  if (n != snapshot->devices->len)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TetherDeviceItem) item = g_list_model_get_item (model, i);
      const TetherDeviceInfo *info = g_ptr_array_index (snapshot->devices, i);

      if (!g_str_equal (tether_device_item_get_id (item), info->id))
        return FALSE;
    }

  return TRUE;
}

/* Items are updated in place; the list is rebuilt only when devices were
 * added, removed or renamed (which changes the order). */
static void
update_devices (TetherWindow   *self,
                TetherSnapshot *snapshot)
{
  GListModel *model = G_LIST_MODEL (self->devices);
  g_autoptr(GPtrArray) items = NULL;

  if (same_device_order (model, snapshot))
    {
      for (guint i = 0; i < snapshot->devices->len; i++)
        {
          g_autoptr(TetherDeviceItem) item = g_list_model_get_item (model, i);

          tether_device_item_set_info (item, g_ptr_array_index (snapshot->devices, i));
        }
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snapshot->devices->len; i++)
    g_ptr_array_add (items, tether_device_item_new (g_ptr_array_index (snapshot->devices, i)));

  g_list_store_splice (self->devices, 0, g_list_model_get_n_items (model),
                       items->pdata, items->len);
}

static void
update_status (TetherWindow   *self,
               TetherSnapshot *snapshot)
{
  const char *icon = "dialog-error-symbolic";
  const char *title = NULL;
  gboolean can_retry = TRUE;

  switch (snapshot->status)
    {
    case TETHER_ENGINE_STATUS_STARTING:
      icon = "content-loading-symbolic";
      title = _("Looking for Syncthing…");
      can_retry = FALSE;
      break;
    case TETHER_ENGINE_STATUS_NOT_FOUND:
      icon = "system-search-symbolic";
      title = _("Syncthing Not Found");
      break;
    case TETHER_ENGINE_STATUS_UNREACHABLE:
      icon = "network-offline-symbolic";
      title = _("Syncthing Is Not Reachable");
      break;
    case TETHER_ENGINE_STATUS_UNAUTHORIZED:
      icon = "dialog-password-symbolic";
      title = _("API Key Rejected");
      break;
    case TETHER_ENGINE_STATUS_BAD_RESPONSE:
      title = _("Unexpected Answer from Syncthing");
      break;
    case TETHER_ENGINE_STATUS_ONLINE:
    default:
      if (snapshot->devices->len > 0)
        {
          gtk_stack_set_visible_child_name (self->stack, "devices");
          return;
        }
      icon = "computer-symbolic";
      title = _("No Remote Devices");
      can_retry = FALSE;
      break;
    }

  adw_status_page_set_icon_name (self->status_page, icon);
  adw_status_page_set_title (self->status_page, title);
  if (snapshot->status == TETHER_ENGINE_STATUS_ONLINE)
    adw_status_page_set_description (self->status_page,
                                     _("This Syncthing shares with no other device yet. "
                                       "Add one in Syncthing, and it appears here."));
  else
    adw_status_page_set_description (self->status_page, snapshot->status_message);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static void
update_title (TetherWindow   *self,
              TetherSnapshot *snapshot)
{
  g_autofree char *subtitle = NULL;

  if (snapshot->status == TETHER_ENGINE_STATUS_ONLINE && snapshot->devices->len > 0)
    {
      guint connected = tether_snapshot_count_state (snapshot, TETHER_DEVICE_STATE_CONNECTED);

      /* Translators: "3 of 4 devices connected" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u of %u device connected",
                                               "%u of %u devices connected",
                                               snapshot->devices->len),
                                  connected, snapshot->devices->len);
    }

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
snapshot_cb (TetherEngine   *engine,
             TetherSnapshot *snapshot,
             TetherWindow   *self)
{
  update_devices (self, snapshot);
  update_status (self, snapshot);
  update_title (self, snapshot);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TetherWindow *self = TETHER_WINDOW (widget);

  tether_engine_resync (self->engine);
}

static void
tether_window_dispose (GObject *object)
{
  TetherWindow *self = (TetherWindow *)object;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_WINDOW);

  G_OBJECT_CLASS (tether_window_parent_class)->dispose (object);
}

static void
tether_window_class_init (TetherWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tether_window_dispose;

  g_type_ensure (TETHER_TYPE_DEVICE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tetherapp/Tether/tether-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, devices);

  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
}

static void
tether_window_init (TetherWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TetherWindow *
tether_window_new (TetherApplication *application)
{
  TetherWindow *self;

  g_return_val_if_fail (TETHER_IS_APPLICATION (application), NULL);

  self = g_object_new (TETHER_TYPE_WINDOW, "application", application, NULL);
  self->engine = g_object_ref (tether_application_get_engine (application));
  g_signal_connect (self->engine, "snapshot", G_CALLBACK (snapshot_cb), self);
  snapshot_cb (self->engine, tether_engine_get_snapshot (self->engine), self);

  return self;
}

GListModel *
tether_window_get_devices (TetherWindow *self)
{
  g_return_val_if_fail (TETHER_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->devices);
}
