# plugin/mutt/ - the mutt host: the commands behind mutt's
# smime_*_command variables, the per-user session process, mutt's .index
# files, the migration from ~/.smime, and the muttrc snippet.  The gsmime
# command reaches it through host.h only ("gsmime mutt", and the hook
# after the keybox changed); the fuzz targets link it too.
noinst_LTLIBRARIES += plugin/mutt/libgsmime-mutt.la

plugin_mutt_libgsmime_mutt_la_SOURCES = \
	plugin/mutt/host.h plugin/mutt/dispatch.c \
	plugin/mutt/commands.h plugin/mutt/call.c plugin/mutt/passphrase.c \
	plugin/mutt/commands-read.c plugin/mutt/protected-entity.c \
	plugin/mutt/commands-write.c \
	plugin/mutt/commands-certs.c \
	plugin/mutt/index-writer.h plugin/mutt/index-writer.c \
	plugin/mutt/smime-store-reader.h plugin/mutt/smime-store-reader.c \
	plugin/mutt/migrate.c \
	plugin/mutt/session-process.h plugin/mutt/session-process.c \
	plugin/mutt/session-wire.h plugin/mutt/session-wire.c
# Programs that link this library link tools/libgsmime-cli.la and
# common/libgsmime.la after it.
plugin_mutt_libgsmime_mutt_la_LIBADD = $(GNUTLS_LIBS)

# gsmime-mutt: what mutt runs per message.  It speaks to the session
# process with GLib alone (session-wire.c is the only part of the
# library it pulls in), so that starting it costs little more than
# starting any program.  It is built beside gsmime in tools/, as the two
# are installed side by side: when no session process runs it becomes
# the gsmime it finds beside itself.
bin_PROGRAMS += tools/gsmime-mutt
tools_gsmime_mutt_SOURCES = plugin/mutt/gsmime-mutt.c
tools_gsmime_mutt_CPPFLAGS = $(AM_CPPFLAGS) -DBINDIR=\"$(bindir)\"
tools_gsmime_mutt_LDFLAGS = -Wl,--as-needed
tools_gsmime_mutt_LDADD = plugin/mutt/libgsmime-mutt.la $(GLIB_LIBS)

# The muttrc snippet users source: $(datadir)/gsmime/gsmime.muttrc.
muttsnippetdir = $(datadir)/gsmime
dist_muttsnippet_DATA = plugin/mutt/gsmime.muttrc
