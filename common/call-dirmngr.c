/* call-dirmngr.c - what gsmime asks dirmngr itself. */
#include <config.h>
#include <gpgme.h>
#include <string.h>
#include "call-dirmngr.h"
#include "bounded.h"
#include "error.h"
#include "i18n.h"

/* dirmngr unescapes %XX and reads "+" as a space in LOOKUP's argument.  */
static char *
escape_address (const char *address)
{
  GString *s = g_string_new ("<");
  const char *p;

  for (p = address; *p; p++)
    if (g_ascii_isalnum (*p) || strchr ("@._-", *p))
      g_string_append_c (s, *p);
    else
      g_string_append_printf (s, "%%%02X", (guchar) *p);
  g_string_append_c (s, '>');
  return g_string_free (s, FALSE);
}

static char *
connect_agent_path (void)
{
  g_autofree char *dir = g_path_get_dirname (GPGCONF_PATH);

  return g_build_filename (dir, "gpg-connect-agent", NULL);
}

/* Appends the data of a "D " line to CERT, undoing assuan's %XX.  */
static void
append_data (GByteArray *cert, const char *s, const char *end)
{
  while (s < end)
    {
      if (*s == '%' && end - s >= 3 && g_ascii_isxdigit (s[1])
          && g_ascii_isxdigit (s[2]))
        {
          guint8 b = g_ascii_xdigit_value (s[1]) * 16
                     + g_ascii_xdigit_value (s[2]);
          g_byte_array_append (cert, &b, 1);
          s += 3;
        }
      else
        g_byte_array_append (cert, (const guint8 *) s++, 1);
    }
}

typedef struct
{
  GPtrArray *certs;     /* GBytes*, DER */
  gboolean answered;    /* dirmngr said OK or ERR */
  char *error;          /* its ERR other than "no data" */
} Answer;

static void
read_line (Answer *a, GByteArray **cert, const char *line, const char *end)
{
  if (end - line >= 2 && !strncmp (line, "D ", 2))
    append_data (*cert, line + 2, end);
  else if (end - line == 3 && !strncmp (line, "END", 3))
    {
      if ((*cert)->len)
        g_ptr_array_add (a->certs, g_byte_array_free_to_bytes (*cert));
      else
        g_byte_array_unref (*cert);
      *cert = g_byte_array_new ();
    }
  else if (end - line >= 2 && !strncmp (line, "OK", 2))
    a->answered = TRUE;
  else if (end - line >= 4 && !strncmp (line, "ERR ", 4))
    {
      guint64 code = g_ascii_strtoull (line + 4, NULL, 10) & 0xffff;
      const char *text = memchr (line + 4, ' ', end - line - 4);

      a->answered = TRUE;
      if (code != GPG_ERR_NO_DATA && code != GPG_ERR_NOT_FOUND && !a->error)
        a->error = text ? g_strndup (text + 1, end - text - 1)
                        : g_strdup ("?");
    }
}

/* gpg-connect-agent prints dirmngr's lines as they come: data lines keep
 * assuan's escapes, so a certificate never holds a raw line break.  */
static void
read_answer (GBytes *out, Answer *a)
{
  gsize len = 0;
  const char *p = out ? g_bytes_get_data (out, &len) : NULL;
  const char *end = p ? p + len : NULL;
  GByteArray *cert = g_byte_array_new ();

  while (p && p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;
      read_line (a, &cert, p, stop > p && stop[-1] == '\r' ? stop - 1 : stop);
      p = stop + 1;
    }
  g_byte_array_unref (cert);
}

/* The last line gpg-connect-agent wrote on standard error: why dirmngr
 * could not be asked.  */
static char *
last_complaint (GBytes *err)
{
  g_autofree char *text = err ? g_strndup (g_bytes_get_data (err, NULL),
                                           g_bytes_get_size (err)) : NULL;
  g_auto (GStrv) lines = g_strsplit (text ? g_strstrip (text) : "", "\n", -1);
  guint n = g_strv_length (lines);

  return n && *lines[n - 1] ? g_strdup (lines[n - 1])
                            : g_strdup (_("dirmngr did not answer"));
}

/* What dirmngr said, or why nothing.  */
static GPtrArray *
judge_run (GsmimeBoundedRun *run, GError **error)
{
  Answer a = { 0 };
  g_autofree char *why = NULL;

  a.certs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  read_answer (run->out, &a);
  if (!a.answered)
    {
      why = last_complaint (run->err);
      gsmime_set_error (error, GPG_ERR_NO_DIRMNGR, "%s", why);
      g_clear_pointer (&a.certs, g_ptr_array_unref);
    }
  else if (a.error && !a.certs->len)
    {
      gsmime_set_error (error, GPG_ERR_GENERAL, "%s", a.error);
      g_clear_pointer (&a.certs, g_ptr_array_unref);
    }
  g_free (a.error);
  return a.certs;
}

GPtrArray *
gsmime_dirmngr_lookup (const char *homedir, const char *address,
                       guint budget_ms, GError **error)
{
  g_autofree char *prog = connect_agent_path ();
  g_autofree char *escaped = escape_address (address);
  g_autofree char *command = g_strdup_printf ("LOOKUP %s", escaped);
  const char *argv[] = { prog, "--homedir",
                         homedir ? homedir : gpgme_get_dirinfo ("homedir"),
                         "--dirmngr", command, "/bye", NULL };
  g_auto (GsmimeBoundedRun) run = { 0 };

  gsmime_run_bounded (argv, budget_ms, &run);
  if (run.timed_out)
    {
      gsmime_set_error (error, GPG_ERR_TIMEOUT, _("no answer in time"));
      return NULL;
    }
  if (!run.started)
    {
      gsmime_set_error (error, GPG_ERR_NO_DIRMNGR,
                        _("gpg-connect-agent could not be run"));
      return NULL;
    }
  return judge_run (&run, error);
}
