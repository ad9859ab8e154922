"""render.py: figures written with their qualifier and exact value, in a sealed environment."""

import jinja2
import pytest
from conftest import CONTENT

from generator.extract import find_numbers
from generator.figures import load_registry
from generator.render import QUALIFIER_WORDS, figure_text, make_environment
from generator.index import read_sources


@pytest.fixture(name="registry", scope="module")
def fixture_registry():
    return load_registry(CONTENT / "figures.yaml", read_sources(CONTENT))


@pytest.mark.parametrize("fmt", ["surface", "words"])
def test_every_figure_reads_back_as_itself_in_every_format(registry, fmt):
    """Whatever the format, the extractor reads a rendered figure as the same value, unit
    and qualifier: 44.1万余起 or 超过44.1万起, never 44万起 or 441,000起."""
    for figure in registry.figures.values():
        text = figure_text(figure, fmt)
        tokens = [t for t in find_numbers(f"据统计，共{text}。") if t.kind == "statistic"]
        assert [(t.value, t.unit, t.qualifier) for t in tokens] == [(figure.value, figure.unit, figure.qualifier)], text


def test_words_format_keeps_the_qualifier(registry):
    assert figure_text(registry.figures["cases-solved-2021"], "words") == "超过44.1万起"
    assert figure_text(registry.figures["people-prosecuted-2021"], "words") == "近4万人"
    assert set(QUALIFIER_WORDS) == {"exact", "more_than", "nearly", "about", "less_than"}


def test_environment_escapes_every_template_and_rejects_undefined(tmp_path):
    (tmp_path / "page.html.j2").write_text("{{ text }}|{{ missing }}", encoding="utf-8")
    env = make_environment(tmp_path)
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("page.html.j2").render(text="x")
    (tmp_path / "ok.html.j2").write_text("{{ text }}", encoding="utf-8")
    assert env.get_template("ok.html.j2").render(text="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_closing_punctuation_is_glued_to_the_element_before_it():
    """WeasyPrint can break between </strong> and 。: the mark moves inside the element."""
    from generator.render import glue_punctuation

    assert glue_punctuation("<strong>不转账</strong>。下一句") == "<strong>不转账。</strong>下一句"
    assert glue_punctuation('<span class="fig">44.1万余起</span></strong>，') == '<span class="fig">44.1万余起，</span></strong>'
    assert glue_punctuation("<p>正文</p>。") == "<p>正文</p>。"  # block ends are left alone


def test_numbers_and_ranges_are_kept_on_one_line():
    from generator.render import keep_numbers

    html = str(keep_numbers("一年来（2021年4月至2022年4月），破获39.4万起"))
    assert '<span class="num">2021年4月至2022年4月</span>' in html
    assert '<span class="num">39.4万起</span>' in html
    assert "&lt;" in str(keep_numbers("<b>1起</b>"))  # text is escaped
