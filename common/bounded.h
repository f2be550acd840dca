/* bounded.h - running a helper program that may not answer, for at most
 * a time budget.
 *
 * Directory and revocation servers can accept a connection and never
 * answer; the GnuPG programs that talk to them then wait for their own,
 * much longer, timeouts.  gsmime runs such a program as a process of its
 * own and abandons it when the budget runs out, so the user's wait has a
 * known end.
 */
#ifndef GSMIME_BOUNDED_H
#define GSMIME_BOUNDED_H

#include <glib.h>

typedef struct
{
  gboolean timed_out;   /* abandoned when the budget ran out */
  gboolean started;     /* FALSE: the program could not be run */
  int status;           /* exit status, when it ended by itself */
  GBytes *out;          /* standard output, or NULL */
  GBytes *err;          /* standard error, or NULL */
} GsmimeBoundedRun;

void gsmime_bounded_run_clear (GsmimeBoundedRun *run);

/* Runs ARGV (LC_ALL=C, standard input empty) for at most BUDGET_MS
 * milliseconds and fills RUN.  The caller's thread-default main context
 * is left alone: the wait runs in a context of its own.  */
void gsmime_run_bounded (const char *const *argv, guint budget_ms,
                         GsmimeBoundedRun *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GsmimeBoundedRun, gsmime_bounded_run_clear)

#endif
