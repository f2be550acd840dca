/* pin.h - the certificate a user chose for an address.
 *
 * A pinned certificate wins over every other for its address, from the
 * directory or from mail (see candidates.h).  Pins live in
 * $GNUPGHOME/gsmime/pins.ini, one line per address.
 */
#ifndef GSMIME_PIN_H
#define GSMIME_PIN_H

#include <glib.h>
#include "session.h"
#include "verdict.h"

/* The fingerprint pinned for ADDRESS, or NULL.  */
char *gsmime_pin_get (GsmimeSession *session, const char *address);

/* Pins the certificate FPR for ADDRESS, replacing an earlier pin.
 * Errors: GPG_ERR_INV_ARG (not an address), GPG_ERR_NOT_FOUND (FPR is
 * not in the keybox), GPG_ERR_NO_USER_ID (the certificate is not for
 * ADDRESS), GPG_ERR_BAD_DATA (pins.ini cannot be read whole, and
 * rewriting it would lose the pins after the damage), GPG_ERR_EIO.  */
gboolean gsmime_pin_set (GsmimeSession *session, const char *address,
                         const char *fpr, GError **error);

/* What to do about ERROR from gsmime_pin_set: list the certificates of
 * the address when the one given is not for it.  */
GsmimeAdvice gsmime_pin_advice (const GError *error);

/* Forgets the pin of ADDRESS.  Errors: GPG_ERR_NOT_FOUND when there is
 * none, GPG_ERR_BAD_DATA, GPG_ERR_EIO.  */
gboolean gsmime_pin_remove (GsmimeSession *session, const char *address,
                            GError **error);

#endif
