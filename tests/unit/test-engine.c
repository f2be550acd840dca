/* test-engine.c - the mapping from engine versions to capabilities
 * (common/engine.c), with versions made up: what GnuPG's release notes
 * say each release brings, and nothing that no release has.  No gpgsm
 * is run.  */
#include <string.h>
#include "engine.h"

/* Whether an engine of gpgsm GPGSM, dirmngr DIRMNGR and libksba KSBA
 * can do CAP.  */
static gboolean
can (const char *gpgsm, const char *dirmngr, const char *ksba,
     GsmimeCapability cap)
{
  GsmimeEngineVersions v = { gpgsm, dirmngr, ksba };

  return gsmime_engine_versions_can (&v, cap);
}

/* gpgsm alone decides, with a libksba new enough for everything.  */
static gboolean
gpgsm_can (const char *gpgsm, GsmimeCapability cap)
{
  return can (gpgsm, gpgsm, "1.6.3", cap);
}

static void
test_compare (void)
{
  g_assert_cmpint (gsmime_version_compare ("2.2.40", "2.2.42"), <, 0);
  g_assert_cmpint (gsmime_version_compare ("2.2.100", "2.2.42"), >, 0);
  g_assert_cmpint (gsmime_version_compare ("2.4.6", "2.4.6"), ==, 0);
  g_assert_cmpint (gsmime_version_compare ("2.5", "2.4.9"), >, 0);
  g_assert_cmpint (gsmime_version_compare ("2.4.6-beta12", "2.4.6"), ==, 0);
  g_assert_cmpint (gsmime_version_compare ("3.0.0", "2.9.9"), >, 0);
  g_assert_cmpint (gsmime_version_compare ("x", "2.2.40"), ==, 0);
}

/* Debian 12: gpgsm and dirmngr 2.2.40, libksba 1.6.3.  */
static void
test_debian_12 (void)
{
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_AES_GCM));
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_AES_GCM_LONG_TAG));
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_ECDH_DECRYPT));
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_ECDH_ENCRYPT));
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_ECDH_ENCRYPT_FLAG));
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_EC_PKCS12));
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_PSS_REFUSE_SAFELY));
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_ECDSA_REVOCATION));
  g_assert_false (gpgsm_can ("2.2.40", GSMIME_CAN_ECDSA_DIGEST_BY_CURVE));
}

/* The first release of each series that has a capability has it, the
 * one before does not.  */
static void
test_boundaries (void)
{
  static const struct
  {
    GsmimeCapability cap;
    const char *before, *first;
  } rows[] = {
    { GSMIME_CAN_ECDH_DECRYPT, "2.2.41", "2.2.42" },
    { GSMIME_CAN_ECDH_DECRYPT, "2.2.41", "2.3.0" },
    { GSMIME_CAN_ECDH_ENCRYPT_FLAG, "2.2.41", "2.2.42" },
    { GSMIME_CAN_ECDH_ENCRYPT, "2.2.43", "2.2.44" },
    { GSMIME_CAN_EC_PKCS12, "2.2.41", "2.2.42" },
    { GSMIME_CAN_ECDSA_DIGEST_BY_CURVE, "2.2.41", "2.2.42" },
    { GSMIME_CAN_ECDSA_DIGEST_BY_CURVE, "2.2.41", "2.3.0" },
    { GSMIME_CAN_PSS_REFUSE_SAFELY, "2.2.43", "2.2.44" },
    { GSMIME_CAN_PSS_REFUSE_SAFELY, "2.4.5", "2.4.6" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("%s: %s / %s", gsmime_capability_name (rows[i].cap),
                      rows[i].before, rows[i].first);
      g_assert_false (gpgsm_can (rows[i].before, rows[i].cap));
      g_assert_true (gpgsm_can (rows[i].first, rows[i].cap));
    }
  /* 2.3 had the PSS abort still; 2.4 encrypts to EC certificates by
   * default.  */
  g_assert_false (gpgsm_can ("2.3.8", GSMIME_CAN_PSS_REFUSE_SAFELY));
  g_assert_true (gpgsm_can ("2.5.0", GSMIME_CAN_PSS_REFUSE_SAFELY));
  g_assert_true (gpgsm_can ("2.4.0", GSMIME_CAN_ECDH_ENCRYPT));
}

/* dirmngr, not gpgsm, checks the signatures of CRLs and OCSP answers;
 * 2.3 verified ECDSA-signed CRLs wrongly until 2.4.0.  */
static void
test_revocation_by_dirmngr (void)
{
  g_assert_false (can ("2.4.7", "2.2.40", "1.6.3",
                       GSMIME_CAN_ECDSA_REVOCATION));
  g_assert_true (can ("2.2.40", "2.2.42", "1.6.3",
                      GSMIME_CAN_ECDSA_REVOCATION));
  g_assert_false (can ("2.4.0", "2.3.8", "1.6.3",
                       GSMIME_CAN_ECDSA_REVOCATION));
  g_assert_true (can ("2.4.0", "2.4.0", "1.6.3",
                      GSMIME_CAN_ECDSA_REVOCATION));
}

/* What no release does is not granted to any version, however new.  */
static void
test_never (void)
{
  static const GsmimeCapability never[] = {
    GSMIME_CAN_AES_GCM, GSMIME_CAN_AES_GCM_LONG_TAG, GSMIME_CAN_PSS_ANY_SALT,
    GSMIME_CAN_RSA_OAEP, GSMIME_CAN_EDDSA_SIGNATURES,
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (never); i++)
    {
      g_assert_false (gpgsm_can ("2.2.99", never[i]));
      g_assert_false (gpgsm_can ("2.5.12", never[i]));
      g_assert_false (gsmime_capability_released (never[i]));
    }
  /* What a release has, a user can be told to get.  */
  g_assert_true (gsmime_capability_released (GSMIME_CAN_ECDH_DECRYPT));
  g_assert_true (gsmime_capability_released (GSMIME_CAN_EC_PKCS12));
}

/* An unknown engine is granted nothing, and older ones nothing new.  */
static void
test_unknown (void)
{
  guint i;

  for (i = 0; i < GSMIME_CAN_COUNT; i++)
    {
      g_assert_false (can (NULL, NULL, NULL, i));
      g_assert_false (can ("garbage", "garbage", "garbage", i));
      g_assert_false (gpgsm_can ("2.1.23", i));
    }
}

/* Every capability has a distinct name, a sentence and a "since".  */
static void
test_words (void)
{
  guint i, j;

  for (i = 0; i < GSMIME_CAN_COUNT; i++)
    {
      g_assert_nonnull (gsmime_capability_name (i));
      g_assert_cmpstr (gsmime_capability_describe (i), !=, "");
      g_assert_cmpstr (gsmime_capability_since (i), !=, "");
      for (j = 0; j < i; j++)
        g_assert_cmpstr (gsmime_capability_name (i), !=,
                         gsmime_capability_name (j));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/compare", test_compare);
  g_test_add_func ("/engine/debian-12", test_debian_12);
  g_test_add_func ("/engine/boundaries", test_boundaries);
  g_test_add_func ("/engine/revocation-by-dirmngr",
                   test_revocation_by_dirmngr);
  g_test_add_func ("/engine/never", test_never);
  g_test_add_func ("/engine/unknown", test_unknown);
  g_test_add_func ("/engine/words", test_words);
  return g_test_run ();
}
