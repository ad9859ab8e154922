"""The README says what the code does: every command and option is documented."""

from conftest import ROOT

from generator.cli import cli


def test_every_command_and_option_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"fanzha {name}" in readme, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in readme, f"fanzha {name} {option}"


def test_readme_gives_the_two_setup_commands_and_ci_calls_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_the_readme_layout_names_every_module():
    """The layout section matches the package: every module and subpackage is named in it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        assert path.name in layout, path.relative_to(ROOT)
    for package in sorted(p for p in (ROOT / "generator").iterdir() if (p / "__init__.py").is_file()):
        assert f"{package.name}/" in layout, package.name
