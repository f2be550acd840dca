/* gsmime.h - the host-neutral S/MIME core of gsmime, in one include.
 *
 * Hosts (the Claws Mail plugin, the mutt commands, the gsmime command)
 * include this header, and i18n.h for their own messages, nothing else
 * of common/: the headers below are the public ones, every other header
 * of common/ is the core's own (tests/integration/layout.sh holds hosts
 * to that).  See doc/verdicts.md for the verdict model.
 */
#ifndef GSMIME_H
#define GSMIME_H

#include "error.h"
#include "wipe.h"
#include "streams.h"
#include "parking.h"
#include "agent.h"
#include "home.h"
#include "settings.h"
#include "session.h"
#include "reasons.h"
#include "verdict.h"
#include "keys.h"
#include "keyselect.h"
#include "message.h"
#include "sign.h"
#include "verify.h"
#include "encrypt.h"
#include "decrypt.h"
#include "header-protection.h"
#include "header-protection-entity.h"
#include "header-protection-write.h"
#include "reader.h"
#include "pkcs7-kind.h"
#include "engine.h"
#include "protect.h"
#include "headline.h"
#include "import.h"
#include "pem-key.h"
#include "cert-bundle.h"
#include "export.h"
#include "trust.h"
#include "certs.h"
#include "revocation.h"
#include "harvest.h"
#include "harvest-order.h"
#include "verify-harvest.h"
#include "directory.h"
#include "lookup.h"
#include "pin.h"
#include "candidates.h"

/* Initialises GMime once per process; hosts that already do so may skip
 * it.  */
void gsmime_init (void);

#endif
