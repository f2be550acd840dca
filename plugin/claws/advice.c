/* advice.c - the core's advice worded for Claws' user interface.
 *
 * The core says what to do as data (common/verdict.h); the place to do
 * it is the host's.  Claws has a preferences page for revocation (its
 * path is prefs-page.c's), and no place to trust a root or to examine a
 * certificate: for those the gsmime command is named.
 */
#include <config.h>
#include "common/i18n.h"
#include "advice.h"

static const GsmimeAdviceWords claws_words = {
  N_("Obtain the root certificate from its issuer, compare its "
     "fingerprint, and trust it by running \"gsmime trust-root\" in a "
     "terminal."),
  N_("Run \"gsmime certs %s\" in a terminal to see what is wrong with the "
     "certificate."),
  N_("Run \"gsmime certs\" on the signer's address in a terminal to see "
     "what is wrong with the certificate."),
  N_("Switch OCSP on under Configuration > Preferences > Plugins > "
     "S/MIME (gpgsm) to have it checked."),
  N_("import your certificate and key (a .p12 file) under Configuration > "
     "Preferences > Plugins > S/MIME (gpgsm)"),
  N_("add one by running \"gsmime directory add\" in a terminal"),
  N_("run \"gsmime certs %s\" in a terminal to list them"),
  N_("run \"gsmime directory list\" in a terminal to list them"),
};

char *
gsmime_claws_reason_text (const GsmimeReason *reason)
{
  return gsmime_reason_text (reason, &claws_words);
}

char *
gsmime_claws_error_text (const GError *error)
{
  return gsmime_advised_message (error->message, gsmime_error_advice (error),
                                 NULL, &claws_words);
}

char *
gsmime_claws_problem_text (const GsmimeRecipientProblem *problem)
{
  return gsmime_recipient_problem_text (problem, &claws_words);
}

char *
gsmime_claws_recipient_error_text (const GError *error, GPtrArray *problems)
{
  if (!problems->len
      || !g_error_matches (error, GSMIME_ERROR, GPG_ERR_UNUSABLE_PUBKEY))
    return gsmime_claws_error_text (error);
  return gsmime_recipient_error_text (problems, &claws_words);
}
