"""Display text (titles, headings, covers, cards) broken only between words, in balanced lines.

WeasyPrint breaks Chinese between any two characters and knows no `word-break: keep-all`, so
a headline came out as 冒充“公检/法” or 守好/您的. Here a headline is cut into chunks that must
stay whole: jieba's words, with protected terms (96110, 公检法, 国家反诈中心 …) that jieba must
not split, every number with its unit and qualifier, punctuation glued to the word it belongs
to (clreq: no line starts with 。，、 or a closing quote, none ends with an opening one), and
single characters such as 的 and 了 joined to their neighbour. Then the lines are chosen:
as few as fit the measure, as even as possible, breaking after punctuation where it can, and
never one character alone on the last line. Each line is set with `white-space: nowrap`, so
the renderer cannot break it again; text that cannot be set so in the lines allowed stops the
build, naming it, instead of being split.
"""

from __future__ import annotations

import itertools
import logging
import re
from functools import lru_cache

from markupsafe import Markup, escape

from generator.errors import ConfigError
from generator.extraction.tokens import find_numbers

PROTECTED = (
    "96110", "12381", "110", "12345", "公检法", "国家反诈中心", "反诈中心", "国家反诈中心APP", "三不一多", "钱袋子",
    "全民反诈", "刷单返利", "安全账户", "杀猪盘", "一证通查", "反诈名片", "云闪付", "校园贷", "两卡", "反诈",
    "电信网络诈骗", "网络诈骗", "电诈", "客服", "保健品", "以房养老", "养老金", "养老", "社保", "医保", "社保卡",
    "医保卡", "投资理财", "高额回报", "稳赚不赔", "验证码", "共享屏幕", "预警劝阻", "冒充", "诈骗", "骗局",
    "公安机关", "派出所", "来电", "接听", "转账", "汇款", "核实", "高薪", "境外", "求职", "兼职", "老年人",
    "老年朋友", "同学们", "财务人员", "网购", "退款", "陌生来电", "未知链接", "个人信息", "转账汇款",
)
"""Terms that never break across lines (DESIGN-BRIEF §4.3), added to jieba's dictionary."""

OPENING = "“‘（《【〈「『(["
CLOSING = "”’）》】〉」』)]、，。！？：；…—,.!?:;"
SUFFIXES = set("的了吗呢吧啊们地得着过")
"""Single characters that belong to the word before them."""
PUNCTUATION_BREAK = set("，。！？：；、")
"""Breaking after these reads naturally (a bonus); anywhere else is a plain word boundary."""


@lru_cache(maxsize=1)  # a pure memo of a constant: jieba with PROTECTED added, never changed after
def _jieba():
    import jieba

    from generator.rendering.fonts import user_cache

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    folder = user_cache("jieba")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(folder)  # its dictionary cache: 0.4 s to load instead of 1.5 s
    except OSError:
        pass  # jieba then uses the system's temporary folder
    for term in PROTECTED:
        tokenizer.add_word(term, freq=2_000_000)
    return tokenizer


def chunks(text: str) -> list[str]:
    """`text` cut into the pieces a display line may break between (their join is `text`)."""
    words = list(_jieba().cut(text, HMM=True)) if text else []
    pieces = _merge_numbers(text, words)
    pieces = _glue_punctuation(pieces)
    return _glue_singles(pieces)


def _merge_numbers(text: str, words: list[str]) -> list[str]:
    """Words joined wherever a number (with its qualifier and unit) or a Latin word spans them."""
    keep = [(t.start, t.end) for t in find_numbers(text)]
    keep += [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9.%+-]*", text)]
    bounds, pos = [], 0
    for word in words:
        pos += len(word)
        bounds.append(pos)
    cuts = [b for b in bounds[:-1] if not any(start < b < end for start, end in keep)]
    out, last = [], 0
    for cut in [*cuts, len(text)]:
        if cut > last:
            out.append(text[last:cut])
        last = cut
    return out


def _glue_punctuation(pieces: list[str]) -> list[str]:
    """Closing marks join the piece before them, opening marks the piece after."""
    out: list[str] = []
    carry = ""
    for piece in pieces:
        if all(ch in OPENING for ch in piece):
            carry += piece
            continue
        piece, carry = carry + piece, ""
        if out and all(ch in CLOSING for ch in piece):
            out[-1] += piece
        elif out and piece[0] in CLOSING:
            head = len(piece) - len(piece.lstrip(CLOSING))
            out[-1] += piece[:head]
            out.append(piece[head:])
        else:
            out.append(piece)
    if carry:
        out.append(carry) if not out else out.__setitem__(-1, out[-1] + carry)
    return out


def _glue_singles(pieces: list[str]) -> list[str]:
    """A lone Han character joins a neighbour: 的/了 the word before it, others the word after
    (the word before when it ends the text or a clause)."""
    out: list[str] = []
    for piece in pieces:  # 的, 了 … join the word before
        if out and _single(piece) in SUFFIXES and not _ends_in_break(out[-1]):
            out[-1] += piece
        else:
            out.append(piece)
    merged: list[str] = []
    pending = ""
    for index, piece in enumerate(out):  # other single characters join the word after
        piece, pending = pending + piece, ""
        following = out[index + 1] if index + 1 < len(out) else ""
        if _single(piece) and merged and (_ends_in_break(piece) or following[:1].isdigit()):
            merged[-1] += piece  # 转账前， … 电诈案44.1万余起: the character ends the word before
        elif _single(piece) and not _ends_in_break(piece):
            pending = piece
        else:
            merged.append(piece)
    if pending:
        if merged and not _ends_in_break(merged[-1]):
            merged[-1] += pending
        else:
            merged.append(pending)
    return merged


def _single(piece: str) -> str:
    """The piece's one Han character (punctuation aside), or "" when it has more or none."""
    core = piece.strip(OPENING + CLOSING)
    return core if len(core) == 1 and _is_han(core) else ""


def _ends_in_break(piece: str) -> bool:
    return piece[-1] in PUNCTUATION_BREAK


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def width(text: str) -> float:
    """The width of `text` in em, as Noto Sans CJK sets it: Han and full-width marks 1, digits
    and Latin about 0.55, spaces a quarter."""
    total = 0.0
    for char in text:
        if char in "\u2005\u2009 ":
            total += 0.25
        elif ord(char) < 0x2000:
            total += 0.62 if char.isupper() else 0.56
        else:
            total += 1.0
    return total


def lines(text: str, measure: float, max_lines: int = 2) -> list[str]:
    """`text` in as few balanced lines of at most `measure` em as it fits, breaking only
    between chunks; ConfigError when it needs more than `max_lines`."""
    found = best_lines(text, measure, max_lines)
    if found is None:
        raise ConfigError(f"display text {text!r} does not fit {max_lines} line(s) of {measure:g} em "
                          f"without splitting a word: shorten it")
    return found


def best_lines(text: str, measure: float, max_lines: int) -> list[str] | None:
    pieces = chunks(text)
    if not pieces:
        return [""]
    widths = [width(p) for p in pieces]
    for count in range(1, min(max_lines, len(pieces)) + 1):
        best: tuple[float, list[str]] | None = None
        for cuts in itertools.combinations(range(1, len(pieces)), count - 1):
            bounds = [0, *cuts, len(pieces)]
            line_widths = [sum(widths[a:b]) for a, b in itertools.pairwise(bounds)]
            if max(line_widths) > measure:
                continue
            texts = ["".join(pieces[a:b]) for a, b in itertools.pairwise(bounds)]
            if count > 1 and len(texts[-1].strip(CLOSING)) < 2:
                continue  # 孤字不成行
            cost = _cost(texts, line_widths)
            if best is None or cost < best[0]:
                best = (cost, texts)
        if best is not None:
            return best[1]
    return None


def _cost(texts: list[str], line_widths: list[float]) -> float:
    """Uneven lines cost their squared difference from the widest; a break after punctuation is
    worth a good deal, a line ending in an opening mark is never chosen (glued, so it cannot)."""
    widest = max(line_widths)
    cost = sum((widest - w) ** 2 for w in line_widths[:-1]) + 0.5 * (widest - line_widths[-1]) ** 2
    cost -= sum(10.0 for line in texts[:-1] if line[-1] in PUNCTUATION_BREAK)
    return cost


def display(text: str, measure: float, max_lines: int = 2, highlight: str = "") -> Markup:
    """Display text as HTML: one nowrap span a line, lines joined by <br>; `highlight` (a word of
    the text) is wrapped in <span class="hl"> where it stands whole on a line."""
    out = []
    for line in lines(text, measure, max_lines):
        html = str(escape(line))
        if highlight and highlight in line:
            html = html.replace(str(escape(highlight)), f'<span class="hl">{escape(highlight)}</span>', 1)
        out.append(f'<span class="line">{html}</span>')
    return Markup("<br>".join(out))


def words_html(text: str) -> Markup:
    """Display text for a browser, which chooses the lines: each chunk kept whole (nowrap),
    a <wbr> between them, so a phone never splits 公检法 or 96110."""
    return Markup("<wbr>".join(f'<span class="w">{escape(piece)}</span>' for piece in chunks(text)))
