/* privacy-system.c - gsmime as one of Claws' privacy systems.
 *
 * Claws asks each registered PrivacySystem whether a MIME part is signed
 * or encrypted, and the one that says yes checks or decrypts it.  The
 * checking runs in a thread of GLib's pool: a revocation server that does
 * not answer costs the core up to its time budget, and the main loop must
 * not wait for that.  All checks share one core session (one gpgsm server
 * process), taken in turn under a mutex, because a session serves one
 * thread at a time.
 *
 * What Claws asks for synchronously (decrypting, and unwrapping opaque
 * signed-data so that it has content to show) takes seconds for a big
 * message, or waits for the pinentry, so it runs in a thread too while
 * Claws waits in its main loop (thread-wait.c), with Claws' status bar
 * and progress bar saying so; signed-data under a mebibyte is unwrapped
 * in place (UNWRAP_IN_PLACE_BELOW).  That thread has a session of its own,
 * which never goes to the network, taken in turn under a mutex: layers
 * are opened one at a time.  The thread gets streams opened on the main
 * thread and builds a new MimeInfo tree of its own; it never touches the
 * MimeInfo Claws handed over, which stays Claws' until decrypt()
 * returns, since Claws' caller (messageview_show) is still running below
 * the wait.  While the main loop runs, the user may pick another message
 * or close the window, and Claws may be asked to quit:
 *   - Claws' message views are held busy for the time of the wait
 *     (view-hold.c), so no other message is drawn into the view half
 *     way, and a closed window is hidden, not freed under
 *     messageview_show; a message asked for through Claws' socket
 *     (claws-mail --select) meanwhile is shown after this one;
 *   - a second decrypt started meanwhile (from another window, or a
 *     reply that quotes encrypted mail) waits in its own nested loop and
 *     its thread waits for the first one's session; it returns first,
 *     and the first one returns once its thread is done;
 *   - quitting ends Claws' outermost main loop only, after the wait has
 *     returned; the plugin is not unloaded while a wait or a thread is
 *     under way (gsmime_claws_privacy_done says so).
 *
 * Claws is told the result through two GTasks.  The inner one runs in the
 * thread and returns plain strings (a GStrv), so that nothing of this
 * plugin's code is ever needed to free a result that arrives after a
 * cancellation.  The outer one is what Claws sees (its
 * last_sig_check_task) and is completed on the main thread, where the
 * verdict is also logged.
 *
 * Writing mail (sign, get_encrypt_data, encrypt) lives in compose-sign.c
 * and compose-encrypt.c, with a session of its own (compose-session.c);
 * turning encryption on by itself, when the preferences ask for it, in
 * auto-encrypt.c.  This file only registers them.
 *
 * Header protection (RFC 9788): when decrypt() or the unwrapping of
 * opaque signed-data opens the layer that carries the message's
 * protected header section, the protected Subject is kept on that layer
 * for protected-view.c, which shows it once Claws has drawn the
 * message, and the Legacy Display Element is taken out of the text
 * before Claws sees it.  The signature check in the thread reads the
 * message file afresh, so what is shown changes nothing it checks.
 */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "privacy-system.h"
#include "auto-encrypt.h"
#include "compose-encrypt.h"
#include "compose-hp.h"
#include "compose-session.h"
#include "compose-sign.h"
#include "prefs.h"
#include "mimeinfo.h"
#include "protected-view.h"
#include "status.h"
#include "thread-wait.h"
#include "trace.h"
#include "view-hold.h"

#include <privacy.h>
#include <procmime.h>
#include <utils.h>

typedef struct
{
  PrivacyData data;
  gboolean sigtest_done;
  gboolean is_signed;
  /* This node is the top of a tree that decrypt() built.  */
  gboolean decrypted_layer;
  /* The protected Subject of the layer this node opened, or NULL.  */
  char *subject;
} GsmimePrivacy;

/* One check, owned by the thread that runs it.  */
typedef struct
{
  GMimeStream *message;
  GsmimeReadFlags flags;
  /* The preferences as they were when Claws asked: the page is edited on
   * the main thread, which the check thread never reads from.  */
  GsmimeSettings settings;
  guint settings_generation;
} CheckJob;

/* What the main thread needs when the thread is done.  */
typedef struct
{
  GTask *outer;         /* Claws' task */
  gpointer claws_data;  /* Claws' user_data, its MimeView */
} CheckReply;

/* The strings a check returns, by position in its GStrv.  */
enum
{
  OUT_STATUS, OUT_COLOUR, OUT_CODE, OUT_SHORT, OUT_FULL, OUT_HARVESTED,
  OUT_REFUSED, OUT_N
};

static PrivacySystem gsmime_system;

static GMutex check_lock;
static GsmimeSession *check_session;  /* under check_lock */
static guint check_generation;        /* under check_lock */
static gint threads_running;          /* atomic */
static guint replies_pending;         /* main thread only */
static GMutex layer_lock;
static GsmimeSession *layer_session;  /* under layer_lock */
static GThread *engine_warming;       /* main thread only */

static GsmimePrivacy *
own_privacy (MimeInfo *mimeinfo)
{
  if (mimeinfo->privacy && mimeinfo->privacy->system == &gsmime_system)
    return (GsmimePrivacy *) mimeinfo->privacy;
  return NULL;
}

static GsmimePrivacy *
attach_privacy (MimeInfo *mimeinfo)
{
  GsmimePrivacy *priv = own_privacy (mimeinfo);

  if (priv)
    return priv;
  if (mimeinfo->privacy)
    return NULL;  /* another system's */
  priv = g_new0 (GsmimePrivacy, 1);
  priv->data.system = &gsmime_system;
  mimeinfo->privacy = (PrivacyData *) priv;
  return priv;
}

static void
free_privacydata (PrivacyData *data)
{
  GsmimePrivacy *priv = (GsmimePrivacy *) data;

  g_free (priv->subject);
  g_free (data);
}

/* The session that opens layers for Claws (decrypting, and unwrapping
 * opaque signed-data so that Claws has content to show), made on first
 * use.  It never asks a revocation server and keeps no certificate: the
 * verdict and the harvest come from the check in the thread.  Call with
 * layer_lock held.  */
static GsmimeSession *
get_layer_session (GError **error)
{
  GsmimeSettings settings;

  if (layer_session)
    return layer_session;
  layer_session = gsmime_session_new (NULL, error);
  if (!layer_session)
    return NULL;
  gsmime_settings_init (&settings);
  settings.revocation = GSMIME_REVOCATION_OFF;
  settings.harvest = FALSE;
  if (!gsmime_session_set_settings (layer_session, &settings, error))
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
    g_clear_pointer (&layer_session, gsmime_session_free);
  return layer_session;
}

static gboolean
subtype_is (MimeInfo *mimeinfo, MimeMediaType type, const char *subtype)
{
  return mimeinfo->type == type && mimeinfo->subtype
         && !g_ascii_strcasecmp (mimeinfo->subtype, subtype);
}

static gboolean
is_pkcs7_mime (MimeInfo *mimeinfo)
{
  return subtype_is (mimeinfo, MIMETYPE_APPLICATION, "pkcs7-mime")
         || subtype_is (mimeinfo, MIMETYPE_APPLICATION, "x-pkcs7-mime");
}

/* What a pkcs7-mime part holds, by the core's rule, which the core's
 * reader follows too: a part without smime-type is looked into.  */
static GsmimePkcs7Kind
pkcs7_kind (MimeInfo *mimeinfo)
{
  const char *type = procmime_mimeinfo_get_parameter (mimeinfo, "smime-type");
  g_autoptr (GMimeStream) content = NULL;

  if (!type)
    content = gsmime_claws_mimeinfo_stream (mimeinfo, NULL);
  return gsmime_pkcs7_kind (type, content, g_mime_content_encoding_from_string (
                              procmime_get_encoding_str (
                                mimeinfo->encoding_type)));
}

/* Claws asks about the signed part itself: the pkcs7-mime signed-data
 * part, or the first child of a multipart/signed whose protocol is S/MIME
 * and whose second child is the signature.  */
static gboolean
looks_signed (MimeInfo *mimeinfo)
{
  MimeInfo *parent, *signature;
  GNode *first;
  const char *protocol;

  if (is_pkcs7_mime (mimeinfo))
    return pkcs7_kind (mimeinfo) == GSMIME_PKCS7_SIGNED;
  parent = procmime_mimeinfo_parent (mimeinfo);
  if (!parent || !subtype_is (parent, MIMETYPE_MULTIPART, "signed"))
    return FALSE;
  protocol = procmime_mimeinfo_get_parameter (parent, "protocol");
  if (!protocol
      || (g_ascii_strcasecmp (protocol, "application/pkcs7-signature")
          && g_ascii_strcasecmp (protocol, "application/x-pkcs7-signature")))
    return FALSE;
  first = g_node_first_child (parent->node);
  if (!first || first->data != mimeinfo || !first->next)
    return FALSE;
  signature = first->next->data;
  return subtype_is (signature, MIMETYPE_APPLICATION, "pkcs7-signature")
         || subtype_is (signature, MIMETYPE_APPLICATION, "x-pkcs7-signature");
}

/* The message whose body the layer NODE lies on, when only layers the
 * plugin opens lie between (pkcs7-mime parts, which hold what was
 * opened as a child): the place of the protected header section (RFC
 * 9788's cryptographic envelope).  *DECRYPTED is set when NODE or a
 * layer above it was decrypted.  NULL when NODE is inside anything
 * else, such as an attachment.  */
static MimeInfo *
spine_message (MimeInfo *node, gboolean *decrypted)
{
  MimeInfo *parent;

  *decrypted = FALSE;
  for (; node; node = parent)
    {
      GsmimePrivacy *priv = own_privacy (node);
      if (priv && priv->decrypted_layer)
        *decrypted = TRUE;
      parent = procmime_mimeinfo_parent (node);
      if (!parent)
        return NULL;
      if (subtype_is (parent, MIMETYPE_MESSAGE, "rfc822"))
        return parent->content == MIMECONTENT_FILE
                 && !procmime_mimeinfo_parent (parent) ? parent : NULL;
      if (!is_pkcs7_mime (parent))
        return NULL;
    }
  return NULL;
}

/* One layer to open in the thread.  What it reads was taken from Claws'
 * tree on the main thread before; what it makes is its own until the
 * main thread takes it.  */
typedef struct
{
  gboolean decrypting;  /* enveloped-data, else opaque signed-data */
  GMimeStream *cms;     /* the layer's content */
  guint depth;          /* the layer's depth in the message */
  GMimeStream *outer;   /* the message whose body the layer is, or NULL */
  gboolean through;     /* a layer above was decrypted */
  /* What the thread found.  */
  MimeInfo *tree;
  char *subject;        /* the protected Subject, or NULL */
  char *hp_level;       /* for the trace; NULL without protected headers */
  char *hidden;
} LayerJob;

/* The protected Subject of ENTITY, what JOB's layer held once opened,
 * when that layer wraps the message's body; the Legacy Display Element
 * leaves ENTITY's text on the way.  */
static void
find_protected_subject (LayerJob *job, GMimeObject *entity)
{
  g_autoptr (GMimeMessage) outer = NULL;
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;

  if (job->outer)
    outer = gsmime_message_parse (job->outer, NULL);
  hp = gsmime_protected_headers_opened (outer, entity,
                                        job->decrypting || job->through,
                                        !job->decrypting);
  if (!hp)
    return;
  job->hidden = g_strdup_printf ("%u", gsmime_legacy_display_strip_opened (
                                         entity, hp));
  job->hp_level = g_strdup (gsmime_hp_level_name (hp->level));
  job->subject = g_strdup (gsmime_protected_header_shown (hp, "Subject"));
}

/* Decrypts JOB's layer, or reads the content of its signed-data, into
 * PLAIN.  Call with layer_lock held.  */
static gboolean
open_cms (LayerJob *job, GMimeStream *plain, GError **error)
{
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GPtrArray) signers = NULL;
  GsmimeSession *session = get_layer_session (error);

  if (!session)
    return FALSE;
  if (job->decrypting)
    return gsmime_decrypt (session, job->cms, plain, error);
  der = gsmime_stream_to_bytes (job->cms);
  signers = gsmime_verify_harvesting (session, der, NULL, plain, NULL, NULL,
                                      error);
  return signers != NULL;
}

/* The thread's work (gsmime_claws_thread_wait): the layer opened, parsed
 * and made into a MimeInfo tree of its own.  */
static gboolean
open_layer (gpointer data, GError **error)
{
  LayerJob *job = data;
  g_autoptr (GMimeStream) plain = g_mime_stream_mem_new ();
  g_autoptr (GMimeObject) entity = NULL;
  GByteArray *bytes;
  gboolean opened;

  g_mutex_lock (&layer_lock);
  opened = open_cms (job, plain, error);
  g_mutex_unlock (&layer_lock);
  if (opened)
    {
      g_mime_stream_reset (plain);
      entity = gsmime_entity_parse (plain, job->depth + 1, error);
    }
  if (entity)
    {
      find_protected_subject (job, entity);
      job->tree = gsmime_claws_mimeinfo_from_gmime (entity, error);
    }
  /* The plaintext now lives in the tree; wipe this copy.  */
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (plain));
  if (bytes && bytes->len)
    memset (bytes->data, 0, bytes->len);
  return job->tree != NULL;
}

/* Opaque signed-data smaller than this is unwrapped in place, without
 * running the main loop: Claws asks is_signed() also while it scans a
 * folder for new mail (folder.c), where the loop running would let the
 * user act in the middle of the scan, and a small part takes gpgsm
 * milliseconds.  Decrypting always runs in a thread, since gpg-agent may
 * ask for a passphrase.  */
#define UNWRAP_IN_PLACE_BELOW (1024 * 1024)

/* Opens the layer MIMEINFO (DECRYPTING it, or reading the content of its
 * opaque signed-data) in a thread while Claws' main loop runs, with
 * Claws' message views held (view-hold.c); small signed-data in place
 * (UNWRAP_IN_PLACE_BELOW).  Returns the tree of what it
 * held, and its protected Subject in *SUBJECT.  Errors: those of
 * gsmime_claws_mimeinfo_stream, gsmime_session_new, gsmime_decrypt or
 * gsmime_verify_harvesting, gsmime_entity_parse and
 * gsmime_claws_mimeinfo_from_gmime.  */
static MimeInfo *
open_layer_waiting (MimeInfo *mimeinfo, gboolean decrypting, char **subject,
                    GError **error)
{
  LayerJob job = { decrypting };
  MimeInfo *message = spine_message (mimeinfo, &job.through);
  g_autofree char *depth = NULL;
  GSList *held;

  *subject = NULL;
  job.cms = gsmime_claws_mimeinfo_stream (mimeinfo, error);
  if (!job.cms)
    return NULL;
  job.depth = gsmime_claws_mimeinfo_depth (mimeinfo);
  depth = g_strdup_printf ("%u", job.depth);
  if (message)
    job.outer = gsmime_claws_mimeinfo_stream (message, NULL);
  /* The thread writes parts to Claws' MIME temporary folder, whose name
   * Claws makes on first use.  */
  get_mime_tmp_dir ();
  gsmime_claws_trace (decrypting ? "decrypting" : "unwrapping", "depth",
                      depth, NULL);
  if (decrypting || mimeinfo->length >= UNWRAP_IN_PLACE_BELOW)
    {
      held = gsmime_claws_views_hold ();
      gsmime_claws_thread_wait (decrypting ? _("Decrypting the message…")
                                           : _("Opening the signed message…"),
                                open_layer, &job, error);
      gsmime_claws_views_release (held);
    }
  else
    open_layer (&job, error);
  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_object (&job.cms);
  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_object (&job.outer);
  if (job.hp_level)
    gsmime_claws_trace ("protected-headers", "hp", job.hp_level,
                        "legacy-display-hidden", job.hidden,
                        "subject", job.subject ? job.subject : "-", NULL);
  g_free (job.hp_level);
  g_free (job.hidden);
  *subject = job.subject;
  return job.tree;
}

const char *
gsmime_claws_protected_subject (MimeInfo *message)
{
  GNode *node = message ? g_node_first_child (message->node) : NULL;

  /* Down the layers the plugin opened, to the payload.  */
  for (; node; node = g_node_first_child (node))
    {
      MimeInfo *info = node->data;
      GsmimePrivacy *priv = own_privacy (info);

      if (priv && priv->subject)
        return priv->subject;
      if (!is_pkcs7_mime (info) && !(priv && priv->decrypted_layer))
        return NULL;
    }
  return NULL;
}

/* Claws looks for a signature only among the ancestors of the part it
 * shows, so an opaque signed-data part needs its content as a child, or
 * the message shows as an smime.p7m attachment and no verdict at all.
 * gpgsm gives the content only by verifying; that is done here without
 * revocation checks (local and quick), and the certificates the
 * signature carries are removed again (harvesting is off in the main
 * session), so that the real check in the thread judges them afresh.
 * Claws' own S/MIME plugin verifies here too.  A core function that
 * reads the encapsulated content without gpgsm would spare both.  */
static void
unwrap_opaque (MimeInfo *mimeinfo)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  GsmimePrivacy *priv;
  MimeInfo *child;

  if (g_node_first_child (mimeinfo->node))
    return;
  if (mimeinfo->encoding_type != ENC_BINARY
      && mimeinfo->encoding_type != ENC_7BIT
      && mimeinfo->encoding_type != ENC_8BIT)
    procmime_decode_content (mimeinfo);
  child = open_layer_waiting (mimeinfo, FALSE, &subject, &error);
  if (!child)
    {
      /* The check in the thread will say red "malformed".  */
      gsmime_claws_trace ("unwrap-failed", "text",
                          error ? error->message : "?", NULL);
      return;
    }
  if (g_node_first_child (mimeinfo->node))
    {
      /* Claws asked for this part again while the main loop ran, and
       * that unwrapping came back first.  */
      procmime_mimeinfo_free_all (&child);
      return;
    }
  g_node_append (mimeinfo->node, child->node);
  priv = own_privacy (mimeinfo);
  if (priv && subject)
    {
      g_free (priv->subject);
      priv->subject = g_steal_pointer (&subject);
    }
  gsmime_claws_trace ("unwrapped", "type",
                      procmime_get_media_type_str (child->type),
                      "subtype", child->subtype, NULL);
}

static gboolean
is_signed (MimeInfo *mimeinfo)
{
  GsmimePrivacy *priv = own_privacy (mimeinfo);

  if (priv && priv->sigtest_done)
    return priv->is_signed;
  if (!looks_signed (mimeinfo))
    {
      if (priv)
        priv->sigtest_done = TRUE;
      return FALSE;
    }
  priv = attach_privacy (mimeinfo);
  if (!priv)
    return FALSE;
  priv->sigtest_done = priv->is_signed = TRUE;
  if (is_pkcs7_mime (mimeinfo))
    unwrap_opaque (mimeinfo);
  return TRUE;
}

/* The message whose verdict a signed part gets: the nearest message/rfc822
 * node that Claws read from a file (the message itself, or an attached
 * one).  The whole message is read, not the part alone, because its
 * verdict is never better than its worst part (an unsigned footer beside
 * the signed text makes it orange).  THROUGH_DECRYPTED is set when a
 * layer that decrypt() opened lies between, so that the core must decrypt
 * it again to see the signature.  */
static MimeInfo *
enclosing_message (MimeInfo *mimeinfo, gboolean *through_decrypted)
{
  *through_decrypted = FALSE;
  for (; mimeinfo; mimeinfo = procmime_mimeinfo_parent (mimeinfo))
    {
      GsmimePrivacy *priv = own_privacy (mimeinfo);
      if (priv && priv->decrypted_layer)
        *through_decrypted = TRUE;
      if (subtype_is (mimeinfo, MIMETYPE_MESSAGE, "rfc822")
          && mimeinfo->content == MIMECONTENT_FILE)
        return mimeinfo;
    }
  return NULL;
}

/* The thread's session, made on first use and given the preferences
 * again whenever they were saved since.  Call with check_lock held.  */
static GsmimeSession *
get_check_session (const CheckJob *job, GError **error)
{
  if (!check_session)
    {
      check_session = gsmime_session_new (NULL, error);
      if (!check_session)
        return NULL;
      check_generation = job->settings_generation + 1;
    }
  if (check_generation != job->settings_generation)
    {
      if (!gsmime_session_set_settings (check_session, &job->settings, error))
        return NULL;
      check_generation = job->settings_generation;
    }
  return check_session;
}

static char *
join_strings (GPtrArray *array)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < array->len; i++)
    g_string_append_printf (out, "%s%s", i ? "\n" : "",
                            (char *) g_ptr_array_index (array, i));
  return g_string_free (out, FALSE);
}

/* The refusals of REPORT, a line each.  */
static char *
join_refusals (GPtrArray *refused)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < refused->len; i++)
    g_ptr_array_add (lines, gsmime_claws_refusal_line (
                              g_ptr_array_index (refused, i)));
  return join_strings (lines);
}

static char **
outcome_of (const GsmimeReport *report, const GError *error)
{
  char **out = g_new0 (char *, OUT_N + 1);
  SignatureData *sig = report ? gsmime_claws_signature_data (report)
                              : gsmime_claws_signature_failure (error);
  const GsmimeReason *main_reason =
    report ? gsmime_verdict_main_reason (report->verdict) : NULL;

  out[OUT_STATUS] = g_strdup_printf ("%d", sig->status);
  out[OUT_COLOUR] = g_strdup (report ? gsmime_colour_name (report->verdict->colour)
                                     : "error");
  out[OUT_CODE] = g_strdup (main_reason ? main_reason->code : "");
  out[OUT_SHORT] = g_steal_pointer (&sig->info_short);
  out[OUT_FULL] = g_steal_pointer (&sig->info_full);
  out[OUT_HARVESTED] = report ? join_strings (report->harvested) : g_strdup ("");
  out[OUT_REFUSED] = report ? join_refusals (report->refused) : g_strdup ("");
  g_free (sig);
  return out;
}

static void
check_thread (GTask *task, gpointer source, gpointer data,
              GCancellable *cancellable)
{
  CheckJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMimeMessage) message = NULL;
  g_autoptr (GsmimeReport) report = NULL;

  if (!g_cancellable_is_cancelled (cancellable))
    message = gsmime_message_parse (job->message, &error);
  if (message && !g_cancellable_is_cancelled (cancellable))
    {
      GsmimeSession *session;
      g_mutex_lock (&check_lock);
      /* Another check may have held the session for its whole budget.  */
      if (!g_cancellable_is_cancelled (cancellable)
          && (session = get_check_session (job, &error)))
        report = gsmime_read_message (session, message, job->flags, &error);
      g_mutex_unlock (&check_lock);
    }
  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_object (&job->message);
  g_free (job);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, outcome_of (report, error),
                           (GDestroyNotify) g_strfreev);
  g_atomic_int_add (&threads_running, -1);
}

/* Back on the main thread: logs the verdict and hands it to Claws.  */
static void
check_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CheckReply *reply = data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) out = g_task_propagate_pointer (G_TASK (result), &error);
  SigCheckTaskResult *answer;

  replies_pending--;
  if (!out)
    {
      gsmime_claws_trace ("cancelled", "text", error->message, NULL);
      g_task_return_error (reply->outer, g_steal_pointer (&error));
      g_object_unref (reply->outer);
      g_free (reply);
      return;
    }

  answer = g_new0 (SigCheckTaskResult, 1);
  answer->sig_data = g_new0 (SignatureData, 1);
  answer->sig_data->status = atoi (out[OUT_STATUS]);
  answer->sig_data->info_short = g_strdup (out[OUT_SHORT]);
  answer->sig_data->info_full = g_strdup (out[OUT_FULL]);
  gsmime_claws_trace ("verdict",
                      "status", gsmime_claws_status_name (answer->sig_data->status),
                      "colour", out[OUT_COLOUR], "code", out[OUT_CODE],
                      "text", out[OUT_SHORT], NULL);
  gsmime_claws_trace ("details", "text", out[OUT_FULL], NULL);
  if (*out[OUT_HARVESTED])
    gsmime_claws_trace ("harvested", "certificates", out[OUT_HARVESTED],
                        NULL);
  if (*out[OUT_REFUSED])
    gsmime_claws_trace ("not-kept", "certificates", out[OUT_REFUSED], NULL);

  g_task_return_pointer (reply->outer, answer,
                         privacy_free_sig_check_task_result);
  gsmime_claws_trace_notice_later (reply->claws_data);
  g_object_unref (reply->outer);
  g_free (reply);
}

static gint
check_signature (MimeInfo *mimeinfo, GCancellable *cancellable,
                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean through_decrypted;
  MimeInfo *message = enclosing_message (mimeinfo, &through_decrypted);
  GMimeStream *stream;
  CheckJob *job;
  CheckReply *reply;
  GTask *inner;

  if (!message)
    {
      gsmime_claws_trace ("error", "text",
                          "the signed part belongs to no message file",
                          NULL);
      return -1;
    }
  stream = gsmime_claws_mimeinfo_stream (message, &error);
  if (!stream)
    {
      gsmime_claws_trace ("error", "text", error->message, NULL);
      return -1;
    }

  job = g_new0 (CheckJob, 1);
  job->message = stream;
  job->flags = through_decrypted ? GSMIME_READ_DEFAULT
                                 : GSMIME_READ_NO_DECRYPT;
  gsmime_claws_prefs_settings (&job->settings);
  job->settings_generation = gsmime_claws_prefs_generation ();
  reply = g_new0 (CheckReply, 1);
  reply->outer = g_task_new (NULL, cancellable, callback, user_data);
  reply->claws_data = user_data;
  /* Claws takes only the answer of the task it last asked for.  */
  mimeinfo->last_sig_check_task = reply->outer;

  inner = g_task_new (NULL, cancellable, check_done, reply);
  g_task_set_task_data (inner, job, NULL);
  /* On cancellation Claws hears at once; the thread finishes its step
   * (the core cannot be interrupted inside one) and its answer is
   * dropped.  */
  g_task_set_return_on_cancel (inner, TRUE);
  g_atomic_int_inc (&threads_running);
  replies_pending++;
  g_task_run_in_thread (inner, check_thread);
  g_object_unref (inner);
  return 0;
}

static gboolean
is_encrypted (MimeInfo *mimeinfo)
{
  return is_pkcs7_mime (mimeinfo)
         && pkcs7_kind (mimeinfo) == GSMIME_PKCS7_ENVELOPED;
}

/* Claws calls this on the main thread and waits for the answer, which
 * comes from a thread (open_layer_waiting); gpg-agent may ask for the
 * passphrase through its pinentry meanwhile.  Claws has already decoded
 * the part's transfer encoding.  */
static MimeInfo *
decrypt (MimeInfo *mimeinfo)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  MimeInfo *tree = open_layer_waiting (mimeinfo, TRUE, &subject, &error);
  GsmimePrivacy *priv;

  if (!tree)
    {
      const char *why = error ? error->message : _("unknown error");
      privacy_set_error ("%s", why);
      gsmime_claws_trace ("decrypt-failed", "text", why, NULL);
      gsmime_claws_trace_decrypt_notice_later ();
      return NULL;
    }
  priv = attach_privacy (tree);
  if (priv)
    {
      priv->decrypted_layer = TRUE;
      priv->subject = g_steal_pointer (&subject);
    }
  gsmime_claws_trace ("decrypted", "type",
                      procmime_get_media_type_str (tree->type),
                      "subtype", tree->subtype, NULL);
  return tree;
}

static gboolean
auto_check_signatures (void)
{
  /* Until the preferences page exists, every signature is checked as
   * soon as its message is shown: that is the point of the plugin.  */
  return TRUE;
}

static gpointer
warm_engine (gpointer data)
{
  (void) data;
  gsmime_engine_versions ();
  return NULL;
}

void
gsmime_claws_privacy_init (void)
{
  gsmime_init ();
  /* The first call runs "dirmngr --version"; the main thread would
   * otherwise wait for it when it first opens a message.  */
  engine_warming = g_thread_new ("gsmime-engine", warm_engine, NULL);
  gsmime_system.id = (gchar *) "gsmime";
  gsmime_system.name = (gchar *) _("S/MIME (gpgsm)");
  gsmime_system.free_privacydata = free_privacydata;
  gsmime_system.is_signed = is_signed;
  gsmime_system.check_signature = check_signature;
  gsmime_system.is_encrypted = is_encrypted;
  gsmime_system.decrypt = decrypt;
  /* Writing mail: compose-sign.c and compose-encrypt.c.  */
  gsmime_system.can_sign = TRUE;
  gsmime_system.sign = gsmime_claws_sign;
  gsmime_system.can_encrypt = TRUE;
  gsmime_system.get_encrypt_data = gsmime_claws_get_encrypt_data;
  gsmime_system.encrypt = gsmime_claws_encrypt;
  gsmime_system.auto_check_signatures = auto_check_signatures;
  privacy_register_system (&gsmime_system);
  gsmime_claws_auto_encrypt_init ();
  gsmime_claws_compose_hp_init ();
  gsmime_claws_protected_view_init ();
  gsmime_claws_trace ("loaded", "system", gsmime_system.id,
                      "name", gsmime_system.name, NULL);
}

gboolean
gsmime_claws_privacy_done (void)
{
  privacy_unregister_system (&gsmime_system);
  gsmime_claws_auto_encrypt_done ();
  gsmime_claws_compose_hp_done ();
  gsmime_claws_protected_view_done ();
  if (engine_warming)
    g_thread_join (g_steal_pointer (&engine_warming));
  if (gsmime_claws_thread_waits () || !gsmime_claws_compose_session_done ()
      || g_atomic_int_get (&threads_running) || replies_pending
      || gsmime_claws_trace_pending ())
    return FALSE;
  g_mutex_lock (&layer_lock);
  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_pointer (&layer_session, gsmime_session_free);
  g_mutex_unlock (&layer_lock);
  g_mutex_lock (&check_lock);
  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_pointer (&check_session, gsmime_session_free);
  g_mutex_unlock (&check_lock);
  return TRUE;
}
