/* cms-shape.c - the outline of a CMS object, looked at before gpgsm
 * reads it. */
#include <config.h>
#include "cms-shape.h"
#include "data.h"
#include "error.h"
#include "i18n.h"

/* CMS nests about a dozen levels; anything deeper is not CMS.  */
#define MAX_DEPTH 32
#define INDEFINITE G_MAXSIZE

/* One BER element: its identifier octet and its contents, LEN bytes from
 * CONTENTS, or up to an end-of-contents mark when LEN is INDEFINITE.  */
typedef struct
{
  guchar tag;
  const guchar *contents;
  gsize len;
} Element;

/* Reads the identifier and length octets at P, before END, into E.  */
static gboolean
read_header (const guchar *p, const guchar *end, Element *e)
{
  gsize n, k;

  if (end - p < 2 || (p[0] & 0x1f) == 0x1f)
    return FALSE;
  e->tag = *p++;
  n = *p++;
  if (n == 0x80)
    n = INDEFINITE;
  else if (n & 0x80)
    {
      k = n & 0x7f;
      if (k > sizeof n - 1 || (gsize) (end - p) < k)
        return FALSE;
      for (n = 0; k; k--)
        n = n << 8 | *p++;
    }
  e->contents = p;
  e->len = n;
  return TRUE;
}

/* The end of the element at P, or NULL when it runs past END or nests
 * deeper than DEPTH.  */
static const guchar *
skip (const guchar *p, const guchar *end, guint depth)
{
  Element e;

  if (!depth || !read_header (p, end, &e))
    return NULL;
  if (e.len != INDEFINITE)
    return (gsize) (end - e.contents) >= e.len ? e.contents + e.len : NULL;
  if (!(e.tag & 0x20))
    return NULL;
  for (p = e.contents; p && end - p >= 2 && (p[0] || p[1]);)
    p = skip (p, end, depth - 1);
  return p && end - p >= 2 ? p + 2 : NULL;
}

/* Reads up to MAX children of the constructed element E (within END)
 * into OUT and returns how many there are, or -1 when they cannot be
 * read.  */
static gssize
children (const Element *e, const guchar *end, Element *out, gsize max)
{
  const guchar *p = e->contents, *stop;
  gssize n = 0;

  if (!(e->tag & 0x20))
    return -1;
  stop = e->len == INDEFINITE ? end : e->contents + e->len;
  while (p && p < stop && !(e->len == INDEFINITE && end - p >= 2
                            && !p[0] && !p[1]))
    {
      if ((gsize) n < max && !read_header (p, stop, &out[n]))
        return -1;
      p = skip (p, stop, MAX_DEPTH);
      n++;
    }
  return p ? n : -1;
}

/* What looking at one level of the outline found.  */
typedef enum
{
  SHAPE_OK,         /* as CMS should be, or nothing to say */
  SHAPE_NOT_CMS,    /* not a ContentInfo: left to gpgsm */
  SHAPE_LENGTHS     /* a part does not fit inside the part around it */
} Shape;

/* Finds the content of the ContentInfo INFO: the SEQUENCE inside its
 * [0].  Once INFO begins like a ContentInfo (an OID, then a [0]), any
 * disagreement of the lengths below is damage, whatever bytes a wrong
 * length happens to land on.  */
static Shape
content_of (const Element *info, const guchar *end, Element *content)
{
  Element oid, explicit;
  const guchar *p;

  if (info->tag != 0x30 || !read_header (info->contents, end, &oid)
      || oid.tag != 0x06
      || !(p = skip (info->contents, end, MAX_DEPTH))
      || !read_header (p, end, &explicit) || explicit.tag != 0xa0)
    return SHAPE_NOT_CMS;
  if (children (info, end, NULL, 0) != 2
      || children (&explicit, end, content, 1) != 1)
    return SHAPE_LENGTHS;
  return content->tag == 0x30 ? SHAPE_OK : SHAPE_NOT_CMS;
}

/* Counts the SignerInfos of the SignedData SD.  */
static Shape
count_signers (const Element *sd, const guchar *end, gssize *signers)
{
  Element parts[6];
  gssize n = children (sd, end, parts, G_N_ELEMENTS (parts));

  /* version, digestAlgorithms, encapContentInfo, [0] certificates,
   * [1] crls, signerInfos: the last is the SET after the third.  */
  if (n < 0)
    return SHAPE_LENGTHS;
  if (n < 4 || n > 6 || parts[n - 1].tag != 0x31)
    return SHAPE_NOT_CMS;
  *signers = children (&parts[n - 1], end, NULL, 0);
  return *signers < 0 ? SHAPE_LENGTHS : SHAPE_OK;
}

/* Counts the RecipientInfos of the EnvelopedData ED.  */
static Shape
count_recipients (const Element *ed, const guchar *end, gssize *recipients)
{
  Element parts[3];
  gssize n = children (ed, end, parts, G_N_ELEMENTS (parts));
  int i;

  /* version, [0] originatorInfo if present, recipientInfos.  */
  if (n < 0)
    return SHAPE_LENGTHS;
  for (i = 1; i < MIN (n, 3) && parts[i].tag != 0x31; i++)
    ;
  if (n < 3 || i == 3)
    return SHAPE_NOT_CMS;
  *recipients = children (&parts[i], end, NULL, 0);
  return *recipients < 0 ? SHAPE_LENGTHS : SHAPE_OK;
}

/* Reads the outline of DER, LEN bytes, as KIND.  */
static gboolean
check_outline (const guchar *der, gsize len, GsmimeCmsKind kind,
               GError **error)
{
  const guchar *end;
  Element info, content;
  gssize count = -1;
  Shape shape;

  if (!der)
    return TRUE;
  end = der + len;
  if (!read_header (der, end, &info))
    return TRUE;
  if (info.len != INDEFINITE && (gsize) (end - info.contents) < info.len)
    {
      gsmime_set_error (error, GPG_ERR_TRUNCATED,
                        _("The CMS object is cut off: it announces %lu "
                          "bytes but holds %lu; it was damaged on its way, "
                          "ask the sender to send it again"),
                        (unsigned long) info.len,
                        (unsigned long) (end - info.contents));
      return FALSE;
    }
  shape = content_of (&info, end, &content);
  if (shape == SHAPE_OK && kind == GSMIME_CMS_SIGNED)
    shape = count_signers (&content, end, &count);
  else if (shape == SHAPE_OK)
    shape = count_recipients (&content, end, &count);
  if (shape == SHAPE_LENGTHS)
    gsmime_set_error (error, GPG_ERR_INV_LENGTH,
                      _("The CMS object is damaged: its parts do not nest "
                        "as their lengths say; ask the sender to send it "
                        "again"));
  else if (shape == SHAPE_OK && kind == GSMIME_CMS_SIGNED
           && count > GSMIME_MAX_SIGNERS)
    gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                      _("The signature has %ld signers, more than the %d "
                        "that are checked; it is damaged or hostile"),
                      (long) count, GSMIME_MAX_SIGNERS);
  else if (shape == SHAPE_OK && kind == GSMIME_CMS_ENVELOPED && count == 0)
    gsmime_set_error (error, GPG_ERR_NO_DATA,
                      _("The message is encrypted to nobody: it names no "
                        "recipient, so no key can open it; ask the sender to "
                        "send it again"));
  else
    return TRUE;
  return FALSE;
}

gboolean
gsmime_cms_check_shape (GMimeStream *stream, GsmimeCmsKind kind,
                        GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  gsize len;
  const guchar *der;

  /* A whole memory stream is read in place: an opaque signature or an
   * encrypted message may be large, and a copy would double it.  */
  if (GMIME_IS_STREAM_MEM (stream) && stream->bound_start == 0
      && stream->bound_end == -1)
    {
      GByteArray *array = g_mime_stream_mem_get_byte_array (
        GMIME_STREAM_MEM (stream));
      return check_outline (array->data, array->len, kind, error);
    }
  g_mime_stream_reset (stream);
  bytes = gsmime_stream_to_bytes (stream);
  g_mime_stream_reset (stream);
  der = g_bytes_get_data (bytes, &len);
  return check_outline (der, len, kind, error);
}
