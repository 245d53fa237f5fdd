"""The `sdkgen` command line.

Exit codes: 0 success; 1 the spec has problems, the output folder cannot be written, or
(`check`) the output folder is out of date; 2 usage errors (bad flags, bad
`[tool.sdkgen]`); 3 an internal error of sdkgen (a bug: please report it).
"""

from __future__ import annotations

import gc
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import click

from . import __version__
from .cache import Cache
from .config import Config, ConfigError, find_config, with_manifest
from .errors import Problem, SpecError, format_problem
from .format import FormatError
from .write import OutputError, check_out, compare, write_tree

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., object])

EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3


def _spec_argument(command: F) -> F:
    return click.argument("spec", required=False, type=click.Path(path_type=Path, dir_okay=False))(
        command
    )


def _lenient(command: F) -> F:
    return click.option(
        "--lenient",
        is_flag=True,
        help="Report the validator's errors as warnings and generate what can be generated.",
    )(command)


def _input_options(command: F) -> F:
    """What a spec may make sdkgen read, and how much (`guard.py`)."""
    options = [
        click.option(
            "--allow-ref-outside",
            multiple=True,
            type=click.Path(path_type=Path, file_okay=False, exists=True),
            help="A folder outside the spec's own that its $refs may name (repeatable) "
            "[tool.sdkgen: allow-ref-outside].",
        ),
        click.option(
            "--max-file-size",
            type=click.IntRange(min=1),
            help="Bytes of one spec file (default 64 MiB) [tool.sdkgen: max-file-size].",
        ),
        click.option(
            "--max-depth",
            type=click.IntRange(min=1),
            help="Nesting of a spec file (default 200) [tool.sdkgen: max-depth].",
        ),
        click.option(
            "--max-nodes",
            type=click.IntRange(min=1),
            help="Nodes of a spec file once YAML aliases are expanded (default 5,000,000) "
            "[tool.sdkgen: max-nodes].",
        ),
        click.option(
            "--max-string",
            type=click.IntRange(min=1),
            help="Characters of one string (default 4 Mi) [tool.sdkgen: max-string].",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _output_options(command: F) -> F:
    options = [
        click.option(
            "--out",
            type=click.Path(path_type=Path, file_okay=False),
            help="Output folder [tool.sdkgen: out].",
        ),
        click.option("--package", help="Import name of the client package [tool.sdkgen: package]."),
        click.option(
            "--dist-name", help="pip name of the client distribution [tool.sdkgen: dist-name]."
        ),
        click.option(
            "--client-name", help="Client class name, e.g. Pinterest [tool.sdkgen: client-name]."
        ),
        click.option(
            "--env-prefix",
            help="Prefix of the environment variables the client reads [tool.sdkgen: env-prefix].",
        ),
        click.option(
            "--sdk-version",
            help="Version of the client distribution (default: the spec's info.version).",
        ),
        click.option(
            "--templates",
            type=click.Path(path_type=Path, file_okay=False, exists=True),
            help="Use these templates instead of the ones shipped with sdkgen [tool.sdkgen: templates].",
        ),
        click.option(
            "--changelog",
            type=click.Path(path_type=Path, dir_okay=False),
            help="A maintained CHANGELOG.md to ship in the package [tool.sdkgen: changelog].",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            help="Neither read nor write the cache of validation and formatting results.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sdkgen")
def main() -> None:
    """Generate a typed Python SDK (client, .pyi stubs, Markdown docs) from an OpenAPI
    3.0 or 3.1 description.

    Defaults come from [tool.sdkgen] in the nearest pyproject.toml; flags override them.
    Exit codes: 0 ok, 1 spec problems or drift, 2 usage error, 3 internal error.
    """
    # A run makes many objects that live to its end (the spec, the IR, the output):
    # collect young ones rarely, and leave the survivors out of the collection at exit.
    gc.set_threshold(50_000, 20, 10)
    click.get_current_context().call_on_close(gc.freeze)


@main.command()
@_spec_argument
@_input_options
@_lenient
def validate(spec: Path | None, lenient: bool, **flags: object) -> None:
    """Check that SPEC is valid OpenAPI and can be generated; report every problem."""
    from .pipeline import build_valid

    config = _config(flags, spec)
    path = _spec_path(spec, config)
    with _reporting(path):
        api, warnings = build_valid(path, config, _cache(config, False), lenient=lenient)
        _warn(warnings)
        count = len(api.client.operations) + sum(len(r.operations) for r in api.resources)
        openapi = ".".join(api.openapi_version.split(".")[:2])
        click.echo(
            f"{_shown(path)}: valid OpenAPI {openapi} ({count} operations, {len(api.models) + len(api.aliases)} types)"
        )


@main.command()
@_spec_argument
@_output_options
@_input_options
@_lenient
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
@click.option(
    "--watch",
    is_flag=True,
    help="Keep running: regenerate whenever a file of the spec's folder or a template "
    "changes, and print the files changed or the problems.",
)
def generate(
    spec: Path | None, lenient: bool, quiet: bool, no_cache: bool, watch: bool, **flags: object
) -> None:
    """Generate the SDK for SPEC into the output folder (replaced atomically)."""
    from .pipeline import generate as run

    config = _config(flags, spec)
    path = _spec_path(spec, config)
    out = _out(config, path)
    if watch:
        _watch(path, out, config, _cache(config, no_cache), lenient)
        return
    start = time.perf_counter()
    with _reporting(path):
        output = run(path, config, _cache(config, no_cache), lenient=lenient)
        _warn(output.warnings)
        try:
            changed = write_tree(out, output.files)
        except (OutputError, OSError) as exc:
            _fail(f"cannot write {out}: {exc}")
    if not quiet:
        seconds = time.perf_counter() - start
        click.echo(
            f"{_shown(out)}: {output.operations} operations, {len(output.files)} files, "
            f"{changed} written or removed ({seconds:.2f} s)"
        )


@main.command()
@_spec_argument
@_output_options
@_input_options
@_lenient
def check(spec: Path | None, lenient: bool, no_cache: bool, **flags: object) -> None:
    """Check that the output folder is exactly what SPEC generates (exit 1 if not)."""
    from .pipeline import generate as run

    config = _config(flags, spec)
    path = _spec_path(spec, config)
    out = _out(config, path)
    try:
        config = with_manifest(config, out)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    with _reporting(path):
        output = run(path, config, _cache(config, no_cache), lenient=lenient)
        _warn(output.warnings)
        drift = compare(out, output.files)
    if drift:
        click.echo(drift.report(_shown(out)), err=True)
        count = drift.count()
        _fail(
            f"{_shown(out)} is out of date ({count} files differ): run `sdkgen generate` and commit the result"
        )
    click.echo(f"{_shown(out)}: up to date ({len(output.files)} files)")


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--base",
    metavar="REV",
    help="Compare the spec as it was at this git revision with the working tree's "
    "(then give at most the NEW spec).",
)
@click.option(
    "--format",
    "form",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="A changelog entry grouped by resource, or JSON for tools.",
)
@click.option(
    "--title", help="Heading of the Markdown entry (default: the NEW spec's info.version)."
)
@click.option(
    "--changelog",
    "changelog",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Add the Markdown entry to this CHANGELOG.md (newest first) instead of printing it.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "any"]),
    help="Exit 1 when there is a breaking change (or any change).",
)
def diff(
    specs: tuple[Path, ...],
    base: str | None,
    form: str,
    title: str | None,
    changelog: Path | None,
    fail_on: str | None,
) -> None:
    """What changes in the generated SDK from OLD to NEW: `sdkgen diff OLD NEW`, or
    `sdkgen diff --base REV [NEW]` (NEW defaults to [tool.sdkgen] spec)."""
    import tempfile

    from .changelog import diff_specs, markdown, prepend, spec_version, to_json
    from .revision import RevisionError, extract

    config = _config({})
    expected = "at most one SPEC with --base" if base else "two SPECs: OLD and NEW"
    if (base and len(specs) > 1) or (not base and len(specs) != 2):
        raise click.UsageError(f"give {expected}")
    new = specs[-1] if specs else _spec_path(None, config)
    config = _config({}, new)
    with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as folder, _reporting(new):
        label = None
        if base:
            try:
                old = extract(new, base, Path(folder))
            except RevisionError as exc:
                _fail(f"cannot read {_shown(new)} at {base}: {exc}")
            label = (Path(folder), base)
        else:
            old = specs[0]
        changes = diff_specs(old, new, config, _cache(config, False), old_label=label)
    entry = markdown(changes, title or spec_version(new) or "Unreleased")
    if changelog is not None:
        try:
            prepend(changelog, entry)
        except OSError as exc:
            _fail(f"cannot update {_shown(changelog)}: {exc}")
        click.echo(f"{_shown(changelog)}: entry added ({len(changes)} changes)")
    else:
        click.echo(to_json(changes) if form == "json" else entry, nl=False)
    if (fail_on == "any" and changes) or (
        fail_on == "breaking" and any(c.kind == "breaking" for c in changes)
    ):
        sys.exit(EXIT_PROBLEMS)


def _watch(path: Path, out: Path, config: Config, cache: Cache, lenient: bool) -> None:
    """`generate --watch`: one run now and one after every change, until Ctrl-C."""
    import openapi_spec_validator  # noqa: F401  (imported once: each run's workers inherit it)
    from jinja2 import Environment

    from .pipeline import generate as run
    from .render import TEMPLATES
    from .watch import watch

    kept: dict[Path, Environment] = {}

    def once() -> tuple[dict[str, str], str]:
        output = run(path, config, cache, lenient=lenient, kept=kept)
        _warn(output.warnings)
        write_tree(out, output.files)
        return output.files, f"{_shown(out)}: {output.operations} operations"

    folders = [path.parent, config.templates or TEMPLATES]
    try:
        watch(folders, once, lambda line, err: click.echo(line, err=err), ignore=[out])
    except KeyboardInterrupt:
        pass


def _config(flags: dict[str, object], spec: Path | None = None) -> Config:
    """`[tool.sdkgen]` with `flags` over it. The table describes its own spec: given
    another SPEC, only its `templates` apply (its names and output folder do not)."""
    try:
        config = find_config(Path.cwd())
        if spec is not None and (config.spec is None or spec.resolve() != config.spec.resolve()):
            config = Config(
                root=config.root,
                templates=config.templates,
                max_file_size=config.max_file_size,
                max_depth=config.max_depth,
                max_nodes=config.max_nodes,
                max_string=config.max_string,
            )
        given = {key: value for key, value in flags.items() if value not in (None, ())}
        if given:
            config = replace(config, **given)  # type: ignore[arg-type]
            config.check()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    return config


def _spec_path(spec: Path | None, config: Config) -> Path:
    path = spec or config.spec
    if path is None:
        raise click.UsageError("no SPEC given and no [tool.sdkgen] spec in pyproject.toml")
    return path


def _out(config: Config, spec: Path) -> Path:
    """The output folder, refused (exit 1, nothing written) when it is a symlink, `/`,
    or holds the spec, the project's root or the templates."""
    if config.out is None:
        raise click.UsageError("no --out given and no [tool.sdkgen] out in pyproject.toml")
    keep = [spec, config.root, *([config.templates] if config.templates else [])]
    try:
        check_out(config.out, keep)
    except OutputError as exc:
        _fail(f"cannot write {config.out}: {exc}")
    return config.out


def _cache(config: Config, disabled: bool) -> Cache:
    if disabled:
        return Cache(None)
    root = os.environ.get("SDKGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sdkgen"
    )
    cache, why = Cache.trusted(Path(root))
    if why is not None:
        click.echo(f"sdkgen: warning: {why}", err=True)
    return cache


def _shown(path: Path) -> str:
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(path)


def _warn(problems: object) -> None:
    for problem in problems:  # type: ignore[attr-defined]
        assert isinstance(problem, Problem)
        click.echo(format_problem(problem), err=True)


def _fail(message: str) -> None:
    click.echo(f"sdkgen: {message}", err=True)
    sys.exit(EXIT_PROBLEMS)


class _reporting:
    """Turn problems into messages and exit codes; nothing is written on any of them."""

    def __init__(self, spec: Path) -> None:
        self.spec = spec

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: object
    ) -> None:
        if error is None or isinstance(
            error, (SystemExit, KeyboardInterrupt, click.exceptions.Exit)
        ):
            return
        if isinstance(error, SpecError):
            errors = [p for p in error.problems if p.severity == "error"]
            for problem in error.problems:
                click.echo(format_problem(problem), err=True)
            noun = "problem" if len(errors) == 1 else "problems"
            _fail(f"{len(errors)} {noun} in {_shown(self.spec)}; nothing was written")
        if isinstance(error, FormatError):
            click.echo(
                f"sdkgen: internal error (a template produced invalid Python): {error}", err=True
            )
            sys.exit(EXIT_INTERNAL)
        if isinstance(error, RecursionError):
            _fail(f"{_shown(self.spec)} nests too deeply to be processed; nothing was written")
        click.echo("".join(traceback.format_exception(error)), err=True)
        click.echo(
            f"sdkgen: internal error on {_shown(self.spec)}: {type(error).__name__}: {error} (please report it)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
