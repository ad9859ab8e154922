"""Builds redo only what changed: unchanged pages keep their PDFs and cards, byte for byte."""

import shutil

from conftest import CONTENT

from generator.build import build


def tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_changing_one_post_renders_only_its_cards(post_project):
    shutil.copy(CONTENT / "posts/brushing.md", post_project / "content/posts")
    content, output = post_project / "content", post_project / "output"
    first = build(content, output)
    assert first.rendered == 7 and first.reused == 0  # 4 leaflet PDFs, 2 posts' cards, og:image
    before = tree(output)

    post = content / "posts/cases-solved-2021.md"
    post.write_text(post.read_text(encoding="utf-8").replace("opening: 话术在变，骗的都是钱。",
                                                             "opening: 话术在变，骗的全是钱。"),
                    encoding="utf-8")
    second = build(content, output)
    assert (second.rendered, second.reused) == (1, first.rendered - 1)  # the changed post's cards only
    after = tree(output)
    assert after["posts/cases-solved-2021/cards/square.png"] != before["posts/cases-solved-2021/cards/square.png"]
    for name in ("posts/brushing/cards/square.png", "posts/brushing/cards.pdf", "leaflets/general-public.pdf",
                 "leaflets/general-public-trifold-print.pdf", "site/og.png"):
        assert after[name] == before[name], name

    # the lead is not on the cards: changing it re-renders nothing, yet the texts change
    post.write_text(post.read_text(encoding="utf-8").replace("抓获违法犯罪嫌疑人[[fig:", "抓获嫌疑人[[fig:"),
                    encoding="utf-8")
    third = build(content, output)
    assert third.rendered == 0
    assert "抓获嫌疑人69万余名" in (output / "posts/cases-solved-2021/weibo.txt").read_text(encoding="utf-8")


def test_reused_renders_equal_fresh_ones(post_project, tmp_path):
    content = post_project / "content"
    build(content, post_project / "output")
    reused = build(content, post_project / "output", force=True)
    assert reused.rendered == 0
    fresh = build(content, tmp_path / "fresh")
    assert fresh.reused == 0
    old, new = tree(post_project / "output"), tree(tmp_path / "fresh")
    old.pop(".fanzha-output"), new.pop(".fanzha-output")
    assert old == new
