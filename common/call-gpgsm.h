/* call-gpgsm.h - the few things said to gpgsm as a program rather than
 * through GPGME.
 *
 * GPGME 1.18 cannot hand gpgsm a passphrase (its gpgsm engine has no
 * loopback pinentry), and a PKCS#12 import needs one; so that import runs
 * gpgsm with --passphrase-fd on a pipe.
 */
#ifndef GSMIME_CALL_GPGSM_H
#define GSMIME_CALL_GPGSM_H

#include <glib.h>

typedef struct
{
  char *fingerprint;
  gboolean is_new;
  gboolean secret;
} GsmimeGpgsmImport;

/* Imports DATA (a PKCS#12 file in a form gpgsm reads) into HOMEDIR's
 * keybox, answering both of gpgsm's passphrase questions (opening the
 * file, protecting the key) with PASSPHRASE.  Returns the certificates
 * gpgsm reported (GsmimeGpgsmImport*).  Errors: GPG_ERR_BAD_PASSPHRASE,
 * GPG_ERR_INV_DATA when gpgsm could not read the file, GPG_ERR_GENERAL
 * when gpgsm could not be run.  */
GPtrArray *gsmime_gpgsm_import_pkcs12 (const char *homedir, GBytes *data,
                                       const char *passphrase, GError **error);

#endif
