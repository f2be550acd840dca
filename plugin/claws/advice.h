/* advice.h - the core's advice worded for Claws' user interface. */
#ifndef GSMIME_CLAWS_ADVICE_H
#define GSMIME_CLAWS_ADVICE_H

#include "common/gsmime.h"

/* REASON's sentence with its advice in Claws' terms: its preferences
 * page where Claws has the setting, the gsmime command where it has
 * none.  */
char *gsmime_claws_reason_text (const GsmimeReason *reason);

/* ERROR's message with its advice in Claws' terms.  */
char *gsmime_claws_error_text (const GError *error);

/* PROBLEM's sentence with its advice in Claws' terms.  */
char *gsmime_claws_problem_text (const GsmimeRecipientProblem *problem);

/* ERROR's message, naming the recipient PROBLEMS (GsmimeRecipientProblem*)
 * with the advice of each when it is about them.  */
char *gsmime_claws_recipient_error_text (const GError *error,
                                         GPtrArray *problems);

#endif
