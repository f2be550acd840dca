/* fuzz-cms-certs.c - reading the certificates a CMS signature carries
 * (GnuTLS), which harvesting does for every signed message before gpgsm
 * has said anything about it.  */
#include <config.h>
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) sig = g_bytes_new (data, size);
  g_auto (GStrv) certs = gsmime_cms_certificates (sig);

  return 0;
}
