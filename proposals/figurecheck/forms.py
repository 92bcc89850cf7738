"""The figure check's form: a text pasted or a .txt/.docx uploaded, and the year it is written in.

The limits: a file up to WZSCI_MAX_IMPORT_BYTES; the text checked (pasted, or read from the
file) up to WZSCI_MAX_PASTE_BYTES in UTF-8 (200 KB by default, `read_text_limit`).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.archives import configured_limits
from indicators.models import MAX_YEAR, MIN_YEAR
from proposals.parsing import ReplyFileError, read_reply_file


def paste_limit() -> int:
    return int(getattr(settings, "WZSCI_MAX_PASTE_BYTES", 200 * 1024))


def too_long_message(size: int) -> str:
    return _("文字过长（%(size)s KB），数据核对一次最多 %(limit)s KB，请分段核对。") % {
        "size": (size + 1023) // 1024,
        "limit": paste_limit() // 1024,
    }


def this_year() -> int:
    return timezone.localdate().year


class FigureCheckForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("粘贴文稿"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 14,
                "placeholder": gettext_lazy("将通报、总结、讲话稿或答复粘贴到这里……"),
            }
        ),
    )
    file = forms.FileField(label=gettext_lazy("或上传文件（.txt / .docx）"), required=False)
    year = forms.IntegerField(
        label=gettext_lazy("文稿年份"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=gettext_lazy("“截至目前”按此年份；未写年份的已实现数据按上一年度"),
    )

    written_on = forms.DateField(
        label=gettext_lazy("成文日期"),
        required=False,
        help_text=gettext_lazy(
            "选填，如 2024-06-26：与当日已审核的数据版本（快报、年报）比对；不填则与当前数据比对"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = this_year()

    def clean_written_on(self):
        day = self.cleaned_data.get("written_on")
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("成文日期应在 %(min)s—%(max)s 年之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        return day

    def clean(self):
        data = super().clean()
        text, upload = (data.get("text") or "").strip(), data.get("file")
        if text and upload:
            raise forms.ValidationError(_("请只选择一种方式：粘贴文字，或上传文件。"))
        if upload:
            if upload.size > settings.WZSCI_MAX_IMPORT_BYTES:
                raise forms.ValidationError(
                    _("文件过大，请上传不超过 %(mb)s MB 的文件。")
                    % {"mb": settings.WZSCI_MAX_IMPORT_BYTES // (1024 * 1024)}
                )
            try:
                text = read_reply_file(upload.name, upload.read(), limits=configured_limits())
            except ReplyFileError as exc:
                raise forms.ValidationError(
                    _("无法读取文件“%(name)s”：%(reason)s") % {"name": upload.name, "reason": exc}
                ) from exc
            data["source_file"] = upload.name
        elif text:
            data["source_file"] = ""
        else:
            raise forms.ValidationError(_("请粘贴要核对的文字，或上传 .txt / .docx 文件。"))
        size = len(text.encode("utf-8"))
        if size > paste_limit():
            raise forms.ValidationError(too_long_message(size))
        data["checked_text"] = text
        return data
