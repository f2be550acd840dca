/* cmd-pin.c - "gsmime pin ADDRESS FINGERPRINT" and "gsmime unpin
 * ADDRESS": the certificate that is always encrypted to for an
 * address. */
#include <config.h>
#include <stdio.h>
#include "cli.h"
#include "cmd-directory.h"
#include "i18n.h"
#include "gsmime.h"

static int
run (int argc, char **argv, gboolean pin)
{
  g_auto (CliCommon) common = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (
    pin ? _("ADDRESS FINGERPRINT - always encrypt to this certificate for "
            "ADDRESS")
        : _("ADDRESS - forget the certificate pinned for ADDRESS"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  gboolean ok;

  cli_add_common (context, &common);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc != (pin ? 3 : 2))
    return cli_usage (context, pin ? _("Give an address and a fingerprint.")
                                   : _("Give one address."));
  session = cli_session (&common, &error);
  if (!session)
    return cli_fail (error);
  ok = pin ? gsmime_pin_set (session, argv[1], argv[2], &error)
           : gsmime_pin_remove (session, argv[1], &error);
  if (!ok && pin)
    return cli_fail_advised (error, gsmime_pin_advice (error), argv[1]);
  if (!ok)
    return cli_fail (error);
  if (pin)
    printf (_("Pinned for %s: %s\n"), argv[1], argv[2]);
  else
    printf (_("No certificate is pinned for %s any more\n"), argv[1]);
  return EXIT_OK;
}

int
cmd_pin (int argc, char **argv)
{
  return run (argc, argv, TRUE);
}

int
cmd_unpin (int argc, char **argv)
{
  return run (argc, argv, FALSE);
}
