"""Forms of the reply drafts. They carry what people typed; proposals/documents/services.py
validates it (every rule and message lives there)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.documents import selectors

DATE_INPUT = {"type": "date"}


class DraftCreateForm(forms.Form):
    proposal = forms.ModelChoiceField(
        label=_("提案"), queryset=selectors.draftable_proposals(), empty_label=_("请选择提案")
    )
    handling_unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=selectors.drafting_units(), empty_label=_("请选择单位")
    )


class DraftForm(forms.Form):
    letterhead = forms.CharField(label=_("版头"), required=False, max_length=60)
    doc_number = forms.CharField(
        label=_("文号"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "温科提复〔2025〕1号"}),
    )
    title = forms.CharField(
        label=_("标题（可分行）"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    salutation = forms.CharField(label=_("称谓"), max_length=80)
    body = forms.CharField(
        label=_("正文（每段一行）"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 22}),
    )
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=40)
    contact_phones = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("多个号码用逗号分隔")}),
    )
    copy_to = forms.CharField(
        label=_("抄送"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("多个单位用逗号分隔")}),
    )
    issuer = forms.CharField(label=_("落款单位"), max_length=80)

    @classmethod
    def for_draft(cls, draft, data=None):
        initial = {
            "letterhead": draft.letterhead,
            "doc_number": draft.doc_number,
            "title": draft.title,
            "salutation": draft.salutation,
            "body": draft.body,
            "contact_name": draft.contact_name,
            "contact_phones": "，".join(draft.contact_phones),
            "copy_to": "，".join(draft.copy_to),
            "issuer": draft.issuer,
        }
        return cls(data, initial=initial)


class SignOffForm(forms.Form):
    signed_on = forms.DateField(label=_("签发日期"), widget=forms.DateInput(attrs=DATE_INPUT))
    issued_on = forms.DateField(
        label=_("印发日期"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT),
        help_text=_("留空为签发当日"),
    )
    accept_differences = forms.BooleanField(
        label=_("已逐一核对不一致的数据，确认按原文签发"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()
