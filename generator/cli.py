"""The `fanzha` command line. Each command loads its inputs and calls one function."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator import __version__

KINDS = ("statistic", "date", "phone", "name", "ordinal", "other")


@click.group()
@click.version_option(__version__, prog_name="fanzha")
def cli():
    """fanzha: anti-fraud publicity material whose every number is traced to its source.

    Exit status: 0 success, 1 the check found a problem, 2 unusable input or configuration,
    130 stopped by Ctrl-C, 143 stopped by SIGTERM.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="jsonl: one JSON object per number; table: aligned columns for reading.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only numbers of this kind (repeat for several). Default: every number.")
@click.option("--suggest", is_flag=True,
              help="Print draft content/figures.yaml entries for every statistic instead, "
                   "for an editor to curate.")
def extract(paths, fmt, kinds, suggest):
    """Print every number in the source files PATHS, with its kind and place.

    Each record gives source, surface, value (exact decimal, magnitude applied), unit,
    qualifier, kind, metric, period, period_norm, actor, sentence, and start/end: Python
    string offsets into the decoded original file. Any file path is accepted; metadata
    (dates for 去年/截至目前) comes from front matter or from the project's sources index.
    """
    from generator.extraction.records import extract_records
    from generator.sources.index import index_metadata_for
    from generator.sources.reader import read_source

    for path in paths:
        doc = read_source(path, metadata=index_metadata_for(path))
        if doc.encoding_warning:
            click.echo(f"warning: {doc.encoding_warning}", err=True)
        if suggest:
            from generator.figures.suggest import suggest_entries

            click.echo(suggest_entries(doc, extract_records(doc)), nl=False)
            continue
        records = [r for r in extract_records(doc) if not kinds or r.kind in kinds]
        if fmt == "jsonl":
            for record in records:
                click.echo(json.dumps(record.as_dict(), ensure_ascii=False))
        else:
            _print_table(records)


@cli.group()
def source():
    """Add sources (official releases, news reports) to the project."""


@source.command("add")
@click.argument("target")
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
              show_default=True, help="The content folder.")
def source_add(target, content_dir):
    """Store the file or http(s) URL TARGET in content/sources/, unchanged.

    The file is named NNN_HASH.EXT (the next number, the first 16 hex digits of its sha256, .html,
    .txt or .md) and its entry is appended to content/sources.yaml with its sha256 and the title,
    publisher and date the page gives, each marked with where it was found, for you to confirm.
    Then the statistics found are printed as draft content/figures.yaml entries. A URL is fetched
    here only (never during a build), http and https only, at most 20 MiB, 20 s timeout. The same
    bytes twice are refused.
    """
    from generator.commands.source import add_source
    from generator.extraction.records import extract_records
    from generator.figures.suggest import suggest_entries
    from generator.sources.reader import read_source

    added = add_source(target, content_dir)
    click.echo(f"stored {added.path} (sha256 {added.sha256})")
    for key in ("title", "publisher", "published"):
        found = getattr(added.description, key)
        click.echo(f"  {key}: {found.value or '—'}  ({found.where})")
    click.echo(f"appended its entry to {content_dir / 'sources.yaml'}: confirm each value there, and `reported`")
    # the drafts are read as a build will read the source: its date anchors 去年 and 截至目前, and
    # a monthly report's title (3月警情通报) says which month its 本月 is
    metadata = {key: getattr(added.description, key).value for key in ("title", "published")}
    doc = read_source(added.path, metadata={key: value for key, value in metadata.items() if value})
    records = extract_records(doc)
    statistics = sum(1 for record in records if record.kind == "statistic")
    click.echo(f"{statistics} statistic(s) found; draft entries for content/figures.yaml "
               f"(keep the ones worth citing, fill in every EDITOR line):\n")
    click.echo(suggest_entries(doc, records), nl=False)


def _print_table(records) -> None:
    for r in records:
        period = f" [{r.period}]" if r.period else ""
        metric = f" {r.metric}" if r.metric else ""
        click.echo(f"{r.source}\t{r.start:>6}\t{r.kind:<9}\t{r.surface}\t= {r.value} {r.unit} "
                   f"({r.qualifier}){metric}{period}")


def project_options(command):
    """The --content, --templates and --output options that build and check share."""
    folder = click.Path(file_okay=False, path_type=Path)
    for option in reversed([
        click.option("--content", "content_dir", type=folder, default=Path("content"), show_default=True,
                     help="The content folder (sources, figures, guidance, products)."),
        click.option("--templates", "templates_dir", type=folder, default=None,
                     help="The templates folder.  [default: templates/ beside the content folder]"),
        click.option("--output", "output_dir", type=folder, default=Path("output"), show_default=True,
                     help="The output folder."),
    ]):
        command = option(command)
    return command


@cli.command()
@project_options
@click.option("--force", is_flag=True, help="Rebuild even when no input changed since the last build.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1, nothing published) on a product's warning: a cited figure older than "
                   "[check] stale_after months, or a sample value of fanzha.toml the material would print "
                   "(the gate before printing).")
@click.option("--edition", metavar="NAME",
              help="Build only this edition of fanzha.toml ([editions.NAME], or `default` for [unit]); the "
                   "others keep the files of the last build.  [default: every edition]")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print what each stage produced.")
def build(content_dir, output_dir, templates_dir, force, strict, edition, quiet, verbose):
    """Build the content folder into the output folder.

    Reads and checks every source against content/sources.yaml (an edited source stops the
    build), extracts every number, checks the figure registry (content/figures.yaml) and the
    guidance (content/guidance.yaml) against the sources, renders the products
    (content/leaflets, briefings and posts: pages, PDFs, platform texts, share cards) and the
    site (output/site), and checks every number in every page, PDF, text and card. Each
    [editions.NAME] of fanzha.toml is built the same way into output/editions/NAME/, with its own
    unit, script and content (editions/NAME/). Only when
    all of that succeeds is output/ replaced, atomically: a failed build leaves the previous
    output as it was. Unchanged inputs: nothing is redone; an unchanged page keeps its PDF or
    cards from the last build. Exit 1 when the check finds an untraced number, 2 for
    unusable input.
    """
    from generator.output.memory import up_to_date
    from generator.output.writer import refuse_if_locked

    refuse_if_locked(output_dir)  # a second build stops at once, before the renderer is imported
    templates = templates_dir or content_dir.parent / "templates"
    if not force and not strict and not edition and up_to_date(content_dir, templates, output_dir):
        if not quiet:
            click.echo(f"{output_dir} is up to date: no content, template or code changed since it was built")
        return  # answered without importing the renderer: about a quarter of a second
    from generator.build import build as run_build

    def progress(items, label):
        if quiet or not sys.stderr.isatty():
            yield from items
            return
        with click.progressbar(items, label=label, file=sys.stderr, show_pos=True) as bar:
            yield from bar

    from generator.commands.signals import stop_on_signals

    with stop_on_signals(f"the render workers were stopped and nothing was left half-written in {output_dir}"):
        result = run_build(content_dir, output_dir, templates_dir=templates_dir, progress=progress, force=force,
                           strict=strict, edition=edition)
    _report(result, quiet=quiet, verbose=verbose, one_edition=bool(edition))


def _report(result, *, quiet: bool, verbose: bool, one_edition: bool) -> None:
    """What a build says when it is done: warnings first (on stderr), then what it built."""
    from generator.samples import summary

    for warning in result.stale:
        click.echo(f"warning: {warning}", err=True)
    if result.skipped:
        if not quiet:
            click.echo(f"{result.output} is up to date: no content, template or code changed since it was built")
        return
    if result.samples and (verbose or not quiet):
        for line in map(str, result.samples) if verbose else [summary(result.samples)]:
            click.echo(f"warning: {line}", err=True)
    if verbose:
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
    elif result.warnings and not quiet:
        click.echo(f"{len(result.warnings)} warning(s) about the sources and figures; --verbose lists them", err=True)
    if not quiet:
        several = len(result.editions) > 1
        shared = f" ({result.shared_layouts} in layouts shared by editions)" if result.shared_layouts else ""
        editions = (f" ({len(result.editions)} editions: {', '.join(result.editions)})" if several
                    else f" (edition {result.editions[0]} only)" if one_edition else "")
        click.echo(f"built {result.output}{editions}: {result.sources} sources, {result.numbers} numbers, "
                   f"{result.statistics} statistics, {result.figures} registered figures; "
                   f"{result.rendered} PDF/card page(s) rendered{shared}, {result.reused} unchanged and reused")


@cli.command()
@project_options
def check(content_dir, output_dir, templates_dir):
    """Check every number in the built output again, without rebuilding.

    Reads output/manifest.json (and each edition's, output/editions/NAME/manifest.json),
    re-reads every page it lists, and traces each number to the registered figures of its
    edition. Exit 0 when all are traced, 1 with the findings otherwise.
    """
    from generator.checking.check import recheck

    checked, findings = recheck(content_dir, output_dir, templates_dir=templates_dir)
    for finding in findings:
        click.echo(str(finding), err=True)
    if findings:
        raise SystemExit(1)
    click.echo(f"checked {checked} page(s): every number is traced")


@cli.command()
@project_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
def serve(content_dir, output_dir, templates_dir, port):
    """Preview the site on http://127.0.0.1:PORT/, rebuilding on every change.

    Builds once, then watches the content folder, the templates and fanzha.toml; each change
    rebuilds (in a child process) and open pages reload themselves. While a build fails,
    every page shows its findings instead of stale content. Only 127.0.0.1 is served.
    Stop with Ctrl-C.
    """
    from generator.commands.serve import Preview

    templates_dir = templates_dir or content_dir.parent / "templates"
    preview = Preview(content_dir, templates_dir, output_dir, log=lambda line: click.echo(line, err=True))
    preview.serve(port, ready=lambda url: click.echo(f"serving {url} (Ctrl-C stops)", err=False))


@cli.command()
@project_options
@click.option("--to", "target", type=click.Path(file_okay=False, path_type=Path),
              help="Copy the site into this folder, atomically.")
@click.option("--git-branch", "branch", help="Commit the site as the whole tree of this branch and push it.")
@click.option("--remote", help="Repository for --git-branch.  [default: the project's own repository]")
def publish(content_dir, output_dir, templates_dir, target, branch, remote):
    """Publish the built, checked site (output/site) to a folder or a git branch.

    The check runs again on the built output first; a build whose check failed, or an
    output edited since, is refused (exit 1) and nothing is published. --to DIR swaps the
    site into DIR in one step and never replaces a non-empty folder fanzha did not publish.
    --git-branch NAME commits the site as the whole tree of NAME (with .nojekyll) and pushes
    it to --remote, or to the project's own repository; an unchanged site makes no commit.
    """
    from generator.commands.publish import checked_site, project_repository, publish_to_branch, publish_to_folder
    from generator.config import load_config

    if bool(target) == bool(branch):
        raise click.UsageError("give exactly one of --to DIR or --git-branch NAME")
    if remote and not branch:
        raise click.UsageError("--remote goes with --git-branch")
    from generator.commands.signals import stop_on_signals

    keep = load_config(content_dir.parent).build.keep
    files = checked_site(content_dir, output_dir, templates_dir)
    if target:
        with stop_on_signals(f"nothing was left half-written in {target}"):
            publish_to_folder(files, target, keep)
        click.echo(f"published {len(files)} files to {target}")
        return
    remote = remote or project_repository(content_dir.resolve().parent)
    commit = publish_to_branch(files, branch, remote, keep)
    if commit is None:
        click.echo(f"{remote} {branch} already holds this site: nothing to publish")
    else:
        click.echo(f"published {len(files)} files to {remote} branch {branch} (commit {commit[:12]})")


@cli.command()
@click.argument("kind", type=click.Choice(["leaflet", "post", "briefing"]))
@click.argument("name")
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
              show_default=True, help="The content folder.")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The templates folder (starters are in templates/new/).  [default: beside the content folder]")
@click.option("--title", help="The title to start with.  [default: NAME]")
def new(kind, name, content_dir, templates_dir, title):
    """Start a new leaflet, post or briefing: content/KINDs/NAME.md from templates/new/KIND.md.

    The starter cites one registered figure so that it builds as it is; edit its front
    matter and text, cite figures as [[fig:ID]], then run fanzha build (or fanzha serve).
    """
    from generator.commands.new import new_product

    templates_dir = templates_dir or content_dir.parent / "templates"
    path = new_product(kind, name, content_dir, templates_dir, title=title)
    click.echo(f"wrote {path}: edit it, then run fanzha build")
