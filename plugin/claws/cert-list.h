/* cert-list.h - the certificates that harvesting kept, with where each
 * came from, and a button that removes one.  */
#ifndef GSMIME_CLAWS_CERT_LIST_H
#define GSMIME_CLAWS_CERT_LIST_H

#include <gtk/gtk.h>

/* A box with the list and its "Remove" button; the list is filled in
 * the background (gsmime_claws_cert_list_refresh).  */
GtkWidget *gsmime_claws_cert_list_new (void);

/* The list's tree view, for a label's mnemonic.  */
GtkWidget *gsmime_claws_cert_list_get_view (GtkWidget *list);

/* Reads the list again from the keybox and harvest.ini, in a thread,
 * saying "Loading…" until it comes; a list whose widget is destroyed
 * meanwhile is dropped.  */
void gsmime_claws_cert_list_refresh (GtkWidget *list);

#endif
