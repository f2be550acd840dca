/* export.h - a certificate of the keybox, exported as DER.
 *
 * Taking a certificate apart (its SHA-256, its revocation points, the
 * PEM mutt asks for) needs its bytes; gpgsm hands them out through one
 * export here.
 */
#ifndef GSMIME_EXPORT_H
#define GSMIME_EXPORT_H

#include <glib.h>
#include "session.h"

/* The DER certificate FPR (a fingerprint, or any pattern that names one
 * certificate) from the session's keybox.  Errors: GPG_ERR_NOT_FOUND
 * when the keybox has no such certificate, and gpgsm's own when it
 * could not be asked.  */
GBytes *gsmime_export_certificate (GsmimeSession *session, const char *fpr,
                                   GError **error);

#endif
