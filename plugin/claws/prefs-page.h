/* prefs-page.h - gsmime's page under Preferences -> Plugins.  */
#ifndef GSMIME_CLAWS_PREFS_PAGE_H
#define GSMIME_CLAWS_PREFS_PAGE_H

void gsmime_claws_prefs_page_register (void);
void gsmime_claws_prefs_page_unregister (void);

#endif
