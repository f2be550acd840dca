/* streams.h - the forms of a MIME part that signing and verifying need,
 * as GMime streams: canonical (what a signature covers), decoded (what
 * a pkcs7 part holds), and to and from memory.  Hosts that hand gsmime
 * parts of their own MIME trees (Claws) use them as the core does.
 */
#ifndef GSMIME_STREAMS_H
#define GSMIME_STREAMS_H

#include "gmime-autoptr.h"

/* Writes OBJECT to a new memory stream in canonical form (CRLF line ends),
 * the form that signatures are computed over (RFC 5751, section 3.1.1).  */
GMimeStream *gsmime_canonical_stream (GMimeObject *object);

/* The decoded content of PART as a stream positioned at its start.  */
GMimeStream *gsmime_decoded_stream (GMimePart *part);

/* Reads STREAM from where it stands to its end into memory; used for
 * signatures, which gsmime must look at as well as hand to gpgsm.  */
GBytes *gsmime_stream_to_bytes (GMimeStream *stream);

/* A memory stream with a copy of BYTES, which may be empty (an empty
 * GBytes has no data pointer, which GMime's own constructor refuses).  */
GMimeStream *gsmime_stream_from_bytes (GBytes *bytes);

#endif
