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
from decimal import ROUND_HALF_UP, Decimal

from generator.extraction import lexicon as lx
from generator.extraction import numbers, spans
from generator.extraction.fold import fold
from generator.extraction.lexicon import MAGNITUDE, RANGE_MARKS, SMALL_UNITS
from generator.extraction.names import (
    VERSION,
    hotline_name,
    identifier_token,
    is_lexical,
    name_token,
    no_figure,
    one_kind,
    ordinal_token,
)
from generator.extraction.neighbours import read_together
from generator.extraction.numbers import CN_DIGITS, CN_NUMERAL_CHARS, NumberFormatError, format_decimal, parse_number
from generator.model import Token

# 1.2024年5月3日 is a list item's number and a year, not the decimal 1.2024
ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.(?!(?:19|20)\d{2}年)\d+)?"
# 19 897: a space between groups of three digits, as some pages group thousands
GROUPED = r"(?<!\d)\d{1,3}(?:[ \u00a0]\d{3}(?![\d.]))+(?=[余餘多]?[\u4e00-\u9fff%])"
CN = f"[{CN_NUMERAL_CHARS}]"
# one space may stand before a magnitude or an inner 余/多 (2.6 亿次, 4800 多万次, 5.12 億元)
SPACED = f"[ \u00a0](?=[{MAGNITUDE}]|[余餘多][{MAGNITUDE}])"
RUN = re.compile(
    rf"(?:{GROUPED}|{ARABIC}|{CN}(?!\d))(?:{ARABIC}|{CN}|{SPACED}|[点點](?={CN})|[余餘多](?=[{MAGNITUDE}{SMALL_UNITS}]))*"
)
# Patterns read as a whole before runs are looked at.
SPECIAL = re.compile(
    r"(?P<phone>(?<![\d-])(?:0\d{2,3}-\d{5,8}|400-?\d{3}-?\d{4}|1[3-9]\d{9})(?![\d-]))"
    r"|(?P<isodate>(?<!\d)(?:19|20)\d{2}(?P<sep>[-/.])(?:0?[1-9]|1[0-2])(?P=sep)(?:0?[1-9]|[12]\d|3[01])(?!\d))"
    r"|(?P<days>(?<![\d.])(?:1[0-2]|0?[1-9])\.(?:3[01]|[12]\d|0?[1-9])[-—~～](?:1[0-2]|0?[1-9])\.(?:3[01]|[12]\d|0?[1-9])"
    r"(?![\d.%万亿倍元个]))"
    r"|(?P<time>(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:]))"
    r"|(?P<dotname>(?<![\d.])\d{1,2}[·・•]\d{1,2}(?!\d))"
    rf"|(?P<percent>百分之(?:{ARABIC}|(?:{CN}|[点點])+))"
    rf"|(?P<fraction>(?P<denominator>{ARABIC}|[一二两三四五六七八九十千万]+)分之?"
    rf"(?P<numerator>{ARABIC}|[一二两三四五六七八九十]+)(?![分秒钟]))"
    rf"|(?P<half>{numbers.HALF})"
    r"|(?P<grade>(?<![A-Za-z])[A-E]级)"
    r"|(?P<weekday>(?:周|星期|礼拜)[一二三四五六日天])"
    r"|(?P<docnum>[〔［\[（(]\d{4}[〕］\]）)][ \u00a0]?\d{1,5}号)"
    r"|(?P<page>[第共][ \u00a0]?\d+[ \u00a0]?页)"
    r"|(?P<circled>[\u2460-\u2473])"
    r"|(?P<mixedyear>[一二][0〇○零][0〇○零一二三四五六七八九]{2}年)"
    r"|(?P<caption>(?:(?<![\u4e00-\u9fff])|(?<=[同见如据]))(?:图|表|附件|附表)[ \u00a0]?\d+(?:[-.]\d+)?(?!\d))"
)
_RULE_BEFORE = re.compile(r"(?:有期徒刑|拘役|缓刑|管制|罚金|罚款|补助|补贴|悬赏|剥夺政治权利|限额为?|上限为?|监禁|求刑)"
                          r"(?:人民币|新台币|港币)?[ \u00a0]?$")
_AVERAGE_AGE = re.compile(r"(?:平均年龄|平均|年龄)(?:[为是]|约为|约)?[约近]?$")
_YEAR_BEFORE = re.compile(r"(?:截至|截止|至|于|在|从|自|到)$")
_HAS_MAGNITUDE = re.compile(f"[{MAGNITUDE}]")
_HAS_SMALL = re.compile(f"[{SMALL_UNITS}]")
# Every SPECIAL pattern needs one of these; most paragraphs have none and skip that scan.
SPECIAL_HINT = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天]|\d[〕］\]）)]|\d[-:·・•]\d|\d{4}[/.]\d{1,2}[/.]\d"
                          r"|百分之|分之|.分[一二三四五六七八九]|[A-E]级|1[3-9]\d{9}"
                          r"|\d[ \u00a0]?页|[图表件][ \u00a0]?\d|半|[\u2460-\u2473]|[一二]0")
CLAUSE_START = set("，。；：！？、,;:!?（(“‘「 \u3000\n") | {""}
ANAPHORA = ("这", "此", "前述", "上述", "该", "这些")
KIND_UNITS = {"类", "项", "种"}
NAMED_LIST = re.compile(r"[\u4e00-\u9fff”」』]+(?:[、及和与][“「『]?[\u4e00-\u9fff”」』]+)+$")
DEADLINE_UNITS = {"个工作日", "工作日", "天", "日", "个月", "年", "周", "个星期", "星期"}
BASE_BEFORE = re.compile(r"(?:同期|上月|上周|上年|去年)[为是的]?$")
WRITTEN_AMOUNT = re.compile(rf"[{CN_NUMERAL_CHARS}]*[一二两兩三四五六七八九廿卅][{CN_NUMERAL_CHARS}]*[{MAGNITUDE}]"
                            rf"[{CN_NUMERAL_CHARS}余餘多]+")
"""廿三億四千多萬, 一億三千二百六十四萬: an amount written out in numerals, a digit and a magnitude
with more after it, is a number even without its measure word (千千万万, 万一 are words)."""
UNIT_LABEL = re.compile(r"(?:[（(]|单位[：:]\s?)$")
UNIT_LABEL_END = re.compile(r"[\u4e00-\u9fff]{0,3}(?:[）)]|\s*$)")
RATE_BASE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}(?:计算|为基数|计)")
PER_ITEM_BEFORE = re.compile(r"每(?:件|人|次|单|户|笔|名|起|宗|位|张|个)[\u4e00-\u9fff]{0,3}"
                             r"(?:[\d.,]+[万亿]?元?[至到\-—~～])?$")
"""每件发放4000至1万元: an amount for each (a reward, a fee), the ends of its range too."""
GENERATION = re.compile(r"(?<![\d.])\d[05]后(?![来期续面果台])")
"""80后, 90后, 00后, 95后: people born in those years, a name (后来, 后期 are other words)."""
RANGE_TO_DATE = re.compile(rf"[{re.escape(RANGE_MARKS)}]{CN}{{1,3}}(?:个月|月|季度|倍|成|年|天|人|名|起|次|个)")
"""一至十月, 一至三季度, 三至四倍: a Chinese numeral opening a range takes its end's unit."""
PLANNED = re.compile(r"(?:未来|今后|明年|下一步|下阶段)(?:还|也)?(?:将|要|会)|即将|(?<![虚模])拟")
"""Words of a clause that announces what is to be done (folded: 未來將 reads 未来将)."""


def _named_list_before(text: str, start: int) -> bool:
    """Nouns joined by 、 or 及 right before a count of kinds; with 等 among them (诈骗、盗窃等
    活动10项) the count is of more than those named."""
    named = NAMED_LIST.search(text, max(0, start - 30), start)
    return named is not None and "等" not in named.group()


def find_numbers(text: str) -> list[Token]:
    """Every number in `text` (one block), in order of position. Traditional characters are
    read as their simplified forms (萬 as 万, 約 as 约, 條 as 条): the positions are the same."""
    text = fold(text)
    tokens: list[Token] = []
    specials: list[tuple[int, int]] = []
    if SPECIAL_HINT.search(text):
        for match in SPECIAL.finditer(text):
            token = _special_token(match, text)
            if token:
                tokens.append(token)
                specials.append((match.start(), match.end()))
    read_until = 0  # runs are read left to right; one inside a token already read is skipped
    special = 0  # specials are in order too: the first that does not end before the run
    for match in RUN.finditer(text):
        while special < len(specials) and specials[special][1] <= match.start():
            special += 1
        if match.start() < read_until or (special < len(specials) and specials[special][0] < match.end()):
            continue  # inside a phone, a date or a name already read (not every run against every one)
        token = _run_token(text, match.start(), match.end())
        if token:
            tokens.append(token)
            read_until = max(read_until, token.end)
    tokens.sort(key=lambda t: t.start)
    return read_together(text, tokens)


def _special_token(match: re.Match, text: str) -> Token | None:
    kind = match.lastgroup
    start, end = match.span()
    surface = match.group()
    if kind == "phone":
        return Token(start, end, surface, kind="phone")
    if kind in ("isodate", "time") or kind == "days" and spans.days_in_order(surface):
        return Token(start, end, surface, kind="date")  # 1.11-1.18: a weekly report's days
    if kind in ("dotname", "docnum"):  # 5·10, 〔2024〕37号
        return Token(start, end, surface, kind="name")
    if kind == "weekday":
        day = surface[-1]
        return Token(start, end, "7" if day in "日天" else str(CN_DIGITS[day]), kind="date")
    if kind == "grade":
        return Token(start, end, surface[0], kind="name")
    if kind == "mixedyear":  # 二0二三年: a year in numerals with an ASCII 0 typed for 〇
        digits = "".join("0" if c in "0〇○零" else str(CN_DIGITS[c]) for c in surface[:-1])
        return Token(start, end, digits, "年", kind="date")
    if kind in ("circled", "caption", "page"):  # ①刷单返利类诈骗, 图1, 第 3 页 共 12 页: numbered, not counted
        number = str(ord(surface) - 0x2460 + 1) if kind == "circled" else re.sub(r"\D", "", surface)
        return Token(start, end, number, kind="ordinal")
    if kind == "percent":
        try:
            value = parse_number(surface[3:])
        except NumberFormatError:
            return None
        return _with_prefix(text, _with_suffix(text, Token(start, end, format_decimal(value), "%")))
    if kind == "fraction":
        return _fraction_token(text, match)
    if kind == "half":
        half = numbers.half_token(text, match)
        return _with_prefix(text, _with_suffix(text, half)) if half else None
    return None


def _with_suffix(text: str, token: Token) -> Token:
    """A qualifier written after the number: 百分之五十以上, 四成以上."""
    suffix = lx.SUFFIX_QUALIFIER_RE.match(text, token.end)
    if not suffix:
        return token
    return token._replace(end=suffix.end(), qualifier=lx.SUFFIX_QUALIFIERS[suffix.group()])


def _fraction_token(text: str, match: re.Match) -> Token | None:
    """三分之一, 三分一 (as Hong Kong writes it), 千分之五: a share, in % (‰ for 千分之),
    rounded to two places (one third is 33.33%)."""
    try:
        denominator = parse_number(match.group("denominator"))
        numerator = parse_number(match.group("numerator"))
    except NumberFormatError:
        return None
    if not denominator or numerator > denominator and denominator not in (100, 1000, 10000):
        return None
    if denominator in (1000, 10000):  # 千分之五 = 5‰, 万分之三 = 3‱
        token = Token(match.start(), match.end(), format_decimal(numerator), "‰" if denominator == 1000 else "‱")
    else:
        share = (numerator / denominator * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        token = Token(match.start(), match.end(), format_decimal(share), "%")
    return _with_prefix(text, _with_suffix(text, token))


def _run_token(text: str, start: int, end: int) -> Token | None:
    """Classify the run text[start:end] with what stands around it."""
    run = text[start:end]
    prev_char = text[start - 1] if start else ""
    next_char = text[end] if end < len(text) else ""
    is_arabic = run[0].isdigit()

    whole = ordinal_token(text, start, end, run) or spans.bracketed_date(text, start, end, run) or \
        hotline_name(text, start, end, run) or _numbered(text, start, end, run)
    if whole is not None or prev_char == "第":
        return whole  # 第3次, 前两位, 一、; a date in brackets (今(114)年); 165打詐儀表板
    if is_arabic and ((prev_char and prev_char in "-_") or (next_char and next_char in "-_")):
        identifier = identifier_token(text, start, end, run)
        if identifier is not None:
            return identifier
    after_word = lx.is_han(prev_char) or prev_char in lx.OPEN_QUOTES
    if not is_arabic or lx.is_latin(prev_char) or lx.is_latin(next_char) or (
        after_word and (lx.NAME_TAIL.match(text, end) or VERSION.fullmatch(run))
    ):
        named = name_token(text, start, end, run, prev_char, next_char, is_arabic)
        if named is not None:
            return named
    if not is_arabic:
        decided, word = _numeral_word(text, start, end, run)
        if decided:
            return word
    try:
        value = parse_number(_number_part(run))
    except NumberFormatError:
        return None
    return _quantity(text, start, end, run, value, is_arabic)


def _numeral_word(text: str, start: int, end: int, run: str) -> tuple[bool, Token | None]:
    """A run of Chinese numerals that is a word or a mark, not an amount: (True, its token or
    None); (False, None) to read it as an amount."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 8]
    if before.endswith(("数", "几", "好几")):
        return True, None  # 数万, 几十: no exact value
    if run in ("零", "〇"):
        return True, None  # 零案发, 零容忍: a word, no count of nothing
    if run in "一二三四五六七八九十" and after.startswith("是") and _clause_start(text, start):
        return True, Token(start, end + 1, str(CN_DIGITS.get(run, 10)), kind="ordinal")
    if lx.LEGAL_TERMS.match(after) and run in "一二三四":
        return True, Token(start, end + 1, str(CN_DIGITS[run]), kind="other")
    if UNIT_LABEL.search(text, max(0, start - 3), start) and _HAS_MAGNITUDE.fullmatch(run) and \
            UNIT_LABEL_END.match(text, end):
        return True, None  # 损失金额（万元）, 单位：亿元: a table's unit, no amount
    if is_lexical(run, after) and not (_HAS_MAGNITUDE.fullmatch(run) and _prefix_qualified(text, start)):
        return True, None  # (逾亿, 破万: a magnitude alone, qualified, is an amount)
    return False, None


def _quantity(text: str, start: int, end: int, run: str, value: Decimal, is_arabic: bool) -> Token | None:
    """A run read as an amount: inner qualifier, measure word, suffix qualifier, kind."""
    qualifier = "more_than" if ("余" in run or "多" in run or "餘" in run) else "exact"
    pos = end
    if pos < len(text) and text[pos] in lx.INNER_QUALIFIERS and _more_after(text, pos + 1):
        qualifier, pos = "more_than", pos + 1
    if text.startswith("成", pos) and numbers.tenths(run, text, start, pos):
        token = numbers.tenths_token(text, start, pos, value)
        return _with_prefix(text, _with_suffix(text, token) if token.qualifier == "exact" else token)
    clock = spans.clock_unit(text, start, pos, value, is_arabic)
    if clock:
        return Token(start, pos + 1, format_decimal(value), clock, kind="date")  # 上午九点, 18时许
    unit, pos = _measure_word(text, pos)
    qualifier, pos = spans.more_than_span(text, unit, pos, qualifier)  # 建成3年多来
    if is_arabic and run in lx.KNOWN_HOTLINES and unit == "人" and text.startswith("员", pos):
        return Token(start, end, run, kind="phone")  # 165人員: the hotline's staff
    if not is_arabic and (not unit or run == "一"):
        chinese = _chinese_numeral(text, start, pos, run, value, unit)
        if not isinstance(chinese, bool):
            return chinese
    if is_arabic and unit == "号" and len(run) >= 5:
        return Token(start, pos, run, kind="name")  # 第朝200356号: a licence or file number
    if unit == "年" and spans.roc_year(text, start, pos, value, qualifier):
        return Token(start, pos, format_decimal(value + spans.ROC_OFFSET), unit, qualifier, "date")
    has_magnitude = bool(_HAS_MAGNITUDE.search(run)) or (not is_arabic and bool(_HAS_SMALL.search(run)))
    kind = _amount_kind(text, start, pos, run, value, unit, qualifier, has_magnitude)
    suffix = lx.SUFFIX_QUALIFIER_RE.match(text, pos)
    if suffix and kind in ("statistic", "other") and unit != "周年" and \
            not (suffix.group() == "上下" and lx.is_han(text[pos + 2 : pos + 3])):
        qualifier, pos = lx.SUFFIX_QUALIFIERS[suffix.group()], suffix.end()
        if lx.is_han(text[pos : pos + 1]) and (unit != "%" or text.startswith("的", pos)):
            kind = "other"  # 被骗百万元以上案件: a threshold naming a category, not a count (30%以上涉及诈骗: a share)
    token = Token(start, pos, format_decimal(value), unit, qualifier, kind)
    token = _with_prefix(text, token) if kind in ("statistic", "other") else token
    if token.kind == "statistic" and _no_count(text, token.start, pos, unit, token.qualifier):
        return token._replace(kind="other")
    return token


def _chinese_numeral(text: str, start: int, pos: int, run: str, value: Decimal, unit: str) -> Token | None | bool:
    """What a Chinese numeral without a measure word, or 一, is: None when it is no number (千万不要,
    一名 as an article), a token, or False to read it as any amount."""
    since = text.startswith(("年来", "年以来"), pos - len(unit))
    if not unit and RANGE_TO_DATE.match(text, pos):
        return Token(start, pos, format_decimal(value))  # 一至十月: its unit and kind come with the range's end
    if not unit and not since and not (
            _HAS_MAGNITUDE.search(run) and (_qualified(text, start) or WRITTEN_AMOUNT.fullmatch(run))):
        return None  # a Chinese numeral counts only with its measure word (两次) or qualified (破千万, not 千万不要)
    if run == "一" and not since:
        span = spans.one_span_kind(text, start, pos, unit) or ("date" if unit in ("季度", "季") else "") or \
            one_kind(text, start, unit)  # 一季度: the first quarter
        return Token(start, pos, "1", unit, kind=span) if span else None  # 一名, 一起: an article
    return False


def _measure_word(text: str, pos: int) -> tuple[str, int]:
    """The measure word at `pos` (% ‰, 起, 名, 亿元 → 元 …) and where it ends."""
    if text.startswith(("%", "‰"), pos):
        return text[pos], pos + 1
    if text.startswith((" %", " ‰", "\u00a0%"), pos):  # 3.8 %: a space some pages put before the sign
        return text[pos + 1], pos + 2
    if text[pos : pos + 1] in (" ", "\u00a0") and lx.is_han(text[pos + 1 : pos + 2]) and text[pos - 1 : pos].isdigit():
        spaced = lx.UNIT_RE.match(text, pos + 1)  # 4095 宗: a space before the measure word
        if spaced and spaced.group() not in lx.DATE_UNITS:
            unit = spaced.group()
            return ("元" if unit in lx.YUAN_CURRENCIES else unit), spaced.end()
    match = lx.UNIT_RE.match(text, pos)
    if match:
        # 1,100萬澳門元, 3000万港币: counted in 元, the currency stays in the surface
        return ("元" if match.group() in lx.YUAN_CURRENCIES else match.group()), match.end()
    if text[pos : pos + 1] in ("男", "女") and not lx.is_han(text[pos + 1 : pos + 2]):
        return "人", pos + 1  # 拘捕了469男213女: men and women counted
    return "", pos


def _amount_kind(text: str, start: int, pos: int, run: str, value: Decimal, unit: str, qualifier: str,
                 has_magnitude: bool) -> str:
    """statistic, date, phone or other, for an amount with its measure word."""
    if _RULE_BEFORE.search(text, max(0, start - 8), start):
        return "other"  # 有期徒刑三年, 罚金三万元, 补助5千元: a sentence or a rule, no count
    if unit in ("季度", "季") or unit in lx.SPAN_UNITS and (lx.SPAN_BEFORE.search(text, max(0, start - 2), start)
                                                          or text.startswith(("来", "以来", "间"), pos)
                                                          or spans.EVENT_WINDOW.match(text, pos)):
        return "date"  # 前三季度, 首三季, 过去三星期, 前11个月, 两年来, 3年间, 7天内被骗: a period
    if unit in lx.DATE_UNITS:
        if lx.SUFFIX_QUALIFIER_RE.match(text, pos):
            return "other"  # 30日以上: a length of time as a threshold
        return spans.date_or_count(text, start, pos, unit, value, qualifier)
    if unit == "周年" or unit in spans.AGE_UNITS and not _AVERAGE_AGE.search(text, max(0, start - 8), start):
        return "other"  # ages and age groups (60岁以上, 18岁至40岁) describe people, not counts
    if run == "二" and unit in ("次", "级", "等"):
        return "ordinal"  # 二次诈骗, 二次认证: "second, secondary" (twice is 两次)
    if not unit and not has_magnitude:
        return _bare_kind(text, start, pos, run, value)
    return "statistic"


MONEY_BEFORE = re.compile(r"(?:损失|金额|涉案|骗走|被骗|骗取|资金|挽回|返还|止付|冻结|财损|赃款)[^，。；,;]{0,3}$")


def _qualified(text: str, start: int) -> bool:
    """A qualifier (逾, 超, 破, 近) or a word of money (损失, 金额) stands just before `start`:
    破千万, 金额逾亿, 损失十五亿六千多万 are amounts (千万不要 is an adverb)."""
    before = text[max(0, start - 8) : start]
    return bool(lx.PREFIX_QUALIFIER_RE.search(before[-lx.PREFIX_WINDOW :]) or MONEY_BEFORE.search(before))


def _more_after(text: str, pos: int) -> bool:
    """余/多 just before `pos` qualifies the number only if a unit, magnitude or stop follows."""
    rest = text[pos : pos + 4]
    if not rest or not lx.is_han(rest[0]):
        return True
    return rest[0] in MAGNITUDE or bool(lx.UNIT_RE.match(rest))


def _with_prefix(text: str, token: Token) -> Token:
    """Take a qualifier written before the number (近, 超过, 逾, 约, 不少于) into the token; a
    currency may stand between them (超过新台币 5.12 亿元)."""
    start = token.start
    if start and text[start - 1] in " \u00a0":  # 约 37%: one space may stand between
        start -= 1
    currency = lx.CURRENCY_BEFORE.search(text, max(0, start - 5), start)
    if currency:
        start = currency.start()
    if start and text[start - 1] == "上" and text[start : start + 1] in "百千万亿":
        return token._replace(start=start - 1, qualifier="at_least")  # 上千元, 上万人: as many as that or more
    if not start or text[start - 1] not in lx.PREFIX_LAST_CHARS:
        return _share_qualified(text, token)
    match = lx.PREFIX_QUALIFIER_RE.search(text[max(0, start - lx.PREFIX_WINDOW) : start])
    if not match:
        return token
    word = match.group()
    if word == "超" and text[start - 2 : start] in ("高超", "赶超"):
        return token
    if word == "破" and (start >= 2 and text[start - 2] in "侦告攻击打看识揭" or token.unit == "案"):
        return token  # 侦破1200起, 破2903案: a verb of cases; 突破, 冲破, 金额破亿: more than
    start -= len(word)
    outer = lx.PREFIX_QUALIFIER_RE.search(text[max(0, start - lx.PREFIX_WINDOW) : start])
    if outer:  # 近约11640万元: of two qualifiers written together, the first says it
        word, start = outer.group(), start - len(outer.group())
    return token._replace(start=start, qualifier=lx.PREFIX_QUALIFIERS[word])


SHARE_QUALIFIER = re.compile(r"(接近|将近|几近|超过|大约|约占)[\u4e00-\u9fff]{1,8}的$")


def _share_qualified(text: str, token: Token) -> Token:
    """接近全部案件的七成, 超过总量的一半: a share's qualifier may stand before the whole it is a
    share of; it qualifies the share (the surface stays the share)."""
    if token.unit != "%" or token.qualifier != "exact":
        return token
    match = SHARE_QUALIFIER.search(text, max(0, token.start - 14), token.start)
    return token._replace(qualifier=lx.PREFIX_QUALIFIERS[match.group(1)]) if match else token


def _no_count(text: str, start: int, pos: int, unit: str, qualifier: str) -> bool:
    """这两类, 前述10种 (the things just named, counted again); 24小时接听, 48小时内, （24小时）
    (a length of time): numbers with a measure word that are no statistic."""
    if text[max(0, start - 2) : start].endswith(ANAPHORA) or text[start - 1 : start] == "每":
        return True  # 这两类 (counted again), 每10万人 (the base of a rate)
    if text[start - 1 : start] == "以" and RATE_BASE_AFTER.match(text, pos):
        return True  # 若以10万人人口数计算: the base of a rate
    if PER_ITEM_BEFORE.search(text, max(0, start - 16), start):
        return True  # 每件发放4000至1万元: an amount for each, a rule or a rate, no total
    if unit in KIND_UNITS and not text[start].isdigit() and _named_list_before(text, start):
        return True  # 诈骗、帮信、掩隐三类犯罪: the kinds just named, counted again
    if unit == "个" and text.startswith("方面", pos):
        return True  # 从五个方面落实: the parts of a plan, no count
    if unit in DEADLINE_UNITS and text.startswith("内", pos):
        return True  # 请在15个工作日内告知, 3个月内办结: a time limit of a rule, no count
    if PLANNED.search(re.split(r"[，,。；;：:！？!?]", text[max(0, start - 20) : start])[-1]) or \
            no_figure(text, start, text[start:pos]):
        return True  # 未来将增加10位 (a plan); 最高的1宗, 邀请两位, 普发现金1万元 (names.py)
    return qualifier == "exact" and unit in spans.CLOCK_UNITS and (
        bool(spans.DURATION_AFTER.match(text, pos)) or text[start - 1 : start] in ("（", "("))


def _bare_kind(text: str, start: int, pos: int, run: str, value: Decimal) -> str:
    """A number with no measure word or magnitude: a phone, a year, or other."""
    before = text[max(0, start - 4) : start]
    after = text[pos : pos + 4]
    if run.isdigit():
        if len(run) == 4 and 1900 <= value <= 2100 and (before[-1:] in "《（(·" or after[:1] in "）)"):
            return "date"  # 《2024反诈宣传手册》, 工作情况(2023): a year in a title
        if lx.SHORT_CODE.match(run) or (
            len(run) >= 3 and (lx.PHONE_CONTEXT_BEFORE.search(before) or lx.PHONE_CONTEXT_AFTER.match(after))
        ):
            return "phone"
        if len(run) == 4 and 1900 <= value <= 2100 and (
            _YEAR_BEFORE.search(before) or after[:1] in RANGE_MARKS
        ):
            return "date"
        if len(run) == 4 and 1949 <= value <= 2100 and _clause_start(text, start) and lx.is_han(after[:1]):
            return "date"  # ，2023全区共立电诈案件…: a year opening a clause, its 年 left out
    if BASE_BEFORE.search(before) and lx.DIRECTION_AFTER.match(after):
        return "statistic"  # 同比去年同期42下降26.19%: the base of a change, its measure word left out
    return "other"


def _prefix_qualified(text: str, start: int) -> bool:
    """A qualifier (逾, 破, 超过, 近) stands right before `start`."""
    return bool(lx.PREFIX_QUALIFIER_RE.search(text[max(0, start - lx.PREFIX_WINDOW) : start]))


NUMBERED_BEFORE = re.compile(r"(?:案例|典型案例|案件|附件|其|[（(](?:前排|后排|中排)?[左右])$")
NUMBERED_AFTER = re.compile(r"[：:、，,。\s（()）]|$")


def _numbered(text: str, start: int, end: int, run: str) -> Token | None:
    """案例一：, 案例二, 其一, a photo's (左二): the number of a case, a part or a place named by the
    word before it, an ordinal; 80后, “00后”: people born in a decade, a name."""
    generation = GENERATION.match(text, start) if run[0].isdigit() else None
    if generation:
        return Token(start, generation.end(), run, kind="name")
    if end - start > 2 or not NUMBERED_BEFORE.search(text, max(0, start - 4), start) \
            or not NUMBERED_AFTER.match(text, end):
        return None
    try:
        return Token(start, end, format_decimal(parse_number(run)), kind="ordinal")
    except NumberFormatError:
        return None


def _number_part(run: str) -> str:
    """The run without inner qualifiers and spaces: what parse_number reads."""
    return re.sub(r"[余餘多 \u00a0]", "", run)


def _clause_start(text: str, start: int) -> bool:
    """True when `start` begins a clause (after punctuation, a quote or the block start)."""
    prev = text[start - 1] if start else ""
    return prev in CLAUSE_START
