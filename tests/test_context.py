"""extraction/context.py: reading a sentence the way an editor does: where sentences end, the
period, what is counted and by whom. Sentences here are written for the tests, not taken from
the seeds."""

from datetime import date

import pytest

from generator.extraction import context as ctx
from generator.extraction.periods import normalise_period

REPORTED = date(2024, 4, 10)


def spans(text):
    return [(text[s.start:s.end], s.quoted) for s in ctx.split_sentences(text)]


def test_sentences_end_at_full_stops_semicolons_and_marks():
    text = "全市破获案件120起；抓获嫌疑人45名。另有3起在办!还有吗？没有"
    assert [t for t, _ in spans(text)] == ["全市破获案件120起；", "抓获嫌疑人45名。", "另有3起在办!", "还有吗？", "没有"]


def test_a_quoted_sentence_stops_at_the_full_stop_inside_the_quote():
    """The speaker named after a quotation (”市局表示) belongs to the next sentence."""
    text = "“今年以来，共劝阻群众3万人次。”市局负责人表示，将继续宣传。"
    assert spans(text) == [("“今年以来，共劝阻群众3万人次。", True), ("”市局负责人表示，将继续宣传。", False)]


@pytest.mark.parametrize("sentence, periods", [
    ("2023年，全省破获案件1.2万起", ["2023年"]),
    ("去年全市接报案件300起", ["去年"]),
    ("截至目前，累计劝阻9000人次", ["截至目前"]),
    ("2022年10月至2023年3月，共处置网址40万个", ["2022年10月至2023年3月"]),
    ("与去年相比下降了", []),  # a comparison base, not the statistic's period
    ("由本周一至昨日，共接报案件12宗", ["本周一至昨日"]),
    ("较上周期下降", []),  # a cycle, not last week
    ("由去年的560起下降至今年的420起", ["去年", "今年"]),  # 至 + 今年, not 至今
    ("6月份以来，全区拦截电话1.5万次", ["6月份以来"]),
    ("3月10日至16日，共破获案件25起", ["3月10日至16日"]),
    ("截至上月底，共冻结资金3亿元", ["截至上月底"]),
    ("近3年内，全市破获案件50起", ["近3年"]),
    ("113年1至6月，受理詐欺案件6萬件", ["113年1至6月"]),  # a 民国 year before a range of months
    ("发案数自2023年10月起连续11个月下降", ["2023年10月以来"]),  # 自…起: since
    ("今年以来至6月底，共破获案件500起", ["今年以来至6月底"]),
    ("今（113）年1至5月，受理詐欺案件5萬件", ["今（113）年1至5月"]),  # the 民国 year in brackets
    ("平台上线两年多来，累计预警8万次", ["两年多来"]),
    ("今年以来，根据近期预警信息，拦截资金50万元", ["今年以来"]),  # 近期 of the basis, not of the figure
    ("2020年至今年5月底，累计冻结资金3亿元", ["2020年至今年5月底"]),
])
def test_period_marks(sentence, periods):
    assert [text for _, text in ctx.period_marks(sentence)] == periods


@pytest.mark.parametrize("period, normalised", [
    ("2023年", "2023"),
    ("2023年1至9月", "2023-01/2023-09"),
    ("2022年10月至2023年3月", "2022-10/2023-03"),
    ("2023年3月", "2023-03"),
    ("去年", "2023"),
    ("今年以来", "2024-01/2024-04-10"),
    ("自2021年5月以来", "2021-05/2024-04-10"),
    ("截至目前", "as_of:2024-04-10"),
    ("一年来", "2023-04/2024-04"),
    ("近日", ""),
    # weeks, counted from Monday (the report date 2024-04-10 is a Wednesday)
    ("本周", "2024-04-08/2024-04-10"),
    ("上周", "2024-04-01/2024-04-07"),
    ("本周一至昨日", "2024-04-08/2024-04-10"),
    ("上周五", "2024-04-05"),
    ("2024年前6周", "2024-01/2024-02"),  # to 11 February
    ("今年前12周", "2024-01/2024-03"),
    ("今年首七个月", "2024-01/2024-07"),  # 首N个月, as Hong Kong writes 前N个月
    ("截至上月底", "as_of:2024-03-31"),
    ("近5年", "2019-04/2024-04-10"),  # as 5年来
    ("今年以来至3月底", "2024-01/2024-03"),
    ("二〇二三年上半年", "2023-H1"),  # a year in numerals, as formal reports write it
    ("二零二二年", "2022"),
    ("2023年第四季度至2024年第一季度", "2023-10/2024-03"),  # a run of quarters
    ("今年第二至第三季度", "2024-04/2024-09"),
    ("3月", "2024-03"),  # a month naming no year: the last such month up to the report
    ("11月", "2023-11"),
    ("10至12月", "2023-10/2023-12"),
    ("今年首季", "2024-Q1"),  # Hong Kong's quarters
    ("去年第四季", "2023-Q4"),
    ("3月10日至16日", "2024-03-10/2024-03-16"),
    ("2月份以来", "2024-02/2024-04-10"),  # no year named: the report's year
    ("3月8日以来", "2024-03-08/2024-04-10"),  # since a day
    ("今年首7月", "2024-01/2024-07"), ("首五月", "2024-01/2024-05"),  # Hong Kong's and Macau's first months
    ("今年首3季", "2024-01/2024-09"), ("去年首两季", "2023-01/2023-06"),  # first quarters, as Hong Kong writes them
    ("7个月以来,截至3月底", "2023-09/2024-03-31"), ("前10月", "2024-01/2024-10"),  # months counted back; 前N月
    ("刚刚过去的这一年", "2023-04/2024-04-10"),  # the past year, as 过去一年 (a review of January: the year before)
    ("截至9日", "as_of:2024-04-09"), ("截至19日", "as_of:2024-03-19"),  # a day of the report's month, or the one before
    ("二月十日至三月十日", "2024-02-10/2024-03-10"),  # days in numerals
    ("2023年初以来", "2023-01/2024-04-10"), ("去年底以来", "2023-12/2024-04-10"),  # since a year's start or end
    ("今(113)年3月", "2024-03"), ("去（112）年", "2023"),  # 民国 years in brackets, as Taiwan dates a release
    ("两年多来", "as_of:2024-04-10"),  # more than two years from a start not stated: a total up to the report
    ("2022年至今年3月底", "2022-01/2024-03"), ("2021年至2023年6月", "2021-01/2023-06"),
    ("1月8日、2月3日、2月20日", "2024-01-08/2024-02-20"), ("12月28日、1月5日", "2023-12-28/2024-01-05"),
])
def test_periods_are_normalised_against_the_report_date(period, normalised):
    assert normalise_period(period, REPORTED, None) == normalised


def test_the_past_year_of_a_year_end_review_is_the_year_before():
    """一年来 and 过去一年 in a report of January to March review the calendar year before it (a
    province's 2017 figures given on 2018-03-05); later in the year, the twelve months up to it."""
    from datetime import date

    assert normalise_period("一年来", date(2018, 3, 5), None) == "2017"
    assert normalise_period("过去一年", date(2024, 2, 3), None) == "2023"
    assert normalise_period("一年来", date(2022, 4, 14), None) == "2021-04/2022-04"
    assert normalise_period("过去一年", date(2024, 8, 20), None) == "2023-08/2024-08-20"


def test_days_in_chinese_numerals():
    from datetime import date

    assert normalise_period("十一月十三日", date(2024, 11, 20), None) == "2024-11-13"
    assert normalise_period("十月廿三日", date(2024, 11, 20), None) == "2024-10-23"


def test_a_dateline_is_no_period_and_a_campaign_start_is_a_since():
    """中国甘肃网6月22日讯: the day the report was filed, not its figures' period; 2021年…专项行动
    开展以来 is since 2021, written without 自."""
    assert ctx.period_marks("中国甘肃网6月22日讯 破获电诈案件同比上升5.3倍") == []
    assert ctx.period_marks("6月22日电信诈骗案件12起") == [(5, "6月22日")]
    assert ctx.period_marks("2021年重庆市全民反诈专项行动开展以来，全市检察机关共受理") == [(20, "2021年以来")]


def test_a_year_compared_with_is_no_period():
    """也较2019年上升7.1%, 较疫情前的2019年减少20.5%: the base of a comparison, not the period
    of what follows (全年 after it is still the report's year)."""
    assert ctx.period_marks("较疫情前的2019年则减少20.5%") == []


def test_full_year_takes_the_last_year_written():
    """全年 is the last year written before it; with none, the last whole year before the report."""
    assert normalise_period("全年", REPORTED, 2022) == "2022"
    assert normalise_period("全年", REPORTED, None) == "2023"
    assert normalise_period("全年", None, None) == ""


def test_vague_times_are_not_inherited():
    assert not ctx.inheritable("近日") and not ctx.inheritable("") and ctx.inheritable("2023年")


def test_metric_is_the_clause_before_the_number_and_the_noun_after_it():
    sentence = "全市公安机关共破获电信网络诈骗案件1234起，抓获567名犯罪嫌疑人。"
    first = ctx.metric_for(sentence, sentence.index("1234"), sentence.index("1234") + 5, [])
    assert first == "破获电信网络诈骗案件"
    second = ctx.metric_for(sentence, sentence.index("567"), sentence.index("567") + 4, [first])
    assert second == "抓获犯罪嫌疑人"


def test_a_list_after_a_statistic_shares_its_verb():
    """拦截诈骗电话2.1万次、诈骗短信3.4万条: the second item is 拦截诈骗短信."""
    sentence = "拦截诈骗电话2.1万次、诈骗短信3.4万条。"
    first = ctx.metric_for(sentence, sentence.index("2.1"), sentence.index("2.1") + 5, [])
    end_first = sentence.index("2.1") + 5
    second = ctx.metric_for(sentence, sentence.index("3.4"), sentence.index("3.4") + 5, [first], end_first)
    assert (first, second) == ("拦截诈骗电话", "拦截诈骗短信")


def test_a_change_takes_the_metric_before_it():
    sentence = "破获案件300起，同比上升12.5%。"
    metric = ctx.metric_for(sentence, sentence.index("12.5"), sentence.index("12.5") + 5, ["破获案件"])
    assert metric == "破获案件同比上升"


def test_the_actor_is_the_agent_named_before_the_statistic():
    sentence = "2023年，全省公安机关共破获案件1.2万起。"
    assert ctx.subject_before(ctx.actor_marks(sentence), sentence.index("1.2")) == "全省公安机关"


def test_a_partner_joins_the_first_agent():
    sentence = "省公安厅会同省通信管理局，拦截电话100万次"
    assert ctx.subject_before(ctx.actor_marks(sentence), len(sentence)) == "省公安厅会同省通信管理局"
