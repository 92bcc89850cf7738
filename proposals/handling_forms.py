"""Forms of the handling pages: they read what staff typed; proposals/services/handling.py holds
the rules (who, when, what is allowed) and says what is wrong in Chinese."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.models import Unit
from proposals.models import ResultClass, Satisfaction

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReceiveForm(forms.Form):
    session = forms.CharField(
        label=_("会议届次"), max_length=40, help_text=_("如：市政协十二届二次会议")
    )
    number = forms.IntegerField(label=_("提案号"), min_value=1, max_value=100000)
    proposer = forms.CharField(label=_("提案人"), max_length=60)
    title = forms.CharField(label=_("提案标题"), max_length=300)
    text = forms.CharField(label=_("提案内容"), widget=forms.Textarea(attrs={"rows": 10}))
    received_on = forms.DateField(
        label=_("收到日期"), required=False, widget=DATE_INPUT, help_text=_("留空为今天")
    )


def _units():
    return Unit.objects.order_by("order", "name")


class AssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label=_("会办单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("可多选（按住 Ctrl 键）"),
    )
    deadline = forms.DateField(label=_("答复期限"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units()
        self.fields["co_units"].queryset = _units()
        self.fields["deadline"].help_text = gettext("留空为交办之日起 %(n)s 个月") % {
            "n": settings.WZSCI_PROPOSAL_DEADLINE_MONTHS
        }


class OpinionForm(forms.Form):
    co_unit = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.CharField(label=_("会办意见"), widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(forms.Form):
    reply = forms.IntegerField(label=_("答复"))


class ClassifyForm(forms.Form):
    result_class = forms.ChoiceField(label=_("办理结果类别"), choices=ResultClass.choices)


class EvaluateForm(forms.Form):
    attitude = forms.ChoiceField(
        label=_("对办理态度"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    result = forms.ChoiceField(
        label=_("对办理结果"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("提案人意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RehandleForm(forms.Form):
    deadline = forms.DateField(label=_("答复期限"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = gettext("留空为今天起 %(n)s 个月") % {
            "n": settings.WZSCI_PROPOSAL_REHANDLING_MONTHS
        }
