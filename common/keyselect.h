/* keyselect.h - which key signs, which certificates are encrypted to.
 *
 * The rules users rely on live here: the signing key is always one of the
 * user's own secret keys, never a certificate somebody else sent that
 * happens to carry the user's address; among several certificates for one
 * recipient the usable one issued last wins, and several never make an
 * "ambiguous" error.
 */
#ifndef GSMIME_KEYSELECT_H
#define GSMIME_KEYSELECT_H

#include <glib.h>
#include <gpgme.h>
#include "session.h"
#include "candidates.h"
#include "verdict.h"

/* Why an address cannot be encrypted to; hosts act on this, never on
 * the string code.  */
typedef enum
{
  GSMIME_RECIPIENT_NO_CERTIFICATE,
  GSMIME_RECIPIENT_EXPIRED,             /* or not yet valid */
  GSMIME_RECIPIENT_REVOKED,
  GSMIME_RECIPIENT_NOT_FOR_ENCRYPTION,
  GSMIME_RECIPIENT_UNTRUSTED_CHAIN,
  /* Its revocation could not be learnt: the one problem a user may
   * accept ("encrypt anyway").  */
  GSMIME_RECIPIENT_UNCHECKED,
  /* The directory's certificate was refused for another reason of
   * reasons.c, which the code names.  */
  GSMIME_RECIPIENT_REFUSED,
  /* The certificate the user chose for their own address is not in the
   * keybox, or not usable for encryption.  */
  GSMIME_RECIPIENT_OWN_MISSING,
  GSMIME_RECIPIENT_OWN_UNUSABLE,
  /* An elliptic-curve certificate, which takes encrypted mail through
   * ECDH, and an engine that cannot encrypt with ECDH (gpgsm before
   * 2.2.44 and 2.3.0).  The certificate is fine: an RSA certificate or a
   * newer GnuPG would do.  */
  GSMIME_RECIPIENT_ECDH_UNSUPPORTED
} GsmimeRecipientProblemCode;

typedef struct
{
  char *address;
  GsmimeRecipientProblemCode problem;
  const char *code;     /* its stable string, for output and scripts:
                           "no-certificate", "expired", "revoked",
                           "not-for-encryption", "untrusted-chain",
                           "unchecked", "ecdh-unsupported", a reason's
                           name, ... */
  char *fingerprint;    /* the certificate concerned, or NULL */
  char *text;           /* translated sentence with what would fix it
                           where no host needs to be named */
  GsmimeAdvice advice;  /* what else to do, for the host to word */
} GsmimeRecipientProblem;

void gsmime_recipient_problem_free (GsmimeRecipientProblem *problem);

/* The stable string of PROBLEM.  */
const char *gsmime_recipient_problem_name (GsmimeRecipientProblemCode problem);

/* Which certificates a message is encrypted to.  */
typedef struct
{
  const char *const *addresses;  /* NULL-terminated */
  /* A certificate whose revocation could not be learnt is taken (the
   * host asked the user).  */
  gboolean allow_unchecked;
  /* The sender's address and the encryption certificate the user chose
   * for it by fingerprint (a host's account), or NULL: chosen like any
   * other.  */
  const char *own_address;
  const char *own_fingerprint;
} GsmimeRecipientRequest;

/* Chooses the user's own signing key.  ID is a fingerprint, a key ID or an
 * e-mail address; only certificates with a secret key are considered.
 * Returns a new reference.  Errors: GPG_ERR_UNUSABLE_SECKEY when the user has
 * no usable signing key for ID (the message says how to get one).  */
gpgme_key_t gsmime_choose_signing_key (GsmimeSession *session, const char *id,
                                       GError **error);

/* Chooses a certificate for ADDRESS, or returns NULL and, when PROBLEM is
 * not NULL, says why.  The chosen certificate's revocation is checked
 * within the session's budget: a revoked one is never chosen, and one
 * whose status could not be learnt only when ALLOW_UNCHECKED (the host
 * asked the user).  Returns a new reference.  */
gpgme_key_t gsmime_choose_recipient (GsmimeSession *session,
                                     const char *address,
                                     gboolean allow_unchecked,
                                     GsmimeRecipientProblem **problem,
                                     GError **error);

/* Chooses a certificate for every address in ADDRESSES.  On success fills
 * KEYS (gpgme_key_t, in the order of ADDRESSES) and returns TRUE.
 * Otherwise PROBLEMS receives one entry per address that cannot be
 * encrypted to, ERROR (GPG_ERR_UNUSABLE_PUBKEY) names them all, and FALSE
 * is returned.  */
gboolean gsmime_choose_recipients (GsmimeSession *session,
                                   const char *const *addresses,
                                   gboolean allow_unchecked,
                                   GPtrArray *keys, GPtrArray *problems,
                                   GError **error);

/* Chooses for every address of REQUEST as gsmime_choose_recipient does,
 * except for its own address when it names an own certificate: that is
 * the user's choice, taken as it is while the keybox calls it usable for
 * encryption; its revocation is not asked, as the copy it opens is the
 * user's own.  KEYS receives the certificates found, PROBLEMS one entry
 * for each address that has none; returns FALSE only when the keybox
 * could not be asked (ERROR set, as gsmime_choose_recipient).  */
gboolean gsmime_choose_recipients_each (GsmimeSession *session,
                                        const GsmimeRecipientRequest *request,
                                        GPtrArray *keys, GPtrArray *problems,
                                        GError **error);

/* TRUE when KEY is current, not revoked or invalid as far as the keybox
 * knows, and fit for signing (FOR_SIGNING) or encryption; an
 * elliptic-curve certificate is fit for encryption only where the engine
 * encrypts with ECDH.  */
gboolean gsmime_key_usable (gpgme_key_t key, gboolean for_signing);

/* TRUE when KEY, at NOW, is current (begun, not ended), not revoked,
 * invalid or disabled as far as the keybox knows, whatever it is for:
 * the part of gsmime_key_usable that does not depend on the use.  */
gboolean gsmime_key_valid_at (gpgme_key_t key, gint64 now);

/* The certificates for ADDRESS in the keybox, ranked as candidates.h
 * says, with the one encryption would use (only the user's own for one
 * of the user's own addresses).  No directory is asked.  Errors: those
 * of gsmime_keys_list.  */
GsmimeCandidates *gsmime_recipient_candidates (GsmimeSession *session,
                                               const char *address,
                                               GError **error);

/* Builds the error that names every problem, one sentence each.  */
void gsmime_set_recipient_error (GError **error, GPtrArray *problems);

/* The same error's message with each problem's advice in the host's
 * WORDS.  */
char *gsmime_recipient_error_text (GPtrArray *problems,
                                   const GsmimeAdviceWords *words);

/* PROBLEM's sentence followed by its advice in the host's WORDS (NULL:
 * none).  */
char *gsmime_recipient_problem_text (const GsmimeRecipientProblem *problem,
                                     const GsmimeAdviceWords *words);

/* Whether KEY is an elliptic-curve certificate meant for encryption
 * (ECDH): its key usage allows key agreement, or names no use.  An EC
 * certificate for signing only is not.  */
gboolean gsmime_key_is_ecdh (GsmimeSession *session, gpgme_key_t key);

/* The problem this engine has with encrypting to KEY for ADDRESS because
 * of its kind of key: GSMIME_RECIPIENT_ECDH_UNSUPPORTED for an
 * elliptic-curve certificate when the engine cannot encrypt with ECDH;
 * NULL when there is none.  For hosts that are handed certificates
 * rather than addresses (mutt).  */
GsmimeRecipientProblem *gsmime_recipient_engine_problem (
  const char *address, gpgme_key_t key);

/* A problem for ADDRESS from gpgsm's reason REASON for refusing a
 * certificate during encryption.  */
GsmimeRecipientProblem *gsmime_recipient_problem_from_gpgsm (
  const char *address, gpgme_error_t reason);

#endif
