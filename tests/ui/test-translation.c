/* test-translation.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tether's window in another language: run as `test-translation LANG` under
 * LANGUAGE=LANG, with the catalogues the build compiled (po/LANG/LC_MESSAGES)
 * bound the way the binary binds them (tether_i18n_init and
 * $TETHER_LOCALEDIR). With no Syncthing configuration anywhere, the window
 * shows its not-found page: its title, the header's subtitle and a button
 * must be in that language, and plural forms must follow its rule.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tether-application.h"
#include "tether-engine.h"
#include "tether-i18n.h"
#include "tether-test-skip.h"
#include "tether-test-ui.h"
#include "tether-window.h"

typedef struct {
  const char *language;
  const char *status_title;   /* "Syncthing Not Found" */
  const char *subtitle;       /* "Syncthing is not available" */
  const char *button;         /* "Open _Preferences" */
  const char *hint;           /* from "…\n\nStart Syncthing, or enter its address…" */
  const char *core;           /* the engine's "No Syncthing configuration found." */
  const char *devices[3];     /* "%u of %u device(s) connected" for 0, 1, 2 */
} Expected;

static const Expected expectations[] = {
  { "de", "Syncthing nicht gefunden", "Syncthing ist nicht verfügbar", "_Einstellungen öffnen",
    "Starten Sie Syncthing oder geben Sie seine Adresse",
    "Keine Syncthing-Konfiguration gefunden.",
    { "0 von 3 Geräten verbunden", "1 von 3 Gerät verbunden", "2 von 3 Geräten verbunden" } },
  /* French uses the singular for 0 too. */
  { "fr", "Syncthing introuvable", "Syncthing n’est pas disponible", "Ouvrir les _préférences",
    "Démarrez Syncthing, ou saisissez son adresse",
    "Aucune configuration de Syncthing trouvée.",
    { "0 appareil connecté sur 3", "1 appareil connecté sur 3", "2 appareils connectés sur 3" } },
};

static const Expected *expected;

static GtkWidget *
template_child (gpointer    widget,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), TETHER_TYPE_WINDOW, name);

  if (child == NULL)
    g_error ("TetherWindow has no template child %s", name);
  return GTK_WIDGET (child);
}

static gboolean
status_title_is (gpointer data)
{
  AdwStatusPage *page = data;

  return g_strcmp0 (adw_status_page_get_title (page), expected->status_title) == 0;
}

static void
test_plurals (void)
{
  for (guint n = 0; n < 3; n++)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u of %u device connected",
                                                            "%u of %u devices connected",
                                                            n),
                                               n, 3u);

      g_assert_cmpstr (text, ==, expected->devices[n]);
    }
}

/* The window's not-found page, as a person using that language sees it. */
static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tether-translation-XXXXXX", &error);
  g_autofree char *screenshot = NULL;
  const char *vars[] = { "STHOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "HOME" };
  TetherApplication *app;
  GtkWindow *window;
  AdwStatusPage *page;
  AdwWindowTitle *title;
  GList *windows;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    g_setenv (vars[i], dir, TRUE);
  g_unsetenv ("HOST_XDG_STATE_HOME");
  g_unsetenv ("HOST_XDG_CONFIG_HOME");

  app = tether_application_new (NULL, NULL);
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".TranslationTest");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (TETHER_IS_WINDOW (window));
  page = ADW_STATUS_PAGE (template_child (window, "status_page"));
  g_assert_true (tether_test_wait_until (status_title_is, page, TETHER_TEST_WAIT_S));

  /* From the .ui template, from C, a formatted C string, and the engine. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (template_child (window, "preferences_button"))),
                   ==, expected->button);
  title = ADW_WINDOW_TITLE (template_child (window, "window_title"));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, expected->subtitle);
  g_assert_nonnull (strstr (adw_status_page_get_description (page), expected->hint));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), dir));
  g_assert_true (g_str_has_prefix (adw_status_page_get_description (page), expected->core));

  tether_test_wait_drawn (GTK_WIDGET (window));
  screenshot = g_strdup_printf ("not-found-%s.png", expected->language);
  g_assert_true (tether_test_save_screenshot (GTK_WIDGET (window), screenshot));

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  tether_engine_stop (tether_application_get_engine (app));
  g_object_unref (app);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;
  g_autofree char *catalogue = NULL;
  GTestDBus *bus;
  int status;

  TETHER_TEST_REQUIRE_DISPLAY ();

  /* glibc honours LANGUAGE only when the message locale is not plain C;
   * C.UTF-8 is built in, so no generated locale is needed. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  bus = tether_test_ui_init_language (&argc, &argv, argc > 1 ? argv[1] : "de");
  for (gsize i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_strcmp0 (expectations[i].language, g_getenv ("LANGUAGE")) == 0)
      expected = &expectations[i];
  if (expected == NULL)
    g_error ("no expectations for language %s", g_getenv ("LANGUAGE"));

  /* The build's catalogues, bound through the code path the binary uses. */
  localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  catalogue = g_build_filename (localedir, expected->language, "LC_MESSAGES",
                                GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (catalogue, G_FILE_TEST_IS_REGULAR));
  g_setenv ("TETHER_LOCALEDIR", localedir, TRUE);
  g_assert_cmpstr (tether_i18n_init (), ==, localedir);

  g_test_add_func ("/tether/translation/plurals", test_plurals);
  g_test_add_func ("/tether/translation/window", test_window);

  status = g_test_run ();
  tether_test_ui_shutdown (bus);

  return status;
}
