"""Share cards as a reader and a platform see them, on the rendered cards of the shipped project:
three zones that fill the card, who issued it and when on every card, nothing said twice, text
clear of the platforms' overlays, the key message readable at feed-thumbnail size, display
text broken only between words."""

import json
import re
from pathlib import Path

import pypdfium2
import pytest
import yaml
from click.testing import CliRunner
from conftest import CONTENT, ROOT
from PIL import Image, ImageChops

from generator.cli import cli
from generator.config import load_config
from generator.products.card_footer import footer
from generator.products.card_geometry import GEOMETRY, SPECS, advance
from generator.products.cards import card_texts
from generator.products.platforms import CARDS, SAFE_AREAS
from generator.rendering.display import chunks
from generator.rendering.readback import pdf_page_texts, pdf_text_bounds
from generator.sources.reader import split_front_matter

POSTS = sorted(p.stem for p in (CONTENT / "posts").glob("*.md"))
UNIT = load_config(ROOT).unit
FILL = 0.6
"""Content must stand over at least this share of a card's usable height…"""
GAP = 0.2
"""…with no empty stretch taller than this share of it."""


def front(slug: str) -> dict:
    path = CONTENT / "posts" / f"{slug}.md"
    return split_front_matter(path.read_text(encoding="utf-8"), path)[0]


def guidance() -> dict:
    return yaml.safe_load((CONTENT / "guidance.yaml").read_text(encoding="utf-8"))


def content_rows(png: Path, area: tuple[int, int, int, int]) -> list[bool]:
    """For each pixel row of `area` (left, top, right, bottom) of the card: does it hold content
    (text, an icon, the edge of a tile), i.e. a colour change along the row? A band of flat
    colour, however dark, holds none."""
    image = Image.open(png).convert("RGB").crop(area)
    edges = ImageChops.difference(image, ImageChops.offset(image, 1, 0)).convert("L")
    edges = edges.crop((1, 0, edges.width, edges.height))  # the first column compares with the last
    return [bool(v) for v in edges.point(lambda v: 255 if v > 40 else 0).getprojection()[1]]


def fill(rows: list[bool]) -> tuple[float, float]:
    """(share of the rows between the first and last content row, longest empty run's share)."""
    marked = [i for i, row in enumerate(rows) if row]
    if not marked:
        return 0.0, 1.0
    longest = run = 0
    for row in rows[marked[0]: marked[-1] + 1]:
        run = 0 if row else run + 1
        longest = max(longest, run)
    return (marked[-1] - marked[0] + 1) / len(rows), longest / len(rows)


def test_fill_measure_sees_an_empty_third_and_a_filled_card(tmp_path):
    """The measure itself: a card a third empty at the bottom fails, a filled one passes, and a
    flat band of colour counts as empty."""
    from PIL import ImageDraw

    card = Image.new("RGB", (1080, 1920), "#FFFFFF")
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 1080, 300), fill="#1A3C8C")  # a band: flat, no content
    for y in range(320, 1217, 60):
        draw.text((80, y), "44.1万余起 反诈", fill="#D7000F")
    card.save(tmp_path / "a.png")
    extent, gap = fill(content_rows(tmp_path / "a.png", (0, 0, 1080, 1920)))
    assert extent < FILL  # content from 320 to about 1230 of 1920: 703 px empty at the bottom
    draw.text((80, 1850), "2022年3月", fill="#000000")
    card.save(tmp_path / "b.png")
    extent, gap = fill(content_rows(tmp_path / "b.png", (0, 0, 1080, 1920)))
    assert extent > FILL and gap > GAP  # now the bottom is reached, but a hole is left
    for y in range(1250, 1850, 60):
        draw.text((80, y), "96110", fill="#000000")
    card.save(tmp_path / "c.png")
    assert fill(content_rows(tmp_path / "c.png", (0, 0, 1080, 1920))) == pytest.approx((0.8, 0.03), abs=0.05)


def test_every_card_fills_its_usable_height(shipped):
    """Every card of every shipped post: content over at least 60% of the height a reader sees
    whole (Douyin: between its top bar and its caption), and no empty stretch over a fifth of it."""
    for slug in POSTS:
        for name in CARDS:
            area = SAFE_AREAS[name]
            extent, gap = fill(content_rows(shipped / f"posts/{slug}/cards/{name}.png", area))
            assert extent >= FILL and gap <= GAP, (slug, name, round(extent, 2), round(gap, 2))


def card_texts_read_back(output: Path) -> dict[str, str]:
    """Every card's text as the check reads it: its page of the PDF it was rasterised from
    (checking.check._readers), line breaks removed."""
    from generator.checking.check import _readers
    from generator.products.content import read_products

    products = read_products(CONTENT, {f["id"] for f in json.loads((output / "figures.json").read_text())})
    readers = _readers(products)
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    pages: dict[str, list[str]] = {}
    texts = {}
    for entry in manifest:
        path = entry["path"]
        if "/cards/" not in path:
            continue
        pdf, page = readers[path]
        if pdf not in pages:
            pages[pdf] = pdf_page_texts((output / pdf).read_bytes())
        texts[path] = re.sub(r"\s+", "", pages[pdf][page])
    return texts


def test_unit_and_month_read_back_from_every_card(shipped):
    texts = card_texts_read_back(shipped)
    assert len(texts) == len(POSTS) * len(CARDS)
    for path, text in texts.items():
        date = str(front(path.split("/")[1])["date"])
        year, month = (int(x) for x in date.split("-")[:2])
        assert re.sub(r"\s+", "", UNIT.name) in text, path
        assert f"{year}年{month}月" in text, path


def test_no_card_says_a_thing_twice(shipped):
    """No run of four Han characters twice on a card (国家反诈中心APP … 国家反诈中心APP was
    printed four times), and each hotline and key figure once. The unit's own name may share a
    word with another body's (县反诈中心, 国家反诈中心)."""
    unit = re.sub(r"\s+", "", UNIT.name)
    for path, text in card_texts_read_back(shipped).items():
        han = re.sub(r"[^\u4e00-\u9fff]", "|", text.replace(unit, "|"))
        seen: dict[str, int] = {}
        for run in han.split("|"):
            for i in range(len(run) - 3):
                seen[run[i:i + 4]] = seen.get(run[i:i + 4], 0) + 1
        assert not [gram for gram, n in seen.items() if n > 1], (path, text)
        assert text.count("96110") == 1 and len(re.findall(r"(?<!\d)110(?!\d)", text)) == 1, path
        slug = path.split("/")[1]
        figures = {f["id"]: f for f in json.loads((shipped / "figures.json").read_text(encoding="utf-8"))}
        for figure_id in front(slug).get("figures") or []:
            assert text.count(figures[figure_id]["surface"]) == 1, (path, figure_id)


def test_card_text_stays_where_the_platform_leaves_it_clear(shipped):
    """Douyin's buttons (right 170 px), top bar (250) and caption (bottom 420); the 公众号 cover's
    wings; 8 px from every edge."""
    for slug in POSTS:
        bounds = pdf_text_bounds((shipped / f"posts/{slug}/cards.pdf").read_bytes())
        for (name, area), found in zip(SAFE_AREAS.items(), bounds, strict=True):
            left, top, right, bottom = area
            assert found and found[0] >= left and found[1] >= top and found[2] <= right and found[3] <= bottom, \
                (slug, name, found)


def test_key_message_reads_at_thumbnail_size(shipped):
    """Seen 200 px wide (a feed's thumbnail; the 公众号 cover's centre square), the key figure or
    the 都是诈骗 of a warning still stands at least 14 px high."""
    for slug in POSTS:
        meta = front(slug)
        figures = {f["id"]: f for f in json.loads((shipped / "figures.json").read_text(encoding="utf-8"))}
        key = figures[meta["figures"][0]]["surface"] if meta.get("figures") else "都是诈骗"
        document = pypdfium2.PdfDocument(shipped / f"posts/{slug}/cards.pdf")
        for index, name in enumerate(CARDS):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            at = text.find(key)
            assert at >= 0, (slug, name)
            heights = [textpage.get_charbox(i)[3] - textpage.get_charbox(i)[1] for i in range(at, at + len(key))]
            seen_width = 383 if name == "wechat-cover" else CARDS[name][0]
            assert max(heights) * 4 / 3 * 200 / seen_width >= 14, (slug, name, max(heights))


def test_display_text_on_cards_breaks_only_between_words(shipped):
    """The unit, labels, openings and warnings are set in the lines chosen between words: read
    from each card's PDF with every character's place, each line break inside one of them falls
    between two of its chunks (wide cards set two columns side by side, so lines are told
    apart by where the characters stand, not by the text's line ends)."""
    warnings = {t["key"]: t.get("warning", "") for t in guidance()["fraud_types"]["items"]}
    figures = {f["id"]: f for f in json.loads((shipped / "figures.json").read_text(encoding="utf-8"))}
    for slug in POSTS:
        meta = front(slug)
        shown = [UNIT.name] + [figures[i]["label"] for i in meta.get("figures") or []]
        if meta.get("fraud_type"):
            shown.append(warnings[meta["fraud_type"]].rsplit("都是诈骗", 1)[0])
        else:
            shown.append(meta["opening"].rstrip("。"))
        document = pypdfium2.PdfDocument(shipped / f"posts/{slug}/cards.pdf")
        for index, name in enumerate(CARDS):
            chars = placed_chars(document[index])
            text = "".join(char for char, _ in chars)
            for display in shown:
                wanted = re.sub(r"\s+", "", display)
                at = text.find(wanted)
                if name == "wechat-cover" and at < 0 and display == meta.get("opening", "").rstrip("。"):
                    continue  # a cover with two figures has no room for the opening
                assert at >= 0, (slug, name, display, text)
                tops = [box[3] for _, box in chars[at: at + len(wanted)]]
                heights = [box[3] - box[1] for _, box in chars[at: at + len(wanted)]]
                breaks = {i for i in range(1, len(tops)) if abs(tops[i] - tops[i - 1]) > max(heights) * 0.6}
                allowed, end = set(), 0
                for chunk in chunks(display):
                    end += len(re.sub(r"\s+", "", chunk))
                    allowed.add(end)
                assert breaks <= allowed, (slug, name, display, sorted(breaks))


def placed_chars(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every character of a PDF page but spaces, with its box (left, bottom, right, top in pt)."""
    textpage = page.get_textpage()
    chars = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if char.strip():
            chars.append((char, textpage.get_charbox(i, loose=True)))
    return chars


# --- quick checks, without a build -----------------------------------------------------------

def test_every_card_size_has_its_geometry_type_and_safe_area():
    assert set(GEOMETRY) == set(SPECS) == set(SAFE_AREAS) == set(CARDS)
    for name, geometry in GEOMETRY.items():
        assert (geometry.width, geometry.height) == CARDS[name][:2]
        left, top, right, bottom = SAFE_AREAS[name]
        assert geometry.left >= left and geometry.width - geometry.right <= right, name
        assert geometry.head[0] >= top, name


def test_douyin_text_is_laid_out_between_its_overlays():
    """Douyin: nothing set above y 250 or right of x 900 (its top bar and buttons), the footer's
    text done by y 1490 (its caption)."""
    geometry = GEOMETRY["douyin"]
    assert geometry.head[0] >= 250 and geometry.width - geometry.right <= 900
    placed = footer(geometry, ("96110", "110"), "2022年12月", "0715-2345678")
    band = geometry.height - geometry.foot
    assert band + placed.month.top + geometry.what * 1.3 <= 1490
    assert all(band + number.top + geometry.number <= 1490 for number in placed.numbers)
    assert max(label.left + 6 * geometry.what for label in placed.labels) <= 900
    assert placed.local and band + placed.local[0].top + geometry.local <= 1490


def test_the_local_hotline_has_a_place_in_every_footer_but_the_covers():
    """The unit's first local number goes beside 110 on the wide cards, before the month under the
    hotlines on the others, inside the band and the platform-safe area and clear of the month; the
    公众号 cover's band (its centre square) has no room, and its article gives the number."""
    month = "2022年12月"
    for name, geometry in GEOMETRY.items():
        placed = footer(geometry, ("96110", "110"), month, "0715-2345678")
        if name == "wechat-cover":
            assert placed.local is None
            continue
        assert placed.local is not None, name
        number, what = placed.local
        right = what.left + advance("".join(what.lines)) * geometry.what
        left, top, safe_right, bottom = SAFE_AREAS[name]
        band = geometry.height - geometry.foot
        assert right <= safe_right and band + number.top + geometry.local <= bottom, name
        assert number.top + geometry.local <= geometry.foot, name
        if geometry.month_below:  # on the month's row, before it
            assert right < placed.month.left and abs(placed.month.top - what.top) < 1, name
        else:  # beside 110, before the month at the right
            assert number.left > placed.labels[-1].left and right < geometry.width - placed.month.left - advance(month) * geometry.what, name
    assert footer(GEOMETRY["square"], ("96110", "110"), month).local is None  # no local number: none printed


# --- failures ------------------------------------------------------------------------------------

def test_a_card_whose_text_strays_under_douyins_caption_fails_the_build(post_project):
    css = post_project / "templates/post-card.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.card-douyin .month { top: 400px !important; }\n",
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--content", str(post_project / "content"),
                                      "--output", str(post_project / "output")])
    assert result.exit_code == 2
    assert "posts/cases-solved-2021/cards/douyin.png: its text spans" in result.output
    assert "the part of the card the platform leaves clear" in result.output


def test_a_warning_too_long_for_a_card_stops_the_build_naming_post_and_card():
    from dataclasses import dataclass

    from generator.errors import ConfigError

    @dataclass
    class Stub:
        slug: str = "stub"
        unit: str = "示例县公安局反诈中心"
        figures: tuple = ()
        opening: str = ""
        warning: str = "凡是" + "要你先交保证金、解冻费、手续费、税费和会员费" * 6 + "的，都是诈骗！"
        tip: str = ""
        card_credit: str = "类型出自《防范电信网络诈骗宣传手册》（2021年版）"

    with pytest.raises(ConfigError, match="post 'stub', card 'square'"):
        card_texts(Stub(), "square")
