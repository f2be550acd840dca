/* home.h - what a host may change in the user's GnuPG home through
 * gsmime: the default OCSP responder, which Claws' preferences page
 * offers.  The settings gsmime itself keeps there are internal
 * (homeconf.h).
 */
#ifndef GSMIME_HOME_H
#define GSMIME_HOME_H

#include <glib.h>

/* Makes dirmngr.conf in HOMEDIR name URL as the default OCSP responder
 * (ocsp-responder), the one dirmngr asks about certificates that name
 * none; URL NULL or "" removes the responder gsmime added before.  A
 * responder the file already names without gsmime is left alone.
 * dirmngr is told to read the file again when it changed.  Errors:
 * GPG_ERR_INV_VALUE when URL is not an http:// or https:// URL,
 * GPG_ERR_CONFLICT when the file names another responder of its own,
 * GPG_ERR_EIO when the file cannot be read or written.  */
gboolean gsmime_home_set_ocsp_responder (const char *homedir, const char *url,
                                         GError **error);

#endif
