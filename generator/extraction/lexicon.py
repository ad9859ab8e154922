"""Word lists the extractor reads Chinese with: measure words, qualifiers, period words.

Kept apart from the code so a reader can review them as language, not as logic.
"""

import re

MAGNITUDE = "万萬亿億"
SMALL_UNITS = "十拾百佰千仟"
OPEN_QUOTES = "“‘「『\"'"
CLOSE_QUOTES = "”’」』\"'"

# Measure words (量词) and units, longest first so 个月 wins over 个 and 场次 over 场.
UNITS = sorted(set(
    """
    个百分点 百分点 个工作日 个小时 平方公里 平方米 立方米 千瓦时
    场次 人次 户次 家次 架次 条次 批次 宗次 个月 周年 周岁 小时 分钟 公里 千米 公斤 千克 美元
    欧元 英镑 日元 韩元 澳元 GB TB MB KB
    起 名 个 次 条 张 元 人 件 笔 场 家 份 种 户 部 台 套 辆 批 项 类 宗 单 位 所 处 只 篇 期
    本 册 集 段 秒 座 间 栋 枚 封 首 幅 页 款 支 组 轮 层 例 把 颗 头 匹 片 盒 包 袋 瓶 箱 吨
    倍 岁 天 周 年 月 日 号 块 根 道 则 粒 帧 通 条次 星期 个星期 季度 季 案 团 架
    省份
    港元 港币 澳门元 澳门币 澳币 新台币 台币 人民币
    """.split()),
    key=len,
    reverse=True,
)
UNIT_RE = re.compile("|".join(re.escape(unit) + ("(?!位)" if unit == "单" else "") for unit in UNITS))
"""(单 is no measure word in 单位: 查扣金额最高8389萬單位為竹南警分局 is 8389萬, then the unit that got it.)"""
# Currencies counted in 元: a number in them is in 元 (the currency stays in the surface).
YUAN_CURRENCIES = {"港元", "港币", "澳门元", "澳门币", "澳币", "新台币", "台币", "人民币"}
# Measure words that count time: with them a number may be a date instead of a quantity.
DATE_UNITS = {"年", "月", "日", "号"}

# Qualifiers, in meaning. Each number has one: exact, more_than (> n), at_least (≥ n),
# nearly (a little under n), about (≈ n), less_than (< n) or at_most (≤ n). Words are matched
# on text folded to simplified characters (約 → 约, 超過 → 超过), longest first, so a negation
# is never lost: 不少于 is at_least, never 少于; 不超过 is at_most, never 超过.
# 达/高达/多达 mean "reached": exact.
PREFIX_QUALIFIERS = {
    "超过": "more_than", "超出": "more_than", "多于": "more_than", "高于": "more_than",
    "大于": "more_than", "逾": "more_than", "超": "more_than", "破": "more_than", "突破": "more_than",
    "不少于": "at_least", "不低于": "at_least", "不下": "at_least", "至少": "at_least", "起码": "at_least",
    "最少": "at_least",
    "将近": "nearly", "接近": "nearly", "近": "nearly", "几近": "nearly", "逼近": "nearly",
    "大约": "about", "约为": "about", "约": "about", "大概": "about", "大致": "about", "约占": "about",
    "不足": "less_than", "不到": "less_than", "少于": "less_than", "低于": "less_than", "小于": "less_than",
    "未满": "less_than", "未达": "less_than", "不及": "less_than",
    "不超过": "at_most", "最多": "at_most", "至多": "at_most", "不高于": "at_most", "不多于": "at_most",
}
PREFIX_QUALIFIER_RE = re.compile(
    "(?:" + "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True)) + ")$"
)
PREFIX_LAST_CHARS = frozenset(word[-1] for word in PREFIX_QUALIFIERS)
PREFIX_WINDOW = max(map(len, PREFIX_QUALIFIERS))
# Between a qualifier and its number may stand a currency (超过新台币 5.12 亿元, 约人民币3000元).
CURRENCY_BEFORE = re.compile(r"(?:新台币|台币|人民币|港币|港元|澳门币|澳门元|澳元|美元)[ \u00a0]?$")
# Written after the number (and its measure word): 100名以上, 50%左右, 65岁或以上.
SUFFIX_QUALIFIERS = {"以上": "more_than", "之上": "more_than", "有余": "more_than", "左右": "about",
                     "上下": "about", "以下": "less_than", "以内": "less_than", "之内": "less_than",
                     "及以上": "at_least", "或以上": "at_least", "及以下": "at_most", "或以下": "at_most"}
SUFFIX_QUALIFIER_RE = re.compile("|".join(sorted(SUFFIX_QUALIFIERS, key=len, reverse=True)))
# Written between the number and its magnitude or measure word: 44.1万余起, 9700多万张.
INNER_QUALIFIERS = {"余": "more_than", "餘": "more_than", "多": "more_than"}

# Digits in financial form (大写): they write amounts with other numerals (陆仟元, 壹万); one alone, not
# next to another numeral or a magnitude, is a letter of a word or a name (平陆, 大陆, 陆续, 伍子胥).
FINANCIAL_DIGITS = frozenset("壹贰貳叁參肆伍陆陸柒捌玖")
# Chinese-numeral words that are not numbers (十分满意, 千万不要, 万一).
ADVERB_AFTER_SHIFEN = set("之钟")  # 十分之一 and 十分钟 are numbers; 十分满意 is not
QIANWAN_ADVERB_NEXT = set("不别要记注小莫勿务当")

# Measure words of time spans: after 前/过去/近/首 (前11个月, 过去三星期, 首三季) or before 来
# (两年来) the number names a period, not a count (连续7个月 stays a count).
SPAN_UNITS = {"年", "个月", "月", "周", "星期", "个星期", "天", "日", "季度", "季"}
SPAN_BEFORE = re.compile(r"(?:前|过去|近|首|最近|这|本)$")
# The hotlines of anti-fraud material in mainland China, Hong Kong, Macau and Taiwan.
KNOWN_HOTLINES = {"110", "96110", "12381", "165", "18222", "999", "12321", "12377", "12315", "12345", "8800"}
TIME_OF_DAY = re.compile(r"(?:上午|下午|晚上|早上|凌晨|中午|傍晚|晚|早)$")

# Short service numbers that are phones, not counts, when they stand without a measure word.
SHORT_CODE = re.compile(r"^(?:1[012]\d{1,3}|9[56]\d{3}|11[0-9]|12[0-9])$")
PHONE_CONTEXT_BEFORE = re.compile(r"(?:拨打|请拨|致电|热线|专线|电话|号码|短信|来电|咨询|举报|报警)[:：]?\s*$")
PHONE_CONTEXT_AFTER = re.compile(r"^\s*(?:热线|专线|反诈|劝阻|短信|电话|号码|平台|预警|举报|报警|咨询)")

# A number right after an operation's name and before a closing quote or 专项/行动 is
# part of the name (云剑2021, 断卡2.0).
NAME_TAIL = re.compile(r"(?:[”’」』\"']|专项|行动|工程|计划|战役|系统|版|路(?=公交|巴士|公共汽车))")
BUS_ROUTE = re.compile(r"路(?=公交|巴士|公共汽车)")  # 25路公交: a bus route's number

# Institution words after 第N or N大 that make the numeral part of a name.
ORG_SUFFIX = re.compile(r"[\u4e00-\u9fff]{0,3}?"
                        r"(?:检察厅|检察院|法院|法庭|厅|庭|局|处|科|所|师|团|队|中心|支队|大队|分局)")
ORDINAL_TAIL = set("次名位个批期届轮季条款章节项部版")

LEGAL_TERMS = re.compile(r"^[审]")  # 一审, 二审: trial instances


def is_han(char: str) -> bool:
    """True for one Han character (CJK Unified Ideographs and Extension A); False for ""."""
    return "\u3400" <= char <= "\u9fff"


def is_latin(char: str) -> bool:
    """True for one ASCII letter; False for ""."""
    return char.isascii() and char.isalpha()


CLAUSE_MARKS = frozenset("，,；;：:。！？!?、（(“「 \u3000\n")
"""What a clause or an item of a list opens after."""

RANGE_MARKS = "至到-—－~～"
"""The marks between the two ends of a range: 1至5月, 3-5年, 1~2万元."""


# A change's direction right after a figure (42下降26.19%): the figure is the change's base.
DIRECTION_AFTER = re.compile(r"(?:上升|下降|增长|减少|增加|降低|提高|下滑|回落|下跌|上涨|持平)")


RATIO_AFTER = re.compile(r"的?(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]+)倍")
"""是2020年的3.5倍: the year after 是 is the base of a ratio, not the period of the number."""


BASIS_WORDS = ("根据", "依据", "结合", "通过")
"""根据近期预警信息: a vague time of what a figure was found from, not the figure's period."""


EVENT_HELD = re.compile(r"召开|举行|举办|发布会|记者会|通报会|座谈会|会议|仪式")
"""5月20日，市局召开新闻发布会: a day that opens a paragraph with a meeting dates the meeting only."""
