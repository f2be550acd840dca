/* compose-mime.c - the body of a message Claws is sending, as GMime sees
 * it, and back.
 *
 * When Claws sends, it builds the message as a MimeInfo tree and writes
 * it out with procmime_write_mimeinfo, which makes every part's header
 * afresh from the node's fields.  A signature is over bytes, so the
 * protected body goes back to Claws as one node whose content is held in
 * memory and written out unchanged: the multipart/signed (or the
 * application/pkcs7-mime part) with everything below it, exactly as
 * GMime wrote it when the core signed it.  Only that node's own header
 * is Claws' to write, and it lies outside what is signed.
 */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "compose-mime.h"
#include "mimeinfo.h"

GMimeObject *
gsmime_claws_compose_body (MimeInfo *message, GMimeStream **backing,
                           GError **error)
{
  GNode *first = message && message->node
                   ? g_node_first_child (message->node) : NULL;
  MimeInfo *body = first ? first->data : NULL;
  char *buf = NULL;
  size_t len = 0;
  gboolean written;
  g_autoptr (GMimeStream) stream = NULL;
  GMimeObject *entity;
  FILE *fp;

  *backing = NULL;
  if (!body)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The message has no body to protect"));
      return NULL;
    }
  /* In memory: the plaintext must not reach the disk on our account.  */
  fp = open_memstream (&buf, &len);
  if (!fp)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot make room for the message in memory: %s"),
                   g_strerror (saved));
      return NULL;
    }
  written = procmime_write_mime_header (body, fp) == 0
            && procmime_write_mimeinfo (body, fp) == 0;
  if (fclose (fp) != 0)
    written = FALSE;
  stream = g_mime_stream_mem_new_with_byte_array (
    g_byte_array_new_take ((guint8 *) buf, buf ? len : 0));
  if (!written)
    {
      gsmime_claws_compose_wipe (stream);
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("Claws Mail could not write out the message "
                          "body (an attachment may have gone missing); "
                          "check the attachments and send again"));
      return NULL;
    }
  entity = gsmime_entity_parse (stream, gsmime_claws_mimeinfo_depth (body),
                                error);
  if (!entity)
    {
      gsmime_claws_compose_wipe (stream);
      return NULL;
    }
  *backing = g_steal_pointer (&stream);
  return entity;
}

void
gsmime_claws_compose_wipe (GMimeStream *stream)
{
  GByteArray *bytes;

  if (!stream || !GMIME_IS_STREAM_MEM (stream))
    return;
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  if (bytes && bytes->len)
    memset (bytes->data, 0, bytes->len);
}

/* Claws looks parameters up by their lower-case names.  */
static void
copy_params (GHashTable *into, GMimeParamList *list)
{
  int i, n = list ? g_mime_param_list_length (list) : 0;

  for (i = 0; i < n; i++)
    {
      GMimeParam *p = g_mime_param_list_get_parameter_at (list, i);
      const char *name = g_mime_param_get_name (p);
      const char *value = g_mime_param_get_value (p);

      if (name && value)
        g_hash_table_replace (into, g_ascii_strdown (name, -1),
                              g_strdup (value));
    }
}

static EncodingType
encoding_of (GMimeContentEncoding encoding)
{
  switch (encoding)
    {
    case GMIME_CONTENT_ENCODING_7BIT: return ENC_7BIT;
    case GMIME_CONTENT_ENCODING_8BIT: return ENC_8BIT;
    case GMIME_CONTENT_ENCODING_BINARY: return ENC_BINARY;
    case GMIME_CONTENT_ENCODING_BASE64: return ENC_BASE64;
    case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE: return ENC_QUOTED_PRINTABLE;
    case GMIME_CONTENT_ENCODING_UUENCODE: return ENC_X_UUENCODE;
    default: return ENC_UNKNOWN;
    }
}

/* The header fields of ENTITY, as Claws will write them: type and
 * parameters, transfer encoding, disposition.  The core's protected
 * entities carry nothing else.  */
static void
describe_entity (MimeInfo *info, GMimeObject *entity)
{
  GMimeContentType *ct = g_mime_object_get_content_type (entity);
  GMimeContentDisposition *cd =
    g_mime_object_get_content_disposition (entity);
  const char *value;

  info->type = procmime_get_media_type (
    g_mime_content_type_get_media_type (ct));
  info->subtype = g_ascii_strdown (
    g_mime_content_type_get_media_subtype (ct), -1);
  copy_params (info->typeparameters, g_mime_content_type_get_parameters (ct));
  if (GMIME_IS_PART (entity))
    info->encoding_type =
      encoding_of (g_mime_part_get_content_encoding (GMIME_PART (entity)));
  if (cd)
    {
      value = g_mime_content_disposition_get_disposition (cd);
      if (value && !g_ascii_strcasecmp (value, "attachment"))
        info->disposition = DISPOSITIONTYPE_ATTACHMENT;
      else if (value && !g_ascii_strcasecmp (value, "inline"))
        info->disposition = DISPOSITIONTYPE_INLINE;
      copy_params (info->dispositionparameters,
                   g_mime_content_disposition_get_parameters (cd));
    }
}

/* Overwrites what a tree Claws built holds in memory (the text of the
 * message, the plugin's own protected bodies) before it is freed.  Parts
 * in files are Claws' own files and stay as they are.  */
static gboolean
wipe_node (GNode *node, gpointer data)
{
  MimeInfo *info = node->data;

  (void) data;
  if (info->content == MIMECONTENT_MEM && info->tmp && info->data.mem)
    memset (info->data.mem, 0, strlen (info->data.mem));
  return FALSE;
}

gboolean
gsmime_claws_compose_replace_body (MimeInfo *message, GMimeObject *entity,
                                   GError **error)
{
  g_autoptr (GMimeStream) content = g_mime_stream_mem_new ();
  GByteArray *bytes;
  MimeInfo *info, *old;
  GNode *first;

  /* GMime's default format: Unix line ends, as everything Claws writes
   * to its queue; Claws turns them into CRLF on the wire, which is the
   * canonical form the core signed.  */
  if (g_mime_object_write_content_to_stream (entity, NULL, content) < 0)
    {
      gsmime_set_error (error, GPG_ERR_GENERAL,
                        _("Cannot write the protected message body"));
      return FALSE;
    }
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (content));
  if (memchr (bytes->data, '\0', bytes->len))
    {
      gsmime_set_error (error, GPG_ERR_INV_DATA,
                        _("The protected message body is not text; it "
                          "cannot be sent"));
      return FALSE;
    }

  info = procmime_mimeinfo_new ();
  describe_entity (info, entity);
  /* Claws keeps content in memory as a NUL-terminated string; the
   * string is taken over from the stream without another copy.  */
  info->length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (content), FALSE);
  info->data.mem = (char *) g_byte_array_free (bytes, FALSE);
  info->content = MIMECONTENT_MEM;
  info->tmp = TRUE;

  first = g_node_first_child (message->node);
  if (first)
    {
      old = first->data;
      g_node_unlink (first);
      g_node_traverse (first, G_PRE_ORDER, G_TRAVERSE_ALL, -1, wipe_node,
                       NULL);
      procmime_mimeinfo_free_all (&old);
    }
  g_node_append (message->node, info->node);
  return TRUE;
}
