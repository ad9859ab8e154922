"""A figure means what the page says: qualifiers, periods, direction and precision.

Every sentence here is written for the test (none is taken from the seeds), in simplified and
in traditional characters.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.extraction.meaning import change_direction, direction_before, written_decimals
from generator.extraction.periods import parse_period, period_label
from generator.extraction.tokens import find_numbers
from generator.figures.registry import Figure

QUALIFIERS = [
    # more than
    ("破获案件超过500起", "超过500起", "more_than"), ("破獲案件超過500宗", "超過500宗", "more_than"),
    ("逾3000人", "逾3000人", "more_than"), ("共计1200余起", "1200余起", "more_than"),
    ("3200多万元", "3200多万元", "more_than"), ("涉案100名以上", "100名以上", "more_than"),
    ("突破1000万次", "突破1000万次", "more_than"), ("超5800人", "超5800人", "more_than"),
    ("涉案金额破亿元", "破亿元", "more_than"), ("播放量破千万次", "破千万次", "more_than"),
    ("侦破1200起", "1200起", "exact"), ("共計1200餘宗", "1200餘宗", "more_than"), ("超出300起", "超出300起", "more_than"),
    ("損失十五億六千多萬", "十五億六千多萬", "more_than"), ("千万不要转账，拦截2次", "2次", "exact"),
    # at least — never read as "less than" although 少 and 低 are in the words
    ("全年开展宣传不少于500场", "不少于500场", "at_least"), ("全年開展宣傳不少於500場", "不少於500場", "at_least"),
    ("拦截率不低于90%", "不低于90%", "at_least"), ("攔截率不低於90%", "不低於90%", "at_least"),
    ("受骗群众不下2000人", "不下2000人", "at_least"), ("至少3次", "至少3次", "at_least"),
    ("起码5天", "起码5天", "at_least"), ("60岁及以上的受害人200人", "200人", "exact"),
    ("65歲或以上", "65歲或以上", "at_least"),
    # nearly
    ("近4万人", "近4万人", "nearly"), ("将近六成", "将近六成", "nearly"), ("將近六成", "將近六成", "nearly"),
    ("接近3亿元", "接近3亿元", "nearly"),
    # about
    ("约37%", "约37%", "about"), ("約37%", "約37%", "about"), ("大约2万起", "大约2万起", "about"),
    ("大約2萬宗", "大約2萬宗", "about"), ("50%左右", "50%左右", "about"), ("3000元上下。", "3000元上下", "about"),
    # less than
    ("不足500起", "不足500起", "less_than"), ("不到两成", "不到两成", "less_than"),
    ("低于5%", "低于5%", "less_than"), ("低於5%", "低於5%", "less_than"), ("未满18岁的30人", "30人", "exact"),
    ("损失1万元以下", "1万元以下", "less_than"), ("未滿500元", "未滿500元", "less_than"),
    # at most
    ("最多3次", "最多3次", "at_most"), ("不超过10%", "不超过10%", "at_most"), ("不超過10%", "不超過10%", "at_most"),
    ("至多2人", "至多2人", "at_most"),
    # after 成 and 百分之, and fractions as shares
    ("四成以上", "四成以上", "more_than"), ("百分之五十以上", "百分之五十以上", "more_than"),
    ("二成多", "二成多", "more_than"), ("约三分之二", "约三分之二", "about"), ("約三分之二", "約三分之二", "about"),
    ("三分一", "三分一", "exact"),
    # a currency between the qualifier and the number
    ("超過新台幣 5.12 億元", "超過新台幣 5.12 億元", "more_than"), ("约人民币3000元", "约人民币3000元", "about"),
]


@pytest.mark.parametrize("text, surface, qualifier", QUALIFIERS)
def test_every_qualifier_in_both_scripts(text, surface, qualifier):
    read = {text[t.start:t.end]: t.qualifier for t in find_numbers(text) if t.kind in ("statistic", "other")}
    assert read.get(surface) == qualifier, read


@pytest.mark.parametrize("text, value, unit", [
    ("三分之一", "33.33", "%"), ("三分一", "33.33", "%"), ("约三分之二", "66.67", "%"), ("千分之五", "5", "‰"),
    ("四成半", "45", "%"), ("七成三五", "73.5", "%"), ("4成8", "48", "%"), ("百分之六點二", "6.2", "%"),
])
def test_shares(text, value, unit):
    (token,) = [t for t in find_numbers(text)]
    assert (token.value, token.unit) == (value, unit)


REPORTED = date(2024, 8, 20)
PERIODS = [
    ("2023年", "2023"), ("去年", "2023"), ("今年", "2024"), ("前年", "2022"),
    ("2024年上半年", "2024-H1"), ("今年下半年", "2024-H2"), ("今年第一季度", "2024-Q1"), ("2024年第三季度", "2024-Q3"),
    ("今年前三季度", "2024-01/2024-09"), ("今年首三季", "2024-01/2024-09"), ("去年前11个月", "2023-01/2023-11"),
    ("1至5月", "2024-01/2024-05"), ("今年1—7月", "2024-01/2024-07"), ("2024年1-7月", "2024-01/2024-07"),
    ("2023年3月", "2023-03"), ("上月", "2024-07"), ("本月", "2024-08"), ("3月份", "2024-03"),
    ("2022年10月至2023年3月", "2022-10/2023-03"), ("2021年至2023年", "2021-01/2023-12"),
    ("截至目前", "as_of:2024-08-20"), ("截至2023年12月底", "as_of:2023-12-31"), ("截至2024年6月", "as_of:2024-06-30"),
    ("截至去年底", "as_of:2023-12-31"), ("至今", "as_of:2024-08-20"),
    ("今年以来", "2024-01/2024-08-20"), ("2021年4月以来", "2021-04/2024-08-20"), ("去年以来", "2023-01/2024-08-20"),
    ("一年来", "2023-08/2024-08"), ("近三年来", "2021-08/2024-08-20"), ("过去三星期", "2024-07-30/2024-08-20"),
    ("2024年8月5日", "2024-08-05"),
    # a month's thirds: 上旬 to the 10th, 中旬 to the 20th, 下旬 to the end; since … up to
    ("截至7月上旬", "as_of:2024-07-10"), ("截至7月中旬", "as_of:2024-07-20"), ("截至7月下旬", "as_of:2024-07-31"),
    ("今年以来，截至7月中旬", "2024-01/2024-07-20"), ("2022年以来,截至2023年3月", "2022-01/2023-03"),
    # traditional script and ROC years
    ("今年上半年", "2024-H1"), ("去年全年", "2023"), ("113年", "2024"), ("民國113年1至6月", "2024-01/2024-06"),
    ("截至2023年12月底", "as_of:2023-12-31"), ("過去三星期", "2024-07-30/2024-08-20"),
]


@pytest.mark.parametrize("written, norm", PERIODS)
def test_period_forms_resolve_against_the_report_date(written, norm):
    from generator.extraction.fold import fold

    assert parse_period(fold(written), REPORTED).norm == norm


@pytest.mark.parametrize("norm", [p for _, p in PERIODS])
def test_a_printed_period_reads_back_as_the_same_interval(norm):
    """What templates print (the label) is read back by the check as the same period."""
    assert parse_period(period_label(norm), date(2030, 1, 1)).norm == norm


@pytest.mark.parametrize("quote, surface, direction", [
    ("同比分别上升60.4%、80.6%和146.5%", "80.6%", "up"), ("环比下降14.3%", "14.3%", "down"),
    ("降幅达92%", "92%", "down"), ("較去年同期減少41宗", "41宗", "down"), ("增长3.5倍", "3.5倍", "up"),
    ("破获案件44.1万余起", "44.1万余起", ""),
])
def test_direction_of_a_change(quote, surface, direction):
    assert change_direction(quote, surface) == direction


@pytest.mark.parametrize("clause, norm, base", [
    ("同比上升", "2021-01/2021-05", "2020-01/2020-05"),          # the same months a year before
    ("比去年同期增长", "2024-H1", "2023-H1"), ("較去年同期減少", "2024-Q3", "2023-Q3"),
    ("与2019年同期相比，增长", "2021-01/2021-05", "2019-01/2019-05"),
    ("与2019年相比，下降", "2021", "2019"),                      # a base the clause names
    ("环比下降", "2024-03", "2024-02"), ("環比上升", "2024-01", "2023-12"),
    ("环比增长", "2024-Q1", "2023-Q4"), ("环比减少", "2024-H2", "2024-H1"),
    ("环比上升", "2021-01/2021-05", "2020-08/2020-12"),          # as many months just before
    ("较上月下降", "2024-07", "2024-06"),
    ("同比上升", "2024-02-29", "2023-02-28"),
    ("上升", "2021", ""),                                         # no base named
])
def test_the_period_a_change_compares_with(clause, norm, base):
    from generator.extraction.comparisons import compared_period
    from generator.extraction.fold import fold
    assert compared_period(fold(clause), norm, date(2024, 12, 1)) == base


def test_a_change_carries_its_base_in_the_extracted_record():
    from generator.extraction.records import extract_records
    from generator.sources.reader import plain_text_doc
    doc = plain_text_doc("2023年上半年，全市共接报诈骗案件1200起，同比分别下降12.5%、8.1%和3.2%。\n"
                         "2024年3月，全市破获案件300起，環比上升15%。", "t.txt")
    changes = {r.surface: r.compared_with for r in extract_records(doc) if r.unit == "%"}
    assert changes == {"12.5%": "2022-H1", "8.1%": "2022-H1", "3.2%": "2022-H1", "15%": "2024-02"}
    levels = [r.compared_with for r in extract_records(doc) if r.unit != "%" and r.kind == "statistic"]
    assert levels == ["", ""]


def statistics(text: str) -> dict[str, tuple[str, str]]:
    from generator.extraction.records import extract_records
    from generator.sources.reader import plain_text_doc
    return {r.surface: (r.period, r.period_norm) for r in extract_records(plain_text_doc(text, "t.txt"))
            if r.kind == "statistic"}


def test_the_value_a_change_is_measured_against_has_the_bases_period():
    found = statistics("2025年4月，全市接报诈骗警情48起，环比2025年3月份60起，下降20%；同比去年同期75起，下降36%。"
                       "涉案损失90万元，环比120万元，下降25%。較2024年4月每日平均受理3件、財損5萬元，分別減少。"
                       "2025年4月，比去年多破获12起；与去年相比，破获案件30起。")
    assert found["48起"] == ("2025年4月", "2025-04")
    assert found["60起"] == ("2025年3月份", "2025-03")
    assert found["75起"] == ("去年同期", "2024-04")
    assert found["120万元"] == ("", "2025-03")           # 环比 with no period named: the month before
    assert found["3件"][1] == found["5萬元"][1] == "2024-04"
    assert found["12起"][1] == found["30起"][1] == "2025-04"  # a change, and this period's figure


def test_periods_that_need_the_whole_sentence():
    found = statistics("2023年以来，截至11月中旬，全省共接警5000起。"
                       "政府2022年起加強防制迄今，詐欺案件減少約三成。")
    assert found["5000起"][1] == "2023-01/2023-11-20"
    assert found["約三成"][0] == "2022年以来"  # to the report date (none here)


def test_a_quoted_name_that_opens_a_sentence_does_not_make_it_a_quotation():
    found = statistics("2024年前三季度，全澳電話詐騙案共180宗；“網上裸聊勒索”案件共開立35宗，較2023年同期減少12宗。")
    assert found["35宗"][1] == found["12宗"][1] == "2024-01/2024-09"


def test_a_named_case_does_not_take_the_paragraphs_period():
    found = statistics("2024年，全省破获案件8000起。“3·15”专案已抓获嫌疑人25名，其中主犯3名。")
    assert found["8000起"][1] == "2024" and found["25名"] == ("", "") and found["3名"] == ("", "")


@pytest.mark.parametrize("text, surface, kind", [
    ("这两类合计占七成", "两类", "other"), ("前述8种手法", "8种", "other"), ("主要有三类受害群体", "三类", "statistic"),
    ("结合《2025防骗手册》开展宣传", "2025", "date"), ("工作报告(2024)显示", "2024", "date"),
    ("记者2024612日获悉", "2024612日", "date"), ("截至202503月底", "202503月", "date"),
    ("共破获案件20312起", "20312起", "statistic"),
    ("全天候服务（24小时）", "24小时", "other"), ("96110专线24小时接听", "24小时", "other"),
    ("资金48小时内到账", "48小时", "other"), ("在不足3小時內抓獲兩人", "不足3小時", "statistic"),
    ("或24小时拨打96110", "24小时", "other"), ("开通24小时反诈热线", "24小时", "other"),
    ("民警24小时待命", "24小时", "other"), ("群众可24小时随时举报", "24小时", "other"),
    ("志愿者累计服务3000小时", "3000小时", "statistic"),
])
def test_kinds_of_numbers_that_are_no_statistics(text, surface, kind):
    tokens = {text[t.start : t.end]: t.kind for t in find_numbers(text)}
    assert tokens[surface] == kind


def test_a_sign_is_a_direction():
    assert direction_before("同比 -", 4) == "down" and direction_before("同比+", 3) == "up"


def test_written_precision():
    assert [written_decimals(s) for s in ("44.1万余起", "44.10万余起", "3200余亿元", "60.40%")] == [1, 2, 0, 2]


def figure(value: str, unit: str, qualifier: str, surface: str = "") -> Figure:
    return Figure(id="f", source="s.txt", quote=surface or "q", surface=surface, label="l", period="", actor="",
                  value=value, unit=unit, qualifier=qualifier, start=0, end=1, period_norm="", metric="l",
                  publisher="", published="")


def read_back(text: str):
    return [(t.value, t.unit, t.qualifier) for t in find_numbers(text) if t.kind == "statistic"]


def test_every_registered_figure_reads_back_in_every_format(shipped_registry):
    """The round trip that cannot lie: for each figure and each form a template can ask for,
    reading the rendered text back gives the figure's value, unit and qualifier."""
    from generator.rendering.templates import figure_text

    for fig in shipped_registry.figures.values():
        for fmt in ("surface", "words"):
            text = figure_text(fig, fmt)
            assert read_back(text) == [(fig.value, fig.unit, fig.qualifier)], (fig.id, fmt, text)


@pytest.mark.parametrize("surface", ["约三分之二", "七成三五", "二成多", "四成以上", "百分之五十以上"])
def test_a_share_written_in_words_stays_as_the_source_writes_it(surface):
    """约三分之二 in words is not 约66.67% (rounded, and finer than the source): it reads back the same."""
    from generator.rendering.templates import figure_text

    (value, unit, qualifier), = [(t.value, t.unit, t.qualifier) for t in find_numbers(surface)]
    text = figure_text(figure(value, unit, qualifier, surface), "words")
    assert text == surface and read_back(f"数据显示，{text}。") == [(value, unit, qualifier)]


def test_written_to_its_last_digit():
    from generator.extraction.meaning import last_digit_power

    assert [last_digit_power(s) for s in ("44.1万余起", "441000余起", "3200余亿元", "60.40%", "约三分之二")] == \
        [3, 0, 8, -2, None]


@given(st.decimals(min_value=1, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["起", "名", "元", "人", "次", "条", "张", "个", "件", "%", "宗"]),
       st.sampled_from(["exact", "more_than", "at_least", "nearly", "about", "less_than", "at_most"]))
def test_words_read_back_exactly_for_any_figure(value, unit, qualifier):
    """Any value (magnitude applied as 万/亿), any unit, any qualifier: written in words, read back the same."""
    from generator.extraction.numbers import format_decimal
    from generator.rendering.templates import figure_text

    plain = format_decimal(Decimal(value).normalize())
    text = figure_text(figure(plain, unit, qualifier), "words")
    assert read_back(f"数据显示，{text}。") == [(plain, unit, qualifier)], text


@pytest.fixture(name="shipped_registry", scope="module")
def fixture_shipped_registry():
    from conftest import CONTENT

    from generator.extraction.records import extract_records
    from generator.figures.registry import project_registry
    from generator.sources.index import read_sources

    docs = read_sources(CONTENT)
    return project_registry(CONTENT, docs, {doc.name: extract_records(doc) for doc in docs})
