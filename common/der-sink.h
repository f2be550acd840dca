/* der-sink.h - a protected message written out as gpgsm makes the DER of
 * its last layer: the header first, then the DER in base64, never held.  */
#ifndef GSMIME_DER_SINK_H
#define GSMIME_DER_SINK_H

#include "gmime-autoptr.h"
#include "header-protection-write.h"
#include <gpgme.h>

typedef struct _GsmimeDerSink GsmimeDerSink;

/* A sink that, when gpgsm writes the first byte of DER into
 * gsmime_der_sink_data, makes PART (a base64 application/pkcs7-* part
 * with no content) the body of MESSAGE, obscures MESSAGE's header as
 * OUTER says (which may be NULL) and writes MESSAGE to OUT; then every
 * byte of DER goes to OUT through a base64 encoder, in the lines GMime
 * would write for PART.  MESSAGE is thus unchanged as long as gpgsm has
 * written nothing.  MESSAGE, PART and OUTER must outlive the sink.  */
GsmimeDerSink *gsmime_der_sink_new (GMimeMessage *message, GMimeObject *part,
                                    const GsmimeHpOuter *outer,
                                    GMimeStream *out, GError **error);

/* The GPGME data object gpgsm writes the DER into; it stays SINK's.  */
gpgme_data_t gsmime_der_sink_data (GsmimeDerSink *sink);

/* Frees SINK.  When OK (gpgsm made the whole DER), ends the base64 text
 * and flushes OUT first.  Returns FALSE and sets ERROR when writing to
 * OUT failed, now or while gpgsm wrote: that error, not gpgsm's, is
 * then the one to tell.  */
gboolean gsmime_der_sink_finish (GsmimeDerSink *sink, gboolean ok,
                                 GError **error);

#endif
