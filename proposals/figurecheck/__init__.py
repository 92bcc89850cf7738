"""The figure check (数据核对) of any outgoing text: 通报, 工作总结, a speech, a reply being drafted.

Every number with a unit of measure is found with its context; the indicator, region, year and
period it most likely speaks of are proposed; each is compared with the approved actuals, the
targets and the figures earlier replies reported, and judged agrees / differs / not found.

Pure (no Django; `pure-no-framework` in pyproject.toml): `extract.py` (the numbers and their
context, reusing the reply parser's quantities and years), `matching.py` (which indicator),
`compare.py` (the judgement). Django side: `selectors.py` (what the database holds, as plain
values), `check.py` (the check end to end), `exports.py` (.xlsx), `forms.py`, `views.py`; the
API endpoint is proposals/api/figurecheck.py. docs/proposals.md describes the rules.
"""
