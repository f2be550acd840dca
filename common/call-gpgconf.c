/* call-gpgconf.c - every run of gpgconf. */
#include <config.h>
#include "call-gpgconf.h"

/* Runs `gpgconf [--homedir HOMEDIR] ACTION ARG`, its standard output
 * into *OUT when OUT is given, else thrown away.  Returns whether it ran
 * and exited with 0.  */
static gboolean
run (const char *homedir, const char *action, const char *arg, char **out)
{
  const char *argv[] = { GPGCONF_PATH, "--homedir", homedir, action, arg,
                         NULL };
  const char **args = argv;
  GSpawnFlags flags = G_SPAWN_STDERR_TO_DEV_NULL
                      | (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL);
  int status = 0;

  /* Without a home, gpgconf's own default: the program name moves up
   * over the two --homedir words.  */
  if (!homedir)
    {
      argv[2] = GPGCONF_PATH;
      args = argv + 2;
    }
  return g_spawn_sync (NULL, (char **) args, NULL, flags, NULL, NULL, out,
                       NULL, &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

gboolean
gsmime_gpgconf_launch (const char *homedir, const char *component)
{
  return run (homedir, "--launch", component, NULL);
}

char *
gsmime_gpgconf_list_dir (const char *homedir, const char *name)
{
  char *out = NULL;

  if (!run (homedir, "--list-dirs", name, &out))
    {
      g_free (out);
      return NULL;
    }
  return g_strchomp (out);
}

void
gsmime_gpgconf_reload (const char *homedir, const char *component)
{
  run (homedir, "--reload", component, NULL);
}

void
gsmime_gpgconf_kill (const char *homedir, const char *component)
{
  run (homedir, "--kill", component, NULL);
}
