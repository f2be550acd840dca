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

#define IMPORT_KEY N_("import your certificate and key (a .p12 file) with " \
                     "\"gsmime import\"")
#define ADD_DIRECTORY N_("add one with \"gsmime directory add\"")
#define LIST_CERTIFICATES N_("\"gsmime certs %s\" lists them")
#define LIST_DIRECTORIES N_("\"gsmime directory list\" shows them")

static const GsmimeAdviceWords command_words = {
  TRUST_ROOT, INSPECT, INSPECT_UNKNOWN,
  N_("Switch OCSP on (--revocation ocsp) to have it checked."),
  IMPORT_KEY, ADD_DIRECTORY, LIST_CERTIFICATES, LIST_DIRECTORIES,
};

/* mutt takes the options in the commands its muttrc names.  */
static const GsmimeAdviceWords muttrc_words = {
  TRUST_ROOT, INSPECT, INSPECT_UNKNOWN,
  N_("Switch OCSP on (--revocation ocsp, in the gsmime-mutt commands of "
     "your muttrc) to have it checked."),
  IMPORT_KEY, ADD_DIRECTORY, LIST_CERTIFICATES, LIST_DIRECTORIES,
};

char *
cli_reason_text (const GsmimeReason *reason, gboolean in_muttrc)
{
  return gsmime_reason_text (reason, in_muttrc ? &muttrc_words
                                               : &command_words);
}

char *
cli_recipient_error_text (const GError *error, GPtrArray *problems)
{
  if (!problems || !problems->len
      || !g_error_matches (error, GSMIME_ERROR, GPG_ERR_UNUSABLE_PUBKEY))
    return cli_advised_message (error->message, gsmime_error_advice (error),
                                NULL);
  return gsmime_recipient_error_text (problems, &command_words);
}

char *
cli_advised_message (const char *message, GsmimeAdvice advice,
                     const char *subject)
{
  return gsmime_advised_message (message, advice, subject, &command_words);
}
