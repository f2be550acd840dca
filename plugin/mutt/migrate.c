/* migrate.c - "gsmime mutt migrate [DIR]": a classic mutt S/MIME store,
 * the one mutt's smime_keys keeps with OpenSSL (by default ~/.smime),
 * moved into gpgsm's keybox and gpg-agent once, and mutt's .index files
 * then rewritten from the keybox (index-writer.c).
 *
 * The certificates that certificates/.index lists go through the core's
 * import, as "gsmime import" takes them, with the issuer files the lines
 * name.  Each private key of keys/.index is decoded with its passphrase,
 * asked once through gpg-agent's pinentry or read from --passphrase-fd,
 * put together with its certificate into a PKCS#12 file in memory
 * (pem-key.c) and handed to the PKCS#12 import, so gpg-agent protects it
 * with the same passphrase.  Nothing is written to disk on the way, and
 * the store itself is only read.
 *
 * Every .index line and every file gets one line on standard output:
 * imported, already there, or refused and why (and one more for each
 * part of a certificate file that is not a certificate, such as a key
 * or a CRL beside it, which stays behind); a store that could not
 * be migrated whole ends with one line on standard error and a non-zero
 * exit status (that of the first refusal, tools/exit-codes.h).
 */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "index-writer.h"
#include "smime-store-reader.h"
#include "gsmime.h"
#include "i18n.h"

/* How often the pinentry asks again for a key after a wrong
 * passphrase.  */
#define PASSPHRASE_TRIES 3
/* An .index is read whole; no honest one comes near this.  */
#define MAX_INDEX_FILE (MUTT_SMIME_MAX_LINES * (MUTT_SMIME_MAX_LINE + 2))

typedef struct
{
  const char *dir;            /* the store */
  int fds[2];                 /* certificates/ and keys/, or -1 */
  GsmimeSession *session;
  char *given;                /* the passphrase from --passphrase-fd */
  char *last_good;            /* the one that opened the previous key */
  GHashTable *done;           /* certificate files already handled */
  guint imported, present, refused;
  GError *first;              /* the first refusal */
} Migration;

static const char *const folders[] = { "certificates", "keys" };

/* ---- what the user is told ---- */

static void
report (const char *where, const char *state, const char *fingerprint)
{
  if (fingerprint)
    printf ("%s: %s (%s)\n", where, state, fingerprint);
  else
    printf ("%s: %s\n", where, state);
}

/* Counts and prints one refusal; the first is kept for standard error
 * and the exit status.  */
static void
refuse (Migration *m, const char *where, const GError *error)
{
  m->refused++;
  printf (_("%s: refused: %s\n"), where, error->message);
  if (!m->first)
    m->first = g_error_new (error->domain, error->code, "%s: %s", where,
                            error->message);
}

static void
refuse_text (Migration *m, const char *where, gpg_err_code_t code,
             const char *reason)
{
  g_autoptr (GError) error = g_error_new_literal (GSMIME_ERROR, code,
                                                  reason);
  refuse (m, where, error);
}

/* ---- the store's folders and indexes ---- */

/* Opens certificates/ and keys/.  FALSE (with ERROR) when neither is
 * there: DIR is no store at all.  */
static gboolean
open_folders (Migration *m, GError **error)
{
  gboolean some = FALSE;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autoptr (GError) err = NULL;
      g_autofree char *where = g_strconcat (folders[i], "/", NULL);

      m->fds[i] = mutt_smime_store_open (m->dir, folders[i], &err);
      if (m->fds[i] >= 0)
        some = TRUE;
      else if (!g_error_matches (err, GSMIME_ERROR, GPG_ERR_ENOENT))
        {
          some = TRUE;
          refuse (m, where, err);
        }
    }
  if (!some)
    gsmime_set_error (error, GPG_ERR_ENOENT,
                      _("No mutt S/MIME store in \"%s\": it has neither a "
                        "certificates nor a keys folder. Name the folder "
                        "that smime_keys keeps (mutt's $smime_keys and "
                        "$smime_certificates point into it; by default "
                        "~/.smime)"), m->dir);
  return some;
}

/* The .index of folder I, parsed, with its refused lines reported; NULL
 * when there is none to read.  */
static MuttSmimeIndex *
read_index (Migration *m, guint i)
{
  g_autofree char *where = g_strconcat (folders[i], "/.index", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = NULL;
  MuttSmimeIndex *index;
  guint j;

  if (m->fds[i] < 0)
    return NULL;
  data = mutt_smime_store_read (m->fds[i], ".index", MAX_INDEX_FILE, where,
                                &error);
  if (!data)
    {
      refuse (m, where, error);
      return NULL;
    }
  index = mutt_smime_index_parse (g_bytes_get_data (data, NULL),
                                  g_bytes_get_size (data),
                                  i ? MUTT_SMIME_KEYS
                                    : MUTT_SMIME_CERTIFICATES);
  for (j = 0; j < index->refused->len; j++)
    {
      const MuttSmimeRefusal *r = g_ptr_array_index (index->refused, j);
      g_autofree char *line = g_strdup_printf (_("%s line %u"), where,
                                               r->line);
      g_autofree char *reason = g_strdup_printf (
        _("%s; the line was skipped"), r->reason);
      refuse_text (m, line, GPG_ERR_INV_DATA, reason);
    }
  return index;
}

/* ---- certificates ---- */

/* Counts and prints what the import of WHERE brought: IMPORTED
 * (GsmimeImported*) is new when a certificate in it is, or, for a key
 * (WITH_KEY), when its secret key came along.  The fingerprint shown is
 * that of the first new certificate, else of the first.  */
static void
tally (Migration *m, const char *where, GPtrArray *imported,
       gboolean with_key)
{
  const GsmimeImported *pick = NULL;
  gboolean is_new = FALSE;
  guint i;

  for (i = 0; i < imported->len; i++)
    {
      const GsmimeImported *imp = g_ptr_array_index (imported, i);
      if (!pick || (imp->is_new && !is_new))
        pick = imp;
      is_new |= imp->is_new || (with_key && imp->has_secret);
    }
  if (is_new)
    m->imported++;
  else
    m->present++;
  report (where, !is_new ? _("already there")
                 : with_key ? _("imported with its private key")
                            : _("imported"),
          pick ? pick->fingerprint : NULL);
}

static void
import_certificate (Migration *m, const char *name, const char *whose)
{
  g_autofree char *file = g_strconcat ("certificates/", name, NULL);
  g_autofree char *where = g_strdup_printf ("%s %s", file, whose);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autoptr (GPtrArray) imported = NULL;
  g_auto (GStrv) passed_over = NULL;
  char **p;

  if (g_hash_table_contains (m->done, name))
    return;
  g_hash_table_add (m->done, g_strdup (name));
  data = mutt_smime_store_read (m->fds[0], name, MUTT_SMIME_MAX_FILE, file,
                                &error);
  /* A PKCS#12 file would make the import ask for a passphrase; in
   * certificates/ it has no business.  */
  if (data && gsmime_pkcs12_probe (g_bytes_get_data (data, NULL),
                                   g_bytes_get_size (data)))
    gsmime_set_error (&error, GPG_ERR_INV_DATA,
                      _("it is a PKCS#12 file, not a certificate"));
  else if (data)
    imported = gsmime_import_full (m->session, data, NULL, &passed_over,
                                   &error);
  if (imported)
    tally (m, where, imported, FALSE);
  else
    refuse (m, where, error);
  /* A key or a CRL beside the certificate is no refusal, but the user
   * should know that it stayed behind.  */
  for (p = passed_over; p && *p; p++)
    printf (_("%s: not imported: %s\n"), where, *p);
}

static void
migrate_certificates (Migration *m, MuttSmimeIndex *index)
{
  guint i;

  for (i = 0; index && i < index->entries->len; i++)
    {
      const MuttSmimeEntry *e = g_ptr_array_index (index->entries, i);
      g_autofree char *whose = g_strdup_printf ("(%s)", e->mailbox);
      g_autofree char *issuer = NULL;

      /* The issuer first, so that the chain is there when the user's
       * certificates and keys arrive.  */
      if (e->issuer)
        {
          issuer = g_strdup_printf (_("(issuer of line %u)"), e->line);
          import_certificate (m, e->issuer, issuer);
        }
      import_certificate (m, e->hash, whose);
    }
}

/* ---- keys ---- */

/* Whether one of the certificates in DATA (PEM or DER) has its secret
 * key in gpg-agent already: then the key needs no passphrase again.  */
static gboolean
has_secret_already (Migration *m, GBytes *data)
{
  g_auto (GStrv) fingerprints = gsmime_cert_bundle_fingerprints (data);
  char **f;

  for (f = fingerprints; *f; f++)
    if (gsmime_key_has_secret (m->session, *f))
      return TRUE;
  return FALSE;
}

/* The passphrase to try for the key WHERE at ATTEMPT (from 0): the one
 * given with --passphrase-fd, once; else first the one that opened the
 * previous key (people use one for all), then the user's answer to the
 * pinentry, up to PASSPHRASE_TRIES times.  NULL when there is nothing
 * more to try (ERROR untouched) or the pinentry gave nothing (ERROR
 * set).  */
static char *
passphrase_for (Migration *m, const char *where, guint attempt,
                GError **error)
{
  guint asked = attempt - (m->last_good ? 1 : 0);
  g_autofree char *description = NULL;

  if (m->given)
    return attempt == 0 ? g_strdup (m->given) : NULL;
  if (attempt == 0 && m->last_good)
    return g_strdup (m->last_good);
  if (asked >= PASSPHRASE_TRIES)
    return NULL;
  description = g_strdup_printf (
    asked > 0 ? _("Wrong passphrase. Enter the passphrase of the private "
                  "key %s from the mutt S/MIME store. It also protects the "
                  "key in gpg-agent.")
              : _("Enter the passphrase of the private key %s from the "
                  "mutt S/MIME store. It also protects the key in "
                  "gpg-agent."), where);
  g_clear_error (error);
  return gsmime_agent_get_passphrase (
    gsmime_session_get_homedir (m->session), description, error);
}

/* The key KEY with its certificate CERT as PKCS#12, and in *USED the
 * passphrase that opened it (it protects the PKCS#12 too).  */
static GBytes *
open_key (Migration *m, const char *where, GBytes *key, GBytes *cert,
          char **used, GError **error)
{
  GBytes *p12 = NULL;
  guint attempt;

  if (!gsmime_pem_key_is_encrypted (g_bytes_get_data (key, NULL),
                                    g_bytes_get_size (key)))
    {
      *used = g_strdup ("");
      return gsmime_pem_key_to_pkcs12 (key, cert, NULL, error);
    }
  for (attempt = 0; !p12; attempt++)
    {
      char *next = passphrase_for (m, where, attempt, error);
      if (!next)
        break;
      gsmime_agent_passphrase_free (*used);
      *used = next;
      g_clear_error (error);
      p12 = gsmime_pem_key_to_pkcs12 (key, cert, *used, error);
      if (!p12 && !g_error_matches (*error, GSMIME_ERROR,
                                    GPG_ERR_BAD_PASSPHRASE))
        break;
    }
  if (!p12)
    g_clear_pointer (used, gsmime_agent_passphrase_free);
  return p12;
}

/* Reads the key file keys/HASH and its certificate, which has the same
 * name in certificates/; older stores keep it in the key file instead,
 * so a missing one is no refusal yet.  FALSE when the entry WHERE was
 * refused.  */
static gboolean
read_key_files (Migration *m, const char *hash, const char *where,
                GBytes **key, GBytes **cert)
{
  g_autofree char *key_file = g_strconcat ("keys/", hash, NULL);
  g_autofree char *cert_file = g_strconcat ("certificates/", hash, NULL);
  g_autoptr (GError) error = NULL;

  *key = mutt_smime_store_read (m->fds[1], hash, MUTT_SMIME_MAX_FILE,
                                key_file, &error);
  if (*key && m->fds[0] >= 0)
    {
      *cert = mutt_smime_store_read (m->fds[0], hash, MUTT_SMIME_MAX_FILE,
                                     cert_file, &error);
      if (!*cert && g_error_matches (error, GSMIME_ERROR, GPG_ERR_ENOENT))
        g_clear_error (&error);
    }
  if (error)
    {
      refuse (m, where, error);
      g_clear_pointer (key, g_bytes_unref);
    }
  return *key != NULL;
}

static void
import_key (Migration *m, const MuttSmimeEntry *e)
{
  g_autofree char *where = g_strdup_printf ("keys/%s (%s)", e->hash,
                                            e->mailbox);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = NULL;
  g_autoptr (GBytes) cert = NULL;
  g_autoptr (GBytes) p12 = NULL;
  g_autoptr (GPtrArray) imported = NULL;
  char *used = NULL;

  if (!read_key_files (m, e->hash, where, &key, &cert))
    return;
  if (has_secret_already (m, cert) || has_secret_already (m, key))
    {
      m->present++;
      report (where, _("already there"), NULL);
      return;
    }
  p12 = open_key (m, where, key, cert, &used, &error);
  if (p12)
    imported = gsmime_import (m->session, p12, used, &error);
  if (imported && used && *used)
    {
      gsmime_agent_passphrase_free (m->last_good);
      m->last_good = g_strdup (used);
    }
  gsmime_agent_passphrase_free (used);
  if (imported)
    tally (m, where, imported, TRUE);
  else
    refuse (m, where, error);
}

static void
migrate_keys (Migration *m, MuttSmimeIndex *index)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint i;

  for (i = 0; index && i < index->entries->len; i++)
    {
      const MuttSmimeEntry *e = g_ptr_array_index (index->entries, i);
      if (g_hash_table_add (seen, e->hash))
        import_key (m, e);
    }
}

/* ---- the command ---- */

static guint
entries_of (MuttSmimeIndex *index)
{
  return index ? index->entries->len : 0;
}

/* The exit status, and the one line on standard error when something
 * was refused.  */
static int
finish (Migration *m)
{
  g_autoptr (GError) last = NULL;

  printf (_("%u imported, %u already there, %u refused.\n"), m->imported,
          m->present, m->refused);
  fflush (stdout);
  if (!m->first)
    return EXIT_OK;
  if (m->refused > 1)
    last = g_error_new (m->first->domain, m->first->code,
                        _("%s (%u refusals in all, each listed on standard "
                          "output). Correct the store and run \"gsmime mutt "
                          "migrate\" again: what is in the keybox stays."),
                        m->first->message, m->refused);
  else
    last = g_error_new (m->first->domain, m->first->code,
                        _("%s. Correct the store and run \"gsmime mutt "
                          "migrate\" again: what is in the keybox stays."),
                        m->first->message);
  return cli_fail (last);
}

static int
migrate (Migration *m, const CliCommon *common)
{
  g_autoptr (MuttSmimeIndex) certs = NULL;
  g_autoptr (MuttSmimeIndex) keys = NULL;
  g_autoptr (GError) error = NULL;

  if (!open_folders (m, &error))
    return cli_fail (error);
  certs = read_index (m, 0);
  keys = read_index (m, 1);
  if (!entries_of (certs) && !entries_of (keys) && !m->refused)
    {
      gsmime_set_error (&error, GPG_ERR_NO_DATA,
                        _("Nothing to migrate: the .index files in \"%s\" "
                          "list no certificate and no key. Add them with "
                          "smime_keys, or import certificates and .p12 "
                          "files with \"gsmime import\""), m->dir);
      return cli_fail (error);
    }
  m->session = cli_session (common, &error);
  if (!m->session)
    return cli_fail (error);
  migrate_certificates (m, certs);
  migrate_keys (m, keys);
  if (!mutt_index_sync (m->session, &error))
    refuse (m, _("mutt's .index files"), error);
  return finish (m);
}

static void
migration_clear (Migration *m)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (m->fds); i++)
    if (m->fds[i] >= 0)
      close (m->fds[i]);
  g_clear_pointer (&m->session, gsmime_session_free);
  g_clear_pointer (&m->given, gsmime_agent_passphrase_free);
  g_clear_pointer (&m->last_good, gsmime_agent_passphrase_free);
  g_clear_pointer (&m->done, g_hash_table_unref);
  g_clear_error (&m->first);
}

int
mutt_migrate (const CliCommon *common, int argc, char **argv)
{
  int fd = -1, status;
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("[DIR] - move a mutt S/MIME store kept by smime_keys (default "
      "~/.smime) into gpgsm"));
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  Migration m = { .fds = { -1, -1 } };

  cli_add_passphrase_fd (context, &fd,
                         N_("Read the passphrase of the store's private keys "
                            "from this file descriptor instead of asking "
                            "through gpg-agent"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc > 2)
    return cli_usage (context, _("Name one store folder at most."));
  dir = argc == 2 ? g_strdup (argv[1])
                  : g_build_filename (g_get_home_dir (), ".smime", NULL);
  if (fd >= 0 && !(m.given = cli_read_passphrase (fd, &error)))
    return cli_fail (error);
  m.dir = dir;
  m.done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  status = migrate (&m, common);
  migration_clear (&m);
  return status;
}
