/* engine.c - what the installed gpgsm, dirmngr and libksba can do. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <gpgme.h>
#include <ksba.h>
#include "engine.h"
#include "bounded.h"
#include "i18n.h"

/* Which program's version a capability is judged by.  */
typedef enum
{
  BY_GPGSM,
  BY_DIRMNGR
} Program;

/* One capability: the first release of the 2.2 series that has it and
 * the first of the series after it (2.3 onwards), NULL where none does,
 * and the libksba it needs besides.  The versions are those of GnuPG's
 * NEWS and release tags, listed in doc/algorithms.md.  */
typedef struct
{
  const char *name;
  Program program;
  const char *since_2_2;
  const char *since_later;
  const char *ksba;
  const char *what;
  const char *since;
} Rule;

static const Rule rules[GSMIME_CAN_COUNT] = {
  /* gpgsm decrypts it from 2.2.28 and 2.3.2 (with libksba 1.6), but after
   * checking the tag its sm/decrypt.c leaves without DECRYPTION_OKAY, up
   * to 2.5.9 and master: GPGME then reports "No data".  */
  [GSMIME_CAN_AES_GCM] = {
    "aes-gcm", BY_GPGSM, NULL, NULL, "1.6.0",
    N_("decrypt AES-GCM (AuthEnvelopedData) with the standard 12-byte tag "
       "through GPGME"),
    N_("no release of gpgsm yet: gpgsm 2.2.28 and 2.3.2 decrypt it, but do "
       "not report the success to GPGME") },
  [GSMIME_CAN_AES_GCM_LONG_TAG] = {
    "aes-gcm-16-byte-tag", BY_GPGSM, NULL, NULL, NULL,
    N_("decrypt AES-GCM with a 16-byte tag, as OpenSSL writes it"),
    N_("no release of gpgsm and libksba yet") },
  [GSMIME_CAN_ECDH_DECRYPT] = {
    "ecdh-decrypt", BY_GPGSM, "2.2.42", "2.3.0", NULL,
    N_("decrypt messages encrypted to an elliptic-curve certificate "
       "(ECDH)"),
    N_("gpgsm 2.2.42 or 2.3.0 and later") },
  [GSMIME_CAN_ECDH_ENCRYPT] = {
    "ecdh-encrypt", BY_GPGSM, "2.2.44", "2.3.0", NULL,
    N_("encrypt to an elliptic-curve certificate (ECDH)"),
    N_("gpgsm 2.2.44 or 2.3.0 and later") },
  [GSMIME_CAN_ECDH_ENCRYPT_FLAG] = {
    "ecdh-encrypt-flag", BY_GPGSM, "2.2.42", "2.3.0", NULL,
    N_("encrypt to an elliptic-curve certificate with gpgsm's "
       "compatibility flag allow-ecc-encr"),
    N_("gpgsm 2.2.42 or 2.3.0 and later") },
  [GSMIME_CAN_EC_PKCS12] = {
    "ec-pkcs12", BY_GPGSM, "2.2.42", "2.3.0", NULL,
    N_("import a PKCS#12 file that holds an elliptic-curve key"),
    N_("gpgsm 2.2.42 or 2.3.0 and later") },
  [GSMIME_CAN_PSS_ANY_SALT] = {
    "rsa-pss-any-salt", BY_GPGSM, NULL, NULL, NULL,
    N_("check RSA-PSS signatures whose salt is not as long as their "
       "digest"),
    N_("no release of gpgsm yet") },
  [GSMIME_CAN_PSS_REFUSE_SAFELY] = {
    "rsa-pss-refuse-safely", BY_GPGSM, "2.2.44", "2.4.6", NULL,
    N_("refuse an RSA-PSS signature with another salt length without "
       "aborting"),
    N_("gpgsm 2.2.44 or 2.4.6 and later") },
  [GSMIME_CAN_RSA_OAEP] = {
    "rsa-oaep", BY_GPGSM, NULL, NULL, NULL,
    N_("decrypt a session key transported with RSA-OAEP"),
    N_("no release of gpgsm yet") },
  [GSMIME_CAN_EDDSA_SIGNATURES] = {
    "eddsa-signatures", BY_GPGSM, NULL, NULL, NULL,
    N_("check Ed25519 and Ed448 message signatures"),
    N_("no release of gpgsm yet") },
  [GSMIME_CAN_ECDSA_REVOCATION] = {
    "ecdsa-revocation", BY_DIRMNGR, "2.2.42", "2.4.0", NULL,
    N_("check CRLs and OCSP answers signed with ECDSA"),
    N_("dirmngr 2.2.42 or 2.4.0 and later") },
  [GSMIME_CAN_ECDSA_DIGEST_BY_CURVE] = {
    "ecdsa-digest-by-curve", BY_GPGSM, "2.2.42", "2.3.0", NULL,
    N_("sign with an elliptic-curve key using the digest its curve needs, "
       "whatever digest the certificate was issued with"),
    N_("gpgsm 2.2.42 or 2.3.0 and later") },
};

/* Reads the first up to three numbers of VERSION into PARTS.  */
static gboolean
parse_version (const char *version, long parts[3])
{
  const char *p = version;
  char *end;
  int i;

  if (!p || !g_ascii_isdigit (*p))
    return FALSE;
  for (i = 0; i < 3; i++)
    {
      parts[i] = 0;
      if (!g_ascii_isdigit (*p))
        continue;
      parts[i] = strtol (p, &end, 10);
      p = *end == '.' ? end + 1 : end;
    }
  return TRUE;
}

int
gsmime_version_compare (const char *a, const char *b)
{
  long pa[3], pb[3];
  int i;

  if (!parse_version (a, pa) || !parse_version (b, pb))
    return 0;
  for (i = 0; i < 3; i++)
    if (pa[i] != pb[i])
      return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

/* Whether VERSION is known and not older than FIRST (NULL: never).  */
static gboolean
at_least (const char *version, const char *first)
{
  long parts[3];

  return first && parse_version (version, parts)
         && gsmime_version_compare (version, first) >= 0;
}

/* Whether VERSION is at least the first release that has a capability,
 * SINCE_2_2 in the 2.2 series and SINCE_LATER from 2.3 on.  */
static gboolean
release_has (const char *version, const char *since_2_2,
             const char *since_later)
{
  long parts[3];

  if (!parse_version (version, parts))
    return FALSE;
  if (parts[0] == 2 && parts[1] <= 2)
    return at_least (version, since_2_2);
  return at_least (version, since_later);
}

gboolean
gsmime_engine_versions_can (const GsmimeEngineVersions *versions,
                            GsmimeCapability cap)
{
  const Rule *rule;
  const char *version;

  g_return_val_if_fail (versions && cap < GSMIME_CAN_COUNT, FALSE);
  rule = &rules[cap];
  version = rule->program == BY_GPGSM ? versions->gpgsm : versions->dirmngr;
  if (!release_has (version, rule->since_2_2, rule->since_later))
    return FALSE;
  return !rule->ksba || at_least (versions->ksba, rule->ksba);
}

/* The version GPGME found for the engine of PROTOCOL, copied: GPGME
 * frees its engine information when anyone changes it.  */
static char *
gpgme_engine_version (gpgme_protocol_t protocol)
{
  gpgme_engine_info_t info = NULL;

  if (gpgme_get_engine_info (&info))
    return NULL;
  for (; info; info = info->next)
    if (info->protocol == protocol)
      return g_strdup (info->version);
  return NULL;
}

/* dirmngr's own version from "dirmngr --version", whose first line ends
 * with it ("dirmngr (GnuPG) 2.2.40"); this starts no daemon.  Distributions
 * may ship dirmngr apart from gpgconf, so GnuPG's version is only the
 * fallback.  */
static char *
dirmngr_version (void)
{
  const char *program = gpgme_get_dirinfo ("dirmngr-name");
  const char *argv[] = { program, "--version", NULL };
  g_auto (GsmimeBoundedRun) run = { 0 };
  g_autofree char *text = NULL;
  const char *space;
  char *eol;

  if (!program)
    return NULL;
  gsmime_run_bounded (argv, 5000, &run);
  if (!run.started || run.timed_out || run.status != 0 || !run.out)
    return NULL;
  text = g_strndup (g_bytes_get_data (run.out, NULL),
                    g_bytes_get_size (run.out));
  if ((eol = strchr (text, '\n')))
    *eol = '\0';
  space = strrchr (text, ' ');
  return space && g_ascii_isdigit (space[1]) ? g_strdup (space + 1) : NULL;
}

const GsmimeEngineVersions *
gsmime_engine_versions (void)
{
  static GsmimeEngineVersions versions;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      gpgme_check_version (NULL);
      versions.gpgsm = gpgme_engine_version (GPGME_PROTOCOL_CMS);
      versions.dirmngr = dirmngr_version ();
      if (!versions.dirmngr)
        versions.dirmngr = gpgme_engine_version (GPGME_PROTOCOL_GPGCONF);
      versions.ksba = ksba_check_version (NULL);
      g_once_init_leave (&done, 1);
    }
  return &versions;
}

gboolean
gsmime_engine_can (GsmimeCapability cap)
{
  return gsmime_engine_versions_can (gsmime_engine_versions (), cap);
}

const char *
gsmime_capability_name (GsmimeCapability cap)
{
  g_return_val_if_fail (cap < GSMIME_CAN_COUNT, NULL);
  return rules[cap].name;
}

const char *
gsmime_capability_describe (GsmimeCapability cap)
{
  g_return_val_if_fail (cap < GSMIME_CAN_COUNT, NULL);
  return _(rules[cap].what);
}

gboolean
gsmime_capability_released (GsmimeCapability cap)
{
  g_return_val_if_fail (cap < GSMIME_CAN_COUNT, FALSE);
  return rules[cap].since_2_2 || rules[cap].since_later;
}

const char *
gsmime_capability_since (GsmimeCapability cap)
{
  g_return_val_if_fail (cap < GSMIME_CAN_COUNT, NULL);
  return _(rules[cap].since);
}
