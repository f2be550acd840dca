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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/unsupported/signers", test_signers);
  g_test_add_func ("/unsupported/cert-id", test_cert_id);
  return g_test_run ();
}
