/* report.h - printing what gsmime show found. */
#ifndef GSMIME_REPORT_H
#define GSMIME_REPORT_H

#include <stdio.h>
#include "gsmime.h"

void report_print_text (const GsmimeReport *report, const char *headline,
                        FILE *out);
void report_print_json (const GsmimeReport *report, const char *headline,
                        FILE *out);

#endif
