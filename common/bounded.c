/* bounded.c - running a helper program for at most a time budget. */
#include <config.h>
#include <gio/gio.h>
#include <string.h>
#include "bounded.h"

void
gsmime_bounded_run_clear (GsmimeBoundedRun *run)
{
  g_clear_pointer (&run->out, g_bytes_unref);
  g_clear_pointer (&run->err, g_bytes_unref);
}

typedef struct
{
  GsmimeBoundedRun *run;
  gboolean done;
} Wait;

static void
on_done (GObject *proc, GAsyncResult *res, gpointer data)
{
  Wait *w = data;

  g_subprocess_communicate_finish (G_SUBPROCESS (proc), res, &w->run->out,
                                   &w->run->err, NULL);
  w->done = TRUE;
}

static gboolean
on_timeout (gpointer data)
{
  ((Wait *) data)->run->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GSubprocess *
spawn (const char *const *argv)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
    | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  return g_subprocess_launcher_spawnv (launcher, argv, NULL);
}

void
gsmime_run_bounded (const char *const *argv, guint budget_ms,
                    GsmimeBoundedRun *run)
{
  g_autoptr (GMainContext) ctx = g_main_context_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  Wait w = { run, FALSE };
  GSource *timer;

  memset (run, 0, sizeof *run);
  g_main_context_push_thread_default (ctx);
  proc = spawn (argv);
  if (!proc)
    {
      g_main_context_pop_thread_default (ctx);
      return;
    }
  run->started = TRUE;
  g_subprocess_communicate_async (proc, empty, NULL, on_done, &w);
  timer = g_timeout_source_new (budget_ms);
  g_source_set_callback (timer, on_timeout, &w, NULL);
  g_source_attach (timer, ctx);
  while (!w.done && !run->timed_out)
    g_main_context_iteration (ctx, TRUE);
  if (!w.done)
    {
      /* The process goes, and with it its connection to the daemon that
       * waits for the server; the daemon gives up on its own later.  */
      g_subprocess_force_exit (proc);
      while (!w.done)
        g_main_context_iteration (ctx, TRUE);
    }
  else if (g_subprocess_get_if_exited (proc))
    run->status = g_subprocess_get_exit_status (proc);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_main_context_pop_thread_default (ctx);
}
