"""Counted quantities: phrases of the seed and of the dev corpus (Simplified-normalised), with
the values read off the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.quantities import find_quantities

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_74332eaaa2aa362a.txt"

# (sentence, [(expression as written, value, unit), ...])
CASES = [
    # seed
    ("在我们的东翼部署了40000名部队，以及大量的航空和海军资产", [("40000名部队", 40000, "名部队")]),
    ("我们还在保加利亚、匈牙利、罗马尼亚和斯洛伐克建立了另外四个多国战斗小组。",
     [("四个多国战斗小组", 4, "个多国战斗小组")]),
    ("他们还批准了四个多国战斗群", [("四个多国战斗群", 4, "个多国战斗群")]),
    # a modifier with 的 between measure word and noun: the measure word alone
    ("他们还批准了四个新的北约多国战斗群", [("四个", 4, "个")]),
    ("北约30国领导人通过声明表示", [("30国", 30, "国")]),
    ("北约盟国还提供广泛的人道主义支持，并接纳了数百万难民。", []),
    ("北约秘书长斯托尔滕贝格将延长任期一年。", [("一年", 1, "年")]),
    # dev corpus: money
    ("提供600万美元", [("600万美元", 6000000, "美元")]),
    ("美国宣布了总额为1.5亿美元的支持东南亚的新举措", [("1.5亿美元", 150000000, "美元")]),
    ("整个项目将耗资高达3000亿欧元。", [("3000亿欧元", 300000000000, "欧元")]),
    ("向乌克兰提供五亿欧元（约为5.2亿美元）的军事援助",
     [("五亿欧元", 500000000, "欧元"), ("5.2亿美元", 520000000, "美元")]),
    ("这将包含约720亿欧元的补助金和2250亿欧元的贷款",
     [("720亿欧元", 72000000000, "欧元"), ("2250亿欧元", 225000000000, "欧元")]),
    ("美国向基辅提供价值数十亿美元的武器", []),
    ("郑义宣表示到2025年将在美国投资105亿美元", [("105亿美元", 10500000000, "美元")]),
    # dev corpus: troops, weapons, people
    ("开始便有大约两万5千名士兵和1万5千名警察部署在全国",
     [("两万5千名士兵", 25000, "名士兵"), ("1万5千名警察", 15000, "名警察")]),
    ("俄罗斯在别尔哥罗德部署了19个营级战术群", [("19个营级战术群", 19, "个营级战术群")]),
    ("一个战术群的士兵可达1000人", [("1000人", 1000, "人")]),
    ("美国轰炸机发射五颗导弹，击中了中国大使馆", [("五颗导弹", 5, "颗导弹")]),
    ("瑞士去年决定向洛克希德马丁采购35架 F-35A战机", [("35架", 35, "架")]),
    ("约有718名候选人参加竞选", [("718名候选人", 718, "名候选人")]),
    ("有超过15000名俄罗斯人在反战抗议中被拘留", [("15000名俄罗斯人", 15000, "名俄罗斯人")]),
    ("目前有2500万吨粮食被封锁在乌克兰", [("2500万吨粮食", 25000000, "吨粮食")]),
    ("失业人数由18万8500人上升至20万6100人",
     [("18万8500人", 188500, "人"), ("20万6100人", 206100, "人")]),
    ("台湾有2400万人口", [("2400万人口", 24000000, "人口")]),
    ("导致三人死亡，数十人受伤", [("三人", 3, "人")]),
    ("美日韩三国合作", [("三国", 3, "国")]),
    ("两万名士兵", [("两万名士兵", 20000, "名士兵")]),
    ("十二架战机", [("十二架战机", 12, "架战机")]),
    ("１２,０００名士兵", [("１２,０００名士兵", 12000, "名士兵")]),
    ("４万名士兵", [("４万名士兵", 40000, "名士兵")]),
    ("加拿大和20多个欧洲国家", [("20多个欧洲国家", 20, "个欧洲国家")]),
    ("美国众议院4月27日以425票对0票通过", [("425票", 425, "票"), ("0票", 0, "票")]),
    # not counts
    ("香港失业率攀升至5.4%，逾20万人失业", [("20万人", 200000, "人")]),
    ("增幅不超过2个百分点", []),
    ("百分之五的选民", []),
    ("1999年北约误炸中国驻南联盟大使馆", []),
    ("中国关系缓和始于1960年代", []),
    ("《华盛顿条约》第5条的承诺", []),
    ("七国集团外长会议", []),
    ("日中建交50周年", []),
    ("讲话中宣布的唯一一项政策", []),
    ("梅德韦楚克是一名乌克兰政治家", []),
    ("这是一个战略错误", []),
    ("几个星期内", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_find_quantities(sentence, expected):
    found = find_quantities(sentence)
    assert [(sentence[s:e], q.value, q.unit) for s, e, q in found] == expected
    for s, e, q in found:
        assert q.text == sentence[s:e]


def test_offsets_are_relative_to_the_string_given():
    text = "声明指出：我们在东翼部署了40000名部队。"
    [(start, end, q)] = find_quantities(text)
    assert q.value == 40000
    assert (start, end) == (13, 21)
    assert text[start:end] == "40000名部队"


def test_seed_quantities():
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    from kg.normalize import to_simplified

    text = to_simplified(SEED.read_text(encoding="utf-8"))
    got = [(q.value, q.unit) for _, _, q in find_quantities(text)]
    # 一个月 (入侵乌克兰一个月之际: a duration), 30国 (twice), 30个盟国, 40000名部队,
    # 四个多国战斗小组, 30国, 一年 (twice: 延长任期一年, 未来的一年), 四个新的北约多国战斗群
    # (measure word only: 的 in between); 360度 is not a count
    assert got == [
        (1, "个月"),
        (30, "国"),
        (30, "国"),
        (30, "个盟国"),
        (40000, "名部队"),
        (4, "个多国战斗小组"),
        (30, "国"),
        (1, "年"),
        (1, "年"),
        (4, "个"),
    ]


def test_dev_corpus_money_in_asean_article():
    path = SHARED / "corpus" / "dev" / "15_rfi-us-asean-special-summit.txt"
    if not path.is_file():
        pytest.skip(f"dev corpus not found at {path.parent}")
    text = path.read_text(encoding="utf-8")
    dollars = [q.value for _, _, q in find_quantities(text) if q.unit == "美元"]
    # 1.5亿, 6000万, 4000万, 20亿, 121亿, 14亿, 8亿, 2500万 (美元), in the order of the text
    assert dollars == [
        150000000, 60000000, 40000000, 2000000000, 12100000000, 1400000000, 800000000,
        25000000,
    ]
