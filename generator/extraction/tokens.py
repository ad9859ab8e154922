"""Finding every number in a body and telling what it is.

A number is a run of Arabic digits or Chinese numerals (with 万/亿 inside), plus what a
reader takes with it: a qualifier before (近, 超过) or after (余, 多, 以上), a measure word
(起, 名, 亿元 → 元), a percent sign. Each gets a kind: statistic, date, phone, name,
ordinal or other. Lexical uses of numerals (进一步, 十分满意, 千万不要) are not numbers.
The metric, period and actor of statistics are read in context.py; records.py turns the
numbers of a whole source into records with their place in the original file.
"""

from __future__ import annotations

import re
from decimal import Decimal

from generator.extraction import lexicon as lx
from generator.extraction.lexicon import MAGNITUDE, SMALL_UNITS
from generator.extraction.names import VERSION, identifier_token, is_lexical, name_token, ordinal_after_di
from generator.extraction.numbers import CN_DIGITS, CN_NUMERAL_CHARS, NumberFormatError, format_decimal, parse_number
from generator.model import Token

ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
CN = f"[{CN_NUMERAL_CHARS}]"
RUN = re.compile(
    rf"(?:{ARABIC}|{CN})(?:{ARABIC}|{CN}|[点點](?={CN})|[余餘多](?=[{MAGNITUDE}{SMALL_UNITS}]))*"
)
# Patterns read as a whole before runs are looked at.
SPECIAL = re.compile(
    r"(?P<phone>(?<![\d-])(?:0\d{2,3}-\d{5,8}|400-?\d{3}-?\d{4}|1[3-9]\d{9})(?![\d-]))"
    r"|(?P<isodate>(?<!\d)(?:19|20)\d{2}(?P<sep>[-/.])(?:0?[1-9]|1[0-2])(?P=sep)(?:0?[1-9]|[12]\d|3[01])(?!\d))"
    r"|(?P<time>(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:]))"
    r"|(?P<dotname>(?<![\d.])\d{1,2}[·・•]\d{1,2}(?!\d))"
    rf"|(?P<percent>百分之(?:{ARABIC}|(?:{CN}|[点點])+))"
    r"|(?P<grade>(?<![A-Za-z])[A-E]级)"
    r"|(?P<page>[第共][ \u00a0]?\d+[ \u00a0]?页)"
    r"|(?P<caption>(?:(?<![\u4e00-\u9fff])|(?<=[同见如据]))(?:图|表|附件|附表)[ \u00a0]?\d+(?:[-.]\d+)?(?!\d))"
)
_YEAR_BEFORE = re.compile(r"(?:截至|截止|至|于|在|从|自|到)$")
_HAS_MAGNITUDE = re.compile(f"[{MAGNITUDE}]")
_HAS_SMALL = re.compile(f"[{SMALL_UNITS}]")
# Every SPECIAL pattern needs one of these; most paragraphs have none and skip that scan.
SPECIAL_HINT = re.compile(r"\d[-:·・•]\d|\d{4}[/.]\d{1,2}[/.]\d|百分之|[A-E]级|1[3-9]\d{9}"
                          r"|\d[ \u00a0]?页|[图表件][ \u00a0]?\d")
CLAUSE_START = set("，。；：！？、,;:!?（(“‘「 \u3000\n") | {""}
RANGE_MARKS = "至到-—－~～"




def find_numbers(text: str) -> list[Token]:
    """Every number in `text` (one block), in order of position."""
    tokens: list[Token] = []
    specials: list[tuple[int, int]] = []
    if SPECIAL_HINT.search(text):
        for match in SPECIAL.finditer(text):
            token = _special_token(match, text)
            if token:
                tokens.append(token)
                specials.append((match.start(), match.end()))
    read_until = 0  # runs are read left to right; one inside a token already read is skipped
    for match in RUN.finditer(text):
        if match.start() < read_until or (
            specials and any(s < match.end() and match.start() < e for s, e in specials)
        ):
            continue  # inside a phone, a date or a name already read
        token = _run_token(text, match.start(), match.end())
        if token:
            tokens.append(token)
            read_until = max(read_until, token.end)
    tokens.sort(key=lambda t: t.start)
    return _apply_ranges(text, tokens)


def _special_token(match: re.Match, text: str) -> Token | None:
    kind = match.lastgroup
    start, end = match.span()
    surface = match.group()
    if kind == "phone":
        return Token(start, end, surface, kind="phone")
    if kind in ("isodate", "time"):
        return Token(start, end, surface, kind="date")
    if kind == "dotname":
        return Token(start, end, surface, kind="name")
    if kind == "grade":
        return Token(start, end, surface[0], kind="name")
    if kind == "caption":  # 图1, 表2: numbered figures and tables of a report
        return Token(start, end, re.sub(r"\D", "", surface), kind="ordinal")
    if kind == "page":  # 第 3 页 共 12 页: page numbers, not counts
        return Token(start, end, re.sub(r"\D", "", surface), kind="ordinal")
    if kind == "percent":
        try:
            value = parse_number(surface[3:])
        except NumberFormatError:
            return None
        return _with_prefix(text, Token(start, end, format_decimal(value), "%"))
    return None


def _run_token(text: str, start: int, end: int) -> Token | None:
    """Classify the run text[start:end] with what stands around it."""
    run = text[start:end]
    prev_char = text[start - 1] if start else ""
    next_char = text[end] if end < len(text) else ""
    is_arabic = run[0].isdigit()

    if prev_char == "第":
        return ordinal_after_di(text, start, end, run)
    if is_arabic and ((prev_char and prev_char in "-_") or (next_char and next_char in "-_")):
        identifier = identifier_token(text, start, end, run)
        if identifier is not None:
            return identifier
    if not is_arabic or lx.is_latin(prev_char) or lx.is_latin(next_char) or (
        lx.is_han(prev_char) and (lx.NAME_TAIL.match(text, end) or VERSION.fullmatch(run))
    ):
        named = name_token(text, start, end, run, prev_char, next_char, is_arabic)
        if named is not None:
            return named
    if not is_arabic:
        before = text[max(0, start - 6) : start]
        after = text[end : end + 8]
        if before.endswith(("数", "几", "好几")):
            return None  # 数万, 几十: no exact value
        if run in "一二三四五六七八九十" and after.startswith("是") and _clause_start(text, start):
            return Token(start, end + 1, str(CN_DIGITS.get(run, 10)), kind="ordinal")
        if lx.LEGAL_TERMS.match(after) and run in "一二三四":
            return Token(start, end + 1, str(CN_DIGITS[run]), kind="other")
        if is_lexical(run, after):
            return None
    try:
        value = parse_number(_number_part(run))
    except NumberFormatError:
        return None
    return _quantity(text, start, end, run, value, is_arabic)


def _quantity(text: str, start: int, end: int, run: str, value: Decimal, is_arabic: bool) -> Token | None:
    """A run read as an amount: inner qualifier, measure word, suffix qualifier, kind."""
    qualifier = "more_than" if ("余" in run or "多" in run or "餘" in run) else "exact"
    pos = end
    if pos < len(text) and text[pos] in lx.INNER_QUALIFIERS and _more_after(text, pos + 1):
        qualifier, pos = "more_than", pos + 1
    has_magnitude = bool(_HAS_MAGNITUDE.search(run)) or (not is_arabic and bool(_HAS_SMALL.search(run)))
    unit = ""
    if text.startswith(("%", "‰"), pos):
        unit, pos = text[pos], pos + 1
    elif text.startswith("成", pos) and _tenths(run, text, pos):
        return _tenths_token(text, start, pos, value)
    else:
        unit_match = lx.UNIT_RE.match(text, pos)
        unit = unit_match.group() if unit_match else ""
        pos += len(unit)
    pure_cn = not is_arabic
    if pure_cn and not unit and not text.startswith(("年来", "年以来"), pos):
        return None  # a Chinese numeral counts only with its measure word (两次, 三名)
    if pure_cn and run == "一" and not text.startswith(("年来", "年以来"), pos - len(unit)):
        return None  # 一名/一个/一起 before a noun is an indefinite article, not a count
    kind = "statistic"
    if unit in lx.DATE_UNITS:
        kind = _date_or_count(text, start, pos, unit, value, qualifier)
    elif unit == "周年":
        kind = "other"
    elif not unit and not has_magnitude:
        kind = _bare_kind(text, start, pos, run, value)
    suffix_match = lx.SUFFIX_QUALIFIER_RE.match(text, pos)
    suffix = suffix_match.group() if suffix_match else None
    if suffix and kind == "statistic" and not (suffix == "上下" and lx.is_han(text[pos + 2 : pos + 3])):
        qualifier, pos = lx.SUFFIX_QUALIFIERS[suffix], pos + len(suffix)
        if lx.is_han(text[pos : pos + 1]):
            kind = "other"  # 被骗百万元以上案件: a threshold naming a category, not a count
    token = Token(start, pos, format_decimal(value), unit, qualifier, kind)
    return _with_prefix(text, token) if kind in ("statistic", "other") else token


def _more_after(text: str, pos: int) -> bool:
    """余/多 just before `pos` qualifies the number only if a unit, magnitude or stop follows."""
    rest = text[pos : pos + 4]
    if not rest or not lx.is_han(rest[0]):
        return True
    return rest[0] in MAGNITUDE or bool(lx.UNIT_RE.match(rest))


def _with_prefix(text: str, token: Token) -> Token:
    """Take a qualifier written before the number (近, 超过, 逾, 约) into the token."""
    start = token.start
    if start and text[start - 1] in " \u00a0":  # 约 37%: one space may stand between
        start -= 1
    if not start or text[start - 1] not in lx.PREFIX_LAST_CHARS:
        return token
    match = lx.PREFIX_QUALIFIER_RE.search(text[max(0, start - 3) : start])
    if not match:
        return token
    word = match.group()
    if word == "超" and text[start - 2 : start] in ("高超", "赶超"):
        return token
    qualifier = lx.PREFIX_QUALIFIERS[word]
    return token._replace(start=start - len(word), qualifier=qualifier)


def _date_or_count(text: str, start: int, pos: int, unit: str, value: Decimal, qualifier: str) -> str:
    """2021年, 5月, 17日 are dates; 3年 and 20年 of a sentence are counts; 一年来 is a period."""
    if qualifier != "exact":
        return "statistic"
    if text.startswith(("来", "以来"), pos):
        return "date"
    whole = value == value.to_integral_value()
    if unit == "年":
        return "date" if whole and 1900 <= value <= 2100 else "statistic"
    if unit == "月":
        return "date" if whole and 1 <= value <= 12 else "statistic"
    return "date" if whole and 1 <= value <= 31 else "statistic"


def _bare_kind(text: str, start: int, pos: int, run: str, value: Decimal) -> str:
    """A number with no measure word or magnitude: a phone, a year, or other."""
    before = text[max(0, start - 4) : start]
    after = text[pos : pos + 4]
    if run.isdigit():
        if lx.SHORT_CODE.match(run) or (
            len(run) >= 3 and (lx.PHONE_CONTEXT_BEFORE.search(before) or lx.PHONE_CONTEXT_AFTER.match(after))
        ):
            return "phone"
        if len(run) == 4 and 1900 <= value <= 2100 and (
            _YEAR_BEFORE.search(before) or after[:1] in RANGE_MARKS
        ):
            return "date"
    return "other"


def _tenths(run: str, text: str, pos: int) -> bool:
    """六成, 4成2 (tenths): not 成为, 成员, 成立 …"""
    nxt = text[pos + 1 : pos + 2]
    return len(run) == 1 and run not in "一" and nxt not in set("为员立功本果绩都市交就长熟年份分型效")


def _tenths_token(text: str, start: int, pos: int, value: Decimal) -> Token:
    end = pos + 1
    tenths = value * 10
    if end < len(text) and (text[end].isdigit() or text[end] in CN_DIGITS):
        digit = int(text[end]) if text[end].isdigit() else CN_DIGITS[text[end]]
        tenths += digit
        end += 1
    return _with_prefix(text, Token(start, end, format_decimal(tenths), "%"))


def _number_part(run: str) -> str:
    return run.replace("余", "").replace("餘", "").replace("多", "")


def _clause_start(text: str, start: int) -> bool:
    """True when `start` begins a clause (after punctuation, a quote or the block start)."""
    prev = text[start - 1] if start else ""
    return prev in CLAUSE_START


def _apply_ranges(text: str, tokens: list[Token]) -> list[Token]:
    """In 1至5月 and 3-5年 the first number takes the unit (and date kind) of the second."""
    out = list(tokens)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        gap = text[first.end : second.start]
        if first.unit or not second.unit or len(gap) != 1 or gap not in RANGE_MARKS:
            continue
        if first.kind not in ("other", "statistic") or first.qualifier != "exact":
            continue
        kind = second.kind if second.kind in ("date", "statistic") else first.kind
        if kind == "date" and second.unit == "年" and not re.fullmatch(r"\d{4}", first.value):
            kind = "statistic"
        out[i] = first._replace(unit=second.unit, kind=kind)
    return out
