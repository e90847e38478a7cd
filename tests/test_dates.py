"""Date expressions: inline cases read off the seed and the dev corpus, resolved against the
publication date of the seed article (2022-03-24T20:15Z) unless stated."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from kg.extract.dates import find_dates

PUB = datetime(2022, 3, 24, 20, 15, tzinfo=timezone.utc)
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_74332eaaa2aa362a.txt"

# (sentence, expression as written, value, datatype); value None = nothing found
CASES = [
    ("根据2022年3月2日联合国大会通过的侵略乌克兰决议", "2022年3月2日", "2022-03-02", "date"),
    ("俄罗斯应遵守联合国国际法院3月16日的裁决", "3月16日", "2022-03-16", "date"),
    ("外长们将在4月的会议上进一步讨论", "4月", "2022-04", "gYearMonth"),
    ("他的任期原本将在2022年9月到期。", "2022年9月", "2022-09", "gYearMonth"),
    ("自2014年以来，我们为乌克兰行使这一权利的能力提供了广泛支持", "自2014年以来", "2014", "gYear"),
    ("澳洲自2005年以来碳排放已降低", "自2005年以来", "2005", "gYear"),
    ("2014年以来", "2014年以来", "2014", "gYear"),
    ("今天开会讨论俄罗斯对乌克兰的侵略", "今天", "2022-03-24", "date"),
    ("今日修订全年生产总值增长预测", "今日", "2022-03-24", "date"),
    ("白宫昨天发布的声明说", "昨天", "2022-03-23", "date"),
    ("博雷利前天批评香港", "前天", "2022-03-22", "date"),
    ("赶在明天宣誓上任", "明天", "2022-03-25", "date"),
    ("韩国联合参谋本部15日表示", "15日", "2022-03-15", "date"),
    ("拜登20日抵达韩国后首先参观", "20日", "2022-03-20", "date"),
    # a day after the publication day: the closest date with that day is this month's
    ("将于26日在首都坎培拉宣誓", "26日", "2022-03-26", "date"),
    ("15号举行", "15号", "2022-03-15", "date"),
    ("3月32日", None, None, None),
    ("2月30日", None, None, None),
    ("三月十六日的裁决", "三月十六日", "2022-03-16", "date"),
    ("二〇二二年三月", "二〇二二年三月", "2022-03", "gYearMonth"),
    ("３月１６日", "３月１６日", "2022-03-16", "date"),
    ("3月16日至18日举行", "3月16日至18日", "2022-03-16", "date"),
    ("世卫大会将于2022年5月22日至28日举行", "2022年5月22日至28日", "2022-05-22", "date"),
    ("拜登计划这个月20至24日先后到访", "这个月20至24日", "2022-03-20", "date"),
    ("拜登即将在5月20到24日访问韩国", "5月20到24日", "2022-05-20", "date"),
    ("金正恩上个月25日出席", "上个月25日", "2022-02-25", "date"),
    ("法案去年8月在参议院通过", "去年8月", "2021-08", "gYearMonth"),
    ("禁令计划于今年八月生效", "今年八月", "2022-08", "gYearMonth"),
    ("瑞士去年决定向洛克希德马丁采购", "去年", "2021", "gYear"),
    ("最快可能在本月试射导弹", "本月", "2022-03", "gYearMonth"),
    ("列瓦达上月发现", "上月", "2022-02", "gYearMonth"),
    ("朝鲜今年以来的第16次武力挑衅", "今年以来", "2022", "gYear"),
    ("今年1至3月，本地失业率为5%", "今年1至3月", "2022-01", "gYearMonth"),
    ("黎巴嫩内战（1975-1990年）后", "1975-1990年", "1975", "gYear"),
    # a week: its month when the whole week (Mon 14 - Sun 20 March) lies in it
    ("上周，中国外交部发言人表示", "上周", "2022-03", "gYearMonth"),
    ("本星期报道说", "本星期", "2022-03", "gYearMonth"),
    # next week is 28 March - 3 April: two months, no value
    ("拜登下周访问东京", None, None, None),
    # weekdays (24 March 2022 is a Thursday): the last one, the next one when announced
    ("这个钢铁厂周五晚间陷落", "周五", "2022-03-18", "date"),
    ("白宫周四宣布了总额为1.5亿美元的支持", "周四", "2022-03-24", "date"),
    ("上周五表示", "上周五", "2022-03-18", "date"),
    ("这位士兵将于周一开庭受审", "周一", "2022-03-28", "date"),
    ("贸易代表戴琪周一将会晤欧洲官员", "周一", "2022-03-28", "date"),
    ("下星期一", "下星期一", "2022-03-28", "date"),
    ("每周一开会", None, None, None),
    # bare month far ahead: last year's (more than 6 months after March)
    ("欧盟领袖12月在斯洛维尼亚", "12月", "2021-12", "gYearMonth"),
    ("9月30日", "9月30日", "2022-09-30", "date"),
    ("10月1日", "10月1日", "2021-10-01", "date"),
    # not dates
    ("中俄关系1960年代中国与苏联交恶", None, None, None),
    ("经济增长幅度已是22年来最低水准", None, None, None),
    ("中国在日本周边发动威胁", None, None, None),
    ("之前天然气价格", None, None, None),
    ("售价10日元", None, None, None),
    ("须在30日内答复", None, None, None),
    ("安理会第5号决议", None, None, None),
    ("中美同年11月5日签署", None, None, None),
    ("采购35架F-35A战机", None, None, None),
]


@pytest.mark.parametrize(("sentence", "written", "value", "datatype"), CASES)
def test_find_dates(sentence, written, value, datatype):
    found = find_dates(sentence, PUB)
    if value is None:
        assert found == []
        return
    assert len(found) == 1, found
    start, end, dv = found[0]
    assert sentence[start:end] == written == dv.text
    assert (dv.value, dv.datatype) == (value, datatype)


def test_day_after_publication_day_far_ahead_is_last_month():
    # 27日 in an article of 10 May 2022 (dev article 18) is 27 April
    pub = datetime(2022, 5, 10, 7, 17, tzinfo=timezone.utc)
    [(_, _, dv)] = find_dates("台湾三立新闻27日引用民进党立委", pub)
    assert dv.value == "2022-04-27"


def test_bare_month_within_six_months_stays_in_the_year():
    # dev article 20 (22 May 2022): 11月美国国会中期选举 is November 2022
    pub = datetime(2022, 5, 22, 18, 4, tzinfo=timezone.utc)
    [(_, _, dv)] = find_dates("在11月美国国会中期选举后", pub)
    assert dv.value == "2022-11"


def test_publication_date_is_taken_in_utc():
    # 02:00 on 25 March in Beijing is still 24 March in UTC
    from datetime import timedelta

    pub = datetime(2022, 3, 25, 2, 0, tzinfo=timezone(timedelta(hours=8)))
    assert find_dates("今天", pub)[0][2].value == "2022-03-24"
    assert find_dates("今天", date(2022, 3, 24))[0][2].value == "2022-03-24"


def test_without_publication_date_only_absolute_dates():
    text = "3月16日的裁决，今天，15日，上周，2022年3月2日，自2014年以来"
    found = find_dates(text, None)
    assert [(dv.value, dv.text) for _, _, dv in found] == [
        ("2022-03-02", "2022年3月2日"),
        ("2014", "自2014年以来"),
    ]


def test_several_dates_in_order_with_offsets():
    text = "美国驻华使领馆今天5月22日在其推特上用中文刊出昨天美国国务院发言人的声明"
    pub = datetime(2022, 5, 22, 18, 15, tzinfo=timezone.utc)
    found = find_dates(text, pub)
    assert [(text[s:e], dv.value) for s, e, dv in found] == [
        ("今天", "2022-05-22"),
        ("5月22日", "2022-05-22"),
        ("昨天", "2022-05-21"),
    ]


def test_seed_article_dates():
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    values = [(dv.text, dv.value) for _, _, dv in find_dates(text, PUB)]
    # every date expression of the seed, in order (the URL's 20220324 is not one: no 年/月/日)
    assert values == [
        ("3月24日", "2022-03-24"),
        ("今天", "2022-03-24"),
        ("2022年3月2日", "2022-03-02"),
        ("3月16日", "2022-03-16"),
        ("自2014年以来", "2014"),
        ("4月", "2022-04"),
        ("4月", "2022-04"),
        ("今天", "2022-03-24"),
        ("2022年9月", "2022-09"),
        ("今天", "2022-03-24"),
    ]
