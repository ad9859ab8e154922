"""Social posts and share cards, as a social media editor gets them from a real build."""

import io
import json
import re
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from conftest import CONTENT, ROOT
from PIL import Image
from twitter_text import parse_tweet

from generator.cli import cli
from generator.products.platforms import CARDS, PLATFORMS, count_chars, count_weibo, count_x
from generator.products.post_texts import CTA_WITHIN
from generator.rendering.images import page_images

POSTS = sorted(p.stem for p in (CONTENT / "posts").glob("*.md"))


def texts_of(out: Path, slug: str) -> dict[str, str]:
    """Each platform's text as the editor pastes it, without the trailing newline."""
    folder = out / "posts" / slug
    wechat = (folder / "wechat.txt").read_text(encoding="utf-8")
    title, digest = re.fullmatch(r"标题：(.*)\n\n摘要：(.*)\n", wechat, flags=re.S).groups()
    xhs_title, xhs_body = (folder / "xiaohongshu.txt").read_text(encoding="utf-8").rstrip("\n").split("\n\n", 1)
    douyin = (folder / "douyin.txt").read_text(encoding="utf-8").rstrip("\n")
    return {
        "weibo": (folder / "weibo.txt").read_text(encoding="utf-8").rstrip("\n"),
        "wechat-title": title, "wechat-digest": digest,
        "wechat-article": (folder / "wechat-article.html").read_text(encoding="utf-8"),
        "moments": (folder / "moments.txt").read_text(encoding="utf-8").rstrip("\n"),
        "douyin": douyin,
        "xiaohongshu-title": xhs_title, "xiaohongshu": xhs_body,
        "x": (folder / "x.txt").read_text(encoding="utf-8").rstrip("\n"),
    }


def figures_of(out: Path, slug: str) -> list[dict]:
    figures = {f["id"]: f for f in json.loads((out / "figures.json").read_text(encoding="utf-8"))}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    ids = next(e["figures"] for e in manifest if e["path"] == f"posts/{slug}/weibo.txt")
    return [figures[i] for i in ids]


def test_at_least_twelve_posts_each_with_every_platform(shipped):
    assert len(POSTS) >= 12
    for slug in POSTS:
        names = {p.name for p in (shipped / "posts" / slug).iterdir()}
        assert {"weibo.txt", "wechat.txt", "wechat-article.html", "moments.txt", "douyin.txt",
                "xiaohongshu.txt", "x.txt", "alt.txt", "cards.json", "contact-sheet.png"} <= names


# --- the counting rules, on cases whose answer is known ---------------------------------------

def test_weibo_counts_han_as_one_and_ascii_as_half():
    assert count_weibo("反诈") == 2
    assert count_weibo("96110") == 3  # five half-width digits: 2.5, rounded up
    assert count_weibo("拨打96110") == 2 + 3
    assert count_weibo("a" * 280) == 140


def test_x_counts_by_twitter_text_v3_weights():
    assert count_x("反" * 140) == 280 and parse_tweet("反" * 140).valid
    assert not parse_tweet("反" * 141).valid
    assert count_x("a" * 280) == 280
    assert count_x("，") == 2  # full-width punctuation weighs 2
    assert count_x("“") == 1  # U+201C is in the 1-weight range U+2010–201F
    assert count_x("https://www.96110.cn/some/very/long/path/that/goes/on") == 23
    assert count_x("看 https://example.com 反诈") == 2 + 1 + 23 + 1 + 4
    assert count_x("\U0001F6A8") == 2  # an emoji
    assert count_x("H\U0001f431☺") == 1 + 2 + 2  # ☺ U+263A lies outside the 1-weight ranges


def test_characters_are_code_points():
    assert count_chars("反诈APP") == 5
    assert count_chars("\U0001F6A8") == 1


# --- every post, every platform, counted with that platform's rule -----------------------------

CREDIT = re.compile(r"(数据来源：|类型出自)[^。]*。")
"""A post's source line: the figures' sources, or the handbook a fraud type is from."""


@pytest.mark.parametrize("slug", POSTS)
def test_every_text_within_its_platform_limit(shipped, slug):
    t = texts_of(shipped, slug)
    credit_end = CREDIT.search(t["weibo"]).end()
    assert count_weibo(t["weibo"][:credit_end]) <= 140  # figures, guidance and credit before 全文
    assert count_weibo(t["weibo"]) <= 2000
    assert len(t["wechat-title"]) <= 32 and len(t["wechat-digest"]) <= 128
    assert len(t["wechat-article"]) < 20000
    assert len(t["moments"]) <= 120
    assert len(t["douyin"]) <= 1000
    assert len(t["xiaohongshu-title"]) <= 20 and len(t["xiaohongshu"]) <= 1000
    tweet = parse_tweet(t["x"])
    assert tweet.valid and tweet.weightedLength <= 280


@pytest.mark.parametrize("slug", POSTS)
def test_tags_in_each_platform_style(shipped, slug):
    t = texts_of(shipped, slug)
    weibo_tags = re.findall(r"#([^#\s]+)#", t["weibo"])
    assert weibo_tags, "Weibo topics are #话题# with a closing #"
    douyin_tags = re.findall(r"#(\S+) ?", t["douyin"].splitlines()[-1])
    assert 1 <= len(douyin_tags) <= 5 and "#" not in "".join(douyin_tags)
    assert re.fullmatch(r"(#\S+ )*#\S+", t["douyin"].splitlines()[-1]), "Douyin: #话题 then a space"
    assert len(re.findall(r"#\S+", t["xiaohongshu"].splitlines()[-1])) <= 10
    assert weibo_tags == douyin_tags[: len(weibo_tags)]


@pytest.mark.parametrize("slug", POSTS)
def test_call_to_action_first_and_source_credit_in_every_text(shipped, slug):
    figures = figures_of(shipped, slug)
    for platform, text in texts_of(shipped, slug).items():
        if platform.endswith("-title"):
            continue
        plain = re.sub(r"<[^>]+>", "", text).strip()
        hotline = plain.find("96110")
        assert 0 <= hotline < CTA_WITHIN and "110" in plain, (platform, plain[:60])
        if platform == "wechat-digest":
            continue  # the digest is the summary; the article under it carries the credit
        assert CREDIT.search(plain), platform
        for figure in figures:
            if figure["derived"]:
                continue
            assert figure["source"]["publisher"] in plain, (platform, figure["id"])
            year, month, day = (int(x) for x in figure["source"]["date"].split("-"))
            assert f"{year}年{month}月{day}日" in plain, (platform, figure["id"])


@pytest.mark.parametrize("slug", POSTS)
def test_key_figures_whole_in_every_text_and_card(shipped, slug):
    figures = [f for f in figures_of(shipped, slug) if f["surface"]]
    cards_pdf = pypdfium2.PdfDocument(shipped / f"posts/{slug}/cards.pdf")
    card_texts = [cards_pdf[i].get_textpage().get_text_range() for i in range(len(cards_pdf))]
    for figure in figures:
        for platform, text in texts_of(shipped, slug).items():
            if not platform.endswith("-title"):
                assert figure["surface"] in text, (platform, figure["surface"])
        for name, text in zip(CARDS, card_texts, strict=True):
            assert figure["surface"] in text.replace("\r\n", "").replace("\n", ""), (name, figure["surface"])


def test_wechat_article_uses_inline_styles_only(shipped):
    for slug in POSTS:
        article = (shipped / f"posts/{slug}/wechat-article.html").read_text(encoding="utf-8")
        assert "<style" not in article and "class=" not in article
        assert all('style="' in tag for tag in re.findall(r"<p[^>]*>", article))


# --- cards ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", POSTS)
def test_card_pngs_have_exact_platform_sizes_and_are_the_checked_pages(shipped, slug):
    folder = shipped / "posts" / slug
    pages = page_images((folder / "cards.pdf").read_bytes())
    assert len(pages) == len(CARDS)
    for (name, (width, height, _)), page in zip(CARDS.items(), pages, strict=True):
        png = Image.open(folder / f"cards/{name}.png")
        assert png.size == (width, height), name
        # the PNG is exactly the PDF page whose text the check read
        assert png.convert("RGB").tobytes() == page.convert("RGB").tobytes(), name
        colours = png.convert("RGB").getcolors(maxcolors=1_000_000)
        assert len(colours) > 50, f"{name} looks blank"


def ocr(png: Path) -> list[str]:
    """The texts Tesseract (Simplified Chinese) reads from the card's pixels, in grey (its own
    thresholding of colour loses the large red figure on white, 5.4:1, that it reads in grey):
    as a page (the default), and as sparse text, which keeps a wide card's two columns apart."""
    import subprocess
    import tempfile

    texts = []
    with tempfile.TemporaryDirectory() as folder:
        grey = Path(folder) / png.name
        Image.open(png).convert("L").save(grey)
        for mode in ("3", "11"):
            result = subprocess.run(["tesseract", str(grey), "-", "-l", "chi_sim", "--psm", mode],
                                    capture_output=True, text=True,
                                    env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"}, check=True)
            texts.append(result.stdout)
    return texts


def key_figures(slug: str) -> list[str]:
    """The figure ids a post shows large on its cards (front matter `figures`)."""
    from generator.sources.reader import split_front_matter

    path = CONTENT / "posts" / f"{slug}.md"
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    return list(meta.get("figures") or [])


@pytest.mark.slow
def test_figures_read_back_from_a_card_png_of_every_size(shipped):
    """Not the PDF's text layer: Tesseract reads each PNG's pixels, and the extractor that
    checks everything else must find each key figure there with its value, unit and qualifier.
    One card of each size, each from another post (figure posts and a fraud-type post): every
    card of a post is drawn from one template, and every card's text layer is checked anyway."""
    from concurrent.futures import ThreadPoolExecutor

    from generator.extraction.records import extract_records
    from generator.sources.reader import plain_text_doc

    figures = {f["id"]: f for f in json.loads((shipped / "figures.json").read_text(encoding="utf-8"))}
    pngs = [shipped / f"posts/{POSTS[index * 5 % len(POSTS)]}/cards/{name}.png" for index, name in enumerate(CARDS)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = dict(zip(pngs, pool.map(ocr, pngs), strict=True))
    for png, both in texts.items():
        slug = png.parent.parent.name
        both = [re.sub(r"(?<=[\u4e00-\u9fff\d.]) (?=[\u4e00-\u9fff\d.])", "", t) for t in both]  # OCR spaces Han
        read = {(r.value, r.unit, r.qualifier) for t in both for r in extract_records(plain_text_doc(t, png.name))}
        text = "\n".join(both)
        for figure_id in key_figures(slug):
            figure = figures[figure_id]
            assert (figure["value"], figure["unit"], figure["qualifier"]) in read, (slug, png.name, text)
        if not key_figures(slug):  # a fraud-type post: its warning is the big text
            assert "都是诈骗" in re.sub(r"[“”\"\s]", "", text), (slug, png.name, text)


@pytest.mark.parametrize("slug", POSTS)
def test_every_card_carries_the_credit_and_hotlines(shipped, slug):
    """Every card names 96110 and 110, and every card but the 公众号 cover the unit's local hotline;
    every card but the cover (whose article carries it) says where its figures or its fraud type
    come from."""
    from generator.config import load_config

    local = load_config(ROOT).unit.hotlines[0].number
    cards_pdf = pypdfium2.PdfDocument(shipped / f"posts/{slug}/cards.pdf")
    for index, name in enumerate(CARDS):
        text = cards_pdf[index].get_textpage().get_text_range().replace("\r\n", "").replace("\n", "")
        assert "96110" in text and "110" in text, name
        assert (name == "wechat-cover") != bool(re.search(rf"{local}\s*本地咨询", text)), name
        assert (name == "wechat-cover") != bool(re.search("数据来源：|类型出自", text)), name


def test_cover_keeps_every_character_in_the_centre_square(shipped):
    width, height, _ = CARDS["wechat-cover"]
    index = list(CARDS).index("wechat-cover")
    left, right = (width - height) / 2 * 0.75, (width + height) / 2 * 0.75  # in pt
    for slug in POSTS:
        page = pypdfium2.PdfDocument(shipped / f"posts/{slug}/cards.pdf")[index]
        textpage = page.get_textpage()
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if char.strip():
                x0, y0, x1, y1 = textpage.get_charbox(i)
                assert left <= x0 and x1 <= right and y0 >= 0 and y1 <= height * 0.75, (slug, char)


def test_cards_json_gives_size_use_and_alt_text_from_the_same_data(shipped):
    for slug in POSTS:
        entries = json.loads((shipped / f"posts/{slug}/cards.json").read_text(encoding="utf-8"))
        assert [e["file"] for e in entries] == [f"cards/{name}.png" for name in CARDS]
        alt = (shipped / f"posts/{slug}/alt.txt").read_text(encoding="utf-8").strip()
        for entry in entries:
            assert (entry["width"], entry["height"]) == CARDS[entry["file"][6:-4]][:2]
            assert entry["alt"] == alt and CREDIT.search(alt) and "96110" in alt
        assert "本地咨询0000-0000000" in alt  # the shipped sample unit's local number, as the cards print it
        for figure in figures_of(shipped, slug):
            if figure["surface"]:
                assert figure["surface"] in alt


def test_alt_texts_and_cards_are_in_the_check_report(shipped):
    report = json.loads((shipped / "check-report.json").read_text(encoding="utf-8"))
    checked = {a["path"]: a for a in report["artifacts"]}
    assert report["ok"]
    for slug in POSTS:
        for name in CARDS:
            card = checked[f"posts/{slug}/cards/{name}.png"]
            assert any(n["kind"] == "statistic" or n["kind"] == "phone" for n in card["numbers"])
        assert f"posts/{slug}/alt.txt" in checked and f"posts/{slug}/x.txt" in checked


def test_contact_sheet_shows_all_cards_of_a_post(shipped):
    for slug in POSTS:
        sheet = Image.open(io.BytesIO((shipped / f"posts/{slug}/contact-sheet.png").read_bytes()))
        assert sheet.width > 2000 and sheet.height > 2 * 480
        # each card's red top band or red cover shows up: the sheet is not empty grey
        colours = sheet.convert("RGB").getcolors(maxcolors=10_000_000)
        red = sum(count for count, (r, g, b) in colours if r > 140 and g < 40 and b < 40)
        assert red > 10_000


# --- failures ------------------------------------------------------------------------------------

def _build(project):
    return CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                    "--output", str(project / "output")])


def test_a_post_over_a_limit_fails_naming_post_platform_and_length(post_project):
    project = post_project
    post = project / "content/posts/cases-solved-2021.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("lead: 2021年，", "lead: " + "请大家务必提高警惕，" * 6 + "2021年，"), encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 2
    assert "post 'cases-solved-2021'" in result.output and "微博" in result.output and "before_fold" in result.output
    assert re.search(r"before_fold: \d+ \(weibo\) > 140", result.output)
    assert not (project / "output").exists()


def test_a_length_failure_says_what_made_the_text_long(post_project):
    """A second source's figure adds a second credit: the failure names the credits of both sources
    and their length, every other part with its length, and what to shorten."""
    project = post_project
    post = project / "content/posts/cases-solved-2021.md"
    text = post.read_text(encoding="utf-8")
    text = text.replace("figures: [cases-solved-2021, suspects-arrested-2021]", "figures: [cases-solved-2021, cases-solved-2020]")
    text = re.sub(r"^lead: .*$", "lead: 全国公安机关破获电诈案件2021年[[fig:cases-solved-2021]]，2020年[[fig:cases-solved-2020]]，"
                  "每一起背后都是一个被骗的家庭。", text, flags=re.M)
    post.write_text(text, encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 2, result.output
    line = next(p for p in result.output.split("; post ") if "微博 (weibo) before_fold" in p)
    found = re.search(r"before_fold: (\d+) \(weibo\) > 140: the credits of 2 sources take (\d+) of it; (.*?); "
                      r"shorten the lead \((\d+)\) or cite one source", line)
    assert found, line
    total, credits, parts, lead = found.groups()
    lengths = dict(part.rsplit(" ", 1) for part in parts.split(", "))
    assert set(lengths) == {"title", "opening", "call to action", "lead", "tip"}, lengths
    assert lengths["lead"] == lead and int(lead) == max(int(n) for n in lengths.values())
    # the parts add up to the length counted: nothing is left unnamed
    assert int(credits) + sum(int(n) for n in lengths.values()) in (int(total), int(total) + 1)  # ½ rounded up


def test_a_typed_number_in_a_post_fails_the_check_naming_file_and_line(post_project):
    project = post_project
    post = project / "content/posts/cases-solved-2021.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("short_title: 2021年破获电诈案44.1万余起", "short_title: 2021年破获电诈案45万起")
                    .replace("opening: 话术在变，骗的都是钱。", "opening: 话术在变，已有46万起。"), encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 1
    # the short title is 小红书's title only
    assert "posts/cases-solved-2021/xiaohongshu.txt: “45万起”" in result.output
    assert result.output.count("“45万起”") == 1 and "content/posts/cases-solved-2021.md:3" in result.output
    # the opening opens every text and shows on the cards: one line for the one mistake, naming
    # every file it reached, the cards among them
    assert "posts/cases-solved-2021/weibo.txt: “46万起”" in result.output
    assert "posts/cases-solved-2021/cards/square.png" in result.output and result.output.count("“46万起”") == 1
    assert "content/posts/cases-solved-2021.md:6" in result.output


@pytest.mark.parametrize("field,value,message", [
    ("fraud_type", "no-such-type", "unknown fraud type 'no-such-type'"),
    ("tip", "随便写一句", "`tip` must be one line of"),
])
def test_bad_front_matter_names_file_and_line(post_project, field, value, message):
    project = post_project
    post = project / "content/posts/cases-solved-2021.md"
    text = post.read_text(encoding="utf-8")
    text = re.sub(rf"^{field}: .*$", f"{field}: {value}", text, flags=re.M) if f"\n{field}:" in text \
        else text.replace("\ntopics:", f"\n{field}: {value}\ntopics:")
    post.write_text(text, encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 2 and message in result.output
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith(f"{field}:"))
    assert f"cases-solved-2021.md:{line}" in result.output


def test_a_card_whose_content_does_not_fit_fails_instead_of_clipping(post_project):
    project = post_project
    css = project / "templates/post-card.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.card-square .value { margin-bottom: 300px; }\n",
                   encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 1  # a document over its limit (its cards' pages), like a leaflet's
    assert "content/posts/cases-solved-2021.md: posts/cases-solved-2021/cards.html came out as 7 page(s), not 6" in result.output


def test_unknown_figure_in_front_matter_names_its_line(post_project):
    project = post_project
    post = project / "content/posts/cases-solved-2021.md"
    post.write_text(post.read_text(encoding="utf-8").replace("[[fig:suspects-arrested-2021]]", "[[fig:nope]]"),
                    encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 2 and "cases-solved-2021.md:7: unknown figure id 'nope'" in result.output


def test_platform_table_names_a_limit_for_every_platform():
    assert set(PLATFORMS) == {"weibo", "wechat", "moments", "douyin", "xiaohongshu", "x"}
    assert all(platform.limits for platform in PLATFORMS.values())


def test_a_post_on_a_derived_figure_credits_the_sources_it_was_calculated_from(post_project):
    project = post_project
    post = project / "content/posts/cases-solved-2021.md"
    text = post.read_text(encoding="utf-8")
    text = text.replace("figures: [cases-solved-2021, suspects-arrested-2021]", "figures: [cases-solved-change-2020-to-2021]")
    text = text.replace("short_title: 2021年破获电诈案44.1万余起", "short_title: 破获案件数增长")
    text = text.replace("opening: 话术在变，骗的都是钱。", "opening: 骗的都是钱。")  # two credits: less room
    text = re.sub(r"^title: .*$", "title: 破获电诈案件数比上年增长", text, flags=re.M)
    text = re.sub(r"^lead: .*$", "lead: 破获案件数比2020年增长[[fig:cases-solved-change-2020-to-2021|words]]。",
                  text, flags=re.M)
    post.write_text(text, encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 0, result.output
    weibo = (project / "output/posts/cases-solved-2021/weibo.txt").read_text(encoding="utf-8")
    # 2020 from 人民日报 (2021-04-10), 2021 from 中国青年报客户端 (2022-03-05): both credited
    assert "人民日报（政府网站转载），2021年4月10日" in weibo and "中国青年报客户端（趣头条转载），2022年3月5日" in weibo


# --- openings, tips, titles, the unit ----------------------------------------------------------

def opening_sentence(platform: str, text: str) -> str:
    """A text's first sentence, after the title where the platform's text carries one (【…】)."""
    plain = re.sub(r"<[^>]+>", "", text).strip()
    plain = re.sub(r"^【[^】]*】", "", plain)
    return re.split(r"(?<=[。！？])", plain, maxsplit=1)[0]


def test_no_two_posts_open_with_the_same_sentence(shipped):
    """All 13 posts used to open with the same call to action; now each opens with its own."""
    for platform in ("weibo", "wechat-digest", "wechat-article", "moments", "douyin", "xiaohongshu", "x"):
        openings = {slug: opening_sentence(platform, texts_of(shipped, slug)[platform]) for slug in POSTS}
        assert len(set(openings.values())) == len(POSTS), (platform, openings)
        assert not any("96110" in sentence for sentence in openings.values()), platform


def front(slug: str) -> dict:
    from generator.sources.reader import split_front_matter

    path = CONTENT / "posts" / f"{slug}.md"
    return split_front_matter(path.read_text(encoding="utf-8"), path)[0]


def test_fraud_type_posts_carry_their_warning_and_the_line_that_answers_it(shipped):
    import yaml

    from generator.products.wording import FRAUD_TIPS

    types = {t["key"]: t for t in yaml.safe_load((CONTENT / "guidance.yaml").read_text(encoding="utf-8"))
             ["fraud_types"]["items"]}
    fraud_posts = [slug for slug in POSTS if front(slug).get("fraud_type")]
    assert len(fraud_posts) >= 4
    for slug in fraud_posts:
        key = front(slug)["fraud_type"]
        warning, tip = types[key]["warning"], FRAUD_TIPS[key]
        t = texts_of(shipped, slug)
        for platform in ("weibo", "moments", "douyin", "xiaohongshu", "wechat-article", "x"):
            assert warning in t[platform], (slug, platform)
        for platform in ("weibo", "douyin", "xiaohongshu", "wechat-article"):
            assert tip in t[platform], (slug, platform)
        cards = pypdfium2.PdfDocument(shipped / f"posts/{slug}/cards.pdf")
        for index, name in enumerate(CARDS):
            text = re.sub(r"\s+", "", cards[index].get_textpage().get_text_range())
            assert "都是诈骗" in text, (slug, name)
            assert (tip in text) == (name != "wechat-cover"), (slug, name)


def test_tips_fit_their_subject(shipped):
    """A tip is a line of 三不一多 whose subject the post speaks of; court figures get none
    (个人信息不透露 after them told readers nothing they could use)."""
    from generator.products.wording import TIP_WORDS

    for slug in POSTS:
        tip = front(slug).get("tip")
        if tip:
            words = TIP_WORDS[tip]
            text = texts_of(shipped, slug)["xiaohongshu"]
            assert any(word in text.replace(tip, "") for word in words), (slug, tip)
    courts = texts_of(shipped, "courts-2021")
    assert not any("个人信息不透露" in text for text in courts.values())
    cards = pypdfium2.PdfDocument(shipped / "posts/courts-2021/cards.pdf")
    assert not any("个人信息不透露" in cards[i].get_textpage().get_text_range() for i in range(len(CARDS)))


def test_a_tip_that_does_not_fit_the_post_fails_naming_its_line(post_project):
    post = post_project / "content/posts/cases-solved-2021.md"
    text = post.read_text(encoding="utf-8").replace("tip: 转账汇款多核实", "tip: 个人信息不透露")
    post.write_text(text, encoding="utf-8")
    result = _build(post_project)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("tip:"))
    assert result.exit_code == 2
    assert f"cases-solved-2021.md:{line}: `tip: 个人信息不透露` does not fit this post" in result.output


def test_titles_name_the_year_not_words_that_age(shipped):
    from generator.products.wording import AGEING

    figures = {f["id"]: f for f in json.loads((shipped / "figures.json").read_text(encoding="utf-8"))}
    for slug in POSTS:
        meta = front(slug)
        for key in ("title", "short_title", "opening"):
            assert not any(word in str(meta.get(key, "")) for word in AGEING), (slug, key)
        for year in re.findall(r"(\d{4})年", meta["title"]):
            assert any(year in figures[i]["period"] for i in meta.get("figures") or []), (slug, year)
        t = texts_of(shipped, slug)
        assert not any(word in t["wechat-title"] + t["xiaohongshu-title"] for word in AGEING)


@pytest.mark.parametrize("title,message", [
    ("去年破获电诈案件44.1万余起", "`title` says '去年', which ages: say 2021年 instead"),
    ("2020年破获电诈案件44.1万余起", "`title` says 2020年, but the key figures are of 2021年"),
])
def test_a_title_that_ages_or_names_another_year_fails(post_project, title, message):
    post = post_project / "content/posts/cases-solved-2021.md"
    post.write_text(re.sub(r"^title: .*$", f"title: {title}", post.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")
    result = _build(post_project)
    assert result.exit_code == 2 and f"cases-solved-2021.md:2: {message}" in result.output


def test_the_unit_speaks_in_every_call_to_action_with_its_local_hotline_after_96110_and_110(shipped):
    """Every text's call to action gives the unit's local number after 96110 and 110, and is said
    by the issuing unit (its short name); the long texts give every local number with its label.
    Where a short text's limit is tight the call is worded shorter (96110来电必接，被骗拨打110，
    本地咨询…), and on 朋友圈 at the last without the unit's name, which its card prints."""
    from generator.config import load_config

    unit = load_config(ROOT).unit
    local = unit.hotlines[0].number
    shorter = f"96110来电必接，被骗拨打110，本地咨询{local}。"
    for slug in POSTS:
        t = texts_of(shipped, slug)
        for platform, text in t.items():
            if platform.endswith("-title"):
                continue
            plain = re.sub(r"<[^>]+>", "", text)
            warning = plain.find("96110")
            assert 0 <= warning < plain.find("110", warning + 5) < plain.find(local), (slug, platform)
            if platform in ("wechat-article", "xiaohongshu", "douyin"):
                assert f"{unit.short_name}提醒：接到96110来电务必接听" in text, (slug, platform)
                for hotline in unit.hotlines:
                    at = t[platform].find(hotline.number)
                    assert at > t[platform].find("110。") > 0 and hotline.label in t[platform], (slug, platform)
            elif platform == "moments":
                assert f"{unit.short_name}提醒：接到96110来电务必接听" in text or shorter in text, slug
            else:
                assert f"{unit.short_name}提醒：" in text and f"本地咨询{local}。" in text, (slug, platform)


def test_x_writes_no_hashtag_of_digits_alone(shipped):
    """#96110 is no hashtag on X (a hashtag needs a letter); Weibo and Douyin take it."""
    t = texts_of(shipped, "people-protected-2021")
    assert "#96110#" in t["weibo"] and "#96110" in t["douyin"].splitlines()[-1]
    assert "#96110" not in t["x"] and "#全民反诈" in t["x"]
    for slug in POSTS:
        assert not re.search(r"#\d+(\s|$)", texts_of(shipped, slug)["x"])
