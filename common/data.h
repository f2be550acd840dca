/* data.h - GMime streams as GPGME data objects.
 *
 * Messages travel through gsmime as GMime streams (often windows onto the
 * file the message came from), and gpgsm reads and writes them through
 * GPGME callbacks: a large attachment is streamed to gpgsm, never copied
 * whole into a buffer first.  The GMime stream helpers hosts use too are
 * in streams.h.
 */
#ifndef GSMIME_DATA_H
#define GSMIME_DATA_H

#include "gmime-autoptr.h"
#include "streams.h"
#include <gpgme.h>

/* Wraps STREAM (a reference is taken) in a GPGME data object; release it
 * with gpgme_data_release.  Returns NULL and sets ERROR when GPGME cannot
 * allocate the object.  */
gpgme_data_t gsmime_data_from_stream (GMimeStream *stream, GError **error);

/* Both IN and OUT wrapped (gsmime_data_from_stream) into *IN_DATA and
 * *OUT_DATA, which the caller releases whatever the result (NULL is
 * released as nothing).  Errors as gsmime_data_from_stream.  */
gboolean gsmime_data_pair (GMimeStream *in, GMimeStream *out,
                           gpgme_data_t *in_data, gpgme_data_t *out_data,
                           GError **error);

#endif
