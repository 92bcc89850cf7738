"""Forms of the reply import. They carry what staff typed; proposals/services/ validates it.

Step 1 (ImportStartForm) takes pasted text or a .txt/.docx file. Step 2 shows the parsed reply:
HeaderForm for the header, and one CommitmentForm / FigureForm per candidate, each with a
"keep" box (unticked rows are dropped). Pickers are text inputs tied to shared <datalist>s
(indicator codes, task references, unit names), so forty rows do not each carry every option.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from common.archives import configured_limits
from indicators.models import Region
from proposals.models import Comparator
from proposals.parsing import ReplyFileError, read_reply_file

DATE_INPUT = {"type": "date"}


class ImportStartForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("粘贴答复全文"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 16, "placeholder": gettext_lazy("将答复函全文粘贴到这里……")}
        ),
    )
    file = forms.FileField(label=gettext_lazy("或上传文件（.txt / .docx）"), required=False)

    def clean(self):
        data = super().clean()
        text, upload = (data.get("text") or "").strip(), data.get("file")
        if text and upload:
            raise forms.ValidationError(gettext("请只选择一种方式：粘贴全文，或上传文件。"))
        if upload:
            if upload.size > settings.WZSCI_MAX_IMPORT_BYTES:
                raise forms.ValidationError(gettext("文件过大，请上传不超过 10 MB 的答复文件。"))
            try:
                data["reply_text"] = read_reply_file(
                    upload.name, upload.read(), limits=configured_limits()
                )
            except ReplyFileError as exc:
                raise forms.ValidationError(
                    gettext("无法读取文件“%(name)s”：%(exc)s") % {"name": upload.name, "exc": exc}
                ) from exc
            data["source_file"] = upload.name
        elif text:
            data["reply_text"] = data["text"]
            data["source_file"] = ""
        else:
            raise forms.ValidationError(gettext("请粘贴答复全文，或上传 .txt / .docx 文件。"))
        size = len(data["reply_text"].encode("utf-8"))
        limit = settings.WZSCI_MAX_PASTE_BYTES
        if size > limit:
            raise forms.ValidationError(
                _("答复全文过长（%(size)s KB），上限为 %(limit)s KB。请只粘贴答复函本身。")
                % {"size": (size + 1023) // 1024, "limit": limit // 1024}
            )
        return data


def _text(label, *, required=False, max_length=None, **attrs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs) if attrs else forms.TextInput,
    )


class HeaderForm(forms.Form):
    doc_number = _text(gettext_lazy("文号"), max_length=60)
    session = _text(
        gettext_lazy("会议届次"), max_length=40, placeholder=gettext_lazy("市政协十二届二次会议")
    )
    proposal_number = _text(gettext_lazy("提案号"), max_length=10, inputmode="numeric")
    proposer = _text(gettext_lazy("提案人"), max_length=60)
    title = _text(gettext_lazy("提案标题"), max_length=300)
    handling_unit = _text(gettext_lazy("承办单位"), max_length=80, list="unit-options")
    signed_on = _text(gettext_lazy("签发日期"), max_length=10, **DATE_INPUT)
    issued_on = _text(gettext_lazy("印发日期"), max_length=10, **DATE_INPUT)
    contact_name = _text(gettext_lazy("联系人"), max_length=40)
    contact_phones = _text(
        gettext_lazy("联系电话"), max_length=200, placeholder=gettext_lazy("多个号码用逗号分隔")
    )
    copy_to = _text(
        gettext_lazy("抄送单位"), max_length=300, placeholder=gettext_lazy("多个单位用逗号分隔")
    )


COMPARATOR_CHOICES = [("", "—"), *Comparator.choices]


def region_choices():
    return [("", gettext("全市"))] + [
        (r.name, r.name) for r in Region.objects.exclude(kind=Region.Kind.CITY)
    ]


class CommitmentForm(forms.Form):
    keep = forms.BooleanField(label=gettext_lazy("保留"), required=False, initial=True)
    text = forms.CharField(
        label=gettext_lazy("承诺内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    quantity = _text(gettext_lazy("数量"), max_length=30, inputmode="decimal", size=8)
    unit_of_measure = _text(gettext_lazy("计量单位"), max_length=20, size=6)
    comparator = forms.ChoiceField(
        label=gettext_lazy("比较"), required=False, choices=COMPARATOR_CHOICES
    )
    deadline = _text(gettext_lazy("完成期限"), max_length=10, **DATE_INPUT)
    responsible_unit = _text(gettext_lazy("责任单位"), max_length=80, list="unit-options", size=12)
    indicator = _text(
        gettext_lazy("关联指标"),
        max_length=20,
        list="indicator-options",
        size=8,
        placeholder=gettext_lazy("指标代码"),
    )
    task = _text(
        gettext_lazy("关联任务"),
        max_length=40,
        list="task-options",
        size=14,
        placeholder=gettext_lazy("任务"),
    )
    region = forms.ChoiceField(label=gettext_lazy("区域"), required=False, choices=[])

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions or [("", gettext("全市"))]


class FigureForm(forms.Form):
    keep = forms.BooleanField(label=gettext_lazy("保留"), required=False, initial=True)
    value = _text(gettext_lazy("数值"), max_length=30, inputmode="decimal", size=8)
    unit_of_measure = _text(gettext_lazy("计量单位"), max_length=20, size=6)
    year = _text(gettext_lazy("年份"), max_length=4, inputmode="numeric", size=5)
    sentence = forms.CharField(
        label=gettext_lazy("原文语句"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator = _text(
        gettext_lazy("关联指标"),
        max_length=20,
        list="indicator-options",
        size=8,
        placeholder=gettext_lazy("指标代码"),
    )
    region = forms.ChoiceField(label=gettext_lazy("区域"), required=False, choices=[])
    task = _text(
        gettext_lazy("关联任务"),
        max_length=40,
        list="task-options",
        size=14,
        placeholder=gettext_lazy("任务"),
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions or [("", gettext("全市"))]


CommitmentFormSet = formset_factory(CommitmentForm, extra=0, max_num=300, validate_max=True)
FigureFormSet = formset_factory(FigureForm, extra=0, max_num=500, validate_max=True)


def kept_rows(formset) -> list[dict]:
    """The rows staff kept, as the service takes them, each labelled with its row on the page."""
    rows = []
    for index, form in enumerate(formset.forms, start=1):
        data = form.cleaned_data if form.is_valid() else {}
        if not data.get("keep"):
            continue
        row = {k: v for k, v in data.items() if k not in {"keep", "clause"}}
        row["label"] = index
        rows.append(row)
    return rows


class CommitmentRecordForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        choices=[
            ("fulfilled", gettext_lazy("已落实（报告）")),
            ("in_progress", gettext_lazy("推进中")),
            ("pending", gettext_lazy("待落实")),
        ],
    )
    evidence = forms.CharField(
        label=gettext_lazy("落实依据"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
