/* status.h - the core's verdict in the terms of Claws' notice line. */
#ifndef GSMIME_CLAWS_STATUS_H
#define GSMIME_CLAWS_STATUS_H

#include "common/gsmime.h"
#include <privacy.h>

/* The SignatureStatus that draws VERDICT: green is SIGNATURE_OK, orange
 * SIGNATURE_WARN, red SIGNATURE_INVALID (SIGNATURE_KEY_EXPIRED when the
 * reason that matters is an expired certificate), and grey, where Claws
 * saw a signature that the core did not find, SIGNATURE_CHECK_FAILED.  */
SignatureStatus gsmime_claws_status_for_verdict (const GsmimeVerdict *verdict);

/* The status, short line and full text of REPORT, ready to hang on a
 * MimeInfo; free with privacy_free_signature_data.  */
SignatureData *gsmime_claws_signature_data (const GsmimeReport *report);

/* SIGNATURE_CHECK_FAILED with ERROR's sentence as both texts, for a
 * message the core could not read at all.  */
SignatureData *gsmime_claws_signature_failure (const GError *error);

/* "FPR: code" for a certificate harvesting did not keep, as the full
 * text and the trace show it.  */
char *gsmime_claws_refusal_line (const GsmimeRefusal *refusal);

/* The symbolic name of STATUS ("SIGNATURE_OK"), for logs and traces.  */
const char *gsmime_claws_status_name (SignatureStatus status);

#endif
