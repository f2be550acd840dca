/* certs.c - the certificates in the keybox as a user wants to see them. */
#include <config.h>
#include <string.h>
#include "certs.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"
#include "keyselect.h"
#include "revocation.h"

void
gsmime_cert_info_free (GsmimeCertInfo *info)
{
  if (!info)
    return;
  g_free (info->fingerprint);
  g_free (info->subject);
  g_free (info->issuer);
  g_strfreev (info->emails);
  gsmime_revocation_free (info->revocation_answer);
  gsmime_verdict_free (info->verdict);
  g_free (info);
}

/* Lists with gpgsm's chain validation.  gpgsm runs without dirmngr (see
 * revocation.h), so this checks the chain and the dates only; revocation
 * is asked separately, within the session's budget.  */
static GPtrArray *
list_validated (GsmimeSession *session, const char *pattern, GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_keylist_ctx (session);
  gpgme_keylist_mode_t mode = gpgme_get_keylist_mode (ctx);
  GPtrArray *keys;

  gpgme_set_keylist_mode (ctx, mode | GPGME_KEYLIST_MODE_VALIDATE);
  keys = gsmime_keys_list (session, pattern, FALSE, error);
  gpgme_set_keylist_mode (ctx, mode);
  return keys;
}

/* The sentence for a revoked certificate: who said so, if gsmime asked.  */
static char *
revoked_text (const GsmimeRevocation *r)
{
  g_autofree char *done = NULL;

  if (!r || r->state != GSMIME_REVOKED_YES)
    return g_strdup (_("The certificate has been revoked."));
  done = gsmime_revocation_describe (r);
  return g_strdup_printf (r->signer_unchecked
                          ? _("The certificate has been revoked (%s; GnuPG "
                              "does not check who signed a \"revoked\" OCSP "
                              "answer).")
                          : _("The certificate has been revoked (%s)."),
                          done);
}

/* The sentence for a certificate whose revocation is unknown.  */
static char *
unknown_text (const GsmimeRevocation *r)
{
  g_autofree char *done = gsmime_revocation_explain (r);

  if (r->source == GSMIME_REVOCATION_SOURCE_OFF)
    return g_strdup_printf (_("Whether the certificate has been revoked is "
                              "unknown (%s)."), done);
  if (r->answer_refused)
    return g_strdup_printf (_("Whether the certificate has been revoked is "
                              "unknown: the OCSP responder's answer was not "
                              "accepted (%s)."), done);
  return g_strdup_printf (_("Whether the certificate has been revoked could "
                            "not be checked (%s)."), done);
}

/* The sentence for a good certificate, saying what was done about
 * revocation.  */
static char *
valid_text (const GsmimeRevocation *r)
{
  g_autofree char *done = NULL;

  if (r && r->state == GSMIME_REVOKED_UNCHECKED)
    return g_strdup (_("The certificate is valid and leads to a trusted "
                       "root; revocation was not checked: switched off."));
  if (r && r->source == GSMIME_REVOCATION_SOURCE_NONE)
    return g_strdup (_("The certificate is valid and leads to a trusted "
                       "root. It cannot be revoked: the certificate names no "
                       "CRL or OCSP responder."));
  if (!r)
    return g_strdup (_("The certificate is valid, leads to a trusted root and "
                       "is not revoked."));
  done = gsmime_revocation_describe (r);
  return g_strdup_printf (_("The certificate is valid, leads to a trusted "
                            "root and is not revoked: %s."), done);
}

gboolean
gsmime_expires_soon (gint64 expires, gint64 now)
{
  return expires > now
         && expires - now < (gint64) GSMIME_EXPIRY_WARNING_DAYS * 86400;
}

static gboolean
valid_ending_soon (gpgme_key_t key, gint64 now)
{
  return gsmime_key_valid_at (key, now)
         && gsmime_expires_soon (gsmime_key_expires (key), now);
}

static gboolean
is_chosen (const char *const *chosen, const char *fpr)
{
  for (; chosen && *chosen; chosen++)
    if (!g_ascii_strcasecmp (*chosen, fpr))
      return TRUE;
  return FALSE;
}

static void
add_once (GPtrArray *out, gpgme_key_t key)
{
  guint i;

  for (i = 0; i < out->len; i++)
    if (!g_strcmp0 (((gpgme_key_t) out->pdata[i])->fpr, key->fpr))
      return;
  gpgme_key_ref (key);
  g_ptr_array_add (out, key);
}

GPtrArray *
gsmime_own_expiring (GsmimeSession *session, const char *address,
                     const char *const *chosen, gint64 now, GError **error)
{
  g_autofree char *pattern = g_strdup_printf ("<%s>", address);
  g_autoptr (GPtrArray) keys = gsmime_keys_list (session, pattern, TRUE,
                                                 error);
  GPtrArray *out;
  gboolean renewed = FALSE;
  guint i;

  if (!keys)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gpgme_key_unref);
  for (i = 0; i < keys->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      if (gsmime_key_valid_at (key, now) && !valid_ending_soon (key, now))
        renewed = TRUE;
    }
  for (i = 0; i < keys->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      if (valid_ending_soon (key, now)
          && (!renewed || is_chosen (chosen, key->fpr)))
        add_once (out, key);
    }
  /* A certificate chosen for the account may be for another address.  */
  for (; chosen && *chosen; chosen++)
    {
      gpgme_key_t key = gsmime_key_by_fingerprint (session, *chosen, NULL);
      if (key && valid_ending_soon (key, now)
          && gsmime_key_has_secret (session, *chosen))
        add_once (out, key);
      gpgme_key_unref (key);
    }
  return out;
}

static GsmimeVerdict *
judge_cert (gpgme_key_t key, const GsmimeRevocation *r, gint64 now)
{
  GsmimeVerdict *v = gsmime_verdict_new ();
  gint64 expires = gsmime_key_expires (key);

  if (key->revoked || (r && r->state == GSMIME_REVOKED_YES))
    gsmime_verdict_add_reason (v, GSMIME_REASON_REVOKED, revoked_text (r));
  else if (key->expired || (expires && expires < now))
    gsmime_verdict_add_reason (v, GSMIME_REASON_EXPIRED,
                               g_strdup (_("The certificate has expired.")));
  else if (gsmime_key_not_before (key) > now)
    gsmime_verdict_add_reason (v, GSMIME_REASON_NOT_YET_VALID, g_strdup (
      _("The certificate is not valid yet.")));
  else if (r && r->state == GSMIME_REVOKED_UNKNOWN)
    gsmime_verdict_add_reason (v, GSMIME_REASON_REVOCATION_UNKNOWN,
                               unknown_text (r));
  else if (key->invalid)
    gsmime_verdict_add_advised (v, GSMIME_REASON_UNTRUSTED_CHAIN,
      GSMIME_ADVICE_TRUST_ROOT, NULL, g_strdup (
      _("The certificate does not lead to a root you trust.")));
  if (v->colour == GSMIME_GREY && gsmime_expires_soon (expires, now))
    {
      int days = (expires - now) / 86400;
      gsmime_verdict_add_reason (v, GSMIME_REASON_EXPIRING_SOON,
        g_strdup_printf (ngettext ("The certificate expires in %d day; renew "
                                   "it in time.",
                                   "The certificate expires in %d days; "
                                   "renew it in time.", days), days));
    }
  if (v->colour == GSMIME_GREY)
    gsmime_verdict_add_reason (v, GSMIME_REASON_VALID, valid_text (r));
  return v;
}

static GsmimeCertInfo *
describe (GsmimeSession *session, gpgme_key_t key, GHashTable *secret,
          gint64 now)
{
  GsmimeCertInfo *info = g_new0 (GsmimeCertInfo, 1);
  g_autoptr (GsmimeRevocation) r = NULL;

  info->fingerprint = g_strdup (key->fpr);
  info->subject = g_strdup (key->uids ? key->uids->uid : "");
  info->issuer = g_strdup (key->issuer_name);
  info->emails = gsmime_key_emails (key);
  info->not_before = gsmime_key_not_before (key);
  info->expires = gsmime_key_expires (key);
  info->can_sign = key->can_sign;
  info->can_encrypt = key->can_encrypt;
  info->ecdh = gsmime_key_is_ecdh (session, key);
  info->is_ca = key->can_certify;
  info->has_secret = g_hash_table_contains (secret, key->fpr);
  /* Revocation is worth asking only where the chain itself holds.  */
  if (!key->invalid && !key->revoked && !key->expired)
    {
      r = gsmime_revocation_check (session, key->fpr);
      info->revocation = r->state;
      info->revocation_checked = r->checked_at;
    }
  info->verdict = judge_cert (key, r, now);
  info->revocation_answer = g_steal_pointer (&r);
  return info;
}

GPtrArray *
gsmime_certs_list (GsmimeSession *session, const char *pattern,
                   GError **error)
{
  g_autoptr (GPtrArray) listed = list_validated (session, pattern, error);
  g_autoptr (GPtrArray) secrets = NULL;
  g_autoptr (GHashTable) secret = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GPtrArray *out;
  guint i;

  if (!listed)
    return NULL;
  secrets = gsmime_keys_list (session, pattern, TRUE, NULL);
  for (i = 0; secrets && i < secrets->len; i++)
    g_hash_table_add (secret, ((gpgme_key_t) secrets->pdata[i])->fpr);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_cert_info_free);
  for (i = 0; i < listed->len; i++)
    g_ptr_array_add (out, describe (session, g_ptr_array_index (listed, i),
                                    secret, now));
  return out;
}
