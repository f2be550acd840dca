/* fuzz-import.c - `gsmime import` on any bytes: PEM, DER, PKCS#7
 * certs-only, and whole mail messages searched for certificate parts and
 * attachments, each kept or refused by the harvesting policy.  PKCS#12
 * input is left to fuzz-pkcs12 (its import would ask gpg-agent).  */
#include <config.h>
#include "fuzz.h"
#include "common/import.h"
#include "common/pkcs12.h"

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
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GPtrArray) imported = NULL;

  if (gsmime_pkcs12_probe (data, size))
    return 0;
  bytes = g_bytes_new (data, size);
  imported = gsmime_import (fuzz_session (), bytes, NULL, NULL);
  /* Whatever was taken is named by its fingerprint.  */
  for (guint i = 0; imported && i < imported->len; i++)
    g_assert (((GsmimeImported *) g_ptr_array_index (imported, i))
              ->fingerprint);
  return 0;
}
