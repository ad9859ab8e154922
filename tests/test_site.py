"""The static site in a real headless Chromium (Playwright driving Debian's chromium)."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlparse

import jsonschema
import pytest
from conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def site_pages(shipped) -> list[str]:
    return sorted(str(p.relative_to(shipped / "site")) for p in (shipped / "site").rglob("*.html"))


@pytest.fixture(name="crawl", scope="module")
def fixture_crawl(browser, site_url, shipped):
    """Every page reached by following links from the home page, each loaded in Chromium with
    its console errors, failed requests and every link and asset URL on it."""
    context = browser.new_context()
    seen, queue, results = set(), ["index.html"], {}
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        page = context.new_page()
        errors, failed = [], []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))
        page.on("response", lambda r, failed=failed: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.goto(site_url + path, wait_until="load")
        urls = page.eval_on_selector_all(
            "a[href], link[href], img[src], script[src]",
            "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))")
        results[path] = {"errors": list(errors), "failed": list(failed), "urls": urls}
        page.close()
        for url in urls:
            absolute = urljoin(site_url + path, url)
            if absolute.startswith(site_url) and urlparse(absolute).path.endswith(".html"):
                queue.append(urlparse(absolute).path[1:])
    context.close()
    return results


def test_every_page_loads_without_console_errors_or_failed_requests(crawl, shipped):
    assert set(crawl) >= set(site_pages(shipped)) - {"404.html"}, "every page is reachable by links"
    for path, result in crawl.items():
        assert result["errors"] == [], (path, result["errors"])
        assert result["failed"] == [], (path, result["failed"])


def test_every_internal_link_and_asset_resolves(crawl, browser, site_url):
    context = browser.new_context()
    checked = set()
    for path, result in crawl.items():
        for url in result["urls"]:
            absolute = urljoin(site_url + path, url).split("#")[0]
            if not absolute.startswith(site_url) or absolute in checked:
                continue
            checked.add(absolute)
            response = context.request.get(absolute)
            assert response.status == 200, (path, url, response.status)
    context.close()
    assert len(checked) > 100


def test_fragment_links_point_at_existing_ids(crawl, shipped):
    for path, result in crawl.items():
        for url in result["urls"]:
            if "#" not in url or url.startswith(("http:", "https:")):
                continue
            target, fragment = url.split("#", 1)
            page = (shipped / "site" / path).parent / target if target else shipped / "site" / path
            html = page.resolve().read_text(encoding="utf-8")
            assert f'id="{fragment}"' in html, (path, url)


def test_copy_button_puts_the_exact_post_text_on_the_clipboard(browser, site_url, shipped):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    slug = "cases-solved-2021"
    page.goto(f"{site_url}posts/{slug}.html")
    folder = shipped / "posts" / slug
    expected = {
        "weibo-text": (folder / "weibo.txt").read_text(encoding="utf-8").removesuffix("\n"),
        "x-text": (folder / "x.txt").read_text(encoding="utf-8").removesuffix("\n"),
        "douyin-text": (folder / "douyin.txt").read_text(encoding="utf-8").removesuffix("\n"),
        "moments-text": (folder / "moments.txt").read_text(encoding="utf-8").removesuffix("\n"),
        "xiaohongshu-title": (folder / "xiaohongshu.txt").read_text(encoding="utf-8").split("\n\n", 1)[0],
    }
    for target, text in expected.items():
        button = page.locator(f'button[data-copy="{target}"]')
        assert button.is_visible()
        button.click()
        page.wait_for_function("b => b.textContent === '已复制'", arg=button.element_handle())
        assert page.evaluate("navigator.clipboard.readText()") == text, target
    context.close()


def test_figures_filter_works_without_a_server_or_javascript(browser, site_url, shipped):
    figures = json.loads((shipped / "site/figures.json").read_text(encoding="utf-8"))
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{site_url}figures.html")
        visible = "rows => rows.filter(r => r.offsetParent !== null).map(r => r.id)"
        assert len(page.eval_on_selector_all("tbody tr", visible)) == len(figures)
        page.select_option("#filter-period", "2021")
        want_2021 = {f["id"] for f in figures if (f["period_norm"] or f["period"]) == "2021"}
        assert set(page.eval_on_selector_all("tbody tr", visible)) == want_2021 and len(want_2021) > 10
        page.select_option("#filter-metric", label="拦截诈骗电话")
        both = {f["id"] for f in figures if (f["period_norm"] or f["period"]) == "2021"
                and f["metric"] == "calls-blocked"}
        assert set(page.eval_on_selector_all("tbody tr", visible)) == both and len(both) >= 2
        page.select_option("#filter-period", "")
        assert len(page.eval_on_selector_all("tbody tr", visible)) > len(both)
        context.close()


def test_figures_filters_leave_the_data_on_a_phone_screen(browser, site_url):
    """Two drop-downs on one line: on a small phone (320×568, 360×640) the first figure is on the
    first screen, shown as a card (no sideways scrolling), its value, period and age readable."""
    for width, height in ((320, 568), (360, 640), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{site_url}figures.html")
        filters = page.locator("form.filters").bounding_box()
        first = page.locator("tbody tr").first.bounding_box()
        assert filters["height"] < 0.3 * height, (width, filters)
        assert first["y"] + 60 < height, (width, first)  # the first figure starts on the first screen
        assert first["width"] <= width
        row = page.locator("tbody tr").first.inner_text()
        assert "32.2万起" in row and "2020年" in row and "个月" in row
        context.close()


def test_pages_work_without_javascript_except_the_copy_button(browser, site_url, shipped):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}posts/brushing.html")
    assert page.locator("button.copy").first.is_hidden()  # shown only when it can work
    assert page.locator("#weibo-text").is_visible()
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    page.locator("label.large-label").click()
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert after >= 24 and after >= before * 1.4  # the large-text view, MIIT: at least 18 pt
    context.close()


CONTRAST = """() => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
      if (!c.startsWith('rgba') || !c.endsWith(', 0)')) return c; } return 'rgb(255, 255, 255)'; };
  const worst = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent || ![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const s = getComputedStyle(el); if (s.opacity === '0') continue;
    const [a, b] = [lum(s.color), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push([el.tagName, el.textContent.trim().slice(0, 20), ratio.toFixed(2)]);
  }
  return worst;
}"""


@pytest.mark.parametrize("path", ["index.html", "posts/cases-solved-2021.html", "figures.html",
                                  "sources/001_fa2acf3d762a095f.html", "leaflets/elderly.html", "check.html",
                                  "about.html", "briefings/national-2020-2022.html", "404.html"])
def test_accessible_structure_contrast_and_reflow(browser, site_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + path)
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.locator("h1").count() == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.eval_on_selector_all("img", "imgs => imgs.filter(i => !i.alt.trim()).length") == 0
    levels = page.eval_on_selector_all("h1, h2, h3, h4", "hs => hs.map(h => +h.tagName[1])")
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), "headings do not skip a level"
    assert page.evaluate(CONTRAST) == []
    for width in (640, 320):  # 200% and 400% zoom of a 1280 px window; a phone is 360–414
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, width, overflow)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator("label.large-label").click()
    assert page.evaluate(CONTRAST) == []
    context.close()


def test_every_page_has_og_image_and_description(shipped, site_url, browser):
    context = browser.new_context()
    for path in site_pages(shipped):
        html = (shipped / "site" / path).read_text(encoding="utf-8")
        description = re.search(r'<meta name="description" content="([^"]+)"', html)
        image = re.search(r'<meta property="og:image" content="([^"]+)"', html)
        assert description and image, path
        response = context.request.get(urljoin(site_url + path, image.group(1)))
        assert response.status == 200 and response.headers["content-type"] == "image/png", path
    context.close()


def test_screenshots_at_phone_and_desktop_width(browser, site_url, tmp_path):
    shots = []
    for width, height, name in ((390, 844, "phone"), (1280, 800, "desktop")):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for path in ("index.html", "posts/cases-solved-2021.html"):
            page.goto(site_url + path)
            target = tmp_path / f"{name}-{Path(path).stem}.png"
            page.screenshot(path=str(target))
            shots.append(target)
        context.close()
    from PIL import Image

    for shot in shots:
        image = Image.open(shot)
        assert image.width in (390, 1280) and len(image.getcolors(maxcolors=1_000_000) or []) > 20


# --- feeds and data files ---------------------------------------------------------------------------

def test_atom_feed_is_valid_xml_with_every_product(shipped):
    feed = ET.parse(shipped / "site/feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for child in ("title", "id", "updated", "author"):
        assert feed.find(f"{ATOM}{child}") is not None
    entries = feed.findall(f"{ATOM}entry")
    products = [p for kind in ("leaflets", "posts", "briefings") for p in (ROOT / "content" / kind).glob("*.md")]
    assert len(entries) == len(products)
    for entry in entries:
        for child in ("title", "id", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{child}") is not None, child
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.find(f"{ATOM}updated").text)
        assert (shipped / "site" / entry.find(f"{ATOM}link").get("href")).is_file()


def test_sitemap_lists_every_page(shipped):
    urlset = ET.parse(shipped / "site/sitemap.xml").getroot()
    assert urlset.tag == f"{SITEMAP}urlset"
    locations = {u.find(f"{SITEMAP}loc").text for u in urlset.findall(f"{SITEMAP}url")}
    assert locations == set(site_pages(shipped)) - {"404.html"}


def test_figures_json_validates_against_the_shipped_schema_and_csv_agrees(shipped):
    schema = json.loads((ROOT / "schemas/figures.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    figures = json.loads((shipped / "site/figures.json").read_text(encoding="utf-8"))
    jsonschema.validate(figures, schema, cls=jsonschema.Draft202012Validator)
    rows = list(csv.DictReader(io.StringIO((shipped / "site/figures.csv").read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == [f["id"] for f in figures]
    assert all(r["source.quote"] == f["source"]["quote"] for r, f in zip(rows, figures, strict=True))
    broken = dict(figures[0], qualifier="roughly")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([broken], schema, cls=jsonschema.Draft202012Validator)


def test_source_pages_mark_statistics_and_quotes(shipped):
    figures = json.loads((shipped / "site/figures.json").read_text(encoding="utf-8"))
    extracted = [json.loads(line) for line in (shipped / "extracted.jsonl").read_text(encoding="utf-8").splitlines()]
    for figure in figures:
        if figure["derived"]:
            continue
        html = (shipped / "site/sources" / (Path(figure["source"]["file"]).stem + ".html")).read_text(encoding="utf-8")
        assert f'<mark class="quote" id="{figure["id"]}"' in html
    source = "001_fa2acf3d762a095f.txt"
    html = (shipped / "site/sources/001_fa2acf3d762a095f.html").read_text(encoding="utf-8")
    statistics = [r for r in extracted if r["source"] == source and r["kind"] == "statistic"]
    marked = re.findall(r'<mark class="stat"[^>]*>(.*?)</mark>', html)
    assert len(marked) >= 0.9 * len(statistics) and len(statistics) > 10


def test_relative_links_only_when_no_base_url(shipped):
    for path in site_pages(shipped):
        html = (shipped / "site" / path).read_text(encoding="utf-8")
        internal = re.findall(r'(?:href|src)="(/[^"]*)"', html)
        assert internal == [], (path, internal)  # no root-relative links: works from any folder


# --- numbers never split, the public's navigation first, leaflets readable -------------------------

SPLIT_NUMBERS = """([selector, patterns]) => {
  const split = [];
  for (const box of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    const nodes = []; let text = "";
    while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
    const at = offset => { for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]]; };
    for (const pattern of patterns) {
      const expression = new RegExp(pattern, "g"); let match;
      while ((match = expression.exec(text))) {
        const range = document.createRange();
        const [startNode, startOffset] = at(match.index);
        const [endNode, endOffset] = at(match.index + match[0].length - 1);
        range.setStart(startNode, startOffset); range.setEnd(endNode, endOffset + 1);
        const bottoms = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.bottom).sort((a, b) => a - b);
        const lines = bottoms.filter((b, i) => i === 0 || b - bottoms[i - 1] > 4).length;
        if (lines > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def number_patterns(shipped) -> list[str]:
    """Every hotline, every figure as the site writes it, any run of digits, and dates."""
    figures = json.loads((shipped / "site/figures.json").read_text(encoding="utf-8"))
    texts = {f["surface"] for f in figures if f["surface"]} | {f["text"] for f in figures}
    return ["96110", "110", r"\\d{4}年\\d{1,2}月(?:\\d{1,2}日)?", r"\\d+(?:[.,]\\d+)*%?"] + \
        [re.escape(text) for text in sorted(texts, key=len, reverse=True)]


def test_copy_boxes_never_split_a_number_or_a_hotline_at_320_px(browser, site_url, shipped):
    """Copy boxes wrap long text (no break-all, which showed 立即拨打1 / 10 on a phone): at 320 px
    no hotline, figure, date or number is ever split across lines, in any post's texts. The
    check is shown to work: with break-all put back, it finds the split numbers."""
    patterns = number_patterns(shipped)
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    slugs = sorted(p.stem for p in (shipped / "site/posts").glob("*.html"))
    assert len(slugs) >= 10
    boxes = 0
    for slug in slugs:
        page.goto(f"{site_url}posts/{slug}.html")
        boxes += page.locator(".post-text, .article-preview").count()
        assert page.evaluate(SPLIT_NUMBERS, [".post-text, .article-preview, .lead, h1", patterns]) == [], slug
    assert boxes >= 8 * len(slugs)
    page.goto(f"{site_url}posts/cases-solved-2021.html")
    page.add_style_tag(content=".post-text .num { white-space: normal } .post-text { word-break: break-all }")
    assert page.evaluate(SPLIT_NUMBERS, [".post-text", patterns]) != []  # the old style splits them
    context.close()


@pytest.mark.parametrize("path", ["index.html", "leaflets/elderly.html", "figures.html", "briefings/national-2020-2022.html",
                                  "sources/001_fa2acf3d762a095f.html", "check.html", "about.html"])
def test_no_number_on_a_page_splits_at_320_px(browser, site_url, shipped, path):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(site_url + path)
    assert page.evaluate(SPLIT_NUMBERS, ["main, header, footer", number_patterns(shipped)]) == [], path
    context.close()


def test_navigation_puts_the_materials_first_and_the_reviewers_pages_second(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}posts/brushing.html")
    public = page.eval_on_selector_all("nav .nav-public a", "as => as.map(a => a.textContent)")
    review = page.eval_on_selector_all("nav .nav-review a", "as => as.map(a => a.textContent)")
    assert public == ["宣传单", "社交媒体", "简报"] and review == ["数据", "来源", "核查报告", "关于本站"]
    public_box = page.locator("nav .nav-public").bounding_box()
    review_box = page.locator("nav .nav-review").bounding_box()
    assert public_box["y"] < review_box["y"]  # the public's links first, on their own line
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    assert page.eval_on_selector("nav .nav-public a", size) > page.eval_on_selector("nav .nav-review a", size)
    page.locator("nav .nav-public a", has_text="宣传单").click()
    assert page.url.endswith("index.html#leaflets")
    assert page.locator("#leaflets .cards li").count() >= 5
    page.goto(f"{site_url}index.html")
    hotlines = page.locator("header .alert").inner_text()
    assert "96110" in hotlines and "110" in hotlines  # the two numbers, on every page
    context.close()


def test_a_leaflet_page_shows_its_text_beside_its_previews(browser, site_url, shipped):
    """The leaflet as readable text (its body, 三不一多, its fraud types as warnings, what to do,
    the hotlines, who issued it and when) beside its A4 and tri-fold previews; on a phone, one
    above the other."""
    from generator.figures.guidance_reader import load_guidance
    from generator.sources.index import read_sources

    guidance = load_guidance(ROOT / "content/guidance.yaml", read_sources(ROOT / "content"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for slug in ("elderly", "students-job-seekers"):
        page.goto(f"{site_url}leaflets/{slug}.html")
        text = page.locator("article.leaflet-text").inner_text().replace("\n", "")
        for line in guidance.principle.lines:
            assert line[:-3] in text and line[-3:] in text
        meta = (ROOT / f"content/leaflets/{slug}.md").read_text(encoding="utf-8")
        keys = re.search(r"fraud_types: \[(.*)\]", meta).group(1).split(", ")
        for key in keys:
            item = guidance.fraud_type(key)
            assert item.name in text and item.warning in text, key
        assert "遇到诈骗怎么办" in text and "96110" in text and "110" in text and "印制" in text
        html = (shipped / f"leaflets/{slug}.html").read_text(encoding="utf-8")
        for figure in re.findall(r'data-fig="([^"]+)"', html):
            assert page.locator(f'article.leaflet-text [data-fig="{figure}"]').count() >= 1, figure
        images = page.eval_on_selector_all(".previews img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
        assert [(w > h, h > 500) for w, h in images] == [(False, True), (True, True), (True, True)]  # A4, two faces
        previews, article = page.locator(".previews").bounding_box(), page.locator("article.leaflet-text").bounding_box()
        assert previews["x"] + previews["width"] <= article["x"] and abs(previews["y"] - article["y"]) < 200
    page.set_viewport_size({"width": 375, "height": 800})
    previews, article = page.locator(".previews").bounding_box(), page.locator("article.leaflet-text").bounding_box()
    assert previews["y"] + previews["height"] <= article["y"]
    context.close()
