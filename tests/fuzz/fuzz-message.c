/* fuzz-message.c - the reader behind `gsmime show` on any bytes: MIME
 * parsing within the limits of message.c, the walk through signed and
 * encrypted layers, verification by gpgsm, and the verdict and status
 * line built from what gpgsm said.  */
#include <config.h>
#include "fuzz.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc, (void) argv;
  gsmime_init ();
  fuzz_session ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GMimeStream) stream =
    g_mime_stream_mem_new_with_buffer ((const char *) data, size);
  g_autoptr (GMimeMessage) message = gsmime_message_parse (stream, NULL);
  g_autoptr (GsmimeReport) report = NULL;
  g_autofree char *headline = NULL;

  if (!message)
    return 0;
  report = gsmime_read_message (fuzz_session (), message,
                                GSMIME_READ_DEFAULT, NULL);
  if (report)
    {
      /* Every report can be said in one line.  */
      headline = gsmime_report_headline (report);
      g_assert (headline && *headline);
    }
  return 0;
}
