/* error.h - the gsmime error domain.
 *
 * A GError in GSMIME_ERROR carries a gpg_err_code_t as its code, so that
 * the precise reason GPGME or gpgsm gave (GPG_ERR_BAD_SIGNATURE,
 * GPG_ERR_NO_SECKEY, ...) reaches the host unchanged, while the message is
 * a translated sentence that says what happened and what to do.
 */
#ifndef GSMIME_ERROR_H
#define GSMIME_ERROR_H

#include <glib.h>
#include <gpgme.h>

#define GSMIME_ERROR (gsmime_error_quark ())
GQuark gsmime_error_quark (void);

/* Sets ERROR to CODE with a printf-style message.  */
void gsmime_set_error (GError **error, gpg_err_code_t code,
                       const char *format, ...) G_GNUC_PRINTF (3, 4);

/* Sets ERROR from a GPGME error: the message is the sentence given by the
 * caller followed by GPGME's own wording of ERR in parentheses.  */
void gsmime_set_gpgme_error (GError **error, gpgme_error_t err,
                             const char *format, ...) G_GNUC_PRINTF (3, 4);

#endif
