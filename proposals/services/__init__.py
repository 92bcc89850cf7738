"""Writes of the proposals area, one module per subject: imports.py (a whole reply, all at once),
replies.py (a proposal or a reply corrected), commitments.py (a commitment's status by hand, and
its corrections), figures.py (reported figures corrected); errors.py and reading.py are shared.

Every write goes through here, whatever the path (the import pages, the REST API, the admin,
a shell), so the rules are enforced once: permission (proposals/rules.py), validation with a
Chinese message for every problem, history, and what follows (search index, tracking).
"""
