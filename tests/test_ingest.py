"""Ingest: real articles in, exact metadata and clean paragraph text out."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import PUBLISHERS, SUPPORTED, parse_article, read_article
from kg.model import Article

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_74332eaaa2aa362a.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev"
TRADITIONAL = ("01_", "06_", "10_", "18_", "20_", "21_", "23_")
UTC = timezone.utc

needs_shared = pytest.mark.skipif(
    not DEV.is_dir(), reason=f"dev corpus not found at {DEV} (shared/ sits beside the repo)"
)


def dev(prefix: str) -> Path:
    (path,) = DEV.glob(f"{prefix}_*.txt")
    return path


def dev_files() -> list[Path]:
    return sorted(DEV.glob("[0-9][0-9]_*.txt")) if DEV.is_dir() else []


def paragraphs(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.paragraphs]


def assert_well_formed(article: Article) -> None:
    assert len(article.norm) == len(article.text)
    slices = paragraphs(article)
    assert "\n".join(slices) == article.text
    prev_end = -1
    for (start, end), para in zip(article.paragraphs, slices):
        assert start > prev_end
        prev_end = end
        assert para and para == para.strip() and "\n" not in para and "  " not in para


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed() -> Article:
    return read_article(SEED)


def test_seed_metadata(seed: Article) -> None:
    assert seed.headline == "北约领导人联合声明：我们呼吁所有国家，不以任何方式支持俄罗斯的战争努力"
    # The URL is kept exactly as written in the file, percent-encoding included.
    url_line = SEED.read_text(encoding="utf-8").splitlines()[1]
    assert seed.url == url_line[url_line.index("](") + 2 : -1]
    assert seed.url.startswith("https://www.rfi.fr/cn/%E6%AC%A7%E6%B4%B2/20220324-%E5%8C%97")
    assert seed.publisher == "RFI"
    assert seed.published == datetime(2022, 3, 24, 20, 15, 1, tzinfo=UTC)
    assert seed.published.timestamp() * 1000 == 1648152901000
    assert seed.script == "Hans"
    assert seed.source == str(SEED)


def test_seed_body(seed: Article) -> None:
    paras = paragraphs(seed)
    assert len(paras) == 19  # one per <p> of the body
    assert paras[0].startswith("在俄罗斯全面入侵乌克兰一个月之际")
    assert paras[0].endswith("并捍卫所有盟友的安全。”")  # trailing spaces inside <strong> trimmed
    assert paras[-1].endswith("并促进立即和平解决。”")
    # The dateline and the image are not text.
    assert "24/03/2022" not in seed.text and "20:59" not in seed.text
    assert "Capture-1136" not in seed.text and "s.rfi.fr" not in seed.text
    # Inline link text is kept, and the link is the one outbound citation.
    assert paras[1].startswith("北约30国领导人通过声明表示：“我们，北约30个盟国")
    assert seed.links == (
        "https://www.nato.int/cps/en/natohq/official_texts_193719.htm?selectedLocale=en",
    )
    assert seed.norm == seed.text  # already Simplified
    assert_well_formed(seed)


def test_seed_content_hash_is_sha256_of_the_raw_bytes(seed: Article) -> None:
    import hashlib

    assert seed.content_hash == hashlib.sha256(SEED.read_bytes()).hexdigest()


def test_seed_truncated_html_still_ingests() -> None:
    raw = SEED.read_text(encoding="utf-8")
    cut = raw[: raw.index("自2014年以来") + 5]  # ends inside a <p>, no closing tags
    article = parse_article(cut)
    full = read_article(SEED)
    assert paragraphs(article)[:6] == paragraphs(full)[:6]
    assert paragraphs(article)[-1].endswith("自2014")
    assert article.published == full.published
    assert_well_formed(article)


def test_seed_as_markdown_and_plain_text(seed: Article) -> None:
    paras = paragraphs(seed)
    md = f"# {seed.headline}\n\n" + "\n\n".join(paras) + "\n"
    article = parse_article(md, "seed.md")
    assert article.headline == seed.headline
    assert paragraphs(article) == paras
    assert article.url is None and article.published is None
    # Newline-separated, no blank lines, no heading: one paragraph per line.
    article = parse_article("\n".join(paras), "seed.txt")
    assert article.headline is None
    assert paragraphs(article) == paras


def test_markdown_blocks_links_and_wrapped_lines() -> None:
    md = (
        "# 北约峰会\n\n"
        "北约30国领导人[通过声明表示](https://www.nato.int/cps/en/natohq/official_texts_193719.htm)：\n"
        "“我们仍然团结一致。”\n\n"
        "- 坚决反对俄罗斯的侵略\n\n"
        "**声明称**：援助乌克兰政府和人民。\n"
    )
    article = parse_article(md)
    assert article.headline == "北约峰会"
    assert paragraphs(article) == [
        "北约30国领导人通过声明表示：“我们仍然团结一致。”",
        "坚决反对俄罗斯的侵略",
        "声明称：援助乌克兰政府和人民。",
    ]
    assert article.links == ("https://www.nato.int/cps/en/natohq/official_texts_193719.htm",)


# --------------------------------------------------------------------------- dev corpus


@needs_shared
@pytest.mark.parametrize("path", dev_files(), ids=lambda p: p.name[:2])
def test_every_dev_file_ingests(path: Path) -> None:
    article = read_article(path)
    raw = path.read_text(encoding="utf-8")
    assert article.headline and article.url and article.publisher and article.published
    assert article.published.tzinfo is not None and article.published.utcoffset() == timedelta(0)
    # Published time is the epoch comment of the file.
    epoch_ms = int(re.search(r"<!--(\d+)-->", raw).group(1))
    assert article.published.timestamp() * 1000 == epoch_ms
    assert article.publisher in set(PUBLISHERS.values())
    assert article.script == ("Hant" if path.name.startswith(TRADITIONAL) else "Hans")
    assert "<" not in article.text and "&nbsp;" not in article.text
    assert "获取更多RSS" not in article.text
    assert not any("feedx" in link for link in article.links)
    assert_well_formed(article)


@needs_shared
@pytest.mark.parametrize(
    ("prefix", "headline", "publisher", "published", "first"),
    [
        (
            "01",
            "俄代表稱準備恢復和平談判 決定權在基輔手上",
            "CNA",
            "2022-05-22T20:04:02",
            "（中央社莫斯科22日綜合外電報導）繼烏克蘭21日排除",
        ),
        (
            "04",
            "美韩迈向经济技术和全球秩序同盟 印太战略薄弱环节得到加强",
            "VOA",
            "2022-05-22T14:59:02",
            "美国总统拜登首次亚洲之行第一站--对韩国的访问已经结束。",
        ),
        (
            # The archive's "[World] " feed tag is not part of the headline.
            "05",
            "北约扩张为何让中国担心？ 亚太版“北约”出现的可能与背景",
            "BBC",
            "2022-05-19T11:00:55",
            "俄罗斯入侵乌克兰战争持续的同时，北欧国家芬兰和瑞典都决定申请加入北约。",
        ),
        (
            "09",
            "减少对俄能源依赖 欧盟公布3000亿欧元计划",
            "DW",
            "2022-05-19T10:47:05",
            "（德国之声中文网）欧委会主席冯德莱恩周三表示",
        ),
        (
            "14",
            "拜登访问日韩前夕 白宫：朝鲜正准备进行核试验",
            "RFA",
            "2022-05-13T14:03:33",
            "美国总统拜登即将在5月20到24日访问韩国和日本",
        ),
        (
            "16",
            "中国常驻联合国代表：对话是解决朝鲜问题的唯一途径",
            "Lianhe Zaobao",
            "2022-05-11T23:53:00",
            "中国常驻联合国代表张军昨天（11日）在联合国安理会上说",
        ),
        (
            "19",
            "普京的胜利日讲话传达了什么信息？",
            "NYT",
            "2022-05-10T08:07:01",
            "他没有宣称胜利或“任务完成”",
        ),
        (
            # Two spaces in the title collapse to one.
            "20",
            "澳洲新政府三挑戰 氣候變遷、通膨及對外關係",
            "CNA",
            "2022-05-22T18:04:02",
            "（中央社記者丘德真雪梨22日專電）",
        ),
        (
            "25",
            "Tor 网络引入拥堵控制改进网络性能",
            "Solidot",
            "2022-05-10T07:39:41",
            "Tor 协议升级到了 v0.4.7.7，引入了名为拥堵控制（Congestion Control）的新系统",
        ),
    ],
)
def test_dev_metadata(prefix: str, headline: str, publisher: str, published: str, first: str):
    article = read_article(dev(prefix))
    assert article.headline == headline
    assert article.publisher == publisher
    assert article.published == datetime.fromisoformat(published).replace(tzinfo=UTC)
    assert paragraphs(article)[0].startswith(first)


@needs_shared
def test_dev_urls_kept_as_written() -> None:
    assert (
        read_article(dev("16")).url == "https://www.zaobao.com/realtime/china/story20220512-1271813"
    )
    assert read_article(dev("05")).url == (
        "https://www.bbc.com/zhongwen/simp/world-61470201?at_medium=RSS&at_campaign=KARANGA"
    )
    assert read_article(dev("09")).url.startswith("https://www.dw.com/zh/%E5%87%8F%E5%B0%91")


@needs_shared
@pytest.mark.parametrize("path", [p for p in dev_files() if p.name.startswith(TRADITIONAL)])
def test_traditional_files_normalise_to_simplified(path: Path) -> None:
    article = read_article(path)
    assert article.script == "Hant"
    assert len(article.norm) == len(article.text)
    for m in re.finditer("烏克蘭", article.text):
        assert article.norm[m.start() : m.end()] == "乌克兰"
    assert "國" not in article.norm


@needs_shared
def test_traditional_ukraine_occurs() -> None:
    # Guard for the loop above: the corpus does have 烏克蘭 in Traditional articles.
    hits = [p.name[:2] for p in dev_files() if "烏克蘭" in read_article(p).text]
    assert hits == ["01", "06", "10", "18", "21"]


@needs_shared
def test_bbc_noise_removed() -> None:
    article = read_article(dev("05"))
    text = article.text
    # related-stories lists (link-only <li>s)
    assert "中俄关系70年沧桑" not in text
    assert "20年前 中国驻南联盟大使馆被北约轰炸的夜晚" not in text
    # figure captions and credits
    assert "图像加注文字" not in text and "图像来源" not in text and "Reuters" not in text
    assert "5月18日，北约为芬兰和瑞典申请加入举行仪式" not in text
    # the relative timestamp and the <h1> repeating the headline
    assert "分钟前" not in text
    assert not text.startswith("北约扩张为何让中国担心")
    # ...but a real bullet list and the section headings stay
    assert "是冷战产物\n是美国谋求霸权的工具\n鼓吹新冷战" in text
    assert "\n中国与北约的新矛盾\n" in text
    assert article.links == (
        "https://www.nato.int/cps/en/natolive/news_185000.htm?selectedLocale=en",
    )
    assert len(article.paragraphs) == 46


@needs_shared
def test_other_outlets_noise_removed() -> None:
    voa = read_article(dev("04"))
    assert "Sun, 22 May 2022" not in voa.text
    assert "美联社照" not in voa.text  # image caption in <small>
    assert "韩国梨花女子大学朝鲜学系教授朴元坤（本人提供）" not in voa.text
    assert "韩国梨花女子大学朝鲜学系教授朴元坤认为" in voa.text

    voa8 = paragraphs(read_article(dev("08")))
    assert voa8[1] == "成为反击目标的可能性"  # <br><br> separated paragraphs

    dw = read_article(dev("09"))
    assert "2022-05-19T10:18:05" not in dw.text and "版权声明" not in dw.text
    assert paragraphs(dw)[-1] == "（德新社、路透社）"

    rfa = read_article(dev("14"))
    assert "朝鲜疑用潜艇试射导弹" not in rfa.text  # related-link list
    assert "首尔火车站" not in rfa.text  # figure caption
    assert rfa.links == ()

    cna = read_article(dev("21"))
    assert "延伸閱讀" not in cna.text and "俄羅斯原油遭抵制" not in cna.text
    assert cna.links == ()

    nyt = read_article(dev("19"))
    assert "ANTON TROIANOVSKI" not in nyt.text and "2022年5月10日" not in nyt.text
    assert "Maxim Shemetov" not in nyt.text  # figcaption
    assert "翻译：纽约时报中文网" not in nyt.text  # footer
    assert nyt.links == (
        "https://www.nytimes.com/2022/05/08/world/europe/russia-may-9-victory-day-ukraine.html",
        "https://www.nytimes.com/2022/03/30/world/europe/putin-advisers-ukraine.html",
        "https://ovd.news/news/2022/02/24/akcii-v-podderzhku-naroda-ukrainy-i-protiv-voyny",
        "https://www.wilsoncenter.org/article/russias-nuclear-threats-recast-cold-war-dangers-delicate-balance-terror-revisited",
    )

    solidot = read_article(dev("25"))
    assert solidot.links == (
        "https://forum.torproject.net/t/stable-release-0-4-7-7/3108/2",
        "https://www.bleepingcomputer.com/news/security/tor-project-upgrades-network-speed-performance-with-new-system/",
    )


@needs_shared
def test_rfi_hard_wrapped_lines_are_joined() -> None:
    paras = paragraphs(read_article(dev("17")))
    assert len(paras) == 7
    # "七国集</p><p>团" in the source: the organisation name is whole again.
    assert paras[1].startswith(
        "中国政府驻港联络办公室(中联办)今(10日)早在官网发表发言人谈话，指七国集团和欧盟"
    )
    assert paras[1].endswith("都改变不了中共的决心和香港繁荣稳定大局。")
    assert paras[2] == "中国驻美、日、意使馆未见批驳"  # a heading is not glued to the next line
    assert paras[3].endswith("至于驻美国、法国及意大利的中国大使馆则未见有关回应。")


# --------------------------------------------------------------------------- metadata rules


@needs_shared
def test_dateline_and_front_matter_dates_as_fallbacks() -> None:
    seed = SEED.read_text(encoding="utf-8")
    no_epoch = seed.split("\n", 1)[1]
    # RFI dateline "24/03/2022 - 20:59" is Paris time, UTC+1 before the March 27 switch...
    assert parse_article(no_epoch).published == datetime(2022, 3, 24, 19, 59, tzinfo=UTC)

    rfi = dev("02").read_text(encoding="utf-8")
    # ...front matter wins over the dateline when the epoch comment is missing...
    assert parse_article(re.sub(r"<!--\d+-->\n", "", rfi)).published == datetime(
        2022, 5, 22, 18, 15, 2, tzinfo=UTC
    )
    # ...and "22/05/2022 - 20:10" is UTC+2 in summer.
    body_only = rfi[rfi.index("[美国") :]
    assert parse_article(body_only).published == datetime(2022, 5, 22, 18, 10, tzinfo=UTC)

    voa = dev("04").read_text(encoding="utf-8")
    assert parse_article(voa[voa.index("[美韩") :]).published == datetime(
        2022, 5, 22, 14, 54, 47, tzinfo=UTC
    )
    dw = dev("09").read_text(encoding="utf-8")
    assert parse_article(dw[dw.index("[减少") :]).published == datetime(
        2022, 5, 19, 10, 18, 5, 285000, tzinfo=UTC
    )


@needs_shared
def test_publisher_rule_host_first_then_author() -> None:
    raw = dev("01").read_text(encoding="utf-8")
    # Known host wins.
    assert parse_article(raw).publisher == "CNA"
    # Unknown host: the author, region tag removed and mapped.
    other = raw.replace("https://www.cna.com.tw/", "https://mirror.example.org/")
    assert parse_article(other).publisher == "CNA"
    assert parse_article(other.replace("(臺)中央社CNA", "某某日报")).publisher == "某某日报"
    # A known host overrides a misleading author.
    assert parse_article(raw.replace("author: (臺)中央社CNA", "author: 法广")).publisher == "CNA"


@needs_shared
def test_malformed_front_matter_warns_and_ingests_the_rest(caplog) -> None:
    raw = dev("02").read_text(encoding="utf-8")
    broken = raw.replace('title: "美国：', "title: [美国：", 1)
    reference = parse_article(raw)
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        article = parse_article(broken, "broken.txt")
    assert any(
        r.levelno == logging.WARNING and "broken.txt: malformed YAML front matter" in r.message
        for r in caplog.records
    )
    # The wrapper lines still give title, URL and date; the body is unchanged.
    assert article.headline == reference.headline == "美国：中国继续公开错误描述美国的台湾政策"
    assert article.url == reference.url
    assert article.published == reference.published
    assert article.text == reference.text


@needs_shared
def test_plain_html_page() -> None:
    raw = dev("05").read_text(encoding="utf-8")
    body = raw[raw.index("------\n") + 7 :]
    page = (
        "<!DOCTYPE html><html><head><title>北约扩张为何让中国担心？ - BBC News 中文</title>"
        '<meta property="og:title" content="北约扩张为何让中国担心？ 亚太版“北约”出现的可能与背景">'
        '<link rel="canonical" href="https://www.bbc.com/zhongwen/simp/world-61470201">'
        '<meta property="article:published_time" content="2022-05-19T18:55:00+08:00">'
        f"<script>var x = '<p>not text</p>';</script></head><body>{body}</body></html>"
    )
    article = parse_article(page, "page.html")
    wrapped = read_article(dev("05"))
    assert article.headline == wrapped.headline
    assert article.url == "https://www.bbc.com/zhongwen/simp/world-61470201"
    assert article.publisher == "BBC"
    assert article.published == datetime(2022, 5, 19, 10, 55, tzinfo=UTC)
    assert article.text == wrapped.text
    assert article.links == wrapped.links


# --------------------------------------------------------------------------- encodings


@needs_shared
@pytest.mark.parametrize(
    ("prefix", "encoding"),
    [
        ("02", "gb18030"),
        ("05", "gb18030"),
        ("06", "big5"),
        ("21", "big5"),
        ("10", "gb18030"),
        ("05", "utf-16"),
        ("01", "utf-16-le"),  # no BOM
        ("01", "utf-8-sig"),
    ],
)
def test_encodings_round_trip(prefix: str, encoding: str) -> None:
    text = dev(prefix).read_text(encoding="utf-8")
    reference = parse_article(text)
    article = parse_article(text.encode(encoding), f"{prefix}.{encoding}")
    for field in ("text", "norm", "paragraphs", "headline", "url", "publisher", "published"):
        assert getattr(article, field) == getattr(reference, field), field
    assert article.links == reference.links


def test_a_few_bad_utf8_bytes_are_replaced_with_a_warning(caplog) -> None:
    seed = SEED.read_bytes()
    cut = seed.index("北约30国领导人通过声明".encode())
    damaged = seed[:cut] + b"\xff\xfe" + seed[cut:]
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        article = parse_article(damaged, "damaged.txt")
    assert "2 invalid UTF-8 byte sequence(s) replaced" in caplog.text
    assert "\ufffd\ufffd北约30国领导人通过声明" in article.text


# --------------------------------------------------------------------------- errors


def test_error_empty_and_whitespace(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        read_article(empty)
    assert str(exc.value) == f"{empty}: is empty; give a .txt, .md or .html news article"
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\r\n\xe3\x80\x80\n")  # includes an ideographic space
    with pytest.raises(InputError) as exc:
        read_article(blank)
    assert str(exc.value) == f"{blank}: contains only whitespace; give {SUPPORTED}"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file (PNG image)"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "a binary file (gzip archive)"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a binary file (zip archive)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "a binary file (PDF document)"),
        (b"\x01\x02\x00\x7f\xff\x00\x13\x00\x00", "a binary file"),
    ],
)
def test_error_binary(tmp_path: Path, data: bytes, what: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_article(path)
    assert str(exc.value) == (
        f"{path}: is {what}, not an article; give a .txt, .md or .html news article"
    )


def test_error_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(52_400_000)  # sparse: nothing is read, the size check comes first
    with pytest.raises(InputError) as exc:
        read_article(big)
    assert str(exc.value) == f"{big}: is 52.4 MB, over the 20 MB limit; raise it with --max-bytes"
    with pytest.raises(InputError) as exc:
        parse_article(SEED.read_bytes(), "seed", max_bytes=1000)
    assert str(exc.value) == "seed: is 10.4 kB, over the 1 kB limit; raise it with --max-bytes"
    assert read_article(SEED, max_bytes=20_000).headline  # a raised limit lets it through


def test_error_no_article_text(tmp_path: Path) -> None:
    path = tmp_path / "only-markup.html"
    path.write_text(
        "<!--1648152901000-->\n[标题](https://www.rfi.fr/cn/x)\n------\n<div><div>24/03/2022 - 20:59</div>"
        '<img src="https://s.rfi.fr/a.png"><div data-selfpromo-app>订阅</div></div>',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        read_article(path)
    assert str(exc.value) == (
        f"{path}: has no article text (only markup, links or metadata);"
        " give a .txt, .md or .html news article"
    )


def test_error_directory_and_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_article(tmp_path)
    assert str(exc.value) == f"{tmp_path}: is a directory; give the article files inside it"
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError) as exc:
        read_article(missing)
    assert str(exc.value) == f"{missing}: no such file; check the path"


def test_error_unreadable(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("正文。", encoding="utf-8")

    # chmod 000 does not stop root (CI runs as root), so make open() refuse instead.
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError) as exc:
        read_article(path)
    assert str(exc.value) == f"{path}: cannot be read (permission denied); check its permissions"


def test_error_undecodable_text() -> None:
    latin1 = "Le sommet de l'OTAN à Bruxelles a été très suivi. Les alliés ont réagi. ".encode(
        "latin-1"
    )
    with pytest.raises(InputError) as exc:
        parse_article(latin1 * 5, "fr.txt")
    assert str(exc.value) == "fr.txt: is not UTF-8, GB18030 or Big5 text; save it as UTF-8"


def test_error_messages_are_one_line(tmp_path: Path) -> None:
    for data in (b"", b"\x89PNG\r\n\x1a\n", b"<p></p>", "é".encode("latin-1") * 9):
        with pytest.raises(InputError) as exc:
            parse_article(data, str(tmp_path / "x.txt"))
        message = str(exc.value)
        assert "\n" not in message and message.startswith(f"{tmp_path / 'x.txt'}: ")
        assert "; " in message


# --------------------------------------------------------------------------- properties

_HTML_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<br>", "<ul><li>", "</li></ul>", "<a href='https://x.org/1'>",
        "</a>", "<img src=x>", "<script>", "</script>", "<figure>", "<h1>", "</h1>", "<!--1648152901000-->\n",
        "[标题](https://www.rfi.fr/cn/x)\n", "------\n", "---\n", "title: 北约\n", "date: 2022-13-45\n",
        "<div>24/03/2022 - 20:59</div>", "<small>", "</small>", "<time datetime='2022-05-19'>",
        "北约", "烏克蘭", "声明表示：", "。", " ", "\n", "\n\n", "&nbsp;", "&amp;", "<", ">", "# ",
        "<div data-selfpromo-app>", "<p style='x'>", "</", "<!", "<![CDATA[", "\x00", "\ufeff",
    ]
)  # fmt: skip


def _check(result_or_error) -> None:
    if isinstance(result_or_error, Article):
        assert_well_formed(result_or_error)


@given(st.text())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_property_arbitrary_text(text: str) -> None:
    try:
        _check(parse_article(text))
    except InputError:
        pass


@given(st.lists(st.one_of(_HTML_PIECES, st.text(max_size=8)), max_size=40).map("".join))
@example("<p><![标题](https://www.rfi.fr/cn/x)\n")  # html.parser rejects "<![" + non-CDATA
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_property_html_ish(text: str) -> None:
    try:
        _check(parse_article(text))
    except InputError:
        pass


@given(st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_property_arbitrary_bytes(data: bytes) -> None:
    try:
        _check(parse_article(data))
    except InputError:
        pass
