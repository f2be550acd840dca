/* harvest.c - keeping the certificates that arrive with signed mail, by a
 * policy. */
#include <config.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <string.h>
#include "harvest.h"
#include <glib/gstdio.h>
#include "error.h"
#include "harvest-turn.h"
#include "i18n.h"
#include "keys.h"
#include "provenance-lock.h"
#include "verify.h"

struct _GsmimeHarvest
{
  GsmimeSession *session;
  GPtrArray *fresh;     /* fingerprints carried and not present before */
  char *pending;        /* the journal of FRESH, while undecided */
  GsmimeHarvestTurn *turn; /* the session's place in an order, or NULL */
};


char **
gsmime_cms_certificates (GBytes *sig)
{
  GPtrArray *out = g_ptr_array_new ();
  gnutls_pkcs7_t p7 = NULL;
  gnutls_datum_t der = { (unsigned char *) g_bytes_get_data (sig, NULL),
                         g_bytes_get_size (sig) };
  int i, n;

  if (gnutls_pkcs7_init (&p7) >= 0
      && gnutls_pkcs7_import (p7, &der, GNUTLS_X509_FMT_DER) >= 0)
    {
      n = gnutls_pkcs7_get_crt_count (p7);
      for (i = 0; i < n; i++)
        {
          gnutls_datum_t crt = { NULL, 0 };
          g_autofree char *sha1 = NULL;
          if (gnutls_pkcs7_get_crt_raw2 (p7, i, &crt) < 0)
            continue;
          sha1 = g_compute_checksum_for_data (G_CHECKSUM_SHA1, crt.data,
                                              crt.size);
          g_ptr_array_add (out, g_ascii_strup (sha1, -1));
          gnutls_free (crt.data);
        }
    }
  gnutls_pkcs7_deinit (p7);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* A fingerprint as gpgsm names X.509 certificates: SHA-1, 40 hex
 * digits.  Anything else given to gpgsm would be a search pattern, which
 * may match other certificates than the one meant.  */
static gboolean
is_fingerprint (const char *s)
{
  guint n;

  for (n = 0; s && g_ascii_isxdigit (s[n]); n++)
    ;
  return n == 40 && !s[n];
}

void
gsmime_provenance_load (GKeyFile *kf, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *aside = NULL;

  if (g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, &error)
      || g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return;
  aside = g_strconcat (path, ".damaged", NULL);
  g_rename (path, aside);
}

/* ---- the journal: what a crashed reader left undecided ----
 *
 * gpgsm stores carried certificates before gsmime has judged them.  A
 * reader killed in between would leave them in the keybox, and the next
 * run would take them for certificates that were there before.  So the
 * fresh ones are written to "pending-PID-N" first (N counts the journals
 * of the process, whose threads harvest side by side); a later run
 * removes what a dead process left there undecided (unless it has a
 * provenance record or a secret key by then, or a live process has it
 * undecided in its own journal).  */

static gboolean
process_is_gone (const char *name)
{
  long pid = strtol (name + strlen ("pending-"), NULL, 10);

  return pid > 0 && kill ((pid_t) pid, 0) < 0 && errno == ESRCH;
}

/* The fingerprints the journal at PATH names, or NULL when it cannot be
 * read.  */
static char **
read_journal (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strsplit (text, "\n", -1);
}

/* Removes what the journal at PATH of a dead process left undecided,
 * unless it has a provenance record or a secret key by now, or is in
 * LIVE, the journals of processes still at work.  */
static void
recover_file (GsmimeSession *session, const char *path, GKeyFile *provenance,
              GHashTable *live)
{
  g_auto (GStrv) fprs = read_journal (path);
  char **f;

  /* A damaged journal must not name, as a pattern, a certificate that
   * was never fresh.  */
  for (f = fprs; f && *f; f++)
    if (is_fingerprint (*f) && !g_key_file_has_group (provenance, *f)
        && !g_hash_table_contains (live, *f)
        && !gsmime_key_has_secret (session, *f))
      gsmime_key_delete (session, *f);
  g_unlink (path);
}

static void
recover_abandoned (GsmimeSession *session)
{
  g_autofree char *ini = gsmime_session_state_file (session, "harvest.ini");
  g_autofree char *dir = g_path_get_dirname (ini);
  g_autoptr (GKeyFile) provenance = g_key_file_new ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GHashTable) live = g_hash_table_new_full (g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
  g_autoptr (GPtrArray) dead = g_ptr_array_new_with_free_func (g_free);
  GsmimeProvenanceLock *lock;
  const char *name;
  char **f;
  guint i;

  /* Under the lock of harvest.ini, which journals are written under too:
   * a record or a journal of another process cannot appear between the
   * reading of them and the removals.  */
  lock = gsmime_provenance_lock (ini);
  g_key_file_load_from_file (provenance, ini, G_KEY_FILE_NONE, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = NULL;
      g_auto (GStrv) fprs = NULL;

      if (!g_str_has_prefix (name, "pending-"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (process_is_gone (name))
        {
          g_ptr_array_add (dead, g_steal_pointer (&path));
          continue;
        }
      fprs = read_journal (path);
      for (f = fprs; f && *f; f++)
        g_hash_table_add (live, g_strdup (*f));
    }
  for (i = 0; i < dead->len; i++)
    recover_file (session, g_ptr_array_index (dead, i), provenance, live);
  gsmime_provenance_unlock (lock);
}

/* Journals of the threads of one process need names of their own.  */
static gint journal_count;

static char *
write_journal (GsmimeSession *session, GPtrArray *fresh)
{
  g_autofree char *name = g_strdup_printf (
    "pending-%ld-%d", (long) getpid (), g_atomic_int_add (&journal_count, 1));
  char *path = gsmime_session_state_file (session, name);
  g_autofree char *ini = gsmime_session_state_file (session, "harvest.ini");
  g_autoptr (GString) text = g_string_new (NULL);
  GsmimeProvenanceLock *lock;
  guint i;

  for (i = 0; i < fresh->len; i++)
    g_string_append_printf (text, "%s\n", (char *) fresh->pdata[i]);
  /* Not while another process recovers: see recover_abandoned.  */
  lock = gsmime_provenance_lock (ini);
  g_file_set_contents (path, text->str, text->len, NULL);
  gsmime_provenance_unlock (lock);
  return path;
}

/* Sorts the certificates CARRIED into those in the keybox, which the
 * session's cache keeps, and the new ones, into H->fresh.  */
static void
sort_carried (GsmimeHarvest *h, char **carried)
{
  GHashTable *cache = gsmime_session_key_cache (h->session);
  char **c;

  for (c = carried; *c; c++)
    {
      g_autoptr (GPtrArray) keys = NULL;

      /* Known present this session: no need to ask gpgsm again.  */
      if (g_hash_table_contains (cache, *c))
        continue;
      /* Only a clear "not there" makes a certificate fresh; when gpgsm
       * cannot be asked, nothing is treated as removable.  */
      keys = gsmime_keys_list (h->session, *c, FALSE, NULL);
      if (keys && !keys->len)
        g_ptr_array_add (h->fresh, g_strdup (*c));
      else if (keys)
        {
          gpgme_key_t key = g_ptr_array_index (keys, 0);
          gpgme_key_ref (key);
          g_hash_table_insert (cache, g_strdup (*c), key);
        }
    }
}

/* In an order (harvest-order.h): sorts CARRIED again in the message's
 * turn, when the first sorting found something new or was overtaken by
 * another session's decision, and claims what is new.  In its turn every
 * message before this one is done, and no later one decides anything
 * until this one is, so it decides as a lone session reading in order
 * would.  */
static void
sort_in_turn (GsmimeHarvest *h, char **carried, guint64 stamp)
{
  GHashTable *cache = gsmime_session_key_cache (h->session);

  if (!h->fresh->len
      && gsmime_harvest_turn_settled (h->turn, stamp, carried))
    return;
  gsmime_harvest_turn_wait (h->turn);
  gsmime_harvest_turn_sync (h->turn, cache);
  g_ptr_array_set_size (h->fresh, 0);
  sort_carried (h, carried);
  gsmime_harvest_turn_claim (h->turn, h->fresh);
}

GsmimeHarvest *
gsmime_harvest_begin (GsmimeSession *session, GBytes *sig)
{
  GsmimeHarvest *h = g_new0 (GsmimeHarvest, 1);
  g_auto (GStrv) carried = gsmime_cms_certificates (sig);
  guint64 stamp = 0;

  h->session = session;
  h->fresh = g_ptr_array_new_with_free_func (g_free);
  h->turn = gsmime_harvest_turn_of (session);
  /* Before anything is judged: what a crashed run left undecided must not
   * pass for "present before".  */
  if (gsmime_session_first_time (session, "harvest-recovery"))
    recover_abandoned (session);
  if (h->turn)
    {
      gsmime_harvest_turn_sync (h->turn, gsmime_session_key_cache (session));
      stamp = gsmime_harvest_turn_stamp (h->turn);
    }
  sort_carried (h, carried);
  if (h->turn)
    sort_in_turn (h, carried, stamp);
  if (h->fresh->len)
    h->pending = write_journal (session, h->fresh);
  return h;
}

void
gsmime_harvest_free (GsmimeHarvest *harvest)
{
  if (!harvest)
    return;
  /* Finished or not, its certificates are no longer undecided.  */
  if (harvest->turn)
    gsmime_harvest_turn_release (harvest->turn, NULL);
  g_ptr_array_unref (harvest->fresh);
  g_free (harvest->pending);
  g_free (harvest);
}

void
gsmime_refusal_free (GsmimeRefusal *refusal)
{
  if (!refusal)
    return;
  g_free (refusal->fingerprint);
  g_free (refusal);
}

const char *
gsmime_refusal_code (const GsmimeRefusal *refusal)
{
  return refusal->harvesting_off ? "harvesting-off"
                                 : gsmime_reason_name (refusal->reason);
}

/* The first reason of VERDICT that refuses harvesting, into REASON.  */
static gboolean
refusing_reason (const GsmimeVerdict *verdict, GsmimeReasonCode *reason)
{
  guint i;

  for (i = 0; i < verdict->reasons->len; i++)
    {
      const GsmimeReason *r = g_ptr_array_index (verdict->reasons, i);
      if (gsmime_reason_info (r->reason)->refuses_harvest)
        {
          *reason = r->reason;
          return TRUE;
        }
    }
  return FALSE;
}

/* Whether certificates from these signatures must not be kept; WHY
 * receives why (its fingerprint is left alone).  */
static gboolean
refusal (GsmimeHarvest *h, GPtrArray *signers, GsmimeRefusal *why)
{
  guint i;

  if (!gsmime_session_get_settings (h->session)->harvest)
    {
      why->harvesting_off = TRUE;
      return TRUE;
    }
  if (!signers || !signers->len)
    {
      why->reason = GSMIME_REASON_MALFORMED;
      return TRUE;
    }
  for (i = 0; i < signers->len; i++)
    {
      GsmimeSigner *s = g_ptr_array_index (signers, i);
      if (refusing_reason (s->verdict, &why->reason))
        return TRUE;
    }
  return FALSE;
}

static GsmimeRefusal *
refusal_copy (const GsmimeRefusal *why, const char *fpr)
{
  GsmimeRefusal *r = g_new0 (GsmimeRefusal, 1);

  *r = *why;
  r->fingerprint = g_strdup (fpr);
  return r;
}

/* One group per certificate; the file is replaced by rename, so a crash
 * mid-write leaves the old or the new file, never half of one, and it
 * is loaded, changed and saved under its lock, so a writer beside this
 * one (another thread of the harvest, another gsmime) loses nothing of
 * what this one adds, nor this one of theirs.  */
static void
record_provenance (GsmimeHarvest *h, GPtrArray *kept,
                   const GsmimeProvenance *p, gboolean unchecked)
{
  g_autofree char *path = gsmime_session_state_file (h->session,
                                                     "harvest.ini");
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  g_autoptr (GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  GsmimeProvenanceLock *lock;
  guint i;

  /* gpgsm is asked before the lock is taken, to hold it briefly.  */
  for (i = 0; i < kept->len; i++)
    {
      gpgme_key_t key = gsmime_key_by_fingerprint (h->session,
                                                   kept->pdata[i], NULL);
      g_auto (GStrv) addresses = key ? gsmime_key_emails (key) : NULL;

      g_ptr_array_add (emails, g_strdup (addresses && addresses[0]
                                         ? addresses[0] : ""));
      gpgme_key_unref (key);
    }
  lock = gsmime_provenance_lock (path);
  gsmime_provenance_load (kf, path);
  for (i = 0; i < kept->len; i++)
    {
      const char *fpr = g_ptr_array_index (kept, i);

      g_key_file_set_string (kf, fpr, "email", emails->pdata[i]);
      g_key_file_set_string (kf, fpr, "message-id",
                             p && p->message_id ? p->message_id : "");
      g_key_file_set_string (kf, fpr, "date", p && p->date ? p->date : "");
      g_key_file_set_string (kf, fpr, "from", p && p->from ? p->from : "");
      g_key_file_set_string (kf, fpr, "harvested", when);
      g_key_file_set_boolean (kf, fpr, "revocation-unchecked", unchecked);
    }
  g_key_file_save_to_file (kf, path, NULL);
  gsmime_provenance_unlock (lock);
}

static gboolean
any_unchecked (GPtrArray *signers)
{
  guint i;

  for (i = 0; signers && i < signers->len; i++)
    {
      GsmimeSigner *s = g_ptr_array_index (signers, i);
      if (!s->revocation || s->revocation->state == GSMIME_REVOKED_UNKNOWN
          || s->revocation->state == GSMIME_REVOKED_UNCHECKED)
        return TRUE;
    }
  return FALSE;
}

/* What a dry run would have kept: the order's when the session is in
 * one, so that its sessions count each certificate once, else the
 * session's.  */
static gboolean
dry_kept_has (GsmimeHarvest *h, const char *fpr)
{
  return h->turn ? gsmime_harvest_turn_dry_kept (h->turn, fpr)
                 : g_hash_table_contains (
                     gsmime_session_dry_run_kept (h->session), fpr);
}

static void
dry_kept_add (GsmimeHarvest *h, const char *fpr)
{
  if (h->turn)
    gsmime_harvest_turn_add_dry_kept (h->turn, fpr);
  else
    g_hash_table_add (gsmime_session_dry_run_kept (h->session),
                      g_strdup (fpr));
}

void
gsmime_harvest_finish (GsmimeHarvest *h, GPtrArray *signers,
                       const GsmimeProvenance *provenance, gboolean dry_run,
                       GPtrArray *added, GPtrArray *refused)
{
  GsmimeRefusal why = { 0 };
  gboolean refuse = refusal (h, signers, &why);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  g_autoptr (GPtrArray) removed = g_ptr_array_new ();
  guint i;

  for (i = 0; i < h->fresh->len; i++)
    {
      const char *fpr = g_ptr_array_index (h->fresh, i);

      /* Not in the keybox after all (gpgsm stores only what it could
       * parse), or a secret key arrived meanwhile: leave it alone.  */
      if (!gsmime_key_cached (h->session, fpr, NULL)
          || gsmime_key_has_secret (h->session, fpr))
        continue;
      if (!refuse && !dry_run)
        {
          g_ptr_array_add (kept, (char *) fpr);
          if (added)
            g_ptr_array_add (added, g_strdup (fpr));
          continue;
        }
      gsmime_key_delete (h->session, fpr);
      g_ptr_array_add (removed, (char *) fpr);
      /* A dry run removes what it would have kept, but counts it once and
       * lets later messages treat it as a real run would: as known.  */
      if (dry_run && dry_kept_has (h, fpr))
        continue;
      if (refuse && refused)
        g_ptr_array_add (refused, refusal_copy (&why, fpr));
      if (!refuse && dry_run)
        {
          dry_kept_add (h, fpr);
          if (added)
            g_ptr_array_add (added, g_strdup (fpr));
        }
    }
  if (kept->len)
    record_provenance (h, kept, provenance, any_unchecked (signers));
  /* Decided and recorded: the journal has done its job.  */
  if (h->pending)
    g_unlink (h->pending);
  /* Only now may the sessions beside this one judge these certificates
   * again, knowing which are gone.  */
  if (h->turn)
    gsmime_harvest_turn_release (h->turn, removed);
}

/* ---- what was kept, for a host to show ---- */

void
gsmime_harvested_free (GsmimeHarvested *h)
{
  if (!h)
    return;
  g_free (h->fingerprint);
  g_free (h->email);
  g_free (h->subject);
  g_free (h->from);
  g_free (h->date);
  g_free (h->message_id);
  g_free (h->harvested);
  g_free (h);
}

static char *
record_string (GKeyFile *kf, const char *group, const char *key)
{
  char *value = g_key_file_get_string (kf, group, key, NULL);

  if (!value)
    value = g_strdup ("");
  return value;
}

static gint
newest_first (gconstpointer a, gconstpointer b)
{
  const GsmimeHarvested *x = *(GsmimeHarvested *const *) a;
  const GsmimeHarvested *y = *(GsmimeHarvested *const *) b;

  return g_strcmp0 (y->harvested, x->harvested);
}

GPtrArray *
gsmime_harvest_list (GsmimeSession *session, GError **error)
{
  g_autofree char *path = gsmime_session_state_file (session, "harvest.ini");
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GHashTable) by_fpr = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (GStrv) groups = NULL;
  GPtrArray *out;
  char **g;
  guint i;

  /* One listing of the keybox, not one gpgsm call per record.  */
  keys = gsmime_keys_list (session, NULL, FALSE, error);
  if (!keys)
    return NULL;
  for (i = 0; i < keys->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      if (key->subkeys && key->subkeys->fpr)
        g_hash_table_insert (by_fpr, key->subkeys->fpr, key);
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_harvested_free);
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return out;
  groups = g_key_file_get_groups (kf, NULL);
  for (g = groups; *g; g++)
    {
      gpgme_key_t key = g_hash_table_lookup (by_fpr, *g);
      GsmimeHarvested *h;

      if (!key)
        continue;
      h = g_new0 (GsmimeHarvested, 1);
      h->fingerprint = g_strdup (*g);
      h->email = record_string (kf, *g, "email");
      h->subject = g_strdup (key->uids && key->uids->uid ? key->uids->uid : "");
      h->expires = gsmime_key_expires (key);
      h->from = record_string (kf, *g, "from");
      h->date = record_string (kf, *g, "date");
      h->message_id = record_string (kf, *g, "message-id");
      h->harvested = record_string (kf, *g, "harvested");
      h->revocation_unchecked =
        g_key_file_get_boolean (kf, *g, "revocation-unchecked", NULL);
      g_ptr_array_add (out, h);
    }
  g_ptr_array_sort (out, newest_first);
  return out;
}

/* Removes the record of FPR from the provenance file PATH, under its
 * lock, so that a harvest writing beside it keeps its records and this
 * removal stays.  */
static void
forget_record (const char *path, const char *fpr)
{
  g_autoptr (GsmimeProvenanceLock) lock = gsmime_provenance_lock (path);
  g_autoptr (GKeyFile) kf = g_key_file_new ();

  if (g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL)
      && g_key_file_remove_group (kf, fpr, NULL))
    g_key_file_save_to_file (kf, path, NULL);
}

gboolean
gsmime_harvest_forget (GsmimeSession *session, const char *fpr,
                       GError **error)
{
  g_autofree char *path = gsmime_session_state_file (session, "harvest.ini");
  g_autoptr (GError) missing = NULL;
  gpgme_key_t key;

  if (!is_fingerprint (fpr))
    {
      gsmime_set_error (error, GPG_ERR_INV_ARG,
                        _("\"%s\" is not the fingerprint of a certificate "
                          "(40 hexadecimal digits)"), fpr ? fpr : "");
      return FALSE;
    }
  if (gsmime_key_has_secret (session, fpr))
    {
      gsmime_set_error (error, GPG_ERR_FORBIDDEN,
                        _("The certificate %s has a secret key: it is one of "
                          "your own and is not removed with the harvested "
                          "ones"), fpr);
      return FALSE;
    }
  key = gsmime_key_by_fingerprint (session, fpr, &missing);
  if (!key && !g_error_matches (missing, GSMIME_ERROR, GPG_ERR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&missing));
      return FALSE;
    }
  if (key)
    {
      gpgme_key_unref (key);
      gsmime_key_delete (session, fpr);
      key = gsmime_key_by_fingerprint (session, fpr, NULL);
      if (key)
        {
          gpgme_key_unref (key);
          gsmime_set_error (error, GPG_ERR_GENERAL,
                            _("gpgsm did not remove the certificate %s; try "
                              "\"gpgsm --delete-keys %s\""), fpr, fpr);
          return FALSE;
        }
    }
  forget_record (path, fpr);
  if (missing)
    {
      g_propagate_error (error, g_steal_pointer (&missing));
      return FALSE;
    }
  return TRUE;
}
