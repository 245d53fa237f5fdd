"""The docs' filters for the Workflows page: one example per workflow method.

Each example calls the method with a value of the declared type for every required
argument (the same `docs.call` values as the operation pages), so `tests/docs`
type-checks them like every other example.
"""

from __future__ import annotations

from .docs import Call, call
from .ir import AndWait, Api, Resource, Upload, Waiter

__all__ = ["WORKFLOW_DOCS_FILTERS"]

_POLLING = 'polling={"timeout": 300.0}'


def _method(resource: Resource, name: str) -> str:
    return ".".join(["client", *resource.path, name])


def _code(
    api: Api, stdlib: tuple[str, ...], names: tuple[str, ...], call: Call, body: list[str]
) -> str:
    lines = [f"import {n}" for n in sorted(stdlib)] + ([""] if stdlib else [])
    lines.append(f"from {api.package} import {', '.join(sorted(names))}")
    if call.needs:
        lines.append(f"from {api.package}.types import {', '.join(call.needs)}")
    return "\n".join([*lines, "", *body])


def waiter_example(waiter: Waiter, resource: Resource, api: Api) -> str:
    """Wait with a time limit; both waiter errors handled."""
    poll = call(waiter.operation, resource, api)
    body = [
        f"client = {api.client_class}()",
        "try:",
        poll.statement("result = ", 4, _method(resource, waiter.name), (*poll.args, _POLLING)),
        "except WaiterFailureError as error:",
        '    print("failed with", error.status, error.last_response)',
        "except WaiterTimeoutError as error:",
        '    print("still", error.status, "after five minutes")',
        "else:",
        "    print(result)",
    ]
    if waiter.download is not None:
        body += [
            poll.statement("download = ", 4, _method(resource, waiter.download.name), ("result",)),
            '    download.write_to("result.bin")  # streamed to disk',
            "    for chunk in download.iter_bytes():",
            "        print(len(chunk))",
            "    rows = download.rows()  # a CSV or JSON report, as dicts",
        ]
    names = (api.client_class, "WaiterFailureError", "WaiterTimeoutError")
    return _code(api, (), names, poll, body)


def and_wait_example(chained: AndWait, resource: Resource, api: Api) -> str:
    start = call(chained.operation, resource, api)
    body = [
        f"client = {api.client_class}()",
        start.statement("result = ", 0, _method(resource, chained.name)),
        "print(result)",
    ]
    download = chained.waiter.download
    if download is not None:
        body.append(f'{_method(resource, download.name)}(result).write_to("result.bin")')
    return _code(api, (), (api.client_class,), start, body)


def upload_example(upload: Upload, resource: Resource, api: Api) -> str:
    register = call(upload.operation, resource, api)
    positional = register.args[: len(upload.operation.positional)]
    keywords = register.args[len(upload.operation.positional) :]
    args = (*positional, 'pathlib.Path("video.mp4")', *keywords, "progress=show")
    body = [
        f"client = {api.client_class}()",
        "",
        "",
        "def show(sent: int, total: int) -> None:",
        '    print(f"{sent} of {total} bytes sent")',
        "",
        "",
        register.statement("result = ", 0, _method(resource, upload.name), args),
        "print(result)",
    ]
    return _code(api, ("pathlib",), (api.client_class,), register, body)


def async_upload_example(upload: Upload, resource: Resource, api: Api) -> str:
    register = call(upload.operation, resource, api)
    positional = register.args[: len(upload.operation.positional)]
    keywords = register.args[len(upload.operation.positional) :]
    args = (*positional, "video", *keywords)
    body = [
        "",
        "async def main() -> None:",
        f"    async with {api.async_client_class}() as client:",
        '        with open("video.mp4", "rb") as video:  # read in a worker thread',
        register.statement("result = await ", 12, _method(resource, upload.name), args),
        "        print(result)",
        "",
        "",
        "asyncio.run(main())",
    ]
    return _code(api, ("asyncio",), (api.async_client_class,), register, body)


WORKFLOW_DOCS_FILTERS = {
    "and_wait_example": and_wait_example,
    "async_upload_example": async_upload_example,
    "upload_example": upload_example,
    "waiter_example": waiter_example,
}
