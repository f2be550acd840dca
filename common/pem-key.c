/* pem-key.c - a PEM private key and its certificate made into a PKCS#12
 * file in memory. */
#include <config.h>
#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>
#include "pem-key.h"
#include "cert-bundle.h"
#include "error.h"
#include "i18n.h"

/* The key id GnuTLS computes from a public key; large enough for
 * SHA-256.  */
#define KEY_ID_SIZE 64

static gboolean
contains (const guchar *data, gsize len, const char *text)
{
  return g_strstr_len ((const char *) data, len, text) != NULL;
}

gboolean
gsmime_pem_key_is_encrypted (const guchar *data, gsize len)
{
  return contains (data, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----")
         || contains (data, len, "Proc-Type: 4,ENCRYPTED");
}

static gboolean
has_pem_key (const guchar *data, gsize len)
{
  return contains (data, len, "PRIVATE KEY-----");
}

static gnutls_x509_privkey_t
decode_key (GBytes *key, const char *passphrase, GError **error)
{
  gsize len;
  const guchar *data = g_bytes_get_data (key, &len);
  gnutls_datum_t d = { (unsigned char *) data, len };
  gnutls_x509_privkey_t out = NULL;
  gboolean encrypted = gsmime_pem_key_is_encrypted (data, len);
  int rc;

  if (!has_pem_key (data, len) || len > G_MAXUINT)
    {
      gsmime_set_error (error, GPG_ERR_NO_SECKEY,
                        _("The key file holds no PEM private key"));
      return NULL;
    }
  if (gnutls_x509_privkey_init (&out) < 0)
    {
      gsmime_set_error (error, GPG_ERR_ENOMEM, _("Out of memory"));
      return NULL;
    }
  rc = gnutls_x509_privkey_import2 (out, &d, GNUTLS_X509_FMT_PEM,
                                    encrypted ? passphrase : NULL,
                                    encrypted ? 0 : GNUTLS_PKCS_PLAIN);
  if (rc >= 0)
    return out;
  gnutls_x509_privkey_deinit (out);
  if (encrypted && (rc == GNUTLS_E_DECRYPTION_FAILED || !passphrase
                    || !*passphrase))
    gsmime_set_error (error, GPG_ERR_BAD_PASSPHRASE,
                      _("The passphrase does not open the private key"));
  else
    gsmime_set_error (error, GPG_ERR_INV_DATA,
                      _("The private key is damaged or in a form that "
                        "cannot be read (%s)"), gnutls_strerror (rc));
  return NULL;
}

/* The certificate in CERTS whose public key is KEY's, or NULL; its key
 * id in ID.  */
static gnutls_x509_crt_t
find_own (gnutls_x509_privkey_t key, GPtrArray *certs, guchar *id,
          size_t *id_size)
{
  guchar crt_id[KEY_ID_SIZE];
  guint i;

  if (gnutls_x509_privkey_get_key_id (key, GNUTLS_KEYID_USE_SHA256, id,
                                      id_size) < 0)
    return NULL;
  for (i = 0; i < certs->len; i++)
    {
      gnutls_x509_crt_t crt = g_ptr_array_index (certs, i);
      size_t size = sizeof crt_id;
      if (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, crt_id,
                                      &size) >= 0
          && size == *id_size && !memcmp (crt_id, id, size))
        return crt;
    }
  return NULL;
}

static void
wipe_and_free (gpointer data)
{
  GByteArray *bytes = data;

  explicit_bzero (bytes->data, bytes->len);
  g_byte_array_unref (bytes);
}

static void
wipe_datum (gnutls_datum_t *d)
{
  if (d->data)
    explicit_bzero (d->data, d->size);
  gnutls_free (d->data);
  d->data = NULL;
  d->size = 0;
}

/* Adds a bag to P12 holding DATA of TYPE (or the certificate CRT),
 * marked with the key id ID that pairs key and certificate.  */
static gboolean
add_bag (gnutls_pkcs12_t p12, gnutls_pkcs12_bag_type_t type,
         const gnutls_datum_t *data, gnutls_x509_crt_t crt,
         const gnutls_datum_t *id)
{
  gnutls_pkcs12_bag_t bag = NULL;
  int idx;
  gboolean ok = FALSE;

  if (gnutls_pkcs12_bag_init (&bag) < 0)
    return FALSE;
  idx = crt ? gnutls_pkcs12_bag_set_crt (bag, crt)
            : gnutls_pkcs12_bag_set_data (bag, type, data);
  if (idx >= 0 && gnutls_pkcs12_bag_set_key_id (bag, idx, id) >= 0
      && gnutls_pkcs12_set_bag (p12, bag) >= 0)
    ok = TRUE;
  gnutls_pkcs12_bag_deinit (bag);
  return ok;
}

static GBytes *
write_pkcs12 (gnutls_x509_privkey_t key, gnutls_x509_crt_t crt,
              const gnutls_datum_t *id, const char *passphrase)
{
  gboolean protect = passphrase && *passphrase;
  gnutls_datum_t key_der = { NULL, 0 }, out = { NULL, 0 };
  gnutls_pkcs12_t p12 = NULL;
  GByteArray *result = NULL;

  if (gnutls_pkcs12_init (&p12) < 0)
    return NULL;
  if (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_DER,
                                         protect ? passphrase : NULL,
                                         protect ? GNUTLS_PKCS_PBES2_AES_256
                                                 : GNUTLS_PKCS_PLAIN,
                                         &key_der) < 0
      || !add_bag (p12, 0, NULL, crt, id)
      || !add_bag (p12, protect ? GNUTLS_BAG_PKCS8_ENCRYPTED_KEY
                                : GNUTLS_BAG_PKCS8_KEY, &key_der, NULL, id)
      || gnutls_pkcs12_generate_mac2 (p12, GNUTLS_MAC_SHA256,
                                      protect ? passphrase : "") < 0
      || gnutls_pkcs12_export2 (p12, GNUTLS_X509_FMT_DER, &out) < 0)
    goto leave;
  result = g_byte_array_sized_new (out.size);
  g_byte_array_append (result, out.data, out.size);

leave:
  wipe_datum (&key_der);
  wipe_datum (&out);
  gnutls_pkcs12_deinit (p12);
  if (!result)
    return NULL;
  return g_bytes_new_with_free_func (result->data, result->len,
                                     wipe_and_free, result);
}

GBytes *
gsmime_pem_key_to_pkcs12 (GBytes *key, GBytes *certs, const char *passphrase,
                          GError **error)
{
  gnutls_x509_privkey_t k = decode_key (key, passphrase, error);
  g_autoptr (GPtrArray) list = NULL;
  guchar id[KEY_ID_SIZE];
  size_t id_size = sizeof id;
  gnutls_x509_crt_t own;
  GBytes *out = NULL;

  if (!k)
    return NULL;
  list = gsmime_cert_bundle_read (key);
  gsmime_cert_bundle_add (list, certs);
  own = find_own (k, list, id, &id_size);
  if (!own)
    gsmime_set_error (error, GPG_ERR_WRONG_SECKEY,
                      _("No certificate in the store belongs to the private "
                        "key"));
  else
    {
      gnutls_datum_t key_id = { id, id_size };
      out = write_pkcs12 (k, own, &key_id, passphrase);
      if (!out)
        gsmime_set_error (error, GPG_ERR_GENERAL,
                          _("GnuTLS could not write the key and its "
                            "certificate as PKCS#12"));
    }
  gnutls_x509_privkey_deinit (k);
  return out;
}
