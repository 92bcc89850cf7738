"""The static files app, told to leave out what the plotly package ships beside plotly.min.js
(its Jupyter widget bundle, sample data sets and theme files, about 6 MB that no page loads), so
that `collectstatic` neither copies nor compresses them."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class WzsciStaticFilesConfig(StaticFilesConfig):
    # Names of files and folders anywhere under the static sources; no other source has these.
    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "widgetbundle.js",
        "datasets",
        "templates",
    ]
