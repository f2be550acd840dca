/* header-protection-write.h - an outgoing message's header section put
 * into its cryptographic payload (RFC 9788, 5.2).  protect.c uses it for
 * whole messages; hosts that sign and encrypt a body entity themselves
 * (gsmime_sign_entity, gsmime_encrypt_entity), as the Claws plugin does,
 * call it around those steps, so it is public (gsmime.h).  */
#ifndef GSMIME_HEADER_PROTECTION_WRITE_H
#define GSMIME_HEADER_PROTECTION_WRITE_H

#include "gmime-autoptr.h"
#include "header-protection.h"

/* What the outer header of MESSAGE becomes once it is sent: the fields
 * the policy changed, each with its new value, or NULL when it goes.  */
typedef struct _GsmimeHpOuter GsmimeHpOuter;

void gsmime_hp_outer_free (GsmimeHpOuter *outer);

/* A copy of MESSAGE's body (its tree; the content of its parts is
 * shared, not copied) that carries MESSAGE's header section, to be
 * signed and/or encrypted in its place: the header fields that are not
 * structural (but Bcc, which would tell every recipient who else got
 * it), the Content-Type parameter hp="cipher" when ENCRYPTED, else
 * hp="clear".  When ENCRYPTED, also HP-Outer records of what HCP leaves
 * outside, and, when LEGACY and HCP hides a field a reader shows, a
 * Legacy Display Element in each main text/plain and text/html part;
 * *OUTER then says how the outer header changes (gsmime_hp_obscure).
 * MESSAGE itself is not changed, neither now nor by what is later done
 * to the copy.  It cannot fail today; ERROR stays for a compose that
 * may.  */
GMimeObject *gsmime_hp_compose (GMimeMessage *message, GMimeObject *body,
                                gboolean encrypted, GsmimeHcp hcp,
                                gboolean legacy, GsmimeHpOuter **outer,
                                GError **error);

/* Changes MESSAGE's outer header as OUTER says: "[...]" for the Subject
 * under every policy but hcp_no_confidentiality, and so on.  */
void gsmime_hp_obscure (GMimeMessage *message, const GsmimeHpOuter *outer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeHpOuter, gsmime_hp_outer_free)

#endif
