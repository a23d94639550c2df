"""One generation, in memory: catalog -> pinned tools -> IR -> files -> formatted files + lock.

Nothing here writes to disk; :mod:`codegen.write.writer` does that and :mod:`codegen.pipeline.check`
compares. A tool that cannot be generated is reported (slug and reason) and left out.
Large runs build tools in a process pool (DCG holds a process-wide lock, so threads
would not help); a tool's output never depends on which worker made it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from codegen.build import emit, naming, warm
from codegen.build.cache import ToolCache
from codegen.build.cache import entry_key as cache_entry_key
from codegen.build.cache import key as cache_key
from codegen.build.facade import OUTPUT_FACADE, FacadeToolkit, output_facade
from codegen.build.formatting import FormatError, Formatter, format_files, gate
from codegen.build.ir import BuiltTool, BuiltToolkit
from codegen.build.models import generate_models
from codegen.build.normalize import SchemaError, normalize
from codegen.build.versions import generator_versions
from codegen.pipeline import lifecycle
from codegen.pipeline.config import Config
from codegen.shared.escaping import ordered_json
from codegen.shared.report import Level, Report
from codegen.sources import catalog, store
from codegen.sources.lock import Lock, LockedToolkit, relative
from runtime.files.fields import fields_of
from runtime.mcp.tool import mcp_tool_of, name_notes

POOL_THRESHOLD = 48  # tools; below this a pool costs more than it saves


@dataclass
class Generation:
    """Everything one run produces, before it touches the disk."""

    files: Mapping[str, str]  # path relative to the output folder -> text (held compressed when many)
    packages: list[str]  # the toolkit packages
    lock: Lock
    reports: list[Report] = field(default_factory=list)
    tool_count: int = 0
    empty: list[str] = field(default_factory=list)  # pinned toolkits of which no tool could be generated


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def build_tool(raw: Mapping[str, Any], toolkit_slug: str, method: str) -> tuple[BuiltTool, list[str]] | Report:
    """The IR of one tool with its schema notes, or the report saying why it cannot be generated."""
    slug = str(raw["slug"])
    try:
        prefix = naming.model_prefix(method)
        normalized = normalize(raw, prefix)
        code = generate_models(normalized)
        normalized = normalized.renamed(code.renames)
        raw_json = ordered_json(raw)
        return BuiltTool(
            slug=slug,
            name=_text(raw.get("name")).strip(),
            description=_text(raw.get("description")),
            method=method,
            prefix=prefix,
            constant=naming.constant(method),
            params=tuple(normalized.params),
            input_class=normalized.input_class,
            output_class=normalized.output_class,
            models=code,
            raw_json=raw_json,
            files=fields_of(raw.get("input_parameters"), raw.get("output_parameters")),
            mcp=mcp_tool_of(raw),
            deprecated=lifecycle.is_deprecated(raw),
        ), normalized.notes + name_notes(raw)
    except SchemaError as error:
        return Report(toolkit_slug, slug, Level.ERROR, str(error))
    except RecursionError:
        return Report(toolkit_slug, slug, Level.ERROR, "schema nests too deeply to generate")
    except Exception as error:  # one bad tool never aborts a run
        return Report(
            toolkit_slug, slug, Level.ERROR, f"internal error ({type(error).__name__}: {error}); please report it"
        )


def _build_chunk(jobs: Sequence[tuple[Mapping[str, Any], str, str]]) -> list[Any]:
    """:func:`build_tool` for each job, with room for deep schemas (the caller's recursion limit
    is restored afterwards: a build in the calling process changes nothing of it)."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, 10_000))
    try:
        return [build_tool(*job) for job in jobs]
    finally:
        sys.setrecursionlimit(previous)


def _build_all(
    jobs: list[tuple[Mapping[str, Any], str, str]],
    progress: Callable[[int], None],
    warmed: warm.WarmBuilder | None = None,
) -> Iterator[Any]:
    """:func:`build_tool` for every job, yielded in job order as the workers finish them
    (``warmed``: a worker that has DCG imported, for a run with few jobs).

    Consumes ``jobs``: once a job is handed over, nothing here keeps its tool's JSON.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < POOL_THRESHOLD or workers < 2:
        results = warmed.build(jobs) if warmed is not None and jobs else None
        if results is not None:
            jobs.clear()
            progress(len(results))
            yield from results
            return
        jobs.reverse()
        while jobs:
            yield _build_chunk([jobs.pop()])[0]
            progress(1)
        return
    if warmed is not None:
        warmed.stop()  # the pool's workers import DCG themselves
    size = max(4, len(jobs) // (workers * 8))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    jobs.clear()
    with ProcessPoolExecutor(max_workers=workers, initializer=warm.quiet_worker) as pool:
        finished = pool.map(_build_chunk, chunks)  # every chunk is submitted here
        chunks.clear()
        for chunk_results in finished:
            progress(len(chunk_results))
            yield from chunk_results


def _refusal(tool: BuiltTool, code: emit.ToolCode, shell: BuiltToolkit) -> str | None:
    """The reason ``tool``'s own code would not parse, or ``None``."""
    try:
        gate(f"{tool.method}.py", code.module)
        gate("_toolkit.py", emit.toolkit_class_module(replace(shell, tools=(tool,)), [code.method]))
    except FormatError as error:
        return str(error)
    return None


def _identity(shell: BuiltToolkit) -> str:
    """What of a toolkit besides its tools shapes its code."""
    return repr((shell.slug, shell.name, shell.version, shell.package, shell.class_name, shell.mcp))


def _code_key(shell: BuiltToolkit, tool_key: str) -> str:
    return cache_entry_key("code", _identity(shell), tool_key)


def _coded(
    tool: BuiltTool, shell: BuiltToolkit, tool_key: str | None, cache: ToolCache | None
) -> tuple[str | None, emit.ToolCode]:
    """``tool``'s code, and the reason the gate refuses it (or ``None``), remembered in ``cache``
    under its build key: both depend only on the tool's IR and its toolkit's slug, name,
    version and names."""
    if cache is None or tool_key is None:
        code = emit.tool_code(tool, shell)
        return _refusal(tool, code, shell), code
    entry_key = _code_key(shell, tool_key)
    known = cache.get(entry_key)
    if isinstance(known, tuple) and len(known) == 2 and isinstance(known[1], emit.ToolCode):
        return known[0] or None, known[1]
    code = emit.tool_code(tool, shell)
    reason = _refusal(tool, code, shell)
    cache.put(entry_key, (reason or "", code))
    return reason, code


@dataclass(frozen=True)
class _Emitted:
    """A toolkit's share of a run, as the cache keeps it: its files (path, format key), what
    was reported about its tools, and how many of them it generated."""

    files: list[tuple[str, str]]
    reports: list[Report]
    count: int
    facade: FacadeToolkit  # what the output folder's facade needs of it


def _toolkit_key(shell: BuiltToolkit, tool_keys: Sequence[str | None], cache: ToolCache | None) -> str | None:
    """The cache key of a toolkit with this shell and these tools (their build keys decide
    their code and whether the gate lets them in), when every tool has one."""
    if cache is None or None in tool_keys:
        return None
    return cache_entry_key("toolkit", _identity(shell), *map(str, tool_keys))


def _cached_toolkit(
    key: str | None, cache: ToolCache | None, formatter: Formatter
) -> tuple[_Emitted, dict[str, str]] | None:
    """The toolkit's share and its formatted files, when the cache holds them all."""
    emitted = cache.get(key) if cache is not None and key is not None else None
    if not isinstance(emitted, _Emitted):
        return None
    files = formatter.known(emitted.files)
    return None if files is None else (emitted, files)


def sources(config: Config, lock: Lock | None) -> tuple[dict[tuple[str, str], list[catalog.SourceTool]], list[Report]]:
    """The pinned tools a run generates: from the catalog, or from the store the lock verifies."""
    if config.source is not None:
        tools, problems = catalog.load(config.source)
        selected, unassigned = catalog.select(tools, config.pins, [report.toolkit for report in problems])
        return selected, problems + unassigned
    assert config.store is not None
    return store.read(config.store, lock), []


def _built(
    jobs: list[tuple[Mapping[str, Any], str, str]],
    keys: list[str | None],
    advance: Callable[[int], None],
    cache: ToolCache | None,
    warmed: warm.WarmBuilder | None,
) -> Iterator[Any]:
    """:func:`build_tool`'s result for every job (``keys``: their cache keys), in
    job order, from ``cache`` where it has them; the others as the workers finish them, so a
    toolkit can be emitted while the next is built. Consumes ``jobs``, so each tool's JSON is
    let go once its tool is built."""
    known = [cache.get(entry_key) if cache is not None and entry_key else None for entry_key in keys]
    advance(sum(result is not None for result in known))
    fresh = _build_all([job for job, result in zip(jobs, known, strict=True) if result is None], advance, warmed)
    jobs.clear()
    for entry_key, result in zip(keys, known, strict=True):
        if result is None:
            result = next(fresh)
            if cache is not None and entry_key:
                cache.put(entry_key, result)
        yield result
    next(fresh, None)  # let the pool shut down


@dataclass(frozen=True)
class _Plan:
    """One pinned toolkit to emit: its shell (no tools yet), its tools' slugs in order, and the
    lock's record of it, taken from the catalog before the catalog is let go."""

    shell: BuiltToolkit
    slugs: list[str]
    locked: LockedToolkit


def _plans(
    selected: Mapping[tuple[str, str], Sequence[catalog.SourceTool]], lock: Lock | None
) -> tuple[list[_Plan], list[tuple[Mapping[str, Any], str, str]], list[Report]]:
    """Each toolkit's plan, the build jobs of its usable tools, and the naming problems found."""
    plans: list[_Plan] = []
    jobs: list[tuple[Mapping[str, Any], str, str]] = []
    reports: list[Report] = []
    for (toolkit_slug, version), source_tools in selected.items():
        too_long = naming.too_long(naming.toolkit_package(toolkit_slug), "the toolkit slug")
        if not source_tools:  # every tool of it was left out on reading (reported): no plan
            continue
        if too_long:
            reports += [Report(toolkit_slug, t.slug, Level.ERROR, too_long) for t in source_tools]
            continue
        methods, renames = naming.tool_methods([t.slug for t in source_tools], toolkit_slug)
        reports += [Report(toolkit_slug, r.key, Level.WARNING, f"method is {r.name!r}: {r.reason}") for r in renames]
        usable = []
        for source_tool in source_tools:
            too_long = naming.too_long(methods[source_tool.slug], "the tool slug")
            if too_long:
                reports.append(Report(toolkit_slug, source_tool.slug, Level.ERROR, too_long))
            else:
                usable.append(source_tool)
        jobs += [(t.raw, toolkit_slug, methods[t.slug]) for t in usable]
        meta = source_tools[0].raw.get("toolkit", {})
        shell = BuiltToolkit(
            slug=toolkit_slug,
            name=_text(meta.get("name")) or toolkit_slug,
            version=version,
            package=naming.toolkit_package(toolkit_slug),
            class_name=naming.toolkit_class(toolkit_slug),
            tools=(),
            mcp=any("mcp" in t.raw for t in source_tools),
        )
        before = lock.toolkits.get(toolkit_slug) if lock is not None else None
        locked = LockedToolkit(
            version,
            {t.slug: store.tool_hash(t.raw) for t in source_tools},
            before.mcp if before is not None else None,  # how its MCP server is reached, kept
            lifecycle.deprecated_tools(t.raw for t in source_tools),
            before.deprecation if before is not None and before.version == version else None,  # said at fetch
            before is not None and before.mcp_table,
        )
        plans.append(_Plan(shell, [t.slug for t in usable], locked))
    return plans, jobs, reports


def _emit(
    plan: _Plan,
    tool_keys: Sequence[str | None],
    results: Iterator[Any],
    cache: ToolCache | None,
    formatter: Formatter,
) -> _Emitted:
    """Gate and emit the toolkit of ``plan`` from its built tools (the next of ``results``),
    add its files to ``formatter``, and keep its share in ``cache``."""
    shell = plan.shell
    reports: list[Report] = []
    good: list[BuiltTool] = []
    codes: list[emit.ToolCode] = []
    for slug, tool_key in zip(plan.slugs, tool_keys, strict=True):
        result = next(results)
        if isinstance(result, Report):
            reports.append(result)
            continue
        tool, notes = result
        reason, code = _coded(tool, shell, tool_key, cache)
        if reason is not None:
            reports.append(Report(shell.slug, slug, Level.ERROR, reason))
            continue
        reports += [Report(shell.slug, slug, Level.WARNING, note) for note in notes]
        good.append(tool)
        codes.append(code)
    toolkit = replace(shell, tools=tuple(good))
    files = emit.toolkit_files(toolkit, codes)
    format_keys = formatter.add({f"{toolkit.package}/{relative}": text for relative, text in files.items()})
    share = _Emitted(list(format_keys.items()), reports, len(good), FacadeToolkit.of(toolkit))
    key = _toolkit_key(shell, tool_keys, cache)
    if cache is not None and key is not None:
        cache.put(key, share)
    return share


def build(
    config: Config,
    progress: Callable[[str], None] | None = None,
    lock: Lock | None = None,
    cache: ToolCache | None = None,
) -> Generation:
    """Generate every pinned toolkit of ``config`` in memory (``lock``: the one on disk).

    Memory stays near one copy of the output: a toolkit is emitted as soon as its tools are
    built, its built tools are let go once it is emitted, and emitted code once it is formatted.
    """
    with warm.builder(_build_chunk) as warmed:  # DCG imports there while the catalog is read here
        return _build(config, progress, lock, cache, warmed)


def _build(
    config: Config,
    progress: Callable[[str], None] | None,
    lock: Lock | None,
    cache: ToolCache | None,
    warmed: warm.WarmBuilder | None,
) -> Generation:
    selected, reports = sources(config, lock)
    plans, jobs, naming_reports = _plans(selected, lock)
    reports += naming_reports
    empty = [toolkit_slug for toolkit_slug, _ in selected if toolkit_slug not in {p.shell.slug for p in plans}]
    del selected

    total = len(jobs)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None and total >= 100 and (done == total or done % 100 < count):
            progress(f"[{done}/{total}] tools")

    keys: list[str | None] = [cache_key(*job) for job in jobs] if cache is not None else [None] * len(jobs)
    formatter = Formatter(cache)
    shares: list[tuple[_Plan, list[str | None], tuple[_Emitted, dict[str, str]] | None]] = []
    pending: list[tuple[Mapping[str, Any], str, str]] = []
    pending_keys: list[str | None] = []
    start = 0
    for plan in plans:  # a toolkit the cache holds whole needs none of its tools built or read
        end = start + len(plan.slugs)
        tool_keys = keys[start:end]
        cached = _cached_toolkit(_toolkit_key(plan.shell, tool_keys, cache), cache, formatter)
        if cached is None:
            pending += jobs[start:end]
            pending_keys += tool_keys
        shares.append((plan, tool_keys, cached))
        start = end
    jobs.clear()
    advance(total - len(pending))
    results = _built(pending, pending_keys, advance, cache, warmed)  # takes the jobs: each tool's JSON goes once built

    packages: list[str] = []
    facades: list[FacadeToolkit] = []
    count = 0
    for plan, tool_keys, cached in shares:
        if cached is None:
            share = _emit(plan, tool_keys, results, cache, formatter)
        else:
            share, files = cached
            formatter.take(files)
            if cache is not None:  # for the next run: the tools and their code, unread
                built = [key for key in tool_keys if key is not None]
                cache.keep(*built, *(_code_key(plan.shell, key) for key in built))
        reports += share.reports
        count += share.count
        if not share.count:
            empty.append(plan.shell.slug)
        if plan.shell.package in packages:
            raise catalog.CatalogError(
                f"toolkits {plan.shell.slug!r} and another share the package name {plan.shell.package!r}"
            )
        packages.append(plan.shell.package)
        facades.append(share.facade)
    next(results, None)  # let the pool shut down
    if facades:
        # parsed by ruff alone (see format_files); passed straight in, so no variable holds the unformatted text
        formatter.add(
            {f"{OUTPUT_FACADE}/__init__.py": output_facade(facades, config.typed_toolkits)}, parsed_by_ruff=True
        )
    texts = formatter.flush()
    if cache is not None:
        cache.save()
    return Generation(
        files=texts,
        packages=packages,
        lock=Lock(
            generator_versions(),
            {plan.shell.slug: plan.locked for plan in plans},
            relative(config.out, config.lock) if config.out is not None else None,
            relative(config.source, config.lock) if config.source is not None else None,
        ),
        reports=sorted(reports),
        tool_count=count,
        empty=empty,
    )


def owned_folders(packages: Sequence[str]) -> list[str]:
    """The folders a run with these toolkit ``packages`` writes, each with its manifest: the
    packages and, beside them, the output folder's typed facade."""
    return [*packages, OUTPUT_FACADE] if packages else []


def output_init(packages: Sequence[str]) -> dict[str, str]:
    """The output folder's ``__init__.py``, created only where the folder has none, and only
    beside generated toolkit ``packages`` (it imports the folder's facade)."""
    if not packages:
        return {}
    return {"__init__.py": format_files({"__init__.py": emit.output_init()})["__init__.py"]}


def previous_packages(lock: Lock | None) -> Iterable[str]:
    """Toolkit folders a previous run generated (so they may be cleaned up)."""
    return [naming.toolkit_package(slug) for slug in (lock.toolkits if lock else {})]
