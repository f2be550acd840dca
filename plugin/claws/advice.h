/* advice.h - the core's advice worded for Claws' user interface. */
#ifndef GSMIME_CLAWS_ADVICE_H
#define GSMIME_CLAWS_ADVICE_H

#include "common/gsmime.h"

/* REASON's sentence with its advice in Claws' terms: its preferences
 * page where Claws has the setting, the gsmime command where it has
 * none.  */
char *gsmime_claws_reason_text (const GsmimeReason *reason);

#endif
