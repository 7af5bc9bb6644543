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

G_BEGIN_DECLS

#define TETHER_TEST_WAIT_S 60

/* gtk_test_init() and adw_init() on a private session bus that can start
 * no services (no portal, no a11y bus, no keyring). Strings compare in
 * English. */
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

G_END_DECLS
