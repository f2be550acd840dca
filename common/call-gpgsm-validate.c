/* call-gpgsm-validate.c - gpgsm validating a certificate's chain, within
 * a time budget, and its words read. */
#include <config.h>
#include <string.h>
#include "call-gpgsm-validate.h"
#include "bounded.h"
#include "i18n.h"

void
gsmime_gpgsm_validation_clear (GsmimeGpgsmValidation *v)
{
  g_clear_pointer (&v->detail, g_free);
}

/* What gpgsm's listing says in brackets after validating (LC_ALL=C):
 * "[certificate is good]", "[certificate has been revoked]", or
 * "[checking the CRL failed: REASON]" and "[certificate is bad: REASON]".
 * The colon listing would carry only a letter, without the reason.  */
static GsmimeRevokedState
read_listing (const char *out, char **detail)
{
  g_auto (GStrv) lines = g_strsplit (out ? out : "", "\n", -1);
  GsmimeRevokedState state = GSMIME_REVOKED_UNKNOWN;
  char **l;

  for (l = lines; *l; l++)
    {
      const char *text = g_strstrip (*l);
      const char *colon;

      if (!strcmp (text, "[certificate is good]"))
        return GSMIME_REVOKED_NO;
      if (strstr (text, "revoked]") || strstr (text, "Certificate revoked"))
        return GSMIME_REVOKED_YES;
      colon = text[0] == '[' ? strrchr (text, ':') : NULL;
      if (colon && !*detail && g_str_has_suffix (text, "]"))
        *detail = g_strstrip (g_strndup (colon + 1,
                                         strlen (colon + 1) - 1));
    }
  return state;
}

/* How gpgsm words an OCSP failure, and how gsmime says it.  gpgsm
 * speaks of a CRL whatever dirmngr asked ("checking the CRL failed:
 * Invalid CRL"); what went wrong with the answer's signature it writes
 * only on standard error.  */
typedef struct
{
  gboolean on_stderr;   /* a line of standard error, else the listing's
                           reason */
  const char *gpgsm;
  const char *ours;
  gboolean refused;     /* an answer came and its signature was refused */
} OcspWording;

static const OcspWording ocsp_wordings[] = {
  /* The signer's certificate, checked by gpgsm after a good answer.  */
  { TRUE, "should not have been used for OCSP response signing",
    N_("its answer is signed with a certificate that is not meant for "
       "signing OCSP answers"), TRUE },
  { TRUE, "invalid certificate used for CRL/OCSP",
    N_("its answer is signed with a certificate that does not lead to a "
       "root you trust"), TRUE },
  { TRUE, "unable to find the certificate used by the dirmngr",
    N_("its answer is signed with a certificate that gpgsm cannot find"),
    TRUE },
  /* dirmngr found no certificate the signature verifies with, or
   * refused the answer for a reason it did not tell.  */
  { FALSE, "No public key",
    N_("the signature of its answer matches no certificate it carries"),
    TRUE },
  { FALSE, "Invalid CRL",
    N_("dirmngr did not accept the signature of its answer"), TRUE },
  { FALSE, "Not supported",
    N_("dirmngr does not send OCSP requests (allow-ocsp is missing from "
       "dirmngr.conf)"), FALSE },
  { FALSE, "No CRL known", N_("it gave no usable answer"), FALSE },
};

/* DETAIL (gpgsm's listing) and ERR (its standard error) said in OCSP's
 * terms; REFUSED tells whether an answer came and was not accepted.  */
static char *
ocsp_detail (const char *detail, const char *err, gboolean *refused)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (ocsp_wordings); i++)
    {
      const OcspWording *w = &ocsp_wordings[i];
      if (w->on_stderr ? err && strstr (err, w->gpgsm)
                       : detail && !strcmp (detail, w->gpgsm))
        {
          *refused = w->refused;
          return g_strdup (_(w->ours));
        }
    }
  *refused = FALSE;
  return g_strdup (detail);
}

/* Whether gpgsm's reason DETAIL (its listing's words) is what dirmngr
 * 2.2.40 makes of a CRL or, with OCSP, an OCSP answer signed with ECDSA
 * (measured by tests/integration/revocation-ecdsa.sh; its log says "CRL
 * signature verification failed: Provided object is too short" and
 * "responder certificate ... did not verify: Provided object is too
 * short", then "no suitable certificate found to verify the OCSP
 * response"): its signature check builds no key from an elliptic-curve
 * certificate.  An OCSP answer that matches none of the certificates it
 * carries is worded the same, so the words alone prove nothing.  */
static gboolean
is_ecdsa_wording (const char *detail, gboolean ocsp)
{
  return detail && !strcmp (detail, ocsp ? "No public key"
                                         : "Provided object is too short");
}

static char *
bytes_to_string (GBytes *bytes)
{
  return bytes ? g_strndup (g_bytes_get_data (bytes, NULL),
                            g_bytes_get_size (bytes))
               : NULL;
}

void
gsmime_gpgsm_read_validation (const char *out, const char *err,
                              gboolean ocsp, GsmimeGpgsmValidation *v)
{
  g_autofree char *detail = NULL;

  v->state = read_listing (out, &detail);
  v->answer_refused = FALSE;
  v->ecdsa_words = FALSE;
  if (v->state != GSMIME_REVOKED_UNKNOWN)
    return;
  v->ecdsa_words = is_ecdsa_wording (detail, ocsp);
  v->detail = ocsp ? ocsp_detail (detail, err, &v->answer_refused)
                   : g_steal_pointer (&detail);
}

/* The argument vector of the validation: the strings are borrowed.  */
static GPtrArray *
validation_argv (const char *homedir, const char *fpr, gboolean enable_ocsp)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) GPGSM_PATH);
  if (homedir)
    {
      g_ptr_array_add (argv, (char *) "--homedir");
      g_ptr_array_add (argv, (char *) homedir);
    }
  g_ptr_array_add (argv, (char *) "--batch");
  g_ptr_array_add (argv, (char *) "--with-validation");
  g_ptr_array_add (argv, (char *) (enable_ocsp ? "--enable-ocsp"
                                               : "--disable-ocsp"));
  g_ptr_array_add (argv, (char *) "--list-keys");
  g_ptr_array_add (argv, (char *) fpr);
  g_ptr_array_add (argv, NULL);
  return argv;
}

void
gsmime_gpgsm_validate (const char *homedir, const char *fpr,
                       gboolean enable_ocsp, gboolean ocsp, guint budget_ms,
                       GsmimeGpgsmValidation *v)
{
  g_autoptr (GPtrArray) argv = validation_argv (homedir, fpr, enable_ocsp);
  g_auto (GsmimeBoundedRun) run = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  memset (v, 0, sizeof *v);
  gsmime_run_bounded ((const char *const *) argv->pdata, budget_ms, &run);
  if (run.timed_out)
    {
      v->timed_out = TRUE;
      v->state = GSMIME_REVOKED_UNKNOWN;
      return;
    }
  out = bytes_to_string (run.out);
  err = bytes_to_string (run.err);
  gsmime_gpgsm_read_validation (out, err, ocsp, v);
}
