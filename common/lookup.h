/* lookup.h - recipient certificates from the organisation's directory,
 * asked through dirmngr within the time budget.
 *
 * gsmime asks dirmngr (LOOKUP, the command behind gpgsm
 * --list-external-keys) for the certificates of one address, in a
 * gpg-connect-agent process of its own that is abandoned when the
 * session's revocation budget runs out: a directory server that accepts
 * connections and never answers would otherwise hold the caller for
 * dirmngr's LDAP timeout.  What the directory returns goes through the
 * policy of harvested certificates before it stays in the keybox: it must
 * carry the address, lead to a trusted root, not be revoked and be usable
 * for encryption.  Kept certificates are recorded, with the server, in
 * $GNUPGHOME/gsmime/directory-certs.ini.
 *
 * Hosts call gsmime_directory_lookup for a "look up in directory" button;
 * keyselect.c calls it when encrypting to an address without a usable
 * certificate.
 */
#ifndef GSMIME_LOOKUP_H
#define GSMIME_LOOKUP_H

#include <glib.h>
#include "session.h"
#include "verdict.h"

typedef enum
{
  GSMIME_LOOKUP_FOUND,          /* at least one certificate kept */
  GSMIME_LOOKUP_NOT_FOUND,      /* the directory has none for the address */
  GSMIME_LOOKUP_REFUSED,        /* found, but none passed the policy */
  GSMIME_LOOKUP_UNREACHABLE,    /* no answer (in time) */
  GSMIME_LOOKUP_NO_DIRECTORY    /* no directory server is configured */
} GsmimeLookupState;

typedef struct
{
  char *address;
  GsmimeLookupState state;
  char *server;        /* "host:port" (several joined by ", "), or NULL */
  GPtrArray *kept;     /* fingerprints now in the keybox */
  GPtrArray *refused;  /* GsmimeLookupRefusal* */
  char *detail;        /* why unreachable, in dirmngr's or the system's
                          words, or NULL */
} GsmimeLookup;

typedef struct
{
  char *fingerprint;
  char *code;          /* "revoked", "untrusted-chain", "expired",
                          "not-for-encryption", "other-address", ... */
} GsmimeLookupRefusal;

void gsmime_lookup_free (GsmimeLookup *lookup);

/* Looks ADDRESS up in the directory servers of the session's home and
 * keeps what passes the policy.  Waits at most the session's revocation
 * budget for the directory, then checks the revocation of what it found
 * within the same budget, as for any recipient.  Once the directory did
 * not answer, the session does not ask it again for a minute, so that a
 * message to many recipients waits one budget, not one each.  Never
 * fails for what the network does (see STATE); errors: GPG_ERR_INV_ARG
 * when ADDRESS is not an e-mail address that can be put in an LDAP
 * filter.  */
GsmimeLookup *gsmime_directory_lookup (GsmimeSession *session,
                                       const char *address, GError **error);

/* The translated sentence that says what LOOKUP found, for a status line
 * or a dialog.  */
char *gsmime_lookup_describe (const GsmimeLookup *lookup);

/* What to do after LOOKUP: configure a directory server when there was
 * none.  */
GsmimeAdvice gsmime_lookup_advice (const GsmimeLookup *lookup);

/* The directory server the certificate FPR was fetched from ("host:port"),
 * or NULL when it did not come from the directory.  */
char *gsmime_lookup_source (GsmimeSession *session, const char *fpr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeLookup, gsmime_lookup_free)

#endif
