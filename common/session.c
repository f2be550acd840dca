/* session.c - one conversation with gpgsm, reused for many messages. */
#include <config.h>
#include <locale.h>
#include "session.h"
#include "error.h"
#include "homeconf.h"
#include "i18n.h"

struct _GsmimeSession
{
  char *homedir;
  GsmimeSettings settings;
  gpgme_ctx_t crypto;
  gpgme_ctx_t keylist;
  GHashTable *key_cache;
  GHashTable *dry_run_kept;
  GHashTable *done_once;
  GData *data;
};

/* gpgme_check_version must run once before any other GPGME call; it also
 * tells GPGME the locale that gpgsm and the pinentry should speak.  */
static gboolean
init_gpgme (GError **error)
{
  static gsize done;
  static gpgme_error_t init_err;

  if (g_once_init_enter (&done))
    {
      gpgme_check_version (NULL);
      gpgme_set_locale (NULL, LC_CTYPE, setlocale (LC_CTYPE, NULL));
#ifdef LC_MESSAGES
      gpgme_set_locale (NULL, LC_MESSAGES, setlocale (LC_MESSAGES, NULL));
#endif
      init_err = gpgme_engine_check_version (GPGME_PROTOCOL_CMS);
      g_once_init_leave (&done, 1);
    }
  if (init_err)
    {
      gsmime_set_gpgme_error (error, init_err,
                              _("gpgsm cannot be used; install it "
                                "(Debian: apt-get install gpgsm)"));
      return FALSE;
    }
  return TRUE;
}

/* The gpgsm that GPGME runs: the gsmime-gpgsm wrapper, which keeps
 * gpgsm away from dirmngr (see revocation.h).  $GSMIME_GPGSM names it in
 * an uninstalled build; without any, plain gpgsm still works, only
 * without the time budget on revocation checks.  */
static const char *
engine_program (void)
{
  const char *env = g_getenv ("GSMIME_GPGSM");
  static const char installed[] = PKGLIBEXECDIR "/gsmime-gpgsm";

  if (env && *env)
    return env;
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return installed;
  return NULL;
}

static gpgme_ctx_t
new_cms_context (const char *homedir, GError **error)
{
  gpgme_ctx_t ctx = NULL;
  gpgme_error_t err;

  err = gpgme_new (&ctx);
  if (!err)
    err = gpgme_set_protocol (ctx, GPGME_PROTOCOL_CMS);
  if (!err)
    err = gpgme_ctx_set_engine_info (ctx, GPGME_PROTOCOL_CMS,
                                     engine_program (), homedir);
  /* gpgsm takes the locale from its environment already; telling it again
   * costs two round trips before every operation.  */
  if (!err)
    err = gpgme_set_locale (ctx, LC_CTYPE, NULL);
#ifdef LC_MESSAGES
  if (!err)
    err = gpgme_set_locale (ctx, LC_MESSAGES, NULL);
#endif
  if (err)
    {
      gsmime_set_gpgme_error (error, err,
                              _("Could not start talking to gpgsm"));
      gpgme_release (ctx);
      return NULL;
    }
  return ctx;
}

static const char *
default_homedir (const char *homedir)
{
  if (homedir && *homedir)
    return homedir;
  homedir = g_getenv ("GNUPGHOME");
  return homedir && *homedir ? homedir : NULL;
}

GsmimeSession *
gsmime_session_new (const char *homedir, GError **error)
{
  g_autoptr (GsmimeSession) session = NULL;

  gsmime_i18n_init ();
  if (!init_gpgme (error))
    return NULL;

  session = g_new0 (GsmimeSession, 1);
  session->homedir = g_strdup (default_homedir (homedir));
  gsmime_settings_init (&session->settings);
  session->key_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) gpgme_key_unref);
  session->dry_run_kept = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                 g_free, NULL);
  session->done_once = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              NULL);

  if (!gsmime_home_prepare (session->homedir, error))
    return NULL;
  session->crypto = new_cms_context (session->homedir, error);
  if (!session->crypto)
    return NULL;
  session->keylist = new_cms_context (session->homedir, error);
  if (!session->keylist)
    return NULL;
  return g_steal_pointer (&session);
}

void
gsmime_session_free (GsmimeSession *session)
{
  if (!session)
    return;
  gpgme_release (session->crypto);
  gpgme_release (session->keylist);
  if (session->key_cache)
    g_hash_table_unref (session->key_cache);
  if (session->dry_run_kept)
    g_hash_table_unref (session->dry_run_kept);
  if (session->done_once)
    g_hash_table_unref (session->done_once);
  g_datalist_clear (&session->data);
  g_free (session->homedir);
  g_free (session);
}

gboolean
gsmime_session_set_settings (GsmimeSession *session,
                             const GsmimeSettings *settings, GError **error)
{
  if (settings->revocation == GSMIME_REVOCATION_CRL_OCSP && !settings->no_ocsp
      && !gsmime_home_enable_ocsp (session->homedir, error))
    return FALSE;
  session->settings = *settings;
  return TRUE;
}

const GsmimeSettings *
gsmime_session_get_settings (GsmimeSession *session)
{
  return &session->settings;
}

const char *
gsmime_session_get_homedir (GsmimeSession *session)
{
  return session->homedir;
}

gpgme_ctx_t
gsmime_session_crypto_ctx (GsmimeSession *session)
{
  /* Signers are per operation; clear what the last operation left behind
   * so it cannot leak into this one.  */
  gpgme_signers_clear (session->crypto);
  return session->crypto;
}

gboolean
gsmime_session_reset (GsmimeSession *session, GError **error)
{
  gpgme_ctx_t crypto = new_cms_context (session->homedir, error);
  gpgme_ctx_t keylist = crypto ? new_cms_context (session->homedir, error)
                               : NULL;

  if (!keylist)
    {
      gpgme_release (crypto);
      return FALSE;
    }
  gpgme_release (session->crypto);
  gpgme_release (session->keylist);
  session->crypto = crypto;
  session->keylist = keylist;
  return TRUE;
}

gpgme_ctx_t
gsmime_session_keylist_ctx (GsmimeSession *session)
{
  return session->keylist;
}

GHashTable *
gsmime_session_key_cache (GsmimeSession *session)
{
  return session->key_cache;
}

GHashTable *
gsmime_session_dry_run_kept (GsmimeSession *session)
{
  return session->dry_run_kept;
}

gboolean
gsmime_session_first_time (GsmimeSession *session, const char *what)
{
  return g_hash_table_add (session->done_once, g_strdup (what));
}

gpointer
gsmime_session_get_data (GsmimeSession *session, const char *name)
{
  return g_datalist_get_data (&session->data, name);
}

void
gsmime_session_set_data (GsmimeSession *session, const char *name,
                         gpointer data, GDestroyNotify destroy)
{
  g_datalist_set_data_full (&session->data, name, data, destroy);
}

char *
gsmime_session_state_file (GsmimeSession *session, const char *name)
{
  const char *home = session->homedir ? session->homedir
                                      : gpgme_get_dirinfo ("homedir");
  g_autofree char *dir = g_build_filename (home, "gsmime", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}
