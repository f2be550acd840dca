/* header-protection-read.h - finding the protected header section at the
 * root of a message's cryptographic payload and deciding what it may be
 * trusted for: the core's own, used by reader.c.  */
#ifndef GSMIME_HEADER_PROTECTION_READ_H
#define GSMIME_HEADER_PROTECTION_READ_H

#include "gmime-autoptr.h"
#include "header-protection.h"

/* More protected fields than this make the section unusable: no composer
 * writes a tenth of it, and a reader should not render thousands.  */
#define GSMIME_HP_MAX_FIELDS 200

/* What the walk through the message's layers found above the payload.  */
typedef struct
{
  gboolean covered;          /* a signature layer that could be checked
                                wraps it (whatever its verdict) */
  gboolean encrypted;        /* a layer that was decrypted wraps it */
  const GPtrArray *signers;  /* GsmimeSigner*: the signers of those
                                signature layers, or NULL */
} GsmimePayloadFacts;

/* Reads the protected header section of PAYLOAD, the root of the
 * cryptographic payload of OUTER, wrapped as FACTS says.  Returns NULL
 * when PAYLOAD carries none (no hp="clear"/"cipher", no
 * protected-headers="v1"), or one the layers do not let a reader trust
 * (hp="clear" without a signature, a section neither signed nor
 * encrypted).  A section that is there but cannot be used (a field that
 * may occur once occurs twice, too many fields) also gives NULL, and
 * *MALFORMED (when MALFORMED is not NULL) a sentence that says why.  */
GsmimeProtectedHeaders *gsmime_hp_read (GMimeObject *payload,
                                        GMimeMessage *outer,
                                        const GsmimePayloadFacts *facts,
                                        char **malformed);

/* VALUE as one line of valid UTF-8: every run of control characters
 * (CR, LF, tab, NUL, NEL, ...) and Unicode line or paragraph separators,
 * with the blanks after it, becomes one space.  */
char *gsmime_hp_one_line (const char *value);

/* Whether PART is a text/plain or text/html part marked as carrying a
 * Legacy Display Element (hp-legacy-display="1").  */
gboolean gsmime_hp_has_legacy_display (GMimeObject *part);

#endif
