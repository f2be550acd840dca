/* compose-session.c - the core session that signs and encrypts the mail
 * Claws sends.
 *
 * Reading mail has sessions of its own (privacy-system.c): one in a
 * thread that checks revocation, one on the main thread that never does.
 * Writing needs a third kind, with the user's revocation settings,
 * because a recipient's certificate is checked before anything is
 * encrypted to it (common/keyselect.c).  Claws asks for sign() and
 * encrypt() on the main thread and waits; signing and encrypting are
 * local and quick and run there.  Choosing the recipients' certificates
 * may wait for revocation servers and directories, so it runs in a thread
 * while the main loop goes on (gsmime_claws_compose_session_run), and
 * the session is refused to anyone else meanwhile.  Like every session it
 * keeps one gpgsm server process for all the mail it writes.
 */
#include <config.h>
#include "common/i18n.h"
#include "compose-session.h"
#include "prefs.h"

static GsmimeSession *session;
static guint generation;
static gboolean busy;   /* a thread has the session */

GsmimeSession *
gsmime_claws_compose_session (GError **error)
{
  guint now = gsmime_claws_prefs_generation ();
  GsmimeSettings settings;

  if (busy)
    {
      gsmime_set_error (error, GPG_ERR_EBUSY,
                        _("Another message is being prepared for sending; "
                          "send this one again when that is done"));
      return NULL;
    }
  if (!session)
    {
      session = gsmime_session_new (NULL, error);
      if (!session)
        return NULL;
      generation = now + 1;
    }
  if (generation != now)
    {
      gsmime_claws_prefs_settings (&settings);
      if (!gsmime_session_set_settings (session, &settings, error))
        return NULL;
      generation = now;
    }
  return session;
}

typedef struct
{
  GsmimeClawsSessionFunc func;
  gpointer data;
  GsmimeSession *session;
  GError *error;
  gboolean answer;
  gint done;
} Run;

static gpointer
run_thread (gpointer data)
{
  Run *run = data;

  run->answer = run->func (run->session, run->data, &run->error);
  g_atomic_int_set (&run->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

gboolean
gsmime_claws_compose_session_run (GsmimeClawsSessionFunc func, gpointer data,
                                  GError **error)
{
  Run run = { func, data, NULL, NULL, FALSE, 0 };
  GThread *thread;

  run.session = gsmime_claws_compose_session (error);
  if (!run.session)
    return FALSE;
  busy = TRUE;
  thread = g_thread_new ("gsmime-compose", run_thread, &run);
  /* Claws waits for the answer here, as it does in its own dialogs,
   * while its windows are drawn and the rest of its work goes on.  */
  while (!g_atomic_int_get (&run.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  busy = FALSE;
  if (run.error)
    g_propagate_error (error, run.error);
  return run.answer;
}

gboolean
gsmime_claws_compose_session_done (void)
{
  if (busy)
    return FALSE;
  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_pointer (&session, gsmime_session_free);
  return TRUE;
}
