/* pkcs7-kind.c - which kind of CMS object an application/pkcs7-mime part
 * holds, by one rule for every reader.  */
#include <config.h>
#include <string.h>
#include "pkcs7-kind.h"

/* The content type OID id-signedData (1.2.840.113549.1.7.2), DER.  */
static const guchar signed_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                     0xf7, 0x0d, 0x01, 0x07, 0x02 };

static GsmimePkcs7Kind
kind_named (const char *smime_type)
{
  if (!g_ascii_strcasecmp (smime_type, "enveloped-data")
      || !g_ascii_strcasecmp (smime_type, "authEnveloped-data"))
    return GSMIME_PKCS7_ENVELOPED;
  if (!g_ascii_strcasecmp (smime_type, "signed-data"))
    return GSMIME_PKCS7_SIGNED;
  return GSMIME_PKCS7_OTHER;
}

/* Whether the first bytes of CONTENT, its transfer ENCODING undone, name
 * signed-data.  The OID sits within the first few bytes of the outer
 * ContentInfo, whatever the length encoding.  */
static gboolean
names_signed_data (GMimeStream *content, GMimeContentEncoding encoding)
{
  g_autoptr (GMimeStream) decoded = NULL;
  guchar head[64];
  ssize_t n;

  if (!content)
    return FALSE;
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
  return n > 0 && memmem (head, n, signed_oid, sizeof signed_oid);
}

GsmimePkcs7Kind
gsmime_pkcs7_kind (const char *smime_type, GMimeStream *content,
                   GMimeContentEncoding encoding)
{
  if (smime_type)
    return kind_named (smime_type);
  return names_signed_data (content, encoding) ? GSMIME_PKCS7_SIGNED
                                               : GSMIME_PKCS7_ENVELOPED;
}
