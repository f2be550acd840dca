/* headline.h - the one line a status bar shows for a verdict. */
#ifndef GSMIME_HEADLINE_H
#define GSMIME_HEADLINE_H

#include "verdict.h"

/* A short translated line for VERDICT: who signed and the one reason that
 * matters ("Good signature from alice@example.org").  SIGNER is the
 * signer's address (or NULL), ENCRYPTED whether the message was.  */
char *gsmime_headline (const GsmimeVerdict *verdict, const char *signer,
                       gboolean encrypted);

/* The same in a host's own words where it has them: WORDING, indexed by
 * reason code, holds untranslated formats (N_(); %s, if any: the
 * signer) that replace the table's headline for those reasons; NULL
 * entries keep the table's.  mutt says "GOOD signature from %s", the
 * line its users know.  */
char *gsmime_headline_worded (const GsmimeVerdict *verdict,
                              const char *signer, gboolean encrypted,
                              const char *const *wording);

#endif
