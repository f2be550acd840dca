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
};

char *
gsmime_claws_reason_text (const GsmimeReason *reason)
{
  return gsmime_reason_text (reason, &claws_words);
}
