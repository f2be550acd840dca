/* revocation-plan.c - where a certificate's revocation is asked. */
#include <config.h>
#include <gnutls/x509.h>
#include <string.h>
#include "revocation-plan.h"
#include "cert-bundle.h"
#include "export.h"

void
gsmime_revocation_points_clear (GsmimeRevocationPoints *points)
{
  g_clear_pointer (&points->crl_url, g_free);
  g_clear_pointer (&points->ocsp_url, g_free);
  points->known = FALSE;
}

void
gsmime_revocation_plan_clear (GsmimeRevocationPlan *plan)
{
  g_clear_pointer (&plan->url, g_free);
}

static gboolean
is_http (const char *url)
{
  return !g_ascii_strncasecmp (url, "http:", 5)
         || !g_ascii_strncasecmp (url, "https:", 6);
}

/* The first URI among the distribution points, an http one before any
 * other: dirmngr fetches over HTTP where it can, and that is the one to
 * name.  */
static char *
first_crl_url (gnutls_x509_crt_t crt)
{
  char *other = NULL;
  unsigned int seq;

  for (seq = 0;; seq++)
    {
      char buf[1024];
      size_t size = sizeof buf - 1;
      int type = gnutls_x509_crt_get_crl_dist_points (crt, seq, buf, &size,
                                                      NULL, NULL);
      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (type != GNUTLS_SAN_URI)
        continue;     /* a directory name, or too long to be of use */
      buf[size] = '\0';
      if (is_http (buf))
        {
          g_free (other);
          return g_strdup (buf);
        }
      if (!other)
        other = g_strdup (buf);
    }
  return other;
}

/* The first http(s) OCSP responder of authorityInfoAccess: the one
 * dirmngr asks (it takes no other schemes).  */
static char *
first_ocsp_url (gnutls_x509_crt_t crt)
{
  unsigned int seq;

  for (seq = 0;; seq++)
    {
      gnutls_datum_t uri = { NULL, 0 };
      char *url;
      int rc = gnutls_x509_crt_get_authority_info_access (
        crt, seq, GNUTLS_IA_OCSP_URI, &uri, NULL);

      if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        return NULL;
      if (rc < 0)
        continue;     /* an access method other than OCSP */
      url = g_strndup ((const char *) uri.data, uri.size);
      gnutls_free (uri.data);
      if (is_http (url))
        return url;
      g_free (url);
    }
}

void
gsmime_revocation_points_read (GBytes *der, GsmimeRevocationPoints *points)
{
  g_autoptr (GPtrArray) certs = gsmime_cert_bundle_read (der);
  gnutls_x509_crt_t crt = certs->len ? g_ptr_array_index (certs, 0) : NULL;

  memset (points, 0, sizeof *points);
  if (!crt)
    return;
  points->known = TRUE;
  points->crl_url = first_crl_url (crt);
  points->ocsp_url = first_ocsp_url (crt);
}

static void
plan_set (GsmimeRevocationPlan *plan, GsmimeRevocationSource source,
          const char *url, gboolean run, gboolean enable_ocsp)
{
  plan->source = source;
  plan->url = g_strdup (url);
  plan->run = run;
  plan->enable_ocsp = enable_ocsp;
}

void
gsmime_revocation_plan_decide (const GsmimeRevocationPoints *names,
                               const GsmimeDirmngrOcsp *dirmngr,
                               const GsmimeSettings *settings,
                               GsmimeRevocationPlan *plan)
{
  gboolean ocsp_first = settings->revocation == GSMIME_REVOCATION_CRL_OCSP
                        && !settings->no_ocsp;
  const char *named = dirmngr->ignore_named ? NULL : names->ocsp_url;
  const char *responder = named ? named : dirmngr->default_responder;

  memset (plan, 0, sizeof *plan);
  plan->signer_pinned = responder && !named;
  if (settings->revocation == GSMIME_REVOCATION_OFF)
    plan_set (plan, GSMIME_REVOCATION_SOURCE_OFF, NULL, FALSE, FALSE);
  else if (!names->known)
    /* Nothing to go by: what the mode says, as before gsmime looked.  */
    plan_set (plan, ocsp_first ? GSMIME_REVOCATION_SOURCE_OCSP
                               : GSMIME_REVOCATION_SOURCE_CRL,
              NULL, TRUE, ocsp_first);
  else if (ocsp_first && responder)
    plan_set (plan, GSMIME_REVOCATION_SOURCE_OCSP, responder, TRUE, TRUE);
  else if (names->crl_url)
    /* In the OCSP mode dirmngr falls back to the CRL by itself, and the
     * certificate's issuers are still asked OCSP first.  */
    plan_set (plan, GSMIME_REVOCATION_SOURCE_CRL, names->crl_url, TRUE,
              ocsp_first);
  else if (responder && settings->no_ocsp)
    plan_set (plan, GSMIME_REVOCATION_SOURCE_OFF, responder, FALSE, FALSE);
  else if (responder)
    plan_set (plan, GSMIME_REVOCATION_SOURCE_OCSP, responder, TRUE, TRUE);
  else
    /* dirmngr's OCSP, with no responder to ask, would fall back to a CRL
     * the certificate does not name and fail; without OCSP it checks
     * the issuers and lets the certificate itself pass.  */
    plan_set (plan, GSMIME_REVOCATION_SOURCE_NONE, NULL, TRUE, FALSE);
}

void
gsmime_revocation_plan_for (GsmimeSession *session, const char *fpr,
                            GsmimeDirmngrOcsp *dirmngr,
                            GsmimeRevocationPlan *plan)
{
  g_autoptr (GBytes) der = gsmime_export_certificate (session, fpr, NULL);
  g_auto (GsmimeRevocationPoints) names = { 0 };

  gsmime_revocation_points_read (der, &names);
  gsmime_home_read_ocsp (gsmime_session_get_homedir (session), dirmngr);
  gsmime_revocation_plan_decide (&names, dirmngr,
                                 gsmime_session_get_settings (session), plan);
}
