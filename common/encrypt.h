/* encrypt.h - CMS enveloped-data for a set of recipients. */
#ifndef GSMIME_ENCRYPT_H
#define GSMIME_ENCRYPT_H

#include "gmime-autoptr.h"
#include "session.h"

/* Encrypts IN to every certificate in KEYS (gpgme_key_t) and writes DER
 * enveloped-data to OUT.  ADDRESSES, parallel to KEYS, names whom each
 * key is for, so that a certificate gpgsm refuses is reported by address.
 * Errors: GPG_ERR_UNUSABLE_PUBKEY naming every refused recipient and why
 * (its problems are added to PROBLEMS when not NULL); others from gpgsm. */
gboolean gsmime_encrypt (GsmimeSession *session, GPtrArray *keys,
                         const char *const *addresses, GMimeStream *in,
                         GMimeStream *out, GPtrArray *problems,
                         GError **error);

#endif
