"""numbers.py: written numbers ↔ exact values."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.extraction.numbers import format_decimal, parse_number, to_chinese, with_magnitude
from generator.extraction.tokens import find_numbers


@pytest.mark.parametrize(
    "text, value",
    [
        ("44.1万", "441000"), ("二千七百二十", "2720"), ("两", "2"), ("兩萬三千", "23000"),
        ("3200亿", "320000000000"), ("1.2万亿", "1200000000000"), ("二〇二一", "2021"),
        ("三点五", "3.5"), ("百万", "1000000"), ("2万3056", "23056"), ("一万五", "15000"),
        ("三百五", "350"), ("一千零五", "1005"), ("廿", "20"), ("壹佰贰拾", "120"),
        ("九千七百万", "97000000"), ("1,234", "1234"), ("8.46万", "84600"), ("十万", "100000"),
    ],
)
def test_parse_number(text, value):
    """Each written form reads as its exact value."""
    assert format_decimal(parse_number(text)) == value


def test_values_are_exact_decimals():
    """44.1万 is exactly 441000, with no float error anywhere."""
    assert parse_number("44.1万") == Decimal(441000)
    assert format_decimal(parse_number("0.3万")) == "3000"


@given(st.integers(min_value=0, max_value=10**16))
def test_chinese_numerals_round_trip(n):
    """Formatting an integer in Chinese numerals and parsing it gives it back."""
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=1, max_value=10**13), st.integers(min_value=0, max_value=3))
def test_arabic_with_magnitude_round_trip(n, places):
    """44.1万-style forms (any magnitude, any decimals) parse to the value they were made from."""
    value = Decimal(n) / (10**places)
    assert parse_number(with_magnitude(value)) == value


QUALIFIED = [
    ("近{n}{unit}", "nearly"), ("超过{n}{unit}", "more_than"), ("逾{n}{unit}", "more_than"),
    ("约{n}{unit}", "about"), ("{n}余{unit}", "more_than"), ("{n}多{unit}", "more_than"),
    ("{n}{unit}以上", "more_than"), ("{n}{unit}左右", "about"), ("{n}{unit}", "exact"),
]


@given(
    st.integers(min_value=2, max_value=10**12),
    st.sampled_from(QUALIFIED),
    st.sampled_from(["起", "名", "元", "条", "张", "场次", "个"]),
    st.booleans(),
)
def test_extractor_reads_value_unit_and_qualifier(n, pattern, unit, chinese):
    """Any number, written in Arabic-with-magnitude or Chinese numerals, with any qualifier
    and measure word, is read back with its value, unit and qualifier."""
    template, qualifier = pattern
    number = to_chinese(n) if chinese else with_magnitude(Decimal(n))
    if "余" in template and not chinese and number[-1] in "万亿":
        number, template = number[:-1], template.replace("余", "余" + number[-1])
    text = "据统计，全国共破获案件" + template.format(n=number, unit=unit) + "。"
    tokens = [t for t in find_numbers(text) if t.kind == "statistic"]
    assert len(tokens) == 1, (text, tokens)
    token = tokens[0]
    assert (token.value, token.unit, token.qualifier) == (str(n), unit, qualifier), text
