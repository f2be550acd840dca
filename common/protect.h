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

/* Writes MESSAGE to OUT with its body protected.  Signing uses the
 * user's own key for the From address unless REQUEST names one;
 * encryption goes to every recipient and to the sender, so the sent copy
 * stays readable.  With header protection, the protected part carries
 * MESSAGE's header section, and the outer header of an encrypted message
 * is obscured by REQUEST's policy (the Subject becomes "[...]").
 *
 * Nothing is held whole: the body is streamed to gpgsm in canonical form
 * as gpgsm reads it (read again from its source to write a
 * multipart/signed), and the DER of the last layer goes to OUT in base64
 * as gpgsm makes it, after the header.  Only opaque signed-data that is
 * then encrypted waits whole, in a memfd (parking.h).  MESSAGE then holds
 * what was written, its body being the last layer without content; when
 * an error comes before anything was written (a key or recipient
 * problem, gpgsm refusing), MESSAGE is as it was (perhaps re-encoded to
 * 7-bit for signing, which changes nothing a reader sees) and OUT is
 * untouched.  An error after the first byte leaves OUT with a message
 * that ends short.  Errors: GPG_ERR_UNUSABLE_SECKEY (no signing key),
 * GPG_ERR_UNUSABLE_PUBKEY (a recipient cannot be encrypted to: every
 * such address is named), errors of reading the message or writing OUT,
 * others from gpgsm.  */
gboolean gsmime_protect_message (GsmimeSession *session, GMimeMessage *message,
                                 const GsmimeProtectRequest *request,
                                 GMimeStream *out, GError **error);

/* Lower-level steps, for hosts that build the MIME tree themselves.  Each
 * returns the new entity that replaces ENTITY; ENTITY is streamed to
 * gpgsm, and the DER the new entity carries is kept in a memfd
 * (parking.h), not on the heap.  */
GMimeObject *gsmime_sign_entity (GsmimeSession *session, GMimeObject *entity,
                                 gpgme_key_t signer, gboolean opaque,
                                 GError **error);
GMimeObject *gsmime_encrypt_entity (GsmimeSession *session,
                                    GMimeObject *entity, GPtrArray *keys,
                                    const char *const *addresses,
                                    GPtrArray *problems, GError **error);

#endif
