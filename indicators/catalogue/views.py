from django.shortcuts import render

from indicators.catalogue import selectors


def home(request):
    """The first screen: the nine key indicators with their baseline and targets."""
    return render(
        request,
        "indicators/home.html",
        {"rows": selectors.key_indicator_table(), "years": selectors.KEY_TABLE_YEARS},
    )
