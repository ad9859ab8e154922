"""One edition on its way through the build: its products composed and their renders queued,
then collected and checked, and its files laid out under its place in output/."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from generator.checking.check import Checker, check_context, earlier_checks, stale_figures
from generator.checking.verify import Finding
from generator.config import FILE_NAME, Settings
from generator.editions import EditionPlan, Inputs, Progress, edition_inputs, edition_links
from generator.errors import ConfigError, GeneratorError
from generator.model import Artifact
from generator.output.files import output_files
from generator.output.memory import BuildMemory, Keys, RenderEntry
from generator.products.compose import Composed, compose
from generator.products.content import Product
from generator.products.outputs import name_collisions
from generator.products.platforms import XLengths, counters
from generator.products.site import SiteInput, site_image, site_pages
from generator.project import Project
from generator.rendering.pool import RenderPool
from generator.rendering.renders import Collected, Renders
from generator.rendering.script import convert_texts
from generator.rendering.templates import CompiledTemplates, make_environment


@dataclass
class EditionWork:
    """One edition on its way through the build: composed and queued, then collected and checked."""

    plan: EditionPlan
    inputs: Inputs
    env: Any
    checker: Checker
    renders: Renders
    composed: Composed
    site: SiteInput
    site_html: list[Artifact]
    site_errors: list[str]
    collected: Collected = field(default_factory=Collected)

    @classmethod
    def start(cls, plan: EditionPlan, project: Project, settings: Settings, shared: Inputs, pool: RenderPool,
              keys: Keys, memory: BuildMemory, x_lengths: XLengths, progress: Progress,
              with_others: bool = False, compiled: CompiledTemplates | None = None) -> EditionWork:
        """Compose the edition's products and site; their PDFs and cards are queued in the pool.
        `with_others`: other editions are built with it, and its pages may share their layouts;
        `compiled`: the templates compiled for all of them."""
        inputs = edition_inputs(plan, shared, settings, project.content)
        _refuse_name_collisions(inputs.products)
        env = make_environment(project.templates, plan.unit, settings.site, settings.briefing, script=plan.script,
                               root=project.root, compiled=compiled)
        if not plan.name:  # the default site lists the other editions
            env.globals["editions"] = edition_links(settings)
        # {page} in a QR target: on [unit]'s site an edition's pages are at editions/NAME/…; an edition
        # with targets of its own publishes its own site there, its pages at the root
        env.globals["site_prefix"] = plan.prefix if plan.unit.qr == settings.unit.qr else ""
        output = project.output / plan.prefix
        context = check_context(project.content) + (check_context(plan.folder) if plan.folder else "")
        checker = Checker(inputs.registry, inputs.guidance, project.templates, inputs.docs, keys=keys,
                          context=context, earlier=earlier_checks(output))
        previous = {path[len(plan.prefix):]: entry for path, entry in memory.renders.items() if plan.owns(path)}
        renders = Renders(pool, keys, previous, output, max_pages=settings.build.max_pages, shared=with_others)
        label = f"rendering pages ({plan.label})" if plan.name else "rendering pages"
        composed = compose(env, progress(inputs.products, label), inputs.registry, inputs.guidance,
                           count=counters(x_lengths), render=renders.submit, docs=inputs.docs)
        composed = convert_texts(composed, plan.script)
        renders.submit(site_image(env, settings.site, inputs.guidance, str(project.root / FILE_NAME)))
        checker.check("pages", composed.pages)
        site = SiteInput(settings.site, inputs.products, inputs.registry, inputs.guidance, inputs.docs,
                         inputs.records, list(composed.pages) + renders.planned(), list(composed.posts),
                         stale_after=settings.check.stale_after)
        site_html, site_errors = _site_pages(env, site, composed.errors)
        checker.check("site", site_html)
        return cls(plan, inputs, env, checker, renders, composed, site, site_html, site_errors)

    def collect(self, progress: Progress) -> None:
        """Wait for the edition's renders, checking each as it comes."""
        self.collected = self.renders.collect(lambda done: self.checker.check("renders", done), progress)

    @property
    def errors(self) -> list[str]:
        prefix = f"edition {self.plan.name}: " if self.plan.name else ""
        return [prefix + error for error in list(self.composed.errors) + self.site_errors + self.collected.errors]

    @property
    def findings(self) -> list[Finding]:
        """The check's findings, each file named by its place in output/ (editions/NAME/… for another edition)."""
        return [replace(finding, artifact=self.plan.prefix + finding.artifact) for finding in self.checker.findings]

    def stale(self, settings: Settings) -> list[str]:
        prefix = f"edition {self.plan.name}: " if self.plan.name else ""
        return [prefix + warning for warning in
                stale_figures(self.composed.pages, self.inputs.registry, settings.check.stale_after)]

    def files(self, project: Project) -> dict[str, str | bytes]:
        """The edition's files, by their path in output/ (under editions/NAME/ for another edition)."""
        site = replace(self.site, artifacts=list(self.composed.pages) + self.collected.artifacts)
        made = output_files(self.env, self.inputs.docs, self.inputs.records, self.inputs.registry, self.composed,
                            self.collected, site, self.site_html, self.checker, project)
        return {self.plan.prefix + path: data for path, data in made.items()}

    def entries(self) -> dict[str, RenderEntry]:
        return {self.plan.prefix + path: entry for path, entry in self.collected.entries.items()}


def _refuse_name_collisions(products: list[Product]) -> None:
    """Stop before rendering when two products would make a file of the same name."""
    problems = name_collisions([(product.kind, product.slug, product.path) for product in products])
    if problems:
        raise ConfigError("\n".join(problems))


def _site_pages(env, site: SiteInput, errors: Iterable[str]) -> tuple[list[Artifact], list[str]]:
    """The site's pages, made while the PDFs render; not made when a product failed."""
    if errors:
        return [], []
    try:
        return site_pages(env, site), []
    except GeneratorError as exc:
        return [], [exc.message]
