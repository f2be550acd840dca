/* der-sink.c - a protected message written out as gpgsm makes the DER of
 * its last layer: the header first, then the DER in base64, never held.
 *
 * GMime writes a part by reading its whole content from a stream, so a
 * message whose last layer is still being made by gpgsm cannot be handed
 * to it.  The sink writes the message with that part still empty, which
 * is the header and the part's own header, and then encodes the DER as
 * it arrives with the filters GMime itself uses for a base64 part; the
 * bytes are those GMime would have written for the whole part.  */
#include <config.h>
#include <errno.h>
#include "der-sink.h"
#include "error.h"
#include "i18n.h"

struct _GsmimeDerSink
{
  GMimeMessage *message;
  GMimeObject *part;
  const GsmimeHpOuter *outer;
  GMimeStream *out;
  GMimeStream *encoded;   /* base64 onto OUT, once the header is out */
  gpgme_data_t data;
  int write_errno;        /* why writing to OUT failed */
};

/* The message's header, and the base64 encoder for what follows.  */
static gboolean
start (GsmimeDerSink *sink)
{
  GMimeFormatOptions *options = g_mime_format_options_get_default ();
  GMimeFilter *filter;

  g_mime_message_set_mime_part (sink->message, sink->part);
  gsmime_hp_obscure (sink->message, sink->outer);
  if (g_mime_object_write_to_stream (GMIME_OBJECT (sink->message), options,
                                     sink->out) < 0)
    return FALSE;
  sink->encoded = g_mime_stream_filter_new (sink->out);
  filter = g_mime_filter_basic_new (GMIME_CONTENT_ENCODING_BASE64, TRUE);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (sink->encoded), filter);
  g_object_unref (filter);
  filter = g_mime_format_options_create_newline_filter (options, FALSE);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (sink->encoded), filter);
  g_object_unref (filter);
  return TRUE;
}

static ssize_t
sink_write (void *handle, const void *buffer, size_t size)
{
  GsmimeDerSink *sink = handle;

  errno = 0;
  if ((!sink->encoded && !start (sink))
      || g_mime_stream_write (sink->encoded, buffer, size) < 0)
    {
      sink->write_errno = errno ? errno : EIO;
      errno = sink->write_errno;
      return -1;
    }
  return size;
}

static struct gpgme_data_cbs sink_cbs = { NULL, sink_write, NULL, NULL };

GsmimeDerSink *
gsmime_der_sink_new (GMimeMessage *message, GMimeObject *part,
                     const GsmimeHpOuter *outer, GMimeStream *out,
                     GError **error)
{
  GsmimeDerSink *sink = g_new0 (GsmimeDerSink, 1);
  gpgme_error_t err = gpgme_data_new_from_cbs (&sink->data, &sink_cbs, sink);

  if (err)
    {
      gsmime_set_gpgme_error (error, err, _("Out of memory"));
      g_free (sink);
      return NULL;
    }
  sink->message = message;
  sink->part = part;
  sink->outer = outer;
  sink->out = out;
  return sink;
}

gpgme_data_t
gsmime_der_sink_data (GsmimeDerSink *sink)
{
  return sink->data;
}

gboolean
gsmime_der_sink_finish (GsmimeDerSink *sink, gboolean ok, GError **error)
{
  int err;

  errno = 0;
  /* Flushing the filter stream completes the encoder: the last line.  */
  if (ok && !sink->write_errno
      && ((!sink->encoded && !start (sink))
          || g_mime_stream_flush (sink->encoded) < 0))
    sink->write_errno = errno ? errno : EIO;
  err = sink->write_errno;
  gpgme_data_release (sink->data);
  g_clear_object (&sink->encoded);
  g_free (sink);
  if (!err)
    return TRUE;
  gsmime_set_error (error, gpg_err_code_from_errno (err),
                    _("Could not write the message: %s"), g_strerror (err));
  return FALSE;
}
