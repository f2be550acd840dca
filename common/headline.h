/* headline.h - the one line a status bar shows for a verdict. */
#ifndef GSMIME_HEADLINE_H
#define GSMIME_HEADLINE_H

#include "verdict.h"

/* A short translated line for VERDICT: who signed and the one reason that
 * matters ("Good signature from alice@example.org").  SIGNER is the
 * signer's address (or NULL), ENCRYPTED whether the message was.  */
char *gsmime_headline (const GsmimeVerdict *verdict, const char *signer,
                       gboolean encrypted);

#endif
