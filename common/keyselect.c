/* keyselect.c - which key signs, which certificates are encrypted to. */
#include <string.h>
#include <gnutls/x509.h>
#include "keyselect.h"
#include "engine.h"
#include "export.h"
#include "verdict.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"
#include "revocation.h"
#include "candidates.h"
#include "lookup.h"

void
gsmime_recipient_problem_free (GsmimeRecipientProblem *problem)
{
  if (!problem)
    return;
  g_free (problem->address);
  g_free (problem->fingerprint);
  g_free (problem->text);
  g_free (problem);
}

const char *
gsmime_recipient_problem_name (GsmimeRecipientProblemCode problem)
{
  switch (problem)
    {
    case GSMIME_RECIPIENT_NO_CERTIFICATE: return "no-certificate";
    case GSMIME_RECIPIENT_EXPIRED: return "expired";
    case GSMIME_RECIPIENT_REVOKED: return "revoked";
    case GSMIME_RECIPIENT_NOT_FOR_ENCRYPTION: return "not-for-encryption";
    case GSMIME_RECIPIENT_UNTRUSTED_CHAIN: return "untrusted-chain";
    case GSMIME_RECIPIENT_UNCHECKED: return "unchecked";
    case GSMIME_RECIPIENT_REFUSED: return "refused";
    case GSMIME_RECIPIENT_OWN_MISSING: return "own-certificate-missing";
    case GSMIME_RECIPIENT_OWN_UNUSABLE: return "own-certificate-unusable";
    case GSMIME_RECIPIENT_ECDH_UNSUPPORTED: return "ecdh-unsupported";
    }
  return "?";
}

static GsmimeRecipientProblem *
problem_new (const char *address, GsmimeRecipientProblemCode code, char *text)
{
  GsmimeRecipientProblem *p = g_new0 (GsmimeRecipientProblem, 1);

  p->address = g_strdup (address);
  p->problem = code;
  p->code = gsmime_recipient_problem_name (code);
  p->text = text;
  return p;
}

static gboolean
is_current (gpgme_key_t key, gint64 now)
{
  gint64 expires = gsmime_key_expires (key);

  return !key->expired && (!expires || expires > now)
         && gsmime_key_not_before (key) <= now;
}

gboolean
gsmime_key_valid_at (gpgme_key_t key, gint64 now)
{
  return !key->revoked && !key->invalid && !key->disabled
         && is_current (key, now);
}

static gboolean
is_ec (gpgme_key_t key)
{
  gpgme_pubkey_algo_t algo = key->subkeys ? key->subkeys->pubkey_algo : 0;

  return algo == GPGME_PK_ECC || algo == GPGME_PK_ECDSA
         || algo == GPGME_PK_ECDH;
}

/* Whether the engine encrypts to elliptic-curve certificates.  gpgsm
 * 2.2.42 and 2.2.43 do so only with the compatibility flag
 * allow-ecc-encr in gpgsm.conf, and gsmime does not set it: it would
 * change gpgsm for every other program of the user, for two releases
 * that no Debian ships, and 2.2.44 dropped it again (the flag then only
 * earns a warning).  Where the user set it, those gpgsm mark an EC
 * certificate fit for encryption themselves, and gsmime follows them, so
 * it stands in the way of nothing the engine does.  */
static gboolean
engine_encrypts_ecdh (void)
{
  return gsmime_engine_can (GSMIME_CAN_ECDH_ENCRYPT)
         || gsmime_engine_can (GSMIME_CAN_ECDH_ENCRYPT_FLAG);
}

static gboolean
is_usable (gpgme_key_t key, gboolean for_signing, gint64 now)
{
  if (!gsmime_key_valid_at (key, now))
    return FALSE;
  if (for_signing)
    return key->can_sign;
  return key->can_encrypt && (!is_ec (key) || engine_encrypts_ecdh ());
}

gboolean
gsmime_key_is_ecdh (GsmimeSession *session, gpgme_key_t key)
{
  g_autoptr (GBytes) der = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t d;
  unsigned int usage = 0;
  int rc = -1;

  if (!is_ec (key))
    return FALSE;
  /* gpgsm before 2.2.42 marks no EC certificate fit for encryption;
   * what the certificate itself says is in its key usage.  */
  if (key->can_encrypt)
    return TRUE;
  der = gsmime_export_certificate (session, key->fpr, NULL);
  if (!der || gnutls_x509_crt_init (&crt) < 0)
    return FALSE;
  d.data = (unsigned char *) g_bytes_get_data (der, NULL);
  d.size = g_bytes_get_size (der);
  if (gnutls_x509_crt_import (crt, &d, GNUTLS_X509_FMT_DER) >= 0)
    rc = gnutls_x509_crt_get_key_usage (crt, &usage, NULL);
  gnutls_x509_crt_deinit (crt);
  return rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE
         || (rc >= 0 && (usage & GNUTLS_KEY_KEY_AGREEMENT));
}

/* The ECDH problem for ADDRESS, with the certificate concerned.  */
static GsmimeRecipientProblem *
ecdh_problem (const char *address, const char *fpr)
{
  const char *version = gsmime_engine_versions ()->gpgsm;
  GsmimeRecipientProblem *p = problem_new (
    address, GSMIME_RECIPIENT_ECDH_UNSUPPORTED, g_strdup_printf (
      _("%s: the certificate has an elliptic-curve key, to which mail is "
        "encrypted with ECDH, and gpgsm %s cannot encrypt with ECDH; get "
        "an RSA certificate for this address, or update to GnuPG 2.2.44 "
        "or 2.4"), address, version ? version : "?"));

  p->fingerprint = g_strdup (fpr);
  return p;
}

GsmimeRecipientProblem *
gsmime_recipient_engine_problem (const char *address, gpgme_key_t key)
{
  if (!is_ec (key) || engine_encrypts_ecdh ())
    return NULL;
  return ecdh_problem (address, key->fpr);
}

gboolean
gsmime_key_usable (gpgme_key_t key, gboolean for_signing)
{
  return is_usable (key, for_signing, g_get_real_time () / G_USEC_PER_SEC);
}

/* The usable key issued last: a renewed certificate replaces the old one
 * without anybody having to remove it.  */
static gpgme_key_t
newest_usable (GPtrArray *keys, const char *address, gboolean for_signing)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gpgme_key_t best = NULL;
  guint i;

  for (i = 0; i < keys->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      if (address && !gsmime_key_has_email (key, address))
        continue;
      if (!is_usable (key, for_signing, now))
        continue;
      if (!best || gsmime_key_not_before (key) > gsmime_key_not_before (best))
        best = key;
    }
  if (best)
    gpgme_key_ref (best);
  return best;
}

static char *
address_pattern (const char *id, gboolean *is_address)
{
  *is_address = strchr (id, '@') != NULL && id[0] != '<';
  return *is_address ? g_strdup_printf ("<%s>", id) : g_strdup (id);
}

gpgme_key_t
gsmime_choose_signing_key (GsmimeSession *session, const char *id,
                           GError **error)
{
  gboolean is_address;
  g_autofree char *pattern = address_pattern (id, &is_address);
  g_autoptr (GPtrArray) keys = gsmime_keys_list (session, pattern, TRUE, error);
  gpgme_key_t key;

  if (!keys)
    return NULL;
  key = newest_usable (keys, is_address ? id : NULL, TRUE);
  if (!key)
    gsmime_set_error (error, GPG_ERR_UNUSABLE_SECKEY,
                      _("You have no valid signing certificate with a "
                        "secret key for \"%s\""), id);
  return key;
}

/* A current certificate among KEYS that is elliptic-curve, meant for
 * encryption, and so only this engine's lack of ECDH stands in the way;
 * or NULL.  */
static gpgme_key_t
ecdh_only (GsmimeSession *session, GPtrArray *keys, gint64 now)
{
  guint i;

  if (engine_encrypts_ecdh ())
    return NULL;
  for (i = 0; i < keys->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      if (gsmime_key_valid_at (key, now) && gsmime_key_is_ecdh (session, key))
        return key;
    }
  return NULL;
}

/* Explains why none of the certificates found for ADDRESS is usable,
 * naming the problem closest to being usable: a certificate this engine
 * cannot encrypt to is closer than one not meant for encryption.  */
static GsmimeRecipientProblem *
explain_unusable (GsmimeSession *session, const char *address,
                  GPtrArray *keys)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean any_expired = FALSE, any_no_encrypt = FALSE;
  gpgme_key_t ecdh = ecdh_only (session, keys, now);
  guint i;

  if (ecdh)
    return ecdh_problem (address, ecdh->fpr);
  for (i = 0; i < keys->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      if (key->revoked)
        continue;
      if (!is_current (key, now))
        any_expired = TRUE;
      else if (!key->can_encrypt)
        any_no_encrypt = TRUE;
    }
  if (!keys->len)
    return problem_new (address, GSMIME_RECIPIENT_NO_CERTIFICATE, g_strdup_printf (
      _("%s: no certificate; import one (a signed mail from them is "
        "enough)"), address));
  if (any_no_encrypt)
    return problem_new (address, GSMIME_RECIPIENT_NOT_FOR_ENCRYPTION, g_strdup_printf (
      _("%s: the certificate is not for encryption; ask for an encryption "
        "certificate"), address));
  if (any_expired)
    return problem_new (address, GSMIME_RECIPIENT_EXPIRED, g_strdup_printf (
      _("%s: the certificate has expired (or is not yet valid); ask for a "
        "new one"), address));
  return problem_new (address, GSMIME_RECIPIENT_REVOKED, g_strdup_printf (
    _("%s: the certificate is revoked; ask for a new one"), address));
}

/* Never encrypt to a revoked certificate; "unknown" only when allowed. */
static gpgme_key_t
check_revocation (GsmimeSession *session, gpgme_key_t key, const char *address,
                  gboolean allow_unchecked, GsmimeRecipientProblem **problem)
{
  g_autoptr (GsmimeRevocation) r = gsmime_revocation_check (session, key->fpr);
  g_autofree char *done = NULL;

  if (r->state == GSMIME_REVOKED_YES)
    *problem = gsmime_recipient_problem_from_gpgsm (
      address, gpg_error (GPG_ERR_CERT_REVOKED));
  else if (r->state == GSMIME_REVOKED_UNKNOWN && !allow_unchecked)
    {
      done = gsmime_revocation_explain (r);
      *problem = problem_new (address, GSMIME_RECIPIENT_UNCHECKED, g_strdup_printf (
        _("%s: whether the certificate is revoked could not be checked (%s); "
          "try again later, or send anyway if you accept the risk"),
        address, done));
    }
  else
    return key;
  gpgme_key_unref (key);
  return NULL;
}

/* For one of the user's own addresses only the user's own certificates
 * count: anybody can send a certificate that carries that address, and
 * encrypting to it would lock the user out of their own mail.  */
static void
keep_own_if_any (GsmimeSession *session, GPtrArray *keys, const char *pattern)
{
  g_autoptr (GPtrArray) own = gsmime_keys_list (session, pattern, TRUE, NULL);
  guint i = 0, j;

  if (!own || !own->len)
    return;
  while (i < keys->len)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      gboolean mine = FALSE;
      for (j = 0; j < own->len && !mine; j++)
        mine = !strcmp (((gpgme_key_t) own->pdata[j])->fpr, key->fpr);
      if (mine)
        i++;
      else
        g_ptr_array_remove_index (keys, i);
    }
}

GsmimeCandidates *
gsmime_recipient_candidates (GsmimeSession *session, const char *address,
                             GError **error)
{
  g_autofree char *pattern = g_strdup_printf ("<%s>", address);
  g_autoptr (GPtrArray) keys = gsmime_keys_list (session, pattern, FALSE, error);

  if (!keys)
    return NULL;
  keep_own_if_any (session, keys, pattern);
  return gsmime_candidates_rank (session, address, keys);
}

/* The organisation's directory may have a certificate where the keybox
 * has none that can be used.  Returns TRUE when it kept one; otherwise
 * *PROBLEM, when PROBLEM is not NULL, says what the directory answered
 * (left NULL when none is configured).  */
/* The problem a directory's refusal of its certificate, by the code
 * CODE, is: one of reasons.c, or the lookup's own "not-for-encryption";
 * "other-address" and "unreadable" say no more than "none".  */
static GsmimeRecipientProblem *
refusal_problem (const char *address, const char *code, char *text)
{
  GsmimeReasonCode reason;
  GsmimeRecipientProblem *p;

  if (!strcmp (code, "not-for-encryption"))
    return problem_new (address, GSMIME_RECIPIENT_NOT_FOR_ENCRYPTION, text);
  if (!gsmime_reason_from_name (code, &reason))
    return problem_new (address, GSMIME_RECIPIENT_NO_CERTIFICATE, text);
  switch (reason)
    {
    case GSMIME_REASON_REVOKED:
      return problem_new (address, GSMIME_RECIPIENT_REVOKED, text);
    case GSMIME_REASON_EXPIRED:
      return problem_new (address, GSMIME_RECIPIENT_EXPIRED, text);
    case GSMIME_REASON_UNTRUSTED_CHAIN:
      return problem_new (address, GSMIME_RECIPIENT_UNTRUSTED_CHAIN, text);
    default:
      p = problem_new (address, GSMIME_RECIPIENT_REFUSED, text);
      p->code = gsmime_reason_name (reason);
      return p;
    }
}

/* The organisation's directory may have a certificate where the keybox
 * has none that can be used.  Returns TRUE when it kept one; otherwise
 * *PROBLEM, when PROBLEM is not NULL, says what the directory answered
 * (left NULL when none is configured).  */
static gboolean
ask_directory (GsmimeSession *session, const char *address,
               GsmimeRecipientProblem **problem)
{
  g_autoptr (GsmimeLookup) l = gsmime_directory_lookup (session, address,
                                                        NULL);
  const char *code = "no-certificate";

  if (!l || l->state == GSMIME_LOOKUP_NO_DIRECTORY)
    return FALSE;
  if (l->state == GSMIME_LOOKUP_FOUND)
    return TRUE;
  if (l->state == GSMIME_LOOKUP_REFUSED)
    code = ((GsmimeLookupRefusal *) l->refused->pdata[0])->code;
  if (problem)
    *problem = refusal_problem (address, code, gsmime_lookup_describe (l));
  return FALSE;
}

/* Worth asking the directory: nothing in the keybox can be used, or the
 * certificate chosen turned out revoked and the directory, which was not
 * where it came from, may hold its successor.  A pin is the user's
 * decision and is not second-guessed.  */
static gboolean
worth_asking (const GsmimeCandidates *c, const GsmimeRecipientProblem *p)
{
  if (!c->chosen)
    return TRUE;
  return p && p->problem == GSMIME_RECIPIENT_REVOKED && !c->chosen->pinned
         && c->chosen->source != GSMIME_SOURCE_DIRECTORY;
}

static GPtrArray *
candidate_keys (GsmimeCandidates *c)
{
  GPtrArray *keys = g_ptr_array_new ();
  guint i;

  for (i = 0; i < c->candidates->len; i++)
    {
      GsmimeCandidate *candidate = g_ptr_array_index (c->candidates, i);
      g_ptr_array_add (keys, candidate->key);
    }
  return keys;
}

/* Why nothing can be used: what is wrong with the certificates at hand
 * says more than the directory's "none"; without any, the directory's
 * answer (FOUND) is all.  */
static GsmimeRecipientProblem *
explain (GsmimeSession *session, GsmimeCandidates *c, const char *address,
         GsmimeRecipientProblem *found)
{
  g_autoptr (GPtrArray) keys = NULL;

  if (c->chosen)
    return found;
  keys = candidate_keys (c);
  if (!keys->len && found)
    return found;
  gsmime_recipient_problem_free (found);
  return explain_unusable (session, address, keys);
}

gpgme_key_t
gsmime_choose_recipient (GsmimeSession *session, const char *address,
                         gboolean allow_unchecked,
                         GsmimeRecipientProblem **problem, GError **error)
{
  GsmimeRecipientProblem *found = NULL;
  g_autoptr (GsmimeCandidates) c = NULL;
  gpgme_key_t key = NULL;
  gboolean asked = FALSE, again = TRUE;

  while (again)
    {
      again = FALSE;
      g_clear_pointer (&c, gsmime_candidates_free);
      c = gsmime_recipient_candidates (session, address, error);
      if (!c)
        break;
      if (c->chosen)
        {
          g_clear_pointer (&found, gsmime_recipient_problem_free);
          gpgme_key_ref (c->chosen->key);
          key = check_revocation (session, c->chosen->key, address,
                                  allow_unchecked, &found);
        }
      if (!key && !asked && worth_asking (c, found))
        {
          asked = TRUE;
          again = ask_directory (session, address, found ? NULL : &found);
        }
    }
  if (c && !key)
    found = explain (session, c, address, found);
  if (problem && c)
    *problem = found;
  else
    gsmime_recipient_problem_free (found);
  return key;
}

/* The encryption certificate FPR the user chose for their own ADDRESS,
 * or NULL with *PROBLEM set (or ERROR, when the keybox could not be
 * asked).  */
static gpgme_key_t
own_certificate (GsmimeSession *session, const char *address,
                 const char *fpr, GsmimeRecipientProblem **problem,
                 GError **error)
{
  g_autoptr (GError) local = NULL;
  gpgme_key_t key = gsmime_key_by_fingerprint (session, fpr, &local);

  if (!key && !g_error_matches (local, GSMIME_ERROR, GPG_ERR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!key)
    *problem = problem_new (address, GSMIME_RECIPIENT_OWN_MISSING,
      g_strdup_printf (_("%s: the encryption certificate chosen for this "
                         "account (%s) is not in the keybox; choose "
                         "another"), address, fpr));
  else if (!gsmime_key_usable (key, FALSE)
           && gsmime_key_valid_at (key, g_get_real_time () / G_USEC_PER_SEC)
           && !engine_encrypts_ecdh () && gsmime_key_is_ecdh (session, key))
    {
      *problem = ecdh_problem (address, fpr);
      g_clear_pointer (&key, gpgme_key_unref);
    }
  else if (!gsmime_key_usable (key, FALSE))
    {
      *problem = problem_new (address, GSMIME_RECIPIENT_OWN_UNUSABLE,
        g_strdup_printf (_("%s: the encryption certificate chosen for this "
                           "account (%s) is revoked, expired or not for "
                           "encryption; choose another"), address, fpr));
      g_clear_pointer (&key, gpgme_key_unref);
    }
  if (*problem && !(*problem)->fingerprint)
    (*problem)->fingerprint = g_strdup (fpr);
  return key;
}

gboolean
gsmime_choose_recipients_each (GsmimeSession *session,
                               const GsmimeRecipientRequest *request,
                               GPtrArray *keys, GPtrArray *problems,
                               GError **error)
{
  const char *const *a;

  for (a = request->addresses; *a; a++)
    {
      GsmimeRecipientProblem *problem = NULL;
      gpgme_key_t key;

      if (request->own_fingerprint && request->own_address
          && !g_ascii_strcasecmp (*a, request->own_address))
        key = own_certificate (session, *a, request->own_fingerprint,
                               &problem, error);
      else
        key = gsmime_choose_recipient (session, *a, request->allow_unchecked,
                                       &problem, error);
      if (key)
        g_ptr_array_add (keys, key);
      else if (problem)
        g_ptr_array_add (problems, problem);
      else
        return FALSE;
    }
  return TRUE;
}

gboolean
gsmime_choose_recipients (GsmimeSession *session, const char *const *addresses,
                          gboolean allow_unchecked, GPtrArray *keys,
                          GPtrArray *problems, GError **error)
{
  GsmimeRecipientRequest request = { addresses, allow_unchecked, NULL, NULL };

  if (!gsmime_choose_recipients_each (session, &request, keys, problems,
                                      error))
    return FALSE;
  if (problems->len)
    {
      gsmime_set_recipient_error (error, problems);
      return FALSE;
    }
  return TRUE;
}

char *
gsmime_recipient_error_text (GPtrArray *problems,
                             const GsmimeAdviceWords *words)
{
  GString *text = g_string_new (
    _("The message cannot be encrypted to every recipient, so it was not "
      "encrypted:"));
  guint i;

  for (i = 0; i < problems->len; i++)
    {
      g_autofree char *one = gsmime_recipient_problem_text (
        g_ptr_array_index (problems, i), words);
      g_string_append_printf (text, "\n  %s", one);
    }
  return g_string_free (text, FALSE);
}

char *
gsmime_recipient_problem_text (const GsmimeRecipientProblem *problem,
                               const GsmimeAdviceWords *words)
{
  g_autofree char *advice = words ? gsmime_advice_text (problem->advice, NULL,
                                                        words)
                                  : NULL;

  return advice ? g_strdup_printf ("%s. %s", problem->text, advice)
                : g_strdup (problem->text);
}

void
gsmime_set_recipient_error (GError **error, GPtrArray *problems)
{
  g_autofree char *text = gsmime_recipient_error_text (problems, NULL);

  gsmime_set_error (error, GPG_ERR_UNUSABLE_PUBKEY, "%s", text);
}

GsmimeRecipientProblem *
gsmime_recipient_problem_from_gpgsm (const char *address, gpgme_error_t reason)
{
  GsmimeRecipientProblem *p;

  switch (gpgme_err_code (reason))
    {
    case GPG_ERR_CERT_REVOKED:
      return problem_new (address, GSMIME_RECIPIENT_REVOKED, g_strdup_printf (
        _("%s: the certificate is revoked; ask for a new one"), address));
    case GPG_ERR_CERT_EXPIRED:
      return problem_new (address, GSMIME_RECIPIENT_EXPIRED, g_strdup_printf (
        _("%s: the certificate has expired; ask for a new one"), address));
    case GPG_ERR_WRONG_KEY_USAGE:
      return problem_new (address, GSMIME_RECIPIENT_NOT_FOR_ENCRYPTION, g_strdup_printf (
        _("%s: the certificate is not for encryption; ask for an encryption "
          "certificate"), address));
    case GPG_ERR_NOT_TRUSTED:
    case GPG_ERR_BAD_CERT_CHAIN:
    case GPG_ERR_MISSING_ISSUER_CERT:
    case GPG_ERR_BAD_CA_CERT:
      p = problem_new (address, GSMIME_RECIPIENT_UNTRUSTED_CHAIN, g_strdup_printf (
        _("%s: the certificate does not lead to a root you trust (%s)"),
        address, gpgme_strerror (reason)));
      p->advice = GSMIME_ADVICE_TRUST_ROOT;
      return p;
    default:
      return problem_new (address, GSMIME_RECIPIENT_UNCHECKED, g_strdup_printf (
        _("%s: the certificate could not be checked (%s); try again when "
          "the revocation server can be reached"), address,
        gpgme_strerror (reason)));
    }
}
