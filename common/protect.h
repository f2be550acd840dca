/* protect.h - turning an outgoing message into a signed and/or encrypted
 * one, headers kept, ready to send.  */
#ifndef GSMIME_PROTECT_H
#define GSMIME_PROTECT_H

#include "gmime-autoptr.h"
#include "header-protection.h"
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
  /* Header protection (RFC 9788, doc/header-protection.md) is on unless
   * this says otherwise: the header section goes into the protected
   * part, and an encrypted message's outer header is obscured.  */
  gboolean no_header_protection;
  GsmimeHcp hcp;                    /* what encryption hides; default
                                       hcp_baseline */
  gboolean no_legacy_display;       /* leave out the Legacy Display
                                       Element of encrypted mail */
} GsmimeProtectRequest;

/* Replaces the body of MESSAGE with its protected form.  Signing uses the
 * user's own key for the From address unless REQUEST names one; encryption
 * goes to every recipient and to the sender, so the sent copy stays
 * readable.  With header protection, the protected part carries MESSAGE's
 * header section, and once all went well the outer header of an
 * encrypted MESSAGE is obscured by REQUEST's policy (the Subject becomes
 * "[...]").  When it fails the body stays in place (perhaps re-encoded to
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
