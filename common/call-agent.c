/* call-agent.c - everything gsmime says to gpg-agent directly. */
#include <config.h>
#include <assuan.h>
#include <string.h>
#include <unistd.h>
#include <nettle/aes.h>
#include <nettle/nist-keywrap.h>
#include "call-agent.h"
#include "call-gpgconf.h"
#include "error.h"
#include "i18n.h"
#include "wipe.h"

/* Where the agent of HOMEDIR listens, starting it if it does not run
 * yet, as gpgsm would.  */
static char *
agent_socket (const char *homedir, GError **error)
{
  char *path = NULL;

  if (!gsmime_gpgconf_launch (homedir, "gpg-agent")
      || !(path = gsmime_gpgconf_list_dir (homedir, "agent-socket")))
    gsmime_set_error (error, GPG_ERR_NO_AGENT,
                      _("gpg-agent could not be started; check that "
                        "gpg-agent is installed (Debian: apt-get install "
                        "gpg-agent)"));
  return path;
}

static assuan_context_t
agent_connect (const char *homedir, GError **error)
{
  g_autofree char *path = agent_socket (homedir, error);
  assuan_context_t ctx = NULL;
  gpg_error_t err;

  if (!path)
    return NULL;
  err = assuan_new (&ctx);
  if (!err)
    err = assuan_socket_connect (ctx, path, ASSUAN_INVALID_PID, 0);
  if (err)
    {
      assuan_release (ctx);
      gsmime_set_gpgme_error (error, err,
                              _("Could not connect to gpg-agent"));
      return NULL;
    }
  return ctx;
}

/* The pinentry opens where the user is: on this terminal or display.  */
static void
send_environment (assuan_context_t ctx)
{
  /* ttyname_r: a host such as Claws may call this from a thread.  */
  char name[256] = "";
  const char *tty = isatty (STDIN_FILENO)
                    && !ttyname_r (STDIN_FILENO, name, sizeof name)
                    ? name : NULL;
  const char *vars[][2] = { { "display", g_getenv ("DISPLAY") },
                            { "ttytype", g_getenv ("TERM") },
                            { "ttyname", tty } };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (vars); i++)
    if (vars[i][1])
      {
        g_autofree char *line = g_strdup_printf ("OPTION %s=%s", vars[i][0],
                                                 vars[i][1]);
        assuan_transact (ctx, line, NULL, NULL, NULL, NULL, NULL, NULL);
      }
}

/* Assuan arguments travel percent-escaped, with '+' for a space.  */
static char *
escape_arg (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = text; *p; p++)
    if (*p == ' ')
      g_string_append_c (out, '+');
    else if (*p == '%' || *p == '+' || (guchar) *p < 0x20)
      g_string_append_printf (out, "%%%02X", (guchar) *p);
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static gpg_error_t
collect_data (void *opaque, const void *buffer, size_t length)
{
  g_string_append_len (opaque, buffer, length);
  return 0;
}

static void
wipe_string (GString *s)
{
  explicit_bzero (s->str, s->allocated_len);
  g_string_free (s, TRUE);
}

char *
gsmime_agent_get_passphrase (const char *homedir, const char *description,
                             GError **error)
{
  assuan_context_t ctx = agent_connect (homedir, error);
  g_autofree char *desc = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *line = NULL;
  GString *data;
  gpg_error_t err;
  char *result;

  if (!ctx)
    return NULL;
  send_environment (ctx);
  desc = escape_arg (description);
  prompt = escape_arg (_("Passphrase:"));
  /* "X" for the cache ID: a file's passphrase must not linger in the
   * agent's cache.  */
  line = g_strdup_printf ("GET_PASSPHRASE --data --repeat=0 -- X X %s %s",
                          prompt, desc);
  data = g_string_sized_new (64);
  err = assuan_transact (ctx, line, collect_data, data, NULL, NULL, NULL, NULL);
  assuan_release (ctx);
  if (err)
    {
      wipe_string (data);
      gsmime_set_gpgme_error (error, err,
                              _("No passphrase was given"));
      return NULL;
    }
  result = g_strndup (data->str, data->len);
  wipe_string (data);
  return result;
}

void
gsmime_agent_passphrase_free (char *passphrase)
{
  if (!passphrase)
    return;
  explicit_bzero (passphrase, strlen (passphrase));
  g_free (passphrase);
}

gboolean
gsmime_agent_reload (const char *homedir, GError **error)
{
  assuan_context_t ctx = agent_connect (homedir, error);
  gpg_error_t err;

  if (!ctx)
    return FALSE;
  err = assuan_transact (ctx, "RELOADAGENT", NULL, NULL, NULL, NULL, NULL,
                         NULL);
  assuan_release (ctx);
  if (err)
    {
      gsmime_set_gpgme_error (error, err,
                              _("gpg-agent did not reload its trust list"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  assuan_context_t ctx;
  const char *old;
  const char *new_passphrase;
} PasswdAnswers;

/* In loopback mode the agent asks its client for the passphrases: first
 * the one that unlocks the key, then the new one.  */
static gpg_error_t
answer_inquiry (void *opaque, const char *line)
{
  PasswdAnswers *a = opaque;
  const char *pass;

  if (g_str_has_prefix (line, "NEW_PASSPHRASE"))
    pass = a->new_passphrase;
  else if (g_str_has_prefix (line, "PASSPHRASE"))
    pass = a->old;
  else
    return 0;
  return assuan_send_data (a->ctx, pass, strlen (pass));
}

gboolean
gsmime_agent_change_passphrase (const char *homedir, const char *keygrip,
                                const char *old, const char *new_passphrase,
                                GError **error)
{
  assuan_context_t ctx = agent_connect (homedir, error);
  PasswdAnswers answers = { ctx, old, new_passphrase };
  g_autofree char *line = NULL;
  gpg_error_t err;

  if (!ctx)
    return FALSE;
  err = assuan_transact (ctx, "OPTION pinentry-mode=loopback", NULL, NULL,
                         NULL, NULL, NULL, NULL);
  line = g_strdup_printf ("PASSWD %s", keygrip);
  if (!err)
    err = assuan_transact (ctx, line, NULL, NULL, answer_inquiry, &answers,
                           NULL, NULL);
  assuan_release (ctx);
  if (err)
    {
      gsmime_set_gpgme_error (error, err,
                              _("gpg-agent could not protect the imported "
                                "key with your passphrase"));
      return FALSE;
    }
  return TRUE;
}

static gpg_error_t
collect_nothing (void *opaque, const void *buffer, size_t length)
{
  return 0;
}

/* "S KEYINFO GRIP TYPE SERIAL IDSTR CACHED PROTECTION ...": whether the
 * key needs a passphrase that the agent does not hold yet.  */
static gpg_error_t
note_keyinfo (void *opaque, const char *line)
{
  g_auto (GStrv) f = g_strsplit (line, " ", -1);

  if (g_strv_length (f) >= 7 && !strcmp (f[0], "KEYINFO"))
    *(gboolean *) opaque = !strcmp (f[6], "P") && strcmp (f[5], "1");
  return 0;
}

gboolean
gsmime_agent_unlock_key (const char *homedir, const char *keygrip,
                         const char *passphrase, GError **error)
{
  assuan_context_t ctx = agent_connect (homedir, error);
  PasswdAnswers answers = { ctx, passphrase, passphrase };
  g_autofree char *info = g_strdup_printf ("KEYINFO %s", keygrip);
  g_autofree char *sigkey = g_strdup_printf ("SIGKEY %s", keygrip);
  gboolean locked = FALSE;
  gpg_error_t err;

  if (!ctx)
    return FALSE;
  err = assuan_transact (ctx, info, NULL, NULL, NULL, NULL, note_keyinfo,
                         &locked);
  if (!err && locked && !*passphrase)
    err = gpg_error (GPG_ERR_NO_PASSPHRASE);
  /* A throwaway signature made in loopback mode unlocks the key: the
   * agent then keeps the passphrase in its cache, where gpgsm finds it
   * for the real operation without starting a pinentry.  */
  if (!err && locked)
    err = assuan_transact (ctx, "OPTION pinentry-mode=loopback", NULL, NULL,
                           NULL, NULL, NULL, NULL);
  if (!err && locked)
    err = assuan_transact (ctx, sigkey, NULL, NULL, NULL, NULL, NULL, NULL);
  if (!err && locked)
    err = assuan_transact (ctx, "SETHASH 8 " "0000000000000000000000000000"
                           "000000000000000000000000000000000000", NULL,
                           NULL, NULL, NULL, NULL, NULL);
  if (!err && locked)
    err = assuan_transact (ctx, "PKSIGN", collect_nothing, NULL,
                           answer_inquiry, &answers, NULL, NULL);
  assuan_release (ctx);
  if (gpg_err_code (err) == GPG_ERR_NO_PASSPHRASE)
    gsmime_set_gpgme_error (error, err,
                            _("Your key is protected by a passphrase; "
                              "enter it when asked"));
  else if (err)
    gsmime_set_gpgme_error (error, err,
                            _("Your key could not be unlocked with the "
                              "passphrase you entered"));
  return !err;
}

/* The agent's key wrapping key is AES-128 (KEYWRAP_KEYSIZE in its
 * command.c).  */
#define KEK_SIZE 16

/* KEY wrapped with KEK by AES key wrap (RFC 3394, the default initial
 * value), the AESWRAP-128 gpg-agent's IMPORT_KEY unwraps.  */
static GBytes *
wrap_key (const guchar *kek, GBytes *key)
{
  static const uint8_t iv[8] = { 0xa6, 0xa6, 0xa6, 0xa6,
                                 0xa6, 0xa6, 0xa6, 0xa6 };
  struct aes128_ctx aes;
  gsize len;
  const guchar *plain = g_bytes_get_data (key, &len);
  guchar *wrapped = g_malloc (len + 8);

  aes128_set_encrypt_key (&aes, kek);
  aes128_keywrap (&aes, iv, len + 8, wrapped, plain);
  gsmime_wipe (&aes, sizeof aes);
  return g_bytes_new_take (wrapped, len + 8);
}

typedef struct
{
  assuan_context_t ctx;
  GBytes *wrapped;
  const char *passphrase;
} ImportAnswers;

/* IMPORT_KEY asks for the wrapped key, then, in loopback mode, for the
 * passphrase to protect it with.  */
static gpg_error_t
answer_import (void *opaque, const char *line)
{
  ImportAnswers *a = opaque;

  if (g_str_has_prefix (line, "KEYDATA"))
    return assuan_send_data (a->ctx, g_bytes_get_data (a->wrapped, NULL),
                             g_bytes_get_size (a->wrapped));
  if (g_str_has_prefix (line, "NEW_PASSPHRASE"))
    return assuan_send_data (a->ctx, a->passphrase, strlen (a->passphrase));
  return 0;
}

/* Asks the agent on CTX for its import key and sends it KEY, wrapped
 * with it.  */
static gpg_error_t
send_key (assuan_context_t ctx, GBytes *key, const char *passphrase)
{
  GString *kek = g_string_sized_new (KEK_SIZE);
  g_autoptr (GBytes) wrapped = NULL;
  ImportAnswers answers = { ctx, NULL, passphrase };
  gpg_error_t err;

  err = assuan_transact (ctx, "KEYWRAP_KEY --import", collect_data, kek,
                         NULL, NULL, NULL, NULL);
  if (!err && kek->len != KEK_SIZE)
    err = gpg_error (GPG_ERR_INV_RESPONSE);
  if (!err)
    wrapped = wrap_key ((const guchar *) kek->str, key);
  answers.wrapped = wrapped;
  wipe_string (kek);
  if (!err)
    err = assuan_transact (ctx, "IMPORT_KEY", NULL, NULL, answer_import,
                           &answers, NULL, NULL);
  /* Keep the import key no longer than needed.  */
  assuan_transact (ctx, "KEYWRAP_KEY --clear --import", NULL, NULL, NULL,
                   NULL, NULL, NULL);
  return err;
}

gboolean
gsmime_agent_import_key (const char *homedir, GBytes *key,
                         const char *passphrase, gboolean *existed,
                         GError **error)
{
  gsize len = g_bytes_get_size (key);
  assuan_context_t ctx = NULL;
  gpg_error_t err;

  if (existed)
    *existed = FALSE;
  if (len < 16 || len % 8)
    {
      gsmime_set_error (error, GPG_ERR_INV_LENGTH,
                        _("The key to hand to gpg-agent is not in the form "
                          "it takes"));
      return FALSE;
    }
  ctx = agent_connect (homedir, error);
  if (!ctx)
    return FALSE;
  err = assuan_transact (ctx, "OPTION pinentry-mode=loopback", NULL, NULL,
                         NULL, NULL, NULL, NULL);
  if (!err)
    err = send_key (ctx, key, passphrase ? passphrase : "");
  assuan_release (ctx);
  if (gpg_err_code (err) == GPG_ERR_EEXIST)
    {
      if (existed)
        *existed = TRUE;
      return TRUE;
    }
  if (err)
    gsmime_set_gpgme_error (error, err,
                            _("gpg-agent did not take the key"));
  return !err;
}
