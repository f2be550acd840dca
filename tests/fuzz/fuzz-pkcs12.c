/* fuzz-pkcs12.c - the PKCS#12 reader of the import bridge (GnuTLS):
 * probing, decoding with the corpus' passphrase "test", and writing the
 * legacy file gpgsm would get.  */
#include <config.h>
#include "fuzz.h"
#include "common/import.h"
#include "common/pkcs12.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GsmimePkcs12Info info = { 0 };
  g_autoptr (GBytes) legacy = NULL;

  if (!gsmime_pkcs12_probe (data, size))
    return 0;
  legacy = gsmime_pkcs12_to_legacy (data, size, "test", "Tr4nsit-fuzz",
                                    &info, NULL);
  /* What gpgsm would be given is a whole PKCS#12 file again.  */
  g_assert (!legacy || gsmime_pkcs12_probe (g_bytes_get_data (legacy, NULL),
                                            g_bytes_get_size (legacy)));
  return 0;
}
