/* test-verdict.c - every rule of doc/verdicts.md, on facts made up here so
 * that each row is tested without gpgsm.  The integration tests show the
 * same rows with signatures the real gpgsm checked.  */
#include <string.h>
#include "verdict.h"
#include "error.h"

static const char *alice[] = { "alice@example.org", NULL };

/* Facts of a signature nothing can be said against.  */
static GsmimeSignatureFacts
good_facts (void)
{
  GsmimeSignatureFacts f = { 0 };

  f.summary = GPGME_SIGSUM_VALID | GPGME_SIGSUM_GREEN;
  f.validity = GPGME_VALIDITY_FULL;
  f.hash_algo = GPGME_MD_SHA256;
  f.now = 1800000000;
  f.signing_time = f.now - 60;
  f.cert_not_before = f.now - 86400 * 30;
  f.cert_expires = f.now + 86400 * 300;
  f.signer_emails = alice;
  f.from_address = "alice@example.org";
  return f;
}

static GsmimeVerdict *
judge (const GsmimeSignatureFacts *f)
{
  GsmimeSettings s;

  gsmime_settings_init (&s);
  return gsmime_verdict_for_signature (f, &s);
}

static void
assert_verdict (const GsmimeSignatureFacts *f, GsmimeColour colour,
                const char *code)
{
  g_autoptr (GsmimeVerdict) v = judge (f);

  g_assert_cmpstr (gsmime_colour_name (v->colour), ==,
                   gsmime_colour_name (colour));
  g_assert_true (gsmime_verdict_has (v, code));
  g_assert_cmpstr (gsmime_verdict_main_reason (v)->code, ==, code);
}

static void
test_good (void)
{
  GsmimeSignatureFacts f = good_facts ();
  assert_verdict (&f, GSMIME_GREEN, "valid");
}

static void
test_bad_signature (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.status = gpg_error (GPG_ERR_BAD_SIGNATURE);
  f.summary = GPGME_SIGSUM_RED;
  f.validity = GPGME_VALIDITY_UNKNOWN;
  assert_verdict (&f, GSMIME_RED, "bad-signature");
}

/* Row 0: a signature the engine cannot check is orange
 * unsupported-algorithm, whatever gpgsm's status said (gpgsm 2.2.40 calls
 * Ed25519 bad), with nothing else said of it; the sentence names the
 * algorithm and the engine and says what would read it.  It is never
 * called verified.  */
static void
test_unsupported_algorithm (void)
{
  GsmimeSignatureFacts f = good_facts ();
  GsmimeUnsupportedSignature ed = { "Ed25519", GSMIME_CAN_EDDSA_SIGNATURES,
                                    "2.2.40" };
  GsmimeUnsupportedSignature ecdh = { "Some-Algorithm",
                                      GSMIME_CAN_ECDH_DECRYPT, NULL };
  g_autoptr (GsmimeVerdict) v = NULL;
  g_autoptr (GsmimeVerdict) newer = NULL;
  const char *text;

  f.status = gpg_error (GPG_ERR_BAD_SIGNATURE);
  f.summary = GPGME_SIGSUM_RED;
  f.from_address = "carol@example.org";
  f.unsupported = &ed;
  assert_verdict (&f, GSMIME_ORANGE, "unsupported-algorithm");
  v = judge (&f);
  g_assert_cmpuint (v->reasons->len, ==, 1);
  g_assert_false (gsmime_verdict_verified (v));
  text = gsmime_verdict_main_reason (v)->text;
  g_assert_nonnull (strstr (text, "Ed25519"));
  g_assert_nonnull (strstr (text, "gpgsm 2.2.40"));
  g_assert_nonnull (strstr (text, "no release of GnuPG"));
  g_assert_nonnull (strstr (text, "standard RSA or ECDSA"));
  g_assert_null (strstr (text, "altered."));
  /* A capability some release has names that release.  */
  f.unsupported = &ecdh;
  newer = judge (&f);
  g_assert_nonnull (strstr (gsmime_verdict_main_reason (newer)->text,
                            gsmime_capability_since (
                              GSMIME_CAN_ECDH_DECRYPT)));
}

/* Orange for a reason that checked the signature is verified; red never
 * is.  */
static void
test_verified (void)
{
  g_autoptr (GsmimeVerdict) orange = gsmime_verdict_new ();
  g_autoptr (GsmimeVerdict) red = gsmime_verdict_new ();

  gsmime_verdict_add_reason (orange, GSMIME_REASON_REVOCATION_UNKNOWN,
                             g_strdup ("made up"));
  gsmime_verdict_add_reason (red, GSMIME_REASON_BAD_SIGNATURE,
                             g_strdup ("made up"));
  g_assert_true (gsmime_verdict_verified (orange));
  g_assert_false (gsmime_verdict_verified (red));
  gsmime_verdict_add_reason (orange, GSMIME_REASON_UNSUPPORTED_ALGORITHM,
                             g_strdup ("made up"));
  g_assert_false (gsmime_verdict_verified (orange));
}

static void
test_missing_certificate (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.status = gpg_error (GPG_ERR_NO_PUBKEY);
  f.summary = GPGME_SIGSUM_KEY_MISSING;
  assert_verdict (&f, GSMIME_RED, "signer-unknown");
}

static void
test_revoked (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.summary = GPGME_SIGSUM_KEY_REVOKED | GPGME_SIGSUM_RED;
  f.validity = GPGME_VALIDITY_NEVER;
  f.validity_reason = gpg_error (GPG_ERR_CERT_REVOKED);
  assert_verdict (&f, GSMIME_RED, "revoked");
}

/* gpgsm's answer when the CRL server refuses the connection: GOODSIG,
 * then TRUST_UNDEFINED.  That is not red, and not green either.  */
static void
test_revocation_unknown (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.summary = 0;
  f.validity = GPGME_VALIDITY_UNKNOWN;
  f.validity_reason = gpg_error (GPG_ERR_ECONNREFUSED);
  assert_verdict (&f, GSMIME_ORANGE, "revocation-unknown");
  f.validity_reason = gpg_error (GPG_ERR_NO_CRL_KNOWN);
  assert_verdict (&f, GSMIME_ORANGE, "revocation-unknown");
  f.validity_reason = gpg_error (GPG_ERR_CRL_TOO_OLD);
  f.summary = GPGME_SIGSUM_CRL_TOO_OLD;
  assert_verdict (&f, GSMIME_ORANGE, "revocation-unknown");
}

/* gsmime's own check: every sentence says what was done.  */
typedef struct
{
  GsmimeRevokedState state;
  GsmimeRevocationSource source;
  const char *url;
  const char *detail;
  gboolean refused;           /* answer_refused */
  gboolean unsigned_revoked;  /* signer_unchecked */
  GsmimeColour colour;
  const char *code;
  const char *words;          /* the main reason's text holds these */
} SentenceRow;

#define OCSP_URL "http://ocsp.example.org/"
#define AT "at 2027-01-15 08:00:00 UTC"

static const SentenceRow sentences[] = {
  { GSMIME_REVOKED_NO, GSMIME_REVOCATION_SOURCE_OCSP, OCSP_URL, NULL, FALSE,
    FALSE, GSMIME_GREEN, "valid",
    "is not revoked: checked with the OCSP responder " OCSP_URL " " AT "." },
  { GSMIME_REVOKED_NO, GSMIME_REVOCATION_SOURCE_CRL,
    "http://crl.example.org/ca.crl", NULL, FALSE, FALSE, GSMIME_GREEN,
    "valid", "is not revoked: checked against the CRL from "
    "http://crl.example.org/ca.crl " AT "." },
  /* A certificate that names neither is never called "not revoked".  */
  { GSMIME_REVOKED_NO, GSMIME_REVOCATION_SOURCE_NONE, NULL, NULL, FALSE,
    FALSE, GSMIME_GREEN, "valid",
    "cannot be revoked: the certificate names no CRL or OCSP responder" },
  { GSMIME_REVOKED_UNCHECKED, GSMIME_REVOCATION_SOURCE_OFF, NULL, NULL, FALSE,
    FALSE, GSMIME_GREEN, "valid", "Revocation was not checked" },
  /* Only a responder named, and OCSP switched off: not green.  */
  { GSMIME_REVOKED_UNKNOWN, GSMIME_REVOCATION_SOURCE_OFF, OCSP_URL, NULL,
    FALSE, FALSE, GSMIME_ORANGE, "revocation-unknown",
    "(not checked: OCSP is switched off, and the certificate names only the "
    "OCSP responder " OCSP_URL ")." },
  { GSMIME_REVOKED_UNKNOWN, GSMIME_REVOCATION_SOURCE_OCSP, OCSP_URL,
    "no answer from the revocation server in time", FALSE, FALSE,
    GSMIME_ORANGE, "revocation-unknown", "could not be checked (checked "
    "with the OCSP responder " OCSP_URL " " AT ": no answer from the "
    "revocation server in time)" },
  /* A refused answer names the responder and its signature, no CRL.  */
  { GSMIME_REVOKED_UNKNOWN, GSMIME_REVOCATION_SOURCE_OCSP, OCSP_URL,
    "its answer is signed with a certificate that is not meant for signing "
    "OCSP answers", TRUE, FALSE, GSMIME_ORANGE, "revocation-unknown",
    "the OCSP responder's answer was not accepted (checked with the OCSP "
    "responder " OCSP_URL " " AT ": its answer is signed with" },
  /* A "revoked" whose signer nobody checked says so.  */
  { GSMIME_REVOKED_YES, GSMIME_REVOCATION_SOURCE_OCSP, OCSP_URL, NULL, FALSE,
    TRUE, GSMIME_RED, "revoked", "revoked by its issuer (checked with the "
    "OCSP responder " OCSP_URL " " AT "). Do not trust this message; "
    "contact the sender by other means. GnuPG does not check who signed" },
};

static void
test_revocation_sentences (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      const SentenceRow *row = &sentences[i];
      GsmimeRevocation r = { 0 };
      GsmimeSignatureFacts f = good_facts ();
      g_autoptr (GsmimeVerdict) v = NULL;
      const GsmimeReason *main_reason;

      r.state = row->state;
      r.source = row->source;
      r.url = (char *) row->url;
      r.detail = (char *) row->detail;
      r.answer_refused = row->refused;
      r.signer_unchecked = row->unsigned_revoked;
      r.checked_at = 1800000000;    /* 2027-01-15 08:00:00 UTC */
      f.revocation = &r;
      v = judge (&f);
      main_reason = gsmime_verdict_main_reason (v);
      g_test_message ("row %u: %s", i, main_reason->text);
      g_assert_cmpint (v->colour, ==, row->colour);
      g_assert_cmpstr (main_reason->code, ==, row->code);
      g_assert_nonnull (strstr (main_reason->text, row->words));
    }
}

/* Unknown because the authority signs with ECDSA, which this dirmngr
 * cannot check: orange, the engine named, no server blamed.  */
static void
test_revocation_ecdsa (void)
{
  GsmimeRevocation r = { 0 };
  GsmimeSignatureFacts f = good_facts ();
  g_autoptr (GsmimeVerdict) v = NULL;
  const GsmimeReason *main_reason;

  r.state = GSMIME_REVOKED_UNKNOWN;
  r.source = GSMIME_REVOCATION_SOURCE_CRL;
  r.url = (char *) "http://crl.example.org/ec.crl";
  r.detail = (char *) "the certificate's authority signs its revocation "
                      "lists and OCSP answers with ECDSA, which this dirmngr "
                      "(2.2.40) cannot check";
  r.ecdsa_unchecked = TRUE;
  f.revocation = &r;
  v = judge (&f);
  main_reason = gsmime_verdict_main_reason (v);
  g_assert_cmpint (v->colour, ==, GSMIME_ORANGE);
  g_assert_cmpstr (main_reason->code, ==, "revocation-unknown");
  g_assert_nonnull (strstr (main_reason->text, "which this dirmngr (2.2.40) "
                                               "cannot check). A newer GnuPG"));
  g_assert_nonnull (strstr (main_reason->text, "2.2.42"));
  g_assert_null (strstr (main_reason->text, "can be reached"));
}

static void
test_untrusted_root (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.summary = 0;
  f.validity = GPGME_VALIDITY_UNKNOWN;
  f.validity_reason = gpg_error (GPG_ERR_NOT_TRUSTED);
  assert_verdict (&f, GSMIME_RED, "untrusted-chain");
  f.validity_reason = gpg_error (GPG_ERR_MISSING_ISSUER_CERT);
  assert_verdict (&f, GSMIME_RED, "untrusted-chain");
}

/* The main reason's advice, as data for the host to word.  */
static void
assert_advice (const GsmimeSignatureFacts *f, GsmimeAdvice advice,
               const char *subject)
{
  g_autoptr (GsmimeVerdict) v = judge (f);
  const GsmimeReason *r = gsmime_verdict_main_reason (v);
  static const GsmimeAdviceWords words = { "Trust it.", "Look at %s.",
                                           "Look.", "Switch it on." };
  static const char *const expected[] = { NULL, "Trust it.",
                                          "Look at alice@example.org.",
                                          "Switch it on." };
  g_autofree char *worded = gsmime_reason_text (r, &words);
  g_autofree char *plain = g_strconcat (r->text, " ", expected[advice],
                                        NULL);

  g_assert_cmpint (r->advice, ==, advice);
  g_assert_cmpstr (r->subject, ==, subject);
  g_assert_cmpstr (worded, ==, expected[advice] ? plain : r->text);
}

/* An error's advice is data too: the host's words continue the core's
 * sentence, and a subject fills them in.  */
static void
test_error_advice (void)
{
  static const GsmimeAdviceWords words = {
    .import_key = "import it", .add_directory = "add one",
    .list_certificates = "list %s", .list_directories = "list them",
  };
  g_autoptr (GError) seckey = NULL;
  g_autoptr (GError) other = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *unlisted = NULL;
  g_autofree char *servers = NULL;

  gsmime_set_error (&seckey, GPG_ERR_UNUSABLE_SECKEY, "No key");
  gsmime_set_error (&other, GPG_ERR_NOT_FOUND, "Not found");
  g_assert_cmpint (gsmime_error_advice (seckey), ==, GSMIME_ADVICE_IMPORT_KEY);
  g_assert_cmpint (gsmime_error_advice (other), ==, GSMIME_ADVICE_NONE);
  imported = gsmime_advised_message (seckey->message,
                                     gsmime_error_advice (seckey), NULL,
                                     &words);
  g_assert_cmpstr (imported, ==, "No key; import it");
  listed = gsmime_advised_message ("Not that one",
                                   GSMIME_ADVICE_LIST_CERTIFICATES,
                                   "bob@example.org", &words);
  g_assert_cmpstr (listed, ==, "Not that one; list bob@example.org");
  unlisted = gsmime_advised_message ("Not that one",
                                     GSMIME_ADVICE_LIST_CERTIFICATES, NULL,
                                     &words);
  g_assert_cmpstr (unlisted, ==, "Not that one");
  servers = gsmime_advised_message ("No server",
                                    GSMIME_ADVICE_LIST_DIRECTORIES, NULL,
                                    &words);
  g_assert_cmpstr (servers, ==, "No server; list them");
}

/* Advice is an action, never a host's words: no command name and no
 * preferences page in the sentence.  */
static void
test_advice (void)
{
  GsmimeSignatureFacts f = good_facts ();
  GsmimeRevocation off = { 0 };

  assert_advice (&f, GSMIME_ADVICE_NONE, NULL);
  f.summary = 0;
  f.validity = GPGME_VALIDITY_UNKNOWN;
  f.validity_reason = gpg_error (GPG_ERR_NOT_TRUSTED);
  assert_advice (&f, GSMIME_ADVICE_TRUST_ROOT, NULL);
  f.validity_reason = gpg_error (GPG_ERR_GENERAL);
  assert_advice (&f, GSMIME_ADVICE_INSPECT_CERTIFICATE, "alice@example.org");
  f = good_facts ();
  off.state = GSMIME_REVOKED_UNKNOWN;
  off.source = GSMIME_REVOCATION_SOURCE_OFF;
  f.revocation = &off;
  assert_advice (&f, GSMIME_ADVICE_SWITCH_ON_OCSP, NULL);
}

static void
test_expired_at_signing (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.status = gpg_error (GPG_ERR_KEY_EXPIRED);
  f.summary = GPGME_SIGSUM_KEY_EXPIRED;
  f.cert_expires = f.now - 86400;
  assert_verdict (&f, GSMIME_RED, "expired");
  /* Signed while the certificate was still valid: only orange.  */
  f.signing_time = f.now - 2 * 86400;
  assert_verdict (&f, GSMIME_ORANGE, "expired-since-signing");
}

static void
test_not_yet_valid (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.cert_not_before = f.signing_time + 10;
  assert_verdict (&f, GSMIME_RED, "not-yet-valid");
}

static void
test_weak_digest (void)
{
  GsmimeSignatureFacts f = good_facts ();
  GsmimeSettings s;
  g_autoptr (GsmimeVerdict) strict = NULL;

  f.hash_algo = GPGME_MD_SHA1;
  assert_verdict (&f, GSMIME_ORANGE, "weak-digest");
  f.hash_algo = GPGME_MD_MD5;
  assert_verdict (&f, GSMIME_ORANGE, "weak-digest");

  gsmime_settings_init (&s);
  s.weak_digest = GSMIME_WEAK_DIGEST_RED;
  strict = gsmime_verdict_for_signature (&f, &s);
  g_assert_cmpint (strict->colour, ==, GSMIME_RED);
}

static void
test_from_mismatch (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.from_address = "ceo@example.org";
  assert_verdict (&f, GSMIME_ORANGE, "from-mismatch");
  /* Addresses compare without regard to case.  */
  f.from_address = "Alice@Example.ORG";
  assert_verdict (&f, GSMIME_GREEN, "valid");
}

static void
test_future_signing_time (void)
{
  GsmimeSignatureFacts f = good_facts ();
  f.signing_time = f.now + 3600;
  assert_verdict (&f, GSMIME_ORANGE, "future-signing-time");
  /* A clock a minute fast is forgiven.  */
  f.signing_time = f.now + 60;
  assert_verdict (&f, GSMIME_GREEN, "valid");
}

/* Reasons are kept worst first, and the colour is the worst of them.  */
static void
test_worst_first (void)
{
  g_autoptr (GsmimeVerdict) v = gsmime_verdict_new ();

  gsmime_verdict_add (v, GSMIME_GREEN, "valid", g_strdup ("a"));
  gsmime_verdict_add (v, GSMIME_ORANGE, "weak-digest", g_strdup ("b"));
  gsmime_verdict_add (v, GSMIME_RED, "revoked", g_strdup ("c"));
  gsmime_verdict_add (v, GSMIME_ORANGE, "from-mismatch", g_strdup ("d"));
  g_assert_cmpint (v->colour, ==, GSMIME_RED);
  g_assert_cmpstr (gsmime_verdict_main_reason (v)->code, ==, "revoked");
  g_assert_cmpstr (((GsmimeReason *) v->reasons->pdata[1])->code, ==,
                   "weak-digest");
  g_assert_cmpstr (((GsmimeReason *) v->reasons->pdata[3])->code, ==, "valid");
}

/* The whole message (rules M1-M4): signers' verdicts made up here, one
 * reason each, as gsmime_verdict_for_signature would give them.  */
typedef struct
{
  GArray *seen;
  GPtrArray *verdicts;
  GPtrArray *unsigned_parts;
  gboolean encrypted;
  gboolean compressed;
  GsmimeHeaderFacts headers;   /* rules H1-H3 */
} Message;

/* The fixture of every test of the whole message: no signatures, no
 * uncovered parts, not encrypted.  */
static void
message_init (Message *m, gconstpointer data)
{
  m->seen = g_array_new (FALSE, FALSE, sizeof (GsmimeSignatureSeen));
  m->verdicts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_verdict_free);
  m->unsigned_parts = g_ptr_array_new ();
  m->encrypted = FALSE;
  m->compressed = FALSE;
  memset (&m->headers, 0, sizeof m->headers);
}

static void
message_clear (Message *m, gconstpointer data)
{
  g_array_unref (m->seen);
  g_ptr_array_unref (m->verdicts);
  g_ptr_array_unref (m->unsigned_parts);
}

static void
add_signer (Message *m, const char *who, GsmimeReasonCode code)
{
  GsmimeVerdict *v = gsmime_verdict_new ();
  GsmimeSignatureSeen seen = { "1", NULL, who, v };

  gsmime_verdict_add_reason (v, code, g_strdup ("made up"));
  g_ptr_array_add (m->verdicts, v);
  g_array_append_val (m->seen, seen);
}

static void
add_malformed (Message *m, const char *part)
{
  GsmimeSignatureSeen seen = { part, "no signer", NULL, NULL };

  g_array_append_val (m->seen, seen);
}

static GsmimeMessageVerdict *
judge_message (const Message *m)
{
  GsmimeMessageFacts facts = { m->seen, m->unsigned_parts, m->encrypted,
                               m->compressed, &m->headers };

  return gsmime_verdict_for_message (&facts);
}

static void
assert_message (const GsmimeMessageVerdict *v, GsmimeColour colour,
                GsmimeReasonCode main_reason, const char *headline)
{
  g_assert_cmpstr (gsmime_colour_name (v->verdict->colour), ==,
                   gsmime_colour_name (colour));
  g_assert_cmpint (gsmime_verdict_main_reason (v->verdict)->reason, ==,
                   main_reason);
  g_assert_cmpstr (v->headline, ==, headline);
}

/* M1: a signed part that cannot be judged is red, and the sentence names
 * the part where the host numbers parts.  */
static void
test_message_malformed (Message *m, gconstpointer data)
{
  g_autoptr (GsmimeMessageVerdict) v = NULL;
  g_autoptr (GsmimeMessageVerdict) unnumbered = NULL;

  add_malformed (m, "1.2");
  v = judge_message (m);
  assert_message (v, GSMIME_RED, GSMIME_REASON_MALFORMED,
                  "Malformed signature: treat the message as unsigned");
  g_assert_nonnull (strstr (gsmime_verdict_main_reason (v->verdict)->text,
                            "part 1.2 is malformed"));
  g_assert_nonnull (strstr (gsmime_verdict_main_reason (v->verdict)->text,
                            "no signer"));
  g_assert_false (gsmime_verdict_has_reason (v->verdict,
                                             GSMIME_REASON_NOT_SIGNED));
  g_assert_null (v->signer);
  g_array_index (m->seen, GsmimeSignatureSeen, 0).part = NULL;
  unnumbered = judge_message (m);
  g_assert_nonnull (strstr (
    gsmime_verdict_main_reason (unnumbered->verdict)->text,
    "The signature is malformed"));
}

/* M2: parts outside every signature make the message orange, named by
 * number; a worse signer still decides the colour.  */
static void
test_message_partial (Message *m, gconstpointer data)
{
  g_autoptr (GsmimeMessageVerdict) v = NULL;
  g_autoptr (GsmimeMessageVerdict) worse = NULL;
  const GsmimeReason *r;

  add_signer (m, "alice@example.org", GSMIME_REASON_VALID);
  g_ptr_array_add (m->unsigned_parts, (char *) "1.2");
  g_ptr_array_add (m->unsigned_parts, (char *) "1.3");
  v = judge_message (m);
  assert_message (v, GSMIME_ORANGE, GSMIME_REASON_PARTIAL_SIGNATURE,
                  "Only part of the message is signed by alice@example.org");
  r = gsmime_verdict_main_reason (v->verdict);
  g_assert_nonnull (strstr (r->text, "part 1.2, 1.3 is not covered"));
  /* The signer is green, the message orange: the last signer is named.  */
  g_assert_cmpstr (v->signer, ==, "alice@example.org");
  add_malformed (m, "1.1");
  worse = judge_message (m);
  g_assert_cmpint (worse->verdict->colour, ==, GSMIME_RED);
  g_assert_true (gsmime_verdict_has_reason (worse->verdict,
                                            GSMIME_REASON_PARTIAL_SIGNATURE));
}

/* M3: no signature at all is grey; uncovered parts are not "partial"
 * then, as nothing was claimed.  */
static void
test_message_not_signed (Message *m, gconstpointer data)
{
  g_autoptr (GsmimeMessageVerdict) v = NULL;

  g_ptr_array_add (m->unsigned_parts, (char *) "1");
  v = judge_message (m);
  assert_message (v, GSMIME_GREY, GSMIME_REASON_NOT_SIGNED, "Not signed");
  g_assert_cmpuint (v->verdict->reasons->len, ==, 1);
  g_assert_null (v->signer);
}

/* A grey note on the whole message: the reason CODE is said, the
 * message stays grey with HEADLINE while unsigned, and a good signature
 * keeps its colour beside it.  */
static void
check_grey_note (Message *m, GsmimeReasonCode code, const char *headline)
{
  g_autoptr (GsmimeMessageVerdict) v = judge_message (m);
  g_autoptr (GsmimeMessageVerdict) signed_too = NULL;

  assert_message (v, GSMIME_GREY, GSMIME_REASON_NOT_SIGNED, headline);
  g_assert_true (gsmime_verdict_has_reason (v->verdict, code));
  add_signer (m, "alice@example.org", GSMIME_REASON_VALID);
  signed_too = judge_message (m);
  assert_message (signed_too, GSMIME_GREEN, GSMIME_REASON_VALID,
                  "Good signature from alice@example.org");
  g_assert_true (gsmime_verdict_has_reason (signed_too->verdict, code));
}

/* M4: an encrypted layer is said, grey, and changes no colour.  */
static void
test_message_encrypted (Message *m, gconstpointer data)
{
  m->encrypted = TRUE;
  check_grey_note (m, GSMIME_REASON_ENCRYPTED, "Encrypted, not signed");
}

/* M5: a compressed layer is said, grey, and changes no colour: an
 * unsigned message stays "Not signed".  */
static void
test_message_compressed (Message *m, gconstpointer data)
{
  m->compressed = TRUE;
  check_grey_note (m, GSMIME_REASON_COMPRESSED, "Not signed");
}

/* Every signer's reasons are merged: the message is as bad as its worst
 * signer, and the headline speaks of that signer.  */
static void
test_message_merge (Message *m, gconstpointer data)
{
  g_autoptr (GsmimeMessageVerdict) v = NULL;

  add_signer (m, "alice@example.org", GSMIME_REASON_VALID);
  add_signer (m, "bob@example.org", GSMIME_REASON_REVOKED);
  add_signer (m, "carol@example.org", GSMIME_REASON_UNTRUSTED_CHAIN);
  v = judge_message (m);
  assert_message (v, GSMIME_RED, GSMIME_REASON_REVOKED,
                  "Certificate of bob@example.org is REVOKED: do not trust "
                  "this message");
  g_assert_cmpstr (v->signer, ==, "bob@example.org");
  g_assert_cmpuint (v->verdict->reasons->len, ==, 3);
  g_assert_true (gsmime_verdict_has_reason (v->verdict,
                                            GSMIME_REASON_VALID));
}

/* H1: a protected header section that cannot be used is orange, and
 * says why, also on a message that is otherwise green.  */
static void
test_message_headers_malformed (Message *m, gconstpointer data)
{
  g_autoptr (GsmimeMessageVerdict) v = NULL;

  add_signer (m, "alice@example.org", GSMIME_REASON_VALID);
  m->headers.malformed = "the field Subject occurs more than once";
  v = judge_message (m);
  assert_message (v, GSMIME_ORANGE, GSMIME_REASON_PROTECTED_HEADERS_MALFORMED,
                  "The protected header fields cannot be used: the header "
                  "shown is unprotected");
  g_assert_nonnull (strstr (gsmime_verdict_main_reason (v->verdict)->text,
                            "Subject occurs more than once"));
}

/* H2 and H3: a protected From that differs from the outer one is orange
 * when a good signature by it vouches for it, red when none does; the
 * same address in another case is no difference.  */
static void
test_message_protected_from (Message *m, gconstpointer data)
{
  g_autoptr (GsmimeMessageVerdict) same = NULL;
  g_autoptr (GsmimeMessageVerdict) vouched = NULL;
  g_autoptr (GsmimeMessageVerdict) forged = NULL;

  add_signer (m, "alice@example.org", GSMIME_REASON_VALID);
  m->headers.protected_from = "alice@example.org";
  m->headers.outer_from = "Alice@Example.ORG";
  same = judge_message (m);
  assert_message (same, GSMIME_GREEN, GSMIME_REASON_VALID,
                  "Good signature from alice@example.org");
  m->headers.outer_from = "list@example.org";
  m->headers.from_vouched = TRUE;
  vouched = judge_message (m);
  assert_message (vouched, GSMIME_ORANGE,
                  GSMIME_REASON_PROTECTED_FROM_MISMATCH,
                  "Signed by alice@example.org, but the outer From names "
                  "another sender");
  m->headers.protected_from = "ceo@example.org";
  m->headers.outer_from = "alice@example.org";
  m->headers.from_vouched = FALSE;
  forged = judge_message (m);
  g_assert_cmpint (forged->verdict->colour, ==, GSMIME_RED);
  g_assert_cmpstr (gsmime_verdict_main_reason (forged->verdict)->code, ==,
                   "protected-from-unverified");
  g_assert_nonnull (strstr (gsmime_verdict_main_reason (forged->verdict)->text,
                            "ceo@example.org"));
}

/* Row 14 judged again against the protected From: a from-mismatch made
 * against the outer From goes, a green signature stays green with its
 * revocation text, and a failed signature keeps its verdict.  */
static void
test_judge_sender (void)
{
  GsmimeSignatureFacts f = good_facts ();
  GsmimeRevocation r = { 0 };
  g_autoptr (GsmimeVerdict) listed = NULL;
  g_autoptr (GsmimeVerdict) green = NULL;
  g_autoptr (GsmimeVerdict) bad = NULL;

  f.from_address = "list@example.org";
  listed = judge (&f);
  g_assert_true (gsmime_verdict_has_reason (listed,
                                            GSMIME_REASON_FROM_MISMATCH));
  r.state = GSMIME_REVOKED_UNCHECKED;
  gsmime_verdict_judge_sender (listed, alice, "alice@example.org", &r);
  g_assert_cmpint (listed->colour, ==, GSMIME_GREEN);
  g_assert_cmpuint (listed->reasons->len, ==, 1);
  g_assert_nonnull (strstr (gsmime_verdict_main_reason (listed)->text,
                            "Revocation was not checked"));
  f.from_address = "alice@example.org";
  green = judge (&f);
  gsmime_verdict_judge_sender (green, alice, "ceo@example.org", &r);
  g_assert_cmpint (green->colour, ==, GSMIME_ORANGE);
  g_assert_false (gsmime_verdict_has_reason (green, GSMIME_REASON_VALID));
  g_assert_true (gsmime_verdict_has_reason (green,
                                            GSMIME_REASON_FROM_MISMATCH));
  f.status = gpg_error (GPG_ERR_BAD_SIGNATURE);
  f.summary = GPGME_SIGSUM_RED;
  bad = judge (&f);
  gsmime_verdict_judge_sender (bad, alice, "ceo@example.org", &r);
  g_assert_cmpuint (bad->reasons->len, ==, 1);
  g_assert_true (gsmime_verdict_has_reason (bad, GSMIME_REASON_BAD_SIGNATURE));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verdict/good", test_good);
  g_test_add_func ("/verdict/bad-signature", test_bad_signature);
  g_test_add_func ("/verdict/unsupported-algorithm",
                   test_unsupported_algorithm);
  g_test_add_func ("/verdict/verified", test_verified);
  g_test_add_func ("/verdict/missing-certificate", test_missing_certificate);
  g_test_add_func ("/verdict/revoked", test_revoked);
  g_test_add_func ("/verdict/revocation-unknown", test_revocation_unknown);
  g_test_add_func ("/verdict/revocation-sentences",
                   test_revocation_sentences);
  g_test_add_func ("/verdict/revocation-ecdsa", test_revocation_ecdsa);
  g_test_add_func ("/verdict/untrusted-root", test_untrusted_root);
  g_test_add_func ("/verdict/advice", test_advice);
  g_test_add_func ("/verdict/expired-at-signing", test_expired_at_signing);
  g_test_add_func ("/verdict/not-yet-valid", test_not_yet_valid);
  g_test_add_func ("/verdict/weak-digest", test_weak_digest);
  g_test_add_func ("/verdict/from-mismatch", test_from_mismatch);
  g_test_add_func ("/verdict/future-signing-time", test_future_signing_time);
  g_test_add_func ("/verdict/worst-first", test_worst_first);
  g_test_add_func ("/verdict/error-advice", test_error_advice);
  g_test_add ("/verdict/message/malformed", Message, NULL, message_init,
              test_message_malformed, message_clear);
  g_test_add ("/verdict/message/partial", Message, NULL, message_init,
              test_message_partial, message_clear);
  g_test_add ("/verdict/message/not-signed", Message, NULL, message_init,
              test_message_not_signed, message_clear);
  g_test_add ("/verdict/message/encrypted", Message, NULL, message_init,
              test_message_encrypted, message_clear);
  g_test_add ("/verdict/message/compressed", Message, NULL, message_init,
              test_message_compressed, message_clear);
  g_test_add ("/verdict/message/headers-malformed", Message, NULL,
              message_init, test_message_headers_malformed, message_clear);
  g_test_add ("/verdict/message/protected-from", Message, NULL, message_init,
              test_message_protected_from, message_clear);
  g_test_add_func ("/verdict/judge-sender", test_judge_sender);
  g_test_add ("/verdict/message/merge", Message, NULL, message_init,
              test_message_merge, message_clear);
  return g_test_run ();
}
