/* decrypt.h - opening CMS enveloped-data with the user's own keys. */
#ifndef GSMIME_DECRYPT_H
#define GSMIME_DECRYPT_H

#include "gmime-autoptr.h"
#include "session.h"

/* Decrypts the enveloped-data CMS (DER) and writes the plaintext to OUT,
 * which the caller should keep in memory: gsmime writes no plaintext to
 * disk.  gpg-agent may ask for the key's passphrase through its pinentry.
 * Errors: GPG_ERR_NO_SECKEY when the message is not encrypted to any of
 * the user's keys, GPG_ERR_CANCELED when the passphrase was not given,
 * GPG_ERR_NO_DATA and friends when CMS is malformed.  */
gboolean gsmime_decrypt (GsmimeSession *session, GMimeStream *cms,
                         GMimeStream *out, GError **error);

#endif
