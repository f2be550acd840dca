/* cms-outline-tool.c - prints what common/cms-shape.c reads of CMS
 * objects, for tests/integration/cms-outline.sh.
 *
 *   cms-outline-tool FILE...           one block of lines per FILE (DER)
 *   cms-outline-tool --tamper FILE...  reads every truncation of each
 *                                      FILE and every one-byte change of
 *                                      its first 1024 bytes, and prints
 *                                      how many were read
 *
 * A block is:
 *   content NAME OID
 *   cipher NAME BITS tag LENGTH        (encrypted objects)
 *   signer ALGORITHM digest NAME pss-hash NAME salt N signature OID
 *          issuer DN serial HEX        (one line each)
 *   recipient KIND WRAP oid OID curve NAME issuer DN serial HEX
 *   complete yes|no
 * with "-" for what is unknown.  Exit status 1 when a file cannot be
 * read.  */
#include <stdio.h>
#include <string.h>
#include "cms-shape.h"

static const char *
or_dash (const char *s)
{
  return s ? s : "-";
}

static void
print_signer (const GsmimeCmsSigner *s)
{
  printf ("signer %s digest %s pss-hash %s salt %u signature %s "
          "issuer %s serial %s\n",
          gsmime_signature_algorithm_name (s->algorithm),
          or_dash (gsmime_digest_name (s->digest_oid)),
          or_dash (gsmime_digest_name (s->pss_hash_oid)),
          s->pss_salt_length, or_dash (s->signature_oid),
          or_dash (s->cert.issuer), or_dash (s->cert.serial));
}

static void
print_recipient (const GsmimeCmsRecipient *r)
{
  printf ("recipient %s %s oid %s curve %s issuer %s serial %s\n",
          gsmime_recipient_kind_name (r->kind),
          gsmime_key_wrap_name (r->key_wrap), or_dash (r->key_algorithm_oid),
          or_dash (r->curve), or_dash (r->cert.issuer),
          or_dash (r->cert.serial));
}

static void
print_outline (const GsmimeCmsOutline *o)
{
  guint i;

  printf ("content %s %s\n", gsmime_cms_content_name (o->content),
          or_dash (o->content_oid));
  if (o->cipher != GSMIME_CIPHER_NONE)
    printf ("cipher %s %u tag %u\n", gsmime_cipher_name (o->cipher),
            o->cipher_bits, o->gcm_tag_length);
  for (i = 0; i < o->signers->len; i++)
    print_signer (g_ptr_array_index (o->signers, i));
  for (i = 0; i < o->recipients->len; i++)
    print_recipient (g_ptr_array_index (o->recipients, i));
  printf ("complete %s\n", o->complete ? "yes" : "no");
}

/* Reads every truncation of DATA and every one-byte change of its first
 * 1024 bytes; a crash or a sanitizer report ends the program.  */
static guint
tamper (const guchar *data, gsize len)
{
  g_autofree guchar *copy = g_memdup2 (data, len);
  guint count = 0;
  gsize i;

  for (i = 0; i < len; i++, count++)
    gsmime_cms_outline_free (gsmime_cms_outline_read_der (copy, i));
  for (i = 0; i < MIN (len, 1024); i++, count++)
    {
      copy[i] ^= 0x55;
      gsmime_cms_outline_free (gsmime_cms_outline_read_der (copy, len));
      copy[i] ^= 0x55;
    }
  return count;
}

int
main (int argc, char **argv)
{
  gboolean tampering = argc > 1 && !strcmp (argv[1], "--tamper");
  int i, status = 0;

  for (i = tampering ? 2 : 1; i < argc; i++)
    {
      g_autofree char *data = NULL;
      g_autoptr (GError) error = NULL;
      gsize len;

      if (!g_file_get_contents (argv[i], &data, &len, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          status = 1;
          continue;
        }
      if (tampering)
        printf ("%s: %u read\n", argv[i], tamper ((guchar *) data, len));
      else
        {
          g_autoptr (GsmimeCmsOutline) o
            = gsmime_cms_outline_read_der ((guchar *) data, len);
          print_outline (o);
        }
    }
  return status;
}
