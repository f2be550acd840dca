/* verdict.c - the colour a message is shown in, and why.
 *
 * The rules, in the order they are applied, are those of doc/verdicts.md:
 * a failed cryptographic check ends the judgement at red; otherwise the
 * certificate, the digest, the signing time and the sender address each
 * may add a reason, and a signature nothing could be said against is
 * green.  The whole message then gets the worst of its signatures and
 * the reasons of its structure (malformed, partial, not signed,
 * encrypted), so that every host shows the same judgement.
 */
#include <string.h>
#include "verdict.h"
#include "error.h"
#include "headline.h"
#include "engine.h"
#include "i18n.h"

const char *
gsmime_colour_name (GsmimeColour colour)
{
  switch (colour)
    {
    case GSMIME_GREEN: return "green";
    case GSMIME_ORANGE: return "orange";
    case GSMIME_RED: return "red";
    case GSMIME_GREY: break;
    }
  return "grey";
}

static void
reason_free (gpointer data)
{
  GsmimeReason *reason = data;

  g_free (reason->text);
  g_free (reason->subject);
  g_free (reason);
}

GsmimeVerdict *
gsmime_verdict_new (void)
{
  GsmimeVerdict *verdict = g_new0 (GsmimeVerdict, 1);

  verdict->colour = GSMIME_GREY;
  verdict->reasons = g_ptr_array_new_with_free_func (reason_free);
  return verdict;
}

void
gsmime_verdict_free (GsmimeVerdict *verdict)
{
  if (!verdict)
    return;
  g_ptr_array_unref (verdict->reasons);
  g_free (verdict);
}

/* Adds REASON (taken) in its colour, keeping the list worst first.  */
static void
insert_reason (GsmimeVerdict *verdict, GsmimeReason *reason)
{
  guint i;

  /* Keep the list worst first, in the order reasons were found within a
   * colour, so that hosts can show the first one as the headline.  */
  for (i = 0; i < verdict->reasons->len; i++)
    {
      GsmimeReason *other = g_ptr_array_index (verdict->reasons, i);
      if (other->colour < reason->colour)
        break;
    }
  g_ptr_array_insert (verdict->reasons, i, reason);
  if (reason->colour > verdict->colour)
    verdict->colour = reason->colour;
}

static GsmimeReason *
reason_new (GsmimeReasonCode code, GsmimeColour colour, char *text)
{
  GsmimeReason *reason = g_new0 (GsmimeReason, 1);

  reason->reason = code;
  reason->code = gsmime_reason_name (code);
  reason->colour = colour;
  reason->text = text;
  return reason;
}

void
gsmime_verdict_add_coloured (GsmimeVerdict *verdict, GsmimeReasonCode code,
                             GsmimeColour colour, char *text)
{
  insert_reason (verdict, reason_new (code, colour, text));
}

void
gsmime_verdict_add_advised (GsmimeVerdict *verdict, GsmimeReasonCode code,
                            GsmimeAdvice advice, const char *subject,
                            char *text)
{
  GsmimeReason *reason =
    reason_new (code, gsmime_reason_info (code)->colour, text);

  reason->advice = advice;
  reason->subject = g_strdup (subject);
  insert_reason (verdict, reason);
}

/* The untranslated words for ADVICE, or NULL.  */
static const char *
advice_format (GsmimeAdvice advice, const char *subject,
               const GsmimeAdviceWords *words)
{
  switch (advice)
    {
    case GSMIME_ADVICE_TRUST_ROOT:
      return words->trust_root;
    case GSMIME_ADVICE_INSPECT_CERTIFICATE:
      return subject ? words->inspect_certificate : words->inspect_unknown;
    case GSMIME_ADVICE_SWITCH_ON_OCSP:
      return words->switch_on_ocsp;
    case GSMIME_ADVICE_IMPORT_KEY:
      return words->import_key;
    case GSMIME_ADVICE_ADD_DIRECTORY:
      return words->add_directory;
    case GSMIME_ADVICE_LIST_CERTIFICATES:
      return subject ? words->list_certificates : NULL;
    case GSMIME_ADVICE_LIST_DIRECTORIES:
      return words->list_directories;
    case GSMIME_ADVICE_NONE:
      break;
    }
  return NULL;
}

char *
gsmime_advice_text (GsmimeAdvice advice, const char *subject,
                    const GsmimeAdviceWords *words)
{
  const char *format = advice_format (advice, subject, words);

  if (!format)
    return NULL;
  return strstr (_(format), "%s") ? g_strdup_printf (_(format), subject)
                                  : g_strdup (_(format));
}

char *
gsmime_reason_text (const GsmimeReason *reason,
                    const GsmimeAdviceWords *words)
{
  g_autofree char *advice = gsmime_advice_text (reason->advice,
                                                reason->subject, words);

  if (!advice)
    return g_strdup (reason->text);
  return g_strconcat (reason->text, " ", advice, NULL);
}

char *
gsmime_advised_message (const char *message, GsmimeAdvice advice,
                        const char *subject, const GsmimeAdviceWords *words)
{
  g_autofree char *text = gsmime_advice_text (advice, subject, words);

  if (!text)
    return g_strdup (message);
  return g_strconcat (message, "; ", text, NULL);
}

GsmimeAdvice
gsmime_error_advice (const GError *error)
{
  /* Only choosing one's signing key says GPG_ERR_UNUSABLE_SECKEY.  */
  return g_error_matches (error, GSMIME_ERROR, GPG_ERR_UNUSABLE_SECKEY)
         ? GSMIME_ADVICE_IMPORT_KEY : GSMIME_ADVICE_NONE;
}

void
gsmime_verdict_add_reason (GsmimeVerdict *verdict, GsmimeReasonCode code,
                           char *text)
{
  gsmime_verdict_add_coloured (verdict, code,
                               gsmime_reason_info (code)->colour, text);
}

void
gsmime_verdict_add (GsmimeVerdict *verdict, GsmimeColour colour,
                    const char *code, char *text)
{
  GsmimeReasonCode reason;

  if (!gsmime_reason_from_name (code, &reason))
    {
      g_free (text);
      g_return_if_reached ();
    }
  gsmime_verdict_add_coloured (verdict, reason, colour, text);
}

void
gsmime_verdict_merge (GsmimeVerdict *into, const GsmimeVerdict *from)
{
  guint i;

  for (i = 0; i < from->reasons->len; i++)
    {
      const GsmimeReason *r = g_ptr_array_index (from->reasons, i);
      GsmimeReason *copy = reason_new (r->reason, r->colour,
                                       g_strdup (r->text));
      copy->advice = r->advice;
      copy->subject = g_strdup (r->subject);
      insert_reason (into, copy);
    }
}

gboolean
gsmime_verdict_has_reason (const GsmimeVerdict *verdict,
                           GsmimeReasonCode code)
{
  guint i;

  for (i = 0; i < verdict->reasons->len; i++)
    {
      const GsmimeReason *r = g_ptr_array_index (verdict->reasons, i);
      if (r->reason == code)
        return TRUE;
    }
  return FALSE;
}

gboolean
gsmime_verdict_has (const GsmimeVerdict *verdict, const char *code)
{
  GsmimeReasonCode reason;

  return gsmime_reason_from_name (code, &reason)
         && gsmime_verdict_has_reason (verdict, reason);
}

gboolean
gsmime_verdict_verified (const GsmimeVerdict *verdict)
{
  gboolean checked = verdict->colour == GSMIME_GREEN
                     || verdict->colour == GSMIME_ORANGE;
  guint i;

  for (i = 0; checked && i < verdict->reasons->len; i++)
    checked = !gsmime_reason_info (((const GsmimeReason *) g_ptr_array_index (
                                      verdict->reasons, i))->reason)->unchecked;
  return checked;
}

const GsmimeReason *
gsmime_verdict_main_reason (const GsmimeVerdict *verdict)
{
  if (!verdict->reasons->len)
    return NULL;
  return g_ptr_array_index (verdict->reasons, 0);
}

static char *
format_time (gint64 t)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC")
            : g_strdup ("?");
}

char *
gsmime_revocation_describe (const GsmimeRevocation *r)
{
  g_autofree char *when = format_time (r->checked_at);

  switch (r->source)
    {
    case GSMIME_REVOCATION_SOURCE_CRL:
      return r->url ? g_strdup_printf (_("checked against the CRL from %s at "
                                         "%s"), r->url, when)
                    : g_strdup_printf (_("checked against the certificate's "
                                         "CRL at %s"), when);
    case GSMIME_REVOCATION_SOURCE_OCSP:
      return r->url ? g_strdup_printf (_("checked with the OCSP responder %s "
                                         "at %s"), r->url, when)
                    : g_strdup_printf (_("checked with the certificate's OCSP "
                                         "responder at %s"), when);
    case GSMIME_REVOCATION_SOURCE_NONE:
      if (r->state == GSMIME_REVOKED_NO)
        return g_strdup (_("cannot be revoked: the certificate names no CRL "
                           "or OCSP responder"));
      return g_strdup_printf (_("the certificate names no CRL or OCSP "
                                "responder; its issuers were checked at %s"),
                              when);
    case GSMIME_REVOCATION_SOURCE_OFF:
      return r->url ? g_strdup_printf (_("not checked: OCSP is switched off, "
                                         "and the certificate names only the "
                                         "OCSP responder %s"), r->url)
                    : g_strdup (_("not checked: switched off"));
    case GSMIME_REVOCATION_SOURCE_UNRECORDED:
      break;
    }
  return g_strdup_printf (_("learnt at %s"), when);
}

char *
gsmime_revocation_explain (const GsmimeRevocation *r)
{
  g_autofree char *done = gsmime_revocation_describe (r);

  if (r->state != GSMIME_REVOKED_UNKNOWN || !r->detail
      || r->source == GSMIME_REVOCATION_SOURCE_OFF)
    return g_steal_pointer (&done);
  /* TRANSLATORS: what a revocation check did, then why it failed.  */
  return g_strdup_printf (_("%s: %s"), done, r->detail);
}

/* Errors of the chain that mean "do not trust", as opposed to "could not
 * find out".  gpgsm reports most of them with TRUST_UNDEFINED, so the
 * validity alone cannot tell them apart.  */
static gboolean
is_chain_failure (gpg_err_code_t code)
{
  switch (code)
    {
    case GPG_ERR_NOT_TRUSTED:
    case GPG_ERR_BAD_CERT_CHAIN:
    case GPG_ERR_BAD_CERT:
    case GPG_ERR_BAD_CA_CERT:
    case GPG_ERR_MISSING_CERT:
    case GPG_ERR_MISSING_ISSUER_CERT:
    case GPG_ERR_NO_POLICY_MATCH:
    case GPG_ERR_UNSUPPORTED_CERT:
    case GPG_ERR_BAD_SIGNATURE:
    case GPG_ERR_CERT_TOO_YOUNG:
    case GPG_ERR_CERT_EXPIRED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Reasons gpgsm gives when it could not learn the revocation status: the
 * CRL or OCSP server is unreachable, slow or answers nonsense.  System
 * errors (connection refused, timed out, ...) arrive as errno codes.  */
static gboolean
is_lookup_failure (gpg_err_code_t code)
{
  if (code & GPG_ERR_SYSTEM_ERROR)
    return TRUE;
  switch (code)
    {
    case GPG_ERR_NO_CRL_KNOWN:
    case GPG_ERR_CRL_TOO_OLD:
    case GPG_ERR_TIMEOUT:
    case GPG_ERR_NO_DIRMNGR:
    case GPG_ERR_NETWORK:
    case GPG_ERR_NOT_FOUND:
    case GPG_ERR_NO_DATA:
    case GPG_ERR_BAD_URI:
    case GPG_ERR_INV_CRL:
    case GPG_ERR_INV_CRL_OBJ:
    case GPG_ERR_SERVER_FAILED:
    case GPG_ERR_EOF:
    case GPG_ERR_CANCELED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* A good signature by a certificate whose revocation status could not be
 * learnt (server down, CRL missing or stale, time out).  */
static gboolean
is_revocation_unknown (const GsmimeSignatureFacts *f)
{
  if (f->summary & (GPGME_SIGSUM_CRL_MISSING | GPGME_SIGSUM_CRL_TOO_OLD))
    return TRUE;
  if (f->validity != GPGME_VALIDITY_UNKNOWN
      && f->validity != GPGME_VALIDITY_UNDEFINED)
    return FALSE;
  return is_lookup_failure (gpgme_err_code (f->validity_reason));
}

/* A signature this engine cannot check: orange, with what it uses and
 * what would read it.  Nothing else can be said of it, since gpgsm's
 * answer speaks of its own limit, not of the signature.  */
static void
judge_unsupported (const GsmimeUnsupportedSignature *u, GsmimeVerdict *v)
{
  g_autofree char *engine = u->engine
                              ? g_strdup_printf (_("gpgsm %s"), u->engine)
                              : g_strdup (_("the installed gpgsm"));
  const char *instead =
    u->missing == GSMIME_CAN_PSS_ANY_SALT
      ? _("ask the sender to sign with RSA-PSS whose salt is as long as "
          "its digest, or with a standard RSA (PKCS#1 v1.5) or ECDSA "
          "signature")
      : _("ask the sender for a standard RSA or ECDSA signature");

  if (gsmime_capability_released (u->missing))
    gsmime_verdict_add_reason (v, GSMIME_REASON_UNSUPPORTED_ALGORITHM,
      g_strdup_printf (_("The signature uses %s, which %s cannot check. "
                         "Nothing shows that the message was altered, but "
                         "nothing proves who wrote it either. A newer "
                         "GnuPG checks it (%s); or %s."),
                       u->algorithm, engine,
                       gsmime_capability_since (u->missing), instead));
  else
    gsmime_verdict_add_reason (v, GSMIME_REASON_UNSUPPORTED_ALGORITHM,
      g_strdup_printf (_("The signature uses %s, which %s cannot check, "
                         "and no release of GnuPG checks it yet. Nothing "
                         "shows that the message was altered, but nothing "
                         "proves who wrote it either: %s."),
                       u->algorithm, engine, instead));
}

/* Failures of the signature itself: nothing else matters after them.  */
static gboolean
judge_failure (const GsmimeSignatureFacts *f, GsmimeVerdict *v)
{
  gpg_err_code_t code = gpgme_err_code (f->status);

  switch (code)
    {
    case GPG_ERR_NO_ERROR:
    case GPG_ERR_KEY_EXPIRED:
    case GPG_ERR_CERT_EXPIRED:
    case GPG_ERR_SIG_EXPIRED:
    case GPG_ERR_CERT_REVOKED:
      return FALSE;
    case GPG_ERR_BAD_SIGNATURE:
      gsmime_verdict_add_reason (v, GSMIME_REASON_BAD_SIGNATURE, g_strdup (
        _("The message was changed after it was signed, or the signature "
          "is damaged. Do not trust its content; ask the sender to send "
          "it again.")));
      return TRUE;
    case GPG_ERR_NO_PUBKEY:
      gsmime_verdict_add_reason (v, GSMIME_REASON_SIGNER_UNKNOWN, g_strdup (
        _("The signer's certificate is neither in the message nor in your "
          "keybox, so the signature cannot be checked. Ask the sender for "
          "their certificate and import it.")));
      return TRUE;
    default:
      gsmime_verdict_add_reason (v, GSMIME_REASON_SIGNATURE_ERROR,
        g_strdup_printf (_("The signature could not be checked (%s). Treat "
                           "the message as unsigned; ask the sender to sign "
                           "it again."), gpgme_strerror (f->status)));
      return TRUE;
    }
}

static void
judge_expiry (const GsmimeSignatureFacts *f, GsmimeVerdict *v)
{
  g_autofree char *when = format_time (f->cert_expires);

  if (f->cert_expires && f->signing_time
      && f->signing_time <= f->cert_expires)
    gsmime_verdict_add_reason (v, GSMIME_REASON_EXPIRED_SINCE_SIGNING,
      g_strdup_printf (_("The signer's certificate expired on %s, after the "
                         "message was signed. The signature was made while "
                         "it was valid; ask the sender for their new "
                         "certificate."), when));
  else
    gsmime_verdict_add_reason (v, GSMIME_REASON_EXPIRED,
      g_strdup_printf (_("The signer's certificate had expired (on %s) when "
                         "the message was signed. Do not trust this "
                         "signature."), when));
}

/* Red "revoked", saying who said so.  gsmime's own check names its
 * source; gpgsm's status lines name none.  */
static void
judge_revoked (const GsmimeSignatureFacts *f, GsmimeVerdict *v)
{
  const GsmimeRevocation *r = f->revocation;
  g_autofree char *done = NULL;
  g_autofree char *sentence = NULL;

  if (!r || r->state != GSMIME_REVOKED_YES)
    {
      gsmime_verdict_add_reason (v, GSMIME_REASON_REVOKED, g_strdup (
        _("The signer's certificate has been revoked by its issuer. Do not "
          "trust this message; contact the sender by other means.")));
      return;
    }
  done = gsmime_revocation_describe (r);
  sentence = g_strdup_printf (_("The signer's certificate has been revoked "
                                "by its issuer (%s). Do not trust this "
                                "message; contact the sender by other "
                                "means."), done);
  gsmime_verdict_add_reason (v, GSMIME_REASON_REVOKED, g_strconcat (
    sentence, r->signer_unchecked ? " " : "",
    r->signer_unchecked ? _("GnuPG does not check who signed a \"revoked\" "
                            "OCSP answer, so a forged one looks the same: if "
                            "you doubt it, ask the certificate's issuer.")
                        : "", NULL));
}

/* Orange "revocation-unknown" from gsmime's own check, with what it did
 * and the advice that fits: switch OCSP on, distrust the responder, or
 * try again later.  */
static void
judge_unknown (const GsmimeRevocation *r, GsmimeVerdict *v)
{
  g_autofree char *done = gsmime_revocation_explain (r);

  if (r->source == GSMIME_REVOCATION_SOURCE_OFF)
    gsmime_verdict_add_advised (v, GSMIME_REASON_REVOCATION_UNKNOWN,
      GSMIME_ADVICE_SWITCH_ON_OCSP, NULL,
      g_strdup_printf (_("The signature is valid, but whether the signer's "
                         "certificate has been revoked is unknown (%s)."),
                       done));
  else if (r->ecdsa_unchecked)
    gsmime_verdict_add_reason (v, GSMIME_REASON_REVOCATION_UNKNOWN,
      g_strdup_printf (_("The signature is valid, but whether the signer's "
                         "certificate has been revoked is unknown (%s). A "
                         "newer GnuPG checks ECDSA signatures on revocation "
                         "lists and OCSP answers (%s); until then, the "
                         "certificate may have been revoked without gsmime "
                         "knowing."), done,
                       gsmime_capability_since (
                         GSMIME_CAN_ECDSA_REVOCATION)));
  else if (r->answer_refused)
    gsmime_verdict_add_reason (v, GSMIME_REASON_REVOCATION_UNKNOWN,
      g_strdup_printf (_("The signature is valid, but whether the signer's "
                         "certificate has been revoked is unknown: the OCSP "
                         "responder's answer was not accepted (%s). Someone "
                         "may be answering in the responder's place; check "
                         "again later, and tell the certificate's issuer if "
                         "it persists."), done));
  else
    gsmime_verdict_add_reason (v, GSMIME_REASON_REVOCATION_UNKNOWN,
      g_strdup_printf (_("The signature is valid, but whether the signer's "
                         "certificate has been revoked could not be checked "
                         "(%s). Check again later, when the revocation "
                         "server can be reached."), done));
}

/* The signer's address, for advice about the certificate, or NULL.  */
static const char *
signer_address (const GsmimeSignatureFacts *f)
{
  return f->signer_emails ? f->signer_emails[0] : NULL;
}

static void
judge_certificate (const GsmimeSignatureFacts *f, GsmimeVerdict *v)
{
  gpg_err_code_t reason = gpgme_err_code (f->validity_reason);
  gpg_err_code_t status = gpgme_err_code (f->status);

  if ((f->summary & GPGME_SIGSUM_KEY_REVOKED) || status == GPG_ERR_CERT_REVOKED
      || reason == GPG_ERR_CERT_REVOKED
      || (f->revocation && f->revocation->state == GSMIME_REVOKED_YES))
    judge_revoked (f, v);
  else if (f->signing_time && f->cert_not_before
           && f->signing_time < f->cert_not_before)
    gsmime_verdict_add_reason (v, GSMIME_REASON_NOT_YET_VALID, g_strdup (
      _("The signer's certificate was not yet valid when the message was "
        "signed. Do not trust this signature.")));
  else if ((f->summary & GPGME_SIGSUM_KEY_EXPIRED)
           || status == GPG_ERR_KEY_EXPIRED || status == GPG_ERR_CERT_EXPIRED
           || reason == GPG_ERR_CERT_EXPIRED)
    judge_expiry (f, v);
  else if (is_chain_failure (reason))
    gsmime_verdict_add_advised (v, GSMIME_REASON_UNTRUSTED_CHAIN,
      GSMIME_ADVICE_TRUST_ROOT, NULL,
      g_strdup_printf (_("The signer's certificate does not lead to a root "
                         "certificate you trust (%s). If you expect mail "
                         "from this sender, check its root."),
                       gpgme_strerror (f->validity_reason)));
  else if ((f->summary & GPGME_SIGSUM_BAD_POLICY)
           || reason == GPG_ERR_WRONG_KEY_USAGE)
    gsmime_verdict_add_reason (v, GSMIME_REASON_WRONG_KEY_USAGE, g_strdup (
      _("The signer's certificate is not meant for signing mail. Do not "
        "trust this signature; the sender should use their S/MIME "
        "signing certificate.")));
  else if (f->revocation && f->revocation->state == GSMIME_REVOKED_UNKNOWN)
    judge_unknown (f->revocation, v);
  else if (is_revocation_unknown (f))
    gsmime_verdict_add_reason (v, GSMIME_REASON_REVOCATION_UNKNOWN,
      g_strdup_printf (_("The signature is valid, but whether the signer's "
                         "certificate has been revoked could not be checked "
                         "(%s). Check again later, when the revocation "
                         "server can be reached."),
                       gpgme_strerror (f->validity_reason)));
  else if (gpgme_err_code (f->validity_reason) != GPG_ERR_NO_ERROR)
    gsmime_verdict_add_advised (v, GSMIME_REASON_CHAIN_ERROR,
      GSMIME_ADVICE_INSPECT_CERTIFICATE, signer_address (f), g_strdup_printf (
      _("The signer's certificate could not be validated (%s). Do not rely "
        "on this signature."), gpgme_strerror (f->validity_reason)));
  else if (f->validity != GPGME_VALIDITY_FULL
           && f->validity != GPGME_VALIDITY_ULTIMATE)
    gsmime_verdict_add_advised (v, GSMIME_REASON_TRUST_UNKNOWN,
      GSMIME_ADVICE_INSPECT_CERTIFICATE, signer_address (f), g_strdup (
      _("The signature is valid, but gpgsm did not say whether the signer's "
        "certificate can be trusted.")));
}

static gboolean
is_weak_digest (gpgme_hash_algo_t algo)
{
  return algo == GPGME_MD_MD5 || algo == GPGME_MD_SHA1
         || algo == GPGME_MD_RMD160 || algo == GPGME_MD_MD2
         || algo == GPGME_MD_MD4;
}

static void
judge_digest (const GsmimeSignatureFacts *f, const GsmimeSettings *s,
              GsmimeVerdict *v)
{
  if (!is_weak_digest (f->hash_algo))
    return;
  gsmime_verdict_add_coloured (v, GSMIME_REASON_WEAK_DIGEST,
    s->weak_digest == GSMIME_WEAK_DIGEST_RED ? GSMIME_RED : GSMIME_ORANGE,
    g_strdup_printf (
      _("The signature uses the weak digest %s, for which forgeries are "
        "feasible. Ask the sender to sign with SHA-256."),
      gpgme_hash_algo_name (f->hash_algo)));
}

static void
judge_signing_time (const GsmimeSignatureFacts *f, const GsmimeSettings *s,
                    GsmimeVerdict *v)
{
  g_autofree char *when = NULL;

  if (!f->signing_time
      || f->signing_time <= f->now + (gint64) s->future_tolerance_seconds)
    return;
  when = format_time (f->signing_time);
  gsmime_verdict_add_reason (v, GSMIME_REASON_FUTURE_SIGNING_TIME,
    g_strdup_printf (_("The message claims to be signed on %s, in the "
                       "future. The sender's clock may be wrong, or the time "
                       "was forged."), when));
}

static void
judge_sender (const GsmimeSignatureFacts *f, GsmimeVerdict *v)
{
  const char *const *e;

  if (!f->from_address)
    return;
  for (e = f->signer_emails; e && *e; e++)
    if (!g_ascii_strcasecmp (*e, f->from_address))
      return;
  gsmime_verdict_add_reason (v, GSMIME_REASON_FROM_MISMATCH, g_strdup_printf (
    _("The message says it is from %s, but the signer's certificate is for "
      "%s. Make sure the signer is who you expect."), f->from_address,
    f->signer_emails && f->signer_emails[0] ? f->signer_emails[0]
                                            : _("no e-mail address")));
}

/* The sentence of a green signature: it says what was done about
 * revocation, and never claims a check that was not made.  */
static char *
valid_text (const GsmimeRevocation *r)
{
  g_autofree char *done = NULL;

  if (!r)
    return g_strdup (_("Good signature: the certificate chain leads to a "
                       "trusted root, and gpgsm found the certificate "
                       "valid."));
  if (r->state == GSMIME_REVOKED_UNCHECKED)
    return g_strdup (_("Good signature: the certificate chain leads to a "
                       "trusted root. Revocation was not checked: the check "
                       "is switched off in the settings."));
  if (r->source == GSMIME_REVOCATION_SOURCE_NONE)
    return g_strdup (_("Good signature: the certificate chain leads to a "
                       "trusted root. It cannot be revoked: the certificate "
                       "names no CRL or OCSP responder."));
  done = gsmime_revocation_describe (r);
  return g_strdup_printf (_("Good signature: the certificate chain leads to "
                            "a trusted root, and the certificate is not "
                            "revoked: %s."), done);
}

GsmimeVerdict *
gsmime_verdict_for_signature (const GsmimeSignatureFacts *facts,
                              const GsmimeSettings *settings)
{
  GsmimeVerdict *v = gsmime_verdict_new ();

  if (facts->unsupported)
    {
      judge_unsupported (facts->unsupported, v);
      return v;
    }
  if (judge_failure (facts, v))
    return v;
  judge_certificate (facts, v);
  judge_digest (facts, settings, v);
  judge_signing_time (facts, settings, v);
  judge_sender (facts, v);
  if (v->colour != GSMIME_GREY)
    return v;
  gsmime_verdict_add_reason (v, GSMIME_REASON_VALID,
                             valid_text (facts->revocation));
  return v;
}

void
gsmime_verdict_judge_sender (GsmimeVerdict *verdict,
                             const char *const *signer_emails,
                             const char *from,
                             const GsmimeRevocation *revocation)
{
  GsmimeSignatureFacts facts = { 0 };
  guint i;

  if (gsmime_verdict_has_reason (verdict, GSMIME_REASON_BAD_SIGNATURE)
      || gsmime_verdict_has_reason (verdict, GSMIME_REASON_SIGNER_UNKNOWN)
      || gsmime_verdict_has_reason (verdict, GSMIME_REASON_SIGNATURE_ERROR))
    return;
  verdict->colour = GSMIME_GREY;
  for (i = verdict->reasons->len; i-- > 0;)
    {
      GsmimeReason *r = g_ptr_array_index (verdict->reasons, i);
      if (r->reason == GSMIME_REASON_FROM_MISMATCH
          || r->reason == GSMIME_REASON_VALID)
        g_ptr_array_remove_index (verdict->reasons, i);
      else if (r->colour > verdict->colour)
        verdict->colour = r->colour;
    }
  facts.signer_emails = signer_emails;
  facts.from_address = from;
  judge_sender (&facts, verdict);
  if (verdict->colour == GSMIME_GREY)
    gsmime_verdict_add_reason (verdict, GSMIME_REASON_VALID,
                               valid_text (revocation));
}

void
gsmime_message_verdict_free (GsmimeMessageVerdict *verdict)
{
  if (!verdict)
    return;
  gsmime_verdict_free (verdict->verdict);
  g_free (verdict->signer);
  g_free (verdict->headline);
  g_free (verdict);
}

/* M1: a signed part that cannot be judged.  A host that does not number
 * parts (mutt hands over one signature) gets the sentence without one.  */
static void
judge_malformed (const GsmimeSignatureSeen *seen, GsmimeVerdict *v)
{
  if (seen->part)
    gsmime_verdict_add_reason (v, GSMIME_REASON_MALFORMED, g_strdup_printf (
      _("The signature of part %s is malformed and cannot be checked: %s. "
        "Treat the message as unsigned."), seen->part, seen->malformed));
  else
    gsmime_verdict_add_reason (v, GSMIME_REASON_MALFORMED, g_strdup_printf (
      _("The signature is malformed and cannot be checked: %s. Treat the "
        "message as unsigned."), seen->malformed));
}

/* M2: the parts no signature covers, by number.  */
static void
judge_partial (const GPtrArray *unsigned_parts, GsmimeVerdict *v)
{
  g_autoptr (GString) list = g_string_new (NULL);
  guint i;

  for (i = 0; i < unsigned_parts->len; i++)
    g_string_append_printf (list, "%s%s", i ? ", " : "",
                            (const char *) g_ptr_array_index (unsigned_parts,
                                                              i));
  gsmime_verdict_add_reason (v, GSMIME_REASON_PARTIAL_SIGNATURE,
    g_strdup_printf (_("Only part of the message is signed; part %s is "
                       "not covered by the signature and could have been "
                       "added by anyone."), list->str));
}

/* H1-H3: the protected header fields.  A section that cannot be used
 * leaves the unprotected header in view; a protected From that differs
 * from the outer one is the sender a signature vouches for (H2), or an
 * address anyone could have written (H3, RFC 9788 4.4.2).  */
static void
judge_headers (const GsmimeHeaderFacts *h, GsmimeVerdict *v)
{
  if (!h)
    return;
  if (h->malformed)
    gsmime_verdict_add_reason (v, GSMIME_REASON_PROTECTED_HEADERS_MALFORMED,
      g_strdup_printf (_("The message carries protected header fields that "
                         "cannot be used: %s. The header shown is the "
                         "unprotected one, which anyone on the way could "
                         "have changed."), h->malformed));
  if (!h->protected_from || !h->outer_from
      || !g_ascii_strcasecmp (h->protected_from, h->outer_from))
    return;
  if (h->from_vouched)
    gsmime_verdict_add_reason (v, GSMIME_REASON_PROTECTED_FROM_MISMATCH,
      g_strdup_printf (_("The protected From address %s differs from the "
                         "outer From address %s. The signature vouches for "
                         "%s; the outer address may have been rewritten by "
                         "a mailing list or on the way."), h->protected_from,
                       h->outer_from, h->protected_from));
  else
    gsmime_verdict_add_reason (v, GSMIME_REASON_PROTECTED_FROM_UNVERIFIED,
      g_strdup_printf (_("Inside its protection the message claims to come "
                         "from %s, outside from %s, and no valid signature "
                         "by %s vouches for the inner address. The sender "
                         "may be posing as %s: do not trust the message, "
                         "and do not answer it with anything private."),
                       h->protected_from, h->outer_from, h->protected_from,
                       h->protected_from));
}

/* The signer the headline speaks of: the first whose own verdict is as
 * bad as the whole message's, as that is whom the main reason is about;
 * failing that (the structure made it worse), the last.  */
static const char *
main_signer (const GArray *signatures, GsmimeColour colour)
{
  const char *last = NULL;
  gboolean any = FALSE;
  guint i;

  for (i = 0; signatures && i < signatures->len; i++)
    {
      const GsmimeSignatureSeen *seen =
        &g_array_index (signatures, GsmimeSignatureSeen, i);
      if (!seen->verdict)
        continue;
      if (seen->verdict->colour == colour)
        return seen->signer;
      last = seen->signer;
      any = TRUE;
    }
  return any ? last : NULL;
}

GsmimeMessageVerdict *
gsmime_verdict_for_message (const GsmimeMessageFacts *facts)
{
  GsmimeMessageVerdict *m = g_new0 (GsmimeMessageVerdict, 1);
  guint n = facts->signatures ? facts->signatures->len : 0;
  guint i;

  m->verdict = gsmime_verdict_new ();
  for (i = 0; i < n; i++)
    {
      const GsmimeSignatureSeen *seen =
        &g_array_index (facts->signatures, GsmimeSignatureSeen, i);
      if (seen->malformed)
        judge_malformed (seen, m->verdict);
      else
        gsmime_verdict_merge (m->verdict, seen->verdict);
    }
  if (n && facts->unsigned_parts && facts->unsigned_parts->len)
    judge_partial (facts->unsigned_parts, m->verdict);
  judge_headers (facts->headers, m->verdict);
  if (!n)
    gsmime_verdict_add_reason (m->verdict, GSMIME_REASON_NOT_SIGNED,
                               g_strdup (_("The message is not signed.")));
  if (facts->encrypted)
    gsmime_verdict_add_reason (m->verdict, GSMIME_REASON_ENCRYPTED,
                               g_strdup (_("The message was encrypted.")));
  /* Compression protects nothing and vouches for nobody: it is said, and
   * changes no colour.  */
  if (facts->compressed)
    gsmime_verdict_add_reason (
      m->verdict, GSMIME_REASON_COMPRESSED,
      g_strdup (_("The message was compressed, and was decompressed to be "
                  "read; compression says nothing about who wrote it.")));
  m->signer = g_strdup (main_signer (facts->signatures, m->verdict->colour));
  m->headline = gsmime_headline (m->verdict, m->signer, facts->encrypted);
  return m;
}
