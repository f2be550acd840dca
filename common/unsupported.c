/* unsupported.c - what this engine cannot check or open, as the outline
 * of a CMS object shows it. */
#include <config.h>
#include <string.h>
#include "unsupported.h"
#include "i18n.h"

/* The length in bytes of the digest named NAME (gsmime_digest_name), or
 * 0.  */
static guint
digest_length (const char *name)
{
  static const struct
  {
    const char *name;
    guint length;
  } lengths[] = {
    { "sha1", 20 }, { "sha224", 28 }, { "sha256", 32 }, { "sha384", 48 },
    { "sha512", 64 },
  };
  guint i;

  for (i = 0; name && i < G_N_ELEMENTS (lengths); i++)
    if (!strcmp (name, lengths[i].name))
      return lengths[i].length;
  return 0;
}

/* Whether SIGNER is RSASSA-PSS with a salt other than its digest's
 * length, which gpgsm's extract_pss_params refuses.  */
static gboolean
pss_other_salt (const GsmimeCmsSigner *signer)
{
  guint length = digest_length (gsmime_digest_name (signer->pss_hash_oid));

  return signer->algorithm == GSMIME_SIGNATURE_RSA_PSS && length
         && signer->pss_salt_length != length;
}

gboolean
gsmime_signer_unsupported (const GsmimeEngineVersions *versions,
                           const GsmimeCmsSigner *signer,
                           GsmimeCapability *missing, char **algorithm)
{
  const char *name = NULL;

  switch (signer->algorithm)
    {
    case GSMIME_SIGNATURE_ED25519:
      *missing = GSMIME_CAN_EDDSA_SIGNATURES;
      name = "Ed25519";
      break;
    case GSMIME_SIGNATURE_ED448:
      *missing = GSMIME_CAN_EDDSA_SIGNATURES;
      name = "Ed448";
      break;
    case GSMIME_SIGNATURE_RSA_PSS:
      if (!pss_other_salt (signer))
        return FALSE;
      *missing = GSMIME_CAN_PSS_ANY_SALT;
      break;
    default:
      return FALSE;
    }
  if (gsmime_engine_versions_can (versions, *missing))
    return FALSE;
  if (algorithm)
    *algorithm = name ? g_strdup (name)
                      : g_strdup_printf (_("RSA-PSS with a %u-byte salt"),
                                         signer->pss_salt_length);
  return TRUE;
}

gboolean
gsmime_cert_id_is_key (const GsmimeCmsCertId *id, gpgme_key_t key)
{
  return id->issuer && id->serial && key && key->issuer_name
         && key->issuer_serial && !strcmp (id->issuer, key->issuer_name)
         && !g_ascii_strcasecmp (id->serial, key->issuer_serial);
}

char *
gsmime_cert_id_pattern (const GsmimeCmsCertId *id)
{
  if (!id->issuer || !id->serial)
    return NULL;
  return g_strdup_printf ("#%s/%s", id->serial, id->issuer);
}

/* The user's certificate among OWN that recipient R names, or NULL.  */
static gpgme_key_t
own_key (const GsmimeCmsRecipient *r, const GPtrArray *own)
{
  guint i;

  for (i = 0; own && i < own->len; i++)
    if (gsmime_cert_id_is_key (&r->cert, g_ptr_array_index (own, i)))
      return g_ptr_array_index (own, i);
  return NULL;
}

/* Whether recipient R names a certificate with the serial number of one
 * of OWN under another issuer: one of theirs with its name damaged.  */
static gboolean
nearly_own (const GsmimeCmsRecipient *r, const GPtrArray *own)
{
  guint i;

  for (i = 0; r->cert.serial && own && i < own->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (own, i);
      if (key->issuer_serial
          && !g_ascii_strcasecmp (r->cert.serial, key->issuer_serial))
        return TRUE;
    }
  return FALSE;
}

/* What recipient R's key transport needs that an engine of VERSIONS
 * lacks, into *MISSING; FALSE when it lacks nothing (or R's transport is
 * not known: then the object is damaged).  */
static gboolean
key_wrap_missing (const GsmimeEngineVersions *versions,
                  const GsmimeCmsRecipient *r, GsmimeCapability *missing)
{
  if (r->key_wrap == GSMIME_KEY_WRAP_RSA_OAEP)
    *missing = GSMIME_CAN_RSA_OAEP;
  else if (r->key_wrap == GSMIME_KEY_WRAP_ECDH)
    *missing = GSMIME_CAN_ECDH_DECRYPT;
  else
    return FALSE;
  return !gsmime_engine_versions_can (versions, *missing);
}

/* What the content cipher of O needs that an engine of VERSIONS lacks,
 * into *MISSING.  */
static gboolean
cipher_missing (const GsmimeEngineVersions *versions,
                const GsmimeCmsOutline *o, GsmimeCapability *missing)
{
  if (o->cipher != GSMIME_CIPHER_AES_GCM)
    return FALSE;
  *missing = GSMIME_CAN_AES_GCM_LONG_TAG;
  if (o->gcm_tag_length != 12
      && !gsmime_engine_versions_can (versions, *missing))
    return TRUE;
  *missing = GSMIME_CAN_AES_GCM;
  return !gsmime_engine_versions_can (versions, *missing);
}

/* Chooses, among the recipients of O that name one of OWN, the first the
 * engine can open, else the first at all; FALSE when none names one.  */
static gboolean
choose_recipient (const GsmimeEngineVersions *versions,
                  const GsmimeCmsOutline *o, const GPtrArray *own,
                  GsmimeDecryptFailure *f)
{
  GsmimeCapability missing;
  guint i;

  f->key = NULL;
  for (i = 0; i < o->recipients->len; i++)
    {
      const GsmimeCmsRecipient *r = g_ptr_array_index (o->recipients, i);
      gpgme_key_t key = own_key (r, own);
      if (!key)
        continue;
      if (!key_wrap_missing (versions, r, &missing))
        {
          f->key = key;
          f->why = GSMIME_UNREADABLE_DAMAGED;
          return TRUE;
        }
      if (!f->key)
        {
          f->key = key;
          f->why = GSMIME_UNREADABLE_KEY_WRAP;
          f->missing = missing;
        }
    }
  return f->key != NULL;
}

void
gsmime_decrypt_failure_explain (const GsmimeEngineVersions *versions,
                                const GsmimeCmsOutline *o,
                                const GPtrArray *own, gboolean tag_failed,
                                GsmimeDecryptFailure *f)
{
  guint i;

  f->why = GSMIME_UNREADABLE_DAMAGED;
  f->key = NULL;
  if (o->content != GSMIME_CMS_CONTENT_ENVELOPED
      && o->content != GSMIME_CMS_CONTENT_AUTH_ENVELOPED)
    return;
  if (!choose_recipient (versions, o, own, f))
    {
      /* What libksba could not read to its content may hide the name of
       * one of theirs.  */
      for (i = 0; o->complete && i < o->recipients->len; i++)
        if (nearly_own (g_ptr_array_index (o->recipients, i), own))
          return;
      f->why = o->complete ? GSMIME_UNREADABLE_NOT_FOR_YOU
                           : GSMIME_UNREADABLE_DAMAGED;
      return;
    }
  if (f->why != GSMIME_UNREADABLE_DAMAGED)
    return;
  /* libksba stops at a content cipher it does not know.  gpgsm checked
   * an AES-GCM tag and found it wrong: damaged, whatever else it cannot
   * do.  */
  if (o->cipher == GSMIME_CIPHER_UNKNOWN)
    f->why = GSMIME_UNREADABLE_UNKNOWN_CIPHER;
  else if (o->complete && !(tag_failed && o->cipher == GSMIME_CIPHER_AES_GCM)
           && cipher_missing (versions, o, &f->missing))
    f->why = GSMIME_UNREADABLE_CIPHER;
}
