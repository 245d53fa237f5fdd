"""`[tool.sdkgen]` in the nearest `pyproject.toml`, overridden by command-line flags.

```toml
[tool.sdkgen]
spec = "spec/openapi.yaml"     # relative to the pyproject.toml
out = "generated"
package = "pinterest_client"   # import name
dist-name = "pinterest-client" # pip name
client-name = "Pinterest"      # also AsyncPinterest, PinterestError
env-prefix = "PINTEREST"       # PINTEREST_ACCESS_TOKEN, ...
sdk-version = "1.2.0"          # default: the spec's info.version
templates = "templates"        # default: the templates shipped with sdkgen
changelog = "spec/CHANGELOG.md" # shipped in the package as CHANGELOG.md
allow-ref-outside = ["../shared"]  # folders `$ref`s may reach besides the spec's own
max-file-size = 67108864       # bounds on each spec file (see guard.Limits)
max-depth = 200
max-nodes = 5000000
max-string = 4194304
```

`sdkgen generate` records the naming options it was given in `sdkgen.toml` in the
output folder; `sdkgen check` uses them where it was given none, and refuses, naming
the flags, where it was given others.

Without a `pyproject.toml` (or without the table), names are derived from the spec's
`info.title`, so `sdkgen generate any.yaml --out sdk` works anywhere.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .guard import Limits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "MANIFEST",
    "Config",
    "ConfigError",
    "find_config",
    "manifest_text",
    "project_path",
    "with_manifest",
]

MANIFEST = "sdkgen.toml"
"""The options an output folder was generated with, in that folder."""
_RECORDED = ("package", "dist_name", "client_name", "env_prefix", "sdk_version")

_KEYS = frozenset(
    {
        "spec",
        "out",
        "package",
        "dist-name",
        "client-name",
        "env-prefix",
        "sdk-version",
        "templates",
        "changelog",
    }
)
_LIMITS = ("max-file-size", "max-depth", "max-nodes", "max-string")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


class ConfigError(Exception):
    """A bad `[tool.sdkgen]` table or flag (a usage error: exit 2)."""


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    """Where `pyproject.toml` is (else the working directory): paths are relative to it."""
    spec: Path | None = None
    out: Path | None = None
    package: str | None = None
    dist_name: str | None = None
    client_name: str | None = None
    env_prefix: str | None = None
    sdk_version: str | None = None
    templates: Path | None = None
    changelog: Path | None = None
    """A maintained CHANGELOG.md, copied into the package (`sdkgen diff --changelog` adds to it)."""
    allow_ref_outside: tuple[Path, ...] = ()
    """Folders besides the spec's own that its `$ref`s may name."""
    max_file_size: int | None = None
    max_depth: int | None = None
    max_nodes: int | None = None
    max_string: int | None = None

    @property
    def limits(self) -> Limits:
        """The bounds on spec files: the defaults, with those given here."""
        given = {
            name: getattr(self, name)
            for name in ("max_file_size", "max_depth", "max_nodes", "max_string")
            if getattr(self, name) is not None
        }
        return Limits(**given)

    def check(self) -> None:
        """Raise `ConfigError` for names that cannot be used as given."""
        if self.package is not None and not _DOTTED.match(self.package):
            raise ConfigError(f"package {self.package!r} is not a Python import name")
        if self.client_name is not None and not _IDENTIFIER.match(self.client_name):
            raise ConfigError(f"client-name {self.client_name!r} is not a Python class name")
        if self.env_prefix is not None and not _IDENTIFIER.match(self.env_prefix):
            raise ConfigError(
                f"env-prefix {self.env_prefix!r} is not an environment variable prefix"
            )


def find_config(start: Path) -> Config:
    """The `[tool.sdkgen]` table of the nearest `pyproject.toml` at or above `start`."""
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{pyproject}: {exc}") from None
        tool = table.get("tool", {}).get("sdkgen")
        if tool is None:
            continue
        return _from_table(folder, tool, pyproject)
    return Config(root=start)


def _from_table(root: Path, table: object, source: Path) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.sdkgen] is not a table")
    unknown = sorted(set(table) - _KEYS - set(_LIMITS) - {"allow-ref-outside"})
    if unknown:
        raise ConfigError(f"{source}: unknown [tool.sdkgen] keys: {', '.join(unknown)}")
    allowed = table.get("allow-ref-outside", [])
    if isinstance(allowed, str):
        allowed = [allowed]
    if not isinstance(allowed, list) or not all(isinstance(p, str) and p for p in allowed):
        raise ConfigError(f"{source}: [tool.sdkgen] allow-ref-outside must be a list of folders")
    limits: dict[str, int] = {}
    for key in _LIMITS:
        value = table.get(key)
        if value is not None and (type(value) is not int or value < 1):
            raise ConfigError(f"{source}: [tool.sdkgen] {key} must be a positive integer")
        if value is not None:
            limits[key.replace("-", "_")] = value
    for key, value in table.items():
        if key in _LIMITS or key == "allow-ref-outside":
            continue
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{source}: [tool.sdkgen] {key} must be a non-empty string")

    def path(key: str) -> Path | None:
        return root / table[key] if key in table else None

    config = Config(
        root=root,
        spec=path("spec"),
        out=path("out"),
        package=table.get("package"),
        dist_name=table.get("dist-name"),
        client_name=table.get("client-name"),
        env_prefix=table.get("env-prefix"),
        sdk_version=table.get("sdk-version"),
        templates=path("templates"),
        changelog=path("changelog"),
        allow_ref_outside=tuple(root / p for p in allowed),
        **limits,
    )
    try:
        config.check()
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    return config


def manifest_text(config: Config, header: str) -> str:
    """The `sdkgen.toml` recording the naming options of `config` (those it sets)."""
    lines = [
        f"# {header}",
        "# The options this folder was generated with; `sdkgen check` uses them.",
    ]
    for name in _RECORDED:
        value = getattr(config, name)
        if value is not None:
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{name.replace("_", "-")} = "{escaped}"')
    return "\n".join(lines) + "\n"


def with_manifest(config: Config, out: Path) -> Config:
    """`config` completed by the options `out` was generated with; `ConfigError` naming
    every flag whose value differs from the recorded one."""
    try:
        recorded = tomllib.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return config
    differing: list[str] = []
    filled: dict[str, str] = {}
    for name in _RECORDED:
        key = name.replace("_", "-")
        value, was = getattr(config, name), recorded.get(key)
        if value is None and isinstance(was, str):
            filled[name] = was
        elif value is not None and value != was:
            differing.append(
                f"--{key} {value!r} (generated with {was!r})"
                if was
                else f"--{key} {value!r} (generated without it)"
            )
    if differing:
        raise ConfigError(
            f"{out} was generated with other options: "
            + "; ".join(differing)
            + ". Check with the same options, or generate again"
        )
    return replace(config, **filled) if filled else config  # type: ignore[arg-type]


def project_path(path: Path, root: Path) -> str:
    """A spec or file as named in file headers: relative to the project, never absolute."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
