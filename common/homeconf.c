/* homeconf.c - the settings gsmime needs in the GnuPG home. */
#include <config.h>
#include <errno.h>
#include <gpgme.h>
#include <string.h>
#include "homeconf.h"
#include "call-gpgconf.h"
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

/* Adds TEXT to the file NAME in HOMEDIR unless one of OPTIONS is set
 * there already.  CHANGED tells whether the file was written.  */
static gboolean
ensure_option (const char *homedir, const char *name,
               const char *const *options, const char *text,
               gboolean *changed, GError **error)
{
  g_autofree char *path = g_build_filename (homedir, name, NULL);
  g_autofree char *conf = NULL;
  g_autoptr (GError) io = NULL;
  const char *const *o;

  *changed = FALSE;
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
  for (o = options; *o; o++)
    if (has_option (conf, *o))
      return TRUE;
  *changed = TRUE;
  return append_option (path, conf, text, error);
}

gboolean
gsmime_home_prepare (const char *homedir, GError **error)
{
  static const char *const cipher[] = { "cipher-algo", NULL };
  static const char *const marktrusted[] = { "allow-mark-trusted",
                                             "no-allow-mark-trusted", NULL };
  gboolean changed;

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
  if (!ensure_option (homedir, "gpgsm.conf", cipher,
                      "# Added by gsmime: encrypt with AES-256.\n"
                      "cipher-algo AES256\n", &changed, error))
    return FALSE;
  /* gpgsm asks gpg-agent to pop up "Do you ultimately trust this root?"
   * when a signature leads to an unknown root; GPGME 1.18 cannot switch
   * that off per operation.  Trust is given with "gsmime trust-root".  */
  if (!ensure_option (homedir, "gpg-agent.conf", marktrusted,
                      "# Added by gsmime: never ask about trusting a root "
                      "while mail is read;\n# use \"gsmime trust-root\" "
                      "instead.\nno-allow-mark-trusted\n", &changed, error))
    return FALSE;
  /* A running agent reads its configuration again on SIGHUP.  */
  if (changed)
    gsmime_gpgconf_reload (homedir, "gpg-agent");
  return TRUE;
}

gboolean
gsmime_home_enable_ocsp (const char *homedir, GError **error)
{
  static const char *const ocsp[] = { "allow-ocsp", NULL };
  gboolean changed;

  if (!homedir)
    homedir = gpgme_get_dirinfo ("homedir");
  if (!homedir)
    return TRUE;
  if (!ensure_option (homedir, "dirmngr.conf", ocsp,
                      "# Added by gsmime: revocation checks ask the OCSP "
                      "responder of certificates\n# that name no CRL, "
                      "and of all with --revocation ocsp.\nallow-ocsp\n",
                      &changed, error))
    return FALSE;
  if (changed)
    gsmime_gpgconf_reload (homedir, "dirmngr");
  return TRUE;
}

/* The value of the option line OPTION in CONF (the last one wins, as
 * in dirmngr), or NULL.  */
static char *
option_value (const char *conf, const char *option)
{
  g_auto (GStrv) lines = g_strsplit (conf, "\n", -1);
  size_t n = strlen (option);
  char *value = NULL;
  char **l;

  for (l = lines; *l; l++)
    {
      const char *s = *l + strspn (*l, " \t");
      if (!strncmp (s, option, n) && g_ascii_isspace (s[n]))
        {
          g_free (value);
          value = g_strstrip (g_strdup (s + n));
        }
    }
  return value;
}

void
gsmime_dirmngr_ocsp_clear (GsmimeDirmngrOcsp *conf)
{
  g_clear_pointer (&conf->default_responder, g_free);
}

void
gsmime_home_read_ocsp (const char *homedir, GsmimeDirmngrOcsp *conf)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *signer = NULL;

  memset (conf, 0, sizeof *conf);
  if (!homedir)
    homedir = gpgme_get_dirinfo ("homedir");
  path = homedir ? g_build_filename (homedir, "dirmngr.conf", NULL) : NULL;
  if (!path || !g_file_get_contents (path, &text, NULL, NULL))
    return;
  conf->allow_ocsp = has_option (text, "allow-ocsp");
  conf->ignore_named = has_option (text, "ignore-ocsp-service-url");
  signer = option_value (text, "ocsp-signer");
  if (signer && *signer)
    conf->default_responder = option_value (text, "ocsp-responder");
  if (conf->default_responder && !*conf->default_responder)
    g_clear_pointer (&conf->default_responder, g_free);
}

/* The comment that marks the responder line as gsmime's own.  */
#define RESPONDER_MARK "# Added by gsmime: the OCSP responder chosen in " \
                       "gsmime's preferences."

static gboolean
valid_responder (const char *url)
{
  const char *p;

  if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    return FALSE;
  for (p = url; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

gboolean
gsmime_home_set_ocsp_responder (const char *homedir, const char *url,
                                GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *conf = NULL;
  g_autoptr (GError) io = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  gboolean ours_next = FALSE, theirs = FALSE;
  char **l;

  if (url && *url && !valid_responder (url))
    {
      gsmime_set_error (error, GPG_ERR_INV_VALUE,
                        _("\"%s\" is not an OCSP responder address; give an "
                          "http:// or https:// URL, or leave it empty"), url);
      return FALSE;
    }
  if (!homedir)
    homedir = gpgme_get_dirinfo ("homedir");
  if (!homedir)
    return TRUE;
  path = g_build_filename (homedir, "dirmngr.conf", NULL);
  if (!g_file_get_contents (path, &conf, NULL, &io))
    {
      if (!g_error_matches (io, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          gsmime_set_error (error, GPG_ERR_EIO, _("Could not read %s: %s"),
                            path, io->message);
          return FALSE;
        }
      g_clear_error (&io);
      conf = g_strdup ("");
    }
  /* Everything but gsmime's own responder (the mark and the line after
   * it) is kept as it was.  */
  lines = g_strsplit (conf, "\n", -1);
  for (l = lines; *l; l++)
    {
      if (!strcmp (*l, RESPONDER_MARK))
        {
          ours_next = TRUE;
          continue;
        }
      if (ours_next && has_option (*l, "ocsp-responder"))
        {
          ours_next = FALSE;
          continue;
        }
      ours_next = FALSE;
      if (has_option (*l, "ocsp-responder"))
        theirs = TRUE;
      if (**l || l[1])
        g_string_append_printf (out, "%s%s", *l, l[1] ? "\n" : "");
    }
  if (url && *url)
    {
      if (theirs)
        {
          gsmime_set_error (error, GPG_ERR_CONFLICT,
                            _("%s already names an OCSP responder"), path);
          return FALSE;
        }
      if (out->len && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s\nocsp-responder %s\n", RESPONDER_MARK,
                              url);
    }
  if (!strcmp (out->str, conf))
    return TRUE;
  if (!g_file_set_contents_full (path, out->str, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &io))
    {
      gsmime_set_error (error, GPG_ERR_EIO,
                        _("Could not update %s: %s; check the permissions of "
                          "your GnuPG home"), path, io->message);
      return FALSE;
    }
  gsmime_gpgconf_reload (homedir, "dirmngr");
  return TRUE;
}
