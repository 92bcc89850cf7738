"""Forms of the entry area. They only collect what the user typed; every rule (permission,
range, outlier, workflow, version) is the services', so the messages are the same on every path.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy

from common.numbers import NotANumber, parse_number
from indicators.entry.services import REVIEW_ACTIONS
from indicators.models import Actual, TaskReport


class NumberTextField(forms.CharField):
    """Text the services read as a number. Text past `max_length` is refused here, with the
    reason the number reader gives ("数值过大" for 5,000 digits) rather than a count of characters."""

    def run_validators(self, value):
        if value and self.max_length is not None and len(value) > self.max_length:
            try:
                parse_number(value)
            except NotANumber as exc:
                raise forms.ValidationError(
                    gettext("应填写数字：%(message)s。") % {"message": exc.message}
                ) from None
        super().run_validators(value)


class EntryRowForm(forms.Form):
    """One indicator's row on the yearly entry screen (prefix = "r<indicator id>")."""

    value = NumberTextField(required=False, max_length=60, strip=True)
    source_note = forms.CharField(required=False, max_length=2000, strip=True)
    explanation = forms.CharField(required=False, max_length=2000, strip=True)
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in REVIEW_ACTIONS])
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=False)
    comment = forms.CharField(required=False, max_length=2000, strip=True)

    def __init__(self, *args, allowed_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(str(i), str(i)) for i in allowed_ids]
        self.fields["ids"].error_messages["invalid_choice"] = gettext(
            "所选条目已不在待审核列表中，请刷新页面后重试。"
        )


class TaskReportForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", gettext_lazy("请选择")), *TaskReport.Status.choices],
        required=False,
        label=gettext_lazy("进展情况"),
    )
    percent = NumberTextField(required=False, max_length=10, label=gettext_lazy("完成百分比"))
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        label=gettext_lazy("进展说明"),
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class UploadForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, label=gettext_lazy("年份"), choices=[])
    # Empty files reach the reader, which says so in its own words.
    file = forms.FileField(
        label=gettext_lazy("填好的模板（.xlsx 或 .csv）"), required=False, allow_empty_file=True
    )
    submit = forms.BooleanField(required=False, label=gettext_lazy("导入后直接提交审核"))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, gettext("%(y)s年") % {"y": y}) for y in years]


class ReviewableAdminForm(forms.ModelForm):
    """The admin's form of a row under review: the editable fields, the version the form was
    built on, and whether to submit the row once saved. The fields that name the row
    (`key_fields`) are fixed once it exists."""

    key_fields: tuple[str, ...] = ()

    expected_version = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        help_text=gettext_lazy("防止覆盖他人在此期间的修改"),
    )
    submit_for_review = forms.BooleanField(
        required=False,
        label=gettext_lazy("保存后提交审核"),
        help_text=gettext_lazy("勾选后，保存的同时提交给审核员。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            for name in self.key_fields:
                self.fields[name].disabled = True
        else:
            self.fields["expected_version"].initial = 0


class ActualAdminForm(ReviewableAdminForm):
    key_fields = ("indicator", "region", "year", "period", "vintage")

    class Meta:
        model = Actual
        fields = [
            "indicator",
            "region",
            "year",
            "period",
            "vintage",
            "value",
            "source_note",
            "explanation",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left blank: the full year, 年报（正式） (the service checks both against the indicator).
        for name in ("period", "vintage"):
            self.fields[name].required = False

    def clean_period(self):
        return self.cleaned_data.get("period") or 12

    def clean_vintage(self):
        return self.cleaned_data.get("vintage") or Actual.Vintage.FINAL


class TaskReportAdminForm(ReviewableAdminForm):
    key_fields = ("task", "unit", "year", "period")

    percent = forms.CharField(label=gettext_lazy("完成百分比"), max_length=10)

    class Meta:
        model = TaskReport
        fields = ["task", "unit", "year", "period", "status", "percent", "text"]

    def clean_percent(self):
        # The service reads and checks the percentage (0–100, whole); the model field needs an int.
        raw = self.cleaned_data["percent"]
        try:
            return int(str(raw).strip().rstrip("%"))
        except ValueError:
            raise forms.ValidationError(gettext("完成百分比应为 0 到 100 之间的整数。")) from None
