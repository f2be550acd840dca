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
