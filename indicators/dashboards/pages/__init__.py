"""What each dashboard page shows: cards, tables and charts built from the selectors' reads.

Views (indicators/dashboards/views.py) parse the request and render; selectors
(indicators/dashboards/selectors/) read; chart builders (indicators/compute/charts/) draw. The
pages turn the reads into tables and charts, one module per page family, from the shared
building blocks of ``parts``.
"""
