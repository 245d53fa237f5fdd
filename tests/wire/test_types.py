"""Generated types parse what the spec allows: tagged unions on renamed properties,
inline objects reused by `$ref`, and every module importable in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

from ..contract.fault_server import FaultServer, Reply
from ..generated_package import import_every_module
from .conftest import PACKAGE, TOKEN, Caller


def test_a_union_tagged_by_type_parses(caller: Caller, server: FaultServer, wire: ModuleType) -> None:
    from wire_client.types import Cat, Dog

    server.script("GET /pets/1", Reply(200, {"type": "dog", "name": "Rex", "class": "good"}))
    server.script("GET /pets/2", Reply(200, {"type": "cat", "name": "Tom"}))
    dog = caller.run(lambda c: c.pets.get("1"), access_token=TOKEN)
    cat = caller.run(lambda c: c.pets.get("2"), access_token=TOKEN)
    assert isinstance(dog, Dog) and dog.type_ == "dog" and dog.class_ == "good"
    assert isinstance(cat, Cat) and cat.name == "Tom"


def test_reused_inline_objects_keep_their_own_types(
    caller: Caller, server: FaultServer, wire: ModuleType
) -> None:
    server.script("GET /wrappers", Reply(200, {"first": {"h": "a"}, "second": {"o": 2}}))
    wrapper = caller.run(lambda c: c.wrappers.get(), access_token=TOKEN)
    assert wrapper.first.h == "a"
    assert wrapper.second.o == 2
    assert type(wrapper.first) is not type(wrapper.second)


def test_every_module_imports_in_a_fresh_process(wire_root: Path) -> None:
    assert import_every_module(wire_root, PACKAGE) > 20


def test_the_package_and_a_caller_type_check(wire_root: Path) -> None:
    """mypy --strict: the package and its generated tests are clean, and a body missing a
    required field is an error."""
    program = wire_root / "use_wire.py"
    program.write_text(
        "from wire_client import Wire\n"
        "from wire_client.types import NoteCreate\n"
        "client = Wire(access_token='t')\n"
        "client.notes.create()\n"
        "client.notes.create(body=NoteCreate(text='x'))\n"
        "client.notes.create(body=NoteCreate(pinned=True))  # line 6: text is required\n"
        "data: bytes = client.files.download('a')\n"
        "text: str = client.report.get()\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", PACKAGE, "tests", program.name],
        cwd=wire_root,
        capture_output=True,
        text=True,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "use_wire.py:6:" in errors[0], done.stdout
