/* cms-shape.h - the outline of a CMS object, looked at before gpgsm
 * reads it.
 *
 * gpgsm 2.2 loops for ever, its log growing without bound, on an
 * enveloped-data that names no recipient (sm/decrypt.c asks libksba for
 * one recipient after another and never hears that there are no more);
 * it takes a signed-data whose lengths disagree (the outer one promising
 * far more bytes than there are, an inner one fewer than its part holds)
 * for good; and it checks every one of any number of
 * signers, a few milliseconds each.  The outline (tags and lengths, no
 * cryptography) is enough to refuse these.  An outline that cannot be
 * read at all is left to gpgsm, which then says what is wrong.
 */
#ifndef GSMIME_CMS_SHAPE_H
#define GSMIME_CMS_SHAPE_H

#include <gmime/gmime.h>

/* More signers than this in one signature are refused: mail has one,
 * rarely two.  */
#define GSMIME_MAX_SIGNERS 16

typedef enum
{
  GSMIME_CMS_SIGNED,
  GSMIME_CMS_ENVELOPED
} GsmimeCmsKind;

/* Checks the outline of the CMS object (DER or BER) that STREAM holds,
 * which is read from its start and left at its start again, as a
 * signed-data or an enveloped-data by KIND.  Returns FALSE with ERROR
 * set in GSMIME_ERROR to GPG_ERR_TRUNCATED when the object announces
 * more bytes than there are, GPG_ERR_INV_LENGTH when a part of it does
 * not fit the part around it (gpgsm reads on regardless),
 * GPG_ERR_TOO_LARGE when a signed-data has
 * more than GSMIME_MAX_SIGNERS signers, GPG_ERR_NO_DATA when an
 * enveloped-data names no recipient.  */
gboolean gsmime_cms_check_shape (GMimeStream *stream, GsmimeCmsKind kind,
                                 GError **error);

#endif
