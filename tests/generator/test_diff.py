"""`sdkgen diff`: every change class, each from a fixture pair (tests/fixtures/diff/:
base.yaml and one file per change, written by make_pairs.py), with its kind, what the
Python user sees, and where in the spec it was made."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.cache import Cache
from generator.changelog import bump, diff_specs, markdown
from generator.config import Config
from generator.diff import Change, semver

from .conftest import FIXTURES, sdkgen

PAIRS = FIXTURES / "diff"
BASE = PAIRS / "base.yaml"

# (old, new, expected changes: kind, subject, message, file of the place, pointer)
CASES: dict[str, tuple[str, str, list[tuple[str, str, str, str, str]]]] = {
    "resource removed": ("base", "resource-removed", [
        ("breaking", "client.boards", "resource removed", "base", "/paths/~1boards/get"),
    ]),
    "method removed": ("base", "method-removed", [
        ("breaking", "client.pins.get()", "removed", "base", "/paths/~1pins~1{pin_id}/get"),
    ]),
    "type removed": ("base", "type-removed", [
        ("breaking", "Label", "type removed", "base", "/components/schemas/Label"),
    ]),
    "field removed": ("base", "field-removed", [
        ("breaking", "Pin.title", "field removed", "base", "/components/schemas/Pin/properties/title"),
    ]),
    "enum value removed": ("base", "enum-value-removed", [
        ("breaking", "client.pins.list(pin_type=...)", 'enum value `"VIDEO"` removed', "new", "/paths/~1pins/get/parameters/0"),
        ("breaking", "Pin.pin_type", 'enum value `"VIDEO"` removed', "new", "/components/schemas/Pin/properties/pin_type"),
        ("breaking", "PinType", 'enum value `"VIDEO"` removed', "new", "/components/schemas/PinType"),
    ]),
    "required parameter added": ("base", "required-parameter-added", [
        ("breaking", "client.pins.list(board_id=...)", "new required argument", "new", "/paths/~1pins/get/parameters/3"),
    ]),
    "parameter renamed": ("base", "parameter-renamed", [
        ("breaking", "client.pins.list(sort=...)", "renamed to `order`", "new", "/paths/~1pins/get/parameters/1"),
    ]),
    "parameter moved": ("base", "parameter-moved", [
        ("breaking", "client.boards.sections.get()", "now sends `GET /sections/{section_id}/boards/{board_id}` (was `GET /boards/{board_id}/sections/{section_id}`)", "new", "/paths/~1sections~1{section_id}~1boards~1{board_id}/get"),
        ("breaking", "client.boards.sections.get(board_id)", "moved (positional 1 → positional 2)", "new", "/paths/~1sections~1{section_id}~1boards~1{board_id}/get/parameters/0"),
        ("breaking", "client.boards.sections.get(section_id)", "moved (positional 2 → positional 1)", "new", "/paths/~1sections~1{section_id}~1boards~1{board_id}/get/parameters/1"),
    ]),
    "type narrowed": ("base", "type-narrowed", [
        ("breaking", "client.pins.list(sort=...)", 'type changed to `Literal["ASC", "DESC"]` (was `str`)', "new", "/paths/~1pins/get/parameters/1"),
    ]),
    "optional to required": ("base", "optional-to-required", [
        ("breaking", "client.pins.list(page_size=...)", "now required", "new", "/paths/~1pins/get/parameters/2"),
    ]),
    "response field type changed": ("base", "response-field-type-changed", [
        ("breaking", "Board.name", "type changed to `int` (was `str`)", "new", "/components/schemas/Board/properties/name"),
    ]),
    "path changed": ("base", "route-changed", [
        ("breaking", "client.pins.get()", "now sends `GET /pin/{pin_id}` (was `GET /pins/{pin_id}`)", "new", "/paths/~1pin~1{pin_id}/get"),
    ]),
    "required field added": ("base", "required-field-added", [
        ("breaking", "client.pins.create(link=...)", "new required argument", "new", "/components/schemas/PinCreate/properties/link"),
        ("breaking", "PinCreate.link", "new required field", "new", "/components/schemas/PinCreate/properties/link"),
    ]),
    "resource added": ("base", "resource-added", [
        ("additive", "client.users", "resource added", "new", "/paths/~1users~1me/get"),
        ("additive", "client.users.me()", "added", "new", "/paths/~1users~1me/get"),
    ]),
    "method added": ("base", "method-added", [
        ("additive", "client.pins.delete()", "added", "new", "/paths/~1pins~1{pin_id}/delete"),
    ]),
    "type added": ("base", "type-added", [
        ("additive", "Tag", "type added", "new", "/components/schemas/Tag"),
    ]),
    "optional parameter added": ("base", "optional-parameter-added", [
        ("additive", "client.pins.list(bookmark=...)", "new optional argument", "new", "/paths/~1pins/get/parameters/3"),
    ]),
    "field added": ("base", "field-added", [
        ("additive", "Pin.link", "new optional field", "new", "/components/schemas/Pin/properties/link"),
    ]),
    "enum value added": ("base", "enum-value-added", [
        ("additive", "client.pins.list(pin_type=...)", 'enum value `"CAROUSEL"` added', "new", "/paths/~1pins/get/parameters/0"),
        ("additive", "Pin.pin_type", 'enum value `"CAROUSEL"` added', "new", "/components/schemas/Pin/properties/pin_type"),
        ("additive", "PinType", 'enum value `"CAROUSEL"` added', "new", "/components/schemas/PinType"),
    ]),
    "type widened": ("type-narrowed", "base", [
        ("additive", "client.pins.list(sort=...)", 'type widened to `str` (was `Literal["ASC", "DESC"]`)', "new", "/paths/~1pins/get/parameters/1"),
    ]),
    "required to optional": ("optional-to-required", "base", [
        ("additive", "client.pins.list(page_size=...)", "now optional", "new", "/paths/~1pins/get/parameters/2"),
    ]),
    "error response added": ("base", "error-response-added", [
        ("other", "client.pins.list()", "error response 429 declared", "new", "/paths/~1pins/get/responses/429"),
    ]),
}  # fmt: skip


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Cache:
    return Cache(tmp_path_factory.mktemp("cache"))


def changes(old: Path, new: Path, cache: Cache) -> list[Change]:
    return diff_specs(old, new, Config(root=PAIRS), cache, workers=1)


@pytest.mark.parametrize("case", CASES)
def test_each_change_class_is_reported_where_it_was_made(case: str, cache: Cache) -> None:
    old_name, new_name, expected = CASES[case]
    old, new = PAIRS / f"{old_name}.yaml", PAIRS / f"{new_name}.yaml"
    found = changes(old, new, cache)
    assert [(c.kind, c.subject, c.message, c.pointer) for c in found] == [
        (kind, subject, message, pointer) for kind, subject, message, _, pointer in expected
    ]
    for change, (_, _, _, side, pointer) in zip(found, expected):
        spec = old if side == "base" else new
        assert Path(change.file).name == spec.name
        lines = spec.read_text().splitlines()
        assert change.line is not None
        token = pointer.rsplit("/", 1)[-1].replace("~1", "/")
        assert token in lines[change.line - 1] or token.isdigit(), (change, lines[change.line - 1])


def test_semver_follows_the_most_severe_change(cache: Cache) -> None:
    assert semver(changes(BASE, PAIRS / "field-removed.yaml", cache)) == "major"
    assert semver(changes(BASE, PAIRS / "field-added.yaml", cache)) == "minor"
    assert semver(changes(BASE, PAIRS / "error-response-added.yaml", cache)) == "patch"
    assert semver(changes(BASE, BASE, cache)) == "patch"
    assert (bump("1.4.2", "major"), bump("1.4.2", "minor"), bump("1.4.2", "patch")) == (
        "2.0.0",
        "1.5.0",
        "1.4.3",
    )


def test_the_markdown_entry_groups_changes_by_resource_and_kind(cache: Cache) -> None:
    found = changes(BASE, PAIRS / "enum-value-removed.yaml", cache)
    found += changes(BASE, PAIRS / "method-added.yaml", cache)
    entry = markdown(found, "2.0.0")
    assert entry.startswith("## 2.0.0\n\nSemver: **major** (3 breaking, 1 additive, 0 other).\n")
    breaking = entry[entry.index("### Breaking changes") : entry.index("### Additions")]
    assert breaking.index("#### `client.pins`") < breaking.index("#### Types")
    assert "- `client.pins.list(pin_type=...)`: enum value `\"VIDEO\"` removed (`" in breaking
    assert "- `client.pins.delete()`: added (`" in entry[entry.index("### Additions") :]


def test_cli_markdown_json_and_fail_on(tmp_path: Path) -> None:
    done = sdkgen("diff", BASE, PAIRS / "field-removed.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "- `Pin.title`: field removed (`" in done.stdout and "base.yaml:84` `#/components/schemas/Pin/properties/title`" in done.stdout
    failing = sdkgen("diff", BASE, PAIRS / "field-removed.yaml", "--fail-on", "breaking", "--format", "json", cwd=tmp_path)
    assert failing.returncode == 1
    report = json.loads(failing.stdout)
    assert report["semver"] == "major" and report["breaking"] is True
    assert report["changes"][0]["subject"] == "Pin.title"
    fine = sdkgen("diff", BASE, PAIRS / "field-added.yaml", "--fail-on", "breaking", cwd=tmp_path)
    assert fine.returncode == 0, fine.stderr
    assert sdkgen("diff", BASE, cwd=tmp_path).returncode == 2


def test_base_compares_a_multi_file_spec_at_a_git_revision_with_the_working_tree(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    (spec / "schemas").mkdir(parents=True)
    root = BASE.read_text().replace(
        '    Board:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        name: {type: string}\n',
        '    Board: {$ref: "schemas/board.yaml#/Board"}\n',
    )
    (spec / "openapi.yaml").write_text(root)
    board = "Board:\n  type: object\n  required: [id]\n  properties:\n    id: {type: string}\n    name: {type: string}\n"
    (spec / "schemas" / "board.yaml").write_text(board)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "spec")
    (spec / "schemas" / "board.yaml").write_text(board.replace("    name: {type: string}\n", ""))

    done = sdkgen("diff", "--base", "HEAD", "spec/openapi.yaml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [change] = json.loads(done.stdout)["changes"]
    assert (change["subject"], change["message"]) == ("Board.name", "field removed")
    assert (change["file"], change["line"], change["pointer"]) == ("HEAD:spec/schemas/board.yaml", 6, "/Board/properties/name")

    missing = sdkgen("diff", "--base", "HEAD~1", "spec/openapi.yaml", cwd=tmp_path)
    assert missing.returncode == 1
    assert "cannot read spec/openapi.yaml at HEAD~1" in missing.stderr


def test_changelog_entry_goes_after_the_introduction(tmp_path: Path) -> None:
    """Text between the title and the first entry stays on top; the entry goes before the first `## `."""
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\nWhat changes, newest first.\n\n## 1.0.0\n\nFirst release.\n")
    done = sdkgen("diff", BASE, PAIRS / "method-added.yaml", "--changelog", changelog, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = changelog.read_text()
    assert text.startswith("# Changelog\n\nWhat changes, newest first.\n\n## 1.0.0\n\nSemver: **minor**")
    assert text.index("`client.pins.delete()`: added") < text.index("First release.")
    assert text.endswith("\n\n## 1.0.0\n\nFirst release.\n")


def test_changelog_gets_the_entry_and_generate_ships_it_in_the_package(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 1.0.0\n\nFirst release.\n")
    done = sdkgen("diff", BASE, PAIRS / "method-added.yaml", "--changelog", changelog, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = changelog.read_text()
    assert text.startswith("# Changelog\n\n## 1.0.0\n\nSemver: **minor** (0 breaking, 1 additive, 0 other).\n")
    assert text.index("`client.pins.delete()`: added") < text.index("First release.")

    out = tmp_path / "sdk"
    made = sdkgen("generate", PAIRS / "method-added.yaml", "--out", out, "--changelog", changelog, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    shipped = (out / "python" / "CHANGELOG.md").read_text()
    assert shipped.startswith("<!-- Generated by sdkgen from CHANGELOG.md. Do not edit. -->\n# Changelog\n")
    assert shipped.endswith(text)
    changelog.write_text(text + "\nA later edit.\n")
    stale = sdkgen("check", PAIRS / "method-added.yaml", "--out", out, "--changelog", changelog, cwd=tmp_path)
    assert stale.returncode == 1 and "python/CHANGELOG.md" in stale.stderr
