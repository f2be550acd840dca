# doc/ - manual pages and the reference documents.
dist_man_MANS = doc/gsmime.1 doc/gsmime-mutt.1
EXTRA_DIST += doc/architecture.md doc/verdicts.md doc/user-guide.md \
	doc/big-mail.md \
	doc/header-protection.md \
	doc/harvest-and-revocation.md doc/claws-mail.md \
	doc/screenshots/claws-green.png doc/screenshots/claws-orange.png \
	doc/screenshots/claws-orange-server-silent.png \
	doc/screenshots/claws-red.png
