/* conf-home.h - a throwaway GnuPG home for unit tests that read and
 * write one of its configuration files (dirmngr.conf).  Used as a GTest
 * fixture: g_test_add (..., ConfHome, NULL, conf_home_setup, test,
 * conf_home_teardown).  */
#ifndef GSMIME_TEST_CONF_HOME_H
#define GSMIME_TEST_CONF_HOME_H

#include <glib.h>

typedef struct
{
  char *home;
  char *conf;   /* HOME/dirmngr.conf */
} ConfHome;

void conf_home_setup (ConfHome *f, gconstpointer data);
void conf_home_teardown (ConfHome *f, gconstpointer data);

/* Replaces the file with TEXT.  */
void conf_home_write (ConfHome *f, const char *text);

/* The file's text, or "<none>" when there is no file.  */
char *conf_home_read (ConfHome *f);

#endif
