"""What the proposals' pages share around one posted action: a refusal shown as the 403 page, a
service's refusal or a form's errors as a message, a success as a message. The commitment's page and
the handling's page both run their actions through here."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from proposals.services.errors import PermissionDenied, ServiceError


def forbidden(request, message: str) -> HttpResponse:
    return render(request, "proposals/forbidden.html", {"message": message}, status=403)


def run_action(request, action: Callable[..., object], *args) -> HttpResponse | None:
    """Call ``action(*args)``: it returns a success message (str) or an invalid form. A refusal of
    permission answers the 403 page (returned); anything else becomes a message (None returned)."""
    try:
        outcome = action(*args)
    except PermissionDenied as exc:
        return forbidden(request, exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if isinstance(outcome, str):
            messages.success(request, outcome)
        else:
            errors = [str(e) for errs in outcome.errors.values() for e in errs]
            messages.error(request, _("请检查填写的内容：%(e)s") % {"e": "；".join(errors)})
    return None
