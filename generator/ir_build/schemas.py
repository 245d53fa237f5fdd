"""Schemas → types: model classes, type aliases, and the `TypeRef`s that use them."""

from __future__ import annotations

import dataclasses
from typing import Literal

from ..ir import (
    Alias,
    Default,
    Discriminator,
    Field,
    ListOf,
    LiteralOf,
    MapOf,
    Model,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)  # fmt: skip
from ..load import split_pointer
from ..naming import MAX_NAME, Namespace, field_name, module_name, pascal, type_name
from ..refine import unknown_type
from .context import Context, Node, join
from .runtime import item_errors
from .shapes import extended_members, is_constraint, merge, single_ref, types_of

__all__ = ["Types", "default_of", "split_none", "tag_unions", "union"]

_COMPONENT = "#/components/schemas/"
_NONE = Primitive("none")
_ANY = Primitive("any")
_FORMATS: dict[str, Primitive] = {
    "date-time": Primitive("datetime"),
    "date": Primitive("date"),
    "binary": Primitive("bytes"),
}


class Types:
    """Converts schemas, collecting the models and aliases of every `types/` module."""

    def __init__(
        self,
        ctx: Context,
        names: dict[str, str],
        modules: dict[str, str],
        kinds: dict[str, Literal["model", "alias"]],
        type_names: Namespace,
        module_names: Namespace,
    ) -> None:
        self.ctx = ctx
        self.names = names
        self.modules = modules
        self.kinds = kinds
        self.type_names = type_names
        self.module_names = module_names
        self.definitions: dict[str, list[Model | Alias]] = {}
        self.models: dict[str, Model] = {}
        self._inline: dict[tuple[int, str | None], tuple[Node, ModelRef]] = {}
        """The model made of each inline object schema, per home module. Keyed by the
        node's identity, so the node is kept alive with it: a temporary node (a `$ref`
        with siblings) freed after use could hand its id to another schema."""
        self._following: set[str] = set()

    # Named schemas --------------------------------------------------------------------

    def ref(self, key: str) -> ModelRef:
        return ModelRef(self.names[key], self.modules[key], self.kinds[key], self._open_as(key))

    def component(self, key: str) -> None:
        """Build the model or alias of `#/components/schemas/<key>` into its module."""
        pointer = join("/components/schemas", key)
        node = self.ctx.get(pointer)
        name, module = self.names[key], self.modules[key]
        if self.kinds[key] == "model" and isinstance(node, dict):
            self._model(name, module, node, pointer)
        else:
            meta = node if isinstance(node, dict) else {}
            target = self.convert(node, pointer, name, module)
            self._add(
                Alias(name, module, target, _text(meta), meta.get("deprecated") is True, pointer)
            )

    def _model(self, name: str, module: str, node: Node, pointer: str) -> ModelRef:
        ref = ModelRef(name, module, "model")
        merged = merge(self.ctx, node, pointer)
        schema = merged.schema
        fields: list[Field] = []
        namespace = Namespace()
        for wire, (prop, where) in merged.properties.items():
            target, _, siblings = self.ctx.deref(prop, where)
            meta = {**target, **siblings} if isinstance(target, dict) else {}
            owner, home = self._owner(where, pointer, name, module)
            hint = owner + pascal(wire) if pascal(wire) else f"{owner}Field"
            kind, nullable = split_none(self.convert(prop, where, hint, home))
            fields.append(
                Field(
                    name=namespace.claim(field_name(wire)),
                    wire_name=wire,
                    type=kind,
                    required=wire in merged.required,
                    nullable=nullable,
                    default=default_of(meta, kind, nullable),
                    description=_text(meta),
                    deprecated=meta.get("deprecated") is True,
                    read_only=meta.get("readOnly") is True,
                    write_only=meta.get("writeOnly") is True,
                    pointer=where,
                )
            )
        for missing in merged.required:
            if missing not in merged.properties and isinstance(missing, str):
                self.ctx.warn(
                    f"required property {missing!r} is not defined: it is not typed", pointer
                )
        additional = schema.get("additionalProperties")
        extra = None
        if isinstance(additional, dict) and additional:
            extra = self.convert(
                additional, join(pointer, "additionalProperties"), f"{name}Value", module
            )
        model = Model(
            name,
            module,
            tuple(fields),
            _text(schema),
            schema.get("deprecated") is True,
            extra,
            pointer,
            item_errors(self.ctx, merged, pointer),
        )
        self._add(model)
        return ref

    def _owner(self, where: str, pointer: str, name: str, module: str) -> tuple[str, str]:
        """The name and module that name the types of a property defined at `where`: the
        model's own, unless `allOf` brought the property from another component, whose
        name and module then serve (else its inline models would live in the first
        module that merged it, and modules that import each other follow)."""
        tokens, own = split_pointer(where), split_pointer(pointer)
        if tokens[:2] != ["components", "schemas"] or tokens[:3] == own[:3]:
            return name, module
        key = tokens[2]
        return (self.names[key], self.modules[key]) if key in self.names else (name, module)

    def _add(self, definition: Model | Alias) -> None:
        self.definitions.setdefault(definition.module, []).append(definition)
        if isinstance(definition, Model):
            self.models[definition.name] = definition

    def _open_as(self, key: str) -> tuple[Literal["str", "int"], ...]:
        """For an alias of literals: `("str",)` / `("int",)`, what responses may add."""
        node, _, _ = self.ctx.deref(self.ctx.get(join("/components/schemas", key)), "")
        if not isinstance(node, dict) or "properties" in node:
            return ()
        values = (
            node["enum"]
            if isinstance(node.get("enum"), list)
            else [node["const"]] if "const" in node else []
        )
        kinds: list[Literal["str", "int"]] = []
        if any(isinstance(v, str) for v in values):
            kinds.append("str")
        if any(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kinds.append("int")
        return tuple(kinds)

    # Any schema -------------------------------------------------------------------

    def convert(self, node: object, pointer: str, hint: str, home: str | None) -> TypeRef:
        """The type of a schema. Inline objects become models named after `hint`, put in
        module `home` (or a module of their own when `home` is `None`)."""
        if node is True or node == {}:
            return _ANY
        if not isinstance(node, dict):
            if node is False:
                self.ctx.warn("a `false` schema (nothing is valid) is typed as any value", pointer)
            else:
                self.ctx.invalid("a schema must be an object", pointer, "typed as any value")
            return _ANY
        nullable = node.get("nullable") is True
        if isinstance(node.get("$ref"), str):
            return self._reference(node, pointer, hint, home, nullable)
        wrapped = single_ref(node)
        if wrapped is not None:
            kind = self.convert(wrapped, join(pointer, "allOf", 0), hint, home)
            return union((kind, _NONE)) if nullable else kind
        if "allOf" in node:
            merged = merge(self.ctx, node, pointer)
            if merged.properties or "object" in types_of(merged.schema):
                return self._object(node, pointer, hint, home, nullable)
            return self.convert(merged.schema, pointer, hint, home)
        for keyword in ("oneOf", "anyOf"):
            members = node.get(keyword)
            if isinstance(members, list) and members and not all(is_constraint(m) for m in members):
                if "properties" in node:
                    self.ctx.warn(
                        f"`{keyword}` beside `properties`: the alternatives are not typed", pointer
                    )
                    break
                kinds = [
                    self.convert(m, join(pointer, keyword, i), f"{hint}{_variant(m, i)}", home)
                    for i, m in enumerate(members)
                ]
                if keyword == "oneOf":
                    self._warn_extended(members, join(pointer, keyword))
                return union(
                    (*kinds, *((_NONE,) if nullable else ())), self._discriminator(node, pointer)
                )
        if "const" in node:
            return self._literal([node["const"]], node, pointer, nullable)
        if isinstance(node.get("enum"), list):
            return self._literal(node["enum"], node, pointer, nullable)
        types = types_of(node)
        if len(types) > 1:
            return union(
                tuple(
                    self.convert({**node, "type": t, "nullable": False}, pointer, hint, home)
                    for t in types
                )
            )
        name = types[0] if types else _infer(node)
        if name == "object":
            return self._object(node, pointer, hint, home, nullable)
        result = self._scalar(name, node, pointer, hint, home)
        return union((result, _NONE)) if nullable else result

    def _warn_extended(self, members: list[object], pointer: str) -> None:
        for i, j in extended_members(self.ctx, members, pointer):
            self.ctx.warn(
                f"`oneOf` member {i} ({_label(members[i])}) extends member {j}"
                f" ({_label(members[j])}): no value of it meets exactly one member",
                pointer,
            )

    def _reference(
        self, node: Node, pointer: str, hint: str, home: str | None, nullable: bool
    ) -> TypeRef:
        ref = node["$ref"]
        nullable = nullable or node.get("type") == "null"
        if ref.startswith(_COMPONENT) and "/" not in ref[len(_COMPONENT) :]:
            key = ref[len(_COMPONENT) :].replace("~1", "/").replace("~0", "~")
            if key in self.names:
                kind: TypeRef = self.ref(key)
                nullable = nullable or self._null_model(key)
                return union((kind, _NONE)) if nullable else kind
        if ref in self._following:
            self.ctx.warn(
                f"recursive reference {ref!r} to an unnamed schema is typed as any value", pointer
            )
            return _ANY
        target, where, siblings = self.ctx.deref(node, pointer)
        if target is None:
            return _ANY
        self._following.add(ref)
        try:
            kind = self.convert(
                {**target, **siblings} if isinstance(target, dict) and siblings else target,
                where,
                hint,
                home,
            )
        finally:
            self._following.discard(ref)
        return union((kind, _NONE)) if nullable else kind

    def _null_model(self, key: str) -> bool:
        """Whether `#/components/schemas/<key>` is a model whose schema also allows null
        (`nullable: true`, or `type: [object, "null"]`): the class cannot hold the null,
        so each reference to it does."""
        node = self.ctx.get(join("/components/schemas", key))
        return self.kinds[key] == "model" and isinstance(node, dict) and "null" in types_of(node)

    def _object(
        self, node: Node, pointer: str, hint: str, home: str | None, nullable: bool
    ) -> TypeRef:
        merged = merge(self.ctx, node, pointer)
        kind: TypeRef
        if merged.properties:
            known = self._inline.get((id(node), home))
            kind = known[1] if known else self._inline_model(node, pointer, hint, home)
        else:  # a map, or any JSON object
            additional = merged.schema.get("additionalProperties")
            value: TypeRef = _ANY
            if isinstance(additional, dict) and additional:
                value = self.convert(
                    additional, join(pointer, "additionalProperties"), f"{hint}Value", home
                )
            kind = MapOf(value)
        return union((kind, _NONE)) if nullable else kind

    def _inline_model(self, node: Node, pointer: str, hint: str, home: str | None) -> ModelRef:
        name = self.type_names.claim_type(type_name(hint))
        if len(pascal(hint)) > MAX_NAME:
            self.ctx.warn(f"a name longer than {MAX_NAME} characters: shortened to {name}", pointer)
        module = home or self.module_names.claim(f"types.{module_name(name)}")
        ref = ModelRef(name, module, "model")
        self._inline[(id(node), home)] = (node, ref)
        return self._model(name, module, node, pointer)

    def _scalar(self, kind: str, node: Node, pointer: str, hint: str, home: str | None) -> TypeRef:
        fmt = node.get("format") if isinstance(node.get("format"), str) else None
        if kind == "string":
            return _FORMATS.get(fmt or "", Primitive("str", fmt))
        if kind == "integer":
            return Primitive("int", fmt)
        if kind == "number":
            return Primitive("float", fmt)
        if kind == "boolean":
            return Primitive("bool")
        if kind == "null":
            return _NONE
        if kind == "array":
            items = node.get("items")
            if isinstance(node.get("prefixItems"), list):
                self.ctx.warn("tuple arrays (`prefixItems`) are typed as lists", pointer)
            if items is None:
                return ListOf(_ANY)
            return ListOf(self.convert(items, join(pointer, "items"), f"{hint}Item", home))
        if kind == "file":  # Swagger 2's upload type
            self.ctx.invalid(
                "`type: file` is Swagger 2, not OpenAPI 3 (`type: string, format: binary`)",
                join(pointer, "type"),
                "typed as bytes",
            )
            return Primitive("bytes")
        if kind != "any":
            self.ctx.invalid(unknown_type(kind), join(pointer, "type"), "typed as any value")
        return _ANY

    def _literal(self, values: list[object], node: Node, pointer: str, nullable: bool) -> TypeRef:
        literals = tuple(dict.fromkeys(v for v in values if isinstance(v, (str, int, bool))))
        rest = [v for v in values if v is not None and not isinstance(v, (str, int, bool))]
        if not values:
            self.ctx.warn("an empty `enum` allows no value: typed by its `type` instead", pointer)
        elif rest:
            self.ctx.warn(
                "enum values that are not strings, integers or booleans are typed by the enum's `type`",
                pointer,
            )
        if rest or not literals:
            base = self.convert(
                {k: v for k, v in node.items() if k not in ("enum", "const")},
                pointer,
                "Value",
                None,
            )
            return union((base, _NONE)) if nullable or None in values else base
        kind: TypeRef = LiteralOf(literals)
        return union((kind, _NONE)) if nullable or None in values else kind

    def _discriminator(self, node: Node, pointer: str) -> Discriminator | None:
        spec = node.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        mapping: list[tuple[str, str]] = []
        raw = spec.get("mapping")
        for value, target in (raw.items() if isinstance(raw, dict) else []):
            key = (
                target[len(_COMPONENT) :]
                if isinstance(target, str) and target.startswith(_COMPONENT)
                else target
            )
            if isinstance(key, str) and key in self.names:
                mapping.append((str(value), self.names[key]))
            else:
                self.ctx.warn(
                    f"discriminator mapping {value!r} → {target!r} names no schema",
                    join(pointer, "discriminator"),
                )
        return Discriminator(spec["propertyName"], tuple(mapping))


def union(members: tuple[TypeRef, ...], discriminator: Discriminator | None = None) -> TypeRef:
    """A flat union of distinct members, literals combined, `none` last."""
    flat: list[TypeRef] = []
    for member in members:
        flat.extend(member.members if isinstance(member, UnionOf) else (member,))
    literals = tuple(dict.fromkeys(v for m in flat if isinstance(m, LiteralOf) for v in m.values))
    distinct = list(dict.fromkeys(m for m in flat if not isinstance(m, LiteralOf) and m != _NONE))
    if _ANY in distinct:
        distinct = [_ANY]
    if literals and _ANY not in distinct:
        distinct.insert(0, LiteralOf(literals))  # type: ignore[arg-type]
    if _NONE in flat:
        distinct.append(_NONE)
    if len(distinct) == 1:
        return distinct[0]
    return UnionOf(tuple(distinct), discriminator)


def split_none(kind: TypeRef) -> tuple[TypeRef, bool]:
    """`(the type without None, whether None was in it)`."""
    if kind == _NONE:
        return _ANY, True
    if isinstance(kind, UnionOf) and _NONE in kind.members:
        rest = tuple(m for m in kind.members if m != _NONE)
        return (rest[0] if len(rest) == 1 else UnionOf(rest, kind.discriminator)), True
    return kind, False


def default_of(meta: Node, kind: TypeRef, nullable: bool) -> Default | None:
    """The spec's default; `literal` when it fits the type and can be written as is."""
    if "default" not in meta:
        return None
    value = meta["default"]
    if value is None:
        return Default(None, nullable)
    fits = (
        (isinstance(value, bool) and kind == Primitive("bool"))
        or (
            isinstance(kind, LiteralOf)
            and any(type(v) is type(value) and v == value for v in kind.values)
        )
        or (isinstance(value, str) and isinstance(kind, Primitive) and kind.kind == "str")
        or (type(value) is int and isinstance(kind, Primitive) and kind.kind in ("int", "float"))
        or (type(value) is float and isinstance(kind, Primitive) and kind.kind == "float")
    )
    return Default(value, fits)


def _infer(node: Node) -> str:
    if "properties" in node or "additionalProperties" in node:
        return "object"
    if "items" in node:
        return "array"
    return "any"


def _variant(member: object, index: int) -> str:
    title = member.get("title") if isinstance(member, dict) else None
    return pascal(title) if isinstance(title, str) and pascal(title) else f"Variant{index + 1}"


def _text(node: Node) -> str:
    for key in ("description", "title"):
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def tag_unions(types: Types) -> None:
    """Make each named `oneOf` with a usable discriminator a tagged union.

    Usable: every member is a model whose discriminator property is required and a
    literal, no value naming two members. Those fields keep their literal closed
    (pydantic picks the member by it); any other union is validated member by member.
    """
    tagged: dict[str, set[str]] = {}
    for definitions in types.definitions.values():
        for index, definition in enumerate(definitions):
            kind = definition.type if isinstance(definition, Alias) else None
            if not isinstance(kind, UnionOf) or kind.discriminator is None:
                continue
            prop = kind.discriminator.property
            values: list[str | int | bool] = []
            names: set[str] = set()
            for member in kind.members:
                model = types.models.get(member.name) if isinstance(member, ModelRef) else None
                field = (
                    next((f for f in model.fields if f.wire_name == prop), None) if model else None
                )
                if (
                    field is None
                    or not field.required
                    or field.nullable
                    or not isinstance(field.type, LiteralOf)
                ):
                    break
                values.extend(field.type.values)
                names.add(field.name)
            else:
                if len(values) == len(set(values)) and len(names) == 1:
                    assert isinstance(definition, Alias)
                    tag = dataclasses.replace(kind.discriminator, tagged=True, field=names.pop())
                    definitions[index] = dataclasses.replace(
                        definition, type=dataclasses.replace(kind, discriminator=tag)
                    )
                    for member in kind.members:
                        assert isinstance(member, ModelRef)
                        tagged.setdefault(member.name, set()).add(prop)
    for name, props in tagged.items():
        model = types.models[name]
        fields = tuple(
            dataclasses.replace(f, tag=True) if f.wire_name in props else f for f in model.fields
        )
        closed = dataclasses.replace(model, fields=fields)
        types.models[name] = closed
        definitions = types.definitions[model.module]
        definitions[definitions.index(model)] = closed


def _label(member: object) -> str:
    """A `oneOf` member as a warning names it: its reference's last segment, or `inline`."""
    ref = member.get("$ref") if isinstance(member, dict) else None
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else "inline"
