/* encrypt.h - CMS enveloped-data for a set of recipients. */
#ifndef GSMIME_ENCRYPT_H
#define GSMIME_ENCRYPT_H

#include "gmime-autoptr.h"
#include "session.h"
#include <gpgme.h>

/* Encrypts IN to every certificate in KEYS (gpgme_key_t) and writes DER
 * enveloped-data to OUT.  ADDRESSES, parallel to KEYS, names whom each
 * key is for, so that a certificate gpgsm refuses is reported by address.
 * Errors: GPG_ERR_UNUSABLE_PUBKEY naming every refused recipient and why
 * (its problems are added to PROBLEMS when not NULL); others from gpgsm. */
gboolean gsmime_encrypt (GsmimeSession *session, GPtrArray *keys,
                         const char *const *addresses, GMimeStream *in,
                         GMimeStream *out, GPtrArray *problems,
                         GError **error);

/* gsmime_encrypt over GPGME data objects: IN is read to its end, the DER
 * written to OUT as gpgsm makes it.  Errors as gsmime_encrypt.  */
gboolean gsmime_encrypt_data (GsmimeSession *session, GPtrArray *keys,
                              const char *const *addresses, gpgme_data_t in,
                              gpgme_data_t out, GPtrArray *problems,
                              GError **error);

#endif
