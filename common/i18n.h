/* i18n.h - gettext glue for gsmime.
 *
 * Every user-visible sentence goes through _() so that translators see it;
 * N_() marks strings that are looked up later (tables of reasons).
 */
#ifndef GSMIME_I18N_H
#define GSMIME_I18N_H

#include <config.h>
#include <glib/gi18n-lib.h>

/* Binds the gsmime text domain; idempotent, called by gsmime_session_new
 * so that hosts that never call setlocale still get the catalogue when
 * they do set a locale. */
void gsmime_i18n_init (void);

#endif
