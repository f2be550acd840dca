/* cert-list.h - the certificates that harvesting kept, with where each
 * came from, and a button that removes one.  */
#ifndef GSMIME_CLAWS_CERT_LIST_H
#define GSMIME_CLAWS_CERT_LIST_H

#include <gtk/gtk.h>

/* A box with the list and its "Remove" button, filled at once.  */
GtkWidget *gsmime_claws_cert_list_new (void);

/* The list's tree view, for a label's mnemonic.  */
GtkWidget *gsmime_claws_cert_list_get_view (GtkWidget *list);

/* Reads the list again from the keybox and harvest.ini.  */
void gsmime_claws_cert_list_refresh (GtkWidget *list);

#endif
