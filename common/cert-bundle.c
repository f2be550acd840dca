/* cert-bundle.c - the certificates of a file, read with GnuTLS. */
#include <config.h>
#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include "cert-bundle.h"
#include "pem.h"

GPtrArray *
gsmime_cert_bundle_new (void)
{
  return g_ptr_array_new_with_free_func (
    (GDestroyNotify) gnutls_x509_crt_deinit);
}

/* Adds the DER certificate of LEN bytes at DER to BUNDLE; what GnuTLS
 * cannot read is passed over.  */
static void
add_der (GPtrArray *bundle, const guchar *der, gsize len)
{
  gnutls_datum_t d = { (unsigned char *) der, (unsigned int) len };
  gnutls_x509_crt_t one = NULL;

  if (len > G_MAXUINT || gnutls_x509_crt_init (&one) < 0)
    return;
  if (gnutls_x509_crt_import (one, &d, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (one);
      return;
    }
  g_ptr_array_add (bundle, one);
}

void
gsmime_cert_bundle_add (GPtrArray *bundle, GBytes *data)
{
  gsize len;
  const guchar *bytes = data ? g_bytes_get_data (data, &len) : NULL;
  g_autoptr (GPtrArray) blocks = NULL;
  guint i;

  if (!bytes || !len)
    return;
  if (bytes[0] == 0x30 || !gsmime_pem_find (bytes, len))
    {
      add_der (bundle, bytes, len);
      return;
    }
  blocks = gsmime_pem_read (bytes, len, NULL);
  for (i = 0; blocks && i < blocks->len; i++)
    {
      const GsmimePemBlock *b = g_ptr_array_index (blocks, i);
      if (b->kind == GSMIME_PEM_CERTIFICATE)
        add_der (bundle, g_bytes_get_data (b->der, NULL),
                 g_bytes_get_size (b->der));
    }
}

GPtrArray *
gsmime_cert_bundle_read (GBytes *data)
{
  GPtrArray *bundle = gsmime_cert_bundle_new ();

  gsmime_cert_bundle_add (bundle, data);
  return bundle;
}

char **
gsmime_cert_bundle_fingerprints (GBytes *data)
{
  g_autoptr (GPtrArray) bundle = gsmime_cert_bundle_read (data);
  GPtrArray *out = g_ptr_array_new ();
  guint i;

  for (i = 0; i < bundle->len; i++)
    {
      guchar sha1[20];
      char hex[2 * sizeof sha1 + 1];
      size_t size = sizeof sha1, j;

      if (gnutls_x509_crt_get_fingerprint (g_ptr_array_index (bundle, i),
                                           GNUTLS_DIG_SHA1, sha1, &size) < 0
          || size != sizeof sha1)
        continue;
      for (j = 0; j < size; j++)
        g_snprintf (hex + 2 * j, 3, "%02X", sha1[j]);
      g_ptr_array_add (out, g_strdup (hex));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static void
add_email (GPtrArray *emails, const char *email)
{
  g_autofree char *lower = g_ascii_strdown (email, -1);
  guint i;

  for (i = 0; i < emails->len; i++)
    if (!strcmp (g_ptr_array_index (emails, i), lower))
      return;
  g_ptr_array_add (emails, g_steal_pointer (&lower));
}

/* The addresses of CRT: rfc822Name alternative names and the old
 * emailAddress attribute of the subject.  */
static void
crt_emails (gnutls_x509_crt_t crt, GPtrArray *emails)
{
  char buf[1024];
  size_t size;
  unsigned int seq;
  int type;

  for (seq = 0;; seq++)
    {
      size = sizeof buf - 1;
      type = gnutls_x509_crt_get_subject_alt_name (crt, seq, buf, &size, NULL);
      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (type == GNUTLS_SAN_RFC822NAME)
        {
          buf[size] = '\0';
          add_email (emails, buf);
        }
    }
  for (seq = 0;; seq++)
    {
      size = sizeof buf;
      if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_PKCS9_EMAIL, seq, 0,
                                         buf, &size) < 0)
        break;
      add_email (emails, buf);
    }
}

char **
gsmime_cert_bundle_emails (GBytes *data)
{
  g_autoptr (GPtrArray) bundle = gsmime_cert_bundle_read (data);
  GPtrArray *emails;
  guint i;

  if (!bundle->len)
    return NULL;
  emails = g_ptr_array_new ();
  for (i = 0; i < bundle->len; i++)
    crt_emails (g_ptr_array_index (bundle, i), emails);
  g_ptr_array_add (emails, NULL);
  return (char **) g_ptr_array_free (emails, FALSE);
}
