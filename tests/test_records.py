"""extraction/records.py: the numbers of a whole source as records, statistics read in context:
a period or an actor carries over to later sentences of the paragraph, quotations keep their
own, and every record points at its surface in the original file."""

from dataclasses import replace

import pytest

from generator.extraction.records import extract_records
from generator.sources.reader import plain_text_doc

TEXT = ("2023年，全省公安机关共破获电信网络诈骗案件1.2万起，抓获犯罪嫌疑人3400余名。"
        "同时，拦截诈骗电话56万次、诈骗短信78万条。\n"
        "市反诈中心主任介绍：“截至目前，累计劝阻群众9000人次。”\n"
        "拨打96110咨询。")


def records():
    doc = replace(plain_text_doc(TEXT, "release.txt"), metadata={"published": "2024-04-10"})
    return {r.surface: r for r in extract_records(doc)}


def test_statistics_with_metric_period_and_actor():
    read = records()
    cases = read["1.2万起"]
    assert (cases.value, cases.unit, cases.qualifier, cases.kind) == ("12000", "起", "exact", "statistic")
    assert (cases.metric, cases.period, cases.period_norm, cases.actor) == \
        ("破获电信网络诈骗案件", "2023年", "2023", "全省公安机关")
    assert (read["3400余名"].value, read["3400余名"].qualifier) == ("3400", "more_than")


def test_period_and_actor_carry_to_the_next_sentence_of_the_paragraph():
    sms = records()["78万条"]
    assert (sms.metric, sms.period, sms.period_norm, sms.actor) == ("拦截诈骗短信", "2023年", "2023", "全省公安机关")


def test_a_quotation_keeps_its_own_period():
    dissuaded = records()["9000人次"]
    assert (dissuaded.period, dissuaded.period_norm, dissuaded.actor) == ("截至目前", "as_of:2024-04-10", "市反诈中心")


def test_dates_and_hotlines_are_told_apart():
    read = records()
    assert read["2023年"].kind == "date" and read["96110"].kind == "phone"
    assert read["2023年"].metric == "" and read["96110"].period == ""


def test_offsets_point_at_the_surface_in_the_original():
    doc = plain_text_doc(TEXT, "release.txt")
    for record in extract_records(doc):
        assert doc.original[record.start:record.end] == record.surface
        assert record.sentence and record.surface in record.sentence


@pytest.mark.parametrize("text, surface, period, norm", [
    ("今年1至7月，全市共立电信网络诈骗案件300起，去年同期为250起。", "250起", "去年同期", "2023-01/2023-07"),
    ("今年1至7月，全市共立电信网络诈骗案件300起，去年同期为250起。", "300起", "今年1至7月", "2024-01/2024-07"),
    ("2024年第一季度，全县共立案120起，上年同期立案150起。", "150起", "上年同期", "2023-Q1"),
    ("2024年上半年，全區共接獲報案800宗，2022年同期則有950宗。", "950宗", "2022年同期", "2022-H1"),
    ("今年1至7月，全市共立案300起，比去年同期的250起减少。", "250起", "去年同期", "2023-01/2023-07"),
    ("2023年3月，全市发案120起，较2月的100起上升20%。", "100起", "2月", "2023-02"),  # the figure's year
])
def test_the_same_time_of_another_year_is_that_years_interval(text, surface, period, norm):
    """去年同期为250起: a level of the interval being spoken of, a year (or the years named) earlier;
    the next sentence goes on in this year's period."""
    doc = replace(plain_text_doc(text + "此外，劝阻群众1200人次。", "release.txt"), metadata={"published": "2024-08-10"})
    read = {r.surface: r for r in extract_records(doc)}
    assert (read[surface].period, read[surface].period_norm) == (period, norm)
    assert "同期" not in read["1200人次"].period


@pytest.mark.parametrize("text, surface, norm", [
    ("2021年，全国共破获案件44万起。其中第一季度破获10万起。", "10万起", "2021-Q1"),
    ("2021年全国破获案件44万起，1至5月破获11万起。", "11万起", "2021-01/2021-05"),
    ("2021年全國破獲案件44萬宗，上半年破獲20萬宗。", "20萬宗", "2021-H1"),
    ("全市立案120起。1至5月，全市立案50起。", "50起", "2024-01/2024-05"),  # no year written: the report's
    # a year written earlier in the same sentence; two months joined by 和 are one span
    ("以2022年为例，3月和4月是高发期，共接报案件560起。", "560起", "2022-03/2022-04"),
])
def test_a_part_of_a_year_that_names_none_is_of_the_year_in_effect(text, surface, norm):
    """第一季度, 1至5月, 上半年 after 2021年 (in a release of 2024) are of 2021."""
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-08-10"})
    assert {r.surface: r.period_norm for r in extract_records(doc)}[surface] == norm


@pytest.mark.parametrize("text, surface, norm", [
    ("今年1至5月，全县诈骗立案数同比下降12%，已连续9个月同比下降。", "9个月", "as_of:2024-05-31"),
    ("2023年，全市群众满意度达96%，连续5年保持在95%以上。", "5年", "as_of:2023-12-31"),
    ("今年全市发案数连续两年下降。", "两年", "as_of:2024-08-10"),  # the year runs past the report date
    ("2023年3月至8月，诈骗发案数连续6个月环比下降。", "6个月", "2023-03/2023-08"),  # the period is the streak
    ("2022年5月以来，发案数连续15个月下降。", "15个月", "2022-05/2024-08-10"),  # already up to the report
    ("发案数自2023年6月起连续14个月下降。", "14个月", "2023-06/2024-08-10"),  # 自…起 is since
])
def test_a_streak_is_counted_up_to_the_end_of_its_period(text, surface, norm):
    """连续9个月 under 今年1至5月 is a streak that ends with May, not a count of January to May."""
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-08-10"})
    assert {r.surface: r.period_norm for r in extract_records(doc)}[surface] == norm


@pytest.mark.parametrize("text", [
    "今年1至6月，全港接獲詐騙案1.9萬宗，較2023年同期下跌了5.1%。",
    "今年1至6月，全市接报诈骗案1.9万起，比去年同期上涨5.1%。",
])
def test_a_change_after_its_base_is_of_its_own_period(text):
    """较2023年同期下跌了5.1%: 5.1% is this period's change (跌, 涨 close the base as 降, 升 do)."""
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-08-10"})
    assert {r.surface: r.period_norm for r in extract_records(doc)}["5.1%"] == "2024-01/2024-06"


def test_a_share_before_de_inherits_the_period():
    """占六成的总损失 is a share of the period's whole; 金额300万元的团伙 describes one gang."""
    text = "去年，全市电诈案件中冒充客服最多。其中刷单类占了六成的总损失，打掉金额300万元的团伙。"
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-08-10"})
    read = {r.surface: r.period_norm for r in extract_records(doc)}
    assert (read["六成"], read["300万元"]) == ("2023", "")


def test_a_title_dates_the_release_but_a_headline_only_its_own_figure():
    """A title naming a period (某县2024年5月反诈通报) dates every figure that names none, also in its
    numbered sections; a headline that reports a figure (去年全县破获诈骗案120起) dates that figure only,
    so a numbered section without a period of its own has none."""
    body = "\n一是打击有力。全县抓获嫌疑人30名。\n二是宣传到位。发放资料5000份。"
    dated = {r.surface: r.period_norm for r in extract_records(plain_text_doc("某县2024年5月反诈通报" + body, "a.txt"))}
    assert (dated["30名"], dated["5000份"]) == ("2024-05", "2024-05")
    doc = replace(plain_text_doc("去年全县破获诈骗案120起" + body, "b.txt"), metadata={"published": "2024-08-10"})
    read = {r.surface: r.period_norm for r in extract_records(doc)}
    assert (read["120起"], read["30名"], read["5000份"]) == ("2023", "", "")


@pytest.mark.parametrize("text, surface, norm", [
    ("网购诈骗损失由2022年的3000万元上升25%至2023年的3750万元。", "25%", "2023"),
    ("网购诈骗损失由2022年的3000万元上升25%至2023年的3750万元。", "3000万元", "2022"),
    ("刷单案件由2022年约400宗，大增超过2倍，至2023年约1300宗。", "超过2倍", "2023"),
    ("刷单损失由2022年的2000萬元急增近兩倍至2023的5800萬元。", "5800萬元", "2023"),  # a year without 年
    ("2023年的900宗裸聊案，2022年录得600宗，上升50%。", "50%", "2023"),  # from the earlier year to the later
    ("2023年接报冒充客服诈骗450起，是2022年的1.5倍。", "1.5倍", "2023"),  # 是2022年的: a ratio's base
])
def test_a_change_between_two_years_is_of_the_later(text, surface, norm):
    """A change goes from one year to another: its figure is of the year it goes to."""
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-03-10"})
    assert {r.surface: r.period_norm for r in extract_records(doc)}[surface] == norm


@pytest.mark.parametrize("text, norms", [
    ("2021年至2023年，全省分别破获案件1.1万起、1.3万起和9800起。", ["2021", "2022", "2023"]),
    # not as many figures as years: the range stays whole
    ("2021年至2023年，全省分别破获案件1.1万起和9800起。", ["2021-01/2023-12", "2021-01/2023-12"]),
])
def test_a_list_after_fenbie_over_a_range_of_years_gives_one_year_each(text, norms):
    """2021年至2023年…分别…: the k-th figure is of the k-th year; the period quotes the range."""
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-03-10"})
    read = [r for r in extract_records(doc) if r.kind == "statistic"]
    assert [r.period_norm for r in read] == norms and {r.period for r in read} == {"2021年至2023年"}


def test_a_sentences_own_period_wins_over_the_paragraphs():
    """建成两年多来 and 2022年至今年3月底 are the sentence's own periods, not the paragraph's 今年上半年."""
    text = ("今年上半年，全市破获案件300起。预警平台建成两年多来，累计拦截电话5万余个。"
            "2022年至今年3月底，全市共冻结资金1.2亿元。")
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-08-10"})
    read = {r.surface: r for r in extract_records(doc)}
    assert (read["两年多"].kind, read["两年多"].qualifier) == ("date", "more_than")
    assert (read["5万余个"].period_norm, read["1.2亿元"].period_norm) == ("as_of:2024-08-10", "2022-01/2024-03")


def test_a_day_that_opens_a_paragraph_dates_its_story():
    """6月3日，某银行网点发现… …避免损失5万元: the story's figures are of that day; a day inside a
    paragraph or a meeting's day does not carry, nor does the story's day into the next paragraph."""
    text = ("今年以来，全县拦截资金80万元。\n"
            "6月3日、6月9日，某银行网点发现两名客户异常转账。经民警劝阻，两名客户避免损失5万元。\n"
            "全县召开推进会，6月20日通报情况。会上通报劝阻群众300人次。\n"
            "6月25日，县反诈中心召开新闻发布会。会上通报，全县冻结资金120万元。\n"
            "7月2日，某支行柜员发现客户疑似被骗。民警赶到后，该客户避免损失8000元。")
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-08-10"})
    read = {r.surface: r.period_norm for r in extract_records(doc)}
    assert read["5万元"] == "2024-06-03/2024-06-09" and read["8000元"] == "2024-07-02"
    assert read["300人次"] == read["120万元"] == "2024-01/2024-08-10"  # a meeting's day dates the meeting only


def test_a_case_singled_out_does_not_take_the_paragraphs_period():
    """其中损失最大的1起案件…被骗8个月: the singled-out case's figures are the case's, not 2023's."""
    text = "2023年，全市破获诈骗案件500起。其中损失最大的1起案件，受害人被骗8个月，损失90万元。"
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-03-10"})
    read = {r.surface: r for r in extract_records(doc)}
    assert read["500起"].period_norm == "2023" and read["1起"].kind == "other"
    assert (read["8个月"].period_norm, read["90万元"].period_norm) == ("", "")


def test_that_day_is_the_day_the_story_was_dated_with():
    """当日 (that day) after a story's dated paragraph is that day, also under a sub-heading."""
    text = ("3月12日，某银行网点成功拦截一起诈骗。民警劝阻后，客户避免损失3万元。\n"
            "柜员识破骗局\n"
            "当日，客户李某要求转出3万元，其账户当日有一笔5000元入账。")
    doc = replace(plain_text_doc(text, "release.txt"), metadata={"published": "2024-08-10"})
    read = [(r.surface, r.period, r.period_norm) for r in extract_records(doc) if r.kind == "statistic"]
    assert read == [("3万元", "3月12日", "2024-03-12"), ("3万元", "当日", "2024-03-12"), ("5000元", "当日", "2024-03-12")]
