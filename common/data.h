/* data.h - GMime streams as GPGME data objects.
 *
 * Messages travel through gsmime as GMime streams (often windows onto the
 * file the message came from), and gpgsm reads and writes them through
 * GPGME callbacks: a large attachment is streamed to gpgsm, never copied
 * whole into a buffer first.
 */
#ifndef GSMIME_DATA_H
#define GSMIME_DATA_H

#include "gmime-autoptr.h"
#include <gpgme.h>

/* Wraps STREAM (a reference is taken) in a GPGME data object; release it
 * with gpgme_data_release.  Returns NULL and sets ERROR when GPGME cannot
 * allocate the object.  */
gpgme_data_t gsmime_data_from_stream (GMimeStream *stream, GError **error);

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
