"""Bundle a multi-file OpenAPI description into one self-contained file.

openapi-python-client reads one file only: it fails on `$ref`s to other files. Our
curated spec is split over spec/paths/, spec/schemas/ and spec/components/, so the
benchmark hands the peer this bundle of it (made once, outside the timed runs), while
sdkgen reads the files as maintainers keep them.

A reference to another file becomes a local `#/components/<kind>/<name>` reference
when the root's components alias that target (`Pin: {$ref: schemas/pins.yaml#/Pin}`),
and each alias is replaced by the content it points to; any other target (a path item,
say) is inlined. Sibling keys of a `$ref` (OpenAPI 3.1) are kept. Nothing else changes,
so both tools see the same operations, schemas and names.

    python bench/bundle_spec.py spec/openapi.yaml -o bench/results/raw/curated.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml
from spec_files import Dumper, load

Target = tuple[Path, str]  # (absolute file, JSON pointer without the '#')


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


class Bundler:
    """Resolves the references of one root document and the files it reaches."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.files: dict[Path, Any] = {self.root: load(self.root)}
        self.aliases: dict[Target, str] = {}
        components = self.document.get("components") or {}
        for kind, entries in components.items():
            for name, body in (entries or {}).items():
                if self.is_external_ref(body, self.root):
                    local = f"#/components/{kind}/{escape_token(name)}"
                    self.aliases[self.target(self.root, body["$ref"])] = local

    @property
    def document(self) -> Any:
        return self.files[self.root]

    def bundle(self) -> dict[str, Any]:
        """The root document with every reference to another file resolved."""
        bundled: dict[str, Any] = {}
        for key, value in self.document.items():
            if key == "components":
                bundled[key] = {
                    kind: {name: self.component(body) for name, body in entries.items()}
                    for kind, entries in value.items()
                }
            else:
                bundled[key] = self.resolve(value, self.root, ())
        return bundled

    def component(self, body: Any) -> Any:
        """A root component: an alias is replaced by its (resolved) target."""
        if not self.is_external_ref(body, self.root):
            return self.resolve(body, self.root, ())
        target = self.target(self.root, body["$ref"])
        content = self.resolve(self.lookup(target), target[0], (target,))
        return merge(content, self.siblings(body, self.root, ()))

    def resolve(self, node: Any, base: Path, stack: tuple[Target, ...]) -> Any:
        """`node` (found in file `base`) with its references made local or inlined;
        `stack` holds the targets being inlined, to catch a cycle no alias breaks."""
        if isinstance(node, list):
            return [self.resolve(item, base, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if not isinstance(ref, str):
            resolved = {key: self.resolve(v, base, stack) for key, v in node.items()}
            if isinstance(node.get("discriminator"), dict):
                resolved["discriminator"] = self.discriminator(
                    node["discriminator"], base
                )
            return resolved
        siblings = self.siblings(node, base, stack)
        target = self.target(base, ref)
        if target[0] == self.root:
            return {"$ref": f"#{target[1]}", **siblings}
        if target in self.aliases:
            return {"$ref": self.aliases[target], **siblings}
        if target in stack:
            raise ValueError(
                f"{base}: {ref} is part of a reference cycle that no alias in the "
                "root's components breaks"
            )
        content = self.resolve(self.lookup(target), target[0], (*stack, target))
        return merge(content, siblings)

    def discriminator(self, value: dict[str, Any], base: Path) -> dict[str, Any]:
        """Mapping values that are references get the same treatment as `$ref`s; bare
        schema names stay as they are."""
        mapping = value.get("mapping")
        if not isinstance(mapping, dict):
            return value
        translated = {}
        for key, target in mapping.items():
            if isinstance(target, str) and ("#" in target or "/" in target):
                target = self.resolve({"$ref": target}, base, ())["$ref"]
            translated[key] = target
        return {**value, "mapping": translated}

    def siblings(
        self, node: dict[str, Any], base: Path, stack: tuple[Target, ...]
    ) -> dict[str, Any]:
        return {
            key: self.resolve(value, base, stack)
            for key, value in node.items()
            if key != "$ref"
        }

    def is_external_ref(self, node: Any, base: Path) -> bool:
        if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
            return False
        return self.target(base, node["$ref"])[0] != self.root

    def target(self, base: Path, ref: str) -> Target:
        file, _, pointer = ref.partition("#")
        path = (base.parent / file).resolve() if file else base
        return path, pointer

    def lookup(self, target: Target) -> Any:
        path, pointer = target
        if path not in self.files:
            self.files[path] = load(path)
        node = self.files[path]
        for token in filter(None, pointer.split("/")):
            node = node[unescape_token(token)]
        return node


def merge(content: Any, siblings: dict[str, Any]) -> Any:
    """Sibling keys of a `$ref` laid over its target's content."""
    if not siblings or not isinstance(content, dict):
        return content
    return {**content, **siblings}


def bundle(root: Path) -> dict[str, Any]:
    """The description at `root` as one self-contained document."""
    return Bundler(root).bundle()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path, help="root file of the description")
    parser.add_argument(
        "-o", "--output", type=Path, help="where to write the bundle (default: stdout)"
    )
    args = parser.parse_args(argv)
    try:
        document = bundle(args.spec)
    except (KeyError, OSError, ValueError) as error:
        print(f"bundle_spec: {args.spec}: {error}", file=sys.stderr)
        return 1
    text = yaml.dump(
        document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
