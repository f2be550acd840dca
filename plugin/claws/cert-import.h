/* cert-import.h - the "Import certificate or PKCS#12..." button: a file
 * chosen by the user goes through the same core code as `gsmime
 * import`.  */
#ifndef GSMIME_CLAWS_CERT_IMPORT_H
#define GSMIME_CLAWS_CERT_IMPORT_H

#include <gtk/gtk.h>

/* Asks for a file over PARENT and imports it in a thread (a PKCS#12
 * passphrase is asked by gpg-agent's pinentry meanwhile).  The outcome
 * is shown in a dialog and Claws' log; DONE then runs on the main
 * thread, so that a list can show what arrived.  */
void gsmime_claws_cert_import (GtkWindow *parent, void (*done) (void));

/* TRUE while an import runs; the plugin may not be unloaded then.  */
gboolean gsmime_claws_cert_import_running (void);

#endif
