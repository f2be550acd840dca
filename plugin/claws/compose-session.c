/* compose-session.c - the core session that signs and encrypts the mail
 * Claws sends.
 *
 * Reading mail has sessions of its own (privacy-system.c): one in a
 * thread that checks revocation, one on the main thread that never does.
 * Writing needs a third kind: on the main thread, because Claws calls
 * sign() and encrypt() there and waits, and with the user's revocation
 * settings, because a recipient's certificate is checked before anything
 * is encrypted to it (common/keyselect.c).  Like every session it keeps
 * one gpgsm server process for all the mail it writes.
 */
#include <config.h>
#include "compose-session.h"
#include "prefs.h"

static GsmimeSession *session;
static guint generation;

GsmimeSession *
gsmime_claws_compose_session (GError **error)
{
  guint now = gsmime_claws_prefs_generation ();
  GsmimeSettings settings;

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

void
gsmime_claws_compose_session_done (void)
{
  g_clear_pointer (&session, gsmime_session_free);
}
