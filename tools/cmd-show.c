/* cmd-show.c - "gsmime show": the reader's view of a message. */
#include <config.h>
#include <stdio.h>
#include "cli.h"
#include "report.h"
#include "i18n.h"

int
cmd_show (int argc, char **argv)
{
  g_auto (CliCommon) common = { 0 };
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
    g_option_context_new (_("MESSAGE - decrypt, verify and show a message"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  g_autoptr (GMimeMessage) message = NULL;
  g_autoptr (GsmimeReport) report = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_add_common (context, &common);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc != 2)
    return cli_usage (context, _("Name one message file, or - for standard "
                                 "input."));

  message = cli_read_message (argv[1], &error);
  if (message)
    session = cli_session (&common, &error);
  if (session)
    report = gsmime_read_message (session, message, GSMIME_READ_DEFAULT,
                                  &error);
  if (!report)
    return cli_fail (error);

  headline = gsmime_report_headline (report);
  if (json)
    report_print_json (report, headline, stdout);
  else
    report_print_text (report, headline, stdout);
  if (report->verdict->colour != GSMIME_RED)
    return EXIT_OK;
  text = cli_reason_text (gsmime_verdict_main_reason (report->verdict),
                          FALSE);
  fprintf (stderr, "gsmime: %s\n", text);
  return EXIT_RED;
}
