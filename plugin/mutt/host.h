/* host.h - what the gsmime command knows of the mutt host: the entry of
 * "gsmime mutt", and the hook it calls after it changed the keybox.
 * Everything else of plugin/mutt/ stays behind these two functions, so
 * that tools/ holds no mutt code.  */
#ifndef GSMIME_MUTT_HOST_H
#define GSMIME_MUTT_HOST_H

/* "gsmime mutt [OPTIONS] COMMAND [ARGUMENT...]", the commands behind
 * mutt's smime_*_command variables (dispatch.c); ARGV[0] is "mutt".
 * Returns the exit status (tools/exit-codes.h).  */
int mutt_main (int argc, char **argv);

/* The gsmime command changed the keybox of HOMEDIR (NULL: $GNUPGHOME,
 * else ~/.gnupg): mutt's .index files learn about the new certificates
 * (index-writer.c) when mutt uses them there, that is when their folders
 * exist.  Never fails: the next start of mutt brings them up to date
 * anyway.  */
void mutt_keybox_changed (const char *homedir);

#endif
