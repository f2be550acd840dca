/* homeconf.h - the settings gsmime needs in the GnuPG home.
 *
 * Some of gpgsm's behaviour cannot be chosen per operation through GPGME,
 * only in gpgsm.conf: the content cipher is one.  gsmime adds what it
 * needs there once, and never overrides a choice the user made.
 */
#ifndef GSMIME_HOMECONF_H
#define GSMIME_HOMECONF_H

#include <glib.h>

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
