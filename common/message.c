/* message.c - turning bytes into a GMime message, within sane limits. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "message.h"
#include "parking.h"
#include "error.h"
#include "i18n.h"

static gboolean
check_headers (GMimeObject *object, GError **error)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (object);
  int i, n = g_mime_header_list_get_count (headers);

  for (i = 0; i < n; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      const char *raw = g_mime_header_get_raw_value (header);

      if (raw && strlen (raw) > GSMIME_MAX_HEADER_LENGTH)
        {
          gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                            _("The header \"%s\" is longer than %d bytes; "
                              "the message is damaged or hostile and is "
                              "not read"), g_mime_header_get_name (header),
                            GSMIME_MAX_HEADER_LENGTH);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
gsmime_depth_ok (guint depth, GError **error)
{
  if (depth <= GSMIME_MAX_DEPTH)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                    _("The message nests parts more than %d levels deep; it "
                      "is damaged or hostile and is not read"),
                    GSMIME_MAX_DEPTH);
  return FALSE;
}

gboolean
gsmime_object_is_type (GMimeObject *object, const char *type,
                       const char *subtype)
{
  GMimeContentType *ct = g_mime_object_get_content_type (object);

  return ct && g_mime_content_type_is_type (ct, type, subtype);
}

gboolean
gsmime_part_is_pkcs7 (GMimeObject *object, const char *name)
{
  g_autofree char *old = g_strconcat ("x-", name, NULL);

  return GMIME_IS_PART (object)
         && (gsmime_object_is_type (object, "application", name)
             || gsmime_object_is_type (object, "application", old));
}

/* Walks the tree once, before any cryptography, so that limits hold for
 * every part the reader will later look at.  */
static gboolean
check_tree (GMimeObject *object, guint depth, GError **error)
{
  if (!gsmime_depth_ok (depth, error))
    return FALSE;
  if (!check_headers (object, error))
    return FALSE;
  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *mp = GMIME_MULTIPART (object);
      int i, n = g_mime_multipart_get_count (mp);

      /* Without a boundary GMime finds no part at all, and the reader
       * would show an empty message as if nothing were wrong.  */
      if (!g_mime_object_get_content_type_parameter (object, "boundary"))
        {
          g_autofree char *type = g_mime_content_type_get_mime_type (
            g_mime_object_get_content_type (object));
          gsmime_set_error (error, GPG_ERR_INV_DATA,
                            _("The message has a %s part without a boundary "
                              "parameter, so its parts cannot be told apart; "
                              "it is damaged and is not read"), type);
          return FALSE;
        }

      for (i = 0; i < n; i++)
        if (!check_tree (g_mime_multipart_get_part (mp, i), depth + 1, error))
          return FALSE;
    }
  else if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *inner =
        g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));
      if (inner && !check_tree (GMIME_OBJECT (inner), depth + 1, error))
        return FALSE;
    }
  else if (GMIME_IS_MESSAGE (object))
    {
      GMimeObject *body = g_mime_message_get_mime_part (GMIME_MESSAGE (object));
      if (body && !check_tree (body, depth + 1, error))
        return FALSE;
    }
  return TRUE;
}

static GMimeParser *
new_parser (GMimeStream *stream)
{
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);

  g_mime_parser_set_persist_stream (parser, TRUE);
  return parser;
}

/* The header block of a message, checked as its bytes pass: GMime
 * would hold a hostile 100 MB header line in memory several times over,
 * and it drops what follows a NUL byte in a header, merging two headers
 * into one.  */
typedef struct
{
  gsize line;              /* the length of the header so far */
  gboolean at_line_start;
  gboolean done;           /* the empty line that ends the header passed */
} HeaderScan;

/* Looks at the next SIZE bytes of the message; FALSE with ERROR when
 * the header is damaged or hostile.  Nothing is looked at once the
 * header ended.  */
static gboolean
header_scan_feed (gpointer state, const char *data, gsize size,
                  GError **error)
{
  HeaderScan *s = state;
  gsize i;

  for (i = 0; i < size && !s->done; i++)
    {
      char c = data[i];
      if (c == '\0')
        {
          gsmime_set_error (error, GPG_ERR_INV_DATA,
                            _("The input is not an e-mail message that can "
                              "be read safely: its header contains a NUL "
                              "byte (damaged or hostile input)"));
          return FALSE;
        }
      else if (c == '\n')
        {
          s->done = s->at_line_start;   /* an empty line ends the header */
          s->at_line_start = TRUE;
        }
      else if (c != '\r')
        {
          /* Folded continuation lines belong to the same header.  */
          if (s->at_line_start && c != ' ' && c != '\t')
            s->line = 0;
          s->at_line_start = FALSE;
          if (++s->line > GSMIME_MAX_HEADER_LENGTH)
            {
              gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                                _("A header of the message is longer than "
                                  "%d bytes; the message is damaged or "
                                  "hostile and is not read"),
                                GSMIME_MAX_HEADER_LENGTH);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Checks the header block of STREAM before GMime reads it.  */
static gboolean
scan_header_block (GMimeStream *stream, GError **error)
{
  HeaderScan scan = { 0, TRUE, FALSE };
  char buffer[65536];
  gboolean ok = TRUE;
  ssize_t n;

  while (ok && !scan.done
         && (n = g_mime_stream_read (stream, buffer, sizeof buffer)) > 0)
    ok = header_scan_feed (&scan, buffer, n, error);
  g_mime_stream_reset (stream);
  return ok;
}

GMimeMessage *
gsmime_message_parse (GMimeStream *stream, GError **error)
{
  g_autoptr (GMimeParser) parser = NULL;
  g_autoptr (GMimeMessage) message = NULL;
  GMimeHeaderList *headers;

  if (g_mime_stream_length (stream) == 0)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The input is empty; give a file that holds a "
                          "whole e-mail message"));
      return NULL;
    }
  if (!scan_header_block (stream, error))
    return NULL;
  parser = new_parser (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  headers = message ? g_mime_object_get_header_list (GMIME_OBJECT (message))
                    : NULL;
  if (!message || !headers || g_mime_header_list_get_count (headers) == 0)
    {
      gsmime_set_error (error, GPG_ERR_INV_DATA,
                        _("The input is not an e-mail message (no header "
                          "lines found); give a file in RFC 5322 format"));
      return NULL;
    }
  if (!check_tree (GMIME_OBJECT (message), 0, error))
    return NULL;
  return g_steal_pointer (&message);
}

GMimeObject *
gsmime_entity_parse (GMimeStream *stream, guint depth, GError **error)
{
  g_autoptr (GMimeParser) parser = new_parser (stream);
  g_autoptr (GMimeObject) object = g_mime_parser_construct_part (parser, NULL);

  if (!object)
    {
      gsmime_set_error (error, GPG_ERR_INV_DATA,
                        _("The protected part does not contain a MIME "
                          "entity; the sender's program produced a damaged "
                          "message"));
      return NULL;
    }
  if (!check_tree (object, depth, error))
    return NULL;
  return g_steal_pointer (&object);
}

/* Standard input: a file given with < is read where it lies; a pipe is
 * parked in memory (parking.h), since the parser reads parts again
 * later, with the header checked as it arrives, so that garbage is
 * refused after its first bytes instead of after all of them.  */
static GMimeStream *
stream_for_stdin (GError **error)
{
  HeaderScan scan = { 0, TRUE, FALSE };
  struct stat st;
  int fd;

  if (fstat (STDIN_FILENO, &st) == 0 && S_ISREG (st.st_mode)
      && (fd = fcntl (STDIN_FILENO, F_DUPFD_CLOEXEC, 3)) >= 0)
    return g_mime_stream_fs_new (fd);
  return gsmime_parking_copy_fd (STDIN_FILENO, header_scan_feed, &scan,
                                 error);
}

GMimeStream *
gsmime_stream_for_input (const char *name, GError **error)
{
  int fd;

  if (!strcmp (name, "-"))
    return stream_for_stdin (error);
  fd = open (name, O_RDONLY | O_CLOEXEC);
  if (fd >= 0 && g_file_test (name, G_FILE_TEST_IS_DIR))
    {
      close (fd);
      gsmime_set_error (error, GPG_ERR_EISDIR,
                        _("\"%s\" is a directory; give a message file"), name);
      return NULL;
    }
  if (fd < 0)
    {
      gsmime_set_error (error, gpg_err_code_from_errno (errno),
                        _("Could not open \"%s\": %s"), name,
                        g_strerror (errno));
      return NULL;
    }
  return g_mime_stream_fs_new (fd);
}

static void
add_addresses (GPtrArray *out, InternetAddressList *list)
{
  int i, n = list ? internet_address_list_length (list) : 0;

  for (i = 0; i < n; i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);
      char *addr;
      guint j;
      gboolean seen = FALSE;

      if (INTERNET_ADDRESS_IS_GROUP (ia))
        {
          add_addresses (out, internet_address_group_get_members (
                                INTERNET_ADDRESS_GROUP (ia)));
          continue;
        }
      addr = g_ascii_strdown (internet_address_mailbox_get_idn_addr (
                                INTERNET_ADDRESS_MAILBOX (ia)), -1);
      for (j = 0; j < out->len && !seen; j++)
        seen = !strcmp (g_ptr_array_index (out, j), addr);
      if (seen || !*addr)
        g_free (addr);
      else
        g_ptr_array_add (out, addr);
    }
}

char **
gsmime_message_addresses (GMimeMessage *message, const char *const *names)
{
  GPtrArray *out = g_ptr_array_new ();
  const char *const *name;

  for (name = names; *name; name++)
    {
      const char *value = g_mime_object_get_header (GMIME_OBJECT (message),
                                                    *name);
      g_autoptr (InternetAddressList) list =
        value ? internet_address_list_parse (NULL, value) : NULL;
      add_addresses (out, list);
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

char *
gsmime_message_first_address (GMimeMessage *message, const char *name)
{
  const char *names[] = { name, NULL };
  g_auto (GStrv) all = gsmime_message_addresses (message, names);

  return all[0] ? g_strdup (all[0]) : NULL;
}
