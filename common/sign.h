/* sign.h - making CMS signatures with the user's key. */
#ifndef GSMIME_SIGN_H
#define GSMIME_SIGN_H

#include "gmime-autoptr.h"
#include "session.h"
#include <gpgme.h>

/* Signs the canonical entity IN with SIGNER and writes DER to OUT: a
 * detached signature when DETACHED, else signed-data that carries IN.  The
 * chain up to (not including) the root goes into the signature, so the
 * recipient needs nothing but the root.  MICALG, when not NULL, receives
 * the digest's name for the multipart/signed header ("sha-256").
 * Errors: GPG_ERR_CANCELED when the key's passphrase was not given,
 * others from gpgsm.  */
gboolean gsmime_sign (GsmimeSession *session, gpgme_key_t signer,
                      GMimeStream *in, GMimeStream *out, gboolean detached,
                      char **micalg, GError **error);

/* gsmime_sign over GPGME data objects: IN is read to its end, the DER
 * written to OUT as gpgsm makes it (a pipe, a sink that streams it out).
 * Errors as gsmime_sign.  */
gboolean gsmime_sign_data (GsmimeSession *session, gpgme_key_t signer,
                           gpgme_data_t in, gpgme_data_t out,
                           gboolean detached, char **micalg, GError **error);

#endif
