/* reader.h - what a reader sees: the whole message decrypted, every
 * signature checked, one verdict for the whole.  */
#ifndef GSMIME_READER_H
#define GSMIME_READER_H

#include "gmime-autoptr.h"
#include "header-protection.h"
#include "session.h"
#include "verdict.h"

typedef struct
{
  gboolean encrypted;     /* some layer was S/MIME enveloped-data */
  gboolean decrypted;     /* ... and every such layer was opened */
  gboolean is_signed;     /* some layer carried an S/MIME signature */
  GsmimeVerdict *verdict; /* the whole message: never better than its
                             worst part */
  GPtrArray *signers;     /* GsmimeSigner*, of every signature found */
  char *headline;         /* the status line: gsmime_verdict_for_message */
  char *body;             /* the innermost text/plain part, UTF-8, or "" */
  GPtrArray *harvested;   /* fingerprints kept from this message */
  GPtrArray *refused;     /* GsmimeRefusal*: certificates not kept */
  GsmimeProtectedHeaders *protected_headers; /* the header fields inside
                             the protection (RFC 9788), or NULL when the
                             message has none a reader can trust */
} GsmimeReport;

typedef enum
{
  GSMIME_READ_DEFAULT = 0,
  GSMIME_READ_NO_DECRYPT = 1 << 0,     /* leave encrypted layers closed */
  GSMIME_READ_HARVEST_DRY_RUN = 1 << 1 /* report, but keep nothing */
} GsmimeReadFlags;

void gsmime_report_free (GsmimeReport *report);

/* Reads MESSAGE as a mail client shows it: decrypts enveloped layers,
 * verifies signed ones, harvests the signers' certificates by the policy
 * of harvest.c, finds the protected header fields and removes a Legacy
 * Display Element from the body (header-protection.h), and judges the
 * whole.  A signature that cannot be
 * parsed is not an error but a red verdict ("malformed").  Errors: those
 * of gsmime_decrypt when a layer cannot be opened, and GPG_ERR_TOO_LARGE
 * when a decrypted layer breaks the limits of message.h.  */
GsmimeReport *gsmime_read_message (GsmimeSession *session,
                                   GMimeMessage *message,
                                   GsmimeReadFlags flags, GError **error);

/* The status line for REPORT, as gsmime_verdict_for_message chose it:
 * gsmime_headline () about the signer the verdict's main reason speaks
 * of.  */
char *gsmime_report_headline (const GsmimeReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeReport, gsmime_report_free)

#endif
