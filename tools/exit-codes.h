/* exit-codes.h - what the gsmime command's exit status means.
 * doc/gsmime.1 lists the same table for users.  */
#ifndef GSMIME_EXIT_CODES_H
#define GSMIME_EXIT_CODES_H

enum
{
  EXIT_OK = 0,          /* done; for show: green, orange or grey */
  EXIT_RED = 1,         /* show: read, but the verdict is red */
  EXIT_USAGE = 2,       /* wrong options or arguments */
  EXIT_BAD_INPUT = 3,   /* not a message, damaged, cannot be decrypted */
  EXIT_KEYS = 4,        /* no signing key, a recipient cannot be used, a
                           certificate is not what the command needs */
  EXIT_FAILURE_GPG = 5  /* gpgsm or the system failed */
};

#endif
