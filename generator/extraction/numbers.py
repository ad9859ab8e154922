"""Numbers as written in Chinese text ↔ exact Decimal values.

Handles Arabic digits (with , grouping and decimals), Chinese numerals in simplified,
traditional and financial forms (二千七百二十, 两, 兩, 廿, 壹佰), digit-by-digit years (二〇二一),
decimals (三点五), and mixtures with magnitudes (44.1万, 2万3056, 1.2万亿, 百万). Shared by the
extractor and the check, so both read a number the same way. Values are Decimals, never floats.
Shares written in words (六成, 4成2, 近一半, 过半) are read here too, as tokens in %.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from generator.extraction import lexicon as lx
from generator.model import Token

CN_DIGITS = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_TENS = {"廿": 20, "卅": 30, "卌": 40}  # 廿 is 二十, written as one character
CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
CN_POINT = {"点", "點"}

CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_TENS) + "".join(CN_BIG)

_ARABIC_MAGNITUDE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)([万萬亿億]*)")
_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|.", re.S)


class NumberFormatError(ValueError):
    """The text is not a number this module can read."""


@lru_cache(maxsize=8192)  # a pure memo (str in, immutable Decimal out): releases repeat their numbers
def parse_number(text: str) -> Decimal:
    """The exact value of a written number: '44.1万' → 441000, '二千七百二十' → 2720.

    Qualifiers (余, 多, 近 …) and measure words are not part of `text`; 余/多 between a
    number and its magnitude (3200余亿) are skipped by the caller or here.
    """
    fast = _ARABIC_MAGNITUDE.fullmatch(text)
    if fast is None:
        text = text.replace("余", "").replace("餘", "").replace("多", "")
        if not text:
            raise NumberFormatError("empty number")
        fast = _ARABIC_MAGNITUDE.fullmatch(text)
    if fast:  # the common case, 44.1万 or 3200: no section arithmetic needed
        value = Decimal(fast.group(1).replace(",", ""))
        for char in fast.group(2):
            value *= CN_BIG[char]
        return value
    if _is_digit_by_digit(text):
        return Decimal("".join(str(CN_DIGITS[c]) for c in text))
    point = next((i for i, c in enumerate(text) if c in CN_POINT), -1)
    if point >= 0:
        return _parse_cn_decimal(text, point)
    return _parse_sections(text)


def _is_digit_by_digit(text: str) -> bool:
    """二〇二一, 一九四九: two or more Chinese digits with no 十/百/千/万 between them."""
    return len(text) >= 2 and all(c in CN_DIGITS for c in text) and not all(c in "两兩" for c in text)


def _parse_cn_decimal(text: str, point: int) -> Decimal:
    """三点五 → 3.5; 三点五万 → 35000 (the magnitude applies to the whole decimal)."""
    whole, rest = text[:point], text[point + 1 :]
    magnitude = 1
    while rest and rest[-1] in CN_BIG:
        magnitude *= CN_BIG[rest[-1]]
        rest = rest[:-1]
    if not rest or not all(c in CN_DIGITS for c in rest):
        raise NumberFormatError(f"not a decimal: {text}")
    fraction = "".join(str(CN_DIGITS[c]) for c in rest)
    integer = _parse_sections(whole) if whole else Decimal(0)
    return (integer + Decimal("0." + fraction)) * magnitude


def _parse_sections(text: str) -> Decimal:
    """Section arithmetic: 万 and 亿 close a section, 十/百/千 multiply the digit before.

    Two habits of writing are read too: digits written one by one inside a section
    (九萬三三七九 = 93379, 六二九億 = 629億, as Taiwanese media write amounts), and a lone digit
    after a unit meaning the next unit down (三百五 = 350, 七千三萬 = 7300萬, 千一萬 = 1100萬).
    """
    total = Decimal(0)  # finished sections (above 万 or 亿)
    section = Decimal(0)  # the current section below the next 万/亿
    number: Decimal | None = None  # the digit or Arabic number waiting for a unit
    seen_zero = False
    last_unit = 0  # the last unit seen, for colloquial 三百五 (350) and 一万五 (15000)
    digits_after_unit = 0
    previous_digit = False  # the token before was a Chinese digit: the next continues it (三三七九)
    for token in _TOKEN.findall(text):
        is_digit = token in CN_DIGITS and CN_DIGITS[token] != 0
        if token[0].isdigit():
            number = Decimal(token.replace(",", ""))
            digits_after_unit += 2  # an Arabic number is never colloquial shorthand
        elif token in CN_DIGITS and CN_DIGITS[token] == 0:
            if previous_digit and number is not None:
                number *= 10  # 五四五〇: a zero inside digits written one by one
            else:
                number, seen_zero = None, True  # 零 only holds a place (一千零五, 一万零十)
            digits_after_unit += 2  # … and means the next digit is no colloquial shorthand
        elif is_digit:
            digit = Decimal(CN_DIGITS[token])
            number = number * 10 + digit if previous_digit and number is not None else digit
            digits_after_unit += 1
        elif token in CN_TENS:
            section += CN_TENS[token]
            number, last_unit, digits_after_unit = None, 10, 0
        elif token in CN_SMALL:
            unit = CN_SMALL[token]
            section += (number if number is not None else 1) * unit
            number, last_unit, digits_after_unit = None, unit, 0
        elif token in CN_BIG:
            unit = CN_BIG[token]
            tail = _colloquial(number, digits_after_unit, last_unit)
            if unit == 10**8:  # 亿 (and 万亿) closes everything before it
                total = (total + section + tail) * unit or Decimal(unit)
            else:
                value = section + tail
                total += (value if value else 1) * unit
            section, number, last_unit, digits_after_unit = Decimal(0), None, unit, 0
        else:
            raise NumberFormatError(f"unexpected character {token!r} in number {text!r}")
        previous_digit = is_digit or (previous_digit and token in CN_DIGITS)
    if number is None and not (total or section or last_unit or seen_zero):
        raise NumberFormatError(f"not a number: {text!r}")
    return total + section + _colloquial(number, digits_after_unit, last_unit)


def _colloquial(number: Decimal | None, digits_after_unit: int, last_unit: int) -> Decimal:
    """The number left after the last unit; a lone digit after 百 or more counts in the next
    unit down (三百五 = 350, 一万五 = 15000; 二十三 = 23 stays as it is)."""
    if number is None:
        return Decimal(0)
    if digits_after_unit == 1 and last_unit >= 100:
        return number * (last_unit // 10)
    return number


def format_decimal(value: Decimal) -> str:
    """A plain decimal string, no exponent and no trailing zeros: 441000, 60.4, 0.5."""
    text = str(value)
    if "E" in text:
        text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# ---- formatting (used by templates and by the property tests) ----

_CN_DIGIT_NAMES = "零一二三四五六七八九"


def to_chinese(value: int) -> str:
    """An integer in Chinese numerals: 2720 → 二千七百二十, 100000000 → 一亿."""
    if value < 0:
        raise ValueError("negative numbers are not written this way")
    if value == 0:
        return "零"
    parts = []
    for big, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk, value = divmod(value, big)
        if big == 10**8 and chunk >= 10**4:
            parts.append(to_chinese(chunk) + name)  # 万亿 and above
            continue
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(_small_to_chinese(chunk) + name)
        elif parts and value and not parts[-1].endswith("零"):
            parts.append("零")
    text = "".join(parts)
    text = re.sub("零+", "零", text).rstrip("零")
    return text


def _small_to_chinese(value: int) -> str:
    """1 ≤ value < 10000 in Chinese numerals (一十 is written 十 only at the very start)."""
    out = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, value = divmod(value, unit)
        if digit:
            if zero:
                out.append("零")
                zero = False
            out.append(_CN_DIGIT_NAMES[digit] + name)
        elif out:
            zero = True
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def with_magnitude(value: Decimal) -> str:
    """A value written the way releases write it: 441000 → 44.1万, 320000000000 → 3200亿."""
    for big, name in ((Decimal(10**8), "亿"), (Decimal(10**4), "万")):
        if value >= big:
            return format_decimal(value / big) + name
    return format_decimal(value)


# ---- shares written in words: tenths (六成, 4成2, 四成半) and halves (一半, 过半, 近半数) ----

NOT_TENTHS_AFTER = set("为员立功本果绩都市交就长熟年份分型效不")
"""成为, 成员, 成立, 一成不变 …: 成 starting a word, no tenths."""
SHARE_BEFORE_BECOMES = set("中约近逾超占有")
"""当中七成为网上骗案, 约三成为老人: before these a numeral's 成为 is "tenths are", not "become"."""


def tenths(run: str, text: str, start: int, pos: int) -> bool:
    """六成, 4成2, 约一成 (tenths): not 成为, 成员, 成立, 一成不变 …; 当中七成为… is a share too."""
    nxt = text[pos + 1 : pos + 2]
    if len(run) != 1:
        return False
    if nxt == "为" and run not in "一十" and text[start - 1 : start] in SHARE_BEFORE_BECOMES:
        return True
    return nxt not in NOT_TENTHS_AFTER


def tenths_token(text: str, start: int, pos: int, value: Decimal) -> Token:
    """六成 = 60%, 4成8 = 48%, 七成三五 = 73.5%, 四成半 = 45%, 二成多 = more than 20%."""
    end = pos + 1
    share = value * 10
    place = Decimal(1)
    while end < len(text) and place >= Decimal("0.01") and (text[end].isdigit() or text[end] in CN_DIGITS):
        digit = int(text[end]) if text[end].isdigit() else CN_DIGITS[text[end]]
        share += digit * place
        place /= 10
        end += 1
    qualifier = "exact"
    if place == 1 and text.startswith("半", end):
        share, end = share + 5, end + 1
    elif place == 1 and text[end : end + 1] in ("多", "余", "餘") and not lx.is_han(text[end + 1 : end + 2]):
        qualifier, end = "more_than", end + 1
    return Token(start, end, format_decimal(share), "%", qualifier)


NOT_HALF_AFTER = "年月天日个小夜时钟岛径途场路价身导山生辈截边壁晌拉点"
HALF = (rf"(?:(?<![经通越度错不太略超])过|逾|超|近)半数?(?![{NOT_HALF_AFTER}])"
        rf"|(?<![另一大多小前后上下])一半(?![儿{NOT_HALF_AFTER}])|(?<![大多小])半数(?![{NOT_HALF_AFTER}])")
"""过半, 逾半, 近半数 (a qualifier written into the word); 一半, 半数 (a qualifier may stand
before or after them: 近一半, 超过半数, 一半以上). Not 近半年, 过半个月 (a length of time),
另一半 (a partner), 一大半, 半岛."""
HALF_QUALIFIERS = {"过": "more_than", "逾": "more_than", "超": "more_than", "近": "nearly"}
SHARE_WORD_BEFORE = re.compile(r"(?:占|的|中|有|达|约)$")
"""占全部案件的一半, 受害人中一半, 其中半数: the half is a share of a whole just named."""


def half_token(text: str, match: re.Match) -> Token | None:
    """A half as a share (50%); None for 一半 or 半数 that stand alone as words (一半是海水)."""
    start, end = match.span()
    surface = match.group()
    qualifier = HALF_QUALIFIERS.get(surface[0], "exact")
    if qualifier == "exact" and not (
            lx.PREFIX_QUALIFIER_RE.search(text[max(0, start - lx.PREFIX_WINDOW) : start])
            or SHARE_WORD_BEFORE.search(text, max(0, start - 1), start)
            or lx.SUFFIX_QUALIFIER_RE.match(text, end)):
        return None
    return Token(start, end, "50", "%", qualifier)
