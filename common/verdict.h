/* verdict.h - the colour a message is shown in, and why.
 *
 * This is the only place where gsmime decides whether a signature is
 * green, orange or red; the hosts draw what it decided and never look at
 * GPGME results themselves.  doc/verdicts.md lists every rule.
 */
#ifndef GSMIME_VERDICT_H
#define GSMIME_VERDICT_H

#include <glib.h>
#include <gpgme.h>
#include "engine.h"
#include "reasons.h"
#include "settings.h"
#include "revocation.h"

/* What a reason advises the user to do, as data: the core does not know
 * the user interface, so each host words the action for its own (the
 * gsmime command and mutt name a command, Claws its preferences).  */
typedef enum
{
  GSMIME_ADVICE_NONE,
  /* Obtain the root certificate from its issuer, compare its
   * fingerprint, and trust it.  */
  GSMIME_ADVICE_TRUST_ROOT,
  /* Look at the signer's certificate (its address is the subject) to
   * see what is wrong with it.  */
  GSMIME_ADVICE_INSPECT_CERTIFICATE,
  /* Switch OCSP on, so that revocation is checked.  */
  GSMIME_ADVICE_SWITCH_ON_OCSP,
  /* Import one's own certificate and its key (a .p12 file).  */
  GSMIME_ADVICE_IMPORT_KEY,
  /* Configure a directory server.  */
  GSMIME_ADVICE_ADD_DIRECTORY,
  /* List the certificates that carry an address (the subject).  */
  GSMIME_ADVICE_LIST_CERTIFICATES,
  /* List the directory servers configured.  */
  GSMIME_ADVICE_LIST_DIRECTORIES
} GsmimeAdvice;

typedef struct
{
  GsmimeReasonCode reason;  /* which reason: its row in reasons.c */
  const char *code;     /* its stable string, for output: the table's name */
  GsmimeColour colour;  /* the best colour this reason allows */
  char *text;           /* translated sentence: what happened, and what to
                           do where no host needs to be named */
  GsmimeAdvice advice;  /* what else to do, for the host to word */
  char *subject;        /* what the advice is about (the signer's
                           address), or NULL */
} GsmimeReason;

typedef struct
{
  GsmimeColour colour;
  GPtrArray *reasons;   /* GsmimeReason*, worst first */
} GsmimeVerdict;

/* A signature the engine cannot check because of its algorithm, as the
 * CMS outline shows it (verify.c looks only after gpgsm failed, so an
 * engine that can check it is never second-guessed).  */
typedef struct
{
  const char *algorithm;     /* translated: "Ed25519", "RSA-PSS with a
                                222-byte salt" */
  GsmimeCapability missing;  /* what the engine would need (engine.h) */
  const char *engine;        /* the installed gpgsm's version, or NULL */
} GsmimeUnsupportedSignature;

/* What is known about one signature: taken from GPGME's result and the
 * signer's certificate by verify.c, kept apart from GPGME types where
 * possible so that every rule can be tested without gpgsm.  */
typedef struct
{
  gpgme_error_t status;           /* gpgme_signature_t.status */
  gpgme_sigsum_t summary;
  gpgme_validity_t validity;
  gpgme_error_t validity_reason;
  gpgme_hash_algo_t hash_algo;
  gint64 signing_time;            /* 0 when the signature has none */
  gint64 now;
  gint64 cert_not_before;         /* 0 when unknown */
  gint64 cert_expires;            /* 0 when unknown or never */
  const char *const *signer_emails;  /* NULL-terminated, lower case */
  const char *from_address;       /* the From address, NULL if none */
  /* gsmime's own revocation check (revocation.c); gpgsm's validity above
   * then speaks of the chain only.  NULL when the check was left to
   * gpgsm.  */
  const GsmimeRevocation *revocation;
  /* Set when the engine cannot check the signature's algorithm: gpgsm's
   * failure is then the engine's, not the sender's.  */
  const GsmimeUnsupportedSignature *unsupported;
} GsmimeSignatureFacts;

const char *gsmime_colour_name (GsmimeColour colour);

GsmimeVerdict *gsmime_verdict_new (void);
void gsmime_verdict_free (GsmimeVerdict *verdict);

/* Adds the reason CODE in the colour the table of reasons gives it; the
 * verdict's colour becomes the worse of the two.  TEXT is taken over.  */
void gsmime_verdict_add_reason (GsmimeVerdict *verdict, GsmimeReasonCode code,
                                char *text);

/* The same with ADVICE about SUBJECT (copied; NULL: none).  */
void gsmime_verdict_add_advised (GsmimeVerdict *verdict,
                                 GsmimeReasonCode code, GsmimeAdvice advice,
                                 const char *subject, char *text);

/* A host's words for each advice: untranslated (N_()), translated when
 * used; NULL where the host has nothing to say.  */
typedef struct
{
  const char *trust_root;
  const char *inspect_certificate;   /* %s: the subject, an address */
  const char *inspect_unknown;       /* the same without a subject */
  const char *switch_on_ocsp;
  /* The rest continue an error's sentence, after "; ".  */
  const char *import_key;
  const char *add_directory;
  const char *list_certificates;     /* %s: the subject, an address */
  const char *list_directories;
} GsmimeAdviceWords;

/* REASON's sentence followed by its advice in the host's WORDS.  */
char *gsmime_reason_text (const GsmimeReason *reason,
                          const GsmimeAdviceWords *words);

/* ADVICE about SUBJECT (or NULL) in the host's WORDS, translated; NULL
 * when the host has nothing to say.  */
char *gsmime_advice_text (GsmimeAdvice advice, const char *subject,
                          const GsmimeAdviceWords *words);

/* An error's MESSAGE continued by ADVICE about SUBJECT in WORDS.  */
char *gsmime_advised_message (const char *message, GsmimeAdvice advice,
                              const char *subject,
                              const GsmimeAdviceWords *words);

/* What to do about ERROR, whatever the core was doing: importing one's
 * key when there is no signing key.  */
GsmimeAdvice gsmime_error_advice (const GError *error);

/* The same in COLOUR, for a reason whose colour the settings choose
 * (weak-digest).  */
void gsmime_verdict_add_coloured (GsmimeVerdict *verdict,
                                  GsmimeReasonCode code, GsmimeColour colour,
                                  char *text);

/* The same for a caller that names the reason by its stable string CODE.
 * A CODE the table does not know is a programming error: nothing is
 * added, and TEXT is freed.  */
void gsmime_verdict_add (GsmimeVerdict *verdict, GsmimeColour colour,
                         const char *code, char *text);

/* Adds copies of all reasons of FROM to INTO.  */
void gsmime_verdict_merge (GsmimeVerdict *into, const GsmimeVerdict *from);

/* TRUE if the reason CODE is present.  */
gboolean gsmime_verdict_has_reason (const GsmimeVerdict *verdict,
                                    GsmimeReasonCode code);

/* The same for a reason named by its stable string CODE.  */
gboolean gsmime_verdict_has (const GsmimeVerdict *verdict, const char *code);

/* Whether the signatures VERDICT judges were checked and found valid:
 * green or orange, and no reason says a signature went unchecked
 * (unsupported-algorithm).  For a host that tells a verified signature
 * from one that is not, as mutt does.  */
gboolean gsmime_verdict_verified (const GsmimeVerdict *verdict);

/* The reason that matters most: the first of the worst colour.  */
const GsmimeReason *gsmime_verdict_main_reason (const GsmimeVerdict *verdict);

/* What a revocation check did, as a clause for sentences and listings:
 * "checked against the CRL from URL at TIME", "checked with the OCSP
 * responder URL at TIME", "cannot be revoked: the certificate names no
 * CRL or OCSP responder", "not checked: switched off".  */
char *gsmime_revocation_describe (const GsmimeRevocation *r);

/* The same, followed by why the answer is unknown where it is.  */
char *gsmime_revocation_explain (const GsmimeRevocation *r);

/* Judges one signature by the rules of doc/verdicts.md.  */
GsmimeVerdict *gsmime_verdict_for_signature (const GsmimeSignatureFacts *facts,
                                             const GsmimeSettings *settings);

/* Row 14 of doc/verdicts.md again, for a signature already judged into
 * VERDICT, against the From address FROM the reader shows instead (the
 * protected one): the signer's SIGNER_EMAILS lack FROM or not.  A
 * signature that step 1 judged keeps its verdict; one left without
 * reasons becomes green, its text about REVOCATION (NULL: gpgsm's own
 * check) as gsmime_verdict_for_signature words it.  */
void gsmime_verdict_judge_sender (GsmimeVerdict *verdict,
                                  const char *const *signer_emails,
                                  const char *from,
                                  const GsmimeRevocation *revocation);

/* One signature a message carries, as the walk through it met it: a
 * signer with its verdict, or a signed part that could not be judged.  */
typedef struct
{
  const char *part;         /* the signed part's number ("1.2"), or NULL
                               where the host does not number parts */
  const char *malformed;    /* why the part cannot be judged (the signer
                               fields are then NULL), or NULL */
  const char *signer;       /* the signer's address, else its fingerprint,
                               else NULL */
  const GsmimeVerdict *verdict;  /* the signer's own verdict */
} GsmimeSignatureSeen;

/* What the reader found of the message's protected header fields (RFC
 * 9788), for the rules H1-H3 of doc/verdicts.md.  */
typedef struct
{
  const char *protected_from;  /* the protected From's address, or NULL */
  const char *outer_from;      /* the outer From's address, or NULL */
  gboolean from_vouched;       /* a signature that is not red, by the
                                  protected From's address, covers it */
  const char *malformed;       /* why a protected header section the
                                  message carries cannot be used, or NULL */
} GsmimeHeaderFacts;

/* What is known about a whole message apart from its signatures'
 * cryptography, kept free of GMime and GPGME so that every rule can be
 * tested without a message or gpgsm.  */
typedef struct
{
  GArray *signatures;       /* GsmimeSignatureSeen, in the order the walk
                               met them; NULL or empty: none */
  GPtrArray *unsigned_parts; /* char*: numbers of the leaf parts no
                                signature covers; NULL: none */
  gboolean encrypted;       /* some layer was S/MIME enveloped-data */
  gboolean compressed;      /* some layer was compressed-data (RFC 3274) */
  const GsmimeHeaderFacts *headers; /* its protected header fields, or
                                       NULL where nobody looked */
} GsmimeMessageFacts;

/* The whole message's verdict, with the signer its headline speaks of.  */
typedef struct
{
  GsmimeVerdict *verdict;   /* never better than the worst part */
  char *signer;             /* the main signer (address or fingerprint),
                               or NULL */
  char *headline;           /* gsmime_headline () about that signer */
} GsmimeMessageVerdict;

void gsmime_message_verdict_free (GsmimeMessageVerdict *verdict);

/* Judges a whole message by the rules M1-M4 and H1-H3 of
 * doc/verdicts.md: merges every signer's verdict, adds "malformed" for
 * each part that could not be judged, "partial-signature", the reasons
 * about protected header fields, "not-signed" and "encrypted", and
 * chooses the main signer: the first whose own verdict is as bad as the
 * whole message's, else the last.  */
GsmimeMessageVerdict *
gsmime_verdict_for_message (const GsmimeMessageFacts *facts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeVerdict, gsmime_verdict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeMessageVerdict,
                               gsmime_message_verdict_free)

#endif
