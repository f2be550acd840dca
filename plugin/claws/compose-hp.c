/* compose-hp.c - header protection (RFC 9788) for the mail Claws sends.
 *
 * Claws writes a message as a message/rfc822 MimeInfo whose content is
 * the header section as text (compose_get_header in compose.c) and whose
 * child is the body, and hands that node to the privacy system's sign()
 * and then encrypt() (compose_write_to_file).  Both may change it: the
 * body is replaced by the protected one (compose-mime.c), and the
 * header text, which Claws writes out as it finds it
 * (procmime_write_message_rfc822), is replaced by the obscured one.  So
 * the plugin does here what the core's gsmime_protect_message does for a
 * whole message: the body that is signed or encrypted carries a copy of
 * the header (gsmime_hp_compose), and once the message is encrypted its
 * outer Subject becomes "[...]" (gsmime_hp_obscure).
 *
 * A message that is signed and encrypted gets its header section inside
 * the signature, marked hp="cipher", so sign() must know that encryption
 * follows; Claws does not say.  Claws runs its "compose_check_before_send"
 * hook with the compose window for every message it sends or queues,
 * before it asks for encryption keys and writes the message, so the hook
 * remembers that window, and sign() reads its Encrypt state and the
 * encryption data Claws got for it.  What sign() decided for the outer
 * header waits for encrypt() in one pending slot: Claws writes one
 * message at a time, on the main thread.
 *
 * Claws saves to the Sent folder what it sent (the outer Subject "[...]",
 * the real one inside, which the plugin shows when the message is
 * opened: protected-view.c), or, with the account's "save sent
 * encrypted messages as clear text", the copy it wrote before encrypt(),
 * whose header is still the real one.
 */
#include <config.h>
#include <string.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "compose-hp.h"
#include "prefs.h"
#include "trace.h"

#include <compose.h>
#include <hooks.h>
#include <prefs_account.h>

static gulong hook_id = HOOK_NONE;
static Compose *sending;   /* the compose window last seen by the hook */

/* What protecting one message decided, until it is encrypted.  */
static struct
{
  MimeInfo *message;      /* the node it was decided for, or NULL */
  GsmimeHpOuter *outer;   /* the outer header's changes; NULL when the
                             message is not encrypted or not protected */
} pending;

static gboolean
before_send (gpointer source, gpointer data)
{
  (void) data;
  sending = source;
  gsmime_claws_compose_hp_forget (NULL);
  return FALSE;
}

void
gsmime_claws_compose_hp_init (void)
{
  if (hook_id == HOOK_NONE)
    hook_id = hooks_register_hook (COMPOSE_CHECK_BEFORE_SEND_HOOKLIST,
                                   before_send, NULL);
}

void
gsmime_claws_compose_hp_done (void)
{
  if (hook_id != HOOK_NONE)
    hooks_unregister_hook (COMPOSE_CHECK_BEFORE_SEND_HOOKLIST, hook_id);
  hook_id = HOOK_NONE;
  sending = NULL;
  gsmime_claws_compose_hp_forget (NULL);
}

void
gsmime_claws_compose_hp_forget (MimeInfo *message)
{
  if (message && pending.message != message)
    return;
  pending.message = NULL;
  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_pointer (&pending.outer, gsmime_hp_outer_free);
}

gboolean
gsmime_claws_compose_hp_encrypting (PrefsAccount *account)
{
  Compose *compose = sending;

  /* Only a window that is still open is looked at: the hook's pointer
   * may be that of one closed since.  */
  if (!compose || !g_list_find ((GList *) compose_get_compose_list (),
                                compose))
    return FALSE;
  return compose->account == account && compose->use_encryption
         && compose->encdata && strcmp (compose->encdata, "_DONT_ENCRYPT_");
}

/* MESSAGE's header section, the text Claws made, as a GMime message with
 * an empty body.  */
static GMimeMessage *
header_message (MimeInfo *message, GError **error)
{
  g_autoptr (GMimeStream) stream = NULL;
  const char *text = message->content == MIMECONTENT_MEM
                       ? message->data.mem : NULL;

  if (!text)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("Claws Mail gave the message without its header "
                          "fields; send it again without header protection "
                          "(Preferences, Plugins, S/MIME (gpgsm))"));
      return NULL;
    }
  /* The header, and the blank line that ends it.  */
  stream = g_mime_stream_mem_new ();
  g_mime_stream_write_string (stream, text);
  g_mime_stream_write_string (stream, "\n");
  g_mime_stream_reset (stream);
  return gsmime_message_parse (stream, error);
}

GMimeObject *
gsmime_claws_compose_hp_protect (MimeInfo *message, GMimeObject *body,
                                 gboolean encrypted, GError **error)
{
  g_autoptr (GMimeMessage) header = NULL;
  g_autoptr (GsmimeHpOuter) outer = NULL;
  GMimeObject *protected_body;

  if (pending.message == message)
    return g_object_ref (body);  /* sign() protected it already */
  gsmime_claws_compose_hp_forget (NULL);
  if (!gsmime_claws_prefs_protect_headers (encrypted))
    {
      gsmime_claws_trace ("header-protection", "state", "off", NULL);
      return g_object_ref (body);
    }
  header = header_message (message, error);
  if (!header)
    return NULL;
  protected_body = gsmime_hp_compose (header, body, encrypted,
                                      GSMIME_HCP_BASELINE, TRUE, &outer,
                                      error);
  if (!protected_body)
    return NULL;
  pending.message = message;
  pending.outer = g_steal_pointer (&outer);
  gsmime_claws_trace ("header-protection", "state", "on",
                      "hp", encrypted ? "cipher" : "clear", NULL);
  return protected_body;
}

void
gsmime_claws_compose_hp_obscure (MimeInfo *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMimeMessage) header = NULL;
  char *text;

  if (pending.message != message || !pending.outer)
    {
      gsmime_claws_compose_hp_forget (message);
      return;
    }
  header = header_message (message, &error);
  if (header)
    {
      gsmime_hp_obscure (header, pending.outer);
      /* The message's own fields only: Claws adds MIME-Version and the
       * body's fields itself.  */
      text = g_mime_header_list_to_string (
        g_mime_object_get_header_list (GMIME_OBJECT (header)), NULL);
      /* The header Claws wrote is the node's own memory (tmp).  */
      g_free (message->data.mem);
      message->data.mem = text;
      gsmime_claws_trace ("obscured", "subject",
                          g_mime_message_get_subject (header), NULL);
    }
  else
    /* The header went out as it was, and the body carries its copy:
     * the Subject is readable, as without header protection.  */
    gsmime_claws_trace ("obscure-failed", "text", error->message, NULL);
  gsmime_claws_compose_hp_forget (message);
}
