"""Admin pages that write through a service: the form's clean() dry-runs the service, so its
Chinese messages show beside the fields, and save_model() runs it for real.

The admin is one more write path, held to the same permission, lock, version and validation
rules as the forms, the import and the API. The dry run happens in a savepoint that is always
rolled back (its recompute requests, registered on commit, go with it).
"""

from django.contrib import messages
from django.db import transaction

from indicators.entry.services import ServiceError, ValidationFailed


class _DryRun(Exception):
    pass


def dry_run(function, **kwargs) -> None:
    """Run `function` and roll back whatever it wrote; its ServiceError propagates."""
    try:
        with transaction.atomic():
            function(**kwargs)
            raise _DryRun
    except _DryRun:
        pass


def add_service_errors(form, exc: ServiceError) -> None:
    if isinstance(exc, ValidationFailed) and exc.details:
        for key, messages_ in exc.details.items():
            editable = key in form.fields and not form.fields[key].disabled
            form.add_error(key if editable else None, messages_)
    else:
        form.add_error(None, exc.message)


def service_form(base, request, run):
    """The admin form class with a clean() that dry-runs `run(request=, form=)` for this
    request's user."""

    class ServiceForm(base):
        def clean(self):
            cleaned = super().clean()
            if not self.errors:
                try:
                    dry_run(run, request=request, form=self)
                except ServiceError as exc:
                    add_service_errors(self, exc)
            return cleaned

    return ServiceForm


def copy_saved(obj, saved) -> None:
    """Make the admin's object the saved row, so its log entry and redirect are right."""
    obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})
    obj._state = saved._state


def report_action(modeladmin, request, function, done_message: str) -> None:
    """Run an action's `function` (returning a count) and tell the user how it went."""
    try:
        count = function()
    except ServiceError as exc:
        modeladmin.message_user(request, exc.message, level=messages.ERROR)
    else:
        modeladmin.message_user(request, done_message.format(count=count), level=messages.SUCCESS)
