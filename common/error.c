/* error.c - the gsmime error domain. */
#include "error.h"

G_DEFINE_QUARK (gsmime-error-quark, gsmime_error)

void
gsmime_set_error (GError **error, gpg_err_code_t code, const char *format, ...)
{
  va_list ap;

  if (!error)
    return;
  va_start (ap, format);
  *error = g_error_new_valist (GSMIME_ERROR, code, format, ap);
  va_end (ap);
}

void
gsmime_set_gpgme_error (GError **error, gpgme_error_t err,
                        const char *format, ...)
{
  va_list ap;
  g_autofree char *sentence = NULL;

  if (!error)
    return;
  va_start (ap, format);
  sentence = g_strdup_vprintf (format, ap);
  va_end (ap);
  *error = g_error_new (GSMIME_ERROR, gpgme_err_code (err), "%s (%s)",
                        sentence, gpgme_strerror (err));
}
