/* call-agent-trustlist.c - gpg-agent's trustlist.txt, read and edited. */
#include <config.h>
#include <gpgme.h>
#include <string.h>
#include "call-agent-trustlist.h"
#include "call-agent.h"
#include "error.h"
#include "i18n.h"

static char *
trustlist_path (const char *homedir)
{
  return g_build_filename (homedir ? homedir : gpgme_get_dirinfo ("homedir"),
                           "trustlist.txt", NULL);
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

gboolean
gsmime_trustlist_is_trusted (const char *homedir, const char *fpr)
{
  g_autofree char *path = trustlist_path (homedir);
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

/* The trust list OLD without any line for FPR, plus the new line.  */
static char *
rewrite_list (const char *old, const char *fpr, const char *subject,
              gboolean trusted)
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
                             && strstr (*l, subject);
      if (**l && !own_comment
          && (**l == '#' || !line_is_for (*l, fpr, &distrusted)))
        g_string_append_printf (out, "%s\n", *l);
    }
  g_string_append_printf (out, "# %s: %s (gsmime, %s)\n%s%s S\n",
                          trusted ? "trusted" : "distrusted", subject, date,
                          trusted ? "" : "!", fpr);
  return g_string_free (out, FALSE);
}

gboolean
gsmime_trustlist_write (const char *homedir, const char *fpr,
                        const char *subject, gboolean trusted, GError **error)
{
  g_autofree char *path = trustlist_path (homedir);
  g_autofree char *old = NULL;
  g_autofree char *updated = NULL;
  g_autoptr (GError) io = NULL;

  g_file_get_contents (path, &old, NULL, NULL);
  updated = rewrite_list (old, fpr, subject, trusted);
  if (!g_file_set_contents_full (path, updated, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &io))
    {
      gsmime_set_error (error, GPG_ERR_EIO, _("Could not write %s: %s"), path,
                        io->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
gsmime_trustlist_set (const char *homedir, const char *fpr,
                      const char *subject, gboolean trusted, GError **error)
{
  return gsmime_trustlist_write (homedir, fpr, subject, trusted, error)
         && gsmime_agent_reload (homedir, error);
}
