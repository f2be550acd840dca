/* mutt-server.c - the per-user gsmime session process for mutt. */
#include <config.h>
#include "mutt-server.h"

gboolean
mutt_server_call (const MuttCommand *command, MuttCall *call, int *status)
{
  return FALSE;
}
