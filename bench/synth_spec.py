"""Synthetic OpenAPI 3.1 descriptions with N operations, for the scaling benchmark.

Each resource gets the five CRUD operations (a paginated list, create, get, update,
delete) and seven schemas: the resource (5-15 fields: strings with formats, integers,
numbers, booleans, inline enums, a nullable field, arrays, a map, a nested object and a
reference to an earlier resource), its status enum, nested settings, a summary, create
and update bodies, and a page (`allOf` the shared `Paginated`). Every third resource is
nested under the one before it (two path parameters). Same seed, same bytes.

    python bench/synth_spec.py 1000 -o bench/results/raw/synth-1000.yaml
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes shared sub-objects out in full: no YAML anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


Schema = dict[str, Any]

ADJECTIVES = (
    "amber azure brisk calm coral crisp dusky eager fair gentle golden hardy ivory "
    "jade keen lucid mellow misty noble olive pale quiet rapid rustic sandy silver "
    "sleek solar stout swift tidal urban vivid warm wild woven young zesty"
).split()
NOUNS = (
    "album asset badge banner basket bundle campaign canvas catalog channel "
    "collection comment coupon draft event feed folder gallery invoice label "
    "ledger listing message note order parcel pin playlist poll profile receipt "
    "report review section segment shelf ticket topic voucher widget"
).split()
OPERATIONS = ("list", "create", "get", "update", "delete")
SCHEMAS_PER_RESOURCE = 7

# (name, schema) candidates for plain resource fields; each resource samples some.
PLAIN_FIELDS: tuple[tuple[str, Schema], ...] = (
    ("title", {"type": "string", "maxLength": 100}),
    ("description", {"type": "string", "maxLength": 800}),
    ("link", {"type": "string", "format": "uri", "maxLength": 2048}),
    ("created_at", {"type": "string", "format": "date-time", "readOnly": True}),
    ("updated_at", {"type": "string", "format": "date-time", "readOnly": True}),
    ("start_date", {"type": "string", "format": "date"}),
    ("owner_email", {"type": "string", "format": "email"}),
    ("priority", {"type": "integer", "minimum": 0, "maximum": 10}),
    ("item_count", {"type": "integer", "format": "int64", "minimum": 0}),
    ("budget", {"type": "number", "format": "double", "minimum": 0}),
    ("ratio", {"type": "number", "minimum": 0, "maximum": 1}),
    ("is_public", {"type": "boolean"}),
    ("is_archived", {"type": "boolean", "default": False}),
    ("note", {"type": ["string", "null"], "maxLength": 500}),
    ("labels", {"type": "array", "items": {"type": "string"}, "maxItems": 20}),
    ("scores", {"type": "array", "items": {"type": "integer"}}),
    ("metrics", {"type": "object", "additionalProperties": {"type": "number"}}),
    ("country", {"type": "string", "pattern": "^[A-Z]{2}$"}),
)
ENUM_WORDS = "ACTIVE PAUSED ARCHIVED DRAFT PENDING REJECTED DELETED SCHEDULED".split()
VISIBILITY_WORDS = "public secret protected unlisted private".split()


def resource_names(count: int) -> list[str]:
    """`count` distinct snake_case resource names, in a fixed order."""
    combos = [f"{adjective}_{noun}" for noun in NOUNS for adjective in ADJECTIVES]
    if count > len(combos):
        raise ValueError(
            f"at most {len(combos)} resources ({len(combos) * 5} operations)"
        )
    return combos[:count]


def pascal(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def a(words: str) -> str:
    """`words` with its indefinite article."""
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


def describe(text: str, schema: Schema) -> Schema:
    return {**schema, "description": text}


def resource_schemas(
    name: str, earlier: str | None, rng: random.Random
) -> dict[str, Schema]:
    """The seven schemas of one resource, keyed by component name."""
    model = pascal(name)
    words = name.replace("_", " ")
    chosen = rng.sample(PLAIN_FIELDS, rng.randint(2, 8))
    properties: dict[str, Schema] = {
        "id": describe(f"Unique identifier of the {words}.", {"type": "string"}),
        "name": describe(f"Display name of the {words}.", {"type": "string"}),
        "status": ref("schemas", f"{model}Status"),
        "visibility": describe(
            "Who can see it.",
            {"type": "string", "enum": rng.sample(VISIBILITY_WORDS, rng.randint(2, 4))},
        ),
        "settings": ref("schemas", f"{model}Settings"),
    }
    for field, schema in chosen:
        properties[field] = describe(
            f"The {field.replace('_', ' ')} of the {words}.", schema
        )
    if earlier is not None:
        properties[f"{earlier}_ids"] = describe(
            f"Related {earlier.replace('_', ' ')} ids.",
            {"type": "array", "items": {"type": "string"}},
        )
        properties["related"] = describe(
            f"The {earlier.replace('_', ' ')} it belongs to, if any.",
            {"oneOf": [ref("schemas", f"{pascal(earlier)}Summary"), {"type": "null"}]},
        )

    writable = [
        field
        for field, schema in properties.items()
        if field != "id" and not schema.get("readOnly")
    ]
    return {
        model: {
            "type": "object",
            "description": f"{a(words).capitalize()}.",
            "required": ["id", "name", "status"],
            "properties": properties,
        },
        f"{model}Status": {
            "type": "string",
            "description": f"Lifecycle state of {a(words)}.",
            "enum": rng.sample(ENUM_WORDS, rng.randint(3, 6)),
        },
        f"{model}Settings": {
            "type": "object",
            "description": f"Settings of {a(words)}.",
            "properties": {
                "notify": {"type": "boolean", "description": "Send notifications."},
                "limit": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Upper limit.",
                },
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        },
        f"{model}Summary": {
            "type": "object",
            "description": f"The fields of {a(words)} that other resources embed.",
            "required": ["id"],
            "properties": {"id": properties["id"], "name": properties["name"]},
        },
        f"{model}Create": {
            "type": "object",
            "description": f"Fields to create {a(words)} with.",
            "required": ["name"],
            "properties": {field: properties[field] for field in writable},
        },
        f"{model}Update": {
            "type": "object",
            "description": f"Fields to change on {a(words)}; omitted fields stay.",
            "properties": {field: properties[field] for field in writable},
        },
        f"{model}Page": {
            "description": f"One page of {words}s.",
            "allOf": [
                ref("schemas", "Paginated"),
                {
                    "type": "object",
                    "properties": {
                        "items": {"type": "array", "items": ref("schemas", model)}
                    },
                },
            ],
        },
    }


def resource_paths(name: str, parent: str | None) -> dict[str, dict[str, Any]]:
    """The collection and item path items of one resource, with its operations."""
    model = pascal(name)
    words = name.replace("_", " ")
    collection = f"/{name}s"
    parameters: list[dict[str, Any]] = []
    if parent is not None:
        collection = f"/{parent}s/{{{parent}_id}}{collection}"
        parameters.append(path_parameter(parent))
    item = f"{collection}/{{{name}_id}}"
    error = {"default": ref("responses", "Error")}

    def operation(verb: str, summary: str, **fields: Any) -> dict[str, Any]:
        head = {
            "operationId": f"{name}s_{verb}",
            "tags": [f"{name}s"],
            "summary": summary,
        }
        return head | fields

    list_query = [
        ref("parameters", "Bookmark"),
        ref("parameters", "PageSize"),
        {"name": "status", "in": "query", "schema": ref("schemas", f"{model}Status")},
        {
            "name": "sort",
            "in": "query",
            "description": "Sort order.",
            "schema": {"type": "string", "enum": ["newest", "oldest", "name"]},
        },
        {
            "name": "created_after",
            "in": "query",
            "schema": {"type": "string", "format": "date-time"},
        },
    ]
    return {
        collection: {
            "parameters": parameters,
            "get": operation(
                "list",
                f"List {words}s",
                parameters=list_query,
                responses={"200": json_response(f"{model}Page", "One page.")} | error,
            ),
            "post": operation(
                "create",
                f"Create {a(words)}",
                requestBody=json_body(f"{model}Create"),
                responses={"201": json_response(model, "Created.")} | error,
            ),
        },
        item: {
            "parameters": [*parameters, path_parameter(name)],
            "get": operation(
                "get",
                f"Get {a(words)}",
                parameters=[
                    {
                        "name": "fields",
                        "in": "query",
                        "style": "form",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "string"}},
                    }
                ],
                responses={"200": json_response(model, f"The {words}.")} | error,
            ),
            "patch": operation(
                "update",
                f"Update {a(words)}",
                requestBody=json_body(f"{model}Update"),
                responses={"200": json_response(model, "Updated.")} | error,
            ),
            "delete": operation(
                "delete",
                f"Delete {a(words)}",
                responses={"204": {"description": "Deleted."}} | error,
            ),
        },
    }


def path_parameter(resource: str) -> dict[str, Any]:
    return {
        "name": f"{resource}_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^\\d+$"},
    }


def json_response(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref("schemas", schema)}},
    }


def json_body(schema: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": ref("schemas", schema)}},
    }


def shared_components() -> dict[str, Any]:
    return {
        "schemas": {
            "Paginated": {
                "type": "object",
                "description": "A page of results and the cursor of the next one.",
                "required": ["items"],
                "properties": {
                    "items": {"type": "array", "items": {}},
                    "bookmark": {"type": ["string", "null"]},
                },
                "x-pagination": {
                    "cursor-param": "bookmark",
                    "cursor-field": "bookmark",
                    "items-field": "items",
                },
            },
            "Error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "integer"},
                    "message": {"type": "string"},
                },
            },
        },
        "parameters": {
            "Bookmark": {
                "name": "bookmark",
                "in": "query",
                "description": "Cursor of the page to fetch.",
                "schema": {"type": "string"},
            },
            "PageSize": {
                "name": "page_size",
                "in": "query",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 250,
                    "default": 25,
                },
            },
        },
        "responses": {"Error": json_response("Error", "Something went wrong.")},
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    }


def synth_spec(operations: int, seed: int = 0) -> dict[str, Any]:
    """An OpenAPI 3.1 document with exactly `operations` operations."""
    if operations < 1:
        raise ValueError("at least one operation")
    rng = random.Random(seed)
    names = resource_names(-(-operations // len(OPERATIONS)))
    components = shared_components()
    paths: dict[str, Any] = {}
    remaining = operations
    for index, name in enumerate(names):
        earlier = names[index - 1] if index else None
        parent = earlier if index % 3 == 2 else None
        components["schemas"].update(resource_schemas(name, earlier, rng))
        for path, item in resource_paths(name, parent).items():
            verbs = [key for key in item if key != "parameters"]
            for verb in verbs[remaining:]:  # the last resource may be partial
                del item[verb]
            remaining -= min(remaining, len(verbs))
            if len(item) > 1:
                paths[path] = item if item["parameters"] else without_parameters(item)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"Synthetic API ({operations} operations)",
            "version": "1.0.0",
            "description": "Made by bench/synth_spec.py for the scaling benchmark.",
        },
        "servers": [{"url": "https://api.example.test/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": components,
    }


def without_parameters(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key != "parameters"}


def write(document: dict[str, Any], path: Path) -> None:
    """Write as JSON for a `.json` path, else YAML."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        text = json.dumps(document, indent=2) + "\n"
    else:
        text = yaml.dump(document, Dumper=Dumper, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("operations", type=int, help="number of operations, e.g. 1000")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="file to write"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args(argv)
    document = synth_spec(args.operations, args.seed)
    write(document, args.output)
    print(
        f"synth_spec: {args.operations} operations, "
        f"{len(document['components']['schemas'])} schemas → {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
