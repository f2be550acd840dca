/* import.h - bringing certificates and keys into the keybox, in the forms
 * users have them: PEM (one or many), DER, PKCS#7 certs-only, PKCS#12.  */
#ifndef GSMIME_IMPORT_H
#define GSMIME_IMPORT_H

#include <glib.h>
#include "session.h"

typedef struct
{
  char *fingerprint;
  char *subject;
  char *email;          /* first address, or NULL */
  gboolean is_new;      /* FALSE: it was in the keybox already */
  gboolean has_secret;  /* a secret key came with it */
  char *refused;        /* not kept, and why (certificates from mail) */
} GsmimeImported;

void gsmime_imported_free (GsmimeImported *imported);

/* Imports DATA.  A whole mail message is searched for certificates
 * (certs-only S/MIME parts, .p7c/.p7b/.cer/.crt/.pem/.der attachments),
 * which are kept by the policy of harvesting: only those that lead to a
 * trusted root and are not revoked; the others are listed with the reason
 * they were refused.  For PKCS#12, PASSPHRASE opens the file (NULL: ask through
 * gpg-agent's pinentry) and then protects the key in gpg-agent.  Returns
 * what was imported (GsmimeImported*), or NULL and ERROR:
 * GPG_ERR_BAD_PASSPHRASE (wrong passphrase), GPG_ERR_INV_DATA / BAD_DATA
 * (damaged or unknown file), GPG_ERR_AMBIGUOUS (two private keys),
 * GPG_ERR_MISSING_ISSUER_CERT (the chain lacks a certificate that is not
 * in the keybox either), GPG_ERR_NO_DATA (no certificate found).  Nothing
 * is imported when an error is returned for a PKCS#12 file.  */
GPtrArray *gsmime_import (GsmimeSession *session, GBytes *data,
                          const char *passphrase, GError **error);

#endif
