/* test-unsupported.c - what an engine cannot check or open, decided from
 * a CMS outline made up here (common/unsupported.c), for engine versions
 * made up too.  No gpgsm is run; tests/integration/modern-verdicts.sh
 * shows the same decisions with the real gpgsm and OpenSSL's messages.  */
#include <string.h>
#include "unsupported.h"

#define OID_SHA256 "2.16.840.1.101.3.4.2.1"

static const GsmimeEngineVersions debian_12 = { "2.2.40", "2.2.40", "1.6.3" };

/* Whether Debian 12's engine cannot check a signer of ALGORITHM (with an
 * RSASSA-PSS hash of PSS_HASH and SALT bytes of salt), and if so, what
 * it calls the algorithm.  */
static char *
unsupported (GsmimeSignatureAlgorithm algorithm, const char *pss_hash,
             guint salt, GsmimeCapability *missing)
{
  GsmimeCmsSigner s = { 0 };
  char *name = NULL;

  s.algorithm = algorithm;
  s.pss_hash_oid = (char *) pss_hash;
  s.pss_salt_length = salt;
  if (!gsmime_signer_unsupported (&debian_12, &s, missing, &name))
    return NULL;
  g_assert_nonnull (name);
  return name;
}

/* EdDSA and RSA-PSS with another salt than its digest's length are
 * beyond every gpgsm; RSA, ECDSA and RSA-PSS with the digest's length are
 * not, nor is what the outline could not read.  */
static void
test_signers (void)
{
  GsmimeCapability missing = GSMIME_CAN_COUNT;
  g_autofree char *ed25519 = NULL, *ed448 = NULL, *pss = NULL;

  ed25519 = unsupported (GSMIME_SIGNATURE_ED25519, NULL, 0, &missing);
  g_assert_cmpstr (ed25519, ==, "Ed25519");
  g_assert_cmpint (missing, ==, GSMIME_CAN_EDDSA_SIGNATURES);
  ed448 = unsupported (GSMIME_SIGNATURE_ED448, NULL, 0, &missing);
  g_assert_cmpstr (ed448, ==, "Ed448");
  pss = unsupported (GSMIME_SIGNATURE_RSA_PSS, OID_SHA256, 222, &missing);
  g_assert_nonnull (strstr (pss, "222"));
  g_assert_cmpint (missing, ==, GSMIME_CAN_PSS_ANY_SALT);
  g_assert_null (unsupported (GSMIME_SIGNATURE_RSA_PSS, OID_SHA256, 32,
                              &missing));
  g_assert_null (unsupported (GSMIME_SIGNATURE_RSA_PSS, NULL, 222,
                              &missing));
  g_assert_null (unsupported (GSMIME_SIGNATURE_ECDSA, NULL, 0, &missing));
  g_assert_null (unsupported (GSMIME_SIGNATURE_RSA_PKCS1, NULL, 0,
                              &missing));
  g_assert_null (unsupported (GSMIME_SIGNATURE_UNKNOWN, NULL, 0, &missing));
}

/* A certificate is named by its issuer and serial number, as gpgsm
 * lists them (the serial's case aside).  */
static void
test_cert_id (void)
{
  GsmimeCmsCertId id = { (char *) "CN=CA,O=Test", (char *) "2001" };
  GsmimeCmsCertId half = { NULL, (char *) "2001" };
  struct _gpgme_key key = { 0 };
  g_autofree char *pattern = gsmime_cert_id_pattern (&id);

  key.issuer_name = (char *) "CN=CA,O=Test";
  key.issuer_serial = (char *) "2001";
  g_assert_true (gsmime_cert_id_is_key (&id, &key));
  key.issuer_serial = (char *) "2002";
  g_assert_false (gsmime_cert_id_is_key (&id, &key));
  key.issuer_serial = (char *) "2001";
  key.issuer_name = (char *) "CN=Other CA,O=Test";
  g_assert_false (gsmime_cert_id_is_key (&id, &key));
  g_assert_false (gsmime_cert_id_is_key (&half, &key));
  g_assert_cmpstr (pattern, ==, "#2001/CN=CA,O=Test");
  g_assert_null (gsmime_cert_id_pattern (&half));
}

/* An outline of an enveloped object with AES-256-CBC and no recipient
 * yet; complete.  */
static GsmimeCmsOutline *
enveloped (void)
{
  GsmimeCmsOutline *o = gsmime_cms_outline_read_der (NULL, 0);

  o->content = GSMIME_CMS_CONTENT_ENVELOPED;
  o->cipher = GSMIME_CIPHER_AES_CBC;
  o->complete = TRUE;
  return o;
}

/* Adds a recipient of KIND and WRAP naming ISSUER's SERIAL to O.  */
static void
add_recipient (GsmimeCmsOutline *o, GsmimeRecipientKind kind,
               GsmimeKeyWrap wrap, const char *issuer, const char *serial)
{
  GsmimeCmsRecipient *r = g_new0 (GsmimeCmsRecipient, 1);

  r->kind = kind;
  r->key_wrap = wrap;
  r->cert.issuer = g_strdup (issuer);
  r->cert.serial = g_strdup (serial);
  g_ptr_array_add (o->recipients, r);
}

#define CA "CN=CA,O=Test"

/* Why VERSIONS could not decrypt O for a user who holds the key of CA's
 * certificate 2001, and which of theirs it names.  */
static gboolean tag_failed;

static GsmimeUnreadable
why (const GsmimeEngineVersions *versions, const GsmimeCmsOutline *o,
     GsmimeCapability *missing, gboolean *names_own)
{
  struct _gpgme_key key = { 0 };
  g_autoptr (GPtrArray) own = g_ptr_array_new ();
  GsmimeDecryptFailure f;

  key.issuer_name = (char *) CA;
  key.issuer_serial = (char *) "2001";
  g_ptr_array_add (own, &key);
  gsmime_decrypt_failure_explain (versions, o, own, tag_failed, &f);
  if (missing)
    *missing = f.missing;
  if (names_own)
    *names_own = f.key == &key;
  return f.why;
}

/* What names the user's certificate with what the engine lacks says so;
 * what the engine can open and still failed is damaged.  */
static void
test_decrypt_limits (void)
{
  static const GsmimeEngineVersions newer = { "2.2.42", "2.2.42", "1.6.3" };
  g_autoptr (GsmimeCmsOutline) oaep = enveloped ();
  g_autoptr (GsmimeCmsOutline) ecdh = enveloped ();
  g_autoptr (GsmimeCmsOutline) gcm = enveloped ();
  GsmimeCapability missing = GSMIME_CAN_COUNT;
  gboolean names_own = FALSE;

  add_recipient (oaep, GSMIME_RECIPIENT_KEY_TRANSPORT,
                 GSMIME_KEY_WRAP_RSA_OAEP, CA, "2001");
  g_assert_cmpint (why (&debian_12, oaep, &missing, &names_own), ==,
                   GSMIME_UNREADABLE_KEY_WRAP);
  g_assert_cmpint (missing, ==, GSMIME_CAN_RSA_OAEP);
  g_assert_true (names_own);

  add_recipient (ecdh, GSMIME_RECIPIENT_KEY_AGREEMENT, GSMIME_KEY_WRAP_ECDH,
                 CA, "2001");
  g_assert_cmpint (why (&debian_12, ecdh, &missing, NULL), ==,
                   GSMIME_UNREADABLE_KEY_WRAP);
  g_assert_cmpint (missing, ==, GSMIME_CAN_ECDH_DECRYPT);
  /* An engine that decrypts ECDH and still failed: damage.  */
  g_assert_cmpint (why (&newer, ecdh, NULL, NULL), ==,
                   GSMIME_UNREADABLE_DAMAGED);

  add_recipient (gcm, GSMIME_RECIPIENT_KEY_TRANSPORT,
                 GSMIME_KEY_WRAP_RSA_PKCS1, CA, "2001");
  gcm->content = GSMIME_CMS_CONTENT_AUTH_ENVELOPED;
  gcm->cipher = GSMIME_CIPHER_AES_GCM;
  gcm->gcm_tag_length = 16;
  g_assert_cmpint (why (&debian_12, gcm, &missing, NULL), ==,
                   GSMIME_UNREADABLE_CIPHER);
  g_assert_cmpint (missing, ==, GSMIME_CAN_AES_GCM_LONG_TAG);
  /* No release reports a good AES-GCM decryption to GPGME; a tag gpgsm
   * found wrong is damage all the same.  */
  gcm->gcm_tag_length = 12;
  g_assert_cmpint (why (&debian_12, gcm, &missing, NULL), ==,
                   GSMIME_UNREADABLE_CIPHER);
  g_assert_cmpint (missing, ==, GSMIME_CAN_AES_GCM);
  tag_failed = TRUE;
  g_assert_cmpint (why (&debian_12, gcm, NULL, NULL), ==,
                   GSMIME_UNREADABLE_DAMAGED);
  tag_failed = FALSE;
  gcm->cipher = GSMIME_CIPHER_UNKNOWN;
  g_assert_cmpint (why (&debian_12, gcm, NULL, NULL), ==,
                   GSMIME_UNREADABLE_UNKNOWN_CIPHER);
}

/* Debian 12's engine cannot decrypt O for the user, and says why.  */
static void
assert_why (const GsmimeCmsOutline *o, GsmimeUnreadable expected)
{
  g_assert_cmpint (why (&debian_12, o, NULL, NULL), ==, expected);
}

/* Adds a key transport recipient with WRAP naming ISSUER's SERIAL.  */
static void
add_transport (GsmimeCmsOutline *o, GsmimeKeyWrap wrap, const char *issuer,
               const char *serial)
{
  add_recipient (o, GSMIME_RECIPIENT_KEY_TRANSPORT, wrap, issuer, serial);
}

/* "Not for you" only when no recipient names one of the user's
 * certificates and the object could be read; a name that differs from
 * one of theirs by its issuer alone, or what cannot be read, is damage.
 * Of two recipients that name theirs, the one the engine can open
 * counts.  */
static void
test_decrypt_whose (void)
{
  g_autoptr (GsmimeCmsOutline) other = enveloped ();
  g_autoptr (GsmimeCmsOutline) near = enveloped ();
  g_autoptr (GsmimeCmsOutline) both = enveloped ();
  g_autoptr (GsmimeCmsOutline) signed_data = enveloped ();

  add_transport (other, GSMIME_KEY_WRAP_RSA_PKCS1, CA, "2002");
  assert_why (other, GSMIME_UNREADABLE_NOT_FOR_YOU);
  other->complete = FALSE;
  assert_why (other, GSMIME_UNREADABLE_DAMAGED);
  add_transport (near, GSMIME_KEY_WRAP_RSA_PKCS1, "CN=CB,O=Test", "2001");
  assert_why (near, GSMIME_UNREADABLE_DAMAGED);
  add_transport (both, GSMIME_KEY_WRAP_RSA_OAEP, CA, "2001");
  add_transport (both, GSMIME_KEY_WRAP_RSA_PKCS1, CA, "2001");
  assert_why (both, GSMIME_UNREADABLE_DAMAGED);
  signed_data->content = GSMIME_CMS_CONTENT_SIGNED;
  assert_why (signed_data, GSMIME_UNREADABLE_DAMAGED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/unsupported/signers", test_signers);
  g_test_add_func ("/unsupported/cert-id", test_cert_id);
  g_test_add_func ("/unsupported/decrypt-limits", test_decrypt_limits);
  g_test_add_func ("/unsupported/decrypt-whose", test_decrypt_whose);
  return g_test_run ();
}
