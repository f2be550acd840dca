/* prefs.c - the plugin's preferences, kept in the [gsmime] block of
 * Claws' clawsrc through its PrefParam machinery, as Claws' own plugins
 * keep theirs.
 *
 * The values are written as words where a user editing clawsrc by hand
 * would otherwise have to guess numbers: revocation=off|crl|ocsp (the
 * words of the gsmime command's --revocation) and weak_digest=orange|red.
 * The defaults are the core's (gsmime_settings_init), so that the plugin
 * and the gsmime command behave alike until the user chooses otherwise.
 */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "prefs.h"
#include "prefs-account.h"
#include "prefs-page.h"
#include "trace.h"

#include <defs.h>
#include <log.h>
#include <prefs_gtk.h>
#include <utils.h>

#define BLOCK "gsmime"

/* What clawsrc holds, as PrefParam reads and writes it.  */
static struct
{
  gboolean harvest;
  char *revocation;
  int revocation_budget_ms;
  char *ocsp_responder;
  gboolean opaque_signing;
  char *weak_digest;
  gboolean auto_encrypt;
  gboolean protect_headers_encrypted;
  gboolean protect_headers_signed;
} stored;

static PrefParam params[] = {
  { "harvest", NULL, &stored.harvest, P_BOOL, NULL, NULL, NULL },
  { "revocation", NULL, &stored.revocation, P_STRING, NULL, NULL, NULL },
  { "revocation_budget_ms", NULL, &stored.revocation_budget_ms, P_INT,
    NULL, NULL, NULL },
  { "ocsp_responder", "", &stored.ocsp_responder, P_STRING, NULL, NULL,
    NULL },
  { "opaque_signing", "FALSE", &stored.opaque_signing, P_BOOL, NULL, NULL,
    NULL },
  { "weak_digest", NULL, &stored.weak_digest, P_STRING, NULL, NULL, NULL },
  { "auto_encrypt", "FALSE", &stored.auto_encrypt, P_BOOL, NULL, NULL,
    NULL },
  /* Header protection (RFC 9788) on by default, as the gsmime command
   * writes it: it hides the Subject of encrypted mail, and signs it.  */
  { "protect_headers_encrypted", "TRUE", &stored.protect_headers_encrypted,
    P_BOOL, NULL, NULL, NULL },
  { "protect_headers_signed", "TRUE", &stored.protect_headers_signed,
    P_BOOL, NULL, NULL, NULL },
  { NULL, NULL, NULL, P_OTHER, NULL, NULL, NULL }
};

/* The defaults as text, made from the core's at start-up.  */
static char *default_budget;

static GsmimeSettings current;
static guint generation;

static const struct
{
  const char *word;
  GsmimeRevocationMode mode;
} revocation_words[] = {
  { "off", GSMIME_REVOCATION_OFF },
  { "crl", GSMIME_REVOCATION_CRL },
  { "ocsp", GSMIME_REVOCATION_CRL_OCSP },
};

static const char *
revocation_word (GsmimeRevocationMode mode)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (revocation_words); i++)
    if (revocation_words[i].mode == mode)
      return revocation_words[i].word;
  return "crl";
}

static const char *
weak_digest_word (GsmimeWeakDigestPolicy policy)
{
  return policy == GSMIME_WEAK_DIGEST_RED ? "red" : "orange";
}

static PrefParam *
param (const char *name)
{
  PrefParam *p;

  for (p = params; p->name; p++)
    if (!strcmp (p->name, name))
      return p;
  g_return_val_if_reached (NULL);
}

static void
set_defaults (void)
{
  GsmimeSettings defaults;

  gsmime_settings_init (&defaults);
  default_budget = g_strdup_printf ("%u", defaults.revocation_budget_ms);
  param ("harvest")->defval = (char *) (defaults.harvest ? "TRUE" : "FALSE");
  param ("revocation")->defval = (char *) revocation_word (defaults.revocation);
  param ("revocation_budget_ms")->defval = default_budget;
  param ("weak_digest")->defval =
    (char *) weak_digest_word (defaults.weak_digest);
}

/* CURRENT from STORED; a value that makes no sense is said in Claws' log
 * and the default used instead.  */
static void
apply_stored (void)
{
  gboolean known = FALSE;
  guint i;

  gsmime_settings_init (&current);
  current.harvest = stored.harvest;
  for (i = 0; i < G_N_ELEMENTS (revocation_words); i++)
    if (stored.revocation
        && !g_ascii_strcasecmp (stored.revocation, revocation_words[i].word))
      {
        current.revocation = revocation_words[i].mode;
        known = TRUE;
      }
  if (!known)
    log_warning (LOG_PROTOCOL,
                 _("gsmime: clawsrc has revocation=%s, which is none of off, "
                   "crl or ocsp; using %s. Choose again in Preferences, "
                   "Plugins, S/MIME (gpgsm).\n"),
                 stored.revocation ? stored.revocation : "",
                 revocation_word (current.revocation));
  if (stored.revocation_budget_ms > 0)
    current.revocation_budget_ms = stored.revocation_budget_ms;
  else
    log_warning (LOG_PROTOCOL,
                 _("gsmime: clawsrc has revocation_budget_ms=%d, which is not "
                   "a time; using %u milliseconds.\n"),
                 stored.revocation_budget_ms, current.revocation_budget_ms);
  if (stored.weak_digest && !g_ascii_strcasecmp (stored.weak_digest, "red"))
    current.weak_digest = GSMIME_WEAK_DIGEST_RED;
  else if (stored.weak_digest
           && !g_ascii_strcasecmp (stored.weak_digest, "orange"))
    current.weak_digest = GSMIME_WEAK_DIGEST_ORANGE;
  else
    log_warning (LOG_PROTOCOL,
                 _("gsmime: clawsrc has weak_digest=%s, which is neither "
                   "orange nor red; using %s.\n"),
                 stored.weak_digest ? stored.weak_digest : "",
                 weak_digest_word (current.weak_digest));
}

static void
trace_prefs (const char *event)
{
  g_autofree char *budget =
    g_strdup_printf ("%u", current.revocation_budget_ms);
  g_autofree char *gen = g_strdup_printf ("%u", generation);

  gsmime_claws_trace (event, "generation", gen,
                      "harvest", current.harvest ? "on" : "off",
                      "revocation", revocation_word (current.revocation),
                      "budget", budget,
                      "weakdigest", weak_digest_word (current.weak_digest),
                      "signing", stored.opaque_signing ? "opaque" : "detached",
                      "autoencrypt", stored.auto_encrypt ? "on" : "off",
                      "hpencrypted",
                      stored.protect_headers_encrypted ? "on" : "off",
                      "hpsigned", stored.protect_headers_signed ? "on" : "off",
                      "responder",
                      stored.ocsp_responder ? stored.ocsp_responder : "",
                      NULL);
}

/* Writes the responder to dirmngr.conf in the GnuPG home the plugin's
 * sessions use.  A responder the file names already is the user's to
 * settle: the advice says where, in Claws' terms.  */
static gboolean
write_responder (GError **error)
{
  g_autoptr (GsmimeSession) session = gsmime_session_new (NULL, error);

  if (!session)
    return FALSE;
  if (gsmime_home_set_ocsp_responder (gsmime_session_get_homedir (session),
                                      stored.ocsp_responder, error))
    return TRUE;
  if (error && g_error_matches (*error, GSMIME_ERROR, GPG_ERR_CONFLICT))
    {
      char *advised = g_strdup_printf (
        _("%s; remove that line there, or leave the OCSP responder empty "
          "under Configuration > Preferences > Plugins > S/MIME (gpgsm)"),
        (*error)->message);
      g_free ((*error)->message);
      (*error)->message = advised;
    }
  return FALSE;
}

static char *
rc_path (void)
{
  return g_build_filename (get_rc_dir (), COMMON_RC, NULL);
}

void
gsmime_claws_prefs_init (void)
{
  g_autofree char *path = rc_path ();
  g_autoptr (GError) error = NULL;

  gsmime_init ();
  set_defaults ();
  prefs_set_default (params);
  prefs_read_config (params, BLOCK, path, NULL);
  apply_stored ();
  trace_prefs ("prefs");
  /* An empty responder was removed from dirmngr.conf when it was
   * saved; a set one is made sure of, in case the home is new.  */
  if (stored.ocsp_responder && *stored.ocsp_responder
      && !write_responder (&error))
    log_warning (LOG_PROTOCOL, _("gsmime: the OCSP responder is not used: "
                                 "%s\n"), error->message);
  gsmime_claws_prefs_page_register ();
  gsmime_claws_prefs_account_register ();
}

void
gsmime_claws_prefs_done (void)
{
  gsmime_claws_prefs_account_unregister ();
  gsmime_claws_prefs_page_unregister ();
  prefs_free (params);
  g_clear_pointer (&default_budget, g_free);
}

void
gsmime_claws_prefs_settings (GsmimeSettings *settings)
{
  *settings = current;
}

guint
gsmime_claws_prefs_generation (void)
{
  return generation;
}

gboolean
gsmime_claws_prefs_opaque_signing (void)
{
  return stored.opaque_signing;
}

gboolean
gsmime_claws_prefs_auto_encrypt (void)
{
  return stored.auto_encrypt;
}

gboolean
gsmime_claws_prefs_protect_headers (gboolean encrypted)
{
  return encrypted ? stored.protect_headers_encrypted
                   : stored.protect_headers_signed;
}

const char *
gsmime_claws_prefs_ocsp_responder (void)
{
  return stored.ocsp_responder && *stored.ocsp_responder
           ? stored.ocsp_responder : NULL;
}

void
gsmime_claws_prefs_get (GsmimeClawsPrefs *prefs)
{
  prefs->settings = current;
  prefs->opaque_signing = stored.opaque_signing;
  prefs->auto_encrypt = stored.auto_encrypt;
  prefs->protect_headers_encrypted = stored.protect_headers_encrypted;
  prefs->protect_headers_signed = stored.protect_headers_signed;
  prefs->ocsp_responder = gsmime_claws_prefs_ocsp_responder ();
}

/* Replaces the [gsmime] block of clawsrc with STORED.  */
static gboolean
write_block (GError **error)
{
  g_autofree char *path = rc_path ();
  PrefFile *file = prefs_write_open (path);

  if (!file || prefs_set_block_label (file, BLOCK) < 0
      || prefs_write_param (params, file->fp) < 0
      || fprintf (file->fp, "\n") < 0)
    {
      if (file)
        prefs_file_close_revert (file);
      gsmime_set_error (error, GPG_ERR_EIO,
                        _("Could not save gsmime's preferences in %s; check "
                          "that the file and its folder are writable"), path);
      return FALSE;
    }
  if (prefs_file_close (file) < 0)
    {
      gsmime_set_error (error, GPG_ERR_EIO,
                        _("Could not save gsmime's preferences in %s; check "
                          "that the disk is not full"), path);
      return FALSE;
    }
  return TRUE;
}

gboolean
gsmime_claws_prefs_store (const GsmimeClawsPrefs *prefs, GError **error)
{
  const GsmimeSettings *s = &prefs->settings;
  gboolean ok;

  stored.harvest = s->harvest;
  g_free (stored.revocation);
  stored.revocation = g_strdup (revocation_word (s->revocation));
  stored.revocation_budget_ms = (int) s->revocation_budget_ms;
  g_free (stored.weak_digest);
  stored.weak_digest = g_strdup (weak_digest_word (s->weak_digest));
  stored.opaque_signing = prefs->opaque_signing;
  stored.auto_encrypt = prefs->auto_encrypt;
  stored.protect_headers_encrypted = prefs->protect_headers_encrypted;
  stored.protect_headers_signed = prefs->protect_headers_signed;
  if (g_strcmp0 (stored.ocsp_responder, prefs->ocsp_responder))
    {
      char *responder = g_strstrip (g_strdup (prefs->ocsp_responder
                                              ? prefs->ocsp_responder : ""));
      g_free (stored.ocsp_responder);
      stored.ocsp_responder = responder;
    }
  apply_stored ();
  generation++;
  trace_prefs ("prefs-saved");
  /* Both files are tried even when the first fails; the first error is
   * the one reported.  */
  ok = write_block (error);
  if (!write_responder (ok ? error : NULL))
    ok = FALSE;
  return ok;
}
