/* protected-view.h - the protected Subject (RFC 9788) where Claws shows
 * the open message's Subject.  */
#ifndef GSMIME_CLAWS_PROTECTED_VIEW_H
#define GSMIME_CLAWS_PROTECTED_VIEW_H

void gsmime_claws_protected_view_init (void);
void gsmime_claws_protected_view_done (void);

#endif
