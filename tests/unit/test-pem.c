/* test-pem.c - the PEM blocks of certificate files as authorities and
 * tools write them: after a text dump, with CRLF, several with text
 * between them, TRUSTED CERTIFICATE, and blocks that are no certificate.
 * The reader looks at the outline of what a block holds, not at the
 * certificate, so a SEQUENCE of the right shape stands in for one here;
 * the real ones go through tests/integration/certificates.sh.  */
#include <string.h>
#include "error.h"
#include "pem.h"

/* A DER SEQUENCE with a two-byte length, LEN bytes of contents after
 * the header, filled with SEED.  */
static GBytes *
fake_der (gsize len, guchar seed)
{
  guchar *d = g_malloc (4 + len);
  gsize i;

  d[0] = 0x30;
  d[1] = 0x82;
  d[2] = len >> 8;
  d[3] = len & 0xff;
  for (i = 0; i < len; i++)
    d[4 + i] = (guchar) (seed + i);
  return g_bytes_new_take (d, 4 + len);
}

/* DER as a PEM block labelled LABEL, lines of 64 characters ending in
 * EOL.  */
static void
append_block (GString *s, const char *label, GBytes *der, const char *eol)
{
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (der, NULL),
                                          g_bytes_get_size (der));
  gsize i, n = strlen (b64);

  g_string_append_printf (s, "-----BEGIN %s-----%s", label, eol);
  for (i = 0; i < n; i += 64)
    {
      g_string_append_len (s, b64 + i, MIN (64, n - i));
      g_string_append (s, eol);
    }
  g_string_append_printf (s, "-----END %s-----%s", label, eol);
}

static GPtrArray *
read_ok (GString *s)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *blocks;

  g_assert_true (gsmime_pem_find ((const guchar *) s->str, s->len));
  blocks = gsmime_pem_read ((const guchar *) s->str, s->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (blocks);
  return blocks;
}

static GsmimePemBlock *
block (GPtrArray *blocks, guint i)
{
  return g_ptr_array_index (blocks, i);
}

/* `openssl ca` output: a text dump whose first line looks like a header
 * field, then the block, with CRLF as a Windows copy has it.  */
static void
test_text_dump_crlf (void)
{
  g_autoptr (GBytes) der = fake_der (300, 1);
  g_autoptr (GString) s = g_string_new (
    "Certificate:\r\n    Data:\r\n        Version: 3 (0x2)\r\n"
    "        Serial Number: 8203 (0x200b)\r\n");
  g_autoptr (GPtrArray) blocks = NULL;

  append_block (s, "CERTIFICATE", der, "\r\n");
  blocks = read_ok (s);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (block (blocks, 0)->kind, ==, GSMIME_PEM_CERTIFICATE);
  g_assert_cmpuint (block (blocks, 0)->line, ==, 5);
  g_assert_true (g_bytes_equal (block (blocks, 0)->der, der));
}

/* A bundle of three with text between, one indented as pasted from a
 * web page, under the labels OpenSSL writes and reads.  */
static void
test_bundle_with_text (void)
{
  g_autoptr (GBytes) a = fake_der (200, 2);
  g_autoptr (GBytes) b = fake_der (210, 3);
  g_autoptr (GBytes) c = fake_der (220, 4);
  g_autoptr (GString) s = g_string_new ("subject=CN = Alice\nissuer=CN = CA\n");
  g_autoptr (GString) indented = g_string_new (NULL);
  g_autoptr (GPtrArray) blocks = NULL;
  g_auto (GStrv) lines = NULL;
  char **l;

  append_block (s, "CERTIFICATE", a, "\n");
  g_string_append (s, "\nThe intermediate:\n\n");
  append_block (s, "X509 CERTIFICATE", b, "\n");
  g_string_append (s, "-- and the root --\n");
  append_block (indented, "CERTIFICATE", c, "\n");
  lines = g_strsplit (indented->str, "\n", -1);
  for (l = lines; *l && **l; l++)
    g_string_append_printf (s, "    %s\n", *l);
  g_string_append (s, "trailing words\n");
  blocks = read_ok (s);
  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_true (g_bytes_equal (block (blocks, 0)->der, a));
  g_assert_true (g_bytes_equal (block (blocks, 1)->der, b));
  g_assert_true (g_bytes_equal (block (blocks, 2)->der, c));
  g_assert_cmpuint (block (blocks, 2)->number, ==, 3);
  g_assert_cmpstr (block (blocks, 1)->label, ==, "X509 CERTIFICATE");
}

/* TRUSTED CERTIFICATE: the certificate, then OpenSSL's trust settings,
 * which gpgsm must not see as a second certificate.  */
static void
test_trusted (void)
{
  g_autoptr (GBytes) cert = fake_der (250, 5);
  static const guchar aux[] = { 0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b,
                                0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04 };
  GByteArray *both = g_byte_array_new ();
  g_autoptr (GBytes) trusted = NULL;
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GPtrArray) blocks = NULL;

  g_byte_array_append (both, g_bytes_get_data (cert, NULL),
                       g_bytes_get_size (cert));
  g_byte_array_append (both, aux, sizeof aux);
  trusted = g_byte_array_free_to_bytes (both);
  append_block (s, "TRUSTED CERTIFICATE", trusted, "\n");
  blocks = read_ok (s);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (block (blocks, 0)->kind, ==, GSMIME_PEM_CERTIFICATE);
  g_assert_true (g_bytes_equal (block (blocks, 0)->der, cert));
}

/* A key and a CRL beside a certificate: named, never decoded.  RFC 1421
 * header lines inside a block are skipped.  */
static void
test_other_blocks (void)
{
  g_autoptr (GBytes) cert = fake_der (100, 6);
  g_autoptr (GBytes) p7 = fake_der (120, 7);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GPtrArray) blocks = NULL;

  append_block (s, "CERTIFICATE", cert, "\n");
  g_string_append (s, "-----BEGIN RSA PRIVATE KEY-----\n"
                      "Proc-Type: 4,ENCRYPTED\n"
                      "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n"
                      "\n"
                      "not even base64 !!! but never read\n"
                      "-----END RSA PRIVATE KEY-----\n");
  append_block (s, "PKCS7", p7, "\n");
  g_string_append (s, "-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n");
  blocks = read_ok (s);
  g_assert_cmpuint (blocks->len, ==, 4);
  g_assert_cmpint (block (blocks, 1)->kind, ==, GSMIME_PEM_OTHER);
  g_assert_cmpstr (block (blocks, 1)->label, ==, "RSA PRIVATE KEY");
  g_assert_null (block (blocks, 1)->der);
  g_assert_cmpint (block (blocks, 2)->kind, ==, GSMIME_PEM_PKCS7);
  g_assert_true (g_bytes_equal (block (blocks, 2)->der, p7));
  g_assert_cmpint (block (blocks, 3)->kind, ==, GSMIME_PEM_OTHER);
  g_assert_cmpstr (block (blocks, 3)->label, ==, "X509 CRL");
  g_assert_cmpuint (block (blocks, 3)->number, ==, 4);
}

static void
assert_refused (GString *s, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) blocks =
    gsmime_pem_read ((const guchar *) s->str, s->len, &error);

  g_assert_null (blocks);
  g_assert_error (error, GSMIME_ERROR, GPG_ERR_BAD_DATA);
  g_assert_nonnull (strstr (error->message, words));
}

/* Damage on the way is refused, saying which block.  */
static void
test_damaged (void)
{
  g_autoptr (GBytes) cert = fake_der (100, 8);
  g_autoptr (GBytes) cut = g_bytes_new_from_bytes (cert, 0, 60);
  g_autoptr (GString) garbage = g_string_new (NULL);
  g_autoptr (GString) short_der = g_string_new (NULL);
  g_autoptr (GString) no_end = g_string_new (NULL);

  append_block (garbage, "CERTIFICATE", cert, "\n");
  g_string_append (garbage, "-----BEGIN CERTIFICATE-----\n"
                            "This is not base64; +++ !!!\n"
                            "-----END CERTIFICATE-----\n");
  assert_refused (garbage, "PEM block 2 of the file is damaged");

  append_block (short_der, "CERTIFICATE", cut, "\n");
  assert_refused (short_der, "PEM block 1 of the file (CERTIFICATE, line 1)");

  append_block (no_end, "CERTIFICATE", cert, "\n");
  g_string_append (no_end, "-----BEGIN CERTIFICATE-----\nMIIB\n");
  assert_refused (no_end, "PEM block 2 of the file has no END line");
}

/* Text without a BEGIN line holds no block; a label of control
 * characters is shown printable.  */
static void
test_find_and_label (void)
{
  static const char plain[] = "Certificate:\n    Data:\n-----END X-----\n";
  static const char odd[] = "-----BEGIN \001\002KEY-----\nMIIB\n"
                            "-----END KEY-----\n";
  g_autoptr (GPtrArray) blocks = NULL;

  g_assert_false (gsmime_pem_find ((const guchar *) plain, strlen (plain)));
  g_assert_false (gsmime_pem_find (NULL, 0));
  blocks = gsmime_pem_read ((const guchar *) odd, strlen (odd), NULL);
  g_assert_nonnull (blocks);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpstr (block (blocks, 0)->label, ==, "??KEY");
  g_assert_cmpint (block (blocks, 0)->kind, ==, GSMIME_PEM_OTHER);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pem/text-dump-crlf", test_text_dump_crlf);
  g_test_add_func ("/pem/bundle-with-text", test_bundle_with_text);
  g_test_add_func ("/pem/trusted", test_trusted);
  g_test_add_func ("/pem/other-blocks", test_other_blocks);
  g_test_add_func ("/pem/damaged", test_damaged);
  g_test_add_func ("/pem/find-and-label", test_find_and_label);
  return g_test_run ();
}
