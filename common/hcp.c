/* hcp.c - RFC 9788's Header Confidentiality Policies (section 3.2):
 * what an encrypted message's outer header says in place of each field.
 *
 * The policy only ever replaces a value with printable ASCII or leaves
 * the field out (RFC 9788, 3.1), and it never changes the address of
 * the From field (3.1.1): a receiving server judges the sender by it.
 */
#include <string.h>
#include "hcp.h"
#include "gmime-autoptr.h"

static gboolean
is_named (const char *name, const char *const *names)
{
  const char *const *n;

  for (n = names; *n; n++)
    if (!g_ascii_strcasecmp (name, *n))
      return TRUE;
  return FALSE;
}

gboolean
gsmime_hcp_user_facing (const char *name)
{
  static const char *const shown[] = {
    "Subject", "From", "To", "Cc", "Date", "Reply-To", "Followup-To",
    "Sender", "Resent-From", "Resent-To", "Resent-Cc", "Resent-Date",
    "Resent-Sender", "Keywords", "Comments", NULL
  };

  return is_named (name, shown);
}

/* The addresses of the mailbox list VALUE without display names, joined
 * by ", "; NULL when VALUE is not a list of mailboxes (a group, say).  */
static char *
bare_addresses (const char *value)
{
  g_autoptr (InternetAddressList) list = internet_address_list_parse (NULL,
                                                                      value);
  g_autoptr (GString) out = g_string_new (NULL);
  int i, n = list ? internet_address_list_length (list) : 0;

  if (!n)
    return NULL;
  for (i = 0; i < n; i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);
      if (!INTERNET_ADDRESS_IS_MAILBOX (ia))
        return NULL;
      g_string_append_printf (out, "%s%s", i ? ", " : "",
                              internet_address_mailbox_get_idn_addr (
                                INTERNET_ADDRESS_MAILBOX (ia)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The date-time VALUE in UTC, or NULL when it is not one.  */
static char *
utc_date (const char *value)
{
  g_autoptr (GDateTime) when = g_mime_utils_header_decode_date (value);
  g_autoptr (GDateTime) utc = NULL;

  if (!when)
    return NULL;
  utc = g_date_time_to_utc (when);
  return g_mime_utils_header_format_date (utc);
}

/* hcp_shy's additions to the baseline, or NULL where it adds nothing.  */
static char *
shy (const char *name, const char *value)
{
  static const char *const lists[] = { "From", "To", "Cc", NULL };

  if (is_named (name, lists))
    return bare_addresses (value);
  if (!g_ascii_strcasecmp (name, "Date"))
    return utc_date (value);
  return NULL;
}

char *
gsmime_hcp_apply (GsmimeHcp hcp, const char *name, const char *value)
{
  static const char *const removed[] = { "Comments", "Keywords", NULL };
  char *changed;

  if (hcp == GSMIME_HCP_NO_CONFIDENTIALITY)
    return g_strdup (value);
  if (!g_ascii_strcasecmp (name, "Subject"))
    return g_strdup ("[...]");
  if (is_named (name, removed))
    return NULL;
  if (hcp == GSMIME_HCP_SHY && (changed = shy (name, value)))
    return changed;
  return g_strdup (value);
}
