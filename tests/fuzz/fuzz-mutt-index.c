/* fuzz-mutt-index.c - the reader of a classic mutt S/MIME store's .index
 * files (plugin/mutt/smime-store-reader.c) and the mapping of mutt's %c
 * and %k paths to fingerprints (mutt_path_fingerprint): the bytes are
 * read as both kinds of .index, and each hash, and the input itself, is
 * mapped as a path.  Whatever the input, what the reader accepts must be
 * safe to use as a file name inside the store, and what the mapping
 * returns must be a fingerprint.  */
#include <config.h>
#include <string.h>
#include "fuzz.h"
#include "plugin/mutt/commands.h"
#include "plugin/mutt/smime-store-reader.h"

static void
check_fingerprint (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *fpr = mutt_path_fingerprint (path, &error);
  const char *p;

  g_assert ((fpr == NULL) != (error == NULL));
  if (!fpr)
    return;
  g_assert_cmpuint (strlen (fpr), ==, 40);
  for (p = fpr; *p; p++)
    g_assert (g_ascii_isdigit (*p) || (*p >= 'A' && *p <= 'F'));
}

static void
check_entry (const MuttSmimeEntry *e, MuttSmimeKind kind)
{
  g_autofree char *path = g_build_filename ("/store", e->hash, NULL);

  g_assert (mutt_smime_hash_valid (e->hash, kind));
  g_assert (!strchr (e->hash, '/') && e->hash[0] != '.');
  g_assert (!e->issuer || !strchr (e->issuer, '/'));
  g_assert (strchr ("ireuvt", e->trust) && e->trust);
  g_assert (g_utf8_validate (e->mailbox, -1, NULL));
  g_assert (g_utf8_validate (e->label, -1, NULL));
  g_assert (e->line >= 1 && e->line <= MUTT_SMIME_MAX_LINES);
  check_fingerprint (path);
}

static void
parse_as (const uint8_t *data, size_t size, MuttSmimeKind kind)
{
  g_autoptr (MuttSmimeIndex) index =
    mutt_smime_index_parse ((const char *) data, size, kind);
  guint i;

  for (i = 0; i < index->entries->len; i++)
    check_entry (g_ptr_array_index (index->entries, i), kind);
  for (i = 0; i < index->refused->len; i++)
    {
      const MuttSmimeRefusal *r = g_ptr_array_index (index->refused, i);
      g_assert (r->line >= 1 && r->reason && *r->reason);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* The input up to its first NUL, as a path mutt might pass.  */
  g_autofree char *path = g_strndup ((const char *) data, MIN (size, 4096));

  parse_as (data, size, MUTT_SMIME_CERTIFICATES);
  parse_as (data, size, MUTT_SMIME_KEYS);
  check_fingerprint (path);
  return 0;
}
