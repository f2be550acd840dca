/* homeconf.c - the settings gsmime needs in the GnuPG home. */
#include <config.h>
#include <errno.h>
#include <gpgme.h>
#include <string.h>
#include "homeconf.h"
#include "error.h"
#include "i18n.h"

/* TRUE when CONF has an option line OPTION (comments and other options
 * that merely start with the same letters do not count).  */
static gboolean
has_option (const char *conf, const char *option)
{
  g_auto (GStrv) lines = g_strsplit (conf, "\n", -1);
  size_t n = strlen (option);
  char **l;

  for (l = lines; *l; l++)
    {
      const char *s = *l + strspn (*l, " \t");
      if (!strncmp (s, option, n) && (!s[n] || g_ascii_isspace (s[n])))
        return TRUE;
    }
  return FALSE;
}

static gboolean
append_option (const char *path, const char *conf, const char *text,
               GError **error)
{
  g_autoptr (GError) io = NULL;
  g_autofree char *updated = NULL;

  updated = g_strconcat (conf, *conf && !g_str_has_suffix (conf, "\n")
                               ? "\n" : "", text, NULL);
  if (!g_file_set_contents_full (path, updated, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &io))
    {
      gsmime_set_error (error, GPG_ERR_EIO,
                        _("Could not update %s: %s; check the permissions of "
                          "your GnuPG home"), path, io->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
gsmime_home_prepare (const char *homedir, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *conf = NULL;
  g_autoptr (GError) io = NULL;

  if (!homedir)
    homedir = gpgme_get_dirinfo ("homedir");
  if (!homedir)
    return TRUE;
  if (g_mkdir_with_parents (homedir, 0700) < 0)
    {
      gsmime_set_error (error, gpg_err_code_from_errno (errno),
                        _("Could not create the GnuPG home %s: %s"), homedir,
                        g_strerror (errno));
      return FALSE;
    }
  path = g_build_filename (homedir, "gpgsm.conf", NULL);
  if (!g_file_get_contents (path, &conf, NULL, &io))
    {
      if (!g_error_matches (io, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          gsmime_set_error (error, GPG_ERR_EIO, _("Could not read %s: %s"),
                            path, io->message);
          return FALSE;
        }
      conf = g_strdup ("");
    }
  if (has_option (conf, "cipher-algo"))
    return TRUE;
  return append_option (path, conf,
                        "# Added by gsmime: encrypt with AES-256.\n"
                        "cipher-algo AES256\n", error);
}
