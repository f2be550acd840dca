/* pem-key.h - a PEM private key and its certificate, the form in which
 * OpenSSL, and mutt's smime_keys with it, keep a user's own key, made
 * into a PKCS#12 file in memory so that the PKCS#12 import
 * (gsmime_import) brings it into gpg-agent.
 *
 * gpgsm imports private keys only from PKCS#12.  The file made here
 * never leaves memory: the caller hands it straight to gsmime_import
 * with the same passphrase, and gpg-agent ends up protecting the key
 * with the passphrase that protected the PEM file.
 */
#ifndef GSMIME_PEM_KEY_H
#define GSMIME_PEM_KEY_H

#include <glib.h>

/* Whether the LEN bytes at DATA hold a PEM private key that needs a
 * passphrase: an "ENCRYPTED PRIVATE KEY" (PKCS#8) block, or an older
 * OpenSSL key block with "Proc-Type: 4,ENCRYPTED".  */
gboolean gsmime_pem_key_is_encrypted (const guchar *data, gsize len);

/* Decodes the first PEM private key in KEY with PASSPHRASE (UTF-8; NULL
 * or "" for a key that is not encrypted), finds the certificate that
 * belongs to it among those in KEY (smime_keys sometimes keeps it there)
 * and CERTS (read as cert-bundle.h reads them; may be NULL), and
 * writes the two into a new PKCS#12 file protected by PASSPHRASE: the
 * key with PBES2 (PBKDF2, AES-256), under a SHA-256 MAC; without a
 * passphrase the key bag is not encrypted.  The result is wiped when its
 * last reference goes; so is every decoded copy of the key made here.
 *
 * Returns the PKCS#12 file, or NULL with ERROR in GSMIME_ERROR:
 * GPG_ERR_NO_SECKEY when KEY holds no PEM private key,
 * GPG_ERR_BAD_PASSPHRASE when the key is encrypted and PASSPHRASE is
 * wrong or missing, GPG_ERR_INV_DATA when the key is damaged,
 * GPG_ERR_WRONG_SECKEY when no certificate given belongs to the key, and
 * GPG_ERR_GENERAL when GnuTLS cannot write the file.  */
GBytes *gsmime_pem_key_to_pkcs12 (GBytes *key, GBytes *certs,
                                  const char *passphrase, GError **error);

#endif
