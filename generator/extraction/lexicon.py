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
    个百分点 百分点 个工作日 个小时 平方公里 平方米 立方米 千瓦时 人民币
    场次 人次 户次 架次 条次 批次 个月 周年 小时 分钟 公里 千米 公斤 千克 美元 港元 港币
    欧元 英镑 日元 韩元 澳元 GB TB MB KB
    起 名 个 次 条 张 元 人 件 笔 场 家 份 种 户 部 台 套 辆 批 项 类 宗 单 位 所 处 只 篇 期
    本 册 集 段 秒 座 间 栋 枚 封 首 幅 页 款 支 组 轮 层 例 把 颗 头 匹 片 盒 包 袋 瓶 箱 吨
    倍 岁 天 周 年 月 日 号 块 根 道
    """.split()),
    key=len,
    reverse=True,
)
UNIT_RE = re.compile("|".join(map(re.escape, UNITS)))
# Measure words that count time: with them a number may be a date instead of a quantity.
DATE_UNITS = {"年", "月", "日", "号"}

# Qualifiers written before a number, longest first; 达/高达/多达 mean "reached" (exact).
PREFIX_QUALIFIERS = {
    "超过": "more_than", "超出": "more_than", "多于": "more_than", "高于": "more_than",
    "大于": "more_than", "逾": "more_than", "超": "more_than",
    "将近": "nearly", "接近": "nearly", "近": "nearly", "几近": "nearly",
    "大约": "about", "约为": "about", "约": "about", "大概": "about",
    "不超过": "less_than", "不足": "less_than", "不到": "less_than", "少于": "less_than",
    "低于": "less_than", "小于": "less_than",
}
PREFIX_QUALIFIER_RE = re.compile(
    "(?:" + "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True)) + ")$"
)
PREFIX_LAST_CHARS = frozenset(word[-1] for word in PREFIX_QUALIFIERS)
# Written after the number (and its measure word): 100名以上, 50%左右.
SUFFIX_QUALIFIERS = {"以上": "more_than", "之上": "more_than", "左右": "about", "上下": "about",
                     "以下": "less_than", "以内": "less_than"}
SUFFIX_QUALIFIER_RE = re.compile("|".join(SUFFIX_QUALIFIERS))
# Written between the number and its magnitude or measure word: 44.1万余起, 9700多万张.
INNER_QUALIFIERS = {"余": "more_than", "餘": "more_than", "多": "more_than"}

# Chinese-numeral words that are not numbers (十分满意, 千万不要, 万一).
ADVERB_AFTER_SHIFEN = set("之钟")  # 十分之一 and 十分钟 are numbers; 十分满意 is not
QIANWAN_ADVERB_NEXT = set("不别要记注小莫勿务当")

# Short service numbers that are phones, not counts, when they stand without a measure word.
SHORT_CODE = re.compile(r"^(?:1[012]\d{1,3}|9[56]\d{3}|11[0-9]|12[0-9])$")
PHONE_CONTEXT_BEFORE = re.compile(r"(?:拨打|致电|热线|专线|电话|号码|短信|来电|咨询|举报|报警)[:：]?\s*$")
PHONE_CONTEXT_AFTER = re.compile(r"^\s*(?:热线|专线|反诈|劝阻|短信|电话|号码|平台|预警|举报|报警|咨询)")

# A number right after an operation's name and before a closing quote or 专项/行动 is
# part of the name (云剑2021, 断卡2.0).
NAME_TAIL = re.compile(r"(?:[”’」』\"']|专项|行动|工程|计划|战役|系统|版)")

# Institution words after 第N or N大 that make the numeral part of a name.
ORG_SUFFIX = re.compile(r"[\u4e00-\u9fff]{0,3}?"
                        r"(?:检察厅|检察院|法院|法庭|厅|庭|局|处|科|所|师|团|队|中心|支队|大队|分局)")
ORDINAL_TAIL = set("次名位个批期届轮季条款章节项部")

LEGAL_TERMS = re.compile(r"^[审]")  # 一审, 二审: trial instances


def is_han(char: str) -> bool:
    """True for one Han character (CJK Unified Ideographs and Extension A); False for ""."""
    return "\u3400" <= char <= "\u9fff"


def is_latin(char: str) -> bool:
    """True for one ASCII letter; False for ""."""
    return char.isascii() and char.isalpha()
