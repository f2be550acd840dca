/* cli.c - what the subcommands of the gsmime command share. */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "i18n.h"

void
cli_add_common (GOptionContext *context, CliCommon *common)
{
  GOptionEntry entries[] = {
    { "homedir", 0, 0, G_OPTION_ARG_FILENAME, &common->homedir,
      N_("GnuPG home directory (default: $GNUPGHOME or ~/.gnupg)"), N_("DIR") },
    { "revocation", 0, 0, G_OPTION_ARG_STRING, &common->revocation,
      N_("How to check revocation: off, crl (default: the CRL a "
         "certificate names, else its OCSP responder), crl-only (never "
         "OCSP) or ocsp (OCSP, then CRLs)"), N_("MODE") },
    { "revocation-budget", 0, 0, G_OPTION_ARG_INT, &common->budget_ms,
      N_("Longest wait for a revocation answer, in milliseconds (default "
         "5000)"), N_("MS") },
    { "no-harvest", 0, 0, G_OPTION_ARG_NONE, &common->no_harvest,
      N_("Do not keep certificates that arrive with signed mail"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
cli_add_passphrase_fd (GOptionContext *context, int *fd, const char *help)
{
  GOptionEntry entries[] = {
    { "passphrase-fd", 0, 0, G_OPTION_ARG_INT, fd, help, N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
cli_common_clear (CliCommon *common)
{
  g_clear_pointer (&common->homedir, g_free);
  g_clear_pointer (&common->revocation, g_free);
}

/* Errors that come from what the user fed in, not from gpgsm or the
 * system.  */
static gboolean
is_input_error (int code)
{
  switch (code)
    {
    case GPG_ERR_NO_DATA: case GPG_ERR_INV_DATA: case GPG_ERR_TOO_LARGE:
    case GPG_ERR_NO_SECKEY: case GPG_ERR_CANCELED: case GPG_ERR_BAD_PASSPHRASE:
    case GPG_ERR_BAD_BER: case GPG_ERR_INV_OBJ: case GPG_ERR_INV_CMS_OBJ:
    case GPG_ERR_NO_CMS_OBJ:
    case GPG_ERR_INV_LENGTH: case GPG_ERR_UNKNOWN_CMS_OBJ:
    case GPG_ERR_UNSUPPORTED_CMS_OBJ: case GPG_ERR_UNSUPPORTED_ALGORITHM:
    case GPG_ERR_INV_VALUE: case GPG_ERR_DECRYPT_FAILED: case GPG_ERR_BAD_DATA:
    case GPG_ERR_TRUNCATED: case GPG_ERR_ENOENT: case GPG_ERR_EACCES:
    case GPG_ERR_EISDIR: case GPG_ERR_WRONG_SECKEY: case GPG_ERR_EOF:
    case GPG_ERR_AMBIGUOUS: case GPG_ERR_NOT_SUPPORTED:
    case GPG_ERR_UNKNOWN_CURVE: case GPG_ERR_BAD_SECKEY:
      return TRUE;
    default:
      return FALSE;
    }
}

static int fail_saying (const GError *error, const char *message);

int
cli_fail (const GError *error)
{
  return cli_fail_advised (error, gsmime_error_advice (error), NULL);
}

int
cli_fail_advised (const GError *error, GsmimeAdvice advice,
                  const char *subject)
{
  g_autofree char *message = cli_advised_message (error->message, advice,
                                                  subject);

  return fail_saying (error, message);
}

int
cli_fail_recipients (const GError *error, GPtrArray *problems)
{
  g_autofree char *message = cli_recipient_error_text (error, problems);

  return fail_saying (error, message);
}

/* Says MESSAGE for ERROR; the exit status follows tools/exit-codes.h.  */
static int
fail_saying (const GError *error, const char *message)
{
  fprintf (stderr, "gsmime: %s\n", message);
  if (error->domain != GSMIME_ERROR)
    return EXIT_FAILURE_GPG;
  if (error->code == GPG_ERR_INV_ARG)
    return EXIT_USAGE;
  if (error->code == GPG_ERR_UNUSABLE_PUBKEY
      || error->code == GPG_ERR_UNUSABLE_SECKEY
      || error->code == GPG_ERR_NO_USER_ID
      || error->code == GPG_ERR_WRONG_KEY_USAGE
      || error->code == GPG_ERR_DIGEST_ALGO
      || error->code == GPG_ERR_NOT_FOUND
      || error->code == GPG_ERR_MISSING_ISSUER_CERT)
    return EXIT_KEYS;
  return is_input_error (error->code) ? EXIT_BAD_INPUT : EXIT_FAILURE_GPG;
}

int
cli_usage (GOptionContext *context, const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "gsmime: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

/* "crl-only" is the crl mode with OCSP switched off: no responder ever
 * learns whose mail is read, at the price of certificates that name only
 * a responder going unchecked.  */
static gboolean
parse_revocation (const char *name, GsmimeSettings *settings, GError **error)
{
  settings->no_ocsp = name && !strcmp (name, "crl-only");
  if (!name || !strcmp (name, "crl") || settings->no_ocsp)
    settings->revocation = GSMIME_REVOCATION_CRL;
  else if (!strcmp (name, "off"))
    settings->revocation = GSMIME_REVOCATION_OFF;
  else if (!strcmp (name, "ocsp"))
    settings->revocation = GSMIME_REVOCATION_CRL_OCSP;
  else
    {
      gsmime_set_error (error, GPG_ERR_INV_ARG,
                        _("Unknown revocation mode \"%s\"; use off, crl, "
                          "crl-only or ocsp"), name);
      return FALSE;
    }
  return TRUE;
}

GsmimeSession *
cli_session (const CliCommon *common, GError **error)
{
  g_autoptr (GsmimeSession) session = NULL;
  GsmimeSettings settings;

  gsmime_settings_init (&settings);
  if (!parse_revocation (common->revocation, &settings, error))
    return NULL;
  if (common->budget_ms > 0)
    settings.revocation_budget_ms = common->budget_ms;
  settings.harvest = !common->no_harvest;
  session = gsmime_session_new (common->homedir, error);
  if (!session || !gsmime_session_set_settings (session, &settings, error))
    return NULL;
  return g_steal_pointer (&session);
}

GMimeMessage *
cli_read_message (const char *name, GError **error)
{
  g_autoptr (GMimeStream) stream = gsmime_stream_for_input (name, error);

  return stream ? gsmime_message_parse (stream, error) : NULL;
}

GMimeStream *
cli_stdout_stream (void)
{
  GMimeStream *out = g_mime_stream_pipe_new (STDOUT_FILENO);

  g_mime_stream_pipe_set_owner (GMIME_STREAM_PIPE (out), FALSE);
  return out;
}

char *
cli_read_passphrase (int fd, GError **error)
{
  GString *pass = g_string_new (NULL);
  char c;
  ssize_t n;

  while ((n = read (fd, &c, 1)) == 1 && c != '\n')
    g_string_append_c (pass, c);
  if (n < 0)
    {
      gsmime_set_error (error, gpg_err_code_from_errno (errno),
                        _("Could not read the passphrase from file descriptor "
                          "%d: %s"), fd, g_strerror (errno));
      explicit_bzero (pass->str, pass->allocated_len);
      g_string_free (pass, TRUE);
      return NULL;
    }
  if (pass->len && pass->str[pass->len - 1] == '\r')
    g_string_truncate (pass, pass->len - 1);
  return g_string_free (pass, FALSE);
}
