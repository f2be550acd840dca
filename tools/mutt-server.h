/* mutt-server.h - the per-user gsmime session process for mutt. */
#ifndef GSMIME_MUTT_SERVER_H
#define GSMIME_MUTT_SERVER_H

#include "mutt.h"

/* Runs COMMAND in the session process, starting it when none runs.
 * Returns FALSE when that cannot be done; the caller then does the work
 * itself.  */
gboolean mutt_server_call (const MuttCommand *command, MuttCall *call,
                           int *status);

#endif
