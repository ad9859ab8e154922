"""What a post says, checked as a reader would: its tip fits its subject, its titles do not age,
its topics are tags on every platform, and where a fraud type comes from.

三不一多 after court figures told readers nothing they could use, and a title saying 去年 was
wrong a year later; these rules stop such a post with its file and line, or choose for it.
"""

from __future__ import annotations

import re

from generator.figures.guidance import FraudType, Guidance
from generator.figures.registry import Figure
from generator.products.content import Product, front_matter_line

AGEING = ("去年", "今年", "前年", "明年", "近日", "日前", "近期", "最近", "近年来", "本月", "上月", "本周", "上周",
          "今天", "昨天", "今日", "昨日", "目前", "当前")
"""Time words that age: true on the day a post goes out, false a month later. Titles and openings
say the year or period instead, as the figures they cite are traced."""

TIP_WORDS = {
    "未知链接不点击": ("链接", "网址", "网站", "二维码", "下载", "短信", "APP", "软件"),
    "陌生来电不轻信": ("来电", "电话", "打来", "客服", "公检法", "冒充", "陌生人"),
    "个人信息不透露": ("个人信息", "验证码", "身份证", "密码", "银行卡号", "共享屏幕", "隐私", "人脸", "征信"),
    "转账汇款多核实": ("转账", "汇款", "打款", "付款", "垫付", "交钱", "缴纳", "缴费", "交费", "保证金", "解冻费",
                "手续费", "充值", "投资", "理财", "资金", "钱"),
}
"""What each line of 三不一多 is about: a post's tip must fit its subject, so its text must speak of
one of these (个人信息不透露 after court figures told readers nothing they could use)."""

FRAUD_TIPS = {
    "loan": "转账汇款多核实", "brushing": "转账汇款多核实", "romance-investment": "转账汇款多核实",
    "fake-customer-service": "个人信息不透露", "fake-acquaintance": "转账汇款多核实",
    "fake-police": "陌生来电不轻信", "fake-investment": "转账汇款多核实", "fake-shopping": "转账汇款多核实",
    "campus-loan": "陌生来电不轻信", "game-trading": "转账汇款多核实", "health-products": "转账汇款多核实",
    "pension": "转账汇款多核实", "fake-social-security": "个人信息不透露",
}
"""The line of 三不一多 that answers each fraud type (guidance.yaml keys): what stops that scam.
A type not listed gets the line whose words its warning and description use most."""


def choose_tip(chosen, fraud_type: FraudType | None, guidance: Guidance, subject: str) -> tuple[str, str]:
    """The line of 三不一多 for the post, and a problem ("" when none): the one the front matter
    chooses, if it is a line and fits the subject; for a fraud type without one, the line that
    answers it; otherwise none (a figures post about courts needs no 个人信息不透露)."""
    lines = guidance.principle.lines
    if chosen:
        chosen = str(chosen).rstrip("。")
        if chosen not in lines:
            return "", (f"`tip` must be one line of “{guidance.principle.name}” ({'，'.join(lines)}), "
                        f"or left out")
        words = TIP_WORDS.get(chosen, ())
        if words and not any(word in subject for word in words):
            return "", (f"`tip: {chosen}` does not fit this post: its text speaks of none of "
                        f"{'、'.join(words)}; choose the line that fits its subject, or leave `tip` out")
        return chosen, ""
    if fraud_type is None:
        return "", ""
    if FRAUD_TIPS.get(fraud_type.key) in lines:
        return FRAUD_TIPS[fraud_type.key], ""
    scored = [(sum(subject.count(w) for w in TIP_WORDS.get(line, ())), -index, line)
              for index, line in enumerate(lines)]
    best = max(scored, default=(0, 0, ""))
    return (best[2] if best[0] else ""), ""


def time_problems(product: Product, texts: dict[str, str], figures: tuple[Figure, ...]) -> list[str]:
    """Titles and the opening that say 去年 or 今年 (they age), or a year none of the key figures is of."""
    problems = []
    years = {year for f in figures for year in re.findall(r"\d{4}", f.period)}
    for key in ("title", "short_title", "opening"):
        text, where = texts[key], f"{product.path}:{front_matter_line(product.source_text, key)}"
        for word in AGEING:
            if word in text:
                said = "、".join(sorted({f.period for f in figures})) or "the year"
                problems.append(f"{where}: `{key}` says {word!r}, which ages: say {said} instead, as the "
                                f"figures are traced")
                break
        for year in re.findall(r"(\d{4})年", text):
            if years and year not in years:
                problems.append(f"{where}: `{key}` says {year}年, but the key figures are of "
                                f"{'、'.join(f.period for f in figures)}")
    return problems


TOPIC = re.compile(r"[^\s#@，。、；：！？,.;:!?“”\"'（）()【】\[\]]+")


def topic_problems(product: Product) -> list[str]:
    """A topic must be one word as every platform's tags take it: no spaces, no # or punctuation."""
    topics = product.meta.get("topics") or []
    where = f"{product.path}:{front_matter_line(product.source_text, 'topics')}"
    if not isinstance(topics, list):
        return [f"{where}: `topics` is a list: [全民反诈, …]"]
    return [f"{where}: topic {str(t)!r} cannot be a tag on every platform: write it without spaces, # or "
            f"punctuation" for t in topics if not TOPIC.fullmatch(str(t))]


def handbook_credit(edition: str) -> str:
    """Where a fraud type is from, short enough for a card and a 朋友圈 text: the handbook's
    publisher, title and edition (类型出自公安部刑事侦查局《防范电信网络诈骗宣传手册》（2021年版））."""
    match = re.search(r"(?P<title>《[^》]+》)[，,]?(?P<publisher>[^\d（《]*)", edition)
    version = re.search(r"（[^）]*版）", edition)
    if not match:
        return f"类型出自{edition}"
    return f"类型出自{match['publisher'].strip()}{match['title']}{version.group() if version else ''}"
