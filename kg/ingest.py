"""Input file -> :class:`kg.model.Article` (metadata + plain text with paragraph offsets).

Formats, recognised by content (the file name's suffix is not trusted):

1. The archive *wrapper*: ``<!--epoch ms-->``, ``[title](url)``, a dashed line, then an HTML
   (or plain-text) body. Each of the three header lines is optional.
2. The same preceded by a YAML front-matter block (``---`` ... ``---``: title, date, author,
   from, tags...). A malformed block is logged as a warning and ignored; the rest is ingested.
3. A plain HTML page: headline from ``og:title``, else the first ``<h1>``, else ``<title>``;
   URL from ``<link rel=canonical>`` or ``og:url``; date from ``article:published_time`` or
   the first ``<time datetime>``.
4. Plain text or Markdown: paragraphs are separated by blank lines (a paragraph's lines are
   joined), or, in a file with no blank line, by newlines; the headline is a leading
   ``# heading``. Markdown links, emphasis and list markers are reduced to their text.

Metadata rules:

- headline: front-matter ``title``, else the wrapper title, else the HTML/Markdown headline;
  whitespace collapsed, and a leading feed-category tag in ASCII (``[World] ``) removed.
- url: the wrapper URL, else front-matter ``from``/``url``/``link``, else canonical/og:url;
  kept exactly as written (percent-encoding included).
- publisher: the :data:`PUBLISHERS` name of the URL's host when the host is known (the URL is
  the more reliable signal); else the front-matter ``author`` with a leading region tag such
  as ``(臺)`` removed and known outlet names mapped (``(臺)中央社CNA`` -> ``CNA``,
  ``法广`` -> ``RFI``); else ``og:site_name``.
- published (timezone-aware UTC): the epoch comment, else front-matter ``date``, else the
  body's dateline (RFI's ``DD/MM/YYYY - HH:MM`` is Paris time; VOA's RFC 2822 and DW's ISO
  forms carry their zone), else HTML meta. Naive times are taken as UTC.

Body: every ``<p>``, heading, list item, block-level element or ``<br>``-separated line gives
one paragraph; whitespace runs become one space; inline text (``<a>``, ``<strong>``...) is
kept. Dropped as not article text: images, figures and captions, scripts/styles/iframes,
forms, nav/aside/header/footer/address, promo/ad/share/related/paywall blocks (by class, id
or ``data-selfpromo-*``), lists whose every item is only a link (BBC/RFA related stories),
blocks of two or more links with almost no other text ("延伸閱讀", feed footers), blocks whose
text is all in ``<small>`` or ``<time>`` (VOA captions, BBC "8 分钟前"), datelines, copyright
lines, and a paragraph repeating the headline. Runs of hard-wrapped lines (one sentence cut
into several ``<p>`` of equal length, as in some RFI posts) are joined back.

Encodings: a BOM decides (UTF-8, UTF-16, UTF-32); NUL bytes mean binary unless the file reads
as BOM-less UTF-16; then strict UTF-8. Bytes that are not UTF-8: if at most 5% of the non-ASCII
characters come out as U+FFFD it is UTF-8 with a few bad bytes (replaced, and a warning is
logged); otherwise GB18030, Big5 and CP950 are tried strictly and the decoding whose ideographs
are mostly common characters (>= 30%; right decodings score 60-85%, wrong ones a few percent)
wins; if none does, the file is rejected. Errors are :class:`InputError` with one line
``<path>: <what is wrong>; <what to do>`` (empty, whitespace only, binary with its kind, over
``max_bytes``, undecodable, no article text, directory, missing, unreadable).

``links`` are the distinct absolute http(s) hrefs of ``<a>`` elements with text in the kept
body, in order (they become ``schema:citation``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.model import Article
from kg.normalize import is_traditional, to_simplified

logger = logging.getLogger(__name__)

SUPPORTED = "a .txt, .md or .html news article"

DEFAULT_MAX_BYTES = 20_000_000

# Host (without "www.") -> publisher name, matched on the host or any parent domain. The
# names are the short Latin forms the outlets use for themselves, so the publisher nodes of
# the graph read alike.
PUBLISHERS: dict[str, str] = {
    "rfi.fr": "RFI",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "voachinese.com": "VOA",
    "voacantonese.com": "VOA",
    "voanews.com": "VOA",
    "dw.com": "DW",
    "cna.com.tw": "CNA",
    "rfa.org": "RFA",
    "zaobao.com": "Lianhe Zaobao",
    "zaobao.com.sg": "Lianhe Zaobao",
    "nytimes.com": "NYT",
    "cn.nytimes.com": "NYT",
    "solidot.org": "Solidot",
    "ftchinese.com": "FT Chinese",
    "reuters.com": "Reuters",
}

# Front-matter ``author`` values seen in the archive (and their usual variants) -> publisher.
AUTHOR_ALIASES: dict[str, str] = {
    "法广": "RFI",
    "法國國際廣播電台": "RFI",
    "法国国际广播电台": "RFI",
    "RFI": "RFI",
    "BBC": "BBC",
    "BBC中文": "BBC",
    "美国之音": "VOA",
    "美國之音": "VOA",
    "VOA": "VOA",
    "德国之声": "DW",
    "德國之聲": "DW",
    "DW": "DW",
    "中央社CNA": "CNA",
    "中央社": "CNA",
    "CNA": "CNA",
    "自由亚洲电台": "RFA",
    "自由亞洲電台": "RFA",
    "RFA": "RFA",
    "联合早报": "Lianhe Zaobao",
    "聯合早報": "Lianhe Zaobao",
    "纽约时报": "NYT",
    "紐約時報": "NYT",
    "纽约时报中文网": "NYT",
    "Solidot": "Solidot",
}

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
)

# ~600 of the most frequent Chinese characters (Simplified; Traditional forms are added at
# run time from OpenCC's table). Real text in the right encoding has most of its
# ideographs here (typically 60-80%); bytes decoded with the wrong legacy codec give random
# characters from a ~7,000-20,000 set, so only a few percent land here.
_COMMON_HANS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
    "两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知"
    "较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研质信记需张认近亲系"
    "美国际联合会议总统部长政府表示报道记者发言人经济社会问题国家地区情况时候发展工作主要进行支持"
    "北约俄罗斯乌克兰中国美国台湾香港日本韩国朝鲜欧盟英国法国德国欧洲亚洲世界领导人外交安全军事"
    "战争和平谈判制裁援助合作关系声明呼吁谴责批评反对认为指出强调希望宣布举行访问会见会谈峰会协"
    "议选举投票候选人民主自由人权法律国际组织机构官员代表团队成员总理主席首相大使局势影响危机冲"
    "突攻击入侵占领士兵部队武器导弹核试验能源天然气石油价格市场企业公司投资贸易增长下降上升预测"
    "今天昨天明年去年月日周星期上午下午晚上早些时候已经正在将要可能应该必须需要继续开始结束包括"
    "通过根据由于因为所以但是如果虽然而且以及或者还是并且然后之后之前期间以来目前现在当时未来历"
    "史文化教育科学技术网络信息数据媒体电视新闻报纸消息说话问答回应接受采访透露否认承认警告威胁"
    "保护维护加强推动促进提供帮助解决处理面临造成导致引起带来成为保持改变减少增加扩大建立设立计"
    "划方案措施行动政策战略目标原则立场态度意见看法观点方式方向基础条件环境资源人口城市首都边境"
    "领土主权独立统一分裂双方各方对方一方多方同时共同相互全面完全非常特别尤其更加十分极其最近"
    "百千万亿元美元欧元人民币第一第二第三个只些位名次年度份每所有任何其他另外其中这些那些什么怎"
    "么为什么如何哪里谁多少几乎大约左右以上以下之间不仅而是却又也都就才只还再更最很太真好坏新旧"
    "东南西北左右前后内外里边旁近远高低长短快慢早晚难易轻重多少冷热黑白红绿蓝黄金银铁钢铜石油海"
    "洋河湖山岛陆空天地风雨雪云火水土木电光声色味形状态性格心理思想精神身体生命健康疾病医院医生"
    "病毒疫情疫苗检测感染死亡受伤救援难民移民儿童妇女老人青年学生教师专家学者分析研究调查报告"
)

_WS_RE = re.compile(r"\s+")
_STRIP_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2060\ufeff]")
_CATEGORY_TAG_RE = re.compile(r"^\[[A-Za-z][A-Za-z0-9 &/\-]{0,30}\]\s*")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_EPOCH_RE = re.compile(r"\A\s*<!--\s*(\d{9,13})\s*-->[ \t]*(?:\n|\Z)")
_TITLE_LINE_RE = re.compile(r"\A\s*\[(.*)\]\((\S*)\)[ \t]*(?:\n|\Z)")
_CUT_TAG_RE = re.compile(r"<[A-Za-z/!][^<>]*\Z")
_DASHES_RE = re.compile(r"\A\s*-{3,}[ \t]*(?:\n|\Z)")
_HTML_RE = re.compile(
    r"<(?:!doctype|html|head|body|div|p|br|span|a|h[1-6]|ul|ol|li|table|article|section|main"
    r"|img|strong|em|b|i|figure|blockquote)\b[^>]*>",
    re.IGNORECASE,
)

# Paragraph-level noise.
_DATELINE_RFI_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) - (\d{1,2}):(\d{2})$")
_DATELINE_RFC_RE = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})?"
    r" (?:GMT|UTC|UT|[+-]\d{4})$"
)
_DATELINE_ISO_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DATELINE_ZH_RE = re.compile(
    r"^\d{4}年\d{1,2}月\d{1,2}日(?:\s*(?:星期|週|周)[一二三四五六日天])?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_RELATIVE_TIME_RE = re.compile(r"^\d+\s*(?:秒|分钟|分鐘|小时|小時|天|日|周|週|个月|個月|年)前$")
_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|Copyright\b|版权所有|版權所有)", re.IGNORECASE)
_TERMINAL = frozenset("。！？!?；;…")
_CLOSERS = frozenset("」』”’）)》】\"'")

# Elements never holding article text.
_DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "svg",
        "img",
        "picture",
        "source",
        "figure",
        "figcaption",
        "video",
        "audio",
        "object",
        "embed",
        "canvas",
        "template",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "nav",
        "aside",
        "footer",
        "header",
        "address",
        "head",
        "title",
        "meta",
        "link",
        "map",
        "area",
        "track",
    ]
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "ul",
    ]
)
# Whole-block content of these tags is a caption or a timestamp, not text.
_SOLE_NOISE_TAGS = frozenset({"small", "time"})
_NOISE_ATTR_RE = re.compile(
    r"(related|share|sharing|social|promo|advert|(?:^|[-_ ])ads?(?:$|[-_ ])|dfp|paywall"
    r"|newsletter|subscribe|morearticle|breadcrumb|sidebar|recommend|read-?more|caption"
    r"|(?:^|[-_ ])comments?(?:$|[-_ ]))",
    re.IGNORECASE,
)
_NOISE_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo"})
_LINK_FARM_MAX_OTHER = 12  # non-link characters allowed in a "block of links"

_PARIS = "Europe/Paris"


# --------------------------------------------------------------------------- public API


def read_article(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article file. Every failure is an :class:`InputError` naming the path."""
    name = str(path)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except PermissionError:
        raise InputError(
            f"{name}: cannot be read (permission denied); check its permissions"
        ) from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror}); check the path") from None
    if p.is_dir():
        raise InputError(f"{name}: is a directory; give the article files inside it")
    if st.st_size > max_bytes:
        raise InputError(_too_large(name, st.st_size, max_bytes))
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(
            f"{name}: cannot be read (permission denied); check its permissions"
        ) from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory; give the article files inside it") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror}); check the file") from None
    return parse_article(data, name, max_bytes=max_bytes)


def parse_article(
    data: bytes | str, source: str = "<string>", *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Article:
    """Parse an article given as bytes (any supported encoding) or already-decoded text."""
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogatepass")
        if len(raw) > max_bytes:
            raise InputError(_too_large(source, len(raw), max_bytes))
        text = data
    else:
        raw = bytes(data)
        if len(raw) > max_bytes:
            raise InputError(_too_large(source, len(raw), max_bytes))
        if not raw:
            raise InputError(f"{source}: is empty; give {SUPPORTED}")
        text = _decode(raw, source)
    if not text:
        raise InputError(f"{source}: is empty; give {SUPPORTED}")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{source}: contains only whitespace; give {SUPPORTED}")
    return _build(text, source, hashlib.sha256(raw).hexdigest())


# --------------------------------------------------------------------------- decoding


def _too_large(source: str, size: int, limit: int) -> str:
    return (
        f"{source}: is {_fmt_size(size)}, over the {_fmt_size(limit, exact=True)} limit;"
        " raise it with --max-bytes"
    )


def _fmt_size(n: int, exact: bool = False) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:g} MB" if exact else f"{n / 1e6:.1f} MB"
    if n >= 1_000:
        return f"{n / 1e3:g} kB" if exact else f"{n / 1e3:.1f} kB"
    return f"{n} bytes"


def _decode(raw: bytes, source: str) -> str:
    """Bytes -> str: BOM, then strict UTF-8, then GB18030/Big5 chosen by plausibility."""
    for magic, kind in _BINARY_MAGIC:
        if raw.startswith(magic):
            raise InputError(
                f"{source}: is a binary file ({kind}), not an article; give {SUPPORTED}"
            )
    boms = (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    for bom, enc in boms:
        if raw.startswith(bom):
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                if enc == "utf-8-sig":
                    return _decode_utf8_lenient(raw[3:], source)
                raise InputError(
                    f"{source}: starts with a {enc.upper()} byte-order mark but is not valid"
                    f" {enc.upper()}; save it as UTF-8"
                ) from None
    if b"\x00" in raw:
        guessed = _bomless_utf16(raw)
        if guessed is not None:
            return guessed
        raise InputError(f"{source}: is a binary file, not an article; give {SUPPORTED}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_utf8_lenient(raw, source)


def _bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without BOM: NUL bytes only at odd (LE) or only at even (BE) positions."""
    if len(raw) % 2:
        return None
    even_nul = raw[0::2].count(0)
    odd_nul = raw[1::2].count(0)
    # ASCII puts its NUL on one side; a few CJK characters (一 U+4E00, 帀 U+5E00) put one on
    # the other, so the test is a clear majority, not "only".
    enc = (
        "utf-16-le"
        if odd_nul > 4 * even_nul
        else "utf-16-be"
        if even_nul > 4 * odd_nul
        else None
    )
    if enc is None:
        return None
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError:
        return None
    # Accept only text that reads as text: printable ASCII, whitespace and CJK, with the
    # ideographs (if any) mostly common ones.
    readable = sum(1 for ch in text if " " <= ch <= "~" or ch in "\t\n\r" or _is_cjkish(ch))
    if readable < 0.95 * len(text) or _STRIP_CHARS_RE.search(text):
        return None
    if any(_is_cjkish(ch) for ch in text) and _plausibility(text) < 0.3:
        return None
    return text


def _decode_utf8_lenient(raw: bytes, source: str) -> str:
    replaced = raw.decode("utf-8", "replace")
    bad = replaced.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    non_ascii = sum(1 for ch in replaced if ord(ch) > 127)
    if non_ascii and bad / non_ascii <= 0.05:
        logger.warning("%s: %d invalid UTF-8 byte sequence(s) replaced with U+FFFD", source, bad)
        return replaced
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "big5", "cp950"):
        try:
            candidate = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(candidate)
        if best is None or score > best[0]:
            best = (score, enc, candidate)
    if best is not None and best[0] >= 0.3:
        logger.info("%s: decoded as %s (plausibility %.2f)", source, best[1], best[0])
        return best[2]
    raise InputError(f"{source}: is not UTF-8, GB18030 or Big5 text; save it as UTF-8")


def _common_chars() -> frozenset[str]:
    from kg.normalize import _read_char_table

    s2t = _read_char_table("STCharacters.txt")
    chars = set(_COMMON_HANS)
    chars.update(s2t[c] for c in _COMMON_HANS if c in s2t)
    return frozenset(chars)


_COMMON: frozenset[str] | None = None


def _plausibility(text: str) -> float:
    """Share of CJK ideographs that are common characters (0 when there are none)."""
    global _COMMON
    if _COMMON is None:
        _COMMON = _common_chars()
    ideographs = common = 0
    for ch in text:
        o = ord(ch)
        if 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x2FA1F or 0xE000 <= o <= 0xF8FF:
            ideographs += 1
            if ch in _COMMON:
                common += 1
    return common / ideographs if ideographs else 0.0


# --------------------------------------------------------------------------- structure


def _build(text: str, source: str, content_hash: str) -> Article:
    meta: dict[str, object] = {}
    rest = text
    m = _FRONT_MATTER_RE.match(rest)
    if m:
        meta = _front_matter(m.group(1), source)
        rest = rest[m.end() :]

    epoch: datetime | None = None
    wrapper_title = wrapper_url = None
    m = _EPOCH_RE.match(rest)
    if m:
        epoch = _from_epoch(m.group(1))
        rest = rest[m.end() :]
    m = _TITLE_LINE_RE.match(rest)
    if m:
        wrapper_title, wrapper_url = m.group(1), m.group(2)
        rest = rest[m.end() :]
    m = _DASHES_RE.match(rest)  # the wrapper's dashed line, also when the title is missing
    if m:
        rest = rest[m.end() :]

    fm_title = _as_text(meta.get("title"))
    headline_hint = _clean_headline(fm_title or wrapper_title)

    if _HTML_RE.search(rest):
        # A file cut off inside a tag ("...<p") would otherwise end with "<p" as text.
        body = _html_body(_CUT_TAG_RE.sub("", rest), headline_hint)
    else:
        body = _text_body(rest, headline_hint)

    headline = headline_hint or _clean_headline(body.headline)
    url = (
        _clean_url(wrapper_url)
        or _clean_url(_as_text(meta.get("from")))
        or _clean_url(_as_text(meta.get("url")))
        or _clean_url(_as_text(meta.get("link")))
        or _clean_url(body.url)
    )
    publisher = _publisher(url, _as_text(meta.get("author")), body.site_name)
    paragraphs, dateline = _postprocess(body.paragraphs, headline, wrapper_title or fm_title)
    published = epoch or _to_utc(meta.get("date")) or dateline or body.meta_date
    if not paragraphs:
        raise InputError(
            f"{source}: has no article text (only markup, links or metadata); give {SUPPORTED}"
        )
    offsets: list[tuple[int, int]] = []
    pos = 0
    for para in paragraphs:
        offsets.append((pos, pos + len(para)))
        pos += len(para) + 1
    body_text = "\n".join(paragraphs)
    links = tuple(link for link in body.links if link != url)
    return Article(
        source=source,
        text=body_text,
        norm=to_simplified(body_text),
        paragraphs=tuple(offsets),
        content_hash=content_hash,
        headline=headline,
        url=url,
        publisher=publisher,
        published=published,
        links=links,
        script="Hant" if is_traditional(body_text) else "Hans",
    )


def _front_matter(block: str, source: str) -> dict[str, object]:
    # (libyaml's CSafeLoader would be ~10x faster here, but it accepts blocks the pure-Python
    # parser rejects (tabs, "?" in flow lists) and reads them otherwise: not used)
    import yaml

    try:
        loaded = yaml.safe_load(block)
    except Exception as exc:  # noqa: BLE001 - YAMLError, but also ValueError for "2022-13-01"
        # and RecursionError for deep nesting: any unreadable block is skipped, not fatal.
        lines = str(exc).splitlines()
        first = lines[0] if lines else type(exc).__name__
        logger.warning("%s: malformed YAML front matter ignored (%s)", source, first)
        return {}
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        logger.warning("%s: YAML front matter is not a mapping; ignored", source)
        return {}
    return {str(k): v for k, v in loaded.items()}


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list, tuple, set, bool)):
        return None
    s = _WS_RE.sub(" ", _STRIP_CHARS_RE.sub("", str(value))).strip()
    return s or None


def _clean_headline(title: str | None) -> str | None:
    if not title:
        return None
    s = _WS_RE.sub(" ", _STRIP_CHARS_RE.sub("", title)).strip()
    # The archive prefixes BBC titles with its feed category ("[World] ...").
    stripped = _CATEGORY_TAG_RE.sub("", s)
    return stripped or s or None


def _clean_url(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        return None
    return url


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def _publisher(url: str | None, author: str | None, site_name: str | None) -> str | None:
    host = _host(url)
    if host:
        parts = host.split(".")
        for i in range(len(parts) - 1):
            name = PUBLISHERS.get(".".join(parts[i:]))
            if name:
                return name
    if author:
        # Archive authors carry a region tag: "(臺)中央社CNA", "（港）...".
        cleaned = re.sub(r"^[(（][^)）]{1,4}[)）]\s*", "", author).strip()
        if cleaned:
            return AUTHOR_ALIASES.get(cleaned, cleaned)
    return site_name or None


def _from_epoch(digits: str) -> datetime | None:
    n = int(digits)
    ms = n if len(digits) >= 12 else n * 1000
    try:
        dt = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)
    except OverflowError:
        return None
    return dt if 1900 <= dt.year <= 2200 else None


def _to_utc(value: object) -> datetime | None:
    """A datetime/date/ISO or RFC 2822 string -> aware UTC datetime (naive = UTC)."""
    dt: datetime | None = None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        if _DATELINE_ISO_RE.match(s) or re.match(r"^\d{4}-\d{2}-\d{2}", s):
            try:
                dt = datetime.fromisoformat(s.replace("Z", "+00:00").replace(" ", "T", 1))
            except ValueError:
                dt = None
        if dt is None:
            try:
                dt = parsedate_to_datetime(s)
            except (TypeError, ValueError, IndexError):
                return None
    if dt is None or not 1900 <= dt.year <= 2200:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _dateline(para: str) -> tuple[bool, datetime | None]:
    """(is a dateline, its time in UTC if it can be read)."""
    m = _DATELINE_RFI_RE.match(para)
    if m:
        day, month, year, hour, minute = (int(g) for g in m.groups())
        try:
            from zoneinfo import ZoneInfo

            local = datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(_PARIS))
            return True, local.astimezone(timezone.utc)
        except (ValueError, KeyError, OSError) as exc:  # bad date, or no tz database
            logger.debug("unreadable RFI dateline %r: %s", para, exc)
            return True, None
    if _DATELINE_RFC_RE.match(para) or _DATELINE_ISO_RE.match(para):
        return True, _to_utc(para)
    if _DATELINE_ZH_RE.match(para) or _RELATIVE_TIME_RE.match(para):
        return True, None
    return False, None


# --------------------------------------------------------------------------- bodies


class _Body:
    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.links: list[str] = []
        self.headline: str | None = None
        self.url: str | None = None
        self.site_name: str | None = None
        self.meta_date: datetime | None = None


def _collapse(s: str) -> str:
    return _WS_RE.sub(" ", _STRIP_CHARS_RE.sub("", s)).strip()


def _html_body(html: str, headline: str | None) -> _Body:
    from bs4.element import NavigableString, Tag

    soup = _make_soup(html)
    body = _Body()
    _html_metadata(soup, body)

    # Pass 1, children before parents (reversed pre-order): decide what to drop and count
    # text (non-space characters) so the link-list and caption rules can look at subtrees.
    nodes = list(soup.descendants)
    dropped: set[int] = set()
    text_len: dict[int, int] = {}
    link_len: dict[int, int] = {}
    n_links: dict[int, int] = {}
    sole_len: dict[int, int] = {}  # text inside <small>/<time>
    for node in reversed(nodes):
        key = id(node)
        if isinstance(node, Tag):
            if _drop_by_markup(node):
                dropped.add(key)
                continue
            t = ln = nl = sl = 0
            all_items_links = True
            has_items = False
            for child in node.children:
                ck = id(child)
                if ck in dropped:
                    continue
                t += text_len.get(ck, 0)
                ln += link_len.get(ck, 0)
                nl += n_links.get(ck, 0)
                sl += sole_len.get(ck, 0)
                if isinstance(child, Tag) and child.name == "li" and text_len.get(ck, 0):
                    has_items = True
                    if link_len.get(ck, 0) < text_len[ck]:
                        all_items_links = False
            name = node.name
            if name == "a":
                ln = t
                if t:
                    nl += 1
            if name in _SOLE_NOISE_TAGS:
                sl = t
            drop = False
            if name in ("ul", "ol") and has_items and all_items_links:
                drop = True  # related-stories list
            elif nl >= 2 and t - ln <= _LINK_FARM_MAX_OTHER and name in _BLOCK_TAGS:
                drop = True  # "延伸閱讀" box, feed footer
            elif t and sl == t and name in _BLOCK_TAGS:
                drop = True  # caption or timestamp block
            if drop:
                dropped.add(key)
                continue
            text_len[key], link_len[key], n_links[key], sole_len[key] = t, ln, nl, sl
        elif type(node) is NavigableString:
            text_len[key] = len(_WS_RE.sub("", str(node)))

    # Pass 2, document order: emit paragraphs.
    buf: list[str] = []
    seen_links: set[str] = set()

    def flush() -> None:
        para = _collapse("".join(buf))
        buf.clear()
        if para:
            body.paragraphs.append(para)

    stack: list[tuple[object, bool]] = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            continue
        if id(node) in dropped:
            continue
        if isinstance(node, Tag):
            name = node.name
            if name in ("br", "hr"):
                flush()
                continue
            if name == "a" and text_len.get(id(node), 0):
                href = _clean_url(node.get("href") if isinstance(node.get("href"), str) else None)
                if href and href not in seen_links:
                    seen_links.add(href)
                    body.links.append(href)
            is_block = name in _BLOCK_TAGS
            if is_block:
                flush()
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) is NavigableString:
            buf.append(str(node))
    flush()
    return body


def _make_soup(html: str):
    """Parse leniently; html.parser rejects some "<!..." declarations outright."""
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    try:
        return BeautifulSoup(html, "html.parser")
    except (ParserRejectedMarkup, AssertionError) as exc:
        logger.debug("html.parser rejected the markup (%s); escaping '<!' and retrying", exc)
    try:
        return BeautifulSoup(re.sub(r"<!(?!--)", "&lt;!", html), "html.parser")
    except (ParserRejectedMarkup, AssertionError):
        # Last resort: no markup at all, so the text survives as one block.
        return BeautifulSoup(html.replace("<", "&lt;"), "html.parser")


def _drop_by_markup(tag) -> bool:
    if tag.name in _DROP_TAGS:
        return True
    attrs = tag.attrs
    if not attrs:
        return False
    for name, value in attrs.items():
        if name.startswith("data-selfpromo"):
            return True
        if name == "hidden":
            return True
        if name == "aria-hidden" and str(value).lower() == "true":
            return True
        if name == "role" and str(value).lower() in _NOISE_ROLES:
            return True
        if name in ("class", "id"):
            joined = " ".join(value) if isinstance(value, list) else str(value)
            if _NOISE_ATTR_RE.search(joined):
                return True
    return False


def _html_metadata(soup, body: _Body) -> None:
    # One walk over the tree collects what used to take ~30 soup.find calls (each a walk):
    # for every (attribute, value) the first <meta> carrying it, and the first <h1>,
    # <title> and <time datetime>, and the <link href>s, all in document order.
    first_meta: dict[tuple[str, str], object] = {}
    h1 = title = time_tag = None
    links = []
    for tag in soup.find_all(("meta", "h1", "title", "link", "time")):
        name = tag.name
        if name == "meta":
            for attr in ("property", "name", "itemprop"):
                value = tag.get(attr)
                if isinstance(value, str):
                    first_meta.setdefault((attr, value), tag)
                elif isinstance(value, list):  # (as soup.find matches a multi-valued one)
                    for v in (*value, " ".join(value)):
                        first_meta.setdefault((attr, v), tag)
        elif name == "h1":
            h1 = h1 if h1 is not None else tag
        elif name == "title":
            title = title if title is not None else tag
        elif name == "link":
            if tag.get("href") is not None:
                links.append(tag)
        elif time_tag is None and tag.get("datetime") is not None:
            time_tag = tag

    def meta(*keys: str) -> str | None:
        for key in keys:
            for attr in ("property", "name", "itemprop"):
                tag = first_meta.get((attr, key))
                if (
                    tag is not None
                    and isinstance(tag.get("content"), str)
                    and tag["content"].strip()
                ):
                    return tag["content"].strip()
        return None

    og_title = meta("og:title", "twitter:title")
    body.headline = (
        og_title
        or (_collapse(h1.get_text()) if h1 is not None else None)
        or (_collapse(title.get_text()) if title is not None else None)
        or None
    )
    canonical = None
    for link in links:
        rel = link.get("rel") or []
        rels = rel if isinstance(rel, list) else [rel]
        if any(str(r).lower() == "canonical" for r in rels):
            canonical = link["href"]
            break
    body.url = _clean_url(canonical) or _clean_url(meta("og:url"))
    body.site_name = meta("og:site_name")
    published = meta("article:published_time", "datePublished", "pubdate", "publishdate", "date")
    if published is None and time_tag is not None:
        published = str(time_tag["datetime"])
    body.meta_date = _to_utc(published) if published else None


_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_AUTOLINK_RE = re.compile(r"<(https?://[^>\s]+)>")
_MD_BLOCK_PREFIX_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_RULE_RE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


def _text_body(text: str, headline: str | None) -> _Body:
    body = _Body()
    lines = text.split("\n")
    # A leading "# heading" is the headline, not text.
    for i, line in enumerate(lines):
        if line.strip():
            m = re.match(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", line)
            if m:
                body.headline = _collapse(m.group(1))
                del lines[i]
            break
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or _MD_RULE_RE.match(line):
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    if len(blocks) == 1:
        # No blank line between paragraphs: each line is one.
        blocks = [[line] for line in blocks[0]]
    seen: set[str] = set()
    for block in blocks:
        parts = [_md_inline(line, body.links, seen) for line in block]
        para = ""
        for part in parts:
            part = _collapse(part)
            if not part:
                continue
            # Lines of one paragraph: a space only between two non-CJK characters
            # (wrapped English), none where either side is Chinese.
            if para and not (_is_cjkish(para[-1]) or _is_cjkish(part[0])):
                para += " "
            para += part
        para = _collapse(para)
        if para:
            body.paragraphs.append(para)
    return body


def _md_inline(line: str, links: list[str], seen: set[str]) -> str:
    line = _MD_BLOCK_PREFIX_RE.sub("", line)
    line = _MD_IMAGE_RE.sub("", line)

    def link(m: re.Match[str]) -> str:
        url = m.group(2)
        if url not in seen and m.group(1).strip():
            seen.add(url)
            links.append(url)
        return m.group(1)

    line = _MD_LINK_RE.sub(link, line)
    line = _MD_AUTOLINK_RE.sub(lambda m: m.group(1), line)
    return _MD_EMPHASIS_RE.sub(lambda m: m.group(2), line)


def _is_cjkish(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x2FA1F
    )


# --------------------------------------------------------------------------- clean-up


def _postprocess(
    paragraphs: list[str], headline: str | None, raw_title: str | None
) -> tuple[list[str], datetime | None]:
    """Drop non-text paragraphs; return the rest and the first dateline's time."""
    out: list[str] = []
    first_dateline: datetime | None = None
    titles = {t for t in (headline, _collapse(raw_title or "")) if t}
    for para in paragraphs:
        is_dateline, when = _dateline(para)
        if is_dateline:
            first_dateline = first_dateline or when
            continue
        if _COPYRIGHT_RE.match(para):
            continue
        if para in titles and len(out) < 3:
            titles.discard(para)  # the page's own <h1>, once
            continue
        out.append(para)
    return _join_hard_wrapped(out), first_dateline


def _ends_sentence(para: str) -> bool:
    s = para.rstrip()
    while s and s[-1] in _CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in _TERMINAL


def _join_hard_wrapped(paragraphs: list[str]) -> list[str]:
    """Join runs of hard-wrapped lines back into paragraphs.

    A wrapped line is at least 16 characters long and does not end a sentence; a run is two
    or more consecutive wrapped lines whose lengths are within 15% of the first one's (a
    fixed-width cut, as in RFI's "七国集</p><p>团和欧盟"), and it continues into the
    paragraph after it. Headings and list items are shorter, of other lengths, or single, so
    they are left alone. One pass, linear in the number of paragraphs.
    """
    out: list[str] = []
    i = 0
    n = len(paragraphs)
    while i < n:
        first = paragraphs[i]
        j = i + 1
        if _wrapped_candidate(first):
            ref = len(first)
            while (
                j < n
                and _wrapped_candidate(paragraphs[j])
                and abs(len(paragraphs[j]) - ref) <= 0.15 * ref
            ):
                j += 1
        if j - i >= 2:
            end = min(j + 1, n)  # the continuation line ends the wrapped sentence
            out.append("".join(paragraphs[i:end]))
            i = end
        else:
            out.append(first)
            i += 1
    return out


def _wrapped_candidate(para: str) -> bool:
    return len(para) >= 16 and not _ends_sentence(para)
