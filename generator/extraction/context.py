"""Reading a statistic in context: its sentence, period, metric and actor.

These are the readings a careful editor would make, by rules that generalise: the period is
the nearest time expression before the number in its sentence, or one inherited from an
earlier sentence of the same paragraph (vague ones like 近日 are not inherited, and a period
stated inside a quotation does not carry out of it); the metric is what the clause says is
counted; the actor is the agent named before it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from generator.extraction import lexicon as lx
from generator.extraction.lexicon import is_han
from generator.extraction.periods import PERIOD, PERIOD_HINT, VAGUE_PERIODS

# A time that is a comparison's base (与4月相比, 较2022年, 去年同期) is not the statistic's period.
COMPARISON_AFTER = re.compile(r"^(?:相比|相较|比较|同期|比)")
COMPARISON_BEFORE = re.compile(r"(?:较|比|与|跟|同|对比|比较|相比|相较)$")
COMPARED_ERA = re.compile(r"(?:较|比|与|相比|相较)[\u4e00-\u9fff]{1,5}的$")
"""较疫情前的2019年: a year a figure is compared with, named by what it was."""
CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？!? \u3000]")
PARENTHETICAL = re.compile(r"（[^（）]*）|\([^()]*\)")

LEADING_FILLER = re.compile(
    r"^(?:其中|此外|同时|另外|并且?|而且|以及|及|和|与|还|又|均|都|共计?|先后|分别|的|有|"
    r"全年共?|总计|合计|一共|再|也|仍|新|直接|全力|有效|及时|共同|相继|联手|全国|各地|"
    r"在全国范围内|在全国)+"
)
TRAILING_FILLER = re.compile(r"(?:共计?|先后|还|又|已|分别|高达|多达|达到|达|为|约为|共有)$")
PREDICATE_END = re.compile(r"(?:高达|多达|达到|达|为|约为|是|已超过|超过)$")
NOUN_AFTER = re.compile(r"[\u4e00-\u9fff“”‘’]+")
ACTOR_LEADING = re.compile(r"^(?:公布的统计显示|的|共|还|已|并)")
CHANGE_WORDS = re.compile(r"(同比|环比|与.{1,6}?相比|比.{1,6}?)?(分别)?"
                          r"(上升|下降|增长|减少|增加|降低|提高|下滑|回落|降幅|增幅)")

# Agents: an organisation word, up to ten Han characters of its name before it, and a
# 会同…部门 tail naming its partners.
ACTOR_WORD = re.compile(
    r"公安机关|公安部|公安厅|公安局|检察机关|检察院|法院|人民银行|工信部|网信办|银保监会|"
    r"国家反诈中心(?:APP)?|反诈中心|运营商|商业银行|支付机构|金融系统|移民管理局|移民管理部门|专案组|"
    r"该团伙|派出所|民警|联席会议|党委政府|行业部门|政务号|最高法|最高检"
)
ACTOR_TAIL = re.compile(  # lazy, but a partner list goes on past 、 (中央网信办、电信部门)
    r"(?:会同|与|和|及)[\u4e00-\u9fff、]{1,30}?"
    r"(?:部门|运营商|银行|机构|机关|法院|检察院|局|部|办|院|法|检|商|会)(?!、)"
)
NAME_BREAK = re.compile(r"[和与及同对向在由从将把被为是的了、年月日来]|缉捕|抓获|打掉|配合|推动|会同|联合|按照")
ACTOR_NAME_CHARS = 10
ACTOR_STOP_PREFIX = re.compile(r"^(?:据|经|在|由|对|向|将|为|让|从|自|截至|截止|根据|按照|依托|会同)")


@dataclass(frozen=True)
class SentenceInfo:
    """A sentence of a block: its span in the block and whether it is inside a quotation."""

    start: int
    end: int
    quoted: bool


QUOTE_OR_END = re.compile(r"[“「『”」』。；;！？!?]")


def split_sentences(text: str) -> list[SentenceInfo]:
    """Sentences of one block, ending at 。；;！？ (quoted ones stop at the 。 inside).

    A sentence is `quoted` when it starts inside a quotation; a closing mark that opens the
    next sentence (。”公安部相关负责人表示) belongs to the quotation before it.
    """
    out = []
    start = 0
    depth = 0  # quotation depth at position `start`
    depth_here = 0
    for match in QUOTE_OR_END.finditer(text):
        ch = match.group()
        if ch in "“「『":
            depth_here += 1
        elif ch in "”」』":
            depth_here = max(0, depth_here - 1)
        else:
            out.append(SentenceInfo(start, match.end(), _opens_quoted(text, start, depth)))
            start, depth = match.end(), depth_here
    if start < len(text):
        out.append(SentenceInfo(start, len(text), _opens_quoted(text, start, depth)))
    return out


def _opens_quoted(text: str, start: int, depth: int) -> bool:
    """Whether the sentence at `start` (quotation depth `depth` there) speaks inside quotes."""
    pos = start
    while pos < len(text) and text[pos] in "”」』" and depth:
        depth -= 1
        pos += 1
    if pos < len(text) and text[pos] in "“「『" and not QUOTED_TERM.match(text, pos):
        depth += 1
    return depth > 0


QUOTED_TERM = re.compile(r"[“「『][^“「『”」』。；;！？!?，,]{1,12}[”」』](?![。；;！？!?]|$)")
"""A short name in quotes that a sentence goes on after (“網上裸聊勒索”案件共開立54宗): a term, not a quotation."""


def period_marks(sentence: str) -> list[tuple[int, str]]:
    """(end, period) for every time expression of a sentence that can be a period."""
    if not PERIOD_HINT.search(sentence):
        return []
    return [
        (match.end(), _period_text(match))
        for match in PERIOD.finditer(sentence)
        if not COMPARISON_AFTER.match(sentence[match.end() : match.end() + 4])
        and not COMPARISON_BEFORE.search(sentence, max(0, match.start() - 2), match.start())
        and not COMPARED_ERA.search(sentence, max(0, match.start() - 8), match.start())
        and not (sentence[match.start() - 1 : match.start()] == "是" and lx.RATIO_AFTER.match(sentence, match.end()))
        and not (match.group() in VAGUE_PERIODS and sentence.endswith(lx.BASIS_WORDS, 0, match.start()))
        and not DATELINE_AFTER.match(sentence, match.end())
    ]


DATELINE_AFTER = re.compile(r"(?:讯|电(?![信话诈网子商视脑影力梯费台]))")
"""中国甘肃网6月22日讯, 中新社北京1月18日电: the day a report was filed, not the period of its figures."""




def actor_marks(sentence: str) -> list[tuple[int, str]]:
    """(end, actor) for every agent named in a sentence.

    A sentence that opens with 会同… continues the agent of the sentence before: its mark
    starts with 会同 and the caller joins it to the inherited agent.
    """
    marks = []
    taken = 0
    opening = ACTOR_TAIL.match(sentence)
    if opening:
        marks.append((opening.end(), opening.group()))
        taken = opening.end()
    for match in ACTOR_WORD.finditer(sentence, taken):
        if match.start() < taken:
            continue
        start = _name_start(sentence, max(taken, match.start() - ACTOR_NAME_CHARS), match.start())
        tail = ACTOR_TAIL.match(sentence, match.end())
        end = tail.end() if tail else match.end()
        marks.append((end, _trim_actor(ACTOR_STOP_PREFIX.sub("", sentence[start:end]))))
        taken = end
    return marks


def _name_start(sentence: str, limit: int, word_start: int) -> int:
    """Where an agent's name begins before its organisation word (湖北省公安县|公安局).

    The name is the Han text just before the word, cut after any function word or verb
    (和公安部 → 公安部, 缉捕公安部 → 公安部).
    """
    start = word_start
    while start > limit and is_han(sentence[start - 1]):
        start -= 1
    prefix = sentence[start:word_start]
    cut = 0
    for match in NAME_BREAK.finditer(prefix):
        cut = match.end()
    return start + cut


def _actor_at_start(text: str) -> int:
    """The end of an agent's name that opens `text` (公安机关共破获 → 4), or 0."""
    match = ACTOR_WORD.search(text, 0, ACTOR_NAME_CHARS + 12)
    if not match or match.start() > ACTOR_NAME_CHARS or not all(map(is_han, text[: match.start()])):
        return 0
    tail = ACTOR_TAIL.match(text, match.end())
    return tail.end() if tail else match.end()


def subject_before(marks: list[tuple[int, str]], upto: int) -> str:
    """The agent of a statistic: the nearest agent before it; a 会同… partner phrase joins
    the sentence's first agent (公安部会同工信部…，会同人民银行清理 → 公安部会同人民银行).
    `marks` are in order of their ends, as actor_marks() gives them."""
    nearest = _last_named(marks, bisect.bisect_right(marks, upto, key=_end))
    if nearest is None:
        return ""
    first = next(index for index, (_, text) in enumerate(marks) if text)
    if first < nearest and marks[nearest][1].startswith("会同"):
        return _base_agent(marks[first][1]) + marks[nearest][1]
    return marks[nearest][1]


def _end(mark: tuple[int, str]) -> int:
    return mark[0]


def _last_named(marks: list[tuple[int, str]], stop: int) -> int | None:
    """The index of the last mark before `stop` with a text (found by stepping back, not by
    scanning from the start: a sentence may be a whole file of marks)."""
    for index in range(stop - 1, -1, -1):
        if marks[index][1]:
            return index
    return None


def _base_agent(agent: str) -> str:
    """公安部会同工信部 → 公安部."""
    for word in ("会同", "与", "和", "及"):
        if word in agent[1:]:
            return agent[: agent.index(word, 1)]
    return agent


def last_before(marks: list[tuple[int, str]], upto: int) -> str:
    """The last mark that ends at or before `upto`, or "" (`marks` in order of their ends)."""
    index = _last_named(marks, bisect.bisect_right(marks, upto, key=_end))
    return "" if index is None else marks[index][1]


def _period_text(match: re.Match) -> str:
    """The period as an editor writes it: 自去年初……以来 → 自去年初以来; 自2019年5月至… → 2019年5月至…."""
    if match.group("since") and match.group("gap"):
        return match.group("since") + "以来"
    if match.group("from") or match.group("start"):
        return (match.group("from") or match.group("start")) + "以来"
    text = match.group()
    if text.startswith(("自", "从")) and not text.endswith("以来"):
        text = text[1:]
    return text


COMPARE_WORD = re.compile(r"环比|同比|较|比|与|和|同")
CLOSES_COMPARISON = re.compile(r"相比|比较|相较|对比|回落|下滑|[多少高低增减升降跌涨]")
"""Words that end a comparison's base: what follows is this period's figure or the change."""
BASE_GAP = 20
"""How far a base's value may stand from its period: 较113年8月每日平均受理632件、财损4亿2291万元."""


def base_before(clause: str) -> tuple[str, str] | None:
    """(the comparison, its period words) when the number after `clause` is the value a change is
    measured against: 环比今年2月份21起, 同比去年同期42, 较2022年的3.2万起, 环比259.43万,
    比去年八月设仪表板时5450件; None when a change word or 相比 stands between (比去年多破获500起
    and 与去年相比，破获500起 give this period's figure), or the clause compares nothing."""
    tail = CLAUSE_END.split(clause)[-1]
    for word in reversed(list(COMPARE_WORD.finditer(tail))):
        found = _base_after(word.group(), tail[word.end():])
        if found is not None:
            return found or None
    return None


def _base_after(word: str, rest: str) -> tuple[str, str] | tuple[()] | None:
    """The base a comparison word opens, () when what follows is a change, not a base's
    value; None when the word compares no period (占比, 比300起), so an earlier word may."""
    period = PERIOD.match(rest)
    said = period.group() if period else ""
    if said and rest.startswith("同期", len(said)):
        said += "同期"
    elif not said and rest.startswith(("上年同期", "去年同期", "同期")):
        said = rest[: rest.index("同期") + 2]
    gap = rest[len(said):]
    if not said and (word not in ("环比", "同比") or gap.strip("(（的为是 ")):
        return None
    if len(gap) > BASE_GAP or CLOSES_COMPARISON.search(gap) or (said and PERIOD.search(gap)):
        return ()
    return word + said, said


CLAUSE_END = re.compile(r"[，,；;。：:！？!?]")
SAME_TIME = re.compile(r"(?:去年|上年|上一年|(?:19|20)\d{2}年)同期")


def same_time_marks(sentence: str) -> list[tuple[int, str]]:
    """(end, words) of every 去年同期, 上年同期, 2023年同期 of a sentence that names the time of what
    follows (去年同期，全市立案250起; 去年同期为250起), not a comparison's base (比去年同期,
    同比去年同期: base_before reads those)."""
    if "同期" not in sentence:
        return []
    return [(match.end(), match.group()) for match in SAME_TIME.finditer(sentence)
            if not COMPARISON_BEFORE.search(sentence, max(0, match.start() - 2), match.start())
            and not sentence.endswith("同比", 0, match.start())]


def same_time_at(same_marks: list[tuple[int, str]], period_marks_: list[tuple[int, str]], upto: int) -> str:
    """The same-time words that name the time of a number at `upto`: the last before it, when no
    period is named between them ("" otherwise)."""
    index = bisect.bisect_right(same_marks, upto, key=_end) - 1
    if index < 0:
        return ""
    end, words = same_marks[index]
    later = bisect.bisect_right(period_marks_, upto, key=_end) - 1
    return words if later < 0 or period_marks_[later][0] <= end else ""


_ONE_DAY = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月\d{1,2}[日号]$")


def inheritable(period: str, opening: str = "") -> bool:
    """Vague times (近日, 近期) and single days (5月30日, a meeting's date) describe one event;
    they do not carry to the next sentence. A day that opens its paragraph (`opening` is the
    paragraph's first sentence: 8月28日，某银行网点发现…) dates the story the paragraph tells, unless
    it is the day of a meeting (5月20日，市局召开新闻发布会)."""
    if not period or period in VAGUE_PERIODS:
        return False
    return not _ONE_DAY.search(period) or (
        opening.lstrip(" \u3000*").startswith(period) and not lx.EVENT_HELD.search(opening))


def metric_for(sentence: str, num_start: int, num_end: int, previous_metrics: list[str],
               previous_end: int = -1) -> str:
    """What the clause around the number says is counted: 破获电信网络诈骗案件, 成功避免群众受骗.

    `previous_end` is where the statistic before this one ends in the sentence: a 、 right
    after it starts a new item of a list (拦截诈骗电话15.5亿次、诈骗短信17.6亿条) whose verb
    is shared, while a 、 between nouns (营业网点、机构) is part of the metric.
    """
    clause_start = _clause_start(sentence, num_start)
    item_start = clause_start
    if previous_end >= clause_start and sentence[previous_end : previous_end + 1] == "、":
        item_start = previous_end + 1
    raw = PARENTHETICAL.sub("", sentence[item_start:num_start])
    change = CHANGE_WORDS.search(raw)
    before = _strip_periods_and_fillers(raw)
    if change and previous_metrics and not _strip_periods_and_fillers(raw[: change.start()]):
        return previous_metrics[-1] + change.group().replace("分别", "")  # 同比上升160.5%
    after = _after_measure(sentence, num_end)
    shares_verb = item_start > clause_start or not _VERB_ANYWHERE.search(before)
    if PREDICATE_END.search(raw):
        shares_verb = False  # 涉案金额高达1.6亿元: the noun is the subject, no shared verb
    if shares_verb and previous_metrics and before and not _starts_with_verb(before):
        verb = _leading_verb(previous_metrics[-1])
        before = verb + before if verb and not before.startswith(verb) else before
    metric = before + after
    return metric.strip(" “”‘’\"'")


CLAUSE_LOOKBACK = 200
"""How far back the start of a number's clause is looked for: a clause is a few dozen
characters, but a file without punctuation is one sentence of megabytes, and looking back to
its start for every number made reading it quadratic in its length."""
_CLAUSE_MARKS = frozenset("，,；;：:。！？!? \u3000")  # what CLAUSE_SPLIT matches


def _clause_start(sentence: str, pos: int) -> int:
    limit = max(0, pos - CLAUSE_LOOKBACK)
    for index in range(pos - 1, limit - 1, -1):
        if sentence[index] in _CLAUSE_MARKS:
            return index + 1
    return limit


def _strip_periods_and_fillers(text: str) -> str:
    text = text.lstrip("“”‘’ \u3000")
    while True:
        match = PERIOD.match(text)
        if match and match.group():
            text = text[match.end() :]
            continue
        filler = LEADING_FILLER.match(text)
        if filler:
            text = text[filler.end() :]
            continue
        actor_end = _actor_at_start(text)
        rest = text[actor_end:]
        if actor_end and len(rest) > 1 and is_han(rest[0]):  # not 公安部A级逃犯
            text = text[actor_end:]
            continue
        break
    text = TRAILING_FILLER.sub("", text)
    return text


def _after_measure(sentence: str, num_end: int) -> str:
    """The noun after a measure word (抓获340名犯罪嫌疑人 → 犯罪嫌疑人) up to the clause end."""
    rest = sentence[num_end:]
    match = NOUN_AFTER.match(rest)
    if not match:
        return ""
    text = match.group()
    return "" if text.startswith("的") else text[:24]


_VERBS = re.compile(
    r"^(?:破获|抓获|打掉|捣毁|缴获|拦截|封堵|处置|清理|冻结|止付|劝阻|追缴|返还|挽回|发送|开展|受理|预警|"
    r"惩戒|惩处|查处|整治|起诉|审结|判处|下发|发布|推送|识别|避免|劝返|遣返|逮捕|查获|发放|组织|协助|"
    r"锁定|处理|排查|累计|紧急|成功|深挖|缉捕|主动|接受|发展|设立|出动|派出|通过|投放)"
)


_VERB_ANYWHERE = re.compile(_VERBS.pattern.lstrip("^"))


def _starts_with_verb(text: str) -> bool:
    return bool(_VERBS.match(text))


def _leading_verb(metric: str) -> str:
    match = _VERB_ANYWHERE.search(metric, 0, 6)
    return match.group() if match else ""


def _trim_actor(text: str) -> str:
    """Drop leading words that are not part of the agent's name (共, 记者从 …)."""
    for marker in ("，", "获悉", "显示", "介绍", "表示", "统计"):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    text = ACTOR_LEADING.sub("", text)
    return text.strip("，、 ")
