/* fuzz.h - what every fuzz target defines, and the throwaway GnuPG home
 * the targets that need gpgsm share.
 *
 * Each target is one LLVMFuzzerTestOneInput.  Built with clang's
 * -fsanitize=fuzzer it is a libFuzzer program (scripts/fuzz.sh); built
 * with replay.c it is a plain program that runs every file of a corpus
 * once, which is how `make check` replays tests/fuzz/corpus/ without
 * clang.  */
#ifndef GSMIME_FUZZ_H
#define GSMIME_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "common/gsmime.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A session on a throwaway GnuPG home made on first use (gpgsm.conf and
 * gpg-agent.conf that never ask anybody anything), with harvesting and
 * revocation checks off; the home and its gpg-agent go at exit.  Aborts
 * when gpgsm cannot be started: a fuzz run without gpgsm tests
 * nothing.  */
GsmimeSession *fuzz_session (void);

#endif
