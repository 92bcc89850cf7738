"""The proposals area in Django's admin: every save and delete goes through proposals/services/.

The admin is one more write path, so it is held to the rules of the import pages: a form's
clean() runs the service in a savepoint that is always rolled back (its Chinese messages show on
the form), then save_model() / save_formset() / delete_model() run it for real. This is the
pattern of indicators/admin.py. History reverts are off: a revert would write an old version
past the services.
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from proposals.models import Commitment, Proposal, Reply, ReportedFigure
from proposals.services import commitments, figures, replies
from proposals.services.errors import ServiceError, ValidationFailed


class _DryRun(Exception):
    pass


def _dry_run(run, **kwargs) -> None:
    try:
        with transaction.atomic():
            run(**kwargs)
            raise _DryRun
    except _DryRun:
        pass


def _add_service_errors(form, exc: ServiceError) -> None:
    if isinstance(exc, ValidationFailed) and exc.details:
        for key, messages in exc.details.items():
            editable = key in form.fields and not form.fields[key].disabled
            form.add_error(key if editable else None, messages)
    else:
        form.add_error(None, exc.message)


def _deleting(form) -> bool:
    return bool(form.cleaned_data.get("DELETE")) and form.instance.pk is not None


def _service_form(base, request, run):
    """The admin form class with a clean() that dry-runs `run(request=, form=)` for this user."""

    class ServiceForm(base):
        def clean(self):
            cleaned = super().clean()
            if not self.errors and not _deleting(self):  # deletions: the formset's clean()
                try:
                    _dry_run(run, request=request, form=self)
                except ServiceError as exc:
                    _add_service_errors(self, exc)
            return cleaned

    return ServiceForm


def _copy_saved(obj, saved) -> None:
    """Make the admin's object the saved row, so its log entry and redirect are right."""
    obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})
    obj._state = saved._state


def _picked(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


class _ServiceAdmin:
    """A ModelAdmin whose saves are `_run(request=, form=)`, its deletes `_delete(request, obj)`."""

    @staticmethod
    def _run(*, request, form):
        raise NotImplementedError

    @staticmethod
    def _delete(request, obj) -> None:
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return _service_form(form, request, self._run)

    def save_model(self, request, obj, form, change):
        _copy_saved(obj, self._run(request=request, form=form))

    def delete_model(self, request, obj):
        self._delete(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._delete(request, obj)


class _ServiceInline:
    """An inline whose rows are added, changed and deleted by `_run_row(request=, form=)`."""

    @staticmethod
    def _run_row(*, request, form):
        raise NotImplementedError

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)
        run_row = self._run_row

        class ServiceFormSet(base):
            form = _service_form(base.form, request, run_row)

            def clean(self):
                # A row ticked for deletion is not cleaned as a form: dry-run its deletion here.
                super().clean()
                for row in self.forms:
                    if self.can_delete and self._should_delete_form(row) and row.instance.pk:
                        try:
                            _dry_run(run_row, request=request, form=row)
                        except ServiceError as exc:
                            raise forms.ValidationError(exc.message) from exc

        ServiceFormSet.__name__ = base.__name__
        return ServiceFormSet


def _save_rows(request, formset, run_row) -> None:
    """What formset.save() does, row by row through the service; fills in what the admin's
    change message reads (new_objects, changed_objects, deleted_objects)."""
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


# --------------------------------------------------------------------------- commitments


def _commitment_row(*, request, form):
    """Add, correct or delete one commitment from a form (the inline's row or the change page)."""
    if _deleting(form):
        return commitments.commitment_delete(user=request.user, commitment=form.instance)
    asked = {
        name: form.cleaned_data[name]
        for name in ("status", "evidence")
        if name in form.changed_data
    }
    instance = form.instance
    return commitments.commitment_save(
        user=request.user,
        commitment=instance if instance.pk is not None else None,
        reply=None if instance.pk is not None else form.cleaned_data.get("reply"),
        fields=_picked(form, commitments.COMMITMENT_FIELDS),
        status=asked.get("status"),
        evidence=asked.get("evidence"),
    )


def _figure_row(*, request, form):
    """Add, correct or delete one reported figure from a form."""
    if _deleting(form):
        return figures.figure_delete(user=request.user, figure=form.instance)
    instance = form.instance
    return figures.figure_save(
        user=request.user,
        figure=instance if instance.pk is not None else None,
        reply=None if instance.pk is not None else form.cleaned_data.get("reply"),
        fields=_picked(form, figures.FIGURE_FIELDS),
    )


class CommitmentInline(_ServiceInline, admin.TabularInline):
    model = Commitment
    fields = ["number", "text", "quantity", "unit_of_measure", "comparator", "deadline", "status"]
    extra = 0
    show_change_link = True
    _run_row = staticmethod(_commitment_row)
    save_service = "proposals.services.commitments.commitment_save"


class ReportedFigureInline(_ServiceInline, admin.TabularInline):
    model = ReportedFigure
    fields = ["number", "value", "unit_of_measure", "year", "indicator", "region"]
    raw_id_fields = ["indicator"]
    extra = 0
    show_change_link = True
    _run_row = staticmethod(_figure_row)
    save_service = "proposals.services.figures.figure_save"


@admin.register(Commitment)
class CommitmentAdmin(_ServiceAdmin, SimpleHistoryAdmin):
    list_display = [
        "reply",
        "number",
        "short_text",
        "quantity",
        "unit_of_measure",
        "deadline",
        "responsible_unit",
        "status",
    ]
    list_filter = ["status", "responsible_unit", "reply"]
    search_fields = ["text"]
    raw_id_fields = ["indicator", "task"]
    readonly_fields = [
        "status_changed_at",
        "kept_on",
        "reported_by",
        "reported_at",
        "confirmed_by",
        "confirmed_at",
    ]
    _run = staticmethod(_commitment_row)
    save_service = "proposals.services.commitments.commitment_save"
    delete_service = "proposals.services.commitments.commitment_delete"

    @staticmethod
    def _delete(request, obj):
        commitments.commitment_delete(user=request.user, commitment=obj)

    def get_readonly_fields(self, request, obj=None):
        # A commitment belongs to its reply: moving it to another would renumber both.
        return [*self.readonly_fields, "reply"] if obj else self.readonly_fields

    def revert_disabled(self, request, obj=None):
        return True

    @admin.display(description="承诺内容")
    def short_text(self, obj):
        return obj.text[:40]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(_ServiceAdmin, admin.ModelAdmin):
    list_display = ["reply", "number", "value", "unit_of_measure", "year", "indicator", "region"]
    list_filter = ["year", "reply"]
    search_fields = ["sentence"]
    raw_id_fields = ["indicator", "task"]
    _run = staticmethod(_figure_row)
    save_service = "proposals.services.figures.figure_save"
    delete_service = "proposals.services.figures.figure_delete"

    @staticmethod
    def _delete(request, obj):
        figures.figure_delete(user=request.user, figure=obj)

    def get_readonly_fields(self, request, obj=None):
        return ["reply"] if obj else []


# --------------------------------------------------------------------------- replies, proposals


@admin.register(Reply)
class ReplyAdmin(_ServiceAdmin, admin.ModelAdmin):
    list_display = ["doc_number", "proposal", "handling_unit", "signed_on"]
    list_filter = ["handling_unit"]
    search_fields = ["doc_number", "proposal__title", "proposal__proposer"]
    date_hierarchy = "signed_on"
    # follows_up is set on the reply page through its service (commitment_evidence.reply_follow_up)
    readonly_fields = ["search_tokens", "created_by", "created_at", "follows_up"]
    inlines = [CommitmentInline, ReportedFigureInline]
    save_service = "proposals.services.replies.reply_save"
    delete_service = "proposals.services.replies.reply_delete"

    @staticmethod
    def _run(*, request, form):
        instance = form.instance
        return replies.reply_save(
            user=request.user,
            reply=instance if instance.pk is not None else None,
            fields=_picked(form, replies.REPLY_FIELDS),
        )

    @staticmethod
    def _delete(request, obj):
        replies.reply_delete(user=request.user, reply=obj)

    def get_inlines(self, request, obj):
        # Rows are added to a saved reply (their checks need its year and handling unit).
        return self.inlines if obj is not None else []

    def save_formset(self, request, form, formset, change):
        run_row = _commitment_row if formset.model is Commitment else _figure_row
        _save_rows(request, formset, run_row)


class ReplyInline(admin.TabularInline):
    """The proposal's replies, read-only: a reply is corrected on its own page (its service
    rebuilds the search index), and imported rather than added here."""

    model = Reply
    fields = ["doc_number", "handling_unit", "signed_on"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(_ServiceAdmin, admin.ModelAdmin):
    list_display = ["session", "number", "proposer", "title"]
    list_filter = ["session"]
    search_fields = ["title", "proposer"]
    inlines = [ReplyInline]
    save_service = "proposals.services.replies.proposal_save"
    delete_service = "proposals.services.replies.proposal_delete"

    @staticmethod
    def _run(*, request, form):
        instance = form.instance
        data = form.cleaned_data
        return replies.proposal_save(
            user=request.user,
            proposal=instance if instance.pk is not None else None,
            session=data.get("session"),
            number=data.get("number"),
            proposer=data.get("proposer"),
            title=data.get("title"),
        )

    @staticmethod
    def _delete(request, obj):
        replies.proposal_delete(user=request.user, proposal=obj)
