/* tether-test-ui.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers for tests that run the real UI under Xvfb: waiting on the main
 * context with a deadline, screenshots, and finding widgets.
 */

#pragma once

#include <gtk/gtk.h>

#include "tether-application.h"

G_BEGIN_DECLS

#define TETHER_TEST_WAIT_S 60

/* gtk_test_init() and adw_init() on a private session bus that can start
 * no services (no portal, no a11y bus, no keyring). Strings compare in
 * English. $XDG_STATE_HOME is a fresh directory of this program's, so
 * that no other test's connection history or journal shows (or holds the
 * history's lock); shutdown removes it. */
GTestDBus *tether_test_ui_init          (int                 *argc,
                                         char              ***argv);
/* The same, with LANGUAGE set to language instead of C. */
GTestDBus *tether_test_ui_init_language (int                 *argc,
                                         char              ***argv,
                                         const char          *language);
/* Stops that bus. GTK keeps a registered application, and so its bus
 * connection, alive until exit: the connection is left open, not waited for. */
void       tether_test_ui_shutdown      (GTestDBus           *bus);

typedef gboolean (*TetherTestPredicate) (gpointer data);

/* Iterates the default context until pred (data) holds or timeout_s pass. */
gboolean   tether_test_wait_until       (TetherTestPredicate  pred,
                                         gpointer             data,
                                         guint                timeout_s);
/* Until the widget is mapped with a size, then lets a few frames pass. */
void       tether_test_wait_drawn       (GtkWidget           *widget);
/* Renders widget to G_TEST_BUILDDIR/screenshots/name; FALSE if every pixel
 * is the same (blank). */
gboolean   tether_test_save_screenshot  (GtkWidget           *widget,
                                         const char          *name);
/* The first descendant GtkLabel (or self) whose label is text, or NULL. */
GtkLabel  *tether_test_find_label       (GtkWidget           *root,
                                         const char          *text);
/* The first descendant of type, or NULL. */
GtkWidget *tether_test_find_widget      (GtkWidget           *root,
                                         GType                type);
/* A named template child of widget's class type; aborts when missing. */
GtkWidget *tether_test_template_child   (gpointer             widget,
                                         GType                type,
                                         const char          *name);
/* How many sessions a TetherTimeline shows, from its accessible
 * description ("Last 24 hours: 2 sessions, …"). */
guint      tether_test_timeline_sessions (GtkWidget          *timeline);
/* Removes a file or a directory and everything in it. */
void       tether_test_remove_tree      (const char          *path);

/* The real application, registered under an ID of its own (GTK keeps a
 * registered application until exit) and activated: it has a window. */
TetherApplication *tether_test_start_app (const char         *url,
                                          const char         *api_key);
/* Closes every window, stops the engine and drops the application. */
void       tether_test_stop_app         (TetherApplication   *app);

G_END_DECLS
