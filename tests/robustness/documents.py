"""Hypothesis strategies for VALID OpenAPI documents (3.0 and 3.1) of every shape sdkgen
must turn into a client: nested and recursive schemas, unions with and without a
discriminator, enums of odd values, `const`, both spellings of nullable, maps; operations
with tags or none, dotted and plain operationIds, parameters in every location, every
kind of request body and response.

Structure, not hostile text, is the point here (`test_injection.py` writes the hostile
text): names are odd in the ways that collide once made Python (case, separators,
keywords, digits), values are odd in the ways that break literals (quotes, backslashes,
unicode, mixed types, duplicates after normalisation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

Schema = dict[str, Any]

WORDS = ["pet", "owner", "item", "status", "id", "name", "data", "user", "list", "value"]
ODD_NAMES = [
    "type", "class", "from", "self", "options", "model_config", "json", "id", "ID", "Id",
    "fooBar", "foo_bar", "foo-bar", "FooBar", "2fa", "_private", "é", "naïve", "a b", "x.y",
    "page[size]", "$ref", "None", "true", "list", "str", "int", "items",
]  # fmt: skip
ODD_VALUES: list[object] = [
    "", " ", "a", "A", "a-b", "a_b", "A_B", "a b", "it's", 'say "hi"', "back\\slash", "'",
    '"', '"""', "\n", "tab\t", "é", "中文", "\u2028", "None", "class", "1", "1.5", "-", "_",
    "a'b\"c", "\\", "${x}", "{{ x }}", 0, 1, -1, 2**40, 1.5, -0.25, True, False,
]  # fmt: skip
DISCRIMINATORS = ["kind", "pet_kind"]
"""Discriminator properties whose Python name is the wire name. Renamed ones (`type`,
`petType`, `pet-type`) fail pydantic until the discriminator uses the field's alias
(issue 11 point 3): add them here when it does."""
STRING_FORMATS = [None, "date-time", "date", "uuid", "email", "uri", "byte", "password"]


@dataclass
class Doc:
    """What the document drawn so far offers the next draw."""

    version: str
    components: list[str] = field(default_factory=list)
    """Component schema names a `$ref` may point at (defined by the end of the draw)."""
    objects: list[str] = field(default_factory=list)
    """Those that are plain objects (fit for `allOf`)."""
    shared: dict[str, dict[str, Schema]] = field(default_factory=dict)
    """Other components (`parameters`, `requestBodies`, `responses`) that operations refer to."""
    schemes: list[str] = field(default_factory=list)

    def share(self, draw: st.DrawFn, section: str, value: Schema) -> Schema:
        """`value`, or sometimes a `$ref` to it under `components/<section>`."""
        if draw(st.integers(0, 3)) > 0:
            return value
        entries = self.shared.setdefault(section, {})
        key = f"{section[:-1]}{len(entries)}"
        entries[key] = value
        return {"$ref": f"#/components/{section}/{key}"}

    def ref(self, name: str) -> Schema:
        return {"$ref": f"#/components/schemas/{name}"}


@st.composite
def identifiers(draw: st.DrawFn, style: str | None = None) -> str:
    """A name made of words in one of the cases specs use."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    style = style or draw(st.sampled_from(["camel", "snake", "pascal", "kebab", "upper"]))
    if style == "camel":
        return words[0] + "".join(w.title() for w in words[1:])
    if style == "pascal":
        return "".join(w.title() for w in words)
    if style == "kebab":
        return "-".join(words)
    if style == "upper":
        return "_".join(words).upper()
    return "_".join(words)


names = st.sampled_from(ODD_NAMES) | identifiers()


def enum_values(draw: st.DrawFn, kind: str | None) -> list[object]:
    """1-5 distinct enum values of the JSON type `kind` (any type when `None`)."""
    pool: list[object] = {
        "string": [v for v in ODD_VALUES if isinstance(v, str)],
        "integer": [v for v in ODD_VALUES if type(v) is int],
        "number": [v for v in ODD_VALUES if type(v) in (int, float)],
        "boolean": [True, False],
    }.get(kind or "", ODD_VALUES)
    values = draw(
        st.lists(
            st.sampled_from(pool) | (st.text(max_size=3) if kind in (None, "string") else st.nothing()),
            min_size=1,
            max_size=5,
            unique_by=lambda v: (type(v), v),
        )
    )
    return values


def nullable(draw: st.DrawFn, doc: Doc, schema: Schema) -> Schema:
    """`schema` that also allows null, the way the document's version spells it."""
    if doc.version == "3.0":
        if "$ref" in schema:  # 3.0 ignores siblings of $ref: wrap it
            # (not in `allOf` when it may be an array: openapi-spec-validator recurses
            # without end on an `allOf` that reaches itself through `items`)
            objects = {self_ref["$ref"] for self_ref in map(doc.ref, doc.objects)}
            return {"allOf" if schema["$ref"] in objects else "oneOf": [schema], "nullable": True}
        return {**schema, "nullable": True}
    kind = schema.get("type")
    if isinstance(kind, str) and "enum" not in schema and draw(st.booleans()):
        return {**schema, "type": [kind, "null"]}
    return {draw(st.sampled_from(["oneOf", "anyOf"])): [schema, {"type": "null"}]}


@st.composite
def leaf(draw: st.DrawFn, doc: Doc) -> Schema:
    """A schema without children."""
    kinds = ["string", "integer", "number", "boolean", "enum", "typeless enum", "any"]
    if doc.version == "3.1":
        kinds.append("const")
    if doc.components:
        kinds += ["ref", "ref"]
    kind = draw(st.sampled_from(kinds))
    if kind == "ref":
        return doc.ref(draw(st.sampled_from(doc.components)))
    if kind == "string":
        fmt = draw(st.sampled_from(STRING_FORMATS))
        default = draw(st.sampled_from([{}, {}, {"default": "it's"}, {"minLength": 2, "maxLength": 5}, {"pattern": "^[a-z]+$"}]))
        return {"type": "string", **({"format": fmt} if fmt else default)}
    if kind == "integer":
        return {"type": "integer", **draw(st.sampled_from([{}, {"format": "int32"}, {"format": "int64"}, {"default": 3, "minimum": 0}]))}
    if kind in ("number", "boolean"):
        return {"type": kind}
    if kind == "enum":
        json_type = draw(st.sampled_from(["string", "string", "integer", "number", "boolean"]))
        values = enum_values(draw, json_type)
        extra = draw(st.sampled_from([{}, {"default": values[-1]}, {"example": values[0]}]))
        return {"type": json_type, "enum": values, **extra}
    if kind == "typeless enum":
        return {"enum": enum_values(draw, None)}
    if kind == "const":
        return {"const": draw(st.sampled_from(ODD_VALUES))}
    return {}


@st.composite
def schema(draw: st.DrawFn, doc: Doc, depth: int = 2) -> Schema:
    """Any schema, children at most `depth` deep."""
    kinds = ["leaf", "leaf"] + (["array", "object", "map", "union", "allOf"] if depth > 0 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "leaf":
        result = draw(leaf(doc))
    elif kind == "array":
        result = {"type": "array", "items": draw(schema(doc, depth - 1))}
    elif kind == "object":
        result = draw(object_schema(doc, depth - 1))
    elif kind == "map":
        result = {"type": "object", "additionalProperties": draw(st.just(True) | schema(doc, depth - 1))}
    elif kind == "union":
        members = draw(st.lists(schema(doc, depth - 1), min_size=1, max_size=3))
        result = {draw(st.sampled_from(["oneOf", "anyOf"])): members}
    else:
        if not doc.objects:
            return draw(object_schema(doc, depth - 1))
        parents = draw(st.lists(st.sampled_from(doc.objects), min_size=1, max_size=2, unique=True))
        result = {"allOf": [*map(doc.ref, parents), draw(object_schema(doc, depth - 1))]}
    if draw(st.integers(0, 4)) == 0:
        result = nullable(draw, doc, result)
    if draw(st.integers(0, 5)) == 0:
        result = {**result, "description": draw(st.sampled_from(["A thing.", "it's \"odd\"", "\\n"]))}
    return result


@st.composite
def object_schema(draw: st.DrawFn, doc: Doc, depth: int = 1) -> Schema:
    """An object with 0-4 properties (some required), sometimes with extra keys allowed."""
    keys = draw(st.lists(names, max_size=4, unique=True))
    properties = {n: draw(schema(doc, depth)) for n in keys}
    result: Schema = {"type": "object", "properties": properties}
    required = [n for n in keys if draw(st.booleans())]
    if required:
        result["required"] = required
    extra = draw(st.sampled_from([None, None, True, False, "schema"]))
    if extra == "schema":
        result["additionalProperties"] = draw(leaf(doc))
    elif extra is not None:
        result["additionalProperties"] = extra
    return result


@st.composite
def components(draw: st.DrawFn, doc: Doc) -> dict[str, Schema]:
    """Component schemas: objects (which may refer to any component, themselves too),
    other schemas, and sometimes a family of objects under a discriminated union."""
    names = draw(
        st.lists(
            st.sampled_from(["Pet", "pet", "PET", "Owner", "Item", "item_list", "Status", "Node", "Class", "None", "2Fa", "a.b", "x-y"])
            | identifiers("pascal"),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    objects = [n for n in names if draw(st.booleans())]
    doc.components.extend(names)
    doc.objects.extend(objects)
    result: dict[str, Schema] = {}
    for component in names:
        if component in objects:
            result[component] = draw(object_schema(doc, 1))
        else:  # no cycle of references without an object between them (a type of nothing)
            drawn = draw(schema(doc, 2))
            cyclic = direct_refs(drawn) - {doc.ref(o)["$ref"] for o in objects}
            result[component] = drawn if not cyclic else {"type": "array", "items": drawn}
    if draw(st.booleans()):
        result.update(draw(discriminated(doc, set(result))))
    return result


def direct_refs(schema: Schema) -> set[str]:
    """The references `schema` is made of directly (not through a property or an item)."""
    found = {schema["$ref"]} if "$ref" in schema else set()
    for key in ("allOf", "oneOf", "anyOf"):
        for member in schema.get(key, []):
            found |= direct_refs(member)
    return found


@st.composite
def discriminated(draw: st.DrawFn, doc: Doc, taken: set[str]) -> dict[str, Schema]:
    """A `oneOf` (or `anyOf`) of 2-3 object components told apart by a required property."""
    prop = draw(st.sampled_from(DISCRIMINATORS))
    union = draw(st.sampled_from(["Animal", "Shape", "Event"]))
    members = [f"{union}{suffix}" for suffix in draw(st.lists(st.sampled_from(["A", "B", "Cat", "Dog", "X2"]), min_size=2, max_size=3, unique=True))]
    if union in taken or taken & set(members):
        return {}
    tags = draw(st.lists(st.sampled_from(["cat", "dog", "a", "it's", "A-B", "a_b", "1"]), min_size=len(members), max_size=len(members), unique=True))
    result: dict[str, Schema] = {}
    for member, tag in zip(members, tags):
        tag_schema: Schema = {"type": "string", "enum": [tag]} if doc.version == "3.0" or draw(st.booleans()) else {"type": "string", "const": tag}
        body = draw(object_schema(doc, 0))
        result[member] = {
            **body,
            "required": [prop, *[r for r in body.get("required", []) if r != prop]],
            "properties": {**body["properties"], prop: tag_schema},
        }
    discriminator: Schema = {"propertyName": prop}
    if draw(st.booleans()):
        discriminator["mapping"] = {tag: f"#/components/schemas/{m}" for m, tag in zip(members, tags)}
    result[union] = {draw(st.sampled_from(["oneOf", "oneOf", "anyOf"])): [doc.ref(m) for m in members], "discriminator": discriminator}
    doc.components.extend([union, *members])
    return result


PARAM_NAMES = [
    "id", "ID", "type", "class", "from", "self", "options", "body", "page[size]", "X-Request-ID",
    "x_request_id", "session", "limit", "fooBar", "foo_bar", "é", "2fa", "timeout", "extra_headers",
]  # fmt: skip


@st.composite
def parameter_schema(draw: st.DrawFn, doc: Doc, location: str) -> Schema:
    """What a parameter in `location` may hold: scalars, enums, arrays of them (and, in
    the query, sometimes an object)."""
    kinds = ["string", "integer", "boolean", "enum", "array"]
    if location == "query":
        kinds.append("object")
    kind = draw(st.sampled_from(kinds))
    if kind == "enum":
        json_type = draw(st.sampled_from(["string", "integer"]))
        result: Schema = {"type": json_type, "enum": enum_values(draw, json_type)}
    elif kind == "array":
        result = {"type": "array", "items": draw(parameter_schema(doc, "path"))}
        if result["items"].get("type") == "array":
            result["items"] = {"type": "string"}
    elif kind == "object":
        result = draw(object_schema(doc, 0))
    else:
        result = {"type": kind}
    if location != "path" and draw(st.integers(0, 4)) == 0:
        result = nullable(draw, doc, result)
    return result


@st.composite
def parameters(draw: st.DrawFn, doc: Doc, path_names: list[str], query: bool = True) -> list[Schema]:
    """The path's parameters and (`query`) 0-5 others in the query, headers or cookies."""
    result = [
        {"name": p, "in": "path", "required": True, "schema": draw(parameter_schema(doc, "path"))}
        for p in path_names
    ]
    for location in draw(st.lists(st.sampled_from(["query", "header", "cookie"]), max_size=5 if query else 0)):
        param_name = draw(st.sampled_from(PARAM_NAMES))
        if location == "header" and param_name.lower() in ("accept", "content-type", "authorization"):
            continue
        if any(p["name"] == param_name and p["in"] == location for p in result):
            continue
        param: Schema = {"name": param_name, "in": location, "schema": draw(parameter_schema(doc, location))}
        if draw(st.booleans()):
            param["required"] = True
        if location == "query" and param["schema"].get("type") == "object" and draw(st.booleans()):
            param.update(style="deepObject", explode=True)
        if location == "query" and param["schema"].get("type") == "array" and draw(st.booleans()):
            param.update(style=draw(st.sampled_from(["form", "spaceDelimited", "pipeDelimited"])), explode=False)
        result.append(param)
    return [doc.share(draw, "parameters", p) for p in result]


@st.composite
def request_body(draw: st.DrawFn, doc: Doc) -> Schema:
    media = draw(
        st.sampled_from(
            ["application/json", "application/json", "multipart/form-data",
             "application/x-www-form-urlencoded", "application/octet-stream", "text/plain"]
        )
    )  # fmt: skip
    if media == "application/json":
        body = draw(schema(doc, 2))
    elif media == "multipart/form-data":
        body = draw(object_schema(doc, 0))
        for key in draw(st.lists(st.sampled_from(["file", "image", "type", "files"]), max_size=2, unique=True)):
            binary = {"type": "string", "format": "binary"}
            body["properties"][key] = binary if key != "files" else {"type": "array", "items": binary}
    elif media == "application/x-www-form-urlencoded":
        body = draw(object_schema(doc, 0))
    elif media == "application/octet-stream":
        body = {"type": "string", "format": "binary"}
    else:
        body = {"type": "string"}
    result: Schema = {"content": {media: {"schema": body}}}
    if draw(st.booleans()):
        result["required"] = True
    return doc.share(draw, "requestBodies", result)


@st.composite
def responses(draw: st.DrawFn, doc: Doc) -> Schema:
    result: Schema = {}
    for status in draw(st.lists(st.sampled_from(["200", "201", "202", "204", "2XX", "400", "404", "default"]), min_size=1, max_size=3, unique=True)):
        media = draw(st.sampled_from(["application/json", "application/json", "application/octet-stream", "text/plain", "application/problem+json", None]))
        response: Schema = {"description": draw(st.sampled_from(["ok", "It's \"fine\"."]))}
        if status != "204" and media is not None:
            if media == "application/octet-stream":
                body = {"type": "string", "format": "binary"}
            elif media == "text/plain":
                body = {"type": "string"}
            else:
                body = draw(schema(doc, 2))
            response["content"] = {media: {"schema": body}}
        result[status] = doc.share(draw, "responses", response)
    return result


@st.composite
def operation(draw: st.DrawFn, doc: Doc, path_names: list[str], method: str, ids: set[str]) -> Schema:
    result: Schema = {"responses": draw(responses(doc))}
    style = draw(st.sampled_from(["plain", "plain", "dotted", "none"]))
    if style != "none":
        operation_id = draw(identifiers()) if style == "plain" else ".".join(draw(st.lists(identifiers("snake"), min_size=2, max_size=3)))
        if operation_id not in ids:
            ids.add(operation_id)
            result["operationId"] = operation_id
    tags = draw(st.lists(st.sampled_from(["pets", "Pets", "store", "user-accounts", "class", "items"]), max_size=2, unique=True))
    if tags:
        result["tags"] = tags
    params = draw(parameters(doc, path_names))
    if params:
        result["parameters"] = params
    if method in ("post", "put", "patch") and draw(st.integers(0, 3)) > 0:
        result["requestBody"] = draw(request_body(doc))
    if doc.schemes and draw(st.booleans()):
        result["security"] = draw(security(doc))
    if draw(st.integers(0, 5)) == 0:
        result["deprecated"] = True
    return result


SCHEMES: dict[str, Schema] = {
    "header_key": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "query_key": {"type": "apiKey", "in": "query", "name": "api_key"},
    "cookie_key": {"type": "apiKey", "in": "cookie", "name": "__client"},
    "bearer": {"type": "http", "scheme": "bearer"},
    "basic": {"type": "http", "scheme": "basic"},
    "oauth": {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "https://api.example.com/token", "scopes": {"read": "Read.", "write": "it's"}}},
    },
}  # fmt: skip


@st.composite
def security(draw: st.DrawFn, doc: Doc) -> list[Schema]:
    """Security requirements: none (`[]`), alternatives, or schemes combined."""
    alternatives = draw(st.lists(st.lists(st.sampled_from(doc.schemes), min_size=0, max_size=2, unique=True), max_size=2))
    return [{scheme: (["read"] if scheme == "oauth" else []) for scheme in requirement} for requirement in alternatives]


@st.composite
def documents(draw: st.DrawFn) -> Schema:
    """A valid OpenAPI 3.0 or 3.1 document."""
    doc = Doc(draw(st.sampled_from(["3.0", "3.1"])))
    schemas = draw(components(doc))
    paths: dict[str, Schema] = {}
    ids: set[str] = set()
    doc.schemes = draw(st.lists(st.sampled_from(sorted(SCHEMES)), max_size=3, unique=True))
    for index in range(draw(st.integers(1, 4))):
        path_names = draw(st.lists(st.sampled_from(["id", "pet_id", "petId", "class", "name", "ID"]), max_size=2, unique=True))
        path = f"/r{index}/" + "/".join(f"{{{p}}}" for p in path_names)
        methods = draw(st.lists(st.sampled_from(["get", "post", "put", "patch", "delete"]), min_size=1, max_size=3, unique=True))
        shared = draw(st.booleans())  # the path parameters declared once for every method
        item: Schema = {m: draw(operation(doc, [] if shared else path_names, m, ids)) for m in methods}
        if shared and path_names:
            item["parameters"] = draw(parameters(doc, path_names, query=False))
        paths[path.rstrip("/")] = item
    result: Schema = {
        "openapi": "3.0.3" if doc.version == "3.0" else "3.1.0",
        "info": {"title": draw(st.sampled_from(["Property", "it's an API", "2 Things"])), "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {"schemas": schemas, **doc.shared},
    }
    if doc.schemes:
        result["components"]["securitySchemes"] = {s: SCHEMES[s] for s in doc.schemes}
        result["security"] = draw(security(doc))
    return result
