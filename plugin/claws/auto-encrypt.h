/* auto-encrypt.h - turning encryption on when every recipient can be
 * encrypted to. */
#ifndef GSMIME_CLAWS_AUTO_ENCRYPT_H
#define GSMIME_CLAWS_AUTO_ENCRYPT_H

/* Hooks into Claws' last check before a message is sent or queued; undone
 * by gsmime_claws_auto_encrypt_done.  */
void gsmime_claws_auto_encrypt_init (void);
void gsmime_claws_auto_encrypt_done (void);

#endif
