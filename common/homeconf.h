/* homeconf.h - the settings gsmime needs in the GnuPG home.
 *
 * Some of gpgsm's behaviour cannot be chosen per operation through GPGME,
 * only in gpgsm.conf: the content cipher is one.  gsmime adds what it
 * needs there once, and never overrides a choice the user made.
 */
#ifndef GSMIME_HOMECONF_H
#define GSMIME_HOMECONF_H

#include <glib.h>
#include "home.h"

/* Makes sure gpgsm.conf in HOMEDIR (NULL: GnuPG's default home) chooses
 * AES-256 for encryption, unless it already names a cipher, and that
 * gpg-agent.conf forbids the agent's "trust this root?" pop-up, unless the
 * user decided that already.  Files are replaced atomically.  Errors: the errno code when the file cannot be
 * read or written.  */
gboolean gsmime_home_prepare (const char *homedir, GError **error);

/* Makes sure dirmngr.conf in HOMEDIR allows OCSP (allow-ocsp), so that
 * gpgsm's --enable-ocsp is honoured: for the OCSP mode, and for a
 * certificate that names only an OCSP responder.  A default responder, where the
 * organisation has one, is the administrator's to set there
 * (ocsp-responder, ocsp-signer).  */
gboolean gsmime_home_enable_ocsp (const char *homedir, GError **error);

/* What dirmngr.conf in a GnuPG home says about OCSP.  */
typedef struct
{
  gboolean allow_ocsp;      /* allow-ocsp: dirmngr sends OCSP requests */
  gboolean ignore_named;    /* ignore-ocsp-service-url: the responders
                               certificates name are never asked */
  char *default_responder;  /* ocsp-responder, when ocsp-signer is set
                               too (dirmngr uses it only then), or NULL */
} GsmimeDirmngrOcsp;

void gsmime_dirmngr_ocsp_clear (GsmimeDirmngrOcsp *conf);

/* Reads the OCSP settings of dirmngr.conf in HOMEDIR into CONF.  A file
 * that is missing or unreadable counts as empty: dirmngr's defaults.  */
void gsmime_home_read_ocsp (const char *homedir, GsmimeDirmngrOcsp *conf);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GsmimeDirmngrOcsp, gsmime_dirmngr_ocsp_clear)

#endif
