/* protect.c - turning an outgoing message into a signed and/or encrypted
 * one, headers kept, ready to send. */
#include <string.h>
#include "protect.h"
#include "data.h"
#include "encrypt.h"
#include "error.h"
#include "header-protection-write.h"
#include "i18n.h"
#include "keys.h"
#include "keyselect.h"
#include "message.h"
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

GMimeObject *
gsmime_sign_entity (GsmimeSession *session, GMimeObject *entity,
                    gpgme_key_t signer, gboolean opaque, GError **error)
{
  g_autoptr (GMimeStream) canonical = NULL;
  g_autoptr (GMimeStream) der = g_mime_stream_mem_new ();
  g_autofree char *micalg = NULL;
  GMimeMultipartSigned *mps;
  g_autoptr (GMimePart) sig = NULL;
  GMimeContentType *ct;

  /* Transports may recode 8-bit text and so break a detached signature;
   * RFC 5751 asks for 7-bit content under multipart/signed.  */
  g_mime_object_encode (entity, GMIME_ENCODING_CONSTRAINT_7BIT);
  make_type_explicit (entity);
  canonical = gsmime_canonical_stream (entity);
  if (!gsmime_sign (session, signer, canonical, der, !opaque, &micalg, error))
    return NULL;
  if (opaque)
    return GMIME_OBJECT (pkcs7_part ("pkcs7-mime", "signed-data", "smime.p7m",
                                     der));

  mps = g_mime_multipart_signed_new ();
  g_mime_multipart_set_boundary (GMIME_MULTIPART (mps), NULL);
  ct = g_mime_object_get_content_type (GMIME_OBJECT (mps));
  g_mime_content_type_set_parameter (ct, "protocol",
                                     "application/pkcs7-signature");
  g_mime_content_type_set_parameter (ct, "micalg", micalg);
  sig = pkcs7_part ("pkcs7-signature", NULL, "smime.p7s", der);
  g_mime_multipart_add (GMIME_MULTIPART (mps), entity);
  g_mime_multipart_add (GMIME_MULTIPART (mps), GMIME_OBJECT (sig));
  return GMIME_OBJECT (mps);
}

GMimeObject *
gsmime_encrypt_entity (GsmimeSession *session, GMimeObject *entity,
                       GPtrArray *keys, const char *const *addresses,
                       GPtrArray *problems, GError **error)
{
  g_autoptr (GMimeStream) canonical = gsmime_canonical_stream (entity);
  g_autoptr (GMimeStream) der = g_mime_stream_mem_new ();

  if (!gsmime_encrypt (session, keys, addresses, canonical, der, problems,
                       error))
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

static GMimeObject *
encrypt_for_message (GsmimeSession *session, GMimeMessage *message,
                     GMimeObject *entity, const GsmimeProtectRequest *request,
                     const char *sender, GPtrArray *problems, GError **error)
{
  static const char *const to_cc[] = { "To", "Cc", NULL };
  g_auto (GStrv) found = NULL;
  const char *const *wanted = request->recipients;
  g_autoptr (GPtrArray) keys =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gpgme_key_unref);
  g_autoptr (GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  const char *const *a;

  if (!wanted)
    {
      found = gsmime_message_addresses (message, to_cc);
      wanted = (const char *const *) found;
    }
  if (!wanted[0])
    {
      gsmime_set_error (error, GPG_ERR_NO_USER_ID,
                        _("The message has no recipients to encrypt to; add "
                          "To or Cc, or name them with --to"));
      return NULL;
    }
  for (a = wanted; *a; a++)
    g_ptr_array_add (addresses, g_ascii_strdown (*a, -1));
  g_ptr_array_add (addresses, NULL);
  if (!gsmime_choose_recipients (session,
                                 (const char *const *) addresses->pdata,
                                 request->allow_unchecked, keys, problems,
                                 error))
    return NULL;
  g_ptr_array_remove_index (addresses, addresses->len - 1);
  if (sender && !add_sender (session, sender, request->allow_unchecked, keys,
                             addresses, problems, error))
    return NULL;
  if (problems->len)
    {
      gsmime_set_recipient_error (error, problems);
      return NULL;
    }
  g_ptr_array_add (addresses, NULL);
  return gsmime_encrypt_entity (session, entity, keys,
                                (const char *const *) addresses->pdata,
                                problems, error);
}

gboolean
gsmime_protect_message (GsmimeSession *session, GMimeMessage *message,
                        const GsmimeProtectRequest *request, GError **error)
{
  g_autofree char *sender = gsmime_message_first_address (message, "From");
  g_autoptr (GPtrArray) own_problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_recipient_problem_free);
  GPtrArray *problems = request->problems ? request->problems : own_problems;
  g_autoptr (GMimeObject) entity = NULL;
  g_autoptr (GsmimeHpOuter) outer = NULL;
  GMimeObject *body = g_mime_message_get_mime_part (message);

  if (!body)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The message has no body to protect"));
      return FALSE;
    }
  if (request->no_header_protection)
    entity = g_object_ref (body);
  else
    entity = gsmime_hp_compose (message, body,
                                request->flags & GSMIME_PROTECT_ENCRYPT,
                                request->hcp, !request->no_legacy_display,
                                &outer, error);
  if (!entity)
    return FALSE;
  if (request->flags & GSMIME_PROTECT_SIGN)
    {
      const char *id = request->signer ? request->signer : sender;
      g_autoptr (GMimeObject) signed_entity = NULL;
      gpgme_key_t signer;

      if (!id)
        {
          gsmime_set_error (error, GPG_ERR_NO_USER_ID,
                            _("The message has no From address to sign "
                              "as; add one, or name your key with "
                              "--signer"));
          return FALSE;
        }
      signer = gsmime_choose_signing_key (session, id, error);
      if (!signer)
        return FALSE;
      signed_entity = gsmime_sign_entity (session, entity, signer,
                                          request->flags & GSMIME_PROTECT_OPAQUE,
                                          error);
      gpgme_key_unref (signer);
      if (!signed_entity)
        return FALSE;
      g_set_object (&entity, signed_entity);
    }
  if (request->flags & GSMIME_PROTECT_ENCRYPT)
    {
      g_autoptr (GMimeObject) sealed = encrypt_for_message (
        session, message, entity, request, sender, problems, error);
      if (!sealed)
        return FALSE;
      g_set_object (&entity, sealed);
    }
  g_mime_message_set_mime_part (message, entity);
  gsmime_hp_obscure (message, outer);
  return TRUE;
}
