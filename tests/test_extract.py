"""extract.py: what each number is, on sentences beyond the seeds."""

import pytest

from generator.extraction.tokens import find_numbers


def read(text):
    return [(text[t.start : t.end], t.value, t.unit, t.qualifier, t.kind) for t in find_numbers(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # magnitudes and qualifiers in every position
        ("止付3200余亿元", [("3200余亿元", "320000000000", "元", "more_than", "statistic")]),
        ("封堵短信15亿余条", [("15亿余条", "1500000000", "条", "more_than", "statistic")]),
        ("处置9700多万张", [("9700多万张", "97000000", "张", "more_than", "statistic")]),
        ("共起诉近4万人", [("近4万人", "40000", "人", "nearly", "statistic")]),
        ("用户超过6500万，", [("超过6500万", "65000000", "", "more_than", "statistic")]),
        ("涉案逾2亿元", [("逾2亿元", "200000000", "元", "more_than", "statistic")]),
        ("损失约1.2万亿元左右", [("约1.2万亿元左右", "1200000000000", "元", "about", "statistic")]),
        ("抓获嫌疑人100名以上。", [("100名以上", "100", "名", "more_than", "statistic")]),
        ("损失将近约3000万元", [("将近约3000万元", "30000000", "元", "nearly", "statistic")]),
        # a share's qualifier may stand before the whole it is a share of
        ("占比将近全市发案的四成", [("四成", "40", "%", "nearly", "statistic")]),
        ("不足3成", [("不足3成", "30", "%", "less_than", "statistic")]),
        # Chinese numerals, traditional forms, tenths, 百分之
        ("破獲案件二千七百二十起", [("二千七百二十起", "2720", "起", "exact", "statistic")]),
        ("攔截詐騙電話十五億五千萬次", [("十五億五千萬次", "1550000000", "次", "exact", "statistic")]),
        ("涉案金額逾三億兩千萬元", [("逾三億兩千萬元", "320000000", "元", "more_than", "statistic")]),
        ("追回贓款44.1萬餘元", [("44.1萬餘元", "441000", "元", "more_than", "statistic")]),
        ("占比六成", [("六成", "60", "%", "exact", "statistic")]),
        ("老年人占约一成，手法一成不变", [("约一成", "10", "%", "about", "statistic")]),
        ("下降4成2", [("4成2", "42", "%", "exact", "statistic")]),
        # halves: a share of 50% with the qualifier written into the word or around it; 成为 after a
        # share's context word is "tenths are" (当中七成为), elsewhere "become"
        ("受害人中近一半为老年人", [("近一半", "50", "%", "nearly", "statistic")]),
        ("網購騙案逾半涉及社交平台", [("逾半", "50", "%", "more_than", "statistic")]),
        ("案件過半發生在夜間，涉案人員半數以上為青年", [("過半", "50", "%", "more_than", "statistic"),
                                                        ("半數以上", "50", "%", "more_than", "statistic")]),
        ("超过半数受害人未报警，损失占总额的一半", [("超过半数", "50", "%", "more_than", "statistic"),
                                                 ("一半", "50", "%", "exact", "statistic")]),
        ("近半年来，经过半数核查，一半是海水，寻找另一半", []),
        ("其中八成为刷单诈骗，他统一成为会员", [("八成", "80", "%", "exact", "statistic")]),
        ("上升百分之十二点五", [("百分之十二点五", "12.5", "%", "exact", "statistic")]),
        ("破案2万3056件", [("2万3056件", "23056", "件", "exact", "statistic")]),
        ("下发两次通知", [("两次", "2", "次", "exact", "statistic")]),
        ("经过二〇二一年", [("二〇二一年", "2021", "年", "exact", "date")]),
        # dates
        ("今（113）年9月受理1200件，昨(12)日公布", [("113", "2024", "年", "exact", "date"), ("9月", "9", "月", "exact", "date"),
                                            ("1200件", "1200", "件", "exact", "statistic"),
                                            ("12", "12", "日", "exact", "date")]),
        ("查号请拨(114)", [("114", "114", "", "exact", "phone")]),
        # the window in which something happened is a period; a time limit of a rule is none
        ("受害人5天内被骗走80万元，须在10个工作日内办结", [("5天", "5", "天", "exact", "date"),
                                                 ("80万元", "800000", "元", "exact", "statistic"),
                                                 ("10个工作日", "10", "个工作日", "exact", "other")]),
        # a hotline's number heads the name of a site or a dashboard; dialled, it is a phone
        ("據165全民防騙網及165打詐儀表板資料，請撥999或撥打165反詐騙專線", [
            ("165全民防騙網", "165", "", "exact", "name"), ("165打詐儀表板", "165", "", "exact", "name"),
            ("999", "999", "", "exact", "phone"), ("165", "165", "", "exact", "phone")]),
        ("2021年6月至12月", [("2021年", "2021", "年", "exact", "date"), ("6月", "6", "月", "exact", "date"),
                           ("12月", "12", "月", "exact", "date")]),
        ("2021年1至5月", [("2021年", "2021", "年", "exact", "date"), ("1", "1", "月", "exact", "date"),
                         ("5月", "5", "月", "exact", "date")]),
        ("一年来，", [("一年", "1", "年", "exact", "date")]),
        # 一 with a unit of time is time, not an article: a period after 过去/近, else a length
        ("2022年5月至2023年5月的一年间", [("2022年", "2022", "年", "exact", "date"), ("5月", "5", "月", "exact", "date"),
                                      ("2023年", "2023", "年", "exact", "date"), ("5月", "5", "月", "exact", "date"),
                                      ("一年", "1", "年", "exact", "date")]),
        ("回顾过去一年，近一周又接警", [("一年", "1", "年", "exact", "date"), ("一周", "1", "周", "exact", "date")]),
        ("条例施行一周年，规定一年内不得再办卡", [("一周年", "1", "周年", "exact", "other"),
                                              ("一年", "1", "年", "exact", "other")]),
        ("案发前一天，他接到电话", [("一天", "1", "天", "exact", "other")]),
        # a prison sentence is a judgment, not a count of anything (issue 13: 超過十年 as a sentence)
        ("判处有期徒刑3年", [("3年", "3", "年", "exact", "other")]),
        ("连续7个月下降", [("7个月", "7", "个月", "exact", "statistic")]),
        # a weekly report's days written month.day-month.day; a decimal range with a unit stays amounts
        ("本期通报(3.4-3.10)", [("3.4-3.10", "3.4-3.10", "", "exact", "date")]),
        ("系数为1.5-2.5", [("1.5", "1.5", "", "exact", "other"), ("2.5", "2.5", "", "exact", "other")]),
        # an hour of the day (18时许, 凌晨2时) is a time, not a count; 时间 is a word, 24小时 a length
        ("当晚19时许报警，高发于每日20时至23时", [("19时", "19", "时", "exact", "date"), ("20时", "20", "时", "exact", "date"),
                                          ("23时", "23", "时", "exact", "date")]),
        ("发布于2022-04-14", [("2022-04-14", "2022-04-14", "", "exact", "date")]),
        # phones and short codes
        ("请拨打96110咨询", [("96110", "96110", "", "exact", "phone")]),
        ("遇到诈骗拨打110报警", [("110", "110", "", "exact", "phone")]),
        ("0771-12340是调查电话", [("0771-12340", "0771-12340", "", "exact", "phone")]),
        ("12381劝阻短信", [("12381", "12381", "", "exact", "phone")]),
        ("请拨打 24680 举报", [("24680", "24680", "", "exact", "phone")]),
        # names and ordinals
        ("“云剑2021”专项行动", [("云剑2021", "2021", "", "exact", "name")]),
        ("‘断卡行动2.0’", [("断卡行动2.0", "2.0", "", "exact", "name")]),
        ("“5·10”等专项行动", [("5·10", "5·10", "", "exact", "name")]),
        # digits that are all a quotation holds, with a noun after it, name a day or a scheme
        ("开展“11.9”消防宣传日和“315”机制联动", [("11.9", "11.9", "", "exact", "name"),
                                             ("315", "315", "", "exact", "name")]),
        ("开通12路公交反诈专线", [("12路", "12", "路", "exact", "name")]),
        ("拨打“96110”专线", [("96110", "96110", "", "exact", "phone")]),
        ("5G网络和G20峰会", [("5G", "5", "", "exact", "name"), ("G20", "20", "", "exact", "name")]),
        # found by the property test: a bare 十/百 before an inner 余 or 多 is an amount
        ("破获案件十余起", [("十余起", "10", "起", "more_than", "statistic")]),
        ("抓获百多名嫌疑人", [("百多名", "100", "名", "more_than", "statistic")]),
        # codes: digits joined to Latin letters by - or _ are one name
        ("文件004_587dd7b4.txt的SHA-256值", [("004_587dd7b4", "004", "", "exact", "name"),
                                          ("SHA-256", "256", "", "exact", "name")]),
        # a measure word inside a quoted term that goes on is part of a name; N位一体 is a way of working
        ("推行“一次办好”和“三个一”", [("一次办好", "1", "", "exact", "name"), ("三个一", "三个一", "", "exact", "name")]),
        ("形成“防打管宣”四位一体格局", [("四位一体", "四位一体", "", "exact", "name")]),
        # the session of an assembly is an ordinal, a rank in a title part of the title
        ("市十五届人大常委会听取报告，一级高级检察官出席", [("十五届", "15", "届", "exact", "ordinal"),
                                                     ("一级", "1", "", "exact", "name")]),
        # a rank, or the shape of a mechanism, is part of a title or a name
        ("市局二级警长王某介绍", [("二级", "2", "", "exact", "name")]),
        ("建立警银企三方联动机制和四级响应体系", [("三方", "3", "", "exact", "name"), ("四级", "4", "", "exact", "name")]),
        ("一方面完善预警机制", []),
        # 二次 is "second, secondary" (twice is 两次)
        ("对高风险卡开展二次核验，两次回访", [("二次", "2", "次", "exact", "ordinal"), ("两次", "2", "次", "exact", "statistic")]),
        ("牢记“三不一多”原则", [("三不一多", "三不一多", "", "exact", "name")]),
        ("打掉涉“两卡”团伙", [("两卡", "2", "", "exact", "name")]),
        ("最高人民检察院第四检察厅", [("第四检察厅", "4", "", "exact", "name")]),
        ("一是侦查打击成效明显。", [("一是", "1", "", "exact", "ordinal")]),
        # the top places of a ranking are ordinals; a count after a word that ends in 前 stays a count
        ("案发数居第2位（前两位为刷单、网购），前5名合计占六成", [
            ("第2位", "2", "", "exact", "ordinal"), ("前两位", "2", "位", "exact", "ordinal"),
            ("前5名", "5", "名", "exact", "ordinal"), ("六成", "60", "%", "exact", "statistic")]),
        ("损失排名前三的类型，此前5名嫌疑人落网", [("前三", "3", "", "exact", "ordinal"),
                                                ("5名", "5", "名", "exact", "statistic")]),
        ("第3次集中收网", [("第3次", "3", "", "exact", "ordinal")]),
        ("去年第四季，反诈宣传第二季", [("第四季", "4", "季度", "exact", "date"), ("第二季", "2", "", "exact", "ordinal")]),
        ("第二至第三季度", [("第二", "2", "季度", "exact", "date"), ("第三季度", "3", "季度", "exact", "date")]),
        ("《防骗指南》第2版", [("第2版", "2", "", "exact", "ordinal")]),
        # the numbers of list items and sections at a line's start are ordinals, not counts
        ("四、强化源头治理", [("四", "4", "", "exact", "ordinal")]),
        ("（二）深化宣传\n(3)走访商户\n4）回访群众", [("二", "2", "", "exact", "ordinal"), ("3", "3", "", "exact", "ordinal"),
                                                ("4", "4", "", "exact", "ordinal")]),
        ("5、6月份发案较多", [("5", "5", "月", "exact", "date"), ("6月", "6", "月", "exact", "date")]),
        ("## 2.资金流向\n3、宣传成效", [("2", "2", "", "exact", "ordinal"), ("3", "3", "", "exact", "ordinal")]),
        ("共接警5起，2.3万元", [("5起", "5", "起", "exact", "statistic"), ("2.3万元", "23000", "元", "exact", "statistic")]),
        ("新疆生产建设兵团第五师", [("第五师", "5", "", "exact", "name")]),
        ("建党100周年", [("100周年", "100", "周年", "exact", "other")]),
        ("被骗百万元以上案件881起", [("百万元以上", "1000000", "元", "more_than", "other"),
                                  ("881起", "881", "起", "exact", "statistic")]),
        # a count of the kinds just named is no statistic; with 等 it counts more than those named
        ("查处冒充客服、刷单返利及虚假贷款三类案件", [("三类", "3", "类", "exact", "other")]),
        ("梳理出刷单、投资等12种手法", [("12种", "12", "种", "exact", "statistic")]),
        ("开展宣传、培训、演练等活动十项", [("十项", "10", "项", "exact", "statistic")]),
        # the base of a change may go without its measure word; 省份 serves as one
        ("本月发案31起，环比上月的45下降31.1%", [("31起", "31", "起", "exact", "statistic"),
                                          ("45", "45", "", "exact", "statistic"),
                                          ("31.1%", "31.1", "%", "exact", "statistic")]),
        ("工作组赴12省份督导", [("12省份", "12", "省份", "exact", "statistic")]),
        # 一 at the end of a list of counts with the same measure word is a count of one
        ("查获手机卡三张、银行卡五张及一张U盾", [("三张", "3", "张", "exact", "statistic"),
                                           ("五张", "5", "张", "exact", "statistic"),
                                           ("一张", "1", "张", "exact", "statistic")]),
        # 一次 after a verb of holding is how often a rule holds it, not an article (nor a figure)
        ("每月举办一次防骗讲座，一次性清理到位", [("一次", "1", "次", "exact", "other")]),
        # 周岁 is an age like 岁; the base of a rate (每10万人) and the ends of a spread (…不等) count nothing
        ("70周岁以上老人", [("70周岁以上", "70", "周岁", "more_than", "other")]),
        ("每万人发案3.2起", [("万人", "10000", "人", "exact", "other"), ("3.2起", "3.2", "起", "exact", "statistic")]),
        ("单笔损失从2000元至30万元不等", [("2000元", "2000", "元", "exact", "other"),
                                       ("30万元", "300000", "元", "exact", "other")]),
        # a time limit is no count
        ("应在7个工作日内办结，3个月内完成整改", [("7个工作日", "7", "个工作日", "exact", "other"),
                                              ("3个月", "3", "个月", "exact", "other")]),
        # a figure of what is planned is no statistic of what was done
        ("下一步将新建宣传站点50个，已建成120个", [("50个", "50", "个", "exact", "other"),
                                                ("120个", "120", "个", "exact", "statistic")]),
        ("打掉虚拟货币洗钱团伙8个", [("8个", "8", "个", "exact", "statistic")]),
        # lexical numerals are not numbers
        ("进一步加强，一些群众十分满意，千万不要轻信，万一受骗，百姓一定要注意。", []),
        ("劝返一名境外人员，打掉一个团伙，侦破一起专案，打一场人民战争。", []),
        ("四川、五湖四海、一带一路等地", []),
        # counts given for another purpose than a figure: one case singled out, an event's guests, a handout
        ("损失最大的1起案件，发布会邀请3名受害人讲述，政府将普发现金6000元", [
            ("1起", "1", "起", "exact", "other"), ("3名", "3", "名", "exact", "other"),
            ("6000元", "6000", "元", "exact", "other")]),
        ("损失最大的15起案件共抓获1名", [("15起", "15", "起", "exact", "statistic"), ("1名", "1", "名", "exact", "statistic")]),
        # counts that refer back to what the paragraph already counted or listed
        ("核查发现5名客户受骗，该五名客户均为老人，民警对5名客户逐一劝阻", [
            ("5名", "5", "名", "exact", "statistic"), ("五名", "5", "名", "exact", "other"),
            ("5名", "5", "名", "exact", "other")]),
        ("向市教育局、市卫健委、市商务局发出建议书，三家单位均已回复", [("三家", "3", "家", "exact", "other")]),
        ("2022年抓获80名嫌疑人，2023年抓获80名嫌疑人", [
            ("2022年", "2022", "年", "exact", "date"), ("80名", "80", "名", "exact", "statistic"),
            ("2023年", "2023", "年", "exact", "date"), ("80名", "80", "名", "exact", "statistic")]),
        # a financial-form digit alone is a letter of a word; with other numerals it writes an amount
        ("陆续在平陆分理处、大陆沿海登陆，着陆后收到伍元", []),
        ("退还人民币叁仟伍佰元", [("叁仟伍佰元", "3500", "元", "exact", "statistic")]),
        # a list item's number before a year, not the decimal 1.2024; a heading's 一、 before a year
        ("1.2024年5月3日，学生", [("1", "1", "", "exact", "ordinal"), ("2024年", "2024", "年", "exact", "date"),
                               ("5月", "5", "月", "exact", "date"), ("3日", "3", "日", "exact", "date")]),
        ("一、2020年8月发案情况", [("一", "1", "", "exact", "ordinal"), ("2020年", "2020", "年", "exact", "date"),
                             ("8月", "8", "月", "exact", "date")]),
        # an amount written out without its measure word, and a magnitude alone after a qualifier
        ("同月损失新北市廿三億四千多萬居冠", [("廿三億四千多萬", "2340000000", "", "more_than", "statistic")]),
        ("损失均逾億；千千万万的群众，万一被骗", [("逾億", "100000000", "", "more_than", "statistic")]),
        # places in a ranking, photo captions, numbered cases and generations are no counts
        ("永康區和安南區分居二、三名", [("二", "2", "名", "exact", "ordinal"), ("三名", "3", "名", "exact", "ordinal")]),
        ("下列3名人员", [("3名", "3", "名", "exact", "statistic")]),
        ("市長黃偉哲（左二）出席", [("二", "2", "", "exact", "ordinal")]),
        ("案例一：某公司", [("一", "1", "", "exact", "ordinal")]),
        ("“80后”占22.95%，“00后”次之，后来", [("80后", "80", "", "exact", "name"), ("22.95%", "22.95", "%", "exact", "statistic"),
                                      ("00后", "00", "", "exact", "name")]),
        # months and quarters in Chinese numerals; a year opening a clause without its 年
        ("今年一至十月查获", [("一", "1", "月", "exact", "date"), ("十月", "10", "月", "exact", "date")]),
        ("一季度，全省", [("一季度", "1", "季度", "exact", "date")]),
        ("领域，2023全区共立电诈案件6909起", [("2023", "2023", "", "exact", "date"), ("6909起", "6909", "起", "exact", "statistic")]),
        # a qualifier at the head of a 分别 list qualifies every item
        ("分别约占25%、30%、35%。", [("约占25%", "25", "%", "about", "statistic"), ("30%", "30", "%", "about", "statistic"),
                                 ("35%", "35", "%", "about", "statistic")]),
        ("分别为25%、30%。", [("25%", "25", "%", "exact", "statistic"), ("30%", "30", "%", "exact", "statistic")]),
        # 上千元 (at least), 三至四倍 (a range of numerals), ① (a list item), hours of the day
        ("上万人参加", [("上万人", "10000", "人", "at_least", "statistic")]),
        ("较去年同期增加三至四倍", [("三", "3", "倍", "exact", "statistic"), ("四倍", "4", "倍", "exact", "statistic")]),
        ("①刷单返利类诈骗：16起", [("①", "1", "", "exact", "ordinal"), ("16起", "16", "起", "exact", "statistic")]),
        ("说每天12点到24点完成", [("12点", "12", "点", "exact", "date"), ("24点", "24", "点", "exact", "date")]),
        ("进行处理。2.凡是通过网站", [("2", "2", "", "exact", "ordinal")]),
        # an amount for each item, 单位 (no measure word), 破…案 (a verb), a Taiwan year after a county
        ("每件发放4000至1万元礼券", [("4000", "4000", "元", "exact", "other"), ("1万元", "10000", "元", "exact", "other")]),
        ("查扣金额最高8389万单位为竹南警分局", [("8389万", "83890000", "", "exact", "statistic")]),
        ("去年打诈破2903案", [("2903案", "2903", "案", "exact", "statistic")]),
        ("屏东县114年打诈成果亮眼", [("114年", "2025", "年", "exact", "date")]),
        ("已有114年历史", [("114年", "114", "年", "exact", "statistic")]),
        ("警方分析南市前五大诈骗手法", [("前五大", "5", "", "exact", "ordinal")]),
        ("整治一人多卡，打击两卡，防范三方通话", [("一人多卡", "1", "", "exact", "name"), ("两卡", "2", "", "exact", "name"),
                                       ("三方通话", "3", "", "exact", "name")]),
        ("同比下降3.8 %。", [("3.8 %", "3.8", "%", "exact", "statistic")]),  # a space before the sign
        # a sentence's terms and a limit are no counts; nor the parts of a plan
        ("判处有期徒刑十年三个月，剥夺政治权利二年", [("十年", "10", "年", "exact", "other"), ("三个月", "3", "个月", "exact", "other"),
                                           ("二年", "2", "年", "exact", "other")]),
        ("五人十年六个月至五年六个月不等有期徒刑", [("五人", "5", "人", "exact", "statistic"), ("十年", "10", "年", "exact", "other"),
                                           ("六个月", "6", "个月", "exact", "other"), ("五年", "5", "年", "exact", "other"),
                                           ("六个月", "6", "个月", "exact", "other")]),
        ("因非柜面限额为500元", [("500元", "500", "元", "exact", "other")]),
        ("从五个方面落实", [("五个", "5", "个", "exact", "other")]),
        ("分别减少约26%与53%", [("约26%", "26", "%", "about", "statistic"), ("53%", "53", "%", "about", "statistic")]),
        # an amount after a Latin word, the top of a ranking, a rate's base, 零 as a word, 双十一
        ("关停涉诈APP7.3万个", [("7.3万个", "73000", "个", "exact", "statistic")]),
        ("发生数增加最多的前3名，是楠梓", [("前3名", "3", "名", "exact", "ordinal")]),
        ("若以10万人人口数计算，以盐埕区121件最多", [("10万人", "100000", "人", "exact", "other"),
                                          ("121件", "121", "件", "exact", "statistic")]),
        ("严重犯罪依然维持零案发", []),
        ("双十一期间", [("双十一", "双十一", "", "exact", "name")]),
        ("网上求职骗案有4095 宗，上升6.3%", [("4095 宗", "4095", "宗", "exact", "statistic"),
                                       ("6.3%", "6.3", "%", "exact", "statistic")]),
        ("案件中30%以上涉及诈骗罪", [("30%以上", "30", "%", "more_than", "statistic")]),  # a share, not a group
        ("增幅30%以上的城市", [("30%以上", "30", "%", "more_than", "other")]),
        ("受疫情影响的3年间", [("3年", "3", "年", "exact", "date")]),
        ("检查11家次", [("11家次", "11", "家次", "exact", "statistic")]),
        ("最高可判处监禁14年", [("14年", "14", "年", "exact", "other")]),
        ("被告已被起诉并求刑二十年", [("二十年", "20", "年", "exact", "other")]),
        ("查获诈欺集团12团共52人，包机四架", [("12团", "12", "团", "exact", "statistic"), ("52人", "52", "人", "exact", "statistic"),
                                    ("四架", "4", "架", "exact", "statistic")]),
        ("致电24小时“防骗易热线”", [("24小时", "24", "小时", "exact", "other")]),  # a line's hours
        ("通过“全民反诈 百日宣传”", [("百日", "百日", "", "exact", "name")]),  # a campaign's name
        ("二0二三年全年，司警共开立", [("二0二三年", "2023", "年", "exact", "date")]),  # an ASCII 0 typed for 〇
        # a Chinese digit right before Arabic digits is a letter of the word before, not part of the number
        ("境外登陆5次，大陆2023年", [("5次", "5", "次", "exact", "statistic"), ("2023年", "2023", "年", "exact", "date")]),
    ],
)
def test_reading(text, expected):
    """Each sentence's numbers, with surface, value, unit, qualifier and kind."""
    assert read(text) == expected


def test_same_surface_twice_gets_two_records():
    """1.2万个 twice in one sentence is two numbers at two places."""
    text = "打掉团伙1.2万个，惩处网点1.2万个。"
    assert [t.start for t in find_numbers(text)] == [4, 14]
