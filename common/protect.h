/* protect.h - turning an outgoing message into a signed and/or encrypted
 * one, headers kept, ready to send.  */
#ifndef GSMIME_PROTECT_H
#define GSMIME_PROTECT_H

#include "gmime-autoptr.h"
#include "session.h"

typedef enum
{
  GSMIME_PROTECT_SIGN = 1 << 0,
  GSMIME_PROTECT_ENCRYPT = 1 << 1,
  GSMIME_PROTECT_OPAQUE = 1 << 2   /* signed-data instead of multipart/signed */
} GsmimeProtectFlags;

typedef struct
{
  GsmimeProtectFlags flags;
  const char *signer;               /* signing key ID or address; NULL: From */
  const char *const *recipients;    /* NULL: the To and Cc addresses */
  GPtrArray *problems;              /* out: GsmimeRecipientProblem*, or NULL */
  gboolean allow_unchecked;         /* encrypt to certificates whose
                                       revocation status is unknown */
} GsmimeProtectRequest;

/* Replaces the body of MESSAGE with its protected form.  Signing uses the
 * user's own key for the From address unless REQUEST names one; encryption
 * goes to every recipient and to the sender, so the sent copy stays
 * readable.  When it fails the body stays in place (perhaps re-encoded to
 * 7-bit for signing, which changes nothing a reader sees).  Errors: GPG_ERR_UNUSABLE_SECKEY
 * (no signing key), GPG_ERR_UNUSABLE_PUBKEY (a recipient cannot be
 * encrypted to: every such address is named), others from gpgsm.  */
gboolean gsmime_protect_message (GsmimeSession *session, GMimeMessage *message,
                                 const GsmimeProtectRequest *request,
                                 GError **error);

/* Lower-level steps, for hosts that build the MIME tree themselves.  Each
 * returns the new entity that replaces ENTITY.  */
GMimeObject *gsmime_sign_entity (GsmimeSession *session, GMimeObject *entity,
                                 gpgme_key_t signer, gboolean opaque,
                                 GError **error);
GMimeObject *gsmime_encrypt_entity (GsmimeSession *session,
                                    GMimeObject *entity, GPtrArray *keys,
                                    const char *const *addresses,
                                    GPtrArray *problems, GError **error);

#endif
