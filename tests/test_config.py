"""fanzha.toml: checked as a whole, and base_url makes the feed, sitemap and og:image absolute."""

import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import Settings, load_config
from generator.errors import ConfigError


def test_no_file_gives_the_defaults(tmp_path):
    assert load_config(tmp_path) == Settings()


def test_every_problem_is_reported_with_its_line(tmp_path):
    (tmp_path / "fanzha.toml").write_text(
        '[site]\ntitle = 3\nbase_url = "example.org"\ncolour = "red"\n\n[build]\nthreads = 4\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    message = error.value.message
    assert f"{tmp_path / 'fanzha.toml'}:2: title must be a str" in message
    assert ":3: base_url must be an http(s) URL ending in /" in message
    assert ":4: unknown key 'colour' in [site]" in message
    assert ":7: unknown key 'threads' in [build]" in message


def test_a_toml_syntax_error_names_the_file(tmp_path):
    (tmp_path / "fanzha.toml").write_text("[site\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="fanzha.toml"):
        load_config(tmp_path)


def test_base_url_makes_feed_sitemap_and_og_image_absolute(project):
    (project / "fanzha.toml").write_text('[site]\ntitle = "测试站"\nbase_url = "https://fanzha.example.org/x/"\n',
                                         encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 0, result.output
    site = project / "output/site"
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://fanzha.example.org/x/") for loc in locs)
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert 'href="https://fanzha.example.org/x/leaflets/general-public.html"' in feed
    page = (site / "leaflets/general-public.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://fanzha.example.org/x/og.png">' in page
    assert '<link rel="canonical" href="https://fanzha.example.org/x/leaflets/general-public.html">' in page
    assert "<title>" in page and "测试站" in page
    # links inside the site stay relative, so the folder still works anywhere
    assert not re.findall(r'<a href="https://fanzha', page)


UNIT = """[unit]
name = "通山县公安局反诈中心"
short_name = "通山反诈"
logo = "content/assets/logo.svg"

[[unit.hotlines]]
number = "0715-2345678"
label = "县反诈中心咨询电话"

[[unit.qr]]
url = "https://example.gov.cn/fanzha"
label = "扫码举报"

[editions.hk-community]
name = "某社區反詐騙小組"
script = "zh-HK"

[editions.bank]
name = "某银行某支行"
hotlines = [{ number = "95588", label = "客服热线" }]
"""


def test_the_unit_and_editions_are_read_as_records(tmp_path):
    (tmp_path / "content/assets").mkdir(parents=True)
    (tmp_path / "content/assets/logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "fanzha.toml").write_text(UNIT, encoding="utf-8")
    settings = load_config(tmp_path)
    unit = settings.unit
    assert (unit.name, unit.short_name, unit.logo) == ("通山县公安局反诈中心", "通山反诈", "content/assets/logo.svg")
    assert [(h.number, h.label) for h in unit.hotlines] == [("0715-2345678", "县反诈中心咨询电话")]
    assert [(q.url, q.label) for q in unit.qr] == [("https://example.gov.cn/fanzha", "扫码举报")]
    hk, bank = settings.editions["hk-community"], settings.editions["bank"]
    assert (hk.script, hk.unit.name, hk.unit.hotlines) == ("zh-HK", "某社區反詐騙小組", unit.hotlines)  # others inherited
    assert (bank.script, [h.number for h in bank.unit.hotlines]) == ("zh-Hans", ["95588"])


def test_unit_problems_are_reported_with_their_lines(tmp_path):
    (tmp_path / "fanzha.toml").write_text(
        '[unit]\nname = "单位"\nlogo = "https://example.org/logo.png"\n\n[[unit.hotlines]]\nnumber = "0715-2345678"\n'
        'label = "咨询"\n\n[[unit.hotlines]]\nnumber = "call us"\nlabel = "热线"\n\n[[unit.qr]]\nurl = "javascript:alert(1)"\n'
        'label = "扫码"\n\n[editions.Big_Edition]\nscript = "zh-Latn"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    message = error.value.message
    path = tmp_path / "fanzha.toml"
    assert f"{path}:3: logo must be a file of the project, not a URL" in message
    assert f"{path}:10: number 'call us' is not a phone number" in message  # the second [[unit.hotlines]]
    assert f"{path}:14: url must be an http(s) address" in message and "'javascript:alert(1)'" in message
    assert f"{path}:17: edition name 'Big_Edition'" in message
    assert f"{path}:18: script must be one of zh-Hans, zh-Hant, zh-HK, zh-TW" in message


def test_build_limits_and_keep_are_read(tmp_path):
    """[build]: the limits of one document and the paths output/ keeps."""
    (tmp_path / "fanzha.toml").write_text(
        '[build]\nrender_seconds = 30\nrender_memory = 512\nmax_pages = {leaflet = 1}\nmax_nesting = 10\n'
        'keep = ["README.md", "site/CNAME"]\nworkers = 3\n', encoding="utf-8")
    build = load_config(tmp_path).build
    assert (build.render_seconds, build.render_memory, build.max_nesting, build.workers) == (30, 512, 10, 3)
    assert build.max_pages == {"leaflet": 1, "briefing": 40} and build.keep == ("README.md", "site/CNAME")
    assert Settings().build.max_pages == {"leaflet": 2, "briefing": 40} and Settings().build.render_seconds > 0


def test_bad_build_settings_are_reported_with_their_lines(tmp_path):
    """Every bad [build] value is reported with its line, all at once."""
    (tmp_path / "fanzha.toml").write_text(
        '[build]\nrender_seconds = -1\nrender_memory = 1.5\nmax_pages = {poster = 3, leaflet = 0}\n'
        'max_nesting = true\nkeep = ["../etc", "/abs"]\nworkers = -2\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    message = error.value.message
    assert ":2: render_seconds must be a positive number" in message
    assert ":3: render_memory must be a positive whole number" in message
    assert ":4: max_pages: unknown kind 'poster'" in message and ":4: max_pages.leaflet must be a whole" in message
    assert ":5: max_nesting must be a positive whole number" in message
    assert ":6: keep: '../etc' must be a relative path inside output/" in message and "'/abs'" in message
    assert ":7: workers must be a whole number" in message


def test_a_mistyped_key_gets_a_did_you_mean_and_the_known_keys(tmp_path):
    (tmp_path / "fanzha.toml").write_text('[editions.tw]\nscript = "zh-TW"\nnmae = "某組"\n\n[build]\nworker = 2\n',
                                         encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    message = error.value.message
    assert ":3: unknown key 'nmae' in [editions.tw]; did you mean 'name'? (known: name, short_name, logo, " \
           "hotlines, qr, script)" in message
    assert ":6: unknown key 'worker' in [build]; did you mean 'workers'?" in message
