/* trust.c - trusting a root certificate, as one deliberate step. */
#include <config.h>
#include <string.h>
#include "trust.h"
#include "call-agent.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"

void
gsmime_root_info_free (GsmimeRootInfo *info)
{
  if (!info)
    return;
  g_free (info->fingerprint);
  g_free (info->sha256);
  g_free (info->sha1);
  g_free (info->subject);
  g_free (info);
}

static char *
trustlist_path (GsmimeSession *session)
{
  const char *home = gsmime_session_get_homedir (session);

  return g_build_filename (home ? home : gpgme_get_dirinfo ("homedir"),
                           "trustlist.txt", NULL);
}

/* "AB:CD:..." from a hex digest, as fingerprints are read aloud.  */
static char *
colon_hex (const char *hex)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = hex; p[0] && p[1]; p += 2)
    g_string_append_printf (out, "%s%c%c", out->len ? ":" : "",
                            g_ascii_toupper (p[0]), g_ascii_toupper (p[1]));
  return g_string_free (out, FALSE);
}

static char *
sha256_of_cert (GsmimeSession *session, const char *fpr)
{
  gpgme_ctx_t ctx = gsmime_session_keylist_ctx (session);
  gpgme_data_t der = NULL;
  g_autofree char *hex = NULL;
  char *buf;
  size_t len = 0;

  if (gpgme_data_new (&der))
    return NULL;
  gpgme_set_armor (ctx, 0);
  if (!gpgme_op_export (ctx, fpr, 0, der))
    {
      buf = gpgme_data_release_and_get_mem (der, &len);
      hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) buf, len);
      gpgme_free (buf);
      return colon_hex (hex);
    }
  gpgme_data_release (der);
  return NULL;
}

/* Whether the trust list has a line for FPR; the fingerprint may be
 * written with or without colons.  DISTRUSTED reports a "!" line.  */
static gboolean
line_is_for (const char *line, const char *fpr, gboolean *distrusted)
{
  GString *hex = g_string_new (NULL);
  const char *p = line + strspn (line, " \t");
  gboolean match;

  *distrusted = *p == '!';
  if (*distrusted)
    p++;
  for (; *p && !g_ascii_isspace (*p); p++)
    if (*p != ':')
      g_string_append_c (hex, g_ascii_toupper (*p));
  match = !g_ascii_strcasecmp (hex->str, fpr);
  g_string_free (hex, TRUE);
  return match;
}

static gboolean
is_trusted (GsmimeSession *session, const char *fpr)
{
  g_autofree char *path = trustlist_path (session);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  char **l;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (l = lines; *l; l++)
    {
      gboolean distrusted;
      if (**l != '#' && line_is_for (*l, fpr, &distrusted))
        return !distrusted;
    }
  return FALSE;
}

static gboolean
check_is_root (gpgme_key_t key, GError **error)
{
  gboolean self_signed = key->chain_id && !g_ascii_strcasecmp (key->chain_id,
                                                               key->fpr);
  if (self_signed && key->can_certify)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_WRONG_KEY_USAGE,
                    key->can_certify
                    ? _("%s is an intermediate certificate, not a root; trust "
                        "the root it was issued by instead")
                    : _("%s is not a root certificate but one issued to a "
                        "person or service; trust the root of its chain "
                        "instead"),
                    key->uids && key->uids->uid ? key->uids->uid : key->fpr);
  return FALSE;
}

GsmimeRootInfo *
gsmime_root_describe (GsmimeSession *session, const char *fpr, GError **error)
{
  gpgme_key_t key = gsmime_key_by_fingerprint (session, fpr, error);
  GsmimeRootInfo *info;

  if (!key)
    return NULL;
  if (!check_is_root (key, error))
    {
      gpgme_key_unref (key);
      return NULL;
    }
  info = g_new0 (GsmimeRootInfo, 1);
  info->fingerprint = g_strdup (key->fpr);
  info->sha1 = colon_hex (key->fpr);
  info->sha256 = sha256_of_cert (session, key->fpr);
  info->subject = g_strdup (key->uids ? key->uids->uid : "");
  info->trusted = is_trusted (session, key->fpr);
  gpgme_key_unref (key);
  return info;
}

/* The trust list without any line for FPR, plus the new line.  */
static char *
rewrite_list (const char *old, const GsmimeRootInfo *info, gboolean trusted)
{
  g_auto (GStrv) lines = g_strsplit (old ? old : "", "\n", -1);
  GString *out = g_string_new (NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  char **l;

  for (l = lines; *l; l++)
    {
      gboolean distrusted;
      /* gsmime's own comment on an earlier change goes with that line.  */
      gboolean own_comment = **l == '#' && strstr (*l, "(gsmime, ")
                             && strstr (*l, info->subject);
      if (**l && !own_comment
          && (**l == '#' || !line_is_for (*l, info->fingerprint, &distrusted)))
        g_string_append_printf (out, "%s\n", *l);
    }
  g_string_append_printf (out, "# %s: %s (gsmime, %s)\n%s%s S\n",
                          trusted ? "trusted" : "distrusted", info->subject,
                          date, trusted ? "" : "!", info->fingerprint);
  return g_string_free (out, FALSE);
}

gboolean
gsmime_root_set_trusted (GsmimeSession *session, const char *fpr,
                         gboolean trusted, GError **error)
{
  g_autoptr (GsmimeRootInfo) info = gsmime_root_describe (session, fpr, error);
  g_autofree char *path = trustlist_path (session);
  g_autofree char *old = NULL;
  g_autofree char *updated = NULL;
  g_autoptr (GError) io = NULL;

  if (!info)
    return FALSE;
  g_file_get_contents (path, &old, NULL, NULL);
  updated = rewrite_list (old, info, trusted);
  if (!g_file_set_contents_full (path, updated, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &io))
    {
      gsmime_set_error (error, GPG_ERR_EIO, _("Could not write %s: %s"), path,
                        io->message);
      return FALSE;
    }
  return gsmime_agent_reload (gsmime_session_get_homedir (session), error);
}
