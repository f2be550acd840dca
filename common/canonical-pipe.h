/* canonical-pipe.h - an entity's canonical form fed to gpgsm through a
 * pipe as gpgsm reads it, never held whole in memory.  */
#ifndef GSMIME_CANONICAL_PIPE_H
#define GSMIME_CANONICAL_PIPE_H

#include "gmime-autoptr.h"
#include <gpgme.h>

typedef struct _GsmimeCanonicalPipe GsmimeCanonicalPipe;

/* Starts a thread that writes ENTITY (a reference is taken) in canonical
 * form (CRLF line ends, RFC 5751 3.1.1) into a pipe; the other end is
 * read through gsmime_canonical_pipe_data.  The caller must not touch
 * ENTITY until gsmime_canonical_pipe_finish.  Errors: those of creating
 * the pipe or the thread.  */
GsmimeCanonicalPipe *gsmime_canonical_pipe_start (GMimeObject *entity,
                                                  GError **error);

/* The GPGME data object that reads the canonical form; it stays PIPE's.
 * A read fails (EIO) where the writer stopped short, so that gpgsm never
 * signs or encrypts a truncated entity as if it were whole.  */
gpgme_data_t gsmime_canonical_pipe_data (GsmimeCanonicalPipe *pipe);

/* The same canonical form as a GMime stream that stays PIPE's, for a
 * caller that hands gpgsm GMime streams (the reader checking a detached
 * signature).  Read one of the two, never both.  A writer that stopped
 * short shows here only as an early end, so such a caller must take the
 * error of gsmime_canonical_pipe_finish over what gpgsm said.  */
GMimeStream *gsmime_canonical_pipe_stream (GsmimeCanonicalPipe *pipe);

/* Closes the reading end (so a writer that gpgsm left blocked ends),
 * waits for the thread and frees PIPE.  Returns FALSE and sets ERROR when
 * the writer could not write the whole entity for a reason of its own (a
 * part's content could not be read); a writer stopped because the reader
 * went away early is no error of its own, the reader's is.  */
gboolean gsmime_canonical_pipe_finish (GsmimeCanonicalPipe *pipe,
                                       GError **error);

#endif
