/* import.h - bringing certificates and keys into the keybox, in the forms
 * users have them: PEM (one or many, as authorities and tools write it),
 * DER, PKCS#7 certs-only, PKCS#12.  */
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

/* Imports DATA.  A whole mail message (a header section with MIME
 * structure) is searched for certificates
 * (certs-only S/MIME parts, .p7c/.p7b/.cer/.crt/.pem/.der attachments),
 * which are kept by the policy of harvesting: only those that lead to a
 * trusted root and are not revoked; the others are listed with the reason
 * they were refused.  For PKCS#12, PASSPHRASE opens the file (NULL: ask through
 * gpg-agent's pinentry) and then protects the key in gpg-agent.  Returns
 * what was imported (GsmimeImported*), or NULL and ERROR:
 * GPG_ERR_BAD_PASSPHRASE (wrong passphrase), GPG_ERR_INV_DATA / BAD_DATA
 * (damaged or unknown file), GPG_ERR_AMBIGUOUS (two private keys),
 * GPG_ERR_MISSING_ISSUER_CERT (the chain lacks a certificate that is not
 * in the keybox either), GPG_ERR_NO_DATA (no certificate found),
 * GPG_ERR_TOO_LARGE (more than 1,000 certificates in one file).  Nothing
 * is imported when an error is returned for a PKCS#12 file.  */
GPtrArray *gsmime_import (GsmimeSession *session, GBytes *data,
                          const char *passphrase, GError **error);

/* gsmime_import, and the parts of a certificate file that were not
 * imported: any other file is searched for PEM blocks wherever they
 * stand (after the text dump of `openssl ca` or `openssl x509 -text`,
 * between the certificates of a bundle, with CRLF line ends), and when
 * PASSED_OVER is not NULL it gets, on success, one translated sentence
 * for each block that is not a certificate (a key, a CRL) or that gpgsm
 * could not read, naming the block, its line and its label (an empty
 * list when there is none; free with g_strfreev); NULL on failure.  A
 * file with no certificate at all fails with GPG_ERR_NO_DATA, and its
 * message names the first such block.  */
GPtrArray *gsmime_import_full (GsmimeSession *session, GBytes *data,
                               const char *passphrase, char ***passed_over,
                               GError **error);

/* TRUE when the LEN bytes at DATA begin like a DER or BER encoded PKCS#12
 * file: a SEQUENCE holding version 3 and a PKCS#7 data or signedData
 * ContentInfo.  Only the first few bytes are looked at, so a truncated
 * file still probes as PKCS#12 (and gsmime_pkcs12_to_legacy then says it
 * is damaged).  */
gboolean gsmime_pkcs12_probe (const guchar *data, gsize len);

#endif
