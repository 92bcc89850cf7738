"""The API's own serializer fields: plain decimals, raw numbers as sent, codes and bounded ids.

Serializers only translate. Whether a write is allowed and valid is decided by the services;
serializers check that the request is well-formed (types, lengths, known codes) and no more.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.numbers import NotANumber, parse_number
from common.periods import period_label
from indicators.models import Actual

MAX_TEXT = 10_000
MAX_VERSION = 2**31 - 1


class PlainDecimalField(serializers.DecimalField):
    """A decimal as a string without padding zeros: "3700", "2.61" — not "3700.000000"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        text = super().to_representation(value)
        return format(Decimal(text).normalize(), "f")


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "maxLength": 40}]})
class RawNumberField(serializers.Field):
    """A number as the client sent it (JSON number or text such as "3,700"): the services read it,
    with the same rules and messages as a form field; here only its type and length are checked."""

    default_error_messages = {"invalid": "应为数字或数字文本。"}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        if isinstance(data, str) and len(data) > 40:
            # Refused here, with the reason the services would give ("数值过大" for 5,000
            # digits); common/numbers.py reads no more than its first characters to say so.
            try:
                parse_number(data)
            except NotANumber as exc:
                raise serializers.ValidationError(exc.message) from None
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


def code_of(field_label: str, source: str) -> serializers.CharField:
    return serializers.CharField(source=source, read_only=True, label=field_label)


class CodeRelatedField(serializers.SlugRelatedField):
    """A row named by its code; text no code can be (too long, control characters) is refused
    before it reaches the database (PostgreSQL rejects NUL in text outright)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 40 or any(ord(ch) < 32 for ch in data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:40])
        return super().to_internal_value(data)


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A row id; anything that is not a positive id of sane size is refused before the database."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= pk <= 2**53:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)


PERIOD_MESSAGE = gettext_lazy("期间应为截至月份 1–12 的整数（9 为 1–9月，12 为全年）。")
VINTAGE_MESSAGE = gettext_lazy("数据版本应为 flash（快报）、final（年报）或 revised（修订）之一。")


class PeriodField(serializers.IntegerField):
    """A reporting period by the month it ends with, year to date: 9 is 1–9月, 12 the full year."""

    default_error_messages = {
        "invalid": PERIOD_MESSAGE,
        "min_value": PERIOD_MESSAGE,
        "max_value": PERIOD_MESSAGE,
        "max_string_length": PERIOD_MESSAGE,
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 12)
        kwargs.setdefault("label", "期间（截至月份）")
        kwargs.setdefault("help_text", "年初至该月的累计：9 为 1–9月，12 为全年（年度）")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, float) and not data.is_integer()):
            self.fail("invalid")
        return super().to_internal_value(data)


class VintageField(serializers.ChoiceField):
    default_error_messages = {"invalid_choice": VINTAGE_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Actual.Vintage.choices)
        kwargs.setdefault("label", "数据版本")
        kwargs.setdefault("help_text", "flash 快报、final 年报（正式）、revised 修订")
        super().__init__(**kwargs)


@extend_schema_field({"type": "string", "example": "2024年1–9月"})
class PeriodLabelField(serializers.Field):
    """The period of a row (its `year` and `period`) as people name it (common/periods.py):
    「2024年1–9月」, 「2024年全年」."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "期间名称")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return period_label(value.year, value.period)
