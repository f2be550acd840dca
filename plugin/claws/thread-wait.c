/* thread-wait.c - work in a thread of its own while Claws' main loop
 * goes on, with Claws' progress display meanwhile.
 *
 * Claws calls the plugin's decrypt(), sign() and encrypt() on its main
 * thread and takes the answer as the return value, so the work cannot be
 * handed to a thread and answered later.  Instead the work runs in a
 * thread and the main thread waits for it by running the main loop
 * itself, as Claws' own dialogs do: windows are drawn, Claws answers
 * its socket and its timers run.  While it waits, the main window's
 * status bar says what is being done and its progress bar pulses; the
 * core cannot say how far it has got.
 *
 * The wait runs inside whatever the main loop was dispatching when Claws
 * called the plugin.  A key or a click comes from GDK's event source,
 * which GDK lets recurse, so everything goes on.  A message opened with
 * `claws-mail --select` comes through Claws' socket, which GLib does not
 * dispatch again until the callback returns: further commands on the
 * socket (`--status`, another `--select`) wait until the work is done,
 * while the windows are drawn and answer meanwhile.  GLib offers no way
 * to unblock a source from inside its own callback.
 *
 * What the main loop runs meanwhile may call into the plugin again.
 * The callers guard against that themselves (privacy-system.c holds
 * Claws' message views, compose-session.c refuses its session); this
 * file only makes sure that every wait returns once its own thread is
 * done, and counts the waits, so that the plugin is not unloaded from
 * under one.
 */
#include <config.h>
#include <gtk/gtk.h>
#include "thread-wait.h"

#include <mainwindow.h>
#include <statusbar.h>

typedef struct
{
  GsmimeClawsWork work;
  gpointer data;
  GError *error;
  gboolean answer;
  gint done;
} Wait;

static guint waits;   /* main thread only */

static gpointer
wait_thread (gpointer data)
{
  Wait *wait = data;

  wait->answer = wait->work (wait->data, &wait->error);
  g_atomic_int_set (&wait->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Claws' progress bar, or NULL before its main window exists (tests of
 * the plugin alone, or a wait during start-up).  */
static GtkProgressBar *
progress_bar (void)
{
  MainWindow *mainwin = mainwindow_get_mainwindow ();

  return mainwin && mainwin->progressbar
           ? GTK_PROGRESS_BAR (mainwin->progressbar) : NULL;
}

static gboolean
pulse (gpointer data)
{
  GtkProgressBar *bar = progress_bar ();

  if (bar)
    {
      gtk_progress_bar_pulse (bar);
      gtk_widget_show (GTK_WIDGET (bar));
    }
  return G_SOURCE_CONTINUE;
}

gboolean
gsmime_claws_thread_wait (const char *what, GsmimeClawsWork work,
                          gpointer data, GError **error)
{
  Wait wait = { work, data, NULL, FALSE, 0 };
  GThread *thread;
  guint ticker;

  waits++;

  if (mainwindow_get_mainwindow ())
    statusbar_print_all ("%s", what);
  ticker = g_timeout_add (100, pulse, NULL);
  thread = g_thread_new ("gsmime-wait", wait_thread, &wait);
  while (!g_atomic_int_get (&wait.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_source_remove (ticker);

  if (mainwindow_get_mainwindow ())
    {
      /* Claws' own way of hiding the bar again.  */
      statusbar_progress_all (0, 0, 0);
      statusbar_pop_all ();
    }
  waits--;
  if (wait.error)
    g_propagate_error (error, wait.error);
  return wait.answer;
}

guint
gsmime_claws_thread_waits (void)
{
  return waits;
}
