/* compressed.c - the content of an RFC 3274 compressed-data part.  */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <libtasn1.h>
#include "compressed.h"
#include "error.h"
#include "i18n.h"
#include "streams.h"

/* The table asn1-table makes of compressed.asn at build time.  */
extern const asn1_static_node gsmime_compressed_asn1[];

#define OID_COMPRESSED_DATA "1.2.840.113549.1.9.16.1.9"
#define OID_ZLIB "1.2.840.113549.1.9.16.3.8"

/* Inflated content is read and written in pieces of this size.  */
#define CHUNK (64 * 1024)

/* The tree of compressed.asn, built once; NULL if libtasn1 refused the
 * table, which would be a build fault.  */
static asn1_node
definitions (void)
{
  static gsize done;
  static asn1_node tree;

  if (g_once_init_enter (&done))
    {
      char why[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
      if (asn1_array2tree (gsmime_compressed_asn1, &tree, why)
          != ASN1_SUCCESS)
        g_critical ("compressed.asn: %s", why);
      g_once_init_leave (&done, 1);
    }
  return tree;
}

static void
set_damaged (GError **error, const char *detail)
{
  gsmime_set_error (error, GPG_ERR_INV_CMS_OBJ,
                    _("The compressed part is damaged: it is not a CMS "
                      "compressed-data object (%s). Ask the sender to "
                      "send the message again."), detail);
}

/* Decodes the BER (or DER) of LEN bytes at DER as the type NAME of
 * compressed.asn.  */
static asn1_node
decode (const char *name, const guchar *der, gsize len, GError **error)
{
  asn1_node defs = definitions (), node = NULL;
  char why[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
  int rc;

  if (!defs || len > G_MAXINT
      || asn1_create_element (defs, name, &node) != ASN1_SUCCESS)
    {
      set_damaged (error, _("it cannot be decoded"));
      return NULL;
    }
  rc = asn1_der_decoding (&node, der, (int) len, why);
  if (rc != ASN1_SUCCESS)
    {
      asn1_delete_structure (&node);
      set_damaged (error, *why ? why : asn1_strerror (rc));
      return NULL;
    }
  return node;
}

/* The value of the element NAME of NODE, or NULL when it is absent.  An
 * ANY gives its whole encoding, tag and length included.  */
static GBytes *
read_value (asn1_node node, const char *name)
{
  int len = 0;
  guchar *value;

  if (asn1_read_value (node, name, NULL, &len) != ASN1_MEM_ERROR)
    return NULL;
  value = g_malloc (len + 1);
  if (asn1_read_value (node, name, value, &len) != ASN1_SUCCESS)
    {
      g_free (value);
      return NULL;
    }
  value[len] = 0;
  return g_bytes_new_take (value, len);
}

/* Whether the OBJECT IDENTIFIER NAME of NODE is OID.  */
static gboolean
oid_is (asn1_node node, const char *name, const char *oid)
{
  g_autoptr (GBytes) value = read_value (node, name);

  return value && !strcmp (g_bytes_get_data (value, NULL), oid);
}

/* The compressed bytes inside the ContentInfo of LEN bytes at DER.  */
static GBytes *
compressed_bytes (const guchar *der, gsize len, GError **error)
{
  asn1_node info = NULL, data = NULL;
  g_autoptr (GBytes) content = NULL;
  g_autoptr (GBytes) octets = NULL;
  GBytes *out = NULL;
  guchar *str = NULL;
  unsigned int str_len = 0, used = 0;

  if (!(info = decode ("GsmimeCompressed.ContentInfo", der, len, error)))
    goto leave;
  if (!oid_is (info, "contentType", OID_COMPRESSED_DATA)
      || !(content = read_value (info, "content")))
    {
      set_damaged (error, _("its content type is another"));
      goto leave;
    }
  if (!(data = decode ("GsmimeCompressed.CompressedData",
                       g_bytes_get_data (content, NULL),
                       g_bytes_get_size (content), error)))
    goto leave;
  if (!oid_is (data, "compressionAlgorithm.algorithm", OID_ZLIB))
    {
      gsmime_set_error (error, GPG_ERR_UNSUPPORTED_ALGORITHM,
                        _("The compressed part is compressed with another "
                          "algorithm than zlib, the only one S/MIME "
                          "defines, and cannot be read. Ask the sender to "
                          "send the message uncompressed."));
      goto leave;
    }
  if (!(octets = read_value (data, "encapContentInfo.eContent")))
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The compressed part holds no content. Ask the "
                          "sender to send the message again."));
      goto leave;
    }
  /* The OCTET STRING may come in pieces (BER's constructed form).  */
  if (asn1_decode_simple_ber (ASN1_ETYPE_OCTET_STRING,
                              g_bytes_get_data (octets, NULL),
                              g_bytes_get_size (octets), &str, &str_len,
                              &used) != ASN1_SUCCESS)
    {
      set_damaged (error, _("its content is not an octet string"));
      goto leave;
    }
  out = g_bytes_new (str, str_len);
  free (str);

leave:
  asn1_delete_structure (&data);
  asn1_delete_structure (&info);
  return out;
}

/* Sets ERROR for WHY, an error of GLib's zlib stream.  */
static void
set_inflate_error (GError **error, const GError *why)
{
  if (g_error_matches (why, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    gsmime_set_error (error, GPG_ERR_TRUNCATED,
                      _("The compressed part is damaged: its compressed "
                        "data is cut off. Ask the sender to send the "
                        "message again."));
  else
    gsmime_set_error (error, GPG_ERR_BAD_DATA,
                      _("The compressed part is damaged: its compressed "
                        "data cannot be decompressed (%s). Ask the sender "
                        "to send the message again."), why->message);
}

/* Inflates the zlib data ZDATA into OUT, taking what it writes from
 * *BUDGET.  */
static gboolean
inflate (GBytes *zdata, gsize *budget, GMimeStream *out, GError **error)
{
  g_autoptr (GInputStream) raw = g_memory_input_stream_new_from_bytes (zdata);
  g_autoptr (GZlibDecompressor) zlib =
    g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  g_autoptr (GInputStream) in =
    g_converter_input_stream_new (raw, G_CONVERTER (zlib));
  g_autoptr (GError) why = NULL;
  g_autofree guchar *chunk = g_malloc (CHUNK);
  gssize n;

  while ((n = g_input_stream_read (in, chunk, CHUNK, NULL, &why)) > 0)
    {
      if ((gsize) n > *budget)
        {
          gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                            _("The compressed parts of the message would "
                              "grow beyond %d MiB when decompressed, and "
                              "are refused: such data is usually made to "
                              "exhaust the memory of whoever reads it. "
                              "If you expect so large a message, ask the "
                              "sender to send it uncompressed."),
                            GSMIME_MAX_DECOMPRESSED / (1024 * 1024));
          return FALSE;
        }
      if (g_mime_stream_write (out, (const char *) chunk, n) != n)
        {
          gsmime_set_error (error, GPG_ERR_ENOMEM,
                            _("The compressed part cannot be kept in "
                              "memory."));
          return FALSE;
        }
      *budget -= n;
    }
  if (n < 0)
    set_inflate_error (error, why);
  return n == 0;
}

gboolean
gsmime_decompress (GMimeStream *cms, gsize *budget, GMimeStream *out,
                   GError **error)
{
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GBytes) zdata = NULL;

  g_mime_stream_reset (cms);
  der = gsmime_stream_to_bytes (cms);
  zdata = compressed_bytes (g_bytes_get_data (der, NULL),
                            g_bytes_get_size (der), error);
  return zdata && inflate (zdata, budget, out, error);
}
