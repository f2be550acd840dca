/* decrypt.c - opening CMS enveloped-data with the user's own keys. */
#include "decrypt.h"
#include "cms-shape.h"
#include "data.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"
#include "unsupported.h"

/* Failures of gpgsm, gpg-agent or the system rather than of the
 * message: the user can only try again.  */
static gboolean
is_system_failure (gpgme_error_t err)
{
  gpg_err_code_t code = gpgme_err_code (err);

  return (code & GPG_ERR_SYSTEM_ERROR) || code == GPG_ERR_NO_AGENT
         || code == GPG_ERR_AGENT || code == GPG_ERR_NOT_OPERATIONAL
         || code == GPG_ERR_INV_ENGINE
         || (code >= GPG_ERR_ASS_GENERAL && code <= GPG_ERR_ASS_UNKNOWN_INQUIRE);
}

/* What the engine lacks, as the user's sentence names it.  */
static const char *
lacking_what (GsmimeCapability missing)
{
  switch (missing)
    {
    case GSMIME_CAN_RSA_OAEP:
      return _("RSA-OAEP");
    case GSMIME_CAN_ECDH_DECRYPT:
      return _("ECDH (an elliptic-curve certificate)");
    case GSMIME_CAN_AES_GCM_LONG_TAG:
      return _("AES-GCM with a 16-byte tag, as OpenSSL writes it");
    default:
      return _("AES-GCM");
    }
}

/* What the sender can do instead of what the engine lacks.  */
static const char *
lacking_instead (GsmimeCapability missing)
{
  switch (missing)
    {
    case GSMIME_CAN_RSA_OAEP:
      return _("ask the sender to encrypt it again with RSA PKCS#1 v1.5 "
               "key transport");
    case GSMIME_CAN_ECDH_DECRYPT:
      return _("the sender can encrypt to an RSA certificate of yours "
               "instead, if you have one");
    default:
      return _("ask the sender to encrypt it again with AES-CBC");
    }
}

/* The sentence for a message encrypted to KEY with what this engine
 * lacks (MISSING): what it uses, and what would read it.  */
static void
set_lacking (GError **error, gpgme_key_t key, GsmimeCapability missing)
{
  const char *engine = gsmime_engine_versions ()->gpgsm;
  g_auto (GStrv) emails = gsmime_key_emails (key);
  const char *who = emails[0] ? emails[0] : key->subkeys->fpr;

  if (gsmime_capability_released (missing))
    gsmime_set_error (error, GPG_ERR_UNSUPPORTED_ALGORITHM,
                      _("The message is encrypted to your certificate for "
                        "%s with %s, which gpgsm %s cannot decrypt; a newer "
                        "GnuPG does (%s), or %s"),
                      who, lacking_what (missing), engine ? engine : "?",
                      gsmime_capability_since (missing),
                      lacking_instead (missing));
  else
    gsmime_set_error (error, GPG_ERR_UNSUPPORTED_ALGORITHM,
                      _("The message is encrypted to your certificate for "
                        "%s with %s, which gpgsm %s cannot decrypt, and no "
                        "release of GnuPG decrypts it yet; %s"),
                      who, lacking_what (missing), engine ? engine : "?",
                      lacking_instead (missing));
}

/* Says why the enveloped object CMS could not be decrypted (gpgsm said
 * ERR): the engine's limits and "not for you" as the outline and the
 * user's certificates show them, damage only where the object is
 * damaged, gpgsm's or the system's failure where it is theirs.  */
static void
set_decrypt_error (GsmimeSession *session, GMimeStream *cms,
                   gpgme_error_t err, GError **error)
{
  g_autoptr (GsmimeCmsOutline) outline = NULL;
  g_autoptr (GPtrArray) own = NULL;
  g_autofree char *oid = NULL;
  GsmimeDecryptFailure f;

  if (gpgme_err_code (err) == GPG_ERR_CANCELED
      || gpgme_err_code (err) == GPG_ERR_BAD_PASSPHRASE)
    {
      gsmime_set_gpgme_error (error, err,
                              _("Your key could not be unlocked; try again "
                                "and enter its passphrase"));
      return;
    }
  outline = gsmime_cms_outline_read (cms);
  own = gsmime_keys_list (session, NULL, TRUE, NULL);
  gsmime_decrypt_failure_explain (gsmime_engine_versions (), outline, own,
                                  gpgme_err_code (err) == GPG_ERR_CHECKSUM,
                                  &f);
  switch (f.why)
    {
    case GSMIME_UNREADABLE_NOT_FOR_YOU:
      gsmime_set_error (error, GPG_ERR_NO_SECKEY, "%s (%s)",
                        _("The message is not encrypted to any of your "
                          "certificates; ask the sender to encrypt it to "
                          "your current certificate"), gpgme_strerror (err));
      return;
    case GSMIME_UNREADABLE_KEY_WRAP:
    case GSMIME_UNREADABLE_CIPHER:
      set_lacking (error, f.key, f.missing);
      return;
    case GSMIME_UNREADABLE_UNKNOWN_CIPHER:
      oid = g_strdup (outline->cipher_oid ? outline->cipher_oid : "?");
      gsmime_set_error (error, GPG_ERR_UNSUPPORTED_ALGORITHM,
                        _("The message is encrypted to your certificate, but "
                          "with a content cipher gpgsm does not know (%s); "
                          "ask the sender to encrypt it again with AES-CBC"),
                        oid);
      return;
    case GSMIME_UNREADABLE_DAMAGED:
      break;
    }
  if (outline->complete && is_system_failure (err))
    gsmime_set_gpgme_error (error, err,
                            _("gpgsm failed while decrypting the message; "
                              "try again"));
  else
    gsmime_set_error (error, GPG_ERR_BAD_DATA, "%s (%s)",
                      _("The encrypted part is damaged and cannot be "
                        "decrypted; ask the sender to send it again"),
                      gpgme_strerror (err));
}

gboolean
gsmime_decrypt (GsmimeSession *session, GMimeStream *cms, GMimeStream *out,
                GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_crypto_ctx (session);
  gpgme_data_t in_data, out_data = NULL;
  gpgme_error_t err;
  gboolean ok = FALSE;

  if (!gsmime_cms_check_shape (cms, GSMIME_CMS_ENVELOPED, error))
    return FALSE;
  in_data = gsmime_data_from_stream (cms, error);
  if (in_data)
    out_data = gsmime_data_from_stream (out, error);
  if (!out_data)
    goto leave;

  err = gpgme_op_decrypt (ctx, in_data, out_data);
  if (err)
    {
      set_decrypt_error (session, cms, err, error);
      /* As after a failed verification (verify.c): gpgsm may be gone.  */
      gsmime_session_reset (session, NULL);
      goto leave;
    }
  ok = TRUE;

leave:
  gpgme_data_release (in_data);
  gpgme_data_release (out_data);
  return ok;
}
