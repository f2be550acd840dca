/* test-pkcs7-kind.c - what a pkcs7-mime part holds (common/pkcs7-kind.c):
 * the smime-type parameter when there is one, else the content type OID
 * at the start of the DER, through its transfer encoding.  The Claws
 * plugin once took every part without smime-type for enveloped-data,
 * while the reader looked; both now ask this one function.  */
#include <string.h>
#include "pkcs7-kind.h"

/* The start of a ContentInfo: SEQUENCE, then the OID
 * 1.2.840.113549.1.7.LAST (2: signed-data, 3: enveloped-data).  */
static GMimeStream *
content_info (guchar last, gboolean base64)
{
  guchar der[] = { 0x30, 0x82, 0x01, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48,
                   0x86, 0xf7, 0x0d, 0x01, 0x07, 0x00, 0xa0, 0x80, 0x30,
                   0x80, 0x02, 0x01, 0x01, 0x31, 0x00 };
  g_autofree char *text = NULL;

  der[14] = last;
  if (!base64)
    return g_mime_stream_mem_new_with_buffer ((const char *) der, sizeof der);
  text = g_base64_encode (der, sizeof der);
  return g_mime_stream_mem_new_with_buffer (text, strlen (text));
}

/* The parameter decides, whatever the content.  */
static void
test_parameter (void)
{
  g_autoptr (GMimeStream) sig = content_info (0x02, FALSE);

  g_assert_cmpint (gsmime_pkcs7_kind ("signed-data", NULL,
                                      GMIME_CONTENT_ENCODING_DEFAULT),
                   ==, GSMIME_PKCS7_SIGNED);
  g_assert_cmpint (gsmime_pkcs7_kind ("Enveloped-Data", sig,
                                      GMIME_CONTENT_ENCODING_DEFAULT),
                   ==, GSMIME_PKCS7_ENVELOPED);
  g_assert_cmpint (gsmime_pkcs7_kind ("authEnveloped-data", NULL,
                                      GMIME_CONTENT_ENCODING_DEFAULT),
                   ==, GSMIME_PKCS7_ENVELOPED);
  g_assert_cmpint (gsmime_pkcs7_kind ("certs-only", sig,
                                      GMIME_CONTENT_ENCODING_DEFAULT),
                   ==, GSMIME_PKCS7_OTHER);
}

/* Without the parameter, signed-data is recognised by its OID, in DER
 * as it is and behind base64, which is how mail carries it.  */
static void
test_sniffed (void)
{
  g_autoptr (GMimeStream) der = content_info (0x02, FALSE);
  g_autoptr (GMimeStream) b64 = content_info (0x02, TRUE);
  g_autoptr (GMimeStream) env = content_info (0x03, TRUE);

  g_assert_cmpint (gsmime_pkcs7_kind (NULL, der,
                                      GMIME_CONTENT_ENCODING_DEFAULT),
                   ==, GSMIME_PKCS7_SIGNED);
  g_assert_cmpint (gsmime_pkcs7_kind (NULL, b64,
                                      GMIME_CONTENT_ENCODING_BASE64),
                   ==, GSMIME_PKCS7_SIGNED);
  g_assert_cmpint (gsmime_pkcs7_kind (NULL, env,
                                      GMIME_CONTENT_ENCODING_BASE64),
                   ==, GSMIME_PKCS7_ENVELOPED);
}

/* compressed-data (RFC 3274) is named by its parameter, or recognised
 * by its OID 1.2.840.113549.1.9.16.1.9; it is read, not decrypted.  */
static void
test_compressed (void)
{
  static const guchar der[] = { 0x30, 0x80, 0x06, 0x0b, 0x2a, 0x86, 0x48,
                                0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01,
                                0x09, 0xa0, 0x80, 0x30, 0x80, 0x02, 0x01,
                                0x00 };
  g_autofree char *text = g_base64_encode (der, sizeof der);
  g_autoptr (GMimeStream) b64 =
    g_mime_stream_mem_new_with_buffer (text, strlen (text));

  g_assert_cmpint (gsmime_pkcs7_kind ("compressed-data", NULL,
                                      GMIME_CONTENT_ENCODING_DEFAULT),
                   ==, GSMIME_PKCS7_COMPRESSED);
  g_assert_cmpint (gsmime_pkcs7_kind (NULL, b64,
                                      GMIME_CONTENT_ENCODING_BASE64),
                   ==, GSMIME_PKCS7_COMPRESSED);
}

/* Content that cannot be had or read is taken for enveloped-data.  */
static void
test_unknown (void)
{
  g_autoptr (GMimeStream) empty = g_mime_stream_mem_new ();

  g_assert_cmpint (gsmime_pkcs7_kind (NULL, NULL,
                                      GMIME_CONTENT_ENCODING_DEFAULT),
                   ==, GSMIME_PKCS7_ENVELOPED);
  g_assert_cmpint (gsmime_pkcs7_kind (NULL, empty,
                                      GMIME_CONTENT_ENCODING_BASE64),
                   ==, GSMIME_PKCS7_ENVELOPED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_mime_init ();
  g_test_add_func ("/pkcs7-kind/parameter", test_parameter);
  g_test_add_func ("/pkcs7-kind/sniffed", test_sniffed);
  g_test_add_func ("/pkcs7-kind/compressed", test_compressed);
  g_test_add_func ("/pkcs7-kind/unknown", test_unknown);
  return g_test_run ();
}
