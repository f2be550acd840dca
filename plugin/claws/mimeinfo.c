/* mimeinfo.c - Claws' MimeInfo trees and GMime streams and objects.
 *
 * Claws describes a message as a tree of MimeInfo nodes whose content
 * lies in a file (the message itself, or a temporary file holding a
 * decoded part) or, for a few plugins' products, in a string in memory.
 * The core works on GMime objects and streams.  This file translates both
 * ways and knows nothing of signatures or verdicts.
 */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "mimeinfo.h"
#include <utils.h>

/* A part that is a whole file is streamed from it.  A part inside a file
 * is read into memory instead of being given as a bounded GMime stream:
 * such a stream answers -1, not 0, at its end, which GPGME's data
 * callbacks (common/data.c) take for a read error.  */
GMimeStream *
gsmime_claws_mimeinfo_stream (MimeInfo *mimeinfo, GError **error)
{
  g_autoptr (GMimeStream) file = NULL;
  GMimeStream *part;
  GByteArray *bytes;
  GStatBuf st;
  gint64 left;
  int fd;

  if (mimeinfo->content == MIMECONTENT_MEM && mimeinfo->data.mem)
    return g_mime_stream_mem_new_with_buffer (mimeinfo->data.mem,
                                              strlen (mimeinfo->data.mem));
  if (mimeinfo->content != MIMECONTENT_FILE || !mimeinfo->data.filename
      || !mimeinfo->length)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The message part has no content"));
      return NULL;
    }
  fd = g_open (mimeinfo->data.filename, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) < 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot open %s: %s"), mimeinfo->data.filename,
                   g_strerror (saved));
      return NULL;
    }
  /* The stream owns FD and closes it.  */
  file = g_mime_stream_fs_new (fd);
  if (mimeinfo->offset == 0 && (gint64) mimeinfo->length == st.st_size)
    return g_steal_pointer (&file);

  part = g_mime_stream_mem_new ();
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (part));
  left = mimeinfo->length;
  if (g_mime_stream_seek (file, mimeinfo->offset, GMIME_STREAM_SEEK_SET) < 0)
    left = 0;
  while (left > 0)
    {
      char buf[8192];
      ssize_t n = g_mime_stream_read (file, buf, MIN (left, (gint64) sizeof buf));
      if (n <= 0)
        break;
      g_byte_array_append (bytes, (guint8 *) buf, n);
      left -= n;
    }
  if (left > 0)
    {
      g_object_unref (part);
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("Cannot read the message part from %s"),
                        mimeinfo->data.filename);
      return NULL;
    }
  return part;
}

guint
gsmime_claws_mimeinfo_depth (MimeInfo *mimeinfo)
{
  guint depth = 0;

  while ((mimeinfo = procmime_mimeinfo_parent (mimeinfo)))
    depth++;
  return depth;
}

/* Claws keeps parameter names in lower case (procmime.c lowers them when
 * it parses a header) and looks them up that way.  "format" and "delsp"
 * are left out of parts held in memory: Claws honours format=flowed only
 * by re-reading the part from data.filename, which for memory content is
 * the text itself taken as a file name, so Claws would try to open the
 * plaintext as a path and print it in its error message.  */
static void
copy_params (GHashTable *into, GMimeParamList *list, gboolean in_memory)
{
  int i, n = list ? g_mime_param_list_length (list) : 0;

  for (i = 0; i < n; i++)
    {
      GMimeParam *p = g_mime_param_list_get_parameter_at (list, i);
      const char *name = g_mime_param_get_name (p);
      const char *value = g_mime_param_get_value (p);
      char *key;

      if (!name || !value)
        continue;
      key = g_ascii_strdown (name, -1);
      if (in_memory && (!strcmp (key, "format") || !strcmp (key, "delsp")))
        {
          g_free (key);
          continue;
        }
      g_hash_table_replace (into, key, g_strdup (value));
    }
}

static void
describe (MimeInfo *info, GMimeObject *object)
{
  GMimeContentType *ct = g_mime_object_get_content_type (object);
  GMimeContentDisposition *cd =
    g_mime_object_get_content_disposition (object);
  const char *value;

  info->type = procmime_get_media_type (
    ct && g_mime_content_type_get_media_type (ct)
      ? g_mime_content_type_get_media_type (ct) : "text");
  info->subtype = g_ascii_strdown (
    ct && g_mime_content_type_get_media_subtype (ct)
      ? g_mime_content_type_get_media_subtype (ct) : "plain", -1);
  /* Text leaves are the parts that fill_leaf keeps in memory.  */
  if (ct)
    copy_params (info->typeparameters,
                 g_mime_content_type_get_parameters (ct),
                 info->type == MIMETYPE_TEXT && GMIME_IS_PART (object));
  if (cd)
    {
      value = g_mime_content_disposition_get_disposition (cd);
      if (value && !g_ascii_strcasecmp (value, "attachment"))
        info->disposition = DISPOSITIONTYPE_ATTACHMENT;
      else if (value && !g_ascii_strcasecmp (value, "inline"))
        info->disposition = DISPOSITIONTYPE_INLINE;
      copy_params (info->dispositionparameters,
                   g_mime_content_disposition_get_parameters (cd), FALSE);
    }
  if ((value = g_mime_object_get_header (object, "Content-Description")))
    info->description = g_strdup (value);
  if ((value = g_mime_object_get_content_id (object)))
    info->id = g_strdup (value);
  if ((value = g_mime_object_get_header (object, "Content-Location")))
    info->location = g_strdup (value);
  /* The content below is always decoded already.  */
  info->encoding_type = ENC_BINARY;
}

/* Writes BYTES to a new file in Claws' MIME temporary directory, where
 * Claws writes decoded parts itself, readable by the user alone.  */
static char *
write_part_file (GBytes *bytes, GError **error)
{
  g_autofree char *name = g_build_filename (get_mime_tmp_dir (),
                                            "gsmime.XXXXXX", NULL);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  int fd = g_mkstemp_full (name, O_RDWR | O_CLOEXEC, 0600);
  int saved = 0;

  if (fd < 0)
    saved = errno;
  else
    {
      while (len && !saved)
        {
          ssize_t n = write (fd, data, len);
          if (n < 0 && errno != EINTR)
            saved = errno;
          else if (n > 0)
            data += n, len -= n;
        }
      if (close (fd) < 0 && !saved)
        saved = errno;
    }
  if (saved)
    {
      if (fd >= 0)
        g_unlink (name);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write a decrypted part to %s: %s"), name,
                   g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&name);
}

/* Text and message parts without NUL bytes stay in memory; anything else
 * goes to a file (see mimeinfo.h for why).  */
static gboolean
fill_leaf (MimeInfo *info, GMimePart *part, GError **error)
{
  g_autoptr (GMimeStream) decoded = gsmime_decoded_stream (part);
  g_autoptr (GBytes) bytes = gsmime_stream_to_bytes (decoded);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gboolean textual = info->type == MIMETYPE_TEXT;

  if (textual && (!len || !memchr (data, '\0', len)))
    {
      info->content = MIMECONTENT_MEM;
      info->data.mem = g_strndup (data ? data : "", len);
      info->tmp = TRUE;
      info->offset = 0;
      info->length = len;
      return TRUE;
    }
  info->data.filename = write_part_file (bytes, error);
  if (!info->data.filename)
    return FALSE;
  info->content = MIMECONTENT_FILE;
  info->tmp = TRUE;
  info->offset = 0;
  info->length = len;
  return TRUE;
}

/* A message/rfc822 part: Claws reads its headers from the node's own
 * content and shows its body from the children.  */
static gboolean
fill_message (MimeInfo *info, GMimeMessagePart *part, GError **error)
{
  GMimeMessage *inner = g_mime_message_part_get_message (part);
  g_autofree char *text = NULL;
  MimeInfo *child;

  if (!inner)
    return TRUE;
  text = g_mime_object_to_string (GMIME_OBJECT (inner), NULL);
  info->content = MIMECONTENT_MEM;
  info->data.mem = g_steal_pointer (&text);
  info->tmp = TRUE;
  info->offset = 0;
  info->length = strlen (info->data.mem);
  if (!g_mime_message_get_mime_part (inner))
    return TRUE;
  child = gsmime_claws_mimeinfo_from_gmime (
    g_mime_message_get_mime_part (inner), error);
  if (!child)
    return FALSE;
  g_node_append (info->node, child->node);
  return TRUE;
}

MimeInfo *
gsmime_claws_mimeinfo_from_gmime (GMimeObject *object, GError **error)
{
  MimeInfo *info = procmime_mimeinfo_new ();
  gboolean ok = TRUE;

  describe (info, object);
  if (GMIME_IS_MULTIPART (object))
    {
      int i, n = g_mime_multipart_get_count (GMIME_MULTIPART (object));
      for (i = 0; ok && i < n; i++)
        {
          MimeInfo *child = gsmime_claws_mimeinfo_from_gmime (
            g_mime_multipart_get_part (GMIME_MULTIPART (object), i), error);
          ok = child != NULL;
          if (ok)
            g_node_append (info->node, child->node);
        }
    }
  else if (GMIME_IS_MESSAGE_PART (object))
    ok = fill_message (info, GMIME_MESSAGE_PART (object), error);
  else if (GMIME_IS_PART (object))
    ok = fill_leaf (info, GMIME_PART (object), error);

  if (!ok)
    procmime_mimeinfo_free_all (&info);
  return info;
}
