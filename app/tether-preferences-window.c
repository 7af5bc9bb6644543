/* tether-preferences-window.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-format.h"
#include "tether-preferences-window.h"
#include "tether-secret.h"
#include "tether-syncthing-probe.h"

struct _TetherPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  TetherEngine         *engine;             /* owned, nullable */
  TetherHistoryMonitor *monitor;            /* owned, nullable */
  GSettings            *settings;           /* owned */
  GSettings            *location_settings;  /* owned, delay-apply: the typed address */
  GCancellable         *cancellable;        /* owned: probes and keyring calls */
  gboolean              testing;
  gboolean              clearing;

  /* Template widgets */
  AdwActionRow         *detected_row;
  AdwEntryRow          *url_row;
  AdwEntryRow          *key_row;
  AdwActionRow         *test_row;
  GtkSpinner           *test_spinner;
  GtkWidget            *test_button;
  GtkWidget            *forget_button;
  AdwComboRow          *mode_row;
  GtkSpinButton        *linger_spin;
  GtkSwitch            *prewarm_resume_switch;
  GtkSwitch            *prewarm_network_switch;
  GtkSwitch            *graceful_switch;
  GtkSpinButton        *stale_spin;
  GtkSpinButton        *retry_min_spin;
  GtkSpinButton        *retry_max_spin;
  AdwPreferencesGroup  *pool_size_group;
  GtkSpinButton        *min_connections_spin;
  GtkSpinButton        *max_connections_spin;
  AdwComboRow          *metered_row;
  GtkSpinButton        *retention_spin;
  GtkWidget            *clear_button;
  GtkSwitch            *start_at_login_switch;
  GtkSwitch            *notify_errors_switch;
  GtkSwitch            *notify_flapping_switch;
  GtkSwitch            *notify_reconnected_switch;
};

G_DEFINE_FINAL_TYPE (TetherPreferencesWindow, tether_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The combo rows list these in the schema's enum order. */
static const char *pool_modes[] = { "passive", "active", "adaptive", NULL };
static const char *metered_rules[] = { "no-change", "pause-non-lan", "pause-all", NULL };

static const struct {
  const char *name;
  const char *explanation;
} choices[] = {
  { N_("Passive"), N_("Keep recently used devices warm: after a resume or network change, reconnect those connected within the linger window") },
  { N_("Active"), N_("Keep every unpaused device warm: reconnect all on every network event and retry on Tether’s own fast schedule") },
  { N_("Adaptive"), N_("Learn each device’s pattern per network, and reconnect in the order and at the pace it suggests") },
  { N_("No Change"), N_("Treat metered networks like any other") },
  { N_("Pause All but LAN"), N_("Pause devices that are not on the local network while the network is metered") },
  { N_("Pause All"), N_("Pause every device while the network is metered") },
};

char *
tether_preferences_explain_choice (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (choices); i++)
    if (g_str_equal (name, _(choices[i].name)))
      return g_strdup (_(choices[i].explanation));

  return NULL;
}

static char *
explain_choice (GtkListItem *item,
                const char  *name)
{
  return tether_preferences_explain_choice (name);
}

/* --------------------------------------------- enum key ↔ combo row */

static gboolean
enum_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char **nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
enum_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char **nicks = user_data;
  guint i = g_value_get_uint (value);

  if (i >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[i]);
}

static void
update_choice_subtitle (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);
  g_autofree char *explanation = NULL;

  if (item != NULL)
    explanation = tether_preferences_explain_choice (gtk_string_object_get_string (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);
}

static void
set_up_choice_row (TetherPreferencesWindow *self,
                   AdwComboRow             *row,
                   const char              *key,
                   const char             **nicks)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "explain_choice",
                                          G_CALLBACK (explain_choice));
  factory = gtk_builder_list_item_factory_new_from_resource (scope,
                                                             "/io/github/tetherapp/Tether/tether-choice-row.ui");
  adw_combo_row_set_list_factory (row, factory);

  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_get_mapping, enum_set_mapping, (gpointer) nicks, NULL);
  g_signal_connect (row, "notify::selected", G_CALLBACK (update_choice_subtitle), NULL);
  update_choice_subtitle (row);
}

/* ----------------------------------------------------------- actions */

/* A history to clear: loaded, so that its past is known. */
static gboolean
history_available (TetherPreferencesWindow *self)
{
  return self->monitor != NULL && tether_history_monitor_get_loaded (self->monitor);
}

static void
update_actions (TetherPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "syncthing-url");
  const char *tooltip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test-connection", !self->testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.forget-location",
                                 url[0] != '\0' && self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-history",
                                 history_available (self) && !self->clearing);
  if (self->clearing)
    tooltip = _("Clearing the history…");
  else if (!history_available (self))
    tooltip = _("The connection history is not loaded yet");
  gtk_widget_set_tooltip_text (self->clear_button, tooltip);
}

static void
test_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStVersion) version = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  TetherPreferencesWindow *self;

  version = tether_syncthing_probe_finish (result, &url, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TETHER_PREFERENCES_WINDOW (user_data);
  self->testing = FALSE;
  gtk_spinner_stop (self->test_spinner);

  if (version != NULL)
    /* Translators: "Connected: Syncthing v1.19.2 at http://127.0.0.1:8384" */
    text = g_strdup_printf (_("Connected: Syncthing %s at %s"), version->version, url);
  else
    /* Translators: the reason follows */
    text = g_strdup_printf (_("Failed: %s"), error->message);

  adw_action_row_set_subtitle (self->test_row, text);
  update_actions (self);
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TetherPreferencesWindow *self = TETHER_PREFERENCES_WINDOW (widget);
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  self->testing = TRUE;
  gtk_spinner_start (self->test_spinner);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));
  update_actions (self);

  tether_syncthing_probe_async (url, gtk_editable_get_text (GTK_EDITABLE (self->key_row)),
                                self->cancellable, test_done_cb, self);
}

typedef struct {
  TetherEngine *engine;  /* owned */
  char         *url;     /* owned */
} Lookup;

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = tether_secret_lookup_finish (result, &error);

  if (error != NULL)
    g_debug ("No API key from the keyring for %s: %s", lookup->url, error->message);

  /* Without a stored key, the engine takes config.xml's. */
  tether_engine_set_location (lookup->engine, lookup->url, key);

  g_object_unref (lookup->engine);
  g_free (lookup->url);
  g_free (lookup);
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TetherPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tether_secret_store_finish (result, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: the reason follows */
      text = g_strdup_printf (_("The API key is used, but could not be kept in the keyring: %s"),
                              error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
    }
}

static void
apply_location (TetherPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  g_autofree char *text = NULL;

  g_settings_apply (self->location_settings);
  if (self->engine == NULL)
    return;

  if (url[0] == '\0')
    {
      tether_engine_set_location (self->engine, NULL, key);
      text = g_strdup (_("Using the Syncthing found in config.xml"));
    }
  else if (key[0] != '\0')
    {
      tether_secret_store_async (url, key, NULL, store_done_cb, g_object_ref (self));
      tether_engine_set_location (self->engine, url, key);
    }
  else
    {
      Lookup *lookup = g_new0 (Lookup, 1);

      lookup->engine = g_object_ref (self->engine);
      lookup->url = g_strdup (url);
      tether_secret_lookup_async (url, NULL, lookup_done_cb, lookup);
    }

  if (text == NULL)
    /* Translators: an address follows */
    text = g_strdup_printf (_("Connecting to %s…"), url);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
  update_actions (self);
}

static void
forget_location_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TetherPreferencesWindow *self = TETHER_PREFERENCES_WINDOW (widget);

  g_settings_set_string (self->location_settings, "syncthing-url", "");
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  apply_location (self);
}

static void
clear_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TetherPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->clearing = FALSE;
  if (tether_history_monitor_clear_finish (TETHER_HISTORY_MONITOR (object), result, &error))
    text = g_strdup (_("History cleared"));
  else if (g_error_matches (error, TETHER_HISTORY_ERROR, TETHER_HISTORY_ERROR_IO))
    /* Memory was cleared, the file was not: the message says which and why. */
    text = g_strdup (error->message);
  else
    /* Translators: the reason follows */
    text = g_strdup_printf (_("Could not clear the history: %s"), error->message);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
  update_actions (self);
}

static void
clear_history_response_cb (AdwMessageDialog        *dialog,
                           const char              *response,
                           TetherPreferencesWindow *self)
{
  if (!g_str_equal (response, "clear") || !history_available (self) || self->clearing)
    return;

  self->clearing = TRUE;
  update_actions (self);
  /* The clear runs to its end once asked; the window waits for it. */
  tether_history_monitor_clear_async (self->monitor, NULL, clear_done_cb, g_object_ref (self));
}

static void
clear_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (widget), _("Clear History?"),
                                   _("Every recorded session and statistic is deleted. "
                                     "The adaptive policy starts learning again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("_Clear History"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_history_response_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------ from the engine */

static void
snapshot_cb (TetherEngine            *engine,
             TetherSnapshot          *snapshot,
             TetherPreferencesWindow *self)
{
  g_autofree char *text = NULL;

  if (snapshot->status == TETHER_ENGINE_STATUS_ONLINE && snapshot->url != NULL)
    /* Translators: "http://127.0.0.1:8384 · Syncthing v1.19.2" */
    text = g_strdup_printf (_("%s · Syncthing %s"), snapshot->url,
                            snapshot->syncthing_version ? snapshot->syncthing_version : "?");
  else if (snapshot->status_message != NULL)
    text = g_strdup (snapshot->status_message);
  else
    text = g_strdup (_("Looking for Syncthing…"));

  adw_action_row_set_subtitle (self->detected_row, text);
  /* Several connections per device exist from Syncthing 1.25 on. */
  gtk_widget_set_visible (GTK_WIDGET (self->pool_size_group),
                          tether_syncthing_has_pool_size (snapshot->syncthing_version));
}

/* ------------------------------------------------------------ GObject */

static void
tether_preferences_window_dispose (GObject *object)
{
  TetherPreferencesWindow *self = (TetherPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->location_settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (tether_preferences_window_parent_class)->dispose (object);
}

static void
tether_preferences_window_finalize (GObject *object)
{
  TetherPreferencesWindow *self = (TetherPreferencesWindow *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tether_preferences_window_parent_class)->finalize (object);
}

static void
tether_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  TetherPreferencesWindow *self = TETHER_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  TetherPreferencesWindow *self = TETHER_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_preferences_window_constructed (GObject *object)
{
  TetherPreferencesWindow *self = (TetherPreferencesWindow *)object;

  G_OBJECT_CLASS (tether_preferences_window_parent_class)->constructed (object);

  if (self->engine != NULL)
    {
      g_signal_connect_object (self->engine, "snapshot", G_CALLBACK (snapshot_cb), self, 0);
      snapshot_cb (self->engine, tether_engine_get_snapshot (self->engine), self);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->pool_size_group), FALSE);

  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "notify::loaded", G_CALLBACK (update_actions), self,
                             G_CONNECT_SWAPPED);

  update_actions (self);
}

static void
tether_preferences_window_class_init (TetherPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tether_preferences_window_dispose;
  object_class->finalize = tether_preferences_window_finalize;
  object_class->get_property = tether_preferences_window_get_property;
  object_class->set_property = tether_preferences_window_set_property;
  object_class->constructed = tether_preferences_window_constructed;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, TETHER_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, TETHER_TYPE_HISTORY_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tetherapp/Tether/tether-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, detected_row);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, forget_button);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, mode_row);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, linger_spin);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, prewarm_resume_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, prewarm_network_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, graceful_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, stale_spin);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, retry_min_spin);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, retry_max_spin);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, pool_size_group);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, min_connections_spin);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, max_connections_spin);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, metered_row);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, start_at_login_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, notify_errors_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, notify_flapping_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherPreferencesWindow, notify_reconnected_switch);

  gtk_widget_class_install_action (widget_class, "prefs.test-connection", NULL, test_connection_action);
  gtk_widget_class_install_action (widget_class, "prefs.forget-location", NULL, forget_location_action);
  gtk_widget_class_install_action (widget_class, "prefs.clear-history", NULL, clear_history_action);
}

static void
bind (TetherPreferencesWindow *self,
      const char              *key,
      gpointer                 widget,
      const char              *property)
{
  g_settings_bind (self->settings, key, widget, property, G_SETTINGS_BIND_DEFAULT);
}

static void
tether_preferences_window_init (TetherPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->location_settings = g_settings_new (APP_ID);
  /* A half-typed address must not reach the engine: it applies with the
   * entry's apply button, or not at all. */
  g_settings_delay (self->location_settings);
  g_settings_bind (self->location_settings, "syncthing-url", self->url_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (self->url_row, "apply", G_CALLBACK (apply_location), self);
  g_signal_connect_swapped (self->key_row, "apply", G_CALLBACK (apply_location), self);
  g_signal_connect_swapped (self->settings, "changed::syncthing-url",
                            G_CALLBACK (update_actions), self);

  set_up_choice_row (self, self->mode_row, "pool-mode", pool_modes);
  set_up_choice_row (self, self->metered_row, "metered-rule", metered_rules);

  bind (self, "linger-minutes", self->linger_spin, "value");
  bind (self, "prewarm-on-resume", self->prewarm_resume_switch, "active");
  bind (self, "prewarm-on-network-change", self->prewarm_network_switch, "active");
  bind (self, "graceful-sleep", self->graceful_switch, "active");
  bind (self, "stale-after-sleep-seconds", self->stale_spin, "value");
  bind (self, "retry-min-seconds", self->retry_min_spin, "value");
  bind (self, "retry-max-seconds", self->retry_max_spin, "value");
  bind (self, "min-connections", self->min_connections_spin, "value");
  bind (self, "max-connections", self->max_connections_spin, "value");
  bind (self, "history-retention-days", self->retention_spin, "value");
  bind (self, "start-at-login", self->start_at_login_switch, "active");
  bind (self, "notify-errors", self->notify_errors_switch, "active");
  bind (self, "notify-flapping", self->notify_flapping_switch, "active");
  bind (self, "notify-reconnected", self->notify_reconnected_switch, "active");
}

TetherPreferencesWindow *
tether_preferences_window_new (TetherEngine         *engine,
                               TetherHistoryMonitor *monitor)
{
  g_return_val_if_fail (engine == NULL || TETHER_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (monitor == NULL || TETHER_IS_HISTORY_MONITOR (monitor), NULL);

  return g_object_new (TETHER_TYPE_PREFERENCES_WINDOW,
                       "engine", engine,
                       "monitor", monitor,
                       NULL);
}

TetherHistoryMonitor *
tether_preferences_window_get_monitor (TetherPreferencesWindow *self)
{
  g_return_val_if_fail (TETHER_IS_PREFERENCES_WINDOW (self), NULL);

  return self->monitor;
}

TetherEngine *
tether_preferences_window_get_engine (TetherPreferencesWindow *self)
{
  g_return_val_if_fail (TETHER_IS_PREFERENCES_WINDOW (self), NULL);

  return self->engine;
}
