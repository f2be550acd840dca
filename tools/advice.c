/* advice.c - the core's advice worded for a command line: the gsmime
 * command and the mutt host name gsmime's subcommands and options.  */
#include <config.h>
#include "cli.h"
#include "i18n.h"

#define TRUST_ROOT N_("Obtain the root certificate from its issuer, compare " \
                      "its fingerprint, and trust it with \"gsmime " \
                      "trust-root\".")
#define INSPECT N_("Run \"gsmime certs %s\" to see what is wrong with the " \
                   "certificate.")
#define INSPECT_UNKNOWN N_("Run \"gsmime certs\" on the signer's address " \
                           "to see what is wrong with the certificate.")

static const GsmimeAdviceWords command_words = {
  TRUST_ROOT, INSPECT, INSPECT_UNKNOWN,
  N_("Switch OCSP on (--revocation ocsp) to have it checked."),
};

/* mutt takes the options in the commands its muttrc names.  */
static const GsmimeAdviceWords muttrc_words = {
  TRUST_ROOT, INSPECT, INSPECT_UNKNOWN,
  N_("Switch OCSP on (--revocation ocsp, in the gsmime-mutt commands of "
     "your muttrc) to have it checked."),
};

char *
cli_reason_text (const GsmimeReason *reason, gboolean in_muttrc)
{
  return gsmime_reason_text (reason, in_muttrc ? &muttrc_words
                                               : &command_words);
}
