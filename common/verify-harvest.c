/* verify-harvest.c - checking a signature with its certificates kept or
 * removed by the harvesting policy.  */
#include <config.h>
#include "verify-harvest.h"
#include "data.h"
#include "verify.h"

GPtrArray *
gsmime_verify_harvesting (GsmimeSession *session, GBytes *sig,
                          GMimeStream *signed_data, GMimeStream *content,
                          const char *from_address,
                          const GsmimeHarvesting *how, GError **error)
{
  static const GsmimeHarvesting nothing = { NULL, FALSE, NULL, NULL };
  g_autoptr (GMimeStream) sig_stream = gsmime_stream_from_bytes (sig);
  g_autoptr (GsmimeHarvest) harvest = gsmime_harvest_begin (session, sig);
  GPtrArray *signers;

  if (!how)
    how = &nothing;
  if (signed_data)
    signers = gsmime_verify_detached (session, signed_data, sig_stream,
                                      from_address, error);
  else
    signers = gsmime_verify_opaque (session, sig_stream, content,
                                    from_address, error);
  gsmime_harvest_finish (harvest, signers, how->provenance, how->dry_run,
                         how->added, how->refused);
  return signers;
}
