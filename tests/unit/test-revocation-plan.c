/* test-revocation-plan.c - what is asked about a certificate's
 * revocation, for what it names, in each mode: the table of
 * common/revocation-plan.h, without gpgsm.  The integration test
 * tests/integration/revocation-ocsp.sh asks real responders.  */
#include <string.h>
#include "revocation-plan.h"

#define CRL "http://crl.example.org/ca.crl"
#define OCSP "http://ocsp.example.org/"
#define DEFAULT "http://default.example.org/"

typedef struct
{
  const char *crl;        /* what the certificate names */
  const char *ocsp;
  const char *mode;       /* off, crl, crl-only, ocsp */
  GsmimeRevocationSource source;  /* what is asked */
  const char *url;
  gboolean run;
  gboolean enable_ocsp;
} Row;

static const Row rows[] = {
  /* Only a responder: asked in the crl mode too.  */
  { NULL, OCSP, "crl", GSMIME_REVOCATION_SOURCE_OCSP, OCSP, TRUE, TRUE },
  { NULL, OCSP, "ocsp", GSMIME_REVOCATION_SOURCE_OCSP, OCSP, TRUE, TRUE },
  { NULL, OCSP, "crl-only", GSMIME_REVOCATION_SOURCE_OFF, OCSP, FALSE,
    FALSE },
  { NULL, OCSP, "off", GSMIME_REVOCATION_SOURCE_OFF, NULL, FALSE, FALSE },
  /* Both: the mode says which comes first.  */
  { CRL, OCSP, "crl", GSMIME_REVOCATION_SOURCE_CRL, CRL, TRUE, FALSE },
  { CRL, OCSP, "ocsp", GSMIME_REVOCATION_SOURCE_OCSP, OCSP, TRUE, TRUE },
  { CRL, OCSP, "crl-only", GSMIME_REVOCATION_SOURCE_CRL, CRL, TRUE, FALSE },
  { CRL, OCSP, "off", GSMIME_REVOCATION_SOURCE_OFF, NULL, FALSE, FALSE },
  /* Only a CRL: dirmngr falls back to it in the OCSP mode by itself.  */
  { CRL, NULL, "crl", GSMIME_REVOCATION_SOURCE_CRL, CRL, TRUE, FALSE },
  { CRL, NULL, "ocsp", GSMIME_REVOCATION_SOURCE_CRL, CRL, TRUE, TRUE },
  /* Neither: the chain is checked, without OCSP, which would fail.  */
  { NULL, NULL, "crl", GSMIME_REVOCATION_SOURCE_NONE, NULL, TRUE, FALSE },
  { NULL, NULL, "ocsp", GSMIME_REVOCATION_SOURCE_NONE, NULL, TRUE, FALSE },
};

static void
settings_for (const char *mode, GsmimeSettings *s)
{
  gsmime_settings_init (s);
  s->no_ocsp = !strcmp (mode, "crl-only");
  s->revocation = !strcmp (mode, "off") ? GSMIME_REVOCATION_OFF
                  : !strcmp (mode, "ocsp") ? GSMIME_REVOCATION_CRL_OCSP
                  : GSMIME_REVOCATION_CRL;
}

static void
decide (const char *crl, const char *ocsp, const char *mode,
        const GsmimeDirmngrOcsp *dirmngr, GsmimeRevocationPlan *plan)
{
  GsmimeRevocationPoints names = { TRUE, (char *) crl, (char *) ocsp };
  GsmimeSettings s;

  settings_for (mode, &s);
  gsmime_revocation_plan_decide (&names, dirmngr, &s, plan);
}

static void
test_table (void)
{
  GsmimeDirmngrOcsp dirmngr = { 0 };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *r = &rows[i];
      g_auto (GsmimeRevocationPlan) plan = { 0 };

      decide (r->crl, r->ocsp, r->mode, &dirmngr, &plan);
      g_test_message ("row %u: crl %s, ocsp %s, mode %s", i,
                      r->crl ? r->crl : "-", r->ocsp ? r->ocsp : "-",
                      r->mode);
      g_assert_cmpstr (gsmime_revocation_source_name (plan.source), ==,
                       gsmime_revocation_source_name (r->source));
      g_assert_cmpstr (plan.url, ==, r->url);
      g_assert_cmpint (plan.run, ==, r->run);
      g_assert_cmpint (plan.enable_ocsp, ==, r->enable_ocsp);
      g_assert_false (plan.signer_pinned);
    }
}

/* dirmngr's default responder stands in for a certificate that names
 * none, and its signer is then pinned; ignore-ocsp-service-url makes it
 * stand in for every certificate.  */
static void
test_default_responder (void)
{
  GsmimeDirmngrOcsp dirmngr = { TRUE, FALSE, (char *) DEFAULT };
  g_auto (GsmimeRevocationPlan) none = { 0 };
  g_auto (GsmimeRevocationPlan) named = { 0 };
  g_auto (GsmimeRevocationPlan) ignored = { 0 };

  decide (NULL, NULL, "crl", &dirmngr, &none);
  g_assert_cmpint (none.source, ==, GSMIME_REVOCATION_SOURCE_OCSP);
  g_assert_cmpstr (none.url, ==, DEFAULT);
  g_assert_true (none.signer_pinned);
  decide (NULL, OCSP, "crl", &dirmngr, &named);
  g_assert_cmpstr (named.url, ==, OCSP);
  g_assert_false (named.signer_pinned);
  dirmngr.ignore_named = TRUE;
  decide (NULL, OCSP, "crl", &dirmngr, &ignored);
  g_assert_cmpstr (ignored.url, ==, DEFAULT);
  g_assert_true (ignored.signer_pinned);
}

/* A certificate that could not be read: the mode alone decides.  */
static void
test_unknown_certificate (void)
{
  GsmimeDirmngrOcsp dirmngr = { 0 };
  GsmimeRevocationPoints names = { 0 };
  g_auto (GsmimeRevocationPlan) plan = { 0 };
  GsmimeSettings s;

  settings_for ("ocsp", &s);
  gsmime_revocation_plan_decide (&names, &dirmngr, &s, &plan);
  g_assert_cmpint (plan.source, ==, GSMIME_REVOCATION_SOURCE_OCSP);
  g_assert_true (plan.enable_ocsp);
  g_assert_null (plan.url);
}

/* Garbage is no certificate: nothing is known about it.  */
static void
test_points_of_garbage (void)
{
  g_autoptr (GBytes) junk = g_bytes_new_static ("\x30\x03\x02\x01\x00", 5);
  g_auto (GsmimeRevocationPoints) points = { 0 };

  gsmime_revocation_points_read (junk, &points);
  g_assert_false (points.known);
  gsmime_revocation_points_read (NULL, &points);
  g_assert_false (points.known);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/revocation-plan/table", test_table);
  g_test_add_func ("/revocation-plan/default-responder",
                   test_default_responder);
  g_test_add_func ("/revocation-plan/unknown-certificate",
                   test_unknown_certificate);
  g_test_add_func ("/revocation-plan/points-of-garbage",
                   test_points_of_garbage);
  return g_test_run ();
}
