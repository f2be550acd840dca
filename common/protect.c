/* protect.c - turning an outgoing message into a signed and/or encrypted
 * one, headers kept, ready to send. */
#include <errno.h>
#include <string.h>
#include "protect.h"
#include "canonical-pipe.h"
#include "data.h"
#include "der-sink.h"
#include "encrypt.h"
#include "error.h"
#include "header-protection-write.h"
#include "i18n.h"
#include "keys.h"
#include "keyselect.h"
#include "message.h"
#include "parking.h"
#include "sign.h"

/* A base64 application/pkcs7-* part holding DER.  */
static GMimePart *
pkcs7_part (const char *subtype, const char *smime_type, const char *filename,
            GMimeStream *der)
{
  GMimePart *part = g_mime_part_new_with_type ("application", subtype);
  GMimeContentType *ct = g_mime_object_get_content_type (GMIME_OBJECT (part));
  g_autoptr (GMimeDataWrapper) wrapper = NULL;

  if (smime_type)
    g_mime_content_type_set_parameter (ct, "smime-type", smime_type);
  g_mime_content_type_set_parameter (ct, "name", filename);
  g_mime_stream_reset (der);
  wrapper = g_mime_data_wrapper_new_with_stream (der,
                                                 GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content (part, wrapper);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);
  g_mime_object_set_disposition (GMIME_OBJECT (part), "attachment");
  g_mime_part_set_filename (part, filename);
  return part;
}

/* A body without a Content-Type header means text/plain in US-ASCII; once
 * it is a part of a multipart that default no longer speaks for itself,
 * and some readers then guess, so the type is written out.  */
static void
make_type_explicit (GMimeObject *entity)
{
  GMimeContentType *ct = g_mime_object_get_content_type (entity);
  g_autofree char *type = NULL;

  if (g_mime_object_get_header (entity, "Content-Type") || !ct)
    return;
  /* Without the header there are no parameters to lose.  */
  type = g_mime_content_type_get_mime_type (ct);
  g_mime_object_set_header (entity, "Content-Type", type, NULL);
}

/* RFC 5751 asks for 7-bit content under multipart/signed, since
 * transports may recode 8-bit text and so break a detached signature.  */
static void
prepare_for_signing (GMimeObject *entity)
{
  g_mime_object_encode (entity, GMIME_ENCODING_CONSTRAINT_7BIT);
  make_type_explicit (entity);
}

/* Ends PIPE after gpgsm's operation, which returned OK and OP_ERROR: the
 * writer's error, when it failed, is the one to tell, since gpgsm then
 * only saw its input end short.  */
static gboolean
pipe_done (GsmimeCanonicalPipe *pipe, gboolean ok, GError *op_error,
           GError **error)
{
  g_autoptr (GError) op = op_error;

  if (!gsmime_canonical_pipe_finish (pipe, error))
    return FALSE;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&op));
  return ok;
}

/* Signs ENTITY, streamed to gpgsm in canonical form, writing the DER to
 * OUT; see gsmime_sign.  */
static gboolean
sign_canonical (GsmimeSession *session, gpgme_key_t signer,
                GMimeObject *entity, gpgme_data_t out, gboolean detached,
                char **micalg, GError **error)
{
  GsmimeCanonicalPipe *pipe = gsmime_canonical_pipe_start (entity, error);
  GError *op_error = NULL;
  gboolean ok;

  if (!pipe)
    return FALSE;
  ok = gsmime_sign_data (session, signer, gsmime_canonical_pipe_data (pipe),
                         out, detached, micalg, &op_error);
  return pipe_done (pipe, ok, op_error, error);
}

/* Encrypts ENTITY, streamed to gpgsm in canonical form, writing the DER
 * to OUT; see gsmime_encrypt.  */
static gboolean
encrypt_canonical (GsmimeSession *session, GPtrArray *keys,
                   const char *const *addresses, GMimeObject *entity,
                   gpgme_data_t out, GPtrArray *problems, GError **error)
{
  GsmimeCanonicalPipe *pipe = gsmime_canonical_pipe_start (entity, error);
  GError *op_error = NULL;
  gboolean ok;

  if (!pipe)
    return FALSE;
  ok = gsmime_encrypt_data (session, keys, addresses,
                            gsmime_canonical_pipe_data (pipe), out, problems,
                            &op_error);
  return pipe_done (pipe, ok, op_error, error);
}

/* A parked stream (parking.c) and a GPGME data object that writes into
 * it, for DER that must be kept until it is wrapped.  */
static GMimeStream *
parked_der (gpgme_data_t *data, GError **error)
{
  g_autoptr (GMimeStream) der = gsmime_parking_new ("gsmime-der", error);

  if (!der)
    return NULL;
  *data = gsmime_data_from_stream (der, error);
  return *data ? g_steal_pointer (&der) : NULL;
}

/* ENTITY and its detached signature SIG (DER) as multipart/signed.  */
static GMimeObject *
multipart_signed (GMimeObject *entity, const char *micalg, GMimeStream *sig)
{
  GMimeMultipartSigned *mps = g_mime_multipart_signed_new ();
  GMimeContentType *ct = g_mime_object_get_content_type (GMIME_OBJECT (mps));
  g_autoptr (GMimePart) part = pkcs7_part ("pkcs7-signature", NULL,
                                           "smime.p7s", sig);

  g_mime_multipart_set_boundary (GMIME_MULTIPART (mps), NULL);
  g_mime_content_type_set_parameter (ct, "protocol",
                                     "application/pkcs7-signature");
  g_mime_content_type_set_parameter (ct, "micalg", micalg);
  g_mime_multipart_add (GMIME_MULTIPART (mps), entity);
  g_mime_multipart_add (GMIME_MULTIPART (mps), GMIME_OBJECT (part));
  return GMIME_OBJECT (mps);
}

/* The entity is read twice from where it lies (the message file, for the
 * gsmime command): once streamed to gpgsm, once when the multipart is
 * written.  The DER is kept in a parked stream, small for a detached
 * signature, the whole entity for opaque signed-data.  */
GMimeObject *
gsmime_sign_entity (GsmimeSession *session, GMimeObject *entity,
                    gpgme_key_t signer, gboolean opaque, GError **error)
{
  gpgme_data_t data = NULL;
  g_autoptr (GMimeStream) der = parked_der (&data, error);
  g_autofree char *micalg = NULL;
  gboolean ok;

  if (!der)
    return NULL;
  prepare_for_signing (entity);
  ok = sign_canonical (session, signer, entity, data, !opaque, &micalg,
                       error);
  gpgme_data_release (data);
  if (!ok)
    return NULL;
  if (opaque)
    return GMIME_OBJECT (pkcs7_part ("pkcs7-mime", "signed-data", "smime.p7m",
                                     der));
  return multipart_signed (entity, micalg, der);
}

GMimeObject *
gsmime_encrypt_entity (GsmimeSession *session, GMimeObject *entity,
                       GPtrArray *keys, const char *const *addresses,
                       GPtrArray *problems, GError **error)
{
  gpgme_data_t data = NULL;
  g_autoptr (GMimeStream) der = parked_der (&data, error);
  gboolean ok;

  if (!der)
    return NULL;
  ok = encrypt_canonical (session, keys, addresses, entity, data, problems,
                          error);
  gpgme_data_release (data);
  if (!ok)
    return NULL;
  return GMIME_OBJECT (pkcs7_part ("pkcs7-mime", "enveloped-data",
                                   "smime.p7m", der));
}

/* The sender is encrypted to as well, so that the copy in the Sent folder
 * can be read again: their own certificate, preferably the one that goes
 * with the signing key.  */
static gboolean
add_sender (GsmimeSession *session, const char *sender,
            gboolean allow_unchecked, GPtrArray *keys, GPtrArray *addresses,
            GPtrArray *problems, GError **error)
{
  GsmimeRecipientProblem *problem = NULL;
  gpgme_key_t key;
  guint i;

  for (i = 0; i < addresses->len; i++)
    if (!g_ascii_strcasecmp (g_ptr_array_index (addresses, i), sender))
      return TRUE;
  key = gsmime_choose_recipient (session, sender, allow_unchecked, &problem,
                                 error);
  if (!key && !problem)
    return FALSE;
  if (key)
    {
      g_ptr_array_add (keys, key);
      g_ptr_array_add (addresses, g_strdup (sender));
    }
  else
    g_ptr_array_add (problems, problem);
  return TRUE;
}

/* What a message's protection needs once chosen, and the entity it
 * covers.  */
typedef struct
{
  GMimeMessage *message;
  const GsmimeProtectRequest *request;
  GMimeObject *entity;
  GsmimeHpOuter *outer;
  gpgme_key_t signer;
  GPtrArray *keys;        /* gpgme_key_t: the recipients' certificates */
  GPtrArray *addresses;   /* char*: whom each is for, NULL-terminated */
  GPtrArray *problems;
} Protection;

static void
protection_clear (Protection *p)
{
  g_clear_object (&p->entity);
  g_clear_pointer (&p->outer, gsmime_hp_outer_free);
  g_clear_pointer (&p->signer, gpgme_key_unref);
  g_clear_pointer (&p->keys, g_ptr_array_unref);
  g_clear_pointer (&p->addresses, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Protection, protection_clear)

static gboolean
choose_signer (GsmimeSession *session, Protection *p, const char *sender,
               GError **error)
{
  const char *id = p->request->signer ? p->request->signer : sender;

  if (!id)
    {
      gsmime_set_error (error, GPG_ERR_NO_USER_ID,
                        _("The message has no From address to sign "
                          "as; add one, or name your key with "
                          "--signer"));
      return FALSE;
    }
  p->signer = gsmime_choose_signing_key (session, id, error);
  return p->signer != NULL;
}

static gboolean
choose_recipients (GsmimeSession *session, Protection *p, const char *sender,
                   GError **error)
{
  static const char *const to_cc[] = { "To", "Cc", NULL };
  g_auto (GStrv) found = NULL;
  const char *const *wanted = p->request->recipients;
  const char *const *a;

  if (!wanted)
    {
      found = gsmime_message_addresses (p->message, to_cc);
      wanted = (const char *const *) found;
    }
  if (!wanted[0])
    {
      gsmime_set_error (error, GPG_ERR_NO_USER_ID,
                        _("The message has no recipients to encrypt to; add "
                          "To or Cc, or name them with --to"));
      return FALSE;
    }
  p->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) gpgme_key_unref);
  p->addresses = g_ptr_array_new_with_free_func (g_free);
  for (a = wanted; *a; a++)
    g_ptr_array_add (p->addresses, g_ascii_strdown (*a, -1));
  g_ptr_array_add (p->addresses, NULL);
  if (!gsmime_choose_recipients (session,
                                 (const char *const *) p->addresses->pdata,
                                 p->request->allow_unchecked, p->keys,
                                 p->problems, error))
    return FALSE;
  g_ptr_array_remove_index (p->addresses, p->addresses->len - 1);
  if (sender && !add_sender (session, sender, p->request->allow_unchecked,
                             p->keys, p->addresses, p->problems, error))
    return FALSE;
  g_ptr_array_add (p->addresses, NULL);
  if (p->problems->len)
    {
      gsmime_set_recipient_error (error, p->problems);
      return FALSE;
    }
  return TRUE;
}

/* Writes MESSAGE to OUT as it stands.  */
static gboolean
write_message (GMimeMessage *message, GMimeStream *out, GError **error)
{
  errno = 0;
  if (g_mime_object_write_to_stream (GMIME_OBJECT (message), NULL, out) >= 0
      && g_mime_stream_flush (out) >= 0)
    return TRUE;
  gsmime_set_error (error, gpg_err_code_from_errno (errno ? errno : EIO),
                    _("Could not write the message: %s"),
                    g_strerror (errno ? errno : EIO));
  return FALSE;
}

/* The last layer, enveloped-data when ENCRYPT, else opaque signed-data,
 * written to OUT as gpgsm makes it (der-sink.c), the message's header
 * first.  */
static gboolean
stream_last_layer (GsmimeSession *session, Protection *p, gboolean encrypt,
                   GMimeStream *out, GError **error)
{
  g_autoptr (GMimeStream) empty = g_mime_stream_mem_new ();
  g_autoptr (GMimePart) part = pkcs7_part (
    "pkcs7-mime", encrypt ? "enveloped-data" : "signed-data", "smime.p7m",
    empty);
  GsmimeDerSink *sink = gsmime_der_sink_new (p->message, GMIME_OBJECT (part),
                                             p->outer, out, error);
  g_autoptr (GError) op_error = NULL;
  gboolean ok;

  if (!sink)
    return FALSE;
  if (encrypt)
    ok = encrypt_canonical (session, p->keys,
                            (const char *const *) p->addresses->pdata,
                            p->entity, gsmime_der_sink_data (sink),
                            p->problems, &op_error);
  else
    {
      prepare_for_signing (p->entity);
      ok = sign_canonical (session, p->signer, p->entity,
                           gsmime_der_sink_data (sink), FALSE, NULL,
                           &op_error);
    }
  if (!gsmime_der_sink_finish (sink, ok, error))
    return FALSE;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&op_error));
  return ok;
}

/* multipart/signed, the signature small and made first, then the whole
 * message written with the entity read a second time.  */
static gboolean
write_signed (GsmimeSession *session, Protection *p, GMimeStream *out,
              GError **error)
{
  g_autoptr (GMimeObject) signed_entity =
    gsmime_sign_entity (session, p->entity, p->signer, FALSE, error);

  if (!signed_entity)
    return FALSE;
  g_mime_message_set_mime_part (p->message, signed_entity);
  gsmime_hp_obscure (p->message, p->outer);
  return write_message (p->message, out, error);
}

/* Chooses the keys REQUEST needs, then protects and writes.  */
static gboolean
protect (GsmimeSession *session, Protection *p, GMimeStream *out,
         GError **error)
{
  g_autofree char *sender = gsmime_message_first_address (p->message,
                                                          "From");
  GsmimeProtectFlags flags = p->request->flags;

  if ((flags & GSMIME_PROTECT_SIGN) && !choose_signer (session, p, sender,
                                                       error))
    return FALSE;
  if ((flags & GSMIME_PROTECT_ENCRYPT)
      && !choose_recipients (session, p, sender, error))
    return FALSE;
  if (!(flags & GSMIME_PROTECT_ENCRYPT))
    return flags & GSMIME_PROTECT_OPAQUE
           ? stream_last_layer (session, p, FALSE, out, error)
           : write_signed (session, p, out, error);
  if (flags & GSMIME_PROTECT_SIGN)
    {
      /* Opaque signed-data to be encrypted waits in a parked stream.  */
      GMimeObject *signed_entity = gsmime_sign_entity (
        session, p->entity, p->signer, flags & GSMIME_PROTECT_OPAQUE, error);

      if (!signed_entity)
        return FALSE;
      g_object_unref (p->entity);
      p->entity = signed_entity;
    }
  return stream_last_layer (session, p, TRUE, out, error);
}

gboolean
gsmime_protect_message (GsmimeSession *session, GMimeMessage *message,
                        const GsmimeProtectRequest *request, GMimeStream *out,
                        GError **error)
{
  g_autoptr (GPtrArray) own_problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_recipient_problem_free);
  g_auto (Protection) p = { .message = message, .request = request };
  GMimeObject *body = g_mime_message_get_mime_part (message);

  p.problems = request->problems ? request->problems : own_problems;
  if (!body)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The message has no body to protect"));
      return FALSE;
    }
  if (request->no_header_protection)
    p.entity = g_object_ref (body);
  else
    p.entity = gsmime_hp_compose (message, body,
                                  request->flags & GSMIME_PROTECT_ENCRYPT,
                                  request->hcp, !request->no_legacy_display,
                                  &p.outer, error);
  if (!p.entity)
    return FALSE;
  return protect (session, &p, out, error);
}
