/* decrypt.h - opening CMS enveloped-data with the user's own keys. */
#ifndef GSMIME_DECRYPT_H
#define GSMIME_DECRYPT_H

#include "gmime-autoptr.h"
#include "session.h"

/* Decrypts the enveloped-data CMS (DER) and writes the plaintext to OUT,
 * which the caller should keep in memory: gsmime writes no plaintext to
 * disk.  gpg-agent may ask for the key's passphrase through its pinentry.
 * Errors: GPG_ERR_NO_SECKEY when no recipient of the message names one
 * of the user's certificates; GPG_ERR_UNSUPPORTED_ALGORITHM when one
 * does, but with what this engine cannot decrypt (RSA-OAEP, ECDH,
 * AES-GCM as OpenSSL writes it, a cipher nobody here knows: the message
 * names it and what would read it); GPG_ERR_CANCELED when the passphrase
 * was not given; GPG_ERR_BAD_DATA, or the shape errors of
 * gsmime_cms_check_shape, when the object is damaged; another code
 * (errno's, gpg-agent's) when gpgsm or the system failed.  */
gboolean gsmime_decrypt (GsmimeSession *session, GMimeStream *cms,
                         GMimeStream *out, GError **error);

#endif
