/* pkcs7-kind.c - which kind of CMS object an application/pkcs7-mime part
 * holds, by one rule for every reader.  */
#include <config.h>
#include <string.h>
#include "pkcs7-kind.h"

/* The content type OIDs id-signedData (1.2.840.113549.1.7.2) and
 * id-ct-compressedData (1.2.840.113549.1.9.16.1.9), DER.  */
static const guchar signed_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                     0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const guchar compressed_oid[] = { 0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86,
                                         0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01,
                                         0x09 };

static GsmimePkcs7Kind
kind_named (const char *smime_type)
{
  if (!g_ascii_strcasecmp (smime_type, "enveloped-data")
      || !g_ascii_strcasecmp (smime_type, "authEnveloped-data"))
    return GSMIME_PKCS7_ENVELOPED;
  if (!g_ascii_strcasecmp (smime_type, "signed-data"))
    return GSMIME_PKCS7_SIGNED;
  if (!g_ascii_strcasecmp (smime_type, "compressed-data"))
    return GSMIME_PKCS7_COMPRESSED;
  return GSMIME_PKCS7_OTHER;
}

/* The kind the first bytes of CONTENT, its transfer ENCODING undone,
 * name: signed-data, compressed-data, else enveloped-data.  The OID sits
 * within the first few bytes of the outer ContentInfo, whatever the
 * length encoding.  */
static GsmimePkcs7Kind
kind_named_inside (GMimeStream *content, GMimeContentEncoding encoding)
{
  g_autoptr (GMimeStream) decoded = NULL;
  guchar head[64];
  ssize_t n;

  if (!content)
    return GSMIME_PKCS7_ENVELOPED;
  decoded = g_mime_stream_filter_new (content);
  if (encoding == GMIME_CONTENT_ENCODING_BASE64
      || encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE
      || encoding == GMIME_CONTENT_ENCODING_UUENCODE)
    {
      g_autoptr (GMimeFilter) filter = g_mime_filter_basic_new (encoding,
                                                                FALSE);
      g_mime_stream_filter_add (GMIME_STREAM_FILTER (decoded), filter);
    }
  n = g_mime_stream_read (decoded, (char *) head, sizeof head);
  if (n > 0 && memmem (head, n, signed_oid, sizeof signed_oid))
    return GSMIME_PKCS7_SIGNED;
  if (n > 0 && memmem (head, n, compressed_oid, sizeof compressed_oid))
    return GSMIME_PKCS7_COMPRESSED;
  return GSMIME_PKCS7_ENVELOPED;
}

GsmimePkcs7Kind
gsmime_pkcs7_kind (const char *smime_type, GMimeStream *content,
                   GMimeContentEncoding encoding)
{
  if (smime_type)
    return kind_named (smime_type);
  return kind_named_inside (content, encoding);
}
