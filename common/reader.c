/* reader.c - what a reader sees: the whole message decrypted, every
 * signature checked, one verdict for the whole.
 *
 * The walk goes depth first through the MIME tree.  Each S/MIME layer is
 * opened and its content walked in turn (a decrypted one from where it
 * is parked, parking.h, so that its parts are not copied); every leaf part is
 * counted as covered by a signature or not, so that a signed part beside
 * unsigned ones (a footer added by a list, a forged attachment) keeps the
 * whole message from being green.
 */
#include <config.h>
#include <string.h>
#include "reader.h"
#include "canonical-pipe.h"
#include "compressed.h"
#include "data.h"
#include "decrypt.h"
#include "error.h"
#include "harvest.h"
#include "header-protection-read.h"
#include "i18n.h"
#include "message.h"
#include "parking.h"
#include "pkcs7-kind.h"
#include "verify.h"
#include "verify-harvest.h"

typedef struct
{
  GsmimeSession *session;
  GsmimeReport *report;
  const char *from;
  GsmimeReadFlags flags;
  GsmimeProvenance provenance;
  GPtrArray *unsigned_parts;   /* part numbers, "1.2" */
  guint signed_leaves;
  GArray *seen;                /* GsmimeSignatureSeen, in walk order */
  GPtrArray *texts;            /* the strings SEEN points to */
  gboolean compressed;         /* some layer was compressed-data */
  gsize inflate_budget;        /* what compressed layers may still
                                  inflate to: see compressed.h */
  GMimeMessage *message;
  /* Still on the layers that wrap the whole message (RFC 9788's
   * cryptographic envelope): the first part that is not such a layer is
   * the cryptographic payload, where protected header fields are.  */
  gboolean on_spine;
  char *hp_malformed;          /* why that section cannot be used */
  gboolean strip_legacy;       /* hide Legacy Display Elements */
} Walk;

static gboolean walk (Walk *w, GMimeObject *object, const char *id,
                      guint depth, gboolean covered, GError **error);
static void note_leaf (Walk *w, GMimeObject *object, const char *id,
                       gboolean covered);

void
gsmime_report_free (GsmimeReport *report)
{
  if (!report)
    return;
  gsmime_verdict_free (report->verdict);
  g_ptr_array_unref (report->signers);
  g_ptr_array_unref (report->harvested);
  g_ptr_array_unref (report->refused);
  g_free (report->body);
  g_free (report->headline);
  gsmime_protected_headers_free (report->protected_headers);
  g_free (report);
}

static gboolean
is_smime_signed (GMimeObject *object)
{
  GMimeContentType *ct = g_mime_object_get_content_type (object);
  const char *protocol;

  if (!GMIME_IS_MULTIPART (object)
      || !gsmime_object_is_type (object, "multipart", "signed"))
    return FALSE;
  protocol = g_mime_content_type_get_parameter (ct, "protocol");
  return protocol && (!g_ascii_strcasecmp (protocol, "application/pkcs7-signature")
                      || !g_ascii_strcasecmp (protocol,
                                              "application/x-pkcs7-signature"));
}

/* Records the signature of part ID for the whole message's verdict:
 * its SIGNERS, which move to the report, or, when SIGNERS is NULL, WHY
 * it could not be judged.  */
static void
note_signature (Walk *w, const char *id, GPtrArray *signers, const char *why)
{
  char *part = g_strdup (id);
  char *kept = g_strdup (why);
  guint i;

  g_ptr_array_add (w->texts, part);
  g_ptr_array_add (w->texts, kept);
  w->report->is_signed = TRUE;
  gsmime_signatures_seen (w->seen, part, signers, kept);
  for (i = 0; signers && i < signers->len; i++)
    g_ptr_array_add (w->report->signers, g_ptr_array_index (signers, i));
  if (signers)
    g_ptr_array_set_free_func (signers, NULL);
}

/* Verifies, with the certificates the signature carries harvested (or
 * removed again) by the policy of harvest.c.  SIGNED_DATA is given for a
 * detached signature, CONTENT receives the content of an opaque one.  */
static GPtrArray *
verify_harvesting (Walk *w, GBytes *der, GMimeStream *signed_data,
                   GMimeStream *content, GError **error)
{
  GsmimeHarvesting how = { &w->provenance,
                           (w->flags & GSMIME_READ_HARVEST_DRY_RUN) != 0,
                           w->report->harvested, w->report->refused };

  return gsmime_verify_harvesting (w->session, der, signed_data, content,
                                   w->from, &how, error);
}

static gboolean
walk_detached (Walk *w, GMimeMultipart *mp, const char *id, guint depth,
               GError **error)
{
  GMimeObject *content, *sig;
  GsmimeCanonicalPipe *signed_data;
  g_autoptr (GMimeStream) sig_data = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GPtrArray) signers = NULL;
  g_autoptr (GError) why = NULL;
  g_autofree char *child = g_strdup_printf ("%s.1", id);

  if (g_mime_multipart_get_count (mp) != 2
      || !GMIME_IS_PART (g_mime_multipart_get_part (mp, 1)))
    {
      note_signature (w, id, NULL, _("it does not consist of content and "
                                     "signature"));
      w->on_spine = FALSE;
      return walk (w, g_mime_multipart_get_count (mp)
                        ? g_mime_multipart_get_part (mp, 0) : NULL,
                   child, depth + 1, FALSE, error);
    }
  content = g_mime_multipart_get_part (mp, 0);
  sig = g_mime_multipart_get_part (mp, 1);
  /* The signature is read first: its part and the content may share
   * one file, whose position only one thread may move.  */
  sig_data = gsmime_decoded_stream (GMIME_PART (sig));
  der = gsmime_stream_to_bytes (sig_data);
  /* The canonical form streams to gpgsm as it is made: a signed
   * attachment is not copied into memory for its check.  */
  signed_data = gsmime_canonical_pipe_start (content, error);
  if (!signed_data)
    return FALSE;
  signers = verify_harvesting (w, der,
                               gsmime_canonical_pipe_stream (signed_data),
                               NULL, &why);
  /* The content is walked next: its writer must be done with it.  A
   * content that could not be read is the reader's failure, not an
   * altered message.  */
  if (!gsmime_canonical_pipe_finish (signed_data, error))
    return FALSE;
  note_signature (w, id, signers, signers ? NULL : why->message);
  /* A malformed signature covers nothing.  */
  return walk (w, content, child, depth + 1, signers != NULL, error);
}

/* Which kind of CMS object a pkcs7-mime part holds.  */
static GsmimePkcs7Kind
pkcs7_kind (GMimeObject *object)
{
  const char *type = g_mime_content_type_get_parameter (
    g_mime_object_get_content_type (object), "smime-type");
  g_autoptr (GMimeStream) data = NULL;

  if (!type)
    data = gsmime_decoded_stream (GMIME_PART (object));
  return gsmime_pkcs7_kind (type, data, GMIME_CONTENT_ENCODING_DEFAULT);
}

static gboolean
walk_inner (Walk *w, GMimeStream *content, const char *id, guint depth,
            gboolean covered, GError **error)
{
  g_autoptr (GMimeObject) inner = NULL;
  g_autofree char *child = g_strdup_printf ("%s.1", id);

  g_mime_stream_reset (content);
  inner = gsmime_entity_parse (content, depth + 1, error);
  return inner && walk (w, inner, child, depth + 1, covered, error);
}

static gboolean
walk_enveloped (Walk *w, GMimeObject *object, const char *id, guint depth,
                gboolean covered, GError **error)
{
  g_autoptr (GMimeStream) cms = gsmime_decoded_stream (GMIME_PART (object));
  g_autoptr (GMimeStream) plain = NULL;

  w->report->encrypted = TRUE;
  if (w->flags & GSMIME_READ_NO_DECRYPT)
    {
      w->report->decrypted = FALSE;
      note_leaf (w, object, id, covered);
      return TRUE;
    }
  /* The plaintext is parked where the parser leaves it, so that the
   * parts of the decrypted layer refer into it instead of being copied
   * out of it: a large attachment is in memory once.  */
  plain = gsmime_parking_new ("gsmime-decrypted", error);
  if (!plain || !gsmime_decrypt (w->session, cms, plain, error))
    {
      w->report->decrypted = FALSE;
      return FALSE;
    }
  return walk_inner (w, plain, id, depth, covered, error);
}

/* compressed-data is opened whatever the flags say: it is no secret,
 * and what it holds is judged as if it stood here.  */
static gboolean
walk_compressed (Walk *w, GMimeObject *object, const char *id, guint depth,
                 gboolean covered, GError **error)
{
  g_autoptr (GMimeStream) cms = gsmime_decoded_stream (GMIME_PART (object));
  g_autoptr (GMimeStream) content = g_mime_stream_mem_new ();

  w->compressed = TRUE;
  if (!gsmime_decompress (cms, &w->inflate_budget, content, error))
    return FALSE;
  return walk_inner (w, content, id, depth, covered, error);
}

static gboolean
walk_opaque (Walk *w, GMimeObject *object, const char *id, guint depth,
             gboolean covered, GError **error)
{
  g_autoptr (GMimeStream) cms = gsmime_decoded_stream (GMIME_PART (object));
  g_autoptr (GBytes) der = gsmime_stream_to_bytes (cms);
  g_autoptr (GMimeStream) content = g_mime_stream_mem_new ();
  g_autoptr (GPtrArray) signers = NULL;
  g_autoptr (GError) why = NULL;

  signers = verify_harvesting (w, der, NULL, content, &why);
  note_signature (w, id, signers, signers ? NULL : why->message);
  if (!signers)
    return TRUE;
  return walk_inner (w, content, id, depth, TRUE, error);
}

/* The text of PART in UTF-8 with plain newlines: signed and encrypted
 * content travels in canonical CRLF form, and a charset label can lie.  */
static char *
readable_text (GMimeTextPart *part)
{
  g_autofree char *text = g_mime_text_part_get_text (part);
  g_auto (GStrv) lines = NULL;
  g_autofree char *joined = NULL;

  if (!text)
    return g_strdup ("");
  lines = g_strsplit (text, "\r\n", -1);
  joined = g_strjoinv ("\n", lines);
  return g_utf8_make_valid (joined, -1);
}

static void
note_leaf (Walk *w, GMimeObject *object, const char *id, gboolean covered)
{
  if (covered)
    w->signed_leaves++;
  else
    g_ptr_array_add (w->unsigned_parts, g_strdup (id));

  if (!*w->report->body && GMIME_IS_TEXT_PART (object)
      && gsmime_object_is_type (object, "text", "plain")
      && !g_mime_part_is_attachment (GMIME_PART (object)))
    {
      g_free (w->report->body);
      w->report->body = readable_text (GMIME_TEXT_PART (object));
      if (w->strip_legacy && gsmime_hp_has_legacy_display (object))
        {
          char *shown = gsmime_legacy_display_strip_text (w->report->body);
          g_free (w->report->body);
          w->report->body = shown;
        }
    }
}

/* Row 14 again for the signers of the envelope, against the protected
 * From: that is the sender the reader shows, and the one the signature
 * covers.  */
static void
judge_signers_again (Walk *w, const char *from)
{
  guint i;

  if (!from || (w->from && !strcmp (w->from, from)))
    return;
  for (i = 0; i < w->report->signers->len; i++)
    {
      GsmimeSigner *s = g_ptr_array_index (w->report->signers, i);
      gsmime_verdict_judge_sender (s->verdict,
                                   (const char *const *) s->emails, from,
                                   s->revocation);
    }
}

/* OBJECT is the first part off the envelope's layers: the cryptographic
 * payload, whose header may be the protected one.  COVERED: a signature
 * layer wraps it; every signer met so far is one of those layers.  */
static void
reach_payload (Walk *w, GMimeObject *object, gboolean covered)
{
  GsmimePayloadFacts facts = { covered, w->report->encrypted,
                               w->report->signers };
  GsmimeProtectedHeaders *hp;

  if (!w->on_spine)
    return;
  w->on_spine = FALSE;
  hp = gsmime_hp_read (object, w->message, &facts, &w->hp_malformed);
  w->report->protected_headers = hp;
  if (!hp)
    return;
  /* Only where encryption hid the fields does a composer add the
   * element, and only there may it go (RFC 9788, 4.5.3.1).  */
  w->strip_legacy = facts.encrypted;
  judge_signers_again (w, hp->from_address);
}

static gboolean
walk_multipart (Walk *w, GMimeMultipart *mp, const char *id, guint depth,
                gboolean covered, GError **error)
{
  int i, n = g_mime_multipart_get_count (mp);

  for (i = 0; i < n; i++)
    {
      g_autofree char *child = g_strdup_printf ("%s.%d", id, i + 1);
      if (!walk (w, g_mime_multipart_get_part (mp, i), child, depth + 1,
                 covered, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
walk (Walk *w, GMimeObject *object, const char *id, guint depth,
      gboolean covered, GError **error)
{
  if (!object)
    return TRUE;
  if (!gsmime_depth_ok (depth, error))
    return FALSE;
  if (is_smime_signed (object))
    return walk_detached (w, GMIME_MULTIPART (object), id, depth, error);
  if (GMIME_IS_MULTIPART (object))
    {
      reach_payload (w, object, covered);
      return walk_multipart (w, GMIME_MULTIPART (object), id, depth, covered,
                             error);
    }
  if (gsmime_part_is_pkcs7 (object, "pkcs7-mime"))
    switch (pkcs7_kind (object))
      {
      case GSMIME_PKCS7_ENVELOPED:
        return walk_enveloped (w, object, id, depth, covered, error);
      case GSMIME_PKCS7_SIGNED:
        return walk_opaque (w, object, id, depth, covered, error);
      case GSMIME_PKCS7_COMPRESSED:
        return walk_compressed (w, object, id, depth, covered, error);
      case GSMIME_PKCS7_OTHER:
        break;
      }
  reach_payload (w, object, covered);
  note_leaf (w, object, id, covered);
  return TRUE;
}

/* The verdict of the whole message, once every part has been seen.  */
static void
conclude (Walk *w)
{
  GsmimeReport *r = w->report;
  const GsmimeProtectedHeaders *hp = r->protected_headers;
  GsmimeHeaderFacts headers = { hp ? hp->from_address : NULL, w->from,
                                hp && !hp->from_unverified,
                                w->hp_malformed };
  GsmimeMessageFacts facts = { w->seen, w->unsigned_parts, r->encrypted,
                               w->compressed, &headers };
  g_autoptr (GsmimeMessageVerdict) m = gsmime_verdict_for_message (&facts);

  r->verdict = g_steal_pointer (&m->verdict);
  r->headline = g_steal_pointer (&m->headline);
}

GsmimeReport *
gsmime_read_message (GsmimeSession *session, GMimeMessage *message,
                     GsmimeReadFlags flags, GError **error)
{
  g_autoptr (GsmimeReport) report = g_new0 (GsmimeReport, 1);
  g_autofree char *from = gsmime_message_first_address (message, "From");
  g_autoptr (GPtrArray) unsigned_parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) seen = g_array_new (FALSE, FALSE,
                                         sizeof (GsmimeSignatureSeen));
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  Walk w = { session, report, from, flags,
             { g_mime_message_get_message_id (message),
               g_mime_object_get_header (GMIME_OBJECT (message), "Date"),
               from },
             unsigned_parts, 0, seen, texts, FALSE,
             GSMIME_MAX_DECOMPRESSED, message, TRUE, NULL, FALSE };

  report->signers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_signer_free);
  report->body = g_strdup ("");
  report->harvested = g_ptr_array_new_with_free_func (g_free);
  report->refused =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_refusal_free);
  report->decrypted = TRUE;
  if (!walk (&w, g_mime_message_get_mime_part (message), "1", 0, FALSE, error))
    {
      g_free (w.hp_malformed);
      return NULL;
    }
  if (!report->encrypted)
    report->decrypted = FALSE;
  conclude (&w);
  g_free (w.hp_malformed);
  return g_steal_pointer (&report);
}

char *
gsmime_report_headline (const GsmimeReport *report)
{
  return g_strdup (report->headline);
}
