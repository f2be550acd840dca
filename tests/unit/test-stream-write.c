/* test-stream-write.c - the pieces that write big mail without holding
 * it: the DER sink (common/der-sink.c) writes the very bytes GMime would
 * for the whole message, and nothing at all until gpgsm's first byte;
 * the canonical pipe (common/canonical-pipe.c) gives gpgsm what
 * gsmime_canonical_stream gives, and ends without a hang or an error of
 * its own when the reader stops early.  No gpgsm: the data objects are
 * driven with gpgme_data_read and gpgme_data_write, as GPGME does.  */
#include <config.h>
#include <string.h>
#include "canonical-pipe.h"
#include "der-sink.h"
#include "gsmime.h"

static const char message_text[] =
  "From: Alice <alice@example.org>\n"
  "To: bob@example.org\n"
  "Subject: Figures\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=us-ascii\n\n"
  "Hello\n";

static GMimeMessage *
parse (const char *text)
{
  g_autoptr (GMimeStream) stream =
    g_mime_stream_mem_new_with_buffer (text, strlen (text));
  g_autoptr (GMimeParser) parser = g_mime_parser_new_with_stream (stream);

  return g_mime_parser_construct_message (parser, NULL);
}

static GMimePart *
pkcs7 (GMimeStream *content)
{
  GMimePart *part = g_mime_part_new_with_type ("application", "pkcs7-mime");
  g_autoptr (GMimeDataWrapper) wrapper = g_mime_data_wrapper_new_with_stream (
    content, GMIME_CONTENT_ENCODING_DEFAULT);

  g_mime_object_set_content_type_parameter (GMIME_OBJECT (part), "smime-type",
                                            "enveloped-data");
  g_mime_part_set_content (part, wrapper);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);
  g_mime_part_set_filename (part, "smime.p7m");
  return part;
}

static GByteArray *
bytes_of (GMimeStream *mem)
{
  return g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
}

/* SIZE bytes of made-up DER through the sink in chunks of CHUNK, against
 * GMime writing the message with the whole DER in its part.  */
static void
sink_matches (gsize size, gsize chunk)
{
  g_autoptr (GMimeMessage) whole = parse (message_text);
  g_autoptr (GMimeMessage) streamed = parse (message_text);
  g_autofree guchar *der = g_malloc (size + 1);
  g_autoptr (GMimeStream) der_stream = NULL;
  g_autoptr (GMimePart) full = NULL;
  g_autoptr (GMimeStream) empty = g_mime_stream_mem_new ();
  g_autoptr (GMimePart) placeholder = pkcs7 (empty);
  g_autoptr (GMimeStream) want = g_mime_stream_mem_new ();
  g_autoptr (GMimeStream) got = g_mime_stream_mem_new ();
  GsmimeDerSink *sink;
  gsize i;

  for (i = 0; i < size; i++)
    der[i] = (guchar) (i * 7919 >> 3);
  der_stream = g_mime_stream_mem_new_with_buffer ((char *) der, size);
  full = pkcs7 (der_stream);
  g_mime_message_set_mime_part (whole, GMIME_OBJECT (full));
  g_mime_object_write_to_stream (GMIME_OBJECT (whole), NULL, want);

  sink = gsmime_der_sink_new (streamed, GMIME_OBJECT (placeholder), NULL, got,
                              NULL);
  for (i = 0; i < size; i += chunk)
    g_assert_cmpint (gpgme_data_write (gsmime_der_sink_data (sink), der + i,
                                       MIN (chunk, size - i)),
                     ==, MIN (chunk, size - i));
  g_assert_true (gsmime_der_sink_finish (sink, TRUE, NULL));
  g_assert_cmpmem (bytes_of (got)->data, bytes_of (got)->len,
                   bytes_of (want)->data, bytes_of (want)->len);
}

static void
test_sink_bytes (void)
{
  sink_matches (1, 1);
  sink_matches (57, 57);
  sink_matches (1000, 3);
  sink_matches (200000, 4096);
  sink_matches (200000, 4095);
}

/* gpgsm failing before its first byte leaves the output empty and the
 * message as it was.  */
static void
test_sink_nothing (void)
{
  g_autoptr (GMimeMessage) msg = parse (message_text);
  GMimeObject *body = g_mime_message_get_mime_part (msg);
  g_autoptr (GMimeStream) empty = g_mime_stream_mem_new ();
  g_autoptr (GMimePart) placeholder = pkcs7 (empty);
  g_autoptr (GMimeStream) got = g_mime_stream_mem_new ();
  GsmimeDerSink *sink = gsmime_der_sink_new (msg, GMIME_OBJECT (placeholder),
                                             NULL, got, NULL);

  g_assert_true (gsmime_der_sink_finish (sink, FALSE, NULL));
  g_assert_cmpuint (bytes_of (got)->len, ==, 0);
  g_assert_true (g_mime_message_get_mime_part (msg) == body);
}

/* A text part of about SIZE bytes with bare LF line ends.  */
static GMimeObject *
big_text (gsize size)
{
  GString *text = g_string_new (NULL);
  GMimeTextPart *part = g_mime_text_part_new_with_subtype ("plain");

  while (text->len < size)
    g_string_append (text, "A line of text, as mail has them.\n");
  g_mime_text_part_set_text (part, text->str);
  g_string_free (text, TRUE);
  return GMIME_OBJECT (part);
}

/* What gpgsm reads from the pipe is the canonical form, CRLF and all,
 * whole, however big (bigger than a pipe holds).  */
static void
test_pipe_canonical (void)
{
  g_autoptr (GMimeObject) entity = big_text (1 << 20);
  g_autoptr (GMimeStream) want_stream = gsmime_canonical_stream (entity);
  g_autoptr (GBytes) want = gsmime_stream_to_bytes (want_stream);
  GsmimeCanonicalPipe *pipe = gsmime_canonical_pipe_start (entity, NULL);
  g_autoptr (GByteArray) got = g_byte_array_new ();
  char buffer[5000];
  ssize_t n;

  while ((n = gpgme_data_read (gsmime_canonical_pipe_data (pipe), buffer,
                               sizeof buffer)) > 0)
    g_byte_array_append (got, (guint8 *) buffer, n);
  g_assert_cmpint (n, ==, 0);
  g_assert_true (gsmime_canonical_pipe_finish (pipe, NULL));
  g_assert_cmpmem (got->data, got->len, g_bytes_get_data (want, NULL),
                   g_bytes_get_size (want));
  g_assert_nonnull (memmem (got->data, got->len, "them.\r\nA", 8));
}

/* A reader that stops early (gpgsm refusing a recipient) leaves a writer
 * blocked on a full pipe; finishing ends it, with no error of its own.  */
static void
test_pipe_early_stop (void)
{
  g_autoptr (GMimeObject) entity = big_text (4 << 20);
  GsmimeCanonicalPipe *pipe = gsmime_canonical_pipe_start (entity, NULL);
  char buffer[100];

  /* A read may give less than asked: the writer's first chunk.  */
  g_assert_cmpint (gpgme_data_read (gsmime_canonical_pipe_data (pipe), buffer,
                                    sizeof buffer), >, 0);
  g_assert_true (gsmime_canonical_pipe_finish (pipe, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsmime_init ();
  g_test_add_func ("/stream-write/sink-bytes", test_sink_bytes);
  g_test_add_func ("/stream-write/sink-nothing", test_sink_nothing);
  g_test_add_func ("/stream-write/pipe-canonical", test_pipe_canonical);
  g_test_add_func ("/stream-write/pipe-early-stop", test_pipe_early_stop);
  return g_test_run ();
}
