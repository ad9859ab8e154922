"""fanzha.toml: checked as a whole, and base_url makes the feed, sitemap and og:image absolute."""

import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import SiteConfig, load_config
from generator.errors import ConfigError


def test_no_file_gives_the_defaults(tmp_path):
    assert load_config(tmp_path) == SiteConfig()


def test_every_problem_is_reported_with_its_line(tmp_path):
    (tmp_path / "fanzha.toml").write_text(
        '[site]\ntitle = 3\nbase_url = "example.org"\ncolour = "red"\n\n[build]\nworkers = 4\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    message = error.value.message
    assert f"{tmp_path / 'fanzha.toml'}:2: title must be a str" in message
    assert ":3: base_url must be an http(s) URL ending in /" in message
    assert ":4: unknown key 'colour' in [site]" in message
    assert ":6: unknown section [build]" in message


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
