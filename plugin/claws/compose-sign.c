/* compose-sign.c - signing the mail Claws sends.
 *
 * Claws has built the message as a MimeInfo tree and asks for it to be
 * signed before it is queued.  The body goes to the core as a GMime entity
 * (compose-mime.c), the core signs it (common/protect.c), and the signed
 * body comes back as one node that Claws writes out byte for byte.
 */
#include <config.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "advice.h"
#include "compose-sign.h"
#include "compose-hp.h"
#include "compose-mime.h"
#include "compose-session.h"
#include "prefs.h"
#include "trace.h"

#include <privacy.h>
#include <prefs_account.h>

/* The signing certificate chosen in ACCOUNT's S/MIME preferences, or
 * NULL for the core's choice.  */
static const char *
chosen_cert (PrefsAccount *account)
{
  const char *fpr = account ? gsmime_claws_account_signing_cert (account)
                            : NULL;

  return fpr && *fpr ? fpr : NULL;
}

/* Which key to ask the core for: a fingerprint or an address.  */
static const char *
signing_id (PrefsAccount *account, const gchar *from_addr)
{
  const char *fpr = chosen_cert (account);

  if (fpr)
    return fpr;
  if (from_addr && *from_addr)
    return from_addr;
  return account && account->address && *account->address
           ? account->address : NULL;
}

/* Which key to choose, and the key chosen, for the thread.  */
typedef struct
{
  const char *id;
  gpgme_key_t signer;  /* out */
} Choosing;

static gboolean
choose_in_thread (GsmimeSession *session, gpointer data, GError **error)
{
  Choosing *c = data;

  c->signer = gsmime_choose_signing_key (session, c->id, error);
  return c->signer != NULL;
}

/* The signer and the form, for the thread.  */
typedef struct
{
  gpgme_key_t signer;
  gboolean opaque;
} Signing;

static GMimeObject *
sign_in_thread (GsmimeSession *session, GMimeObject *body, gpointer data,
                GError **error)
{
  Signing *s = data;

  return gsmime_sign_entity (session, body, s->signer, s->opaque, error);
}

gboolean
gsmime_claws_sign (MimeInfo *message, PrefsAccount *account,
                   const gchar *from_addr)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMimeStream) backing = NULL;
  g_autoptr (GMimeObject) body = NULL;
  g_autoptr (GMimeObject) protected_body = NULL;
  g_autoptr (GMimeObject) signed_body = NULL;
  gboolean opaque = gsmime_claws_prefs_opaque_signing ();
  const char *id = signing_id (account, from_addr);
  gpgme_key_t signer = NULL;
  gboolean done = FALSE;

  /* Claws tells a cancellation from a failure by whether an error is
   * set, and an earlier one may still be there.  */
  privacy_reset_error ();
  gsmime_claws_trace ("signing", "mode", opaque ? "opaque" : "detached",
                      NULL);
  if (!id)
    gsmime_set_error (&error, GPG_ERR_NO_USER_ID,
                      _("The message has no From address to sign as; "
                        "give the account an e-mail address"));
  else
    {
      /* The core checks the certificate's revocation as it chooses.  */
      Choosing c = { id, NULL };
      gsmime_claws_compose_session_run (
        _("Choosing the signing certificate…"), choose_in_thread, &c,
        &error);
      signer = c.signer;
    }
  if (!signer && chosen_cert (account)
      && g_error_matches (error, GSMIME_ERROR, GPG_ERR_UNUSABLE_SECKEY))
    {
      /* The certificate was chosen in the account's preferences, so
       * the fix is there rather than an import.  */
      g_clear_error (&error);
      gsmime_set_error (&error, GPG_ERR_UNUSABLE_SECKEY,
                        _("The signing certificate chosen for this account "
                          "(%s) cannot sign here: it has no secret key, or "
                          "it has expired or been revoked. Choose another "
                          "in the account's preferences (Plugins, S/MIME "
                          "(gpgsm)), or import its key (a .p12 file) under "
                          "Preferences, Plugins, S/MIME (gpgsm)"), id);
    }
  else if (!signer
           && g_error_matches (error, GSMIME_ERROR, GPG_ERR_UNUSABLE_SECKEY))
    {
      /* The core's advice: the key is imported on the plugin's page.  */
      g_autofree char *text = gsmime_claws_error_text (error);

      g_clear_error (&error);
      gsmime_set_error (&error, GPG_ERR_UNUSABLE_SECKEY, "%s", text);
    }
  if (signer)
    body = gsmime_claws_compose_body_waiting (message, &backing, &error);
  if (body)
    protected_body = gsmime_claws_compose_hp_protect (
      message, body, gsmime_claws_compose_hp_encrypting (account), &error);
  if (protected_body)
    {
      Signing s = { signer, opaque };
      signed_body = gsmime_claws_compose_seal (_("Signing the message…"),
                                               message, protected_body,
                                               sign_in_thread, &s, &error);
    }
  done = signed_body != NULL;
  gsmime_claws_compose_wipe (backing);

  if (done)
    {
      GMimeContentType *ct = g_mime_object_get_content_type (signed_body);
      const char *micalg = g_mime_content_type_get_parameter (ct, "micalg");
      gsmime_claws_trace ("signed", "signer", signer->subkeys->fpr,
                          "mode", opaque ? "opaque" : "detached",
                          "digest", micalg ? micalg : "-", NULL);
    }
  else if (g_error_matches (error, GSMIME_ERROR, GPG_ERR_CANCELED))
    gsmime_claws_trace ("sign-cancelled", "text", error->message, NULL);
  else
    {
      const char *why = error ? error->message : _("unknown error");
      privacy_set_error ("%s", why);
      gsmime_claws_trace ("sign-failed", "text", why, NULL);
    }
  if (!done)
    gsmime_claws_compose_hp_forget (message);
  if (signer)
    gpgme_key_unref (signer);
  return done;
}
