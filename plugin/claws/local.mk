# plugin/claws/ - the Claws Mail plugin: a loadable module (gsmime.so) in
# Claws' plugin directory, with the core linked in.
if HAVE_CLAWS
clawsplugindir = $(CLAWS_PLUGINDIR)
clawsplugin_LTLIBRARIES = plugin/claws/gsmime.la

plugin_claws_gsmime_la_SOURCES = \
	plugin/claws/plugin.c \
	plugin/claws/advice.h plugin/claws/advice.c \
	plugin/claws/privacy-system.h plugin/claws/privacy-system.c \
	plugin/claws/status.h plugin/claws/status.c \
	plugin/claws/mimeinfo.h plugin/claws/mimeinfo.c \
	plugin/claws/trace.h plugin/claws/trace.c \
	plugin/claws/thread-wait.h plugin/claws/thread-wait.c \
	plugin/claws/view-hold.h plugin/claws/view-hold.c \
	plugin/claws/compose-session.h plugin/claws/compose-session.c \
	plugin/claws/compose-mime.h plugin/claws/compose-mime.c \
	plugin/claws/compose-sign.h plugin/claws/compose-sign.c \
	plugin/claws/compose-encrypt.h plugin/claws/compose-encrypt.c \
	plugin/claws/compose-hp.h plugin/claws/compose-hp.c \
	plugin/claws/protected-view.h plugin/claws/protected-view.c \
	plugin/claws/recipient-dialog.h plugin/claws/recipient-dialog.c \
	plugin/claws/auto-encrypt.h plugin/claws/auto-encrypt.c \
	plugin/claws/prefs.h plugin/claws/prefs.c \
	plugin/claws/prefs-page.h plugin/claws/prefs-page.c \
	plugin/claws/prefs-account.h plugin/claws/prefs-account.c \
	plugin/claws/page-load.h plugin/claws/page-load.c \
	plugin/claws/cert-list.h plugin/claws/cert-list.c \
	plugin/claws/cert-import.h plugin/claws/cert-import.c \
	plugin/claws/expiry-warning.h plugin/claws/expiry-warning.c

# Not AM_CPPFLAGS: its -I common/ would shadow Claws' own "session.h",
# which Claws' headers include.  The plugin names the core's header
# "common/gsmime.h" instead, and the core's headers find each other in
# their own directory.
plugin_claws_gsmime_la_CPPFLAGS = -I$(top_srcdir) -I$(top_builddir) \
	$(CLAWS_CFLAGS) $(GLIB_CFLAGS) $(GPGME_CFLAGS) $(ASSUAN_CFLAGS) \
	$(GPG_ERROR_CFLAGS) $(GMIME_CFLAGS)

# Only the plugin ABI is exported: the core linked in stays private, so
# it can never clash with a library that Claws or another plugin loads.
plugin_claws_gsmime_la_LDFLAGS = -module -avoid-version -shared \
	-export-symbols-regex '^plugin_'
plugin_claws_gsmime_la_LIBADD = common/libgsmime.la $(CLAWS_LIBS)
endif
