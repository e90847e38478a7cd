"""Counted quantities in a sentence: ``40000名部队`` -> 40000 "名部队".

``find_quantities(text)`` returns ``(start, end, Quantity)`` for every number that counts
something in ``text`` (a Simplified-normalised sentence; offsets relative to the string given).

What is a quantity here:

- a number (Arabic ``40000``, ``1.5``, ``12,000``, full-width ``４``; Chinese ``四``, ``两万``,
  ``十二``; mixed ``4万``, ``1.5亿``, ``两万5千``, ``18万8500``), read with cn2an;
- followed by a unit: a measure word (``名``, ``个``, ``架``, ``吨``...) with the noun it counts,
  a currency (``美元``, ``欧元``...), a self-counting noun (``国``, ``人``, ``票``...) or a
  duration (``年``, ``个月``, ``天``...). ``多``/``余`` between number and unit (``20多名``)
  is kept in the text; the value is the stated number (a lower bound).

The unit is written as the text has it: the measure word plus the noun that follows, kept
short: the noun is the longest run of at most ``MAX_NOUN`` characters after the measure word,
stopping at punctuation and function words (的, 和, 在, 被...), that ends on a character that
typically ends a noun of counted things (队, 兵, 人, 群, 组, 机, 弹...). Without such an ending
the unit is the measure word alone (``三个联合公报`` -> "个": better short than a wrong noun).
Without a word segmenter this is a heuristic; the event extractor decides which quantity an
event is about.

Not quantities (skipped, for precision):

- vague amounts: ``数百万难民``, ``数十亿美元``, ``几个星期``, ``上万``, ``成千上万`` — no
  Quantity rather than an invented number;
- percentages (``5.4%``, ``百分之五``, ``5个百分点``) and non-integer values;
- years and dates (``2022年``, ``二〇二二年``, ``3月``, ``16日``), decades (``70年代``),
  ordinals (``第5条``), numbers inside codes (``F-35A``, ``G7``);
- ``一`` + measure word (``一个``, ``一名``): Chinese uses it as an indefinite article
  (``一名乌克兰政治家``); a duration (``一年``) or a currency (``一亿美元``) is kept;
- ``七国集团``/``二十国集团``: the name of a group, not a count of states; ``50周年``: an
  anniversary; ``唯一一项``: two Chinese digits in a row are not one numeral.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal, InvalidOperation

from kg.model import Quantity

log = logging.getLogger(__name__)

# Longest noun kept after a measure word (多国战斗小组 is six).
MAX_NOUN = 6

# Full-width digits and point fold to ASCII one for one, so offsets are unchanged.
_FOLD = {ord("０") + i: ord("0") + i for i in range(10)} | {ord("．"): ord(".")}

_CN_DIGITS = "〇零一二三四五六七八九两"
_CN_ALL = _CN_DIGITS + "十百千万亿"
_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+(?:\.[0-9]+)?"
# A number: Arabic or Chinese digits, optionally with 十百千万亿 multipliers and more digits
# (4万, 1.5亿, 两万5千, 18万8500, 十二); it must start with a digit or 十 (百万 alone is not read).
_NUMBER = rf"(?:{_ARABIC}|[{_CN_DIGITS}十])(?:{_ARABIC}|[{_CN_ALL}])*"

# Measure words that count the noun after them (the unit is measure word + noun).
CLASSIFIERS = (
    "名", "个", "位", "架", "枚", "辆", "艘", "座", "支", "门", "台", "部", "颗", "套", "批",
    "项", "件", "家", "所", "条", "张", "只", "头", "块", "份", "处", "间", "栋", "股", "轮",
    "场", "次", "届", "起", "组", "队", "营", "旅", "师", "团", "吨", "桶", "公斤", "千克",
    "立方米", "公里", "平方公里",
)
# Units that are the counted thing themselves (nothing is attached after them).
STANDALONE = (
    # currencies
    "美元", "欧元", "英镑", "日元", "韩元", "人民币", "元", "卢布", "港元", "港币", "新台币",
    "台币", "澳元", "加元", "瑞郎", "法郎", "美金",
    # self-counting nouns
    "人口", "人次", "人", "国", "票", "岁",
    # durations
    "个多月", "个月", "个星期", "星期", "年", "天", "周", "小时", "分钟", "秒",
)
# A noun of counted things usually ends with one of these (部队, 士兵, 难民, 战机, 战斗群...).
NOUN_ENDINGS = set(
    "人员民者兵军队察官客生工童女子手家族群组团营旅师连机弹车舰艇船炮枪器械"
    "国州省市城镇村区席票户所站厂校院店款金币粮食油气物品案项厦楼馆港岛司业构织党体社"
)
# A noun stops before these (particles, conjunctions, prepositions, common verbs' heads).
_STOP = set(
    "的和与及、在被将已了是从到至于对向为并而或等以也都就中把给让由自其这那此该每各"
    "所再又还只仅约近逾超达共总合"
)
_CURRENCY = set(STANDALONE[:17])
_DURATIONS = {"个多月", "个月", "个星期", "星期", "年", "天", "周", "小时", "分钟", "秒"}

_UNIT_RE = "|".join(re.escape(u) for u in sorted(CLASSIFIERS + STANDALONE, key=len, reverse=True))
_QUANTITY = re.compile(
    # not inside a longer number or code, not an ordinal, not a vague amount (数百万, 几千)
    rf"(?<![0-9A-Za-z.\-{_CN_ALL}数几第上成好])"
    rf"(?P<num>{_NUMBER})(?P<approx>多|余)?(?P<unit>{_UNIT_RE})"
)
# Two Chinese digits in a row are not one numeral (一一, 三四): a list, a word, or a year
_ADJACENT_CN_DIGITS = re.compile(r"[一二三四五六七八九两]{2}")
_PERCENT_AFTER = re.compile(r"\s*(?:%|％|个百分点)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _to_int(number: str) -> int | None:
    """The integer value of a number as written, or None (not a number, or not whole)."""
    number = number.replace(",", "")
    try:
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", number):
            value = Decimal(number)
        else:
            import cn2an  # lazy: 0.1 s to import

            value = Decimal(str(cn2an.cn2an(number, "smart")))
    except (ValueError, KeyError, IndexError, InvalidOperation) as e:
        log.debug("not a number: %r (%s)", number, e)
        return None
    if value != value.to_integral_value() or value < 0:
        return None
    return int(value)


def _noun(text: str, start: int) -> str:
    """The counted noun written from ``start``: see the module docstring."""
    run = []
    for ch in text[start : start + MAX_NOUN]:
        if ch in _STOP or not _CJK.match(ch):
            break
        run.append(ch)
    for end in range(len(run), 1, -1):  # at least two characters
        if run[end - 1] in NOUN_ENDINGS:
            return "".join(run[:end])
    return ""


def _is_year(number: str, unit: str, text: str, end: int) -> bool:
    """2022年, 二〇二二年, 70年代: a year or a decade, not a duration."""
    if unit != "年":
        return False
    if text.startswith("代", end):
        return True
    if re.fullmatch(r"[0-9]{4}", number):
        return True
    return len(number) == 4 and all(c in "〇零一二三四五六七八九" for c in number)


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every counted quantity in ``text`` as (start, end, Quantity), ordered by start.

    >>> find_quantities("在我们的东翼部署了40000名部队")
    [(9, 16, Quantity(value=40000, unit='名部队', text='40000名部队'))]
    """
    folded = text.translate(_FOLD)
    found: list[tuple[int, int, Quantity]] = []
    for m in _QUANTITY.finditer(folded):
        number, unit = m.group("num"), m.group("unit")
        start, end = m.start(), m.end()
        if _PERCENT_AFTER.match(folded, m.end("num")):
            continue
        if _is_year(number, unit, folded, end):
            continue
        if unit == "国" and folded.startswith("集团", end):
            continue
        if unit == "周" and folded.startswith("年", end):
            continue  # 50周年: an anniversary, not fifty weeks
        if _ADJACENT_CN_DIGITS.search(number):
            continue  # 唯一一项 is 唯一 + 一项, not eleven
        if number == "一" and unit not in _CURRENCY and unit not in _DURATIONS:
            continue  # 一个, 一名: an indefinite article
        value = _to_int(number)
        if value is None:
            continue
        if unit in CLASSIFIERS:
            noun = _noun(folded, end)
            end += len(noun)
        found.append((start, end, Quantity(value, text[m.start("unit") : end], text[start:end])))
    return found
