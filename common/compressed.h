/* compressed.h - the content of an RFC 3274 compressed-data part.
 *
 * compressed-data is zlib, not cryptography: it neither protects the
 * content nor says who wrote it.  gpgsm does not read it, so the core
 * does, and the reader walks what is inside as any other part (it may
 * be signed, encrypted or plain).  A few KiB of zlib can inflate to
 * gigabytes, so the output is capped.
 */
#ifndef GSMIME_COMPRESSED_H
#define GSMIME_COMPRESSED_H

#include "gmime-autoptr.h"

/* How many bytes the compressed parts of one message may inflate to, all
 * of them together.  Most mail services deliver messages of up to 25 MB
 * (Gmail, Outlook.com); 64 MiB of content is more than nearly any mail
 * holds, and the rare one beyond it gets an error that says so and asks
 * for the message uncompressed.  Whatever is inflated stays in memory
 * while the message is read (plaintext never goes to disk), so the cap
 * is what a bomb can cost: the same 64 MiB whether it is one part, many
 * parts, or layers nested in layers.  A cap on the ratio of output to
 * input would add nothing against a bomb that the total does not (zlib
 * inflates at most about 1000 times), and would refuse real content
 * that compresses well, such as logs and tables.  */
#define GSMIME_MAX_DECOMPRESSED (64 * 1024 * 1024)

/* Decompresses the compressed-data object (a ContentInfo, BER or DER)
 * that CMS holds, read from its start, into OUT.  *BUDGET is how many
 * bytes the compressed parts of the message may still inflate to
 * (GSMIME_MAX_DECOMPRESSED for the first), and loses what is written.
 * Returns FALSE with ERROR set in GSMIME_ERROR: GPG_ERR_INV_CMS_OBJ when
 * CMS is not a compressed-data object, GPG_ERR_UNSUPPORTED_ALGORITHM when
 * it is compressed otherwise than with zlib, GPG_ERR_NO_DATA when it
 * carries no content, GPG_ERR_TRUNCATED when the compressed data ends
 * early, GPG_ERR_BAD_DATA when it is not valid zlib, GPG_ERR_TOO_LARGE
 * when the content would exceed *BUDGET (what was written by then stays
 * in OUT).  */
gboolean gsmime_decompress (GMimeStream *cms, gsize *budget,
                            GMimeStream *out, GError **error);

#endif
