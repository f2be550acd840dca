/* hcp.h - RFC 9788's Header Confidentiality Policies: what an encrypted
 * message's outer header says in place of each field.  The core's own,
 * used by header-protection-write.c.  */
#ifndef GSMIME_HCP_H
#define GSMIME_HCP_H

#include "header-protection.h"

/* What HCP puts in the outer header for the field NAME whose value (raw,
 * unfolded) is VALUE: a new string (VALUE's copy when it stays), or NULL
 * when the field is left out.  Names compare without regard to case.  */
char *gsmime_hcp_apply (GsmimeHcp hcp, const char *name, const char *value);

/* Whether the field NAME is one a reader shows the user (RFC 9787,
 * 1.1.2), and so goes into a Legacy Display Element when hidden.  */
gboolean gsmime_hcp_user_facing (const char *name);

#endif
