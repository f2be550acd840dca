/* ec-key.c - an elliptic-curve private key in the form gpg-agent stores. */
#include <config.h>
#include <string.h>
#include <gnutls/gnutls.h>
#include "ec-key.h"
#include "error.h"
#include "i18n.h"
#include "wipe.h"

/* The curves S/MIME certificates use, by libgcrypt's names, which the
 * agent's S-expression carries, and the size of their numbers.  */
static const struct
{
  gnutls_ecc_curve_t curve;
  const char *name;
  gsize size;
} curves[] = {
  { GNUTLS_ECC_CURVE_SECP256R1, "NIST P-256", 32 },
  { GNUTLS_ECC_CURVE_SECP384R1, "NIST P-384", 48 },
  { GNUTLS_ECC_CURVE_SECP521R1, "NIST P-521", 66 },
};

gboolean
gsmime_ec_key_is_ecdsa (gnutls_x509_privkey_t key)
{
  return gnutls_x509_privkey_get_pk_algorithm2 (key, NULL) == GNUTLS_PK_ECDSA;
}

/* The numbers of an EC key, as GnuTLS hands them out.  */
typedef struct
{
  gnutls_ecc_curve_t curve;
  gnutls_datum_t x, y, k;
} Numbers;

static void
numbers_clear (Numbers *n)
{
  gnutls_free (n->x.data);
  gnutls_free (n->y.data);
  gsmime_wipe (n->k.data, n->k.size);
  gnutls_free (n->k.data);
  memset (n, 0, sizeof *n);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Numbers, numbers_clear)

/* The length of the number D without its leading zero bytes, which
 * GnuTLS adds where the top bit is set (as DER's INTEGER wants it).  */
static gsize
significant (const gnutls_datum_t *d)
{
  gsize skip = 0;

  while (skip < d->size && !d->data[skip])
    skip++;
  return d->size - skip;
}

/* Appends the number D left-padded with zero bytes to WIDTH, the fixed
 * width of the curve's numbers in the agent's S-expression.  */
static void
append_padded (GByteArray *out, const gnutls_datum_t *d, gsize width)
{
  static const guchar zero[8] = { 0 };
  gsize len = significant (d);
  gsize pad = width > len ? width - len : 0;

  for (; pad > 0; pad -= MIN (pad, sizeof zero))
    g_byte_array_append (out, zero, MIN (pad, sizeof zero));
  g_byte_array_append (out, d->data + d->size - len, len);
}

static void
append_text (GByteArray *out, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
append_text (GByteArray *out, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_byte_array_append (out, (const guchar *) text, strlen (text));
}

static void
wipe_array (gpointer data)
{
  GByteArray *array = data;

  gsmime_wipe (array->data, array->len);
  g_byte_array_unref (array);
}

/* The S-expression of N on the curve NAME, whose numbers are SIZE bytes
 * long.  OUT is big enough from the start, so that no reallocation
 * leaves a copy of the secret behind unwiped.  */
static GBytes *
write_sexp (const Numbers *n, const char *name, gsize size)
{
  GByteArray *out = g_byte_array_sized_new (96 + 4 * size);
  static const guchar uncompressed = 0x04;
  static const guchar zero[8] = { 0 };

  append_text (out, "(11:private-key(3:ecc(5:curve%" G_GSIZE_FORMAT ":%s)"
               "(1:q%" G_GSIZE_FORMAT ":", strlen (name), name, 1 + 2 * size);
  g_byte_array_append (out, &uncompressed, 1);
  append_padded (out, &n->x, size);
  append_padded (out, &n->y, size);
  append_text (out, ")(1:d%" G_GSIZE_FORMAT ":", size);
  append_padded (out, &n->k, size);
  append_text (out, ")))");
  g_byte_array_append (out, zero, (8 - out->len % 8) % 8);
  return g_bytes_new_with_free_func (out->data, out->len, wipe_array, out);
}

static void
set_curve_error (GError **error, gnutls_ecc_curve_t curve)
{
  const char *name = gnutls_ecc_curve_get_name (curve);

  gsmime_set_error (error, GPG_ERR_UNKNOWN_CURVE,
                    _("The key is on the elliptic curve %s, which S/MIME "
                      "certificates do not use; ask for a key on P-256, "
                      "P-384 or P-521, or an RSA key"),
                    name ? name : "?");
}

GBytes *
gsmime_ec_key_sexp (gnutls_x509_privkey_t key, GError **error)
{
  g_auto (Numbers) n = { 0 };
  guint i;
  int rc;

  rc = gnutls_x509_privkey_export_ecc_raw (key, &n.curve, &n.x, &n.y, &n.k);
  if (rc < 0)
    {
      gsmime_set_error (error, GPG_ERR_INV_DATA,
                        _("The elliptic-curve key cannot be read (%s)"),
                        gnutls_strerror (rc));
      return NULL;
    }
  for (i = 0; i < G_N_ELEMENTS (curves) && curves[i].curve != n.curve; i++)
    ;
  if (i == G_N_ELEMENTS (curves))
    {
      set_curve_error (error, n.curve);
      return NULL;
    }
  /* GnuTLS checks that the point lies on the curve and that the secret
   * gives that point; a number longer than the curve fails there too.  */
  if (significant (&n.x) > curves[i].size
      || significant (&n.y) > curves[i].size
      || significant (&n.k) > curves[i].size
      || gnutls_x509_privkey_verify_params (key) < 0)
    {
      gsmime_set_error (error, GPG_ERR_BAD_SECKEY,
                        _("The elliptic-curve key is damaged: its public "
                          "point is not the one its secret gives on %s; "
                          "export the key again"), curves[i].name);
      return NULL;
    }
  return write_sexp (&n, curves[i].name, curves[i].size);
}
