/* call.c - what the mutt commands share: their session, their output
 * buffers, and reading what mutt hands them. */
#include <config.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "commands.h"
#include "gsmime.h"
#include "i18n.h"

GsmimeSession *
mutt_session (MuttCall *call, GError **error)
{
  if (!call->session)
    {
      call->session = cli_session (call->common, error);
      call->own_session = call->session != NULL;
    }
  return call->session;
}

void
mutt_say (MuttCall *call, const char *format, ...)
{
  va_list ap;

  g_string_append (call->err, "gsmime: ");
  va_start (ap, format);
  g_string_append_vprintf (call->err, format, ap);
  va_end (ap);
  g_string_append_c (call->err, '\n');
}

/* mutt ignores the exit status of every command but verification, where
 * anything but 0 means "not verified"; the statuses follow
 * tools/exit-codes.h for people who run the commands by hand.  */
int
mutt_fail (MuttCall *call, const GError *error)
{
  return mutt_fail_recipients (call, error, NULL);
}

int
mutt_fail_recipients (MuttCall *call, const GError *error,
                      GPtrArray *problems)
{
  g_autofree char *message = cli_recipient_error_text (error, problems);

  mutt_say (call, "%s", message);
  if (error->domain == GSMIME_ERROR && error->code == GPG_ERR_INV_ARG)
    return EXIT_USAGE;
  if (error->domain == GSMIME_ERROR
      && (error->code == GPG_ERR_UNUSABLE_PUBKEY
          || error->code == GPG_ERR_UNUSABLE_SECKEY
          || error->code == GPG_ERR_NOT_FOUND))
    return EXIT_KEYS;
  return error->domain == GSMIME_ERROR ? EXIT_BAD_INPUT : EXIT_FAILURE_GPG;
}

int
mutt_call_run (const MuttCommand *command, MuttCall *call)
{
  int status = command->run (call);

  if (call->own_session)
    g_clear_pointer (&call->session, gsmime_session_free);
  return status;
}

GBytes *
mutt_read_file (const char *name, GError **error)
{
  g_autoptr (GError) io = NULL;
  char *data = NULL;
  gsize size = 0;

  if (!g_file_get_contents (name, &data, &size, &io))
    {
      int code = io->domain == G_FILE_ERROR && io->code == G_FILE_ERROR_NOENT
                 ? GPG_ERR_ENOENT : GPG_ERR_EIO;
      gsmime_set_error (error, code, _("Could not read \"%s\": %s"), name,
                        io->message);
      return NULL;
    }
  return g_bytes_new_take (data, size);
}

char *
mutt_path_fingerprint (const char *path, GError **error)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *p;

  for (p = base; *p && g_ascii_isxdigit (*p); p++)
    ;
  if (*p || strlen (base) != 40)
    {
      gsmime_set_error (error, GPG_ERR_INV_ARG,
                        _("\"%s\" does not name a certificate from gsmime's "
                          ".index files; run \"gsmime mutt sync\" and check "
                          "that your muttrc sources gsmime.muttrc after any "
                          "other S/MIME settings"), path);
      return NULL;
    }
  return g_ascii_strup (base, -1);
}

char *
mutt_input_line (MuttCall *call)
{
  const char *data;
  gsize size = 0, n;

  data = call->input ? g_bytes_get_data (call->input, &size) : NULL;
  for (n = 0; n < size && data[n] != '\n' && data[n] != '\r'; n++)
    ;
  return g_strndup (data ? data : "", n);
}

GBytes *
mutt_to_crlf (GBytes *text)
{
  gsize size, i;
  const char *data = g_bytes_get_data (text, &size);
  GByteArray *out = g_byte_array_sized_new (size + size / 32 + 2);

  for (i = 0; i < size; i++)
    {
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
        g_byte_array_append (out, (const guint8 *) "\r", 1);
      g_byte_array_append (out, (const guint8 *) data + i, 1);
    }
  return g_byte_array_free_to_bytes (out);
}


GMimeStream *
mutt_stream_for (GBytes *bytes)
{
  return gsmime_stream_from_bytes (bytes);
}

GMimeStream *
mutt_out_stream (MuttCall *call)
{
  GMimeStream *out = g_mime_stream_pipe_new (call->out_fd);

  g_mime_stream_pipe_set_owner (GMIME_STREAM_PIPE (out), FALSE);
  return out;
}
