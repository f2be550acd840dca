/* session-process.h - the per-user gsmime session process for mutt.
 *
 * mutt starts one command per message, and a command that sets up GPGME
 * and starts gpgsm --server costs many times what the verification
 * itself does.  So the first mutt command starts a session process, much
 * as gpgsm starts gpg-agent: it listens on $GNUPGHOME/gsmime/S.mutt,
 * keeps one GsmimeSession (and with it the gpgsm server, the key cache
 * and the revocation cache) and runs the commands that the short-lived
 * processes hand it, one at a time.  It exits after ten idle minutes, or
 * as soon as its socket is removed.  The socket lives in the GnuPG home,
 * which only its owner can enter, and the process serves only its own
 * user.
 */
#ifndef GSMIME_MUTT_SESSION_PROCESS_H
#define GSMIME_MUTT_SESSION_PROCESS_H

#include "commands.h"

/* How long the session process waits for the next command.  */
#define MUTT_SERVER_IDLE_SECONDS 600

/* Runs COMMAND in the session process, starting it when none runs, and
 * fills CALL's output and *STATUS.  Returns FALSE when that cannot be
 * done ($GSMIME_MUTT_NO_SERVER is set, the socket path is too long, the
 * process does not come up, or it runs with other settings); the caller
 * then does the work itself.  */
gboolean mutt_server_call (const MuttCommand *command, MuttCall *call,
                           int *status);

#endif
