/* auto-encrypt.c - turning encryption on when every recipient can be
 * encrypted to.
 *
 * With the preference "encrypt automatically" on, a message whose
 * recipients all have a usable certificate goes out encrypted even when
 * the compose window's Encrypt toggle is off.  The moment to decide is
 * the last one: Claws' "compose_check_before_send" hook runs when the
 * user sends or queues, after Claws has collected the recipients
 * (compose->to_list) and before it asks the privacy system for
 * encryption keys, so turning the toggle on there is all it takes.
 * Deciding while the user types would mean a keybox and revocation look-up
 * on every change of a header line.  Only messages whose privacy system
 * is gsmime are touched, and a message some recipient of which cannot be
 * encrypted to is left as the user set it, without a dialog: that was
 * the user's choice already.  The hook never stops the sending.
 *
 * Because the toggle's state is all Claws keeps, a user who switched
 * encryption off by hand in one window gets it switched on again here:
 * the preference means "whenever possible".
 */
#include <config.h>
#include "common/gsmime.h"
#include "auto-encrypt.h"
#include "compose-encrypt.h"
#include "prefs.h"
#include "trace.h"

#include <compose.h>
#include <hooks.h>

static gulong hook_id = HOOK_NONE;

static gboolean
before_send (gpointer source, gpointer data)
{
  Compose *compose = source;
  g_autofree char *why = NULL;
  g_autofree char *count = NULL;

  (void) data;
  if (!gsmime_claws_prefs_auto_encrypt () || compose->use_encryption
      || g_strcmp0 (compose->privacy_system, "gsmime")
      || compose->newsgroup_list)
    return FALSE;
  if (!gsmime_claws_compose_can_encrypt (compose, &why))
    {
      gsmime_claws_trace ("auto-encrypt", "state", "off", "because", why,
                          NULL);
      return FALSE;
    }
  compose_use_encryption (compose, TRUE);
  count = g_strdup_printf ("%u", g_slist_length (compose->to_list));
  gsmime_claws_trace ("auto-encrypt", "state", "on", "recipients", count,
                      NULL);
  return FALSE;
}

void
gsmime_claws_auto_encrypt_init (void)
{
  if (hook_id == HOOK_NONE)
    hook_id = hooks_register_hook (COMPOSE_CHECK_BEFORE_SEND_HOOKLIST,
                                   before_send, NULL);
}

void
gsmime_claws_auto_encrypt_done (void)
{
  if (hook_id != HOOK_NONE)
    hooks_unregister_hook (COMPOSE_CHECK_BEFORE_SEND_HOOKLIST, hook_id);
  hook_id = HOOK_NONE;
}
