/* data.c - GMime streams as GPGME data objects. */
#include <errno.h>
#include "data.h"
#include "error.h"
#include "i18n.h"

static ssize_t
stream_read (void *handle, void *buffer, size_t size)
{
  ssize_t n;

  /* A bounded GMime stream answers -1, not 0, once past its end.  */
  if (g_mime_stream_eos (handle))
    return 0;
  n = g_mime_stream_read (handle, buffer, size);
  if (n < 0 && errno == 0)
    errno = EIO;
  return n;
}

static ssize_t
stream_write (void *handle, const void *buffer, size_t size)
{
  ssize_t n = g_mime_stream_write (handle, buffer, size);

  if (n < 0 && errno == 0)
    errno = EIO;
  return n;
}

static off_t
stream_seek (void *handle, off_t offset, int whence)
{
  GMimeSeekWhence mode;

  switch (whence)
    {
    case SEEK_SET: mode = GMIME_STREAM_SEEK_SET; break;
    case SEEK_CUR: mode = GMIME_STREAM_SEEK_CUR; break;
    case SEEK_END: mode = GMIME_STREAM_SEEK_END; break;
    default: errno = EINVAL; return -1;
    }
  return g_mime_stream_seek (handle, offset, mode);
}

static void
stream_release (void *handle)
{
  g_object_unref (handle);
}

static struct gpgme_data_cbs stream_cbs = {
  stream_read, stream_write, stream_seek, stream_release
};

gpgme_data_t
gsmime_data_from_stream (GMimeStream *stream, GError **error)
{
  gpgme_data_t data = NULL;
  gpgme_error_t err;

  err = gpgme_data_new_from_cbs (&data, &stream_cbs, stream);
  if (err)
    {
      gsmime_set_gpgme_error (error, err, _("Out of memory"));
      return NULL;
    }
  g_object_ref (stream);
  return data;
}

gboolean
gsmime_data_pair (GMimeStream *in, GMimeStream *out, gpgme_data_t *in_data,
                  gpgme_data_t *out_data, GError **error)
{
  *in_data = gsmime_data_from_stream (in, error);
  *out_data = *in_data ? gsmime_data_from_stream (out, error) : NULL;
  return *out_data != NULL;
}

GMimeStream *
gsmime_canonical_stream (GMimeObject *object)
{
  GMimeFormatOptions *options = g_mime_format_options_clone (NULL);
  GMimeStream *stream = g_mime_stream_mem_new ();

  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  g_mime_object_write_to_stream (object, options, stream);
  g_mime_format_options_free (options);
  g_mime_stream_reset (stream);
  return stream;
}

GMimeStream *
gsmime_decoded_stream (GMimePart *part)
{
  GMimeDataWrapper *wrapper = g_mime_part_get_content (part);
  GMimeStream *raw, *filtered;
  GMimeContentEncoding encoding;
  GMimeFilter *filter;

  if (!wrapper)
    return g_mime_stream_mem_new ();
  raw = g_mime_data_wrapper_get_stream (wrapper);
  g_mime_stream_reset (raw);
  encoding = g_mime_data_wrapper_get_encoding (wrapper);
  if (encoding != GMIME_CONTENT_ENCODING_BASE64
      && encoding != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE
      && encoding != GMIME_CONTENT_ENCODING_UUENCODE)
    return g_object_ref (raw);

  /* Decoding on the fly keeps a large body from being held twice.  */
  filtered = g_mime_stream_filter_new (raw);
  filter = g_mime_filter_basic_new (encoding, FALSE);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), filter);
  g_object_unref (filter);
  return filtered;
}

GMimeStream *
gsmime_stream_from_bytes (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return len ? g_mime_stream_mem_new_with_buffer (data, len)
             : g_mime_stream_mem_new ();
}

GBytes *
gsmime_stream_to_bytes (GMimeStream *stream)
{
  GByteArray *bytes = g_byte_array_new ();
  char buffer[16384];
  ssize_t n;

  while ((n = g_mime_stream_read (stream, buffer, sizeof buffer)) > 0)
    g_byte_array_append (bytes, (guint8 *) buffer, n);
  return g_byte_array_free_to_bytes (bytes);
}
