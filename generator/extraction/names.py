"""Numbers that are names, ordinals, codes or words, not quantities.

云剑2021, 断卡2.0, “两卡”, 三大运营商, 刑三庭, 第四检察厅 are names; 第一, 第3次 are ordinals;
SHA-256 and 004_587dd7b4.txt are codes; 十分满意, 千万不要, 万一 are ordinary words.
"""

from __future__ import annotations

import re

from generator.extraction import lexicon as lx
from generator.extraction.lexicon import CLOSE_QUOTES, MAGNITUDE, OPEN_QUOTES, SMALL_UNITS
from generator.extraction.numbers import CN_NUMERAL_CHARS, NumberFormatError, format_decimal, parse_number
from generator.model import Token

VERSION = re.compile(r"\d+\.0")

_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def identifier_token(text: str, start: int, end: int, run: str) -> Token | None:
    """Digits inside a code joined by - or _ with Latin letters (SHA-256, COVID-19,
    004_587dd7b4.txt, people-returned-to-2022-03): one name, not a quantity."""
    s, e = start, end
    while s > 0 and text[s - 1] in _ID_CHARS:
        s -= 1
    while e < len(text) and text[e] in _ID_CHARS:
        e += 1
    token = text[s:e].strip("-_")
    if not any(c.isascii() and c.isalpha() for c in token) and "_" not in token:
        return None
    s = text.index(token, s)
    return Token(s, s + len(token), run, kind="name")


def is_lexical(run: str, after: str) -> bool:
    """Chinese numerals used as ordinary words: 十分满意, 千万不要, 万一, 一一, bare 百姓, a lone 陆."""
    if run.startswith(("十分",)) or (run == "十" and after[:1] == "分" and after[1:2] not in lx.ADVERB_AFTER_SHIFEN):
        return True
    if run == "千万" and after[:1] in lx.QIANWAN_ADVERB_NEXT:
        return True
    if run in lx.FINANCIAL_DIGITS:
        return True  # 平陆支行, 大陆, 陆续, 登陆: a financial-form digit alone is a letter of a word
    if run[0] in MAGNITUDE and len(run) > 1 and run[1] not in MAGNITUDE:
        return True  # 万一, 亿万 …
    if all(c in MAGNITUDE + SMALL_UNITS for c in run):
        # 百万元, 千万元, 十余起 are amounts; 百姓, 千方百计 are words: only a measure word decides
        # (after an inner 余 or 多: 十余起, 百多人).
        return not lx.UNIT_RE.match(after[1:] if after[:1] in "余多餘" else after)
    return False


def name_token(text, start, end, run, prev_char, next_char, is_arabic):
    """A number that is part of a name: 5G, G20, 云剑2021, 断卡2.0, “两卡”, 三大运营商, 刑三庭.

    Returns a Token, or None when the run is no name.
    """
    if is_arabic:
        return _arabic_name(text, start, end, run, prev_char, next_char)
    quoted = _quoted_term(text, start, end)
    if quoted is not None and (not _unit_follows(text, end) or _unit_inside(text, end, quoted[1])):
        term = text[quoted[0] : quoted[1]]
        return Token(quoted[0], quoted[1], _name_value(term, run), kind="name")
    campaign = CAMPAIGN.match(text, start)
    if campaign:  # 百日宣传, 百日行动: a campaign's name, no count of days
        return Token(start, campaign.end(), campaign.group(), kind="name")
    term = FIXED_TERM.match(text, start) or (FIXED_TERM.match(text, start - 1) if start else None)
    if term:  # 两卡, 一证通查, 三方通话, 双十一: the name of a thing of the field, no count
        return Token(term.start(), term.end(), _name_value(term.group(), run), kind="name")
    idiom = SLOGAN.match(text, start)
    if idiom:  # 五位一体: a way of working, no count of anything
        return Token(start, idiom.end(), idiom.group(), kind="name")
    if SESSION.match(text, end):  # 省十三届人大: the session of an assembly
        return Token(start, end + 1, format_decimal(parse_number(run)), "届", kind="ordinal")
    titled = TITLE_AFTER.match(text, end)
    if titled and run in "一二三四五六七八九":  # 一级巡视员, 三方协调机制, 三重应对机制
        return Token(start, end + 1, format_decimal(parse_number(run)), kind="name")
    if run in "二两三四五六七八九十" and next_char == "大" and lx.is_han(text[end + 1 : end + 2]):
        e = end + 1
        while e < len(text) and e - end < 8 and lx.is_han(text[e]) and text[e] not in "和与及等的、":
            e += 1
        return Token(start, e, format_decimal(parse_number(run)), kind="name")
    if prev_char in "刑民行商" and next_char == "庭":
        return Token(start - 1, end + 1, format_decimal(parse_number(run)), kind="name")
    if prev_char in "（(" and next_char in "）)" and start >= 2 and lx.is_han(text[start - 2]):
        return Token(start, end, format_decimal(parse_number(run)), kind="name")
    return None


def _arabic_name(text: str, start: int, end: int, run: str, prev_char: str, next_char: str) -> Token | None:
    """Digits in a name: 5G, G20, 云剑2021, 断卡2.0, “406”机制; not an amount after a Latin word
    (APP7.3万个, QQ群1200个: its magnitude or measure word follows)."""
    counted = next_char in MAGNITUDE or lx.UNIT_RE.match(text, end)
    if lx.is_latin(prev_char) and not lx.is_latin(next_char) and counted:
        return None
    if lx.is_latin(prev_char) or (lx.is_latin(next_char) and not text.startswith(("GB", "TB", "MB", "KB"), end)):
        s, e = start, end
        while s > 0 and (lx.is_latin(text[s - 1]) or text[s - 1] in "-_"):
            s -= 1
        while e < len(text) and lx.is_latin(text[e]):
            e += 1
        return Token(s, e, run, kind="name")
    if lx.BUS_ROUTE.match(text, end):
        return Token(start, end + 1, run, "路", kind="name")
    if _quoted_alone(text, start, end, run):  # “406”机制, “6.29”宣传日: a day or a scheme named
        return Token(start, end, run, kind="name")
    if lx.is_han(prev_char) and lx.NAME_TAIL.match(text, end) and _inside_quotes(text, start, end):
        return Token(_name_start(text, start), end, run, kind="name")
    if lx.is_han(prev_char) and VERSION.fullmatch(run) and not _unit_follows(text, end):
        return Token(_name_start(text, start), end, run, kind="name")
    return None


HOTLINE_NAME = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:仪表板|防骗网|网站|专区|小程序|APP|App)")


def hotline_name(text: str, start: int, end: int, run: str) -> Token | None:
    """165打詐儀表板, 165全民防騙網: a hotline's number at the head of the name of a site or a
    dashboard is part of that name (165反詐騙專線, 96110预警平台 stay phones)."""
    if run not in lx.KNOWN_HOTLINES or lx.PHONE_CONTEXT_AFTER.match(text, end):
        return None
    name = HOTLINE_NAME.match(text, end)
    return Token(start, name.end(), run, kind="name") if name else None


def _quoted_alone(text: str, start: int, end: int, run: str) -> bool:
    """Digits that are all a quotation holds, with a noun after it (“406”机制): a name. A hotline
    or short code so quoted (“96110”专线) stays a phone."""
    if not start or text[start - 1] not in OPEN_QUOTES or text[end : end + 1] not in CLOSE_QUOTES:
        return False
    return lx.is_han(text[end + 1 : end + 2]) and not lx.SHORT_CODE.match(run) and run not in lx.KNOWN_HOTLINES


TITLE_AFTER = re.compile(r"级(?=巡视员|调研员|主任科员|(?:高级)?(?:警长|警督|警监|检察官|法官))"
                         r"|(?:方(?!面)|重|级)(?=[\u4e00-\u9fff]{0,4}?(?:机制|模式|体系|格局))")
"""A rank (一级巡视员, 二级警长) or the shape of a mechanism (三方协调机制, 三重应对机制, 四级联动
体系): part of a title or a name, not a count."""
SESSION = re.compile(r"届(?=[\u4e00-\u9fff]{0,4}?(?:人大|政协|全国人民代表大会|代表大会|委员会|常委会|党代会|中央))")
"""十三届全国人大, 省十三届人大常委会, 十九届中央: the N-th session or term of a body, an ordinal."""
SLOGAN = re.compile(r"[两三四五六七八九十]位一体")
CAMPAIGN = re.compile(r"百日(?=行动|宣传|攻坚|会战|专项|冲刺)")
FIXED_TERM = re.compile(r"两卡|一证通查|一号通查|三方通话|一人多卡|一人一卡|三不一多|三不三要|两微一抖|双十一|双十二")
"""Names of the anti-fraud field that hold a numeral, written without quotes."""


def _unit_inside(text: str, end: int, close: int) -> bool:
    """“二次实名”, “三个一”: the measure word after the numeral is inside a quoted term that goes
    on after it, so it names something (a count would end the term: “两次”)."""
    unit = lx.UNIT_RE.match(text, end)
    return unit is not None and unit.end() < close


def _name_value(term: str, run: str) -> str:
    """The value of a named numeral: the digit for one numeral, the whole term for several."""
    numerals = [c for c in term if c in CN_NUMERAL_CHARS]
    return format_decimal(parse_number(run)) if len(numerals) == 1 else term


def _name_start(text: str, start: int) -> int:
    """Where the name before a number begins: back over Han letters to a quote or stop."""
    s = start
    while s > 0 and start - s < 8 and lx.is_han(text[s - 1]):
        s -= 1
    return s


def _unit_follows(text: str, end: int) -> bool:
    rest = text[end : end + 4]
    return bool(rest) and (rest[0] in "%‰余多" or rest[0] in MAGNITUDE or bool(lx.UNIT_RE.match(rest)))


def _inside_quotes(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 12) : start]
    opened = max(window.rfind(q) for q in "“‘「『")
    closed = max(window.rfind(q) for q in "”’」』")
    return opened > closed or text[end : end + 1] in CLOSE_QUOTES or text.startswith(("专项", "行动"), end)


def _quoted_term(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a short quoted term (“两卡”, “三不一多”) around a numeral, if any."""
    left = start
    while left > 0 and start - left < 8 and text[left - 1] not in OPEN_QUOTES:
        if text[left - 1] in CLOSE_QUOTES or not lx.is_han(text[left - 1]):
            return None
        left -= 1
    if left == 0 or text[left - 1] not in OPEN_QUOTES:
        return None
    right = end
    while right < len(text) and right - end < 8 and text[right] not in CLOSE_QUOTES:
        if not lx.is_han(text[right]):
            return None
        right += 1
    if right >= len(text) or text[right] not in CLOSE_QUOTES:
        return None
    return left, right


def ordinal_token(text: str, start: int, end: int, run: str) -> Token | None:
    """The ordinal, name or period a run after 第 is, or the number of a list item; None else."""
    if start and text[start - 1] == "第":
        return ordinal_after_di(text, start, end, run)
    if start and text[start - 1] == "前":
        return rank_range(text, start, end, run)
    return list_ordinal(text, start, end, run) or rank_list(text, start, end, run)


RANK_BEFORE = re.compile(r"(?:排名|排行|位列|位居|居|列|进入|跻身|占据|稳居)$")
RANK_UNIT = re.compile(r"[位名大]")  # 前5名, 前两位, 前五大 (the top five)


def rank_range(text: str, start: int, end: int, run: str) -> Token | None:
    """前两位, 前5名 (opening a clause or after 排名/位列), 排名前三, 南市前五大诈骗手法: the top
    places of a ranking, an ordinal; not 此前5名 or 日前3名 (counts after a word that ends in 前),
    nor 前11个月."""
    before = start - 1
    ranked = RANK_BEFORE.search(text, max(0, before - 2), before)
    unit = RANK_UNIT.match(text, end)
    top = unit is not None and unit.group() == "大" and (not before or text[before - 1] not in "此日目之以提")
    most = unit is not None and text[before - 1 : before] == "的"  # 增加最多的前3名: the top of a ranking
    if not (ranked or top or most or unit and (not before or text[before - 1] in lx.CLAUSE_MARKS)) or (
            not unit and lx.UNIT_RE.match(text, end)):
        return None
    try:
        value = format_decimal(parse_number(run))
    except NumberFormatError:
        return None
    return Token(before, end + (1 if unit else 0), value, unit.group() if unit and unit.group() != "大" else "",
                 kind="ordinal")


RANK_ITEM = r"(?:[一二两三四五六七八九十]{1,3}|\d{1,2})"
RANK_LIST_BEFORE = re.compile(rf"(?:分居|分列|依次为|位居|位列|稳居|排名|排在)(?:第?{RANK_ITEM}[、和及])*第?$")
RANK_LIST_AFTER = re.compile(rf"(?:[、和及]第?{RANK_ITEM})*[名位]")


def rank_list(text: str, start: int, end: int, run: str) -> Token | None:
    """永康區和安南區分居二、三名, 位列第三位: places in a ranking listed after 分居/位居, ordinals
    (the last takes its 名 or 位), not counts of people."""
    after = RANK_LIST_AFTER.match(text, end)
    if after is None or not RANK_LIST_BEFORE.search(text, max(0, start - 16), start):
        return None
    try:
        value = format_decimal(parse_number(run))
    except NumberFormatError:
        return None
    last = after.end() - end == 1
    return Token(start, end + (1 if last else 0), value, text[after.end() - 1], kind="ordinal")


QUARTER_NEXT = re.compile(r"[至到—－-]第?[一二三四1-4]季度")


def ordinal_after_di(text: str, start: int, end: int, run: str) -> Token | None:
    """第四检察厅 is a name; 第一, 第3次 are ordinals; 第三季度 is a date."""
    try:
        value = format_decimal(parse_number(run))
    except NumberFormatError:
        return None
    if text.startswith("季度", end):
        return Token(start - 1, end + 2, value, "季度", kind="date")
    if text.startswith("季", end) and text[start - 2 : start - 1] == "年" and not text.startswith("季节", end):
        return Token(start - 1, end + 1, value, "季度", kind="date")  # 去年第四季: Hong Kong's quarter
    if QUARTER_NEXT.match(text, end):  # 第二至第三季度: the run starts with a quarter
        return Token(start - 1, end, value, "季度", kind="date")
    org = lx.ORG_SUFFIX.match(text, end)
    if org:
        return Token(start - 1, org.end(), value, kind="name")
    tail = 1 if text[end : end + 1] and text[end] in lx.ORDINAL_TAIL else 0
    return Token(start - 1, end + tail, value, kind="ordinal")


# not 2、3月, 一、二月份 (months); but 一、2020年8月发案情况 and 1.2024年5月 are items opening with a year
LIST_MARK = re.compile(r"[.．、](?!(?!(?:19|20)\d{2}年)[\d一二三四五六七八九十])")
LINE_LEAD = frozenset(" \t\u3000*#")


def list_ordinal(text: str, start: int, end: int, run: str) -> Token | None:
    """一、召开会议, 1.发案趋势, （一）, (1) and 1） at the start of a line: the number of a list
    item or section, not a count (a decimal 1.5 and a count inside a sentence are left alone)."""
    if end - start > 2:
        return None
    bracketed = text[end : end + 1] in ("）", ")") and (
        _line_start(text, start) or (start > 0 and text[start - 1] in "（(" and _line_start(text, start - 1)))
    opens_item = _line_start(text, start) or _after_sentence(text, start)
    if not bracketed and not (LIST_MARK.match(text, end) and opens_item):
        return None
    try:
        value = format_decimal(parse_number(run))
    except NumberFormatError:
        return None
    return Token(start, end, value, kind="ordinal")


def _after_sentence(text: str, start: int) -> bool:
    """A list item run on in its paragraph: 处理。2.凡是通过网站…, after a sentence's end."""
    return start > 0 and text[start - 1] in "。！？；!?;"


def _line_start(text: str, start: int) -> bool:
    """Only spaces or Markdown marks (a few: the walk back is bounded) stand between the line's
    start and `start`."""
    pos = start
    while pos > 0 and start - pos < 8 and text[pos - 1] in LINE_LEAD:
        pos -= 1
    return pos == 0 or text[pos - 1] == "\n"


LIST_JOIN = "、及和与"
HELD_BEFORE = re.compile(r"(?:召开|组织|开展|举办|举行|进行|上好|讲好)$")


def one_kind(text: str, start: int, unit: str) -> str:
    """What 一 with a measure word is when it is no article (侦破一起专案): a count of one at the
    end of a list of counts with the same measure word (四宗网购及一宗裸聊勒索案: statistic), or
    how often a rule has something held (组织召开一次班会: other); "" for the article."""
    if not unit or not start:
        return ""
    if unit == "次" and HELD_BEFORE.search(text, max(0, start - 2), start) and not text.startswith("性", start + 2):
        return "other"
    if text[start - 1] not in LIST_JOIN:
        return ""
    before = text[max(0, start - 60) : start]
    return "statistic" if re.search(rf"[\d{CN_NUMERAL_CHARS}]{re.escape(unit)}", before) else ""


# ---- counts given for another purpose than a figure ----

SINGLED_OUT = re.compile(r"最[高大多长重严][^，。；,;]{0,2}的$")
"""涉款最高的1宗案件, 金额最大的一起: one case picked out of the period's, no count of cases."""
INVITED = re.compile(r"(?:邀请|邀|请来|邀请了)$")
"""记者会邀请两位被害人现身说法: the guests of an event, no count of victims."""
HANDOUT = re.compile(r"普发(?:现金)?$")
"""政府将普发现金1万元: what a policy gives each person, no figure of fraud."""


ONE = re.compile(r"[1一](?![\d.,])")


def no_figure(text: str, start: int, surface: str) -> bool:
    """True when the count `surface` at `start` singles out one case, names an event's guests or
    a handout."""
    before = text[max(0, start - 6) : start]
    one = bool(ONE.match(surface))
    return bool(one and SINGLED_OUT.search(before) or INVITED.search(before) or HANDOUT.search(before))
