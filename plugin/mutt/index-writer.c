/* index-writer.c - mutt's .index files, written from the keybox and
 * kept in step with it. */
#include <config.h>
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include "index-writer.h"
#include "host.h"
#include "session-wire.h"
#include "gsmime.h"
#include "i18n.h"

char *
mutt_index_dir (GsmimeSession *session, const char *which)
{
  g_autofree char *base = gsmime_session_state_file (session, "mutt");
  char *dir = g_build_filename (base, which, NULL);

  g_mkdir_with_parents (dir, 0700);
  return dir;
}

/* mutt splits index lines at spaces, so the label (the subject's common
 * name) carries underscores instead.  */
static char *
label_for (const GsmimeCertInfo *info)
{
  const char *cn = info->subject ? strstr (info->subject, "CN=") : NULL;
  g_autofree char *name = NULL;
  char *p;

  if (!cn)
    return g_strdup (info->emails[0] ? info->emails[0] : "-");
  name = g_strdup (cn + 3);
  p = strchr (name, ',');
  if (p)
    *p = '\0';
  for (p = name; *p; p++)
    if (g_ascii_isspace (*p))
      *p = '_';
  return *name ? g_steal_pointer (&name) : g_strdup ("-");
}

/* mutt's trust letter: the one the table of reasons (common/reasons.c)
 * gives the certificate's main reason: t (trusted) when green, u
 * (unverified, so that mutt asks before using it) when orange, e, r and
 * i for expired, revoked and invalid.  A certificate that is not red and
 * is not the one gsmime would choose for the address is v, so that it
 * never competes with the chosen one.  */
static char
trust_letter (const GsmimeCertInfo *info, gboolean chosen)
{
  const GsmimeVerdict *v = info->verdict;
  const GsmimeReason *main_reason = gsmime_verdict_main_reason (v);

  if (v->colour != GSMIME_RED && !chosen)
    return 'v';
  if (!main_reason)
    return 'u';
  return gsmime_reason_info (main_reason->reason)->mutt_trust;
}

static void
add_lines (GString *index, const GsmimeCertInfo *info, GHashTable *chosen)
{
  g_autofree char *label = label_for (info);
  char purpose[3] = { 0 };
  char **e;

  /* An elliptic-curve certificate meant for encryption is listed for
   * encryption even where the engine cannot encrypt with ECDH: mutt then
   * hands it to the encrypt command, which says why it cannot be used,
   * instead of saying that there is no certificate at all.  */
  gboolean encrypt = info->can_encrypt || info->ecdh;

  purpose[0] = encrypt ? 'e' : (info->can_sign ? 's' : '-');
  purpose[1] = encrypt && info->can_sign ? 's' : '\0';
  for (e = info->emails; *e; e++)
    {
      const char *best = g_hash_table_lookup (chosen, *e);
      gboolean is_chosen = best && !g_ascii_strcasecmp (best,
                                                        info->fingerprint);
      g_string_append_printf (index, "%s %s %s ? %c %s\n", *e,
                              info->fingerprint, label,
                              trust_letter (info, is_chosen), purpose);
    }
}

/* The fingerprint the core would choose for ADDRESS: for encryption
 * (FOR_KEYS FALSE) or as the user's own signing key.  For encryption, an
 * elliptic-curve certificate that the core refuses only because this
 * engine cannot encrypt with ECDH counts as chosen: mutt offers a menu
 * and asks "ID is not trusted" for any other, and then never runs the
 * encrypt command, which says what stands in the way.  */
static char *
choose (GsmimeSession *session, const char *address, gboolean for_keys)
{
  GsmimeRecipientProblem *problem = NULL;
  gpgme_key_t key;
  char *fpr = NULL;

  key = for_keys ? gsmime_choose_signing_key (session, address, NULL)
                 : gsmime_choose_recipient (session, address, TRUE, &problem,
                                            NULL);
  if (!key)
    {
      if (problem && problem->problem == GSMIME_RECIPIENT_ECDH_UNSUPPORTED)
        fpr = g_strdup (problem->fingerprint);
      gsmime_recipient_problem_free (problem);
      return fpr;
    }
  fpr = g_strdup (key->fpr);
  gpgme_key_unref (key);
  return fpr;
}

static char *
build_index (GsmimeSession *session, GPtrArray *certs, gboolean for_keys)
{
  g_autoptr (GHashTable) chosen = g_hash_table_new_full (g_str_hash,
                                                         g_str_equal, g_free,
                                                         g_free);
  GString *index = g_string_new (NULL);
  guint i;
  char **e;

  for (i = 0; i < certs->len; i++)
    {
      GsmimeCertInfo *info = g_ptr_array_index (certs, i);
      if (info->is_ca || (for_keys && !info->has_secret))
        continue;
      for (e = info->emails; *e; e++)
        if (!g_hash_table_contains (chosen, *e))
          g_hash_table_insert (chosen, g_strdup (*e),
                               choose (session, *e, for_keys));
      add_lines (index, info, chosen);
    }
  return g_string_free (index, FALSE);
}

/* Replaces the file only when its content changes, and atomically, so
 * that mutt never reads half an index.  */
static gboolean
write_index (GsmimeSession *session, const char *which, const char *text,
             GError **error)
{
  g_autofree char *dir = mutt_index_dir (session, which);
  g_autofree char *path = g_build_filename (dir, ".index", NULL);
  g_autofree char *old = NULL;
  g_autoptr (GError) io = NULL;

  if (g_file_get_contents (path, &old, NULL, NULL) && !strcmp (old, text))
    return TRUE;
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &io))
    {
      gsmime_set_error (error, GPG_ERR_EIO, _("Could not write %s: %s"),
                        path, io->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
mutt_index_sync (GsmimeSession *session, GError **error)
{
  g_autoptr (GPtrArray) certs = gsmime_certs_list (session, NULL, error);
  g_autofree char *public_index = NULL;
  g_autofree char *own_index = NULL;

  if (!certs)
    return FALSE;
  public_index = build_index (session, certs, FALSE);
  own_index = build_index (session, certs, TRUE);
  return write_index (session, "certificates", public_index, error)
         && write_index (session, "keys", own_index, error);
}

char *
mutt_index_default_key (GsmimeSession *session)
{
  g_autoptr (GPtrArray) own = gsmime_keys_list (session, NULL, TRUE, NULL);
  gpgme_key_t best = NULL;
  guint i;

  for (i = 0; own && i < own->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (own, i);
      if (key->revoked || key->expired || key->invalid || !key->can_sign)
        continue;
      /* One that also decrypts is best, but an elliptic-curve key, which
       * this engine may sign with only, still signs.  */
      if (!best || (key->can_encrypt && !best->can_encrypt)
          || (key->can_encrypt == best->can_encrypt
              && gsmime_key_not_before (key) > gsmime_key_not_before (best)))
        best = key;
    }
  return best ? g_strdup (best->fpr) : NULL;
}

void
mutt_keybox_changed (const char *homedir)
{
  g_autofree char *home = mutt_wire_home (homedir);
  g_autofree char *dir = g_build_filename (home, "gsmime", "mutt", NULL);
  g_autoptr (GsmimeSession) session = NULL;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return;
  session = gsmime_session_new (home, NULL);
  if (session)
    mutt_index_sync (session, NULL);
}
