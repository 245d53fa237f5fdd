"""What a spec change does to the generated SDK's public surface (`sdkgen diff`).

Both sides are built into the IR and read as a `surface.Surface`; every difference is a
`Change` a Python user would notice, classified:

* **breaking**: removed resource, method, type, field, argument or enum value; a new
  required argument or field; an argument renamed (same wire name) or moved (position,
  or from the query to the body…); an argument's type narrowed; optional → required;
  a response field removed or its type changed; a method's HTTP route changed;
* **additive**: new resource, method, type, optional argument, optional field or enum
  value; an argument's type widened; required → optional argument;
* **other**: a declared error response added or removed (the exception raised is
  still an `APIStatusError`).

Each change carries the place in the spec a maintainer edits (file, line, pointer):
the old spec's for a removal, the new spec's otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from .errors import Problem
from .escape import md_code
from .ir import ListOf, TypeRef
from .surface import Argument, Member, Method, Surface, TypeDef, literals, members, text

__all__ = ["Change", "Kind", "Locate", "compare", "semver"]

Kind = Literal["breaking", "additive", "other"]
Locate = Callable[[str], Problem]
"""Pointer into the bundled spec → a `Problem` carrying its file and line."""


@dataclass(frozen=True, slots=True)
class Change:
    kind: Kind
    group: str
    """Where the change is listed: `client.pins`, or `types`."""
    subject: str
    """What the user touches, in code: `client.pins.list(pin_type=...)`, `Pin.title`."""
    message: str
    """What happened to it: `removed`, `enum value "X" added`, ..."""
    file: str
    line: int | None
    pointer: str

    def sort_key(self) -> tuple[str, str, str]:
        return (self.group, self.subject, self.message)


def semver(changes: Iterable[Change]) -> Literal["major", "minor", "patch"]:
    """The release a set of changes calls for."""
    kinds = {change.kind for change in changes}
    return "major" if "breaking" in kinds else "minor" if "additive" in kinds else "patch"


def compare(old: Surface, new: Surface, locate_old: Locate, locate_new: Locate) -> list[Change]:
    """Every change from `old` to `new`, sorted by group and subject."""
    found = _Found(old, new, locate_old, locate_new)
    found.resources()
    found.methods()
    found.types()
    return sorted(found.changes, key=Change.sort_key)


class _Found:
    def __init__(self, old: Surface, new: Surface, locate_old: Locate, locate_new: Locate) -> None:
        self.old, self.new = old, new
        self.locate_old, self.locate_new = locate_old, locate_new
        self.old_aliases = {t.name: t.aliased for t in old.types if t.aliased is not None}
        self.new_aliases = {t.name: t.aliased for t in new.types if t.aliased is not None}
        self.changes: list[Change] = []

    def add(
        self, kind: Kind, group: str, subject: str, message: str, pointer: str, *, old: bool = False
    ) -> None:
        where = (self.locate_old if old else self.locate_new)(pointer)
        self.changes.append(
            Change(kind, group, subject, message, where.file, where.line, where.pointer)
        )

    # -- resources and methods

    def resources(self) -> None:
        old, new = dict(self.old.resources), dict(self.new.resources)
        for name in sorted(old.keys() - new.keys()):
            if name.rsplit(".", 1)[0] in new or name.count(".") == 1:  # not inside a removed one
                self.add("breaking", name, name, "resource removed", old[name], old=True)
        for name in sorted(new.keys() - old.keys()):
            self.add("additive", name, name, "resource added", new[name])

    def methods(self) -> None:
        old = {m.call: m for m in self.old.methods}
        new = {m.call: m for m in self.new.methods}
        gone = {name for name, _ in self.old.resources} - {name for name, _ in self.new.resources}
        for call in sorted(old.keys() - new.keys()):
            if not any(old[call].resource.startswith(g) for g in gone):  # said by the resource
                self.add(
                    "breaking",
                    old[call].resource,
                    f"{call}()",
                    "removed",
                    old[call].pointer,
                    old=True,
                )
        for call in sorted(new.keys() - old.keys()):
            self.add("additive", new[call].resource, f"{call}()", "added", new[call].pointer)
        for call in sorted(old.keys() & new.keys()):
            self.method(old[call], new[call])

    def method(self, old: Method, new: Method) -> None:
        group, call = new.resource, f"{new.call}()"
        if old.route != new.route:
            self.add(
                "breaking",
                group,
                call,
                f"now sends {md_code(new.route)} (was {md_code(old.route)})",
                new.pointer,
            )
        if text(old.returns) != text(new.returns):
            self.add(
                "breaking",
                group,
                call,
                f"returns {md_code(_brief(new.returns))} (was {md_code(_brief(old.returns))})",
                new.pointer,
            )
        self.arguments(old, new)
        old_errors, new_errors = dict(old.errors), dict(new.errors)
        for status in sorted(old_errors.keys() - new_errors.keys()):
            self.add(
                "other",
                group,
                call,
                f"error response {status} no longer declared",
                old_errors[status],
                old=True,
            )
        for status in sorted(new_errors.keys() - old_errors.keys()):
            self.add("other", group, call, f"error response {status} declared", new_errors[status])

    def arguments(self, old: Method, new: Method) -> None:
        group = new.resource
        before = {a.name: a for a in old.arguments}
        after = {a.name: a for a in new.arguments}
        renamed: dict[str, str] = {}
        removed = sorted(before.keys() - after.keys())
        added = [after[name] for name in sorted(after.keys() - before.keys())]
        for name in removed:
            twin = _twin(before[name], added, only=len(removed) == 1)
            if twin is not None and twin.name not in renamed:
                renamed[twin.name] = name
                self.add(
                    "breaking",
                    group,
                    _shown(old, before[name]),
                    f"renamed to {md_code(twin.name)}",
                    twin.pointer,
                )
            else:
                self.add(
                    "breaking",
                    group,
                    _shown(old, before[name]),
                    "removed",
                    before[name].pointer,
                    old=True,
                )
        for name in sorted(after.keys() - before.keys()):
            argument = after[name]
            if name in renamed:
                continue
            if argument.required:
                self.add(
                    "breaking",
                    group,
                    _shown(new, argument),
                    "new required argument",
                    argument.pointer,
                )
            else:
                self.add(
                    "additive",
                    group,
                    _shown(new, argument),
                    "new optional argument",
                    argument.pointer,
                )
        for name in sorted(before.keys() & after.keys()):
            self.argument(new, before[name], after[name])

    def argument(self, method: Method, old: Argument, new: Argument) -> None:
        group, subject = method.resource, _shown(method, new)
        if old.index != new.index or _place(old) != _place(new):
            self.add(
                "breaking", group, subject, f"moved ({_where(old)} → {_where(new)})", new.pointer
            )
        if old.required != new.required:
            if new.required:
                self.add("breaking", group, subject, "now required", new.pointer)
            else:
                self.add("additive", group, subject, "now optional", new.pointer)
        self.type_change(group, subject, old.type, new.type, new.pointer, request=True)

    # -- types

    def types(self) -> None:
        old = {t.name: t for t in self.old.types}
        new = {t.name: t for t in self.new.types}
        for name in sorted(old.keys() - new.keys()):
            self.add("breaking", "types", name, "type removed", old[name].pointer, old=True)
        for name in sorted(new.keys() - old.keys()):
            self.add("additive", "types", name, "type added", new[name].pointer)
        for name in sorted(old.keys() & new.keys()):
            self.typedef(old[name], new[name])

    def typedef(self, old: TypeDef, new: TypeDef) -> None:
        if old.aliased is not None and new.aliased is not None:
            self.type_change(
                "types", new.name, old.aliased, new.aliased, new.pointer, request=False
            )
            return
        if old.kind != new.kind:
            self.add(
                "breaking", "types", new.name, f"now a {new.kind} (was a {old.kind})", new.pointer
            )
            return
        before = {m.name: m for m in old.members}
        after = {m.name: m for m in new.members}
        for name in sorted(before.keys() - after.keys()):
            self.add(
                "breaking",
                "types",
                f"{old.name}.{name}",
                "field removed",
                before[name].pointer,
                old=True,
            )
        for name in sorted(after.keys() - before.keys()):
            member = after[name]
            kind: Kind = "breaking" if member.required else "additive"
            what = "new required field" if member.required else "new optional field"
            self.add(kind, "types", f"{new.name}.{name}", what, member.pointer)
        for name in sorted(before.keys() & after.keys()):
            self.member(new.name, before[name], after[name])

    def member(self, owner: str, old: Member, new: Member) -> None:
        subject = f"{owner}.{new.name}"
        if old.required != new.required:
            # required → optional breaks readers too: the attribute may now be None
            self.add(
                "breaking",
                "types",
                subject,
                "now required" if new.required else "now optional",
                new.pointer,
            )
        if old.nullable != new.nullable:
            self.add(
                "breaking",
                "types",
                subject,
                "now nullable" if new.nullable else "no longer nullable",
                new.pointer,
            )
        self.type_change("types", subject, old.type, new.type, new.pointer, request=False)

    def type_change(
        self, group: str, subject: str, old: TypeRef, new: TypeRef, pointer: str, *, request: bool
    ) -> None:
        """Enum values added (additive) or removed (breaking); otherwise a type change,
        additive only for a request argument whose type was widened."""
        if isinstance(old, ListOf) and isinstance(new, ListOf):
            self.type_change(group, subject, old.item, new.item, pointer, request=request)
            return
        before = literals(old, self.old_aliases)
        after = literals(new, self.new_aliases)
        if before is not None and after is not None:
            for value in sorted(before - after):
                self.add(
                    "breaking", group, subject, f"enum value {md_code(value)} removed", pointer
                )
            for value in sorted(after - before):
                self.add("additive", group, subject, f"enum value {md_code(value)} added", pointer)
            return
        if text(old) == text(new):
            return
        widened = request and _covers(new, old, before, after)
        self.add(
            "additive" if widened else "breaking",
            group,
            subject,
            f"type {'widened' if widened else 'changed'} to {md_code(_brief(new))} (was {md_code(_brief(old))})",
            pointer,
        )


def _covers(
    new: TypeRef, old: TypeRef, old_values: frozenset[str] | None, new_values: frozenset[str] | None
) -> bool:
    """Every value `old` accepts, `new` accepts too."""
    if old_values is not None and new_values is not None:
        return old_values <= new_values
    if old_values is not None and text(new) in ("str", "int"):
        return all(v.startswith('"') == (text(new) == "str") for v in old_values)
    return members(old) <= members(new)


def _twin(gone: Argument, added: list[Argument], *, only: bool) -> Argument | None:
    """The argument `gone` was renamed to: the added one with its wire name, or, when
    one argument went and one came, in the same place with the same type."""
    same_wire = [a for a in added if (_place(a), a.wire) == (_place(gone), gone.wire)]
    if same_wire:
        return same_wire[0]
    alike = [a for a in added if _place(a) == _place(gone) and text(a.type) == text(gone.type)]
    return alike[0] if only and len(added) == 1 and alike else None


def _place(argument: Argument) -> str:
    return "body" if argument.location in ("json", "form", "file", "body") else argument.location


def _where(argument: Argument) -> str:
    if argument.index is not None:
        return f"positional {argument.index + 1}"
    return f"{_place(argument)} keyword"


def _shown(method: Method, argument: Argument) -> str:
    """`client.pins.get(pin_id)` for a positional argument, `client.pins.list(bookmark=...)`."""
    return (
        f"{method.call}({argument.name})"
        if argument.index is not None
        else f"{method.call}({argument.name}=...)"
    )


def _brief(type_: TypeRef | None) -> str:
    """The type's text, cut short when a long enum would flood the entry."""
    shown = text(type_)
    return shown if len(shown) <= 100 else shown[:99] + "…"
