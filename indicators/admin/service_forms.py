"""Admin pages that write through a service: the form's clean() dry-runs the service, so its
Chinese messages show beside the fields, and save_model() runs it for real.

The admin is one more write path, held to the same permission, lock, version and validation
rules as the forms, the import and the API. The dry run happens in a savepoint that is always
rolled back (its recompute requests, registered on commit, go with it).

`ServiceAdminMixin` is the ModelAdmin side (saves, deletes, and its inlines' saves);
`ServiceInlineMixin` an inline whose rows are saved and deleted one by one by a service.
"""

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.exceptions import PermissionDenied as AdminPermissionDenied
from django.db import transaction

from indicators.entry.services import ServiceError, ValidationFailed, recompute_batch


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


def deleting(form) -> bool:
    """Whether an inline's row is ticked for deletion (and exists)."""
    return bool(form.cleaned_data.get("DELETE")) and form.instance.pk is not None


def service_form(base, request, run):
    """The admin form class with a clean() that dry-runs `run(request=, form=)` for this
    request's user. An inline's row ticked for deletion is dry-run by its formset instead."""

    class ServiceForm(base):
        def clean(self):
            cleaned = super().clean()
            if not self.errors and not deleting(self):
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


def picked(form, names) -> dict:
    """The form's cleaned values of these fields (a field the form lacks is left out)."""
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def current(form):
    """The row the form changes, or None on an add page."""
    return form.instance if form.instance.pk is not None else None


def admin_reason(form, what: str) -> str:
    """The history's change reason of an admin save."""
    return f"后台{'修改' if current(form) is not None else '新增'}{what}"


def report_action(modeladmin, request, function, done_message: str) -> None:
    """Run an action's `function` (returning a count) and tell the user how it went."""
    try:
        count = function()
    except ServiceError as exc:
        modeladmin.message_user(request, exc.message, level=messages.ERROR)
    else:
        modeladmin.message_user(request, done_message.format(count=count), level=messages.SUCCESS)


class ServiceAdminMixin:
    """A ModelAdmin whose every save and delete is a service call.

    `save_service` and `delete_service` name the services by dotted path, where this admin looks
    them up when it calls them: tests/indicators/test_admin_services.py lists every writable
    admin and wraps its declared service to prove that a save goes through it. `run_save`
    calls the save service with the form's data and returns the saved row (the form's clean()
    dry-runs it); `run_delete` calls the delete service. Each inline's formset saves its rows
    through a service too (`save_through_service`, as ServiceInlineMixin's do).
    """

    save_service = ""
    delete_service = ""

    def run_save(self, *, request, form):
        raise NotImplementedError

    def run_delete(self, *, request, obj) -> None:
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return service_form(form, request, self.run_save)

    def save_model(self, request, obj, form, change):
        copy_saved(obj, self.run_save(request=request, form=form))

    def save_related(self, request, form, formsets, change):
        # No form.save_m2m(): the save service has set the many-to-many fields it owns.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        save = getattr(formset, "save_through_service", None)
        if save is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__}: the inline of {formset.model.__name__} has no service"
            )
        save(request)

    def delete_model(self, request, obj):
        try:
            self.run_delete(request=request, obj=obj)
        except ServiceError as exc:
            raise AdminPermissionDenied(exc.message) from exc

    def delete_queryset(self, request, queryset):
        try:
            with transaction.atomic(), recompute_batch():
                for obj in queryset:
                    self.run_delete(request=request, obj=obj)
        except ServiceError as exc:
            raise AdminPermissionDenied(exc.message) from exc


def save_rows(request, formset, run_row) -> None:
    """What formset.save() does, row by row through `run_row(request=, form=)`; fills in what
    the admin's change message reads (new_objects, changed_objects, deleted_objects)."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.forms:
        instance = form.instance
        if formset.can_delete and formset._should_delete_form(form):
            if instance.pk is not None:
                run_row(request=request, form=form)
                formset.deleted_objects.append(instance)
        elif form.has_changed():
            saved = run_row(request=request, form=form)
            if instance.pk is None:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, form.changed_data))


class ServiceInlineMixin:
    """An inline whose rows are added, changed and deleted one by one by `run_row(request=,
    form=)`, which deletes the row when `deleting(form)`. Its rows' checks need the parent
    saved, so the parent's admin shows it on the change page only (see `saved_only`)."""

    def run_row(self, *, request, form):
        raise NotImplementedError

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)
        run_row = self.run_row

        class ServiceFormSet(base):
            form = service_form(base.form, request, run_row)

            def clean(self):
                # A row ticked for deletion is not cleaned as a form: dry-run its deletion here.
                super().clean()
                for row in self.forms:
                    if self.can_delete and self._should_delete_form(row) and row.instance.pk:
                        try:
                            dry_run(run_row, request=request, form=row)
                        except ServiceError as exc:
                            raise ValidationError(exc.message) from exc

            def save_through_service(self, request):
                save_rows(request, self, run_row)

        ServiceFormSet.__name__ = base.__name__
        return ServiceFormSet


def saved_only(inlines, obj):
    """The inlines of a saved object; none on an add page."""
    return inlines if obj is not None else []
