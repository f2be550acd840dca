/* pkcs12.h - PKCS#12 files rewritten in the form gpgsm 2.2 imports.
 *
 * gpgsm 2.2 (Debian 12 ships 2.2.40) decodes only the old PKCS#12
 * encryption, pbeWithSHAAnd3-KeyTripleDES-CBC (and 40-bit RC2 for
 * certificates), plus PBES2 with PBKDF2-HMAC-SHA1 and AES-128.  OpenSSL 3
 * and Firefox write PBES2 with PBKDF2-HMAC-SHA256 and AES-256 by default,
 * which gpgsm rejects with 'encryptedData error at "pkcs5PBES2-params"'.
 * gpgsm also turns the passphrase into a BMPString byte by byte, from its
 * UTF-8 bytes or their form in one of a few 8-bit charsets, so a
 * passphrase with characters beyond Latin-1 ("€") never opens a file
 * that OpenSSL or NSS wrote (they write UTF-16).  And its 3DES key
 * derivation is flawed: for about one salt in 128 it derives a wrong key
 * and calls the right passphrase wrong (see gpgsm_derives_key in
 * pkcs12.c), so even some `openssl pkcs12 -legacy` files fail.
 *
 * The bridge decodes such a file with GnuTLS and writes it anew, in
 * memory only, in the old form under a transit passphrase of plain ASCII
 * chosen by the caller, who then hands the result and the transit
 * passphrase to gpgsm's import.
 */
#ifndef GSMIME_PKCS12_H
#define GSMIME_PKCS12_H

#include <glib.h>
#include <gnutls/x509.h>

/* What gsmime_pkcs12_to_legacy found in a file.  */
typedef struct
{
  /* The file holds a private key (never more than one: such files are
   * refused).  */
  gboolean has_key;
  /* The certificates in the file, all of which are in the result: the
   * key's own and every other (the chain).  */
  guint n_certs;
  /* Every encrypted part of the file uses the legacy PKCS#12 encryption
   * that `openssl pkcs12 -export -legacy` writes (3DES, or 40-bit RC2
   * for certificates), in a layout gpgsm 2.2 reads.  */
  gboolean legacy;
  /* gpgsm 2.2 would import the file as it is with the passphrase given:
   * it is legacy, the passphrase is Latin-1 text of at most 31
   * characters (gpgsm refuses longer ones and encodes other characters
   * wrongly), and no 3DES salt trips gpgsm's key derivation.  A caller
   * that prefers gpgsm's own import of the original file may do so
   * exactly when this is TRUE.  */
  gboolean gpgsm_native;
} GsmimePkcs12Info;

/* Decodes the PKCS#12 file DATA of LEN bytes with PASSPHRASE (UTF-8; ""
 * or NULL when the file has none) and writes it anew as a legacy PKCS#12
 * protected by TRANSIT: the key in a shrouded key bag and the
 * certificates in encrypted data, both with pbeWithSHAAnd3-KeyTripleDES-
 * CBC, with salts gpgsm derives the right keys from, and a SHA-1 MAC;
 * the key and its certificate come first, sharing a localKeyId and the
 * key's friendly name (gpgsm needs neither; it pairs them by keygrip).
 * CRL and secret bags are left out.  Any encryption GnuTLS decodes is read:
 * PBES2 (PBKDF2 with HMAC-SHA1, -SHA256 and so on, with AES or 3DES) and
 * the PKCS#12 forms (3DES, RC2).  TRANSIT is chosen by the caller and
 * given to gpgsm with the result: printable ASCII, at most 31 bytes
 * (gpgsm's limit); a random one is best.  Note that gpgsm, given its
 * passphrase with --passphrase-fd, protects the imported key in the agent
 * with that same passphrase.  INFO, when not NULL, is filled on success.
 *
 * Nothing is written to disk.  The plaintext key bags this code handles
 * are wiped before they are freed, and so is the returned buffer when
 * its last reference goes; GnuTLS's own short-lived buffers inside its
 * decryption are out of reach.  GnuTLS refuses any key derivation of
 * 10,485,760 iterations or more but does not bound the MAC's, which gets
 * the same limit here, checked before any work; and all the counts of a
 * file added up may not exceed 20,000,000, so that many bags cannot
 * multiply the work.  Measured on a current
 * PC: a 2,048-iteration file (OpenSSL's default) converts in 0.4 s,
 * mostly spent writing (GnuTLS always uses 600,000 iterations) and
 * checking the salts, a 1,000,000-iteration file in 0.7 s, a
 * 10,000,000-iteration one in 3.5 s; gpgsm's import of the result takes
 * another 1 to 2 s.  The call is synchronous: hosts run it off their
 * main loop.
 *
 * Returns the new file, or NULL with ERROR set in GSMIME_ERROR to
 * GPG_ERR_INV_ARG when TRANSIT is not printable ASCII of at most 31
 * bytes or PASSPHRASE is not UTF-8, GPG_ERR_BAD_DATA when DATA is not a
 * PKCS#12 file, GPG_ERR_INV_DATA when it is damaged (including a MAC
 * that does not match although the passphrase opened the contents),
 * GPG_ERR_BAD_PASSPHRASE when the passphrase is wrong,
 * GPG_ERR_NOT_SUPPORTED when it uses an encryption or MAC GnuTLS cannot
 * decode, too many iterations (in one derivation or in all), or 32 or
 * more bags in one SafeContents
 * (GnuTLS would drop all after the 32nd), GPG_ERR_AMBIGUOUS when it
 * holds more than one private key, GPG_ERR_UNSUPPORTED_ALGORITHM when
 * the key is not RSA (gpgsm 2.2 imports only RSA keys from PKCS#12 and
 * crashes on EC keys: those go to gpg-agent directly, see import.c),
 * GPG_ERR_UNKNOWN_CURVE when it is on an elliptic curve GnuTLS does not
 * know, GPG_ERR_TOO_LARGE when the file is over a megabyte,
 * GPG_ERR_NO_DATA when it holds neither a key nor a certificate, and
 * GPG_ERR_GENERAL when GnuTLS cannot write the new file.  */
GBytes *gsmime_pkcs12_to_legacy (const guchar *data, gsize len,
                                 const char *passphrase, const char *transit,
                                 GsmimePkcs12Info *info, GError **error);

/* A PKCS#12 file, decoded: its key and certificates.  */
typedef struct _GsmimePkcs12 GsmimePkcs12;

/* Decodes the PKCS#12 file DATA of LEN bytes with PASSPHRASE, as
 * gsmime_pkcs12_to_legacy does, without writing anything; any kind of
 * key is taken.  Free the result with gsmime_pkcs12_free, which wipes
 * the key.  Errors: those of gsmime_pkcs12_to_legacy except
 * GPG_ERR_UNSUPPORTED_ALGORITHM, GPG_ERR_GENERAL and the transit
 * passphrase's.  */
GsmimePkcs12 *gsmime_pkcs12_open (const guchar *data, gsize len,
                                  const char *passphrase, GError **error);
void gsmime_pkcs12_free (GsmimePkcs12 *p12);

/* The private key of P12, or NULL; owned by P12.  */
gnutls_x509_privkey_t gsmime_pkcs12_key (const GsmimePkcs12 *p12);

/* The certificates of P12 (gnutls_x509_crt_t), the key's own first when
 * the file has it; owned by P12.  */
GPtrArray *gsmime_pkcs12_certificates (const GsmimePkcs12 *p12);

/* Whether the first certificate of P12 is its key's.  */
gboolean gsmime_pkcs12_has_key_certificate (const GsmimePkcs12 *p12);

/* P12 written anew as gsmime_pkcs12_to_legacy writes it, with its
 * errors: PASSPHRASE only decides INFO's gpgsm_native.  */
GBytes *gsmime_pkcs12_write_legacy (const GsmimePkcs12 *p12,
                                    const char *passphrase,
                                    const char *transit,
                                    GsmimePkcs12Info *info, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimePkcs12, gsmime_pkcs12_free)

#endif
