"""Test helpers for the exports: hand-built graphs in the contract's shape, and a headless
Chromium check of the HTML view.

The graphs follow spec/graph-contract.md exactly (articles, sentences, entities with @zh/@en
labels, a role node, events of several classes with agents/targets/locations/dates); their
sentences are copied from the seed article (RFI, 24 March 2022), so the values asserted in
tests can be checked by reading the text. ``hostile=True`` adds an entity and a sentence whose
text is markup, for the XSS checks.

Run as a script to check one HTML file by hand:
    python tests/browser_check.py net.html shot.png
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.vocab import ENTITY_CLASSES, EVENT_CLASSES, KG, KGR, SCHEMA, WD, bind_prefixes

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"

SEED_ID = "a1b2c3d4e5f60718"
SEED_URL = "https://www.rfi.fr/cn/欧洲/20220324-北约领导人联合声明"

# (index, start, end, text): sentences of the seed article (offsets are illustrative but
# consistent: end - start == len(text))
SEED_SENTENCES = [
    "在俄罗斯全面入侵乌克兰一个月之际，北约特别峰会3月24日在比利时首都布鲁塞尔的北约总部举行。",
    "声明表示：“我们以最强烈的措辞谴责俄罗斯对乌克兰的入侵。",
    (
        "我们呼吁普京总统立即停止这场战争，从乌克兰撤出军事力量，并呼吁白俄罗斯根据2022年3月2日"
        "联合国大会通过的侵略乌克兰决议，结束其共谋行为。"
    ),
    "为了结束这场战争，我们对俄罗斯实施了大规模的制裁并付出了沉重的政治代价。",
    "并在我们的东翼部署了40000名部队，以及大量的航空和海军资产，由盟国的国家部署支持的北约直接指挥。",
    (
        "值得一提的是，由于俄罗斯入侵乌克兰的战争尚未结束，北约秘书长斯托尔滕贝格（Jens Stoltenberg）"
        "将延长任期一年。"
    ),
    "他们还批准了四个新的北约多国战斗群，分别将部署于保加利亚、匈牙利、罗马尼亚和斯洛伐克。",
    "北约盟国还提供广泛的人道主义支持，并接纳了数百万难民。",
]

# key -> (class, zh, en, qid, alt labels)
ENTITIES = {
    "nato": ("Organization", "北约", "NATO", "Q7184", ["北大西洋公约组织", "北約"]),
    "russia": ("Country", "俄罗斯", "Russia", "Q159", ["俄國"]),
    "ukraine": ("Country", "乌克兰", "Ukraine", "Q212", []),
    "belarus": ("Country", "白俄罗斯", "Belarus", "Q184", []),
    "belgium": ("Country", "比利时", "Belgium", "Q31", []),
    "bulgaria": ("Country", "保加利亚", "Bulgaria", "Q219", []),
    "hungary": ("Country", "匈牙利", "Hungary", "Q28", []),
    "romania": ("Country", "罗马尼亚", "Romania", "Q218", []),
    "slovakia": ("Country", "斯洛伐克", "Slovakia", "Q214", []),
    "brussels": ("Place", "布鲁塞尔", "Brussels", "Q239", []),
    "eastern-flank": ("Place", "东翼", None, None, []),
    "putin": ("Person", "普京", "Vladimir Putin", "Q7747", []),
    "stoltenberg": ("Person", "斯托尔滕贝格", "Jens Stoltenberg", "Q57643", []),
    "un-general-assembly": (
        "Organization",
        "联合国大会",
        "United Nations General Assembly",
        "Q47423",
        [],
    ),
}

# (class, sentence, trigger, agents, targets, locations, date (value, datatype), extra)
EVENTS = [
    ("Meeting", 0, "峰会", ["nato"], [], ["brussels"], ("2022-03-24", XSD.date), {}),
    ("Attack", 0, "入侵", ["russia"], ["ukraine"], [], None, {}),
    (
        "Condemnation",
        1,
        "谴责",
        ["nato"],
        ["russia"],
        [],
        None,
        {"content": "俄罗斯对乌克兰的入侵"},
    ),
    ("Demand", 2, "呼吁", ["nato"], ["putin"], [], None, {"content": "立即停止这场战争"}),
    ("Demand", 2, "呼吁", ["nato"], ["belarus"], [], None, {"content": "结束其共谋行为"}),
    ("Sanction", 3, "制裁", ["nato"], ["russia"], [], None, {}),
    (
        "Deployment",
        4,
        "部署",
        ["nato"],
        [],
        ["eastern-flank"],
        None,
        {"quantity": 40000, "unit": "名部队"},
    ),
    ("Personnel", 5, "延长任期", ["nato"], ["stoltenberg"], [], ("2022-09", XSD.gYearMonth), {}),
    (
        "Deployment",
        6,
        "部署",
        ["nato"],
        [],
        ["bulgaria", "hungary", "romania", "slovakia"],
        None,
        {"modality": "planned"},
    ),
    ("Aid", 7, "人道主义支持", ["nato"], ["ukraine"], [], ("2014", XSD.gYear), {}),
]


def _h(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def entity_iri(key: str) -> URIRef:
    return KGR[f"entity/{key}"]


def event_iri(article_id: str, index: int) -> URIRef:
    return KGR[f"event/{_h(article_id, str(index))}"]


def _add_article(
    g: Graph, art_id: str, headline: str, url: str, sentences: list[str], lang: str = "zh"
) -> URIRef:
    art = KGR[f"article/{art_id}"]
    g.add((art, RDF.type, KG.Article))
    g.add((art, SCHEMA.headline, Literal(headline, lang=lang)))
    g.add((art, SCHEMA.url, Literal(url, datatype=XSD.anyURI)))
    g.add((art, SCHEMA.datePublished, Literal("2022-03-24T19:59:00Z", datatype=XSD.dateTime)))
    publisher = KGR["publisher/rfi"]
    g.add((art, SCHEMA.publisher, publisher))
    g.add((publisher, RDF.type, SCHEMA.Organization))
    g.add((publisher, RDFS.label, Literal("RFI")))
    g.add(
        (
            art,
            SCHEMA.citation,
            URIRef("https://www.nato.int/cps/en/natohq/official_texts_193719.htm"),
        )
    )
    g.add((art, KG.contentHash, Literal(hashlib.sha256(art_id.encode()).hexdigest())))
    pos = 0
    for i, text in enumerate(sentences):
        s = KGR[f"article/{art_id}/s{i}"]
        g.add((s, RDF.type, KG.Sentence))
        g.add((s, KG.text, Literal(text, lang=lang)))
        g.add((s, KG.start, Literal(pos, datatype=XSD.integer)))
        g.add((s, KG.end, Literal(pos + len(text), datatype=XSD.integer)))
        g.add((s, KG.index, Literal(i, datatype=XSD.integer)))
        g.add((s, KG.inArticle, art))
        pos += len(text) + 1
    return art


def _add_entity(
    g: Graph,
    key: str,
    cls: str,
    zh: str,
    en: str | None,
    qid: str | None,
    alts: list[str],
    articles: list[URIRef],
) -> URIRef:
    e = entity_iri(key)
    g.add((e, RDF.type, KG[cls]))
    g.add((e, RDFS.label, Literal(zh, lang="zh")))
    if en:
        g.add((e, RDFS.label, Literal(en, lang="en")))
    for alt in alts:
        g.add((e, SKOS.altLabel, Literal(alt, lang="zh-Hant" if alt in ("北約", "俄國") else "zh")))
    if qid:
        g.add((e, OWL.sameAs, WD[qid]))
    for art in articles:
        g.add((e, KG.mentionedIn, art))
    return e


def _add_event(
    g: Graph,
    iri: URIRef,
    cls: str,
    sentence: URIRef,
    trigger: str,
    agents,
    targets,
    locations,
    date,
    extra: dict,
) -> None:
    g.add((iri, RDF.type, KG[cls]))
    g.add((iri, KG.sourceSentence, sentence))
    g.add((iri, KG.trigger, Literal(trigger, lang="zh")))
    for k in agents:
        g.add((iri, KG.agent, entity_iri(k)))
    for k in targets:
        g.add((iri, KG.target, entity_iri(k)))
    for k in locations:
        g.add((iri, KG.location, entity_iri(k)))
    if date:
        g.add((iri, KG.date, Literal(date[0], datatype=date[1])))
        g.add(
            (
                iri,
                KG.dateText,
                Literal(
                    {"2022-03-24": "3月24日", "2022-09": "2022年9月", "2014": "自2014年以来"}[
                        date[0]
                    ],
                    lang="zh",
                ),
            )
        )
    if "content" in extra:
        g.add((iri, KG.content, Literal(extra["content"], lang="zh")))
    if "quantity" in extra:
        g.add((iri, KG.quantity, Literal(extra["quantity"], datatype=XSD.integer)))
        g.add((iri, KG.quantityUnit, Literal(extra["unit"], lang="zh")))
    if "modality" in extra:
        g.add((iri, KG.modality, Literal(extra["modality"])))


def seed_like_graph(hostile: bool = False) -> Graph:
    """The seed article's main facts in the contract's shape, plus a second (Traditional)
    article that mentions NATO and Russia again, so mention counts differ."""
    g = bind_prefixes(Graph())
    art = _add_article(
        g,
        SEED_ID,
        "北约领导人联合声明：我们呼吁所有国家，不以任何方式支持俄罗斯的战争努力",
        SEED_URL,
        SEED_SENTENCES,
    )
    art2 = _add_article(
        g,
        "ffeeddccbbaa9988",
        "北約秘書長：俄國應停止戰爭",
        "https://example.org/zh-hant/nato",
        ["北約秘書長呼籲俄國立即停火。"],
        lang="zh-Hant",
    )
    for key, (cls, zh, en, qid, alts) in ENTITIES.items():
        arts = [art, art2] if key in ("nato", "russia", "stoltenberg") else [art]
        _add_entity(g, key, cls, zh, en, qid, alts, arts)
    # role: 北约秘书长
    role = KGR[f"role/{_h('stoltenberg', '秘书长', 'nato')}"]
    g.add((role, RDF.type, KG.Role))
    g.add((role, KG.roleTitle, Literal("秘书长", lang="zh")))
    g.add((role, KG.roleTitle, Literal("Secretary General", lang="en")))
    g.add((role, KG.roleOf, entity_iri("nato")))
    g.add((entity_iri("stoltenberg"), KG.holdsRole, role))
    for key in ("bulgaria", "hungary", "romania", "slovakia", "belgium"):
        g.add((entity_iri(key), KG.memberOf, entity_iri("nato")))
    g.add((entity_iri("brussels"), KG.locatedIn, entity_iri("belgium")))
    for n, (cls, si, trig, ag, ta, lo, date, extra) in enumerate(EVENTS):
        sentence = KGR[f"article/{SEED_ID}/s{si}"]
        _add_event(g, event_iri(SEED_ID, n), cls, sentence, trig, ag, ta, lo, date, extra)
    # the Traditional article's demand: 北約秘書長呼籲俄國立即停火
    _add_event(
        g,
        event_iri("ffeeddccbbaa9988", 0),
        "Demand",
        KGR["article/ffeeddccbbaa9988/s0"],
        "呼籲",
        ["stoltenberg"],
        ["russia"],
        [],
        None,
        {"content": "立即停火"},
    )
    if hostile:
        add_hostile(g)
    return g


def add_hostile(g: Graph) -> None:
    """An entity and a sentence whose text is markup: it must be shown, never run."""
    art = KGR[f"article/{SEED_ID}"]
    _add_entity(g, "xss-img", "Person", XSS_IMG, XSS_SCRIPT, None, [], [art])
    _add_entity(g, "xss-script", "Organization", XSS_SCRIPT, "<b>bold</b>", None, [], [art])
    s = KGR[f"article/{SEED_ID}/s99"]
    g.add((s, RDF.type, KG.Sentence))
    g.add((s, KG.text, Literal(f"有人写道{XSS_SCRIPT}和{XSS_IMG}。", lang="zh")))
    g.add((s, KG.index, Literal(99, datatype=XSD.integer)))
    g.add((s, KG.inArticle, art))
    ev = KGR["event/xss0000000000000"]
    _add_event(
        g, ev, "Threat", s, XSS_SCRIPT, ["xss-img"], ["xss-script"], [], None, {"content": XSS_IMG}
    )


ENTITY_CYCLE = ENTITY_CLASSES
EVENT_CYCLE = EVENT_CLASSES


def synthetic_graph(entities: int = 700, events: int = 1300, seed: int = 7) -> Graph:
    """A contract-shaped graph of ``entities + events`` drawable nodes (default 2,000),
    with 50 articles and one sentence per event; deterministic for a given ``seed``."""
    import random

    rnd = random.Random(seed)
    g = bind_prefixes(Graph())
    arts = [
        _add_article(g, f"{i:016x}", f"第{i}篇新闻", f"https://example.org/{i}", [])
        for i in range(50)
    ]
    keys = []
    for i in range(entities):
        cls = ENTITY_CYCLE[i % 4]
        key = f"ent-{i}"
        keys.append(key)
        _add_entity(
            g,
            key,
            cls,
            f"实体{i}",
            f"Entity {i}" if i % 3 else None,
            f"Q{1000 + i}" if i % 2 else None,
            [],
            rnd.sample(arts, 1 + i % 3),
        )
    for n in range(events):
        if n < entities:  # each entity at least once
            first = keys[n]
        else:
            first = None
        art_id = f"{n % 50:016x}"
        s = KGR[f"article/{art_id}/s{n}"]
        g.add((s, RDF.type, KG.Sentence))
        g.add((s, KG.text, Literal(f"第{n}句：某方对另一方采取了行动。", lang="zh")))
        g.add((s, KG.index, Literal(n, datatype=XSD.integer)))
        g.add((s, KG.inArticle, KGR[f"article/{art_id}"]))

        # a few hubs (like NATO, Russia) take many roles, as in real news; the rest is spread
        # so that every entity takes part in something
        def pick() -> str:
            if rnd.random() < 0.4:
                return keys[int(rnd.paretovariate(1.2)) % entities]
            return keys[rnd.randrange(entities)]

        _add_event(
            g,
            KGR[f"event/{n:016x}"],
            EVENT_CYCLE[n % 11],
            s,
            "行动",
            [first or pick()],
            [pick()] if n % 4 else [],
            [keys[rnd.randrange(entities)]] if n % 5 == 0 else [],
            ("2022-03-24", XSD.date) if n % 2 else None,
            {},
        )
    return g


# --- headless Chromium --------------------------------------------------------------------

CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    env = os.environ.get("KG_CHROMIUM")
    if env and Path(env).is_file():
        return env
    for c in CHROMIUM_CANDIDATES:
        if Path(c).is_file():
            return c
    return shutil.which("chromium") or shutil.which("chromium-browser")


def check_page(
    html: Path,
    screenshot: Path | None,
    profile: Path,
    timeout_s: float = 120.0,
    wait_stable: bool = True,
    actions=None,
) -> dict:
    """Open ``html`` in headless Chromium with every non-file request refused.

    Returns a dict: nodes/edges (lengths of network.body.data), blocked (refused request
    URLs), console_errors, page_errors, dialogs (alert/confirm texts), stabilised_ms (time from
    navigation to physics off), and under "actions" what ``actions(page)`` returned (it runs
    after the screenshot, on the live page).
    """
    from playwright.sync_api import sync_playwright

    result: dict = {"blocked": [], "console_errors": [], "page_errors": [], "dialogs": []}
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 800},
        )
        try:

            def route(r):
                if r.request.url.startswith(("file:", "data:", "about:", "blob:")):
                    r.continue_()
                else:
                    result["blocked"].append(r.request.url)
                    r.abort()

            ctx.route("**/*", route)
            page = ctx.new_page()
            page.on(
                "console", lambda m: m.type == "error" and result["console_errors"].append(m.text)
            )
            page.on("pageerror", lambda e: result["page_errors"].append(str(e)))
            page.on(
                "requestfailed",
                lambda r: r.url not in result["blocked"] and result["blocked"].append(r.url),
            )

            def on_dialog(d):
                result["dialogs"].append(d.message)
                d.dismiss()

            page.on("dialog", on_dialog)
            t0 = time.monotonic()
            page.goto(html.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
            page.wait_for_function(
                "typeof network !== 'undefined' && network !== null", timeout=timeout_s * 1000
            )
            if wait_stable:
                page.wait_for_function("window.kgStabilised === true", timeout=timeout_s * 1000)
                result["stabilised_ms"] = round((time.monotonic() - t0) * 1000)
                result["stabilised_page_ms"] = page.evaluate("window.kgStabilisedMs")
            result["nodes"] = page.evaluate("network.body.data.nodes.length")
            result["edges"] = page.evaluate("network.body.data.edges.length")
            result["physics"] = page.evaluate("network.physics.physicsEnabled")
            result["legend_items"] = page.evaluate(
                "document.querySelectorAll('#kg-legend input[type=checkbox]').length"
            )
            if screenshot is not None:
                # pyvis's loading bar fades out over 0.5 s after stabilisation
                page.wait_for_timeout(700)
                page.screenshot(path=str(screenshot))
            if actions is not None:
                result["actions"] = actions(page)
            result["images"] = page.evaluate("document.images.length")
        finally:
            ctx.close()
    return result


def main(argv: list[str]) -> int:
    html = Path(argv[1])
    shot = Path(argv[2]) if len(argv) > 2 else None
    import tempfile

    with tempfile.TemporaryDirectory() as profile:
        print(json.dumps(check_page(html, shot, Path(profile)), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv))
