# doc/ - manual pages and the reference documents.
dist_man_MANS = doc/gsmime.1
EXTRA_DIST += doc/verdicts.md
