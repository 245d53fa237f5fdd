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
```

Without a `pyproject.toml` (or without the table), names are derived from the spec's
`info.title`, so `sdkgen generate any.yaml --out sdk` works anywhere.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Config", "ConfigError", "find_config"]

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
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown [tool.sdkgen] keys: {', '.join(unknown)}")
    for key, value in table.items():
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
    )
    try:
        config.check()
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    return config
