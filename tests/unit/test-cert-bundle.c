/* test-cert-bundle.c - the certificates of a file as the core reads them
 * with GnuTLS: a PEM bundle with text, a key and a CRL beside the
 * certificates, one DER certificate, and garbage; their fingerprints as
 * gpgsm writes them, and the addresses they are for.  The certificates
 * are made here with GnuTLS, with throwaway keys.  */
#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include "cert-bundle.h"

typedef struct
{
  GBytes *der;
  char *pem;
  char *sha1;     /* 40 upper-case hex digits */
} Cert;

/* A self-signed certificate for CN=NAME with SERIAL, carrying the
 * rfc822Name SAN_EMAIL and, when given, the emailAddress DN_EMAIL.  */
static void
make_cert (Cert *c, const char *name, guchar serial, const char *san_email,
           const char *dn_email)
{
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;
  gnutls_datum_t der = { NULL, 0 }, pem = { NULL, 0 };
  guchar sha1[20];
  size_t size = sizeof sha1, i;
  GString *hex = g_string_new (NULL);

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (
                                                   GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  gnutls_x509_crt_set_version (crt, 3);
  gnutls_x509_crt_set_serial (crt, &serial, 1);
  gnutls_x509_crt_set_activation_time (crt, time (NULL) - 60);
  gnutls_x509_crt_set_expiration_time (crt, time (NULL) + 3600);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (
                     crt, GNUTLS_OID_X520_COMMON_NAME, 0, name, strlen (name)),
                   ==, 0);
  if (dn_email)
    g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (
                       crt, GNUTLS_OID_PKCS9_EMAIL, 0, dn_email,
                       strlen (dn_email)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (
                     crt, GNUTLS_SAN_RFC822NAME, san_email, strlen (san_email),
                     GNUTLS_FSAN_SET), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0),
                   ==, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der),
                   ==, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem),
                   ==, 0);
  g_assert_cmpint (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA1, sha1,
                                                    &size), ==, 0);
  for (i = 0; i < size; i++)
    g_string_append_printf (hex, "%02X", sha1[i]);
  c->der = g_bytes_new (der.data, der.size);
  c->pem = g_strndup ((const char *) pem.data, pem.size);
  c->sha1 = g_string_free (hex, FALSE);
  gnutls_free (der.data);
  gnutls_free (pem.data);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
}

static void
cert_clear (Cert *c)
{
  g_bytes_unref (c->der);
  g_free (c->pem);
  g_free (c->sha1);
}

static Cert alice, bob;

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* What `openssl x509 -text` puts before a block, a key and a CRL between
 * the certificates: the two certificates are read, in order.  */
static void
test_pem_bundle (void)
{
  g_autofree char *text = g_strconcat (
    "Certificate:\n    Data:\n        Version: 3 (0x2)\n", alice.pem,
    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    "a note between them\r\n", bob.pem,
    "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n", NULL);
  g_autoptr (GBytes) data = text_bytes (text);
  g_auto (GStrv) fprs = gsmime_cert_bundle_fingerprints (data);

  g_assert_cmpuint (g_strv_length (fprs), ==, 2);
  g_assert_cmpstr (fprs[0], ==, alice.sha1);
  g_assert_cmpstr (fprs[1], ==, bob.sha1);
}

static void
test_der (void)
{
  g_autoptr (GPtrArray) bundle = gsmime_cert_bundle_read (alice.der);
  g_auto (GStrv) fprs = gsmime_cert_bundle_fingerprints (alice.der);

  g_assert_cmpuint (bundle->len, ==, 1);
  g_assert_cmpuint (g_strv_length (fprs), ==, 1);
  g_assert_cmpstr (fprs[0], ==, alice.sha1);
}

/* A bundle grows by what each file adds.  */
static void
test_add (void)
{
  g_autoptr (GBytes) pem = text_bytes (bob.pem);
  g_autoptr (GPtrArray) bundle = gsmime_cert_bundle_read (alice.der);

  gsmime_cert_bundle_add (bundle, pem);
  gsmime_cert_bundle_add (bundle, NULL);
  g_assert_cmpuint (bundle->len, ==, 2);
}

static void
test_garbage (void)
{
  g_autoptr (GBytes) junk = g_bytes_new_static ("\x30\x03\x02\x01\x00", 5);
  g_autoptr (GBytes) text = text_bytes ("no certificate here\n");
  g_autoptr (GBytes) key = text_bytes ("-----BEGIN PRIVATE KEY-----\nAAAA\n"
                                       "-----END PRIVATE KEY-----\n");
  GBytes *all[] = { junk, text, key, NULL };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autoptr (GPtrArray) bundle = gsmime_cert_bundle_read (all[i]);
      g_auto (GStrv) fprs = gsmime_cert_bundle_fingerprints (all[i]);

      g_assert_cmpuint (bundle->len, ==, 0);
      g_assert_cmpuint (g_strv_length (fprs), ==, 0);
      g_assert_null (gsmime_cert_bundle_emails (all[i]));
    }
}

/* Alternative names and the subject's emailAddress, lower case, each
 * once across the bundle; a certificate without one still counts.  */
static void
test_emails (void)
{
  g_autofree char *text = g_strconcat (alice.pem, bob.pem, NULL);
  g_autoptr (GBytes) data = text_bytes (text);
  g_auto (GStrv) emails = gsmime_cert_bundle_emails (data);
  g_autoptr (GBytes) one = text_bytes (bob.pem);
  g_auto (GStrv) bobs = gsmime_cert_bundle_emails (one);

  g_assert_nonnull (emails);
  g_assert_cmpuint (g_strv_length (emails), ==, 3);
  g_assert_cmpstr (emails[0], ==, "alice@example.org");
  g_assert_cmpstr (emails[1], ==, "alice.old@example.org");
  g_assert_cmpstr (emails[2], ==, "bob@example.org");
  g_assert_cmpuint (g_strv_length (bobs), ==, 1);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  make_cert (&alice, "Alice", 1, "Alice@Example.org",
             "alice.old@example.org");
  make_cert (&bob, "Bob", 2, "bob@example.org", "BOB@example.org");
  g_test_add_func ("/cert-bundle/pem-bundle", test_pem_bundle);
  g_test_add_func ("/cert-bundle/der", test_der);
  g_test_add_func ("/cert-bundle/add", test_add);
  g_test_add_func ("/cert-bundle/garbage", test_garbage);
  g_test_add_func ("/cert-bundle/emails", test_emails);
  status = g_test_run ();
  cert_clear (&alice);
  cert_clear (&bob);
  return status;
}
