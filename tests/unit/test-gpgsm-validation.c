/* test-gpgsm-validation.c - what gpgsm's listing with --with-validation
 * says, read as the revocation check reads it: good, revoked, or a
 * failure with gpgsm's reason; for an OCSP responder the reason in
 * gsmime's words, and whether an answer came that was refused.  The
 * texts are gpgsm's, in the C locale; the real gpgsm and dirmngr answer
 * in tests/integration/revocation.sh and revocation-ocsp.sh.  */
#include <string.h>
#include "call-gpgsm-validate.h"

#define HEAD "           ID: 0x12345678\n          S/N: 01\n" \
             "       Issuer: /CN=Test CA\n      Subject: /CN=Someone\n"

static void
read_one (const char *out, const char *err, gboolean ocsp,
          GsmimeGpgsmValidation *v)
{
  memset (v, 0, sizeof *v);
  gsmime_gpgsm_read_validation (out, err, ocsp, v);
  g_assert_false (v->timed_out);
}

static void
test_good (void)
{
  g_auto (GsmimeGpgsmValidation) v = { 0 };

  read_one (HEAD "  [certificate is good]\n", "", FALSE, &v);
  g_assert_cmpint (v.state, ==, GSMIME_REVOKED_NO);
  g_assert_null (v.detail);
}

static void
test_revoked (void)
{
  g_auto (GsmimeGpgsmValidation) v = { 0 };
  g_auto (GsmimeGpgsmValidation) w = { 0 };

  read_one (HEAD "  [certificate has been revoked]\n", NULL, FALSE, &v);
  g_assert_cmpint (v.state, ==, GSMIME_REVOKED_YES);
  read_one (HEAD "  [certificate is bad: Certificate revoked]\n", NULL, TRUE,
            &w);
  g_assert_cmpint (w.state, ==, GSMIME_REVOKED_YES);
  g_assert_false (w.answer_refused);
}

/* The first bracketed reason is the one kept.  */
static void
test_crl_failure (void)
{
  g_auto (GsmimeGpgsmValidation) v = { 0 };

  read_one (HEAD "  [checking the CRL failed: No CRL known]\n"
                 "  [certificate is bad: Some other reason]\n", "", FALSE, &v);
  g_assert_cmpint (v.state, ==, GSMIME_REVOKED_UNKNOWN);
  g_assert_cmpstr (v.detail, ==, "No CRL known");
  g_assert_false (v.answer_refused);
}

static void
test_nothing (void)
{
  g_auto (GsmimeGpgsmValidation) v = { 0 };

  read_one (NULL, NULL, TRUE, &v);
  g_assert_cmpint (v.state, ==, GSMIME_REVOKED_UNKNOWN);
  g_assert_null (v.detail);
}

/* gpgsm speaks of a CRL for an OCSP answer too; the reason is put in
 * OCSP's terms, from the listing or from standard error.  */
static void
test_ocsp_words (void)
{
  g_auto (GsmimeGpgsmValidation) listing = { 0 };
  g_auto (GsmimeGpgsmValidation) stderr_line = { 0 };
  g_auto (GsmimeGpgsmValidation) unreachable = { 0 };
  g_auto (GsmimeGpgsmValidation) other = { 0 };

  read_one (HEAD "  [checking the CRL failed: Invalid CRL]\n", "", TRUE,
            &listing);
  g_assert_cmpstr (listing.detail, ==,
                   "dirmngr did not accept the signature of its answer");
  g_assert_true (listing.answer_refused);
  read_one (HEAD "  [checking the CRL failed: Invalid CRL]\n",
            "gpgsm: certificate should not have been used for OCSP response "
            "signing\n", TRUE, &stderr_line);
  g_assert_nonnull (strstr (stderr_line.detail, "not meant for signing OCSP"));
  g_assert_true (stderr_line.answer_refused);
  read_one (HEAD "  [checking the CRL failed: No CRL known]\n", "", TRUE,
            &unreachable);
  g_assert_cmpstr (unreachable.detail, ==, "it gave no usable answer");
  g_assert_false (unreachable.answer_refused);
  read_one (HEAD "  [checking the CRL failed: Connection refused]\n", "",
            TRUE, &other);
  g_assert_cmpstr (other.detail, ==, "Connection refused");
  g_assert_false (other.answer_refused);
}

/* The same words from a CRL check are gpgsm's own.  */
static void
test_crl_words_kept (void)
{
  g_auto (GsmimeGpgsmValidation) v = { 0 };

  read_one (HEAD "  [checking the CRL failed: Invalid CRL]\n", "", FALSE, &v);
  g_assert_cmpstr (v.detail, ==, "Invalid CRL");
  g_assert_false (v.answer_refused);
}

/* The words dirmngr 2.2.40 gives for a CRL or an OCSP answer signed with
 * ECDSA are marked (revocation.c then looks at the authority's key);
 * other failures, and answers, are not.  */
static void
test_ecdsa_words (void)
{
  g_auto (GsmimeGpgsmValidation) crl = { 0 };
  g_auto (GsmimeGpgsmValidation) ocsp = { 0 };
  g_auto (GsmimeGpgsmValidation) down = { 0 };
  g_auto (GsmimeGpgsmValidation) revoked = { 0 };

  read_one (HEAD "  [checking the CRL failed: Provided object is too short]\n"
                 "  [certificate is bad: Provided object is too short]\n",
            "", FALSE, &crl);
  g_assert_cmpint (crl.state, ==, GSMIME_REVOKED_UNKNOWN);
  g_assert_true (crl.ecdsa_words);
  read_one (HEAD "  [checking the CRL failed: No public key]\n", "", TRUE,
            &ocsp);
  g_assert_true (ocsp.ecdsa_words);
  read_one (HEAD "  [checking the CRL failed: No CRL known]\n", "", FALSE,
            &down);
  g_assert_false (down.ecdsa_words);
  read_one (HEAD "  [certificate has been revoked]\n", "", TRUE, &revoked);
  g_assert_false (revoked.ecdsa_words);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gpgsm-validation/good", test_good);
  g_test_add_func ("/gpgsm-validation/revoked", test_revoked);
  g_test_add_func ("/gpgsm-validation/crl-failure", test_crl_failure);
  g_test_add_func ("/gpgsm-validation/nothing", test_nothing);
  g_test_add_func ("/gpgsm-validation/ocsp-words", test_ocsp_words);
  g_test_add_func ("/gpgsm-validation/crl-words-kept", test_crl_words_kept);
  g_test_add_func ("/gpgsm-validation/ecdsa-words", test_ecdsa_words);
  return g_test_run ();
}
