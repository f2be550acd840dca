/* compose-session.c - the core session that signs and encrypts the mail
 * Claws sends.
 *
 * Reading mail has sessions of its own (privacy-system.c): one in a
 * thread that checks revocation, one on the main thread that never does.
 * Writing needs a third kind, with the user's revocation settings,
 * because a recipient's certificate is checked before anything is
 * encrypted to it (common/keyselect.c).  Claws asks for sign() and
 * encrypt() on the main thread and waits.  Choosing the recipients'
 * certificates may wait for revocation servers and directories, signing
 * may wait for the pinentry, and encrypting a big attachment takes
 * seconds, so each runs in a thread while the main loop goes on
 * (gsmime_claws_compose_session_run, over thread-wait.c), and the session
 * is refused to anyone else meanwhile.  Like every session it
 * keeps one gpgsm server process for all the mail it writes.
 */
#include <config.h>
#include "common/i18n.h"
#include "compose-session.h"
#include "compose-mime.h"
#include "prefs.h"
#include "thread-wait.h"

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
} Run;

static gboolean
run_work (gpointer data, GError **error)
{
  Run *run = data;

  return run->func (run->session, run->data, error);
}

gboolean
gsmime_claws_compose_session_run (const char *what,
                                  GsmimeClawsSessionFunc func, gpointer data,
                                  GError **error)
{
  Run run = { func, data, NULL };
  gboolean answer;

  run.session = gsmime_claws_compose_session (error);
  if (!run.session)
    return FALSE;
  busy = TRUE;
  answer = gsmime_claws_thread_wait (what, run_work, &run, error);
  busy = FALSE;
  return answer;
}

/* One body to seal in the thread: MESSAGE is the tree Claws built for
 * this message alone, which nothing on the main loop touches while it
 * waits.  */
typedef struct
{
  MimeInfo *message;
  GMimeObject *body;
  GsmimeClawsSealFunc seal;
  gpointer data;
  GMimeObject *sealed;  /* out */
} Seal;

static gboolean
seal_in_thread (GsmimeSession *session, gpointer data, GError **error)
{
  Seal *s = data;

  s->sealed = s->seal (session, s->body, s->data, error);
  if (s->sealed
      && !gsmime_claws_compose_replace_body (s->message, s->sealed, error))
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
    g_clear_object (&s->sealed);
  return s->sealed != NULL;
}

GMimeObject *
gsmime_claws_compose_seal (const char *what, MimeInfo *message,
                           GMimeObject *body, GsmimeClawsSealFunc seal,
                           gpointer data, GError **error)
{
  Seal s = { message, body, seal, data, NULL };

  gsmime_claws_compose_session_run (what, seal_in_thread, &s, error);
  return s.sealed;
}

/* Writing the body out: Claws encodes every attachment as it writes,
 * which for a big one takes as long as encrypting it.  */
typedef struct
{
  MimeInfo *message;
  GMimeStream **backing;
  GMimeObject *body;  /* out */
} Body;

static gboolean
body_in_thread (gpointer data, GError **error)
{
  Body *b = data;

  b->body = gsmime_claws_compose_body (b->message, b->backing, error);
  return b->body != NULL;
}

GMimeObject *
gsmime_claws_compose_body_waiting (MimeInfo *message, GMimeStream **backing,
                                   GError **error)
{
  Body b = { message, backing, NULL };

  gsmime_claws_thread_wait (_("Preparing the message for S/MIME…"),
                            body_in_thread, &b, error);
  return b.body;
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
