/* wipe.h - clearing buffers that held plaintext or passphrases.
 *
 * explicit_bzero, because a memset before free may be optimised away.
 * An empty GByteArray or GBytes has no buffer at all, and
 * explicit_bzero (NULL, 0) is undefined behaviour that UBSan reports on
 * stderr, where mutt shows it to the user: empty buffers are skipped.
 */
#ifndef GSMIME_WIPE_H
#define GSMIME_WIPE_H

#include <string.h>

static inline void
gsmime_wipe (void *buffer, size_t size)
{
  if (buffer && size)
    explicit_bzero (buffer, size);
}

#endif
