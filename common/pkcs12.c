/* pkcs12.c - PKCS#12 files rewritten in the form gpgsm 2.2 imports. */
#include <config.h>
#include <string.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>
#include "pkcs12.h"
#include "import.h"
#include "error.h"
#include "i18n.h"

/* GnuTLS refuses to derive a bag's key with this many iterations or more
 * (MAX_ITER_COUNT in its lib/x509/common.h), but reads any count for the
 * MAC; the MAC gets the same bound here so that a hostile file cannot
 * keep the caller busy for hours.  */
#define MAX_ITERATIONS (10 * 1024 * 1024)

/* The most key derivation work one file may ask for, all its
 * iteration counts added up, checked before any of it is done: each
 * count alone stays below MAX_ITERATIONS, but a file of many bags could
 * still add up to hours.  Twenty million is a few seconds on a current
 * PC, and ten times what a file written with 1,000,000 iterations
 * (MAC, certificates, key) needs.  */
#define MAX_TOTAL_ITERATIONS (20 * 1000 * 1000)

/* GnuTLS 3.7 keeps at most 32 elements of a bag (MAX_BAG_ELEMENTS): it
 * reads the first 32 of a longer SafeContents and drops the rest without
 * a word, and accepts only 31 when a bag is filled.  */
#define BAG_LIMIT 32
#define CERTS_PER_BAG (BAG_LIMIT - 1)

/* gpgsm's PKCS#12 key derivation refuses longer passphrases
 * (string_to_key in sm/minip12.c).  */
#define GPGSM_MAX_PASSPHRASE 31

/* How often a part of the output is encrypted anew, with a fresh salt,
 * before giving up on gpgsm's flawed key derivation (gpgsm_derives_key);
 * each attempt fails with a chance of about 1 in 128.  */
#define MAX_ATTEMPTS 8

/* Frees BAG after wiping the plaintext keys it may hold.  GnuTLS frees
 * bag data without clearing it, and a key bag that was never encrypted,
 * or that came out of a decrypted container, holds the key in the clear;
 * gnutls_pkcs12_bag_get_data hands out the bag's own buffer, not a
 * copy, so it can be wiped in place.  */
static void
bag_free (gnutls_pkcs12_bag_t bag)
{
  gnutls_datum_t d;
  int i, n = gnutls_pkcs12_bag_get_count (bag);

  for (i = 0; i < n; i++)
    if (gnutls_pkcs12_bag_get_type (bag, i) == GNUTLS_BAG_PKCS8_KEY
        && gnutls_pkcs12_bag_get_data (bag, i, &d) == 0 && d.data)
      gnutls_memset (d.data, 0, d.size);
  gnutls_pkcs12_bag_deinit (bag);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pkcs12_t, gnutls_pkcs12_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pkcs12_bag_t, bag_free, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit,
                                 NULL)

/* What a PKCS#12 file held, decoded.  */
typedef struct
{
  gnutls_x509_privkey_t key;  /* the private key, or NULL */
  char *key_name;             /* its friendly name, UTF-8, or NULL */
  guchar key_id[20];          /* SHA-1 of its public key */
  GPtrArray *certs;           /* gnutls_x509_crt_t; the key's own first */
  gboolean key_cert;          /* certs holds the key's certificate */
  gboolean legacy;            /* see GsmimePkcs12Info */
  gboolean decrypted;         /* the passphrase opened something */
  GArray *des_parts;          /* Pbe: the parts encrypted with 3DES */
} Contents;

/* The salt and iteration count of a part encrypted with PKCS#12 3DES.  */
typedef struct
{
  guchar salt[64];
  unsigned int salt_len;
  unsigned int iter;
} Pbe;

static void
crt_free (gpointer crt)
{
  gnutls_x509_crt_deinit (crt);
}

static void
contents_init (Contents *c)
{
  memset (c, 0, sizeof *c);
  c->certs = g_ptr_array_new_with_free_func (crt_free);
  c->des_parts = g_array_new (FALSE, FALSE, sizeof (Pbe));
  c->legacy = TRUE;
}

/* Frees what C holds and leaves it empty; gnutls_x509_privkey_deinit
 * clears the key's numbers itself.  */
static void
contents_clear (Contents *c)
{
  if (c->key)
    gnutls_x509_privkey_deinit (c->key);
  g_free (c->key_name);
  if (c->certs)
    g_ptr_array_unref (c->certs);
  if (c->des_parts)
    g_array_unref (c->des_parts);
  memset (c, 0, sizeof *c);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Contents, contents_clear)

/* Whether the MAC vouched for the passphrase.  */
typedef enum
{
  MAC_NONE,  /* the file has no MAC */
  MAC_GOOD,
  MAC_BAD
} MacState;

/* Steps over the identifier and length octets of a DER or BER element at
 * P that must carry TAG, and returns the start of its contents, or NULL.
 * The length is not checked against END, so that a truncated file still
 * probes as PKCS#12 and is then reported as damaged.  */
static const guchar *
skip_header (const guchar *p, const guchar *end, guchar tag)
{
  gsize n;

  if (end - p < 2 || *p++ != tag)
    return NULL;
  /* The short form, or BER's indefinite length, which some exporters
   * use and GnuTLS decodes.  */
  if (*p <= 0x80)
    return p + 1;
  n = *p++ & 0x7f;
  if (n > 4 || (gsize) (end - p) < n)
    return NULL;
  return p + n;
}

gboolean
gsmime_pkcs12_probe (const guchar *data, gsize len)
{
  /* PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, ...}
   * and the ContentInfo begins with the OID 1.2.840.113549.1.7.1 (data)
   * or .7.2 (signedData).  */
  static const guchar version[] = { 0x02, 0x01, 0x03 };
  static const guchar pkcs7[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                  0x0d, 0x01, 0x07 };
  const guchar *end, *p;

  if (!data)
    return FALSE;
  end = data + len;
  p = skip_header (data, end, 0x30);
  if (!p || end - p < (gssize) sizeof version
      || memcmp (p, version, sizeof version))
    return FALSE;
  p = skip_header (p + sizeof version, end, 0x30);
  if (!p || end - p < (gssize) sizeof pkcs7 + 1
      || memcmp (p, pkcs7, sizeof pkcs7))
    return FALSE;
  return p[sizeof pkcs7] == 1 || p[sizeof pkcs7] == 2;
}

/* GnuTLS errors that mean "this algorithm or parameter is not supported"
 * rather than "these bytes are wrong".  GNUTLS_E_ILLEGAL_PARAMETER is
 * what GnuTLS gives for an iteration count over its limit.  */
static gboolean
is_unsupported (int rc)
{
  switch (rc)
    {
    case GNUTLS_E_UNKNOWN_CIPHER_TYPE:
    case GNUTLS_E_UNKNOWN_HASH_ALGORITHM:
    case GNUTLS_E_UNKNOWN_PK_ALGORITHM:
    case GNUTLS_E_UNKNOWN_ALGORITHM:
    case GNUTLS_E_UNIMPLEMENTED_FEATURE:
    case GNUTLS_E_ILLEGAL_PARAMETER:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
set_damaged (GError **error, const char *detail)
{
  gsmime_set_error (error, GPG_ERR_INV_DATA,
                    _("The PKCS#12 file is damaged (%s); export the "
                      "certificate and key again, or copy the file anew"),
                    detail);
}

static void
set_unsupported (GError **error, const char *detail)
{
  gsmime_set_error (error, GPG_ERR_NOT_SUPPORTED,
                    _("The PKCS#12 file is protected in a way that cannot "
                      "be read here (%s); export it again with the default "
                      "settings of the program that made it"), detail);
}

static void
set_bad_passphrase (GError **error)
{
  gsmime_set_error (error, GPG_ERR_BAD_PASSPHRASE,
                    _("The passphrase does not open this PKCS#12 file; "
                      "type it again exactly as it was chosen when the "
                      "file was exported"));
}

/* Reports RC, a failure of GnuTLS to make sense of part of the file.  */
static void
set_gnutls_error (GError **error, int rc)
{
  if (is_unsupported (rc))
    set_unsupported (error, gnutls_strerror (rc));
  else
    set_damaged (error, gnutls_strerror (rc));
}

/* Reports RC, a failure to decrypt part of the file.  When the MAC
 * vouched for the passphrase the file must be damaged; otherwise a wrong
 * passphrase is by far the likeliest cause, since GnuTLS sees one only
 * as bad padding or as garbage where ASN.1 was expected.  */
static void
set_decrypt_error (GError **error, int rc, MacState mac)
{
  if (mac == MAC_GOOD || is_unsupported (rc))
    set_gnutls_error (error, rc);
  else
    set_bad_passphrase (error);
}

/* Checks the iteration count ITER of a key derivation.  */
static gboolean
check_iterations (unsigned int iter, GError **error)
{
  if (iter < MAX_ITERATIONS)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_NOT_SUPPORTED,
                    _("The PKCS#12 file asks for %u iterations of one key "
                      "derivation, more than the %d accepted, so that a "
                      "hostile file cannot keep the computer busy; export "
                      "it again with fewer, for instance with `openssl "
                      "pkcs12 -export -iter 10000`"),
                    iter, MAX_ITERATIONS - 1);
  return FALSE;
}

/* Judges the encryption of one part of the file as GnuTLS described it:
 * RC from gnutls_pkcs12_bag_enc_info or gnutls_pkcs8_info, the SCHEMA and
 * PBE, its salt and iteration count.  LEGACY_SCHEMAS are the schemas
 * gpgsm reads in that part.  */
static gboolean
check_encryption (int rc, unsigned int schema, const Pbe *pbe,
                  unsigned int legacy_schemas, Contents *c, GError **error)
{
  if (rc < 0)
    {
      set_gnutls_error (error, rc);
      return FALSE;
    }
  if (!check_iterations (pbe->iter, error))
    return FALSE;
  /* gpgsm takes salts of 8 to 20 bytes only.  */
  if (!(schema & legacy_schemas) || pbe->salt_len < 8 || pbe->salt_len > 20)
    c->legacy = FALSE;
  else if (schema == GNUTLS_PKCS_PKCS12_3DES)
    g_array_append_val (c->des_parts, *pbe);
  return TRUE;
}

static int
pbe_info (gnutls_pkcs12_bag_t bag, const gnutls_datum_t *der,
          unsigned int *schema, guchar *salt, Pbe *pbe)
{
  if (bag)
    return gnutls_pkcs12_bag_enc_info (bag, schema, NULL, salt,
                                       &pbe->salt_len, &pbe->iter, NULL);
  return gnutls_pkcs8_info (der, GNUTLS_X509_FMT_DER, schema, NULL, salt,
                            &pbe->salt_len, &pbe->iter, NULL);
}

/* Reads the encryption SCHEMA and PBE of BAG, an encrypted bag, or else
 * of DER, an encrypted key.  A salt too long for PBE is left out
 * (salt_len 0): gpgsm would not take it anyway.  */
static int
read_pbe (gnutls_pkcs12_bag_t bag, const gnutls_datum_t *der,
          unsigned int *schema, Pbe *pbe)
{
  int rc;

  pbe->salt_len = sizeof pbe->salt;
  rc = pbe_info (bag, der, schema, pbe->salt, pbe);
  if (rc != GNUTLS_E_SHORT_MEMORY_BUFFER)
    return rc;
  rc = pbe_info (bag, der, schema, NULL, pbe);
  pbe->salt_len = 0;
  return rc;
}

/* Reads the MAC's algorithm and iteration count.  Sets *STATE to
 * MAC_NONE when the file has no MAC.  */
static gboolean
read_mac_info (gnutls_pkcs12_t p12, MacState *state, GError **error)
{
  char *oid = NULL;
  unsigned int iter = 0;
  int rc;

  rc = gnutls_pkcs12_mac_info (p12, NULL, NULL, NULL, &iter, &oid);
  *state = rc == GNUTLS_E_INVALID_REQUEST ? MAC_NONE : MAC_BAD;
  if (rc == GNUTLS_E_UNKNOWN_HASH_ALGORITHM)
    {
      g_autofree char *detail =
        g_strdup_printf (_("MAC algorithm %s"), oid ? oid : "?");
      set_unsupported (error, detail);
    }
  gnutls_free (oid);
  if (rc == GNUTLS_E_UNKNOWN_HASH_ALGORITHM)
    return FALSE;
  return *state == MAC_NONE || check_iterations (iter, error);
}

/* Verifies the MAC of P12 with PASSPHRASE and sets *PASS to the
 * passphrase that matched.  An empty passphrase has two encodings in the
 * PKCS#12 key derivation, an empty BMPString (two zero bytes: OpenSSL,
 * gpgsm) and no bytes at all (some other writers), so NULL or "" tries
 * both; when neither matches, *PASS is "".  */
static int
verify_mac (gnutls_pkcs12_t p12, const char *passphrase, const char **pass)
{
  int rc;

  *pass = passphrase && *passphrase ? passphrase : "";
  rc = gnutls_pkcs12_verify_mac (p12, *pass);
  if (rc == GNUTLS_E_MAC_VERIFY_FAILED && !**pass
      && !gnutls_pkcs12_verify_mac (p12, NULL))
    {
      *pass = NULL;
      rc = 0;
    }
  return rc;
}

/* Adds up the iteration counts of P12 that are known before anything is
 * decrypted: the MAC's, each encrypted bag's, each shrouded key's in a
 * plain bag (one inside an encrypted bag is checked on its own when it
 * is reached).  Refuses the file when they come to more than
 * MAX_TOTAL_ITERATIONS.  */
static gboolean
check_total_work (gnutls_pkcs12_t p12, GError **error)
{
  guint64 total = 0;
  unsigned int iter = 0;
  int i, j, n;

  if (gnutls_pkcs12_mac_info (p12, NULL, NULL, NULL, &iter, NULL) >= 0)
    total += iter;
  for (i = 0;; i++)
    {
      g_auto (gnutls_pkcs12_bag_t) bag = NULL;
      gnutls_datum_t der;

      if (gnutls_pkcs12_bag_init (&bag) < 0
          || gnutls_pkcs12_get_bag (p12, i, bag) < 0)
        break;
      n = gnutls_pkcs12_bag_get_count (bag);
      iter = 0;
      if (gnutls_pkcs12_bag_get_type (bag, 0) == GNUTLS_BAG_ENCRYPTED
          && gnutls_pkcs12_bag_enc_info (bag, NULL, NULL, NULL, NULL, &iter,
                                         NULL) >= 0)
        total += iter;
      for (j = 0; j < n; j++)
        if (gnutls_pkcs12_bag_get_type (bag, j)
            == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY
            && gnutls_pkcs12_bag_get_data (bag, j, &der) == 0
            && gnutls_pkcs8_info (&der, GNUTLS_X509_FMT_DER, NULL, NULL, NULL,
                                  NULL, &iter, NULL) >= 0)
          total += iter;
    }
  if (total <= MAX_TOTAL_ITERATIONS)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_NOT_SUPPORTED,
                    /* %llu: xgettext cannot read G_GUINT64_FORMAT.  */
                    _("The PKCS#12 file asks for %llu iterations of key "
                      "derivation in all, more than the %d accepted, so "
                      "that a hostile file cannot keep the computer busy; "
                      "export it again with fewer, for instance with "
                      "`openssl pkcs12 -export -iter 10000`"),
                    (unsigned long long) total, MAX_TOTAL_ITERATIONS);
  return FALSE;
}

/* Checks the MAC of P12 with PASSPHRASE: sets *STATE, and *PASS to the
 * passphrase to decrypt with.  A MAC that does not match is no error
 * yet: decode decides whether the passphrase or the file is wrong.  */
static gboolean
check_mac (gnutls_pkcs12_t p12, const char *passphrase, MacState *state,
           const char **pass, GError **error)
{
  int rc;

  *pass = passphrase;
  if (!read_mac_info (p12, state, error))
    return FALSE;
  if (*state == MAC_NONE)
    return TRUE;
  rc = verify_mac (p12, passphrase, pass);
  if (!rc)
    *state = MAC_GOOD;
  else if (rc != GNUTLS_E_MAC_VERIFY_FAILED)
    {
      set_gnutls_error (error, rc);
      return FALSE;
    }
  return TRUE;
}

/* Notes the encryption of BAG and decrypts it with PASS.  */
static gboolean
open_bag (gnutls_pkcs12_bag_t bag, const char *pass, MacState mac,
          Contents *c, GError **error)
{
  Pbe pbe = { 0 };
  unsigned int schema = 0;
  int rc;

  rc = read_pbe (bag, NULL, &schema, &pbe);
  if (!check_encryption (rc, schema, &pbe, GNUTLS_PKCS_PKCS12_3DES
                         | GNUTLS_PKCS_PKCS12_RC2_40, c, error))
    return FALSE;
  rc = gnutls_pkcs12_bag_decrypt (bag, pass);
  if (rc < 0)
    {
      set_decrypt_error (error, rc, mac);
      return FALSE;
    }
  c->decrypted = TRUE;
  return TRUE;
}

/* Whether a certificate C holds so far is on an elliptic curve GnuTLS
 * does not know (secp256k1, the Brainpool curves).  GnuTLS then fails to
 * decode the key as well, and says only that decryption failed, which
 * with a passphrase the MAC vouched for would make a sound file look
 * damaged.  OpenSSL writes the certificates before the key.  */
static gboolean
has_unknown_curve (const Contents *c)
{
  unsigned int bits;
  guint i;

  /* Only the key size, which needs the curve, tells.  */
  for (i = 0; i < c->certs->len; i++)
    if (gnutls_x509_crt_get_pk_algorithm (c->certs->pdata[i], &bits)
        == GNUTLS_E_ECC_UNSUPPORTED_CURVE)
      return TRUE;
  return FALSE;
}

/* Decodes the private key DER of a key bag, encrypted with PASS unless
 * PLAIN, into C.  */
static gboolean
read_key (const gnutls_datum_t *der, gboolean plain, const char *pass,
          MacState mac, Contents *c, GError **error)
{
  Pbe pbe = { 0 };
  unsigned int schema = 0;
  size_t id_len = sizeof c->key_id;
  int rc;

  if (!plain)
    {
      rc = read_pbe (NULL, der, &schema, &pbe);
      if (!check_encryption (rc, schema, &pbe, GNUTLS_PKCS_PKCS12_3DES, c,
                             error))
        return FALSE;
    }
  rc = gnutls_x509_privkey_init (&c->key);
  if (!rc)
    rc = gnutls_x509_privkey_import_pkcs8 (c->key, der, GNUTLS_X509_FMT_DER,
                                           plain ? NULL : pass,
                                           plain ? GNUTLS_PKCS_PLAIN : 0);
  if (!rc)
    rc = gnutls_x509_privkey_get_key_id (c->key, GNUTLS_KEYID_USE_SHA1,
                                         c->key_id, &id_len);
  if (rc < 0 && (rc == GNUTLS_E_ECC_UNSUPPORTED_CURVE
                 || ((plain || mac == MAC_GOOD) && has_unknown_curve (c))))
    {
      gsmime_set_error (error, GPG_ERR_UNKNOWN_CURVE,
                        _("The key in the PKCS#12 file is on an elliptic "
                          "curve that S/MIME certificates do not use; ask "
                          "for a key on P-256, P-384 or P-521, or an RSA "
                          "key"));
      return FALSE;
    }
  if (rc < 0)
    {
      if (plain)
        set_gnutls_error (error, rc);
      else
        set_decrypt_error (error, rc, mac);
      return FALSE;
    }
  c->decrypted = c->decrypted || !plain;
  return TRUE;
}

static gboolean
read_cert (const gnutls_datum_t *der, Contents *c, GError **error)
{
  g_auto (gnutls_x509_crt_t) crt = NULL;
  int rc;

  rc = gnutls_x509_crt_init (&crt);
  if (!rc)
    rc = gnutls_x509_crt_import (crt, der, GNUTLS_X509_FMT_DER);
  if (rc < 0)
    {
      set_damaged (error, gnutls_strerror (rc));
      return FALSE;
    }
  g_ptr_array_add (c->certs, g_steal_pointer (&crt));
  return TRUE;
}

/* Reads element I of BAG, a key bag.  ENCRYPTED says whether BAG came out
 * of an encrypted container: gpgsm reads a plain key bag only there.  */
static gboolean
read_key_element (gnutls_pkcs12_bag_t bag, int i, gboolean encrypted,
                  const char *pass, MacState mac, Contents *c,
                  GError **error)
{
  gboolean plain = gnutls_pkcs12_bag_get_type (bag, i) == GNUTLS_BAG_PKCS8_KEY;
  gnutls_datum_t der;
  char *name = NULL;

  if (c->key)
    {
      gsmime_set_error (error, GPG_ERR_AMBIGUOUS,
                        _("The PKCS#12 file holds more than one private key, "
                          "which cannot be imported together; export each "
                          "key with its certificate into a file of its own"));
      return FALSE;
    }
  if (plain && !encrypted)
    c->legacy = FALSE;
  gnutls_pkcs12_bag_get_data (bag, i, &der);
  if (!read_key (&der, plain, pass, mac, c, error))
    return FALSE;
  if (gnutls_pkcs12_bag_get_friendly_name (bag, i, &name) == 0 && name)
    c->key_name = g_strdup (name);
  return TRUE;
}

/* Reads the keys and certificates of BAG into C; other bags (CRLs,
 * secrets) are of no use to gpgsm and are left out.  */
static gboolean
read_bag (gnutls_pkcs12_bag_t bag, gboolean encrypted, const char *pass,
          MacState mac, Contents *c, GError **error)
{
  int i, n = gnutls_pkcs12_bag_get_count (bag);
  gnutls_datum_t der;

  if (n >= BAG_LIMIT)
    {
      gsmime_set_error (error, GPG_ERR_NOT_SUPPORTED,
                        _("The PKCS#12 file holds %d or more certificates "
                          "in one part, more than can be read here without "
                          "losing some; export fewer certificates with the "
                          "key"), BAG_LIMIT);
      return FALSE;
    }
  /* gpgsm reads only the first bag of a plain SafeContents.  */
  if (!encrypted && n > 1)
    c->legacy = FALSE;
  for (i = 0; i < n; i++)
    switch (gnutls_pkcs12_bag_get_type (bag, i))
      {
      case GNUTLS_BAG_PKCS8_KEY:
      case GNUTLS_BAG_PKCS8_ENCRYPTED_KEY:
        if (!read_key_element (bag, i, encrypted, pass, mac, c, error))
          return FALSE;
        break;
      case GNUTLS_BAG_CERTIFICATE:
        gnutls_pkcs12_bag_get_data (bag, i, &der);
        if (!read_cert (&der, c, error))
          return FALSE;
        break;
      default:
        break;
      }
  return TRUE;
}

/* Reads every bag of P12 into C, decrypting with PASS.  */
static gboolean
read_contents (gnutls_pkcs12_t p12, const char *pass, MacState mac,
               Contents *c, GError **error)
{
  int i, rc;

  for (i = 0;; i++)
    {
      g_auto (gnutls_pkcs12_bag_t) bag = NULL;
      gboolean encrypted;

      rc = gnutls_pkcs12_bag_init (&bag);
      if (!rc)
        rc = gnutls_pkcs12_get_bag (p12, i, bag);
      if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        return TRUE;
      if (rc < 0)
        {
          set_damaged (error, gnutls_strerror (rc));
          return FALSE;
        }
      encrypted = gnutls_pkcs12_bag_get_type (bag, 0) == GNUTLS_BAG_ENCRYPTED;
      if (encrypted && !open_bag (bag, pass, mac, c, error))
        return FALSE;
      if (!read_bag (bag, encrypted, pass, mac, c, error))
        return FALSE;
    }
}

/* Moves the key's certificate, if C has it, to the front of C's list, so
 * that it is written first and labelled like the key.  */
static void
key_cert_first (Contents *c)
{
  guchar id[sizeof c->key_id];
  guint i;

  for (i = 0; c->key && !c->key_cert && i < c->certs->len; i++)
    {
      size_t len = sizeof id;
      gpointer crt = g_ptr_array_index (c->certs, i);

      if (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA1, id, &len)
          || len != sizeof id || memcmp (id, c->key_id, sizeof id))
        continue;
      g_ptr_array_index (c->certs, i) = g_ptr_array_index (c->certs, 0);
      g_ptr_array_index (c->certs, 0) = crt;
      c->key_cert = TRUE;
    }
}

/* Reads P12 into C.  Unless the MAC has chosen the encoding of an empty
 * passphrase (see verify_mac), both are tried.  A MAC that does not
 * match is the passphrase's fault when nothing could be decrypted with
 * it, and the file's when everything could.  */
static gboolean
decode (gnutls_pkcs12_t p12, const char *passphrase, Contents *c,
        GError **error)
{
  g_autoptr (GError) local = NULL;
  const char *pass;
  MacState mac;
  gboolean ok;

  if (!check_total_work (p12, error)
      || !check_mac (p12, passphrase, &mac, &pass, error))
    return FALSE;
  if (mac != MAC_GOOD && !pass)
    pass = "";
  contents_init (c);
  ok = read_contents (p12, pass, mac, c, &local);
  if (!ok && mac != MAC_GOOD && !*pass
      && g_error_matches (local, GSMIME_ERROR, GPG_ERR_BAD_PASSPHRASE))
    {
      g_clear_error (&local);
      contents_clear (c);
      contents_init (c);
      ok = read_contents (p12, NULL, mac, c, &local);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (mac == MAC_BAD && c->decrypted)
    set_damaged (error, _("its integrity check failed"));
  else if (mac == MAC_BAD)
    set_bad_passphrase (error);
  return ok && mac != MAC_BAD;
}

/* gpgsm 2.2 reads only RSA keys from PKCS#12 files: it hands whatever
 * it found to the agent as RSA numbers and, for an EC key, crashes
 * (sm/import.c calls p12_parse without asking for the curve).  So the
 * legacy form is for RSA keys only; import.c gives EC keys to gpg-agent
 * itself.  */
static gboolean
check_key_algorithm (gnutls_x509_privkey_t key, GError **error)
{
  int algo = gnutls_x509_privkey_get_pk_algorithm2 (key, NULL);
  const char *name;

  if (algo == GNUTLS_PK_RSA)
    return TRUE;
  name = algo > 0 ? gnutls_pk_algorithm_get_name (algo) : NULL;
  gsmime_set_error (error, GPG_ERR_UNSUPPORTED_ALGORITHM,
                    _("The key in the PKCS#12 file is not an RSA key but "
                      "%s; gpgsm 2.2 imports only RSA keys from PKCS#12 "
                      "files"), name ? name : "?");
  return FALSE;
}

/* The friendly name NAME (UTF-8) as gnutls_pkcs12_bag_set_friendly_name
 * wants it.  GnuTLS 3.7 reads the BMPString into UTF-8 but writes each
 * byte of the name as one character, so only Latin-1 survives the trip;
 * other names are transliterated to ASCII (gpgsm ignores them anyway).  */
static char *
gnutls_friendly_name (const char *name)
{
  char *latin1 = g_convert (name, -1, "ISO-8859-1", "UTF-8", NULL, NULL,
                            NULL);

  if (latin1)
    return latin1;
  return g_str_to_ascii (name, "C");
}

/* Gives element I of BAG, the key or its certificate, the key's friendly
 * name and, when the file holds both, a localKeyId that links them.  gpgsm
 * 2.2 needs neither (it skips bag attributes and pairs key and
 * certificate by keygrip), but other readers do.  */
static int
label (gnutls_pkcs12_bag_t bag, int i, const Contents *c)
{
  gnutls_datum_t id = { (guchar *) c->key_id, sizeof c->key_id };
  g_autofree char *name = NULL;
  int rc = 0;

  if (c->key_cert)
    rc = gnutls_pkcs12_bag_set_key_id (bag, i, &id);
  if (!rc && c->key_name)
    {
      name = gnutls_friendly_name (c->key_name);
      rc = gnutls_pkcs12_bag_set_friendly_name (bag, i, name);
    }
  return rc;
}

/* TRUE when BLOCK + B + 1, B being A (20 bytes) repeated to 64 bytes, is
 * a 64-byte number that begins with a zero byte.  */
static gboolean
sum_starts_with_zero (const guchar *block, const guchar *a)
{
  unsigned int v = 0, carry = 1;
  int i;

  for (i = 63; i >= 0; i--)
    {
      v = block[i] + a[i % 20] + carry;
      carry = v >> 8;
    }
  return (v & 0xff) == 0;
}

/* TRUE when gpgsm 2.2 derives the right 3DES key from SALT, ITER and
 * PASS, the bytes gpgsm makes the BMPString of one by one (the ASCII or
 * ISO-8859-1 passphrase).  Its string_to_key (sm/minip12.c) needs a
 * second SHA-1 block for the 24-byte key; for that it adds B + 1 to each
 * 64-byte block of I and writes the sum back with gcry_mpi_print, which
 * drops leading zero bytes, so a sum that begins with a zero byte comes
 * out shifted and the key wrong: gpgsm then calls the right passphrase
 * wrong.  That happens for about one salt in 128.  This repeats the
 * derivation up to that point: D (64 bytes of ID 1), I = salt and
 * passphrase (as a BMPString with its NUL) each repeated to 64 bytes,
 * A = SHA-1^ITER (D || I), B = A repeated to 64 bytes.  */
static gboolean
gpgsm_derives_key (const guchar *salt, size_t salt_len, unsigned int iter,
                   const char *pass)
{
  guchar di[192], a[20], t[20];
  size_t i, j, pass_len = strlen (pass);
  unsigned int k;
  gboolean ok;

  memset (di, 1, 64);
  for (i = 0; i < 64; i++)
    di[64 + i] = salt[i % salt_len];
  for (i = j = 0; i < 64; i += 2, j = j < pass_len ? j + 1 : 0)
    {
      di[128 + i] = 0;
      di[128 + i + 1] = j < pass_len ? pass[j] : 0;
    }
  gnutls_hash_fast (GNUTLS_DIG_SHA1, di, sizeof di, a);
  for (k = 1; k < iter; k++)
    {
      gnutls_hash_fast (GNUTLS_DIG_SHA1, a, sizeof a, t);
      memcpy (a, t, sizeof a);
    }
  ok = !sum_starts_with_zero (di + 64, a) && !sum_starts_with_zero (di + 128,
                                                                     a);
  gnutls_memset (di, 0, sizeof di);
  return ok;
}

/* TRUE when gpgsm 2.2 decrypts BAG, fresh from add_bag, with TRANSIT.  */
static gboolean
bag_fits_gpgsm (gnutls_pkcs12_bag_t bag, const char *transit)
{
  guchar salt[64];
  unsigned int salt_len = sizeof salt, iter = 0;
  gnutls_datum_t d;
  int rc;

  if (gnutls_pkcs12_bag_get_type (bag, 0) == GNUTLS_BAG_ENCRYPTED)
    rc = gnutls_pkcs12_bag_enc_info (bag, NULL, NULL, salt, &salt_len, &iter,
                                     NULL);
  else
    {
      gnutls_pkcs12_bag_get_data (bag, 0, &d);
      rc = gnutls_pkcs8_info (&d, GNUTLS_X509_FMT_DER, NULL, NULL, salt,
                              &salt_len, &iter, NULL);
    }
  return rc == 0 && salt_len && gpgsm_derives_key (salt, salt_len, iter,
                                                   transit);
}

/* Fills BAG with the certificates FIRST... of C and encrypts it.  */
static int
make_cert_bag (gnutls_pkcs12_bag_t bag, const Contents *c, guint first,
               const char *transit)
{
  guint i;
  int rc = 0;

  for (i = first; rc >= 0 && i < c->certs->len && i < first + CERTS_PER_BAG;
       i++)
    {
      rc = gnutls_pkcs12_bag_set_crt (bag, g_ptr_array_index (c->certs, i));
      if (rc >= 0 && i == 0 && c->key_cert)
        rc = label (bag, rc, c);
    }
  if (rc >= 0)
    rc = gnutls_pkcs12_bag_encrypt (bag, transit, GNUTLS_PKCS_PKCS12_3DES);
  return rc;
}

/* Fills BAG with C's key, shrouded: it goes into a plain SafeContents of
 * its own, the layout gpgsm reads (parse_bag_data in sm/minip12.c).  */
static int
make_key_bag (gnutls_pkcs12_bag_t bag, const Contents *c, guint first,
              const char *transit)
{
  int rc;

  rc = gnutls_pkcs12_bag_set_privkey (bag, c->key, transit,
                                      GNUTLS_PKCS_PKCS12_3DES);
  return rc < 0 ? rc : label (bag, rc, c);
}

typedef int (*BagMaker) (gnutls_pkcs12_bag_t bag, const Contents *c,
                         guint first, const char *transit);

/* Adds to P12 a bag made by MAKE (with FIRST), made anew with a fresh
 * salt while gpgsm would derive a wrong key for it.  */
static int
add_bag (gnutls_pkcs12_t p12, BagMaker make, const Contents *c, guint first,
         const char *transit)
{
  int rc, attempt;

  for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      g_auto (gnutls_pkcs12_bag_t) bag = NULL;

      rc = gnutls_pkcs12_bag_init (&bag);
      if (!rc)
        rc = make (bag, c, first, transit);
      if (rc < 0)
        return rc;
      if (bag_fits_gpgsm (bag, transit))
        return gnutls_pkcs12_set_bag (p12, bag);
    }
  return GNUTLS_E_INTERNAL_ERROR;
}

/* Wipes and frees a GnuTLS datum, the free function of the result.  */
static void
datum_free (gpointer data)
{
  gnutls_datum_t *d = data;

  gnutls_memset (d->data, 0, d->size);
  gnutls_free (d->data);
  g_free (d);
}

/* Writes C as a legacy PKCS#12 under TRANSIT.  The MAC is SHA-1, which
 * is what gpgsm 2.2 and older readers know (gpgsm does not check it).  */
static GBytes *
write_legacy (const Contents *c, const char *transit, GError **error)
{
  g_auto (gnutls_pkcs12_t) p12 = NULL;
  gnutls_datum_t *der = g_new0 (gnutls_datum_t, 1);
  guint first;
  int rc;

  rc = gnutls_pkcs12_init (&p12);
  for (first = 0; !rc && first < c->certs->len; first += CERTS_PER_BAG)
    rc = add_bag (p12, make_cert_bag, c, first, transit);
  if (!rc && c->key)
    rc = add_bag (p12, make_key_bag, c, 0, transit);
  if (!rc)
    rc = gnutls_pkcs12_generate_mac2 (p12, GNUTLS_MAC_SHA1, transit);
  if (!rc)
    rc = gnutls_pkcs12_export2 (p12, GNUTLS_X509_FMT_DER, der);
  if (rc < 0)
    {
      datum_free (der);
      gsmime_set_error (error, GPG_ERR_GENERAL,
                        _("The certificate and key could not be written in "
                          "the form gpgsm reads (%s)"), gnutls_strerror (rc));
      return NULL;
    }
  return g_bytes_new_with_free_func (der->data, der->size, datum_free, der);
}

/* TRUE when S is printable ASCII of at most MAX bytes.  */
static gboolean
is_printable_ascii (const char *s, gsize max)
{
  gsize i;

  for (i = 0; s[i]; i++)
    if (i >= max || s[i] < 0x20 || s[i] > 0x7e)
      return FALSE;
  return TRUE;
}

/* TRUE when gpgsm 2.2 would import the file C came from as it is, with
 * PASSPHRASE.  gpgsm makes the BMPString of a passphrase byte by byte,
 * from its UTF-8 bytes first and then from their ISO-8859-1 form, among
 * other charsets (decrypt_block in sm/minip12.c); byte N becomes U+00NN,
 * which is the UTF-16 that OpenSSL and NSS write exactly for Latin-1
 * text.  And each 3DES part must be clear of the flaw in gpgsm's key
 * derivation (gpgsm_derives_key).  */
static gboolean
gpgsm_imports_as_is (const Contents *c, const char *passphrase)
{
  gsize len = 0;
  char *latin1;
  gboolean ok;
  guint i;

  if (!c->legacy)
    return FALSE;
  latin1 = g_convert (passphrase ? passphrase : "", -1, "ISO-8859-1",
                      "UTF-8", NULL, &len, NULL);
  ok = latin1 && len <= GPGSM_MAX_PASSPHRASE;
  for (i = 0; ok && i < c->des_parts->len; i++)
    {
      const Pbe *pbe = &g_array_index (c->des_parts, Pbe, i);

      ok = gpgsm_derives_key (pbe->salt, pbe->salt_len, pbe->iter, latin1);
    }
  if (latin1)
    gnutls_memset (latin1, 0, len);
  g_free (latin1);
  return ok;
}

/* gpgsm reads at most 128 KiB of a PKCS#12 file (MAX_P12OBJ_SIZE in
 * sm/import.c), and a key with its certificate and chain takes a few;
 * a file of a megabyte is not one a user exported.  */
#define MAX_FILE_SIZE (1024 * 1024)

static gboolean
check_transit (const char *transit, GError **error)
{
  if (transit && is_printable_ascii (transit, GPGSM_MAX_PASSPHRASE))
    return TRUE;
  gsmime_set_error (error, GPG_ERR_INV_ARG,
                    _("The transit passphrase for gpgsm must be "
                      "printable ASCII of at most %d characters"),
                    GPGSM_MAX_PASSPHRASE);
  return FALSE;
}

static gboolean
check_input (const guchar *data, gsize len, const char *passphrase,
             GError **error)
{
  if (passphrase && !g_utf8_validate (passphrase, -1, NULL))
    {
      gsmime_set_error (error, GPG_ERR_INV_ARG,
                        _("The passphrase is not valid UTF-8 text"));
      return FALSE;
    }
  if (!gsmime_pkcs12_probe (data, len))
    {
      gsmime_set_error (error, GPG_ERR_BAD_DATA,
                        _("This is not a PKCS#12 file (.p12 or .pfx); "
                          "export your certificate with its key in that "
                          "format and try again"));
      return FALSE;
    }
  if (len > MAX_FILE_SIZE)
    {
      gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                        _("The PKCS#12 file is %lu bytes long, more than "
                          "the %d a certificate with its key and chain "
                          "takes; export it again with only your key, its "
                          "certificate and the chain"),
                        (unsigned long) len, MAX_FILE_SIZE);
      return FALSE;
    }
  return TRUE;
}

struct _GsmimePkcs12
{
  Contents c;
};

GsmimePkcs12 *
gsmime_pkcs12_open (const guchar *data, gsize len, const char *passphrase,
                    GError **error)
{
  g_auto (gnutls_pkcs12_t) p12 = NULL;
  g_autoptr (GsmimePkcs12) out = g_new0 (GsmimePkcs12, 1);
  gnutls_datum_t der = { (guchar *) data, (unsigned int) len };
  int rc;

  if (!check_input (data, len, passphrase, error))
    return NULL;
  rc = gnutls_pkcs12_init (&p12);
  if (!rc)
    rc = gnutls_pkcs12_import (p12, &der, GNUTLS_X509_FMT_DER, 0);
  if (rc < 0)
    {
      set_damaged (error, gnutls_strerror (rc));
      return NULL;
    }
  if (!decode (p12, passphrase, &out->c, error))
    return NULL;
  if (!out->c.key && !out->c.certs->len)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The PKCS#12 file holds neither a key nor a "
                          "certificate"));
      return NULL;
    }
  key_cert_first (&out->c);
  return g_steal_pointer (&out);
}

void
gsmime_pkcs12_free (GsmimePkcs12 *p12)
{
  if (!p12)
    return;
  contents_clear (&p12->c);
  g_free (p12);
}

gnutls_x509_privkey_t
gsmime_pkcs12_key (const GsmimePkcs12 *p12)
{
  return p12->c.key;
}

GPtrArray *
gsmime_pkcs12_certificates (const GsmimePkcs12 *p12)
{
  return p12->c.certs;
}

gboolean
gsmime_pkcs12_has_key_certificate (const GsmimePkcs12 *p12)
{
  return p12->c.key_cert;
}

GBytes *
gsmime_pkcs12_write_legacy (const GsmimePkcs12 *p12, const char *passphrase,
                            const char *transit, GsmimePkcs12Info *info,
                            GError **error)
{
  const Contents *c = &p12->c;
  GBytes *result;

  if (!check_transit (transit, error)
      || (c->key && !check_key_algorithm (c->key, error)))
    return NULL;
  result = write_legacy (c, transit, error);
  if (result && info)
    {
      info->has_key = c->key != NULL;
      info->n_certs = c->certs->len;
      info->legacy = c->legacy;
      info->gpgsm_native = gpgsm_imports_as_is (c, passphrase);
    }
  return result;
}

GBytes *
gsmime_pkcs12_to_legacy (const guchar *data, gsize len,
                         const char *passphrase, const char *transit,
                         GsmimePkcs12Info *info, GError **error)
{
  g_autoptr (GsmimePkcs12) p12 = NULL;

  if (!check_transit (transit, error))
    return NULL;
  p12 = gsmime_pkcs12_open (data, len, passphrase, error);
  return p12 ? gsmime_pkcs12_write_legacy (p12, passphrase, transit, info,
                                           error)
             : NULL;
}
