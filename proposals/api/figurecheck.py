"""POST /api/v1/figure-check/: the figure check (数据核对) of a text, as JSON.

The same check as the page (proposals/figurecheck/check.py). A check reads and saves nothing,
so a read-only token may call it (TokenScope, which refuses other POSTs to such a token, is
left out here on purpose). Errors are the API's one JSON shape (indicators/api/exceptions.py):
a text over WZSCI_MAX_PASTE_BYTES is `request_too_large` (413), anything else malformed
`validation_failed` (400).
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from common.numbers import format_number
from indicators.api.schema import ErrorSerializer
from indicators.api.views.base import ApiViewMixin, validated
from indicators.models import MAX_YEAR, MIN_YEAR
from proposals.figurecheck.check import FigureResult, figure_check
from proposals.figurecheck.compare import Comparison
from proposals.figurecheck.forms import paste_limit, this_year, too_long_message
from proposals.figurecheck.presenting import difference_text

_SIX_PLACES = Decimal("0.000001")


class TextTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"
    default_detail = "请求内容过大，请分批提交。"


class FigureCheckRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        label="文稿", trim_whitespace=False, help_text="要核对的文字（UTF-8 不超过 200 KB）"
    )
    year = serializers.IntegerField(
        label="文稿年份",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=False,
        help_text="“截至目前”按此年份；未写年份的已实现数据按上一年度。默认今年",
    )
    written_on = serializers.DateField(
        label="成文日期",
        required=False,
        help_text="如 2024-06-26：已实现数据与当日已审核的数据版本（快报、年报、修订）比对；"
        "无法确知或不填时与当前数据比对，对照来源中注明。不填年份时按此日期的年份",
    )

    def validate_written_on(self, day):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise serializers.ValidationError(f"成文日期应在 {MIN_YEAR}—{MAX_YEAR} 年之间。")
        return day


class IndicatorRefSerializer(serializers.Serializer):
    code = serializers.CharField(label="指标代码")
    name = serializers.CharField(label="指标名称")
    unit_of_measure = serializers.CharField(label="计量单位")


class ComparisonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        ["actual", "target", "reported"], label="对照类型（已审核实际值、目标值、以往答复报告数据）"
    )
    label = serializers.CharField(label="对照类型名称")
    value = serializers.CharField(label="对照值（其本身的计量单位）")
    unit_of_measure = serializers.CharField(label="对照值的计量单位")
    source = serializers.CharField(label="来源")
    agrees = serializers.BooleanField(label="是否一致")
    difference = serializers.CharField(label="差值（文中数值 − 对照值，按文中单位）")
    difference_text = serializers.CharField(label="差异说明")
    relative_difference = serializers.CharField(
        label="相对差异", allow_null=True, help_text="|差值| / |对照值|；对照值为 0 时为 null"
    )


class FigureResultSerializer(serializers.Serializer):
    number = serializers.IntegerField(label="序号")
    sentence = serializers.CharField(label="原文语句")
    printed = serializers.CharField(label="文中写法（含“超”“左右”等）")
    value = serializers.CharField(label="数值")
    unit_of_measure = serializers.CharField(label="计量单位")
    qualifier = serializers.CharField(
        label="限定（at_least、at_most、about 或空）", allow_blank=True
    )
    claim = serializers.ChoiceField(["actual", "target"], label="性质：已实现或目标、计划")
    indicator = IndicatorRefSerializer(label="推测的指标", allow_null=True)
    indicator_basis = serializers.CharField(
        label="指标推测依据（prior：以往答复的同一表述；name：指标名称）", allow_blank=True
    )
    region = serializers.CharField(label="区域")
    year = serializers.IntegerField(label="年份")
    year_basis = serializers.CharField(label="年份依据")
    period = serializers.CharField(label="期间（空为全年，如 1-9月）", allow_blank=True)
    verdict = serializers.ChoiceField(["agrees", "differs", "not_found"], label="核对结论")
    verdict_label = serializers.CharField(label="核对结论名称")
    against = ComparisonSerializer(label="据以判断的对照值", allow_null=True)
    comparisons = ComparisonSerializer(many=True, label="找到的全部对照值")
    note = serializers.CharField(label="说明", allow_blank=True)


class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    agrees = serializers.IntegerField()
    differs = serializers.IntegerField()
    not_found = serializers.IntegerField()


class FigureCheckResponseSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="文稿年份")
    counts = CountsSerializer(label="各结论的数目")
    results = FigureResultSerializer(many=True)


class FigureCheckView(ApiViewMixin, APIView):
    """数据核对：提交任意文稿，找出每个带单位的数据，推测其指标、区域、年份和期间，并与已审核实际值、
    目标值和以往答复报告的数据比对（一致、不一致或未找到对照）。只读，不保存任何内容；只读令牌也可调用。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="数据核对",
        request=FigureCheckRequestSerializer,
        responses={
            200: FigureCheckResponseSerializer,
            413: OpenApiResponse(ErrorSerializer, description="文字过长（request_too_large）"),
        },
    )
    def post(self, request, *args, **kwargs):
        data = validated(FigureCheckRequestSerializer, request)
        # A lone surrogate (valid JSON, not valid text) becomes "?", so the answer can be written.
        text = data["text"].encode("utf-8", errors="replace").decode("utf-8")
        size = len(text.encode("utf-8"))
        if size > paste_limit():
            raise TextTooLarge(too_long_message(size))
        written_on = data.get("written_on")
        year = data.get("year") or (written_on.year if written_on else this_year())
        report = figure_check(text=text, as_of_year=year, as_of=written_on)
        body = {
            "year": report.as_of_year,
            "counts": report.counts,
            "results": [_result(r) for r in report.results],
        }
        return Response(FigureCheckResponseSerializer(body).data)


def _result(result: FigureResult) -> dict:
    figure, judgement = result.figure, result.judgement
    return {
        "number": figure.number,
        "sentence": figure.sentence,
        "printed": figure.printed,
        "value": format_number(figure.value),
        "unit_of_measure": figure.unit,
        "qualifier": figure.qualifier,
        "claim": figure.claim,
        "indicator": {
            "code": result.indicator.code,
            "name": result.indicator.name,
            "unit_of_measure": result.indicator.unit,
        }
        if result.indicator
        else None,
        "indicator_basis": result.indicator_basis,
        "region": result.region,
        "year": figure.year,
        "year_basis": figure.year_basis,
        "period": figure.period,
        "verdict": result.verdict,
        "verdict_label": result.verdict_label,
        "against": _comparison(figure.unit, judgement.against) if judgement.against else None,
        "comparisons": [_comparison(figure.unit, c) for c in judgement.comparisons],
        "note": judgement.note,
    }


def _comparison(unit: str, comparison: Comparison) -> dict:
    reference = comparison.reference
    return {
        "kind": reference.kind,
        "label": reference.label,
        "value": format_number(reference.value),
        "unit_of_measure": reference.unit,
        "source": reference.source,
        "agrees": comparison.agrees,
        "difference": format_number(comparison.difference.quantize(_SIX_PLACES)),
        "difference_text": difference_text(unit, comparison),
        "relative_difference": format_number(comparison.relative.quantize(_SIX_PLACES))
        if comparison.relative is not None
        else None,
    }
