"""Prune an official Pinterest OpenAPI description to the endpoints of our endpoint map.

Keeps exactly the (method, path) pairs listed in the map (tab-separated: method, path,
official operationId) and the transitive closure of the components they reference:
schemas, parameters, responses, request bodies, headers, examples, links, callbacks and
the security schemes named in security requirements. Everything else is dropped, so the
pruned file is the fair "same 92 endpoints" input for comparing generators.

    python bench/prune_spec.py tests/data/pinterest-api-description/pinterest-openapi-5.18.0.yaml \\
        --map tests/data/endpoint-map.tsv -o bench/results/raw/pruned-5.18.0.yaml
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from spec_files import HTTP_METHODS, Dumper, load

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MAP = REPO / "tests" / "data" / "endpoint-map.tsv"
COMPONENTS_PREFIX = "#/components/"

Endpoint = tuple[str, str]  # (lower-case method, path)
ComponentKey = tuple[str, str]  # (kind, name), e.g. ("schemas", "Pin")


def read_endpoint_map(path: Path) -> list[Endpoint]:
    """The (method, path) pairs of the map, in file order; blank and # lines skipped."""
    endpoints = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise ValueError(
                f"{path}:{number}: expected 'METHOD<TAB>/path', got {line!r}"
            )
        endpoints.append((fields[0].strip().lower(), fields[1].strip()))
    return endpoints


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def component_key(ref: str) -> ComponentKey | None:
    """`#/components/schemas/Pin` → ("schemas", "Pin"); None for any other reference."""
    if not ref.startswith(COMPONENTS_PREFIX):
        return None
    kind, _, name = ref[len(COMPONENTS_PREFIX) :].partition("/")
    if not name or "/" in name:
        return None
    return kind, unescape_pointer_token(name)


def references(node: Any) -> Iterator[ComponentKey]:
    """Every component that `node` refers to directly: `$ref`s, discriminator mappings
    and the security schemes named in security requirement lists."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found = component_key(value)
                if found is not None:
                    yield found
            elif key == "discriminator" and isinstance(value, dict):
                for target in (value.get("mapping") or {}).values():
                    # A mapping value is a reference or a bare schema name.
                    yield component_key(target) or ("schemas", target)
            elif key == "security" and isinstance(value, list):
                for requirement in value:
                    if isinstance(requirement, dict):
                        yield from (("securitySchemes", name) for name in requirement)
            yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def closure(roots: Any, components: dict[str, dict[str, Any]]) -> set[ComponentKey]:
    """The components reachable from `roots`, following references transitively."""
    seen: set[ComponentKey] = set()
    pending = list(references(roots))
    while pending:
        key = pending.pop()
        if key in seen:
            continue
        kind, name = key
        if name not in components.get(kind, {}):
            raise KeyError(f"dangling reference to #/components/{kind}/{name}")
        seen.add(key)
        pending.extend(references(components[kind][name]))
    return seen


def prune(document: dict[str, Any], endpoints: list[Endpoint]) -> dict[str, Any]:
    """A copy of `document` with only `endpoints` and the components they need."""
    missing = [
        f"{method.upper()} {path}"
        for method, path in endpoints
        if method not in (document.get("paths", {}).get(path) or {})
    ]
    if missing:
        raise KeyError("not in the description: " + ", ".join(missing))

    wanted = set(endpoints)
    paths: dict[str, Any] = {}
    for path, item in document["paths"].items():
        kept = {
            key: value
            for key, value in item.items()
            if key not in HTTP_METHODS or (key, path) in wanted
        }
        if any(method in kept for method in HTTP_METHODS):
            paths[path] = kept

    roots = {"paths": paths, "security": document.get("security", [])}
    components = document.get("components", {})
    keep = closure(roots, components)
    pruned_components = {
        kind: {name: body for name, body in entries.items() if (kind, name) in keep}
        for kind, entries in components.items()
    }

    used_tags = {
        tag
        for item in paths.values()
        for method in HTTP_METHODS
        for tag in (item.get(method) or {}).get("tags", [])
    }
    pruned: dict[str, Any] = {}
    for key, value in document.items():
        if key == "paths":
            pruned[key] = paths
        elif key == "components":
            pruned[key] = {
                kind: entries for kind, entries in pruned_components.items() if entries
            }
        elif key == "tags":
            pruned[key] = [tag for tag in value if tag.get("name") in used_tags]
        elif key == "x-tagGroups":
            groups = [
                {
                    **group,
                    "tags": [tag for tag in group.get("tags", []) if tag in used_tags],
                }
                for group in value
            ]
            pruned[key] = [group for group in groups if group["tags"]]
        else:
            pruned[key] = value
    return pruned


def summary(original: dict[str, Any], pruned: dict[str, Any]) -> str:
    def count_operations(document: dict[str, Any]) -> int:
        return sum(
            method in item
            for item in document["paths"].values()
            for method in HTTP_METHODS
        )

    parts = [f"{count_operations(pruned)}/{count_operations(original)} operations"]
    for kind, entries in original.get("components", {}).items():
        kept = len(pruned.get("components", {}).get(kind, {}))
        parts.append(f"{kept}/{len(entries)} {kind}")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "description", type=Path, help="official OpenAPI file (YAML or JSON)"
    )
    parser.add_argument(
        "--map",
        type=Path,
        default=DEFAULT_MAP,
        help="TSV of METHOD, path, operationId (default: tests/data/endpoint-map.tsv)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="where to write the pruned YAML (default: stdout)",
    )
    args = parser.parse_args(argv)

    if not args.map.is_file():
        parser.error(f"endpoint map not found: {args.map} (pass --map)")
    document = load(args.description)
    try:
        pruned = prune(document, read_endpoint_map(args.map))
    except (KeyError, ValueError) as error:
        print(f"prune_spec: {args.description}: {error.args[0]}", file=sys.stderr)
        return 1

    text = yaml.dump(
        pruned, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    print(f"prune_spec: kept {summary(document, pruned)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
