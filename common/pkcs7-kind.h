/* pkcs7-kind.h - which kind of CMS object an application/pkcs7-mime part
 * holds, by one rule for every reader.
 *
 * The smime-type parameter says it (RFC 8551, section 3.2.2), but older
 * clients leave it out; then the content type OID near the start of the
 * DER tells.  The core's reader and the hosts that ask "is this part
 * signed or encrypted?" before the core reads it use this one rule, so
 * they cannot disagree about a part.
 */
#ifndef GSMIME_PKCS7_KIND_H
#define GSMIME_PKCS7_KIND_H

#include "gmime-autoptr.h"

typedef enum
{
  GSMIME_PKCS7_OTHER,       /* certs-only, ...: a leaf */
  GSMIME_PKCS7_ENVELOPED,   /* enveloped-data or authEnveloped-data */
  GSMIME_PKCS7_SIGNED,      /* opaque signed-data */
  GSMIME_PKCS7_COMPRESSED   /* compressed-data (RFC 3274) */
} GsmimePkcs7Kind;

/* The kind of the pkcs7-mime part whose smime-type parameter is
 * SMIME_TYPE (NULL: the part has none) and whose content, with the
 * transfer ENCODING it has (GMIME_CONTENT_ENCODING_DEFAULT: none), is
 * CONTENT, read from where it stands; CONTENT is read only when
 * SMIME_TYPE is NULL, and may then be NULL when it cannot be had.
 * Without a parameter, a part whose first bytes name neither signed-data
 * nor compressed-data is taken for enveloped-data, by far the likelier.  */
GsmimePkcs7Kind gsmime_pkcs7_kind (const char *smime_type,
                                   GMimeStream *content,
                                   GMimeContentEncoding encoding);

#endif
