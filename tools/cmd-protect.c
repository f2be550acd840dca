/* cmd-protect.c - "gsmime sign" and "gsmime encrypt": protecting an
 * outgoing message. */
#include <config.h>
#include "cli.h"
#include "i18n.h"

typedef struct
{
  CliCommon common;
  gboolean opaque;
  gboolean sign;
  gboolean encrypt;
  gboolean allow_unchecked;
  gboolean no_header_protection;
  char *signer;
  char **to;
} ProtectOptions;

static void
protect_options_clear (ProtectOptions *o)
{
  cli_common_clear (&o->common);
  g_free (o->signer);
  g_strfreev (o->to);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProtectOptions, protect_options_clear)

static int
run (GOptionContext *context, ProtectOptions *o, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  g_autoptr (GMimeMessage) message = NULL;
  g_autoptr (GMimeStream) out = cli_stdout_stream ();
  GsmimeProtectRequest request = { 0 };
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) gsmime_recipient_problem_free);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc != 2)
    return cli_usage (context, _("Name one message file, or - for standard "
                                 "input."));
  if (o->to && !o->encrypt)
    return cli_usage (context, _("--to names recipients to encrypt to; add "
                                 "--encrypt."));
  if ((o->signer || o->opaque) && !o->sign)
    return cli_usage (context, _("--signer and --opaque are about signing; "
                                 "add --sign."));
  request.flags = (o->sign ? GSMIME_PROTECT_SIGN : 0)
                  | (o->encrypt ? GSMIME_PROTECT_ENCRYPT : 0)
                  | (o->opaque ? GSMIME_PROTECT_OPAQUE : 0);
  request.signer = o->signer;
  request.recipients = (const char *const *) o->to;
  request.allow_unchecked = o->allow_unchecked;
  request.no_header_protection = o->no_header_protection;
  request.problems = problems;

  message = cli_read_message (argv[1], &error);
  if (message)
    session = cli_session (&o->common, &error);
  if (!session
      || !gsmime_protect_message (session, message, &request, out, &error))
    return cli_fail_recipients (error, problems);
  return EXIT_OK;
}

static GOptionContext *
new_context (ProtectOptions *o, const char *summary, const char *flag,
             const char *flag_help, gboolean *flag_value)
{
  GOptionEntry entries[] = {
    { "signer", 0, 0, G_OPTION_ARG_STRING, &o->signer,
      N_("Sign with this key (fingerprint or address; default: From)"),
      N_("ID") },
    { "opaque", 0, 0, G_OPTION_ARG_NONE, &o->opaque,
      N_("Sign as application/pkcs7-mime signed-data instead of "
         "multipart/signed"), NULL },
    { "to", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->to,
      N_("Encrypt to this address (repeatable; default: To and Cc)"),
      N_("ADDR") },
    { "allow-unchecked", 0, 0, G_OPTION_ARG_NONE, &o->allow_unchecked,
      N_("Encrypt even to certificates whose revocation status could not "
         "be checked"), NULL },
    { "no-header-protection", 0, 0, G_OPTION_ARG_NONE,
      &o->no_header_protection,
      N_("Leave the header fields out of the protection: an encrypted "
         "message's Subject then travels readable"), NULL },
    { flag, 0, 0, G_OPTION_ARG_NONE, flag_value, flag_help, NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (summary);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_add_common (context, &o->common);
  return context;
}

int
cmd_sign (int argc, char **argv)
{
  g_auto (ProtectOptions) o = { .sign = TRUE };
  g_autoptr (GOptionContext) context = new_context (
    &o, _("MESSAGE - sign a message"), "encrypt",
    N_("Also encrypt, after signing"), &o.encrypt);

  return run (context, &o, argc, argv);
}

int
cmd_encrypt (int argc, char **argv)
{
  g_auto (ProtectOptions) o = { .encrypt = TRUE };
  g_autoptr (GOptionContext) context = new_context (
    &o, _("MESSAGE - encrypt a message"), "sign",
    N_("Also sign, before encrypting"), &o.sign);

  return run (context, &o, argc, argv);
}
