/* call-agent-trustlist.h - gpg-agent's trustlist.txt, read and edited:
 * the roots gpgsm trusts, one fingerprint a line, "!" before one that is
 * distrusted.
 *
 * gpg-agent has no request that adds a line without asking the user
 * through a pinentry, so the file is edited here, and the agent told to
 * read it again.  Whether a root deserves it is trust.c's question.
 */
#ifndef GSMIME_CALL_AGENT_TRUSTLIST_H
#define GSMIME_CALL_AGENT_TRUSTLIST_H

#include <glib.h>

/* Whether HOMEDIR's trust list (NULL: the default home's) marks the
 * certificate FPR (40 hex digits) trusted: a line for it without "!".
 * A missing file trusts nothing.  */
gboolean gsmime_trustlist_is_trusted (const char *homedir, const char *fpr);

/* Replaces every line for FPR in HOMEDIR's trust list, with the comment
 * gsmime wrote above it, by one that trusts it (TRUSTED) or distrusts it,
 * under a comment naming SUBJECT and the date.  A running gpg-agent
 * does not see the change until it reloads.  Errors: GPG_ERR_EIO when
 * the file cannot be written.  */
gboolean gsmime_trustlist_write (const char *homedir, const char *fpr,
                                 const char *subject, gboolean trusted,
                                 GError **error);

/* gsmime_trustlist_write, then has gpg-agent read the list again.
 * Errors: those of gsmime_trustlist_write, GPG_ERR_NO_AGENT and the
 * agent's own when it did not reload.  */
gboolean gsmime_trustlist_set (const char *homedir, const char *fpr,
                               const char *subject, gboolean trusted,
                               GError **error);

#endif
