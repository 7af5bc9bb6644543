/* main.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "tether-application.h"
#include "tether-headless.h"
#include "tether-i18n.h"
#include "tether-stats-cli.h"

static char *
read_api_key_file (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  g_strstrip (contents);
  if (contents[0] == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The API key file %s is empty"), path);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherApplication) app = NULL;
  g_autofree char *url = NULL;
  g_autofree char *api_key_file = NULL;
  g_autofree char *api_key = NULL;
  gboolean headless = FALSE;
  gboolean background = FALSE;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless,
      N_("Run without windows and print one line per device state change"), NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("Syncthing’s GUI/REST address, instead of the one in config.xml"), N_("URL") },
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &api_key_file,
      N_("Read Syncthing’s API key from this file"), N_("FILE") },
    { "background", 0, 0, G_OPTION_ARG_NONE, &background,
      N_("Start without a window (as at login); fails if Tether already runs"), NULL },
    /* What D-Bus activation passes (data/…service): the same as --background. */
    { "gapplication-service", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &background,
      NULL, NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  tether_i18n_init ();

  /* Commands run before anything starts: no GTK, no Syncthing. */
  if (argc >= 2 && strcmp (argv[1], "stats") == 0)
    return tether_stats_cli_run (argc - 1, argv + 1);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Keeps Syncthing connected to your devices across "
                                  "suspend, resume and network changes."));
  g_option_context_set_description (context,
                                    _("Commands:\n"
                                      "  stats [DEVICE] [--json]   Print connection statistics from "
                                      "the history (see “tether stats --help”)"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "tether: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      printf ("tether %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (api_key_file != NULL &&
      (api_key = read_api_key_file (api_key_file, &error)) == NULL)
    {
      fprintf (stderr, "tether: %s\n", error->message);
      return 2;
    }

  if (headless)
    return tether_headless_run (url, api_key);

  /* A second `tether` hands its activation to the first one and exits;
   * --url and --api-key-file apply only to the first. */
  app = tether_application_new (url, api_key);
  if (background)
    g_application_set_flags (G_APPLICATION (app),
                             g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_IS_SERVICE);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
