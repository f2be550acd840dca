/* fuzz-provenance.c - the readers of gsmime's own state files, given
 * whatever a crash, a full disk, another program or a person's editor
 * may have left in them: harvest.ini (what harvesting kept),
 * directory-certs.ini (what the directory gave), pins.ini (the user's
 * choices) and revocation.ini (the cache of revocation answers).
 *
 * The input is the four files in that order, separated by NUL bytes; a
 * part that is empty, or missing, is a file that is not there.  The
 * keybox holds the certificates of tests/fuzz/provenance-keybox.pem,
 * imported once, which the seeds name.  Each input is read through the
 * public API as the hosts read it: the harvested list, the candidates
 * for two addresses with their origins and pins, the directory's record,
 * and a revocation answer; then two writes (a pin, and forgetting a
 * record), after which the file must say what was written and still
 * hold everything else it held.  */
#include <config.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include "fuzz.h"

/* The harvest record that the seeds keep for a certificate no longer in
 * the keybox: forgetting it touches harvest.ini only.  */
#define GONE_FPR "0123456789ABCDEF0123456789ABCDEF01234567"

enum { HARVEST, DIRECTORY, PINS, REVOCATION, N_FILES };
static const char *const file_names[N_FILES] = { "harvest.ini",
                                                 "directory-certs.ini",
                                                 "pins.ini",
                                                 "revocation.ini" };
static const char *const addresses[] = { "alice@example.org",
                                         "trent@example.org" };

static GPtrArray *keybox;   /* every certificate imported, listed once */
static char *alice;         /* alice's fingerprint */

/* The certificates the seeds name; gpgsm would not list a harvest
 * record whose certificate it does not have.  */
static void
fill_keybox (GsmimeSession *session)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GPtrArray) imported = NULL;
  gsize len;
  guint i;

  if (!g_file_get_contents (FUZZ_SRCDIR "/tests/fuzz/provenance-keybox.pem",
                            &pem, &len, &error))
    g_error ("%s", error->message);
  bytes = g_bytes_new_take (g_steal_pointer (&pem), len);
  imported = gsmime_import (session, bytes, NULL, &error);
  if (!imported)
    g_error ("cannot import the fuzz keybox: %s", error->message);
  keybox = gsmime_keys_list (session, NULL, FALSE, &error);
  if (!keybox)
    g_error ("cannot list the fuzz keybox: %s", error->message);
  for (i = 0; i < keybox->len && !alice; i++)
    if (gsmime_key_has_email (keybox->pdata[i], addresses[0]))
      alice = g_strdup (((gpgme_key_t) keybox->pdata[i])->fpr);
  if (!alice)
    g_error ("the fuzz keybox has no certificate for %s", addresses[0]);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  GsmimeSession *session;
  g_autoptr (GError) error = NULL;
  GsmimeSettings settings;

  (void) argc, (void) argv;
  gsmime_init ();
  session = fuzz_session ();
  fill_keybox (session);
  /* The cache is read only when checks are on; an answer it does not
   * have costs one gpgsm run, cut short.  */
  settings = *gsmime_session_get_settings (session);
  settings.revocation = GSMIME_REVOCATION_CRL;
  settings.revocation_budget_ms = 50;
  if (!gsmime_session_set_settings (session, &settings, &error))
    g_error ("%s", error->message);
  return 0;
}

/* Writes the I-th state file from PART, or removes it when PART is
 * empty.  The revocation cache is read again only when the file's time
 * and size change, so every input gets a time of its own.  */
static gboolean
write_part (GsmimeSession *session, guint i, const char *part, gsize len)
{
  static gint64 inputs;
  g_autofree char *path = gsmime_session_state_file (session,
                                                     file_names[i]);
  struct timespec times[2] = { { 0, 0 }, { 0, 0 } };

  if (!len)
    {
      g_unlink (path);
      return FALSE;
    }
  if (!g_file_set_contents (path, part, len, NULL))
    g_error ("cannot write %s", path);
  times[0].tv_sec = times[1].tv_sec = 1000000000 + ++inputs;
  utimensat (AT_FDCWD, path, times, 0);
  return TRUE;
}

/* Writes the files of the input; THERE[I] tells whether file I is
 * there.  */
static void
write_files (GsmimeSession *session, const uint8_t *data, size_t size,
             gboolean *there)
{
  const char *p = (const char *) data, *end = p + size;
  guint i;

  for (i = 0; i < N_FILES; i++)
    {
      const char *nul = p < end ? memchr (p, '\0', end - p) : NULL;
      const char *stop = nul ? nul : end;

      there[i] = write_part (session, i, p, p < end ? stop - p : 0);
      p = nul ? nul + 1 : end;
    }
}

static void
read_harvested (GsmimeSession *session)
{
  g_autoptr (GPtrArray) list = gsmime_harvest_list (session, NULL);
  guint i;

  for (i = 0; list && i < list->len; i++)
    {
      const GsmimeHarvested *h = list->pdata[i];
      /* Only certificates in the keybox are listed, with every field
       * filled, if only with "".  */
      g_assert (h->fingerprint && h->email && h->subject && h->from
                && h->date && h->message_id && h->harvested);
    }
}

static void
read_candidates (GsmimeSession *session, const char *address)
{
  g_autoptr (GsmimeCandidates) c = gsmime_candidates_rank (session, address,
                                                           keybox);
  guint i;

  g_assert (c->reason && *c->reason);
  for (i = 0; i < c->candidates->len; i++)
    {
      const GsmimeCandidate *one = c->candidates->pdata[i];
      g_autofree char *server = gsmime_lookup_source (session,
                                                      one->key->fpr);
      g_assert (one->origin && *one->origin);
      g_assert ((one->source == GSMIME_SOURCE_DIRECTORY) == (server != NULL));
    }
}

/* A stored answer is found again, without gpgsm.  */
static void
read_revocation (GsmimeSession *session)
{
  g_autoptr (GsmimeRevocation) first = gsmime_revocation_check (session,
                                                                alice);
  g_autoptr (GsmimeRevocation) again = gsmime_revocation_check (session,
                                                                alice);

  g_assert (again->cached && again->state == first->state);
}

/* A state file as it was before a write: whether it was there, its
 * bytes, and its content when it could be read whole.  */
typedef struct
{
  char *bytes;
  gsize len;
  GKeyFile *kf;
} Before;

static void
before_read (Before *b, const char *path)
{
  b->kf = g_key_file_new ();
  if (!g_file_get_contents (path, &b->bytes, &b->len, NULL)
      || !g_key_file_load_from_data (b->kf, b->bytes, b->len,
                                     G_KEY_FILE_NONE, NULL))
    g_clear_pointer (&b->kf, g_key_file_unref);
}

static void
before_clear (Before *b)
{
  g_free (b->bytes);
  if (b->kf)
    g_key_file_unref (b->kf);
}

/* A write loses nothing it did not mean to change: a file that could
 * not be read whole is left as it was, and every value of one that
 * could, other than KEY of GROUP (every key of GROUP when KEY is NULL),
 * is still there.  */
static void
assert_kept (const Before *b, const char *path, const char *group,
             const char *key)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *bytes = NULL;
  g_auto (GStrv) groups = NULL;
  gsize len = 0;
  char **g, **k;

  if (b->bytes && !b->kf)
    {
      g_assert (g_file_get_contents (path, &bytes, &len, NULL));
      g_assert (len == b->len && !memcmp (bytes, b->bytes, len));
      return;
    }
  if (!b->kf)
    return;
  g_assert (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (b->kf, NULL);
  for (g = groups; *g; g++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (b->kf, *g, NULL, NULL);
      for (k = keys; k && *k; k++)
        {
          g_autofree char *was = NULL, *is = NULL;
          if (!strcmp (*g, group) && (!key || !strcmp (*k, key)))
            continue;
          was = g_key_file_get_value (b->kf, *g, *k, NULL);
          is = g_key_file_get_value (kf, *g, *k, NULL);
          g_assert (!g_strcmp0 (was, is));
        }
    }
}

/* A pin written is a pin read; forgetting a record removes that record
 * only.  */
static void
write_and_read (GsmimeSession *session, const gboolean *there)
{
  g_autofree char *pins = gsmime_session_state_file (session, "pins.ini");
  g_autofree char *harvest = gsmime_session_state_file (session,
                                                        "harvest.ini");
  Before b = { 0 };
  g_autofree char *pin = NULL;

  before_read (&b, pins);
  if (there[PINS] && gsmime_pin_set (session, addresses[0], alice, NULL))
    {
      pin = gsmime_pin_get (session, addresses[0]);
      g_assert (pin && !strcmp (pin, alice));
    }
  assert_kept (&b, pins, "pins", addresses[0]);
  before_clear (&b);
  memset (&b, 0, sizeof b);
  before_read (&b, harvest);
  if (there[HARVEST])
    gsmime_harvest_forget (session, GONE_FPR, NULL);
  assert_kept (&b, harvest, GONE_FPR, NULL);
  before_clear (&b);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GsmimeSession *session = fuzz_session ();
  gboolean there[N_FILES];
  guint i;

  /* What asks gpgsm (the harvested list, the writes, a revocation
   * answer the cache does not have) is done only for the files that
   * are there, so that inputs of one file run many times faster.  */
  write_files (session, data, size, there);
  if (there[HARVEST])
    read_harvested (session);
  for (i = 0; i < G_N_ELEMENTS (addresses); i++)
    read_candidates (session, addresses[i]);
  if (there[REVOCATION])
    read_revocation (session);
  write_and_read (session, there);
  return 0;
}
