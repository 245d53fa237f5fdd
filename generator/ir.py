"""The intermediate representation: everything the templates see, and all they see.

Frozen, slotted dataclasses holding tuples, built once by `build` and never changed.
Names are final (decided by `naming`); every node keeps the JSON `pointer` of the spec
node it comes from (into the bundled document). There is no Python source text here:
annotations, literals and docstrings are made from these values by the `typemap` and
`escape` filters, so the same IR renders the client, its stubs and its docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

__all__ = [
    "Alias", "AndWait", "Api", "Auth", "AuthKind", "Body", "Credential", "Default",
    "Discriminator", "DocPage", "Environment", "Example", "Field", "ListOf", "LiteralOf",
    "MapOf", "Model", "ModelRef", "Operation", "Pagination", "Param", "ParamsDict",
    "Primitive", "Resource", "Response", "ResultDownload", "Scalar", "TypeModule",
    "TypeRef", "UnionOf", "Upload", "WaitArgument", "Waiter", "types_by_name",
]  # fmt: skip

Scalar = str | int | float | bool | None

# Types ------------------------------------------------------------------------------

PrimitiveKind = Literal[
    "str", "int", "float", "bool", "none", "any", "date", "datetime", "bytes", "file"
]


@dataclass(frozen=True, slots=True)
class Primitive:
    """`any`: any JSON value; `bytes`: a binary response or body; `file`: an upload."""

    kind: PrimitiveKind
    format: str | None = None
    """The spec's `format` (`uri`, `int64`, `email`, ...), kept for docs."""


@dataclass(frozen=True, slots=True)
class ListOf:
    item: TypeRef


@dataclass(frozen=True, slots=True)
class MapOf:
    """A JSON object with arbitrary keys (`additionalProperties`)."""

    value: TypeRef


@dataclass(frozen=True, slots=True)
class LiteralOf:
    """A fixed set of values: an `enum` or a `const` (never `null`: that is `none`)."""

    values: tuple[str | int | bool, ...]


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A named type in `types/`: a model class or a type alias."""

    name: str
    module: str
    """Dotted, below the package: `types.pin`."""
    kind: Literal["model", "alias"]
    open_as: tuple[Literal["str", "int"], ...] = ()
    """For an alias of literal values: the types a response may bring beyond them
    (`Country | str`), since APIs add values."""


@dataclass(frozen=True, slots=True)
class Discriminator:
    property: str
    mapping: tuple[tuple[str, str], ...]
    """`(value, model name)` pairs, in the spec's order."""
    tagged: bool = False
    """Every member is a model whose `property` is a required literal of its own values,
    so the union is validated by that field (pydantic's `Field(discriminator=...)`)."""
    field: str = ""
    """When tagged: the Python name of that field in every member (pydantic's
    discriminator names the field, not its alias: `type_` for `type`)."""


@dataclass(frozen=True, slots=True)
class UnionOf:
    """Any of `members` (flattened, distinct, `none` last)."""

    members: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None


TypeRef = Primitive | ListOf | MapOf | LiteralOf | ModelRef | UnionOf


@dataclass(frozen=True, slots=True)
class Default:
    """A default value from the spec; `literal` when it can be written in code as is."""

    value: object
    literal: bool


@dataclass(frozen=True, slots=True)
class Example:
    """A value valid for a parameter, from the spec's examples or made from its schema;
    the SDK's generated tests call each method with these."""

    json: str
    """The value as JSON text (so the node stays immutable and hashable)."""


# Models -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    """The Python attribute name."""
    wire_name: str
    """The JSON property name (the alias when it differs)."""
    type: TypeRef
    required: bool
    nullable: bool
    default: Default | None
    description: str
    deprecated: bool
    read_only: bool
    write_only: bool
    pointer: str
    tag: bool = False
    """The discriminator of a tagged union: its literal stays closed (no `| str`)."""


@dataclass(frozen=True, slots=True)
class ItemErrors:
    """A batch response reporting failures item by item (`x-sdk-item-errors`)."""

    items_field: str
    """The JSON name of the response's list of per-item outcomes."""
    errors_field: str
    """The JSON name, in an outcome, of its error (an object or a list of them)."""


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    module: str
    fields: tuple[Field, ...]
    description: str
    deprecated: bool
    extra: TypeRef | None
    """The type of additional properties when the spec types them (`additionalProperties`)."""
    pointer: str
    item_errors: ItemErrors | None = None
    """Set on a batch response: the generated model derives from `BatchResponse`."""

    is_alias: ClassVar[bool] = False


@dataclass(frozen=True, slots=True)
class Alias:
    """A named schema that is not an object: an enum, a union, an array, a scalar."""

    name: str
    module: str
    type: TypeRef
    description: str
    deprecated: bool
    pointer: str

    is_alias: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class ParamsDict:
    """The fields of a JSON body as a `TypedDict`, so a body built as a dict (or loaded
    from elsewhere) is passed checked: `client.pins.create(**params)`."""

    name: str
    module: str
    """Dotted, below the package: `types.pin_create_params`."""
    file: str
    fields: tuple[Param, ...]
    """The method's body keywords, as it names them."""
    methods: tuple[str, ...]
    """The methods taking it, from the client: `pins.create`."""


@dataclass(frozen=True, slots=True)
class TypeModule:
    """One module of `types/`: one schema, or the schemas of one reference cycle."""

    module: str
    """Dotted, below the package: `types.pin`."""
    file: str
    """Relative to the package: `types/pin.py`."""
    definitions: tuple[Model | Alias, ...]
    """In an order that defines each alias after what it uses."""
    names: tuple[str, ...]
    """Sorted: the module's `__all__`."""


# Operations -------------------------------------------------------------------------

ParamLocation = Literal["path", "query", "header", "cookie", "json", "form", "file", "body"]


@dataclass(frozen=True, slots=True)
class Param:
    """A method parameter: a spec parameter, a body field, or the whole body (`body`)."""

    name: str
    wire_name: str
    location: ParamLocation
    type: TypeRef
    required: bool
    nullable: bool
    default: Default | None
    description: str
    deprecated: bool
    delimiter: str | None
    """For a query array or object sent as one value (`explode: false`): the separator."""
    pointer: str
    example: Example | None = None
    deep: bool = False
    """An object query parameter in `deepObject` style (`name[key]=value`)."""
    as_json: bool = False
    """A parameter declared with `content: application/json`: its value is sent as JSON text."""
    sample: Literal["default", "always", "never"] = "default"
    """Whether the generated tests pass it: `default`, when required (and in the call with
    all arguments); `always`, also when optional (a property the first alternative of the
    body's `oneOf`/`anyOf` requires); `never` (one only other alternatives have)."""


BodyKind = Literal["json_fields", "json", "form", "multipart", "binary"]


@dataclass(frozen=True, slots=True)
class Body:
    kind: BodyKind
    """`json_fields`: an object's properties as keyword arguments; `json`: one `body`
    argument sent as JSON; `form` / `multipart`: fields as keyword arguments;
    `binary`: raw bytes in `body`."""
    content_type: str
    required: bool
    schema: ModelRef | None
    """The named schema of the body, when there is one (docs link to it)."""
    description: str
    pointer: str


@dataclass(frozen=True, slots=True)
class Response:
    status: str
    description: str
    type: TypeRef | None
    """`None`: no content."""
    content_type: str | None
    pointer: str


@dataclass(frozen=True, slots=True)
class Pagination:
    cursor_param: str
    cursor_field: str
    items_field: str
    item: TypeRef
    constant: str
    """The module-level `Pagination(...)` constant the method passes."""


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    """The method name."""
    operation_id: str
    http_method: str
    """Upper case."""
    path: str
    summary: str
    description: str
    deprecated: bool
    tags: tuple[str, ...]
    positional: tuple[Param, ...]
    """Path parameters, in the order of the path."""
    keyword: tuple[Param, ...]
    """Everything else: required ones first, then optional ones, each in spec order."""
    body: Body | None
    returns: TypeRef | None
    """The success response's type; `None`: nothing."""
    returns_kind: Literal["json", "bytes", "text", "none"]
    success: Response
    security: tuple[tuple[AuthKind, ...], ...] | None
    """The credentials it sends: alternatives, the first the client has wins; each the
    kinds sent together (`()`: none). `None`: the client's default (the first of
    `Api.auths` it has), when that is what the spec asks for."""
    accept: str | None
    """The `Accept` header: the media types of the success response the client reads
    (`audio/mpeg, audio/wav`); `None`: the runtime's default, `application/json`."""
    errors: tuple[Response, ...]
    pagination: Pagination | None
    scopes: tuple[str, ...]
    rate_limit: str | None
    """`x-ratelimit-category`."""
    sandbox: str | None
    """`x-sandbox`."""
    pointer: str

    # Views of `keyword` by where each argument goes (templates loop over these).

    @property
    def query_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.keyword if p.location == "query")

    @property
    def delimited_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.keyword if p.delimiter is not None)

    @property
    def json_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.keyword if p.as_json)

    @property
    def deep_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.keyword if p.deep)

    @property
    def header_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.keyword if p.location == "header")

    @property
    def fixed_headers(self) -> tuple[tuple[str, str], ...]:
        """Headers of the operation itself: a raw body's `Content-Type`, `Accept`."""
        found = (("Content-Type", self.content_type), ("Accept", self.accept))
        return tuple((name, value) for name, value in found if value is not None)

    @property
    def multipart_fields_only(self) -> bool:
        """A `multipart/form-data` body without files (the runtime must not url-encode it)."""
        is_multipart = self.body is not None and self.body.kind == "multipart"
        return is_multipart and not self.file_fields

    @property
    def json_fields(self) -> tuple[Param, ...]:
        return tuple(p for p in self.keyword if p.location == "json")

    @property
    def multipart_required(self) -> bool:
        """A required `multipart/form-data` body: sent (empty) even when no field is given."""
        return self.body is not None and self.body.kind == "multipart" and self.body.required

    @property
    def json_fields_optional(self) -> bool:
        """An optional body of keyword arguments: sent only when one of them is given."""
        return bool(self.json_fields) and self.body is not None and not self.body.required

    @property
    def json_body(self) -> Param | None:
        """The whole body as one argument, sent as JSON."""
        is_json = self.body is not None and self.body.kind == "json"
        return next((p for p in self.keyword if p.location == "body" and is_json), None)

    @property
    def form_fields(self) -> tuple[Param, ...]:
        return tuple(p for p in self.keyword if p.location == "form")

    @property
    def file_fields(self) -> tuple[Param, ...]:
        return tuple(p for p in self.keyword if p.location == "file")

    @property
    def content_body(self) -> Param | None:
        """The whole body as one argument, sent as raw bytes."""
        is_raw = self.body is not None and self.body.kind == "binary"
        return next((p for p in self.keyword if p.location == "body" and is_raw), None)

    @property
    def content_type(self) -> str | None:
        """The `Content-Type` header a raw body is sent with."""
        return (
            self.body.content_type if self.body is not None and self.body.kind == "binary" else None
        )

    @property
    def documented(self) -> tuple[Param, ...]:
        """The arguments the docstring's `Args:` describes."""
        return tuple(
            p
            for p in (*self.positional, *self.keyword)
            if p.description or (p.default and p.default.literal)
        )


# Workflows (`x-sdk-waiter`, `x-sdk-and-wait`, `x-sdk-upload`) ---------------------------


@dataclass(frozen=True, slots=True)
class ResultDownload:
    """`x-sdk-waiter`'s `result-url`: a method that downloads the URL a finished job gives."""

    name: str
    """The method name (`download_result`)."""
    field: Field
    """The response field holding the URL."""


@dataclass(frozen=True, slots=True)
class Waiter:
    """A method that polls `operation` until a field of its response reaches a final value."""

    name: str
    """The method name (`wait`)."""
    operation: Operation
    """The polling operation, a method of the same resource."""
    status: tuple[Field, ...]
    """The path to the status field, from the response model."""
    success: tuple[str | int | bool, ...]
    failure: tuple[str | int | bool, ...]
    interval: float
    """Seconds before the second poll."""
    backoff: float
    """Factor applied to the interval after each poll."""
    max_interval: float
    timeout: float | None
    """Seconds in all before `WaiterTimeoutError`; `None`: no limit."""
    constant: str
    """The module constant holding the rule (`_WAIT`)."""
    download: ResultDownload | None
    pointer: str

    @property
    def backs_off(self) -> bool:
        return self.backoff > 1

    @property
    def status_path(self) -> str:
        """The status field as the API names it (`report_status`, `job.state`)."""
        return ".".join(f.wire_name for f in self.status)


@dataclass(frozen=True, slots=True)
class WaitArgument:
    """One argument of a waiter, taken from the starting call: a keyword it was given
    (`request`) or a field of its response (`response`)."""

    param: Param
    """The waiter's parameter."""
    request: Param | None
    response: Field | None
    expression: str
    """As the spec writes it (`$response.body#/token`)."""


@dataclass(frozen=True, slots=True)
class AndWait:
    """`<operation>_and_wait`: call `operation`, then wait for its job with `waiter`."""

    name: str
    operation: Operation
    waiter: Waiter
    arguments: tuple[WaitArgument, ...]
    pointer: str


@dataclass(frozen=True, slots=True)
class Upload:
    """`upload`: register with `operation`, send the file to the URL it answers (without
    the API's credentials), then wait with `waiter` when there is one."""

    name: str
    operation: Operation
    url: Field
    parameters: Field | None
    """The response field with the form fields to send beside the file."""
    file_field: str
    """The multipart field name of the file."""
    waiter: Waiter | None
    arguments: tuple[WaitArgument, ...]
    pointer: str


@dataclass(frozen=True, slots=True)
class Resource:
    """`client.<path>`: a group of operations, with nested resources.

    The root resource is the client itself (`name == ""`): its operations are the
    untagged ones and its children the top-level resources.
    """

    name: str
    """The attribute on the parent (`sections`)."""
    path: tuple[str, ...]
    """From the client: `("boards", "sections")`."""
    class_name: str
    async_class_name: str
    module: str
    """Dotted, below the package: `resources.boards.sections`."""
    file: str
    """Relative to the package: `resources/boards/sections.py`."""
    description: str
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...]
    paginations: tuple[Pagination, ...]
    """The distinct pagination constants the module defines."""
    waiters: tuple[Waiter, ...] = ()
    and_waits: tuple[AndWait, ...] = ()
    uploads: tuple[Upload, ...] = ()

    @property
    def workflows(self) -> bool:
        """Whether the resource has any workflow method."""
        return bool(self.waiters or self.and_waits or self.uploads)


# The API ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Environment:
    name: str
    """`x-sdk-environment`, or `production` / `server_<n>`."""
    url: str
    description: str
    keyword: str | None
    """The constructor flag that selects it (`sandbox`); `None` for the default."""
    constant: str
    """The module constant holding its URL (`SANDBOX_URL`)."""


@dataclass(frozen=True, slots=True)
class Credential:
    """A client constructor keyword that carries a credential (or renews one)."""

    name: str
    """The constructor keyword: `access_token`."""
    argument: str
    """The keyword of the `_auth` helper it is passed to: `expires_at`."""
    kind: Literal["secret", "expiry", "callback"]
    description: str
    sample: str | None
    """For a secret: the stand-in value the generated tests pass."""


AuthKind = Literal["bearer", "api_key", "basic"]


@dataclass(frozen=True, slots=True)
class Auth:
    kind: AuthKind
    token_url: str | None
    """OAuth refresh endpoint (relative to the default server when it lies below it)."""
    api_key_name: str | None
    api_key_location: Literal["header", "query"] | None
    schemes: tuple[str, ...]
    """The security schemes this covers."""
    description: str
    credentials: tuple[Credential, ...] = ()
    """The constructor keywords it is built from, in order."""

    @property
    def bearer(self) -> bool:
        return self.kind == "bearer"

    @property
    def api_key(self) -> bool:
        return self.kind == "api_key"

    @property
    def basic(self) -> bool:
        return self.kind == "basic"


@dataclass(frozen=True, slots=True)
class DocPage:
    """A page the spec adds to the generated docs (`info.x-sdk-docs`)."""

    title: str
    slug: str
    """The page's file name, without `.md` (snake case of the title)."""
    body: str
    """Markdown."""
    pointer: str


@dataclass(frozen=True, slots=True)
class Api:
    # Names the runtime templates use (ARCHITECTURE.md).
    package: str
    client_class: str
    async_client_class: str
    error_class: str
    env_prefix: str
    sdk_version: str
    dist_name: str
    title: str

    summary: str
    description: str
    spec_file: str
    """The spec as named in file headers (`spec/openapi.yaml`)."""
    openapi_version: str
    api_version: str
    environments: tuple[Environment, ...]
    """The first is the default."""
    auth: Auth | None
    """The first of `auths` (what the README and docs describe)."""
    client: Resource
    resources: tuple[Resource, ...]
    """Every resource below the client, depth first (for per-resource templates)."""
    type_modules: tuple[TypeModule, ...]
    models: tuple[Model, ...]
    aliases: tuple[Alias, ...]
    params_dicts: tuple[ParamsDict, ...]
    """Sorted by name."""
    scopes: tuple[tuple[str, str], ...]
    """OAuth scopes and what they allow."""
    doc_pages: tuple[DocPage, ...] = ()
    """Extra pages for the docs, in the spec's order (`info.x-sdk-docs`)."""
    auths: tuple[Auth, ...] = ()
    """Every kind of credentials the client takes (one per kind); an operation sends
    those its `security` names, the first it has when it allows several."""
    request_id_header: str | None = None
    """The response header with the API's request id (`info.x-sdk-runtime`)."""
    rate_limit_reset_header: str | None = None
    """The response header with the seconds until the rate limit resets (same)."""

    @property
    def credentials(self) -> tuple[Credential, ...]:
        """The constructor keywords of every `auths` entry."""
        return tuple(c for auth in self.auths for c in auth.credentials)

    @property
    def batch_models(self) -> tuple[Model, ...]:
        """The batch responses that report failures item by item (`x-sdk-item-errors`)."""
        return tuple(m for m in self.models if m.item_errors is not None)

    @property
    def workflow_resources(self) -> tuple[Resource, ...]:
        """The resources with workflow methods (the docs' Workflows page)."""
        return tuple(r for r in self.resources if r.workflows)

    @property
    def flag_environments(self) -> tuple[Environment, ...]:
        """The environments a constructor flag selects (`sandbox=True`)."""
        return tuple(e for e in self.environments if e.keyword)


_NAMED: dict[int, tuple[Api, dict[str, Model | Alias]]] = {}
_NAMED_KEPT = 8


def types_by_name(api: Api) -> dict[str, Model | Alias]:
    """The models and aliases of `api` by name, made once per `Api` object (views are
    objects of their own; the last few are kept, each with its `Api`, so an `id` is never
    reused while it is). Templates ask for it per test and per example: made each time,
    it made rendering quadratic in the number of types."""
    found = _NAMED.get(id(api))
    if found is None or found[0] is not api:
        named: dict[str, Model | Alias] = {m.name: m for m in api.models}
        named.update((a.name, a) for a in api.aliases)
        if len(_NAMED) >= _NAMED_KEPT:
            del _NAMED[next(iter(_NAMED))]
        found = _NAMED[id(api)] = (api, named)
    return found[1]
