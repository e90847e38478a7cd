"""Date expressions in a sentence, normalised to xsd date literals.

``find_dates(text, published)`` returns ``(start, end, DateValue)`` for every date expression in
``text`` (a Simplified-normalised sentence; offsets are relative to the string given). The value
is as precise as the text allows and never more: ``xsd:date`` ("2022-03-02"),
``xsd:gYearMonth`` ("2022-04") or ``xsd:gYear`` ("2014").

Forms and how they resolve (``published`` is the article's publication date, taken in UTC, as
the gold guidelines do):

- ``2022年3月2日`` / ``2022年9月`` / ``2022年`` (four-digit years only: ``22年来`` and
  ``70年`` are durations; ``1960年代`` is a decade and is skipped).
- ``3月16日`` / ``4月``: the publication year, unless that puts the month more than
  ``FORWARD_MONTHS`` months after the publication month, then the previous year. The window is
  wider than "two months" because news names coming months of the same year (a May article's
  ``11月期中选举`` is November of the same year); a January article's ``10月`` is last October.
- ``16日`` / ``15号``: the day in the publication month, the month before or the month after,
  whichever is closest to the publication day (ties go to the past). Datelines and "on the
  23rd" in news sit within days of publication: ``27日`` in an article of 10 May is 27 April,
  ``24日`` in an article of 22 May is 24 May.
- ``今天``/``今日``/``本日``, ``昨天``/``昨日``, ``前天``, ``明天``/``明日``, ``后天``: days
  relative to publication. ``今年``/``去年``/``前年``/``明年`` give a gYear, and prefix a month
  or a date (``去年8月``). ``本月``/``这个月``, ``上个月``/``上月``, ``下个月``/``下月`` give
  a gYearMonth, and prefix a day (``上个月25日``).
- ``本周``/``上周``/``下周`` (and ``星期`` forms): a week is not an xsd date. The week (Monday
  to Sunday) is resolved, and its month is returned only when the whole week lies in one month;
  otherwise nothing. No day is invented. (The gold file for dev article 10 dates 本週 the same
  way.)
- Weekdays (``周一``, ``星期五``, ``上周五``, ``下星期一``): with ``上``/``下``/``本`` the day of
  that week; alone, the most recent such day up to the publication day (news reports what
  happened: ``白宫周四宣布``), or the next one from the publication day when the clause
  announces it (``将``/``将于``/``计划``... just before, or ``将`` just after:
  ``将于周一开庭``, ``周一将会晤``). ``每周一`` (every Monday) is not a date.
- Ranges ``3月16日至18日``, ``20至24日``, ``5月20到24日``, ``3月30日至4月2日``, ``1至3月``,
  ``1975-1990年``: the whole range is the expression, the value is its start.
- ``同年11月`` / ``当年``: the year is named elsewhere; nothing (and ``5日`` of ``同年11月5日`` is
  not read as a day of the publication month).
- ``自2014年以来`` / ``2014年以来``: the ``自``/``从`` and ``以来`` are part of the expression;
  the value is the start (2014).
- Chinese numerals (``三月十六日``, ``二〇二二年``) and full-width digits (``３月``) are read.

Without a publication date every relative form (including a month or day without a year)
yields nothing. An impossible date (``3月32日``, ``2月30日``) yields nothing, and its parts are
not re-read as a shorter date. Times of day after a date are ignored.
"""

from __future__ import annotations

import calendar
import logging
import re
from datetime import date, datetime, timedelta, timezone

from kg.model import DateValue

log = logging.getLogger(__name__)

# A bare month this many months or fewer after the publication month is in the publication
# year; further ahead it is taken to be last year's (see the module docstring).
FORWARD_MONTHS = 6

# Full-width digits fold to ASCII one for one, so offsets are unchanged.
_FOLD = {ord("０") + i: ord("0") + i for i in range(10)}

_CN_DIGITS = "〇零一二三四五六七八九"
_CN_NUM = "〇零一二三四五六七八九十"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
# A month or day number: 1-2 Arabic digits or a short Chinese numeral (十二, 三十一).
_N = rf"(?:[0-9]{{1,2}}|[{_CN_NUM}]{{1,3}})"
# A four-digit year: Arabic, or Chinese digit by digit (二〇二二).
_Y = rf"(?:[0-9]{{4}}|[{_CN_DIGITS}]{{4}})"
# Do not start inside a longer number (Arabic or Chinese) or after an ordinal/vague word.
_NOT_AFTER = rf"(?<![0-9.{_CN_NUM}两几数第])"
# A day ends with 日 or 号; 日 not as in 日元 (yen) or 日内 (within days).
_DAY_END = r"(?:日(?![元圆币内])|号(?![楼线文令院机门房车站馆码台球种字位卫舰星公选航桥口道路街室厅床]))"
_RANGE = r"(?:至|到|-|—|~|～)"

_REL_YEAR = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
_REL_MONTH = {"本月": 0, "这个月": 0, "这月": 0, "当月": 0, "上个月": -1, "上月": -1,
              "下个月": 1, "下月": 1}
_REL_DAY = {"今天": 0, "今日": 0, "本日": 0, "昨天": -1, "昨日": -1, "前天": -2,
            "明天": 1, "明日": 1, "后天": 2}
_UNRESOLVED_YEAR = ("同年", "当年", "该年", "次年", "翌年", "前一年", "后一年")
_WEEK_PREFIX = {"上": -1, "下": 1, "本": 0, "这": 0, "这个": 0, "上个": -1, "下个": 1}
# an announced weekday (将于周一开庭) is the coming one, not the last one
_FUTURE_BEFORE = re.compile(r"(?:将|将于|将在|即将|计划|计划于|拟|拟于|预计|预定|定于)$")
_REL_WEEK = {"本周": 0, "这周": 0, "这个星期": 0, "本星期": 0, "这星期": 0,
             "上周": -1, "上星期": -1, "上个星期": -1, "下周": 1, "下星期": 1, "下个星期": 1}


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# Patterns, tried in this order; a later match may not overlap an earlier one. Every pattern
# names the groups it uses: y (year), ry (relative year word), m, rm (relative month word),
# d, m2/d2 (range end), rw (relative week), rd (relative day).
_DAY_PART = rf"(?P<d>{_N})(?:{_DAY_END})?{_RANGE}(?:(?P<m2>{_N})月)?(?P<d2>{_N}){_DAY_END}|(?P<d1>{_N}){_DAY_END}"
_PATTERNS = [
    # 2022年3月2日, 2022年3月16日至18日, 2022年9月, 去年8月, 今年3月16日
    re.compile(
        rf"(?:{_NOT_AFTER}(?P<y>{_Y})年|(?P<ry>{_alt(_REL_YEAR)}))"
        rf"(?:(?P<mr>{_N}){_RANGE})?(?P<m>{_N})月(?:{_DAY_PART})?"
    ),
    # 2022年, 1975-1990年, 今年 (not 1960年代, a decade)
    re.compile(
        rf"{_NOT_AFTER}(?:(?P<yr>{_Y}){_RANGE})?(?P<y>{_Y})年(?!代)"
        rf"|(?P<ry>{_alt(_REL_YEAR)})"
    ),
    # 同年11月5日: the year is another sentence's; used up so that 5日 is not read alone
    re.compile(rf"(?P<unres>{_alt(_UNRESOLVED_YEAR)})(?:{_N}月(?:{_DAY_PART})?)?"),
    # 上个月25日, 本月, 这个月20至24日
    re.compile(rf"(?P<rm>{_alt(_REL_MONTH)})(?:{_DAY_PART})?"),
    # 3月16日, 三月十六日, 3月16日至18日, 4月, 2至4月
    re.compile(
        rf"{_NOT_AFTER}(?:(?P<mr>{_N}){_RANGE})?(?P<m>{_N})月(?:{_DAY_PART})?"
    ),
    # 16日, 15号, 20至24日 (Arabic only: Chinese 一日/三日 are mostly "one day", "three days")
    re.compile(
        r"(?<![0-9.A-Za-z])(?<!第)"
        rf"(?:(?P<d>[0-9]{{1,2}})(?:{_DAY_END})?{_RANGE}(?P<d2>[0-9]{{1,2}}){_DAY_END}"
        rf"|(?P<d1>[0-9]{{1,2}}){_DAY_END})"
    ),
    # 上周五, 周四, 星期天; not 每周一 (every Monday), not 一周一次
    re.compile(
        rf"(?<![每几一二三四五六七八九十两数])(?P<wk>{_alt(_WEEK_PREFIX)})?"
        r"(?P<wd>周[一二三四五六日]|(?:星期|礼拜)[一二三四五六日天])(?!次)"
    ),
    # 上周, 本周; not 日本周边 (日本/周边)
    re.compile(rf"(?<!日)(?P<rw>{_alt(_REL_WEEK)})(?![一二三四五六日天末边围期年岁刊])"),
    # 今天 but not 今天然气 (今/天然气), 前天 but not 之前天然气
    re.compile(rf"(?P<rd>{_alt(_REL_DAY)})(?!然)"),
]


def _num(s: str | None) -> int | None:
    """An Arabic or Chinese numeral as an int; None when it is not one."""
    if s is None:
        return None
    if s.isascii():
        return int(s)
    if len(s) == 4 and all(c in _CN_DIGIT_VALUE for c in s):  # 二〇二二: digit by digit
        return int("".join(str(_CN_DIGIT_VALUE[c]) for c in s))
    import cn2an  # lazy: 0.1 s to import

    try:
        v = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError) as e:
        log.debug("not a numeral: %r (%s)", s, e)
        return None
    return int(v) if float(v).is_integer() else None


def _utc_date(published: datetime | date | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        if published.tzinfo is not None:
            published = published.astimezone(timezone.utc)
        return published.date()
    return published


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def _valid(year: int, month: int, day: int | None = None) -> bool:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _bare_month_year(month: int, pub: date) -> int:
    ahead = month - pub.month  # same year
    return pub.year - 1 if ahead > FORWARD_MONTHS else pub.year


def _closest_day(day: int, pub: date) -> date | None:
    """The date with this day-of-month closest to ``pub`` (this, previous or next month)."""
    best: date | None = None
    for delta in (-1, 0, 1):  # ordered past first, so a tie keeps the past
        y, m = _shift_month(pub.year, pub.month, delta)
        if not _valid(y, m, day):
            continue
        cand = date(y, m, day)
        if best is None or abs((cand - pub).days) < abs((best - pub).days):
            best = cand
    return best


def _week_value(pub: date, delta: int) -> tuple[str, str] | None:
    monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=delta)
    sunday = monday + timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return f"{monday.year:04d}-{monday.month:02d}", "gYearMonth"
    return None  # a week across two months: a year alone would say next to nothing


def _weekday_value(prefix: str | None, day: str, pub: date, future: bool) -> str:
    weekday = "一二三四五六日".index("日" if day[-1] == "天" else day[-1])
    if prefix:
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=_WEEK_PREFIX[prefix])
        return (monday + timedelta(days=weekday)).isoformat()
    back = (pub.weekday() - weekday) % 7
    if future:
        return (pub + timedelta(days=(7 - back) % 7)).isoformat()
    return (pub - timedelta(days=back)).isoformat()


def _resolve(
    g: dict[str, str | None], pub: date | None, future: bool = False
) -> tuple[str, str] | None:
    """(lexical value, datatype) of one match, or None when it cannot be resolved."""
    if g.get("wd"):
        return (_weekday_value(g.get("wk"), g["wd"], pub, future), "date") if pub else None
    if g.get("rd"):
        if pub is None:
            return None
        return (pub + timedelta(days=_REL_DAY[g["rd"]])).isoformat(), "date"
    if g.get("rw"):
        return _week_value(pub, _REL_WEEK[g["rw"]]) if pub else None

    year: int | None = None
    month: int | None = None
    explicit_year = False
    if g.get("unres"):
        return None
    if g.get("y"):
        # the start of a year range (1975-1990年) is its first year
        year, explicit_year = _num(g.get("yr") or g["y"]), True
    elif g.get("ry"):
        if pub is None:
            return None
        year, explicit_year = pub.year + _REL_YEAR[g["ry"]], True
    if g.get("rm"):
        if pub is None:
            return None
        year, month = _shift_month(pub.year, pub.month, _REL_MONTH[g["rm"]])
    elif g.get("m"):
        # the start of a month range (2至4月) is its first month
        month = _num(g.get("mr") or g["m"])
        if month is None or _num(g["m"]) is None or not 1 <= _num(g["m"]) <= 12:
            return None
        if not explicit_year:
            if pub is None:
                return None
            year = _bare_month_year(month, pub)
    day_s = g.get("d") or g.get("d1")
    day = _num(day_s) if day_s else None
    if day_s and day is None:
        return None
    # a range's end must be a valid date too, or the expression is not a date range
    if g.get("d2"):
        end_day = _num(g["d2"])
        end_month = _num(g["m2"]) if g.get("m2") else month
        if end_day is None or end_month is None or not (1 <= end_day <= 31):
            return None
        if year is not None and not _valid(year, end_month, end_day):
            return None

    if month is None and year is None:  # a day alone
        if pub is None or day is None:
            return None
        found = _closest_day(day, pub)
        return (found.isoformat(), "date") if found else None
    if year is None:
        return None
    if month is None:
        return (f"{year:04d}", "gYear") if 1 <= year <= 9999 else None
    if day is None:
        return (f"{year:04d}-{month:02d}", "gYearMonth") if _valid(year, month) else None
    return (date(year, month, day).isoformat(), "date") if _valid(year, month, day) else None


def find_dates(
    text: str, published: datetime | date | None = None
) -> list[tuple[int, int, DateValue]]:
    """Every date expression in ``text`` as (start, end, DateValue), ordered by start.

    >>> from datetime import datetime, timezone
    >>> find_dates("北约峰会3月24日举行", datetime(2022, 3, 24, 20, 15, tzinfo=timezone.utc))
    [(4, 9, DateValue(value='2022-03-24', datatype='date', text='3月24日'))]
    """
    pub = _utc_date(published)
    folded = text.translate(_FOLD)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, DateValue]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            # an expression that is a date in form but not in value (3月32日) still uses up
            # its characters: its parts are not re-read as a shorter date
            taken.append((start, end))
            future = bool(_FUTURE_BEFORE.search(folded, max(0, start - 4), start)) or (
                folded.startswith("将", end)
            )
            resolved = _resolve(m.groupdict(), pub, future)
            if resolved is None:
                continue
            # 自2014年以来: the span covers the whole "since" phrase, the value is its start
            if folded.startswith("以来", end):
                end += 2
                if start > 0 and folded[start - 1] in "自从":
                    start -= 1
            value, datatype = resolved
            found.append((start, end, DateValue(value, datatype, text[start:end])))
    found.sort(key=lambda t: (t[0], t[1]))
    return found
