"""Writes of the proposals area, one module per subject: imports.py (a reply, all at once),
commitments.py (a commitment's status by hand); errors.py and reading.py are shared.

Every write goes through here, whatever the path (the import pages, the REST API, the admin,
a shell), so the rules are enforced once: permission (proposals/rules.py), validation with a
Chinese message for every problem, and all-or-nothing saving in one transaction.
"""
