/* fuzz-home.c - the throwaway GnuPG home of the fuzz targets that read
 * through gpgsm.  */
#include <config.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include "fuzz.h"

static char *home;
static GsmimeSession *session;

static void
remove_home (void)
{
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "all",
                         NULL };

  g_clear_pointer (&session, gsmime_session_free);
  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                NULL, NULL);
  argv[0] = "rm", argv[1] = "-rf", argv[2] = home, argv[3] = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                NULL, NULL, NULL, NULL, NULL);
  g_free (home);
}

/* A fuzzer must never wait for a person: no pinentry, no "trust this
 * root?" question.  */
static void
write_config (void)
{
  g_autofree char *agent = g_build_filename (home, "gpg-agent.conf", NULL);
  g_autofree char *gpgsm = g_build_filename (home, "gpgsm.conf", NULL);

  if (!g_file_set_contents (agent, "no-allow-mark-trusted\n"
                            "pinentry-program /bin/false\n", -1, NULL)
      || !g_file_set_contents (gpgsm, "disable-crl-checks\n", -1, NULL))
    g_error ("cannot write the fuzz home's configuration in %s", home);
}

GsmimeSession *
fuzz_session (void)
{
  g_autoptr (GError) error = NULL;
  GsmimeSettings settings;

  if (session)
    return session;
  home = g_dir_make_tmp ("gsmime-fuzz-XXXXXX", &error);
  if (!home)
    g_error ("cannot make a GnuPG home: %s", error->message);
  atexit (remove_home);
  write_config ();
  session = gsmime_session_new (home, &error);
  if (!session)
    g_error ("cannot start gpgsm: %s", error->message);
  gsmime_settings_init (&settings);
  settings.harvest = FALSE;
  settings.revocation = GSMIME_REVOCATION_OFF;
  if (!gsmime_session_set_settings (session, &settings, &error))
    g_error ("cannot set the fuzz session's settings: %s", error->message);
  return session;
}
