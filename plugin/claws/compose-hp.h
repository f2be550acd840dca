/* compose-hp.h - header protection (RFC 9788) for the mail Claws sends:
 * the header section copied into the body before it is signed or
 * encrypted, and the outer header of encrypted mail obscured after.  */
#ifndef GSMIME_CLAWS_COMPOSE_HP_H
#define GSMIME_CLAWS_COMPOSE_HP_H

#include "common/gsmime.h"
#include <procmime.h>

struct _PrefsAccount;

/* Follows which compose window is being sent; undone by _done.  */
void gsmime_claws_compose_hp_init (void);
void gsmime_claws_compose_hp_done (void);

/* Whether the message Claws is now writing for ACCOUNT will be
 * encrypted after it is signed: sign() must know, since an encrypted
 * message carries its header section inside the signature, marked
 * hp="cipher".  */
gboolean gsmime_claws_compose_hp_encrypting (struct _PrefsAccount *account);

/* BODY (of MESSAGE, the message/rfc822 node Claws hands to sign() and
 * encrypt(), whose content is its header) to be signed or encrypted in
 * its place: a copy that carries MESSAGE's header section, when the
 * preferences protect the header of such mail, else BODY itself (a new
 * reference).  ENCRYPTED: the message will be encrypted (hp="cipher",
 * with the outer header obscured by gsmime_claws_compose_hp_obscure once
 * encrypted).  From encrypt(), for a message sign() already protected,
 * BODY itself.  */
GMimeObject *gsmime_claws_compose_hp_protect (MimeInfo *message,
                                              GMimeObject *body,
                                              gboolean encrypted,
                                              GError **error);

/* After MESSAGE was encrypted: its outer header obscured as the
 * confidentiality policy decided when its body was protected (the
 * Subject becomes "[...]").  Nothing when it was not protected.  */
void gsmime_claws_compose_hp_obscure (MimeInfo *message);

/* Forgets what gsmime_claws_compose_hp_protect decided for MESSAGE, when
 * signing or encrypting it failed.  */
void gsmime_claws_compose_hp_forget (MimeInfo *message);

#endif
