/* ec-key.h - an elliptic-curve private key in the form gpg-agent stores.
 *
 * gpgsm 2.2 before 2.2.42 cannot take an EC key out of a PKCS#12 file
 * (it reads RSA numbers only, and a legacy EC file makes it crash), but
 * gpg-agent stores and uses any key libgcrypt knows, and gpgsm signs
 * with an EC key once the agent holds it.  gsmime therefore reads the
 * key itself (pkcs12.c, with GnuTLS) and hands it to the agent as the
 * canonical S-expression the agent keeps on disk:
 *
 *   (private-key (ecc (curve NIST P-256) (q #04 X Y#) (d #D#)))
 */
#ifndef GSMIME_EC_KEY_H
#define GSMIME_EC_KEY_H

#include <glib.h>
#include <gnutls/x509.h>

/* Whether KEY is an elliptic-curve key of the kind ECDSA uses (not
 * Ed25519 or Ed448, which GnuTLS counts apart).  */
gboolean gsmime_ec_key_is_ecdsa (gnutls_x509_privkey_t key);

/* KEY, an ECDSA key on NIST P-256, P-384 or P-521 (the curves of the
 * CA/Browser Forum's S/MIME requirements), as a canonical S-expression,
 * padded with zero bytes to a multiple of eight for AES key wrap (the
 * agent reads only the S-expression).  The point is checked against the
 * curve and the secret before anything is written.  The result is wiped
 * when its last reference goes.  Errors: GPG_ERR_UNKNOWN_CURVE when the
 * key is on another curve (its name in the message),
 * GPG_ERR_BAD_SECKEY when the public point is not on the curve or does
 * not belong to the secret, GPG_ERR_INV_DATA when GnuTLS cannot hand out
 * the numbers.  */
GBytes *gsmime_ec_key_sexp (gnutls_x509_privkey_t key, GError **error);

#endif
