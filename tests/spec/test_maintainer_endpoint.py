"""spec/README.md's "Add an endpoint" steps, followed literally on a copy of the repository,
end with green tests and an up-to-date generated/ (slow: `make test-slow`).

The endpoint added is a real one of Pinterest's 5.23.0 description that the seed list lacks,
`GET /resources/ad_account_countries`, so the parity test compares it like any other.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .test_maintainer import copy_repository, run

PATH_ITEM = """
# /resources/ad_account_countries
ad_account_countries:
  get:
    operationId: ad_accounts.list_countries
    tags: [ad_accounts]
    summary: List ad account countries
    description: Lists the countries an ad account can be based in, with their currency.
    security:
      - pinterest_oauth2: ['ads:read']
      - bearer: ['ads:read']
    x-ratelimit-category: ads_read
    x-sandbox: enabled
    responses:
      '200':
        description: The countries.
        content:
          application/json:
            schema:
              $ref: ../schemas/ad_accounts.yaml#/AdAccountCountryList
            example:
              items:
                - code: US
                  currency: USD
                  index: 1
                  name: United States of America
                - code: FR
                  currency: EUR
                  index: 2
                  name: France
      default:
        $ref: ../components/responses.yaml#/UnexpectedError
"""
SCHEMAS = """
AdAccountCountry:
  description: A country an ad account can be based in.
  type: object
  properties:
    code:
      $ref: common.yaml#/Country
      description: The country's code.
    currency:
      description: Currency of ad accounts based in the country.
      type: string
    index:
      description: Position of the country in Pinterest's list.
      type: number
    name:
      description: Name of the country, in English.
      type: string

AdAccountCountryList:
  description: The countries an ad account can be based in.
  type: object
  properties:
    items:
      description: The countries.
      type: array
      items:
        $ref: '#/AdAccountCountry'
"""
INDEX = """    AdAccountCountry:
      $ref: schemas/ad_accounts.yaml#/AdAccountCountry
    AdAccountCountryList:
      $ref: schemas/ad_accounts.yaml#/AdAccountCountryList
"""
ROW = "| `ad_accounts.list_countries` | GET | `/resources/ad_account_countries` | ad_accounts |\n"
SEED_LINE = "GET >> /resources/ad_account_countries >> List the countries an ad account can be based in\n"
MAP_ROW = "GET\t/resources/ad_account_countries\tad_account_countries/get\n"


def insert_after(path: Path, anchor: str, text: str) -> None:
    content = path.read_text()
    assert content.count(anchor) == 1, anchor
    path.write_text(content.replace(anchor, anchor + text))


@pytest.mark.slow
def test_adding_an_endpoint_as_the_readme_says_ends_green(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path)
    spec = copy / "spec"
    before = run(copy, "-m", "generator", "generate")
    assert before.returncode == 0, before.stderr
    operations = int(re.search(r"(\d+) operations", before.stdout + before.stderr).group(1))

    # Step 1: its tag's file gets a path item under a new key; openapi.yaml#/paths maps the path.
    # Step 2: the operation, complete (its only error answer is `default`, as in Pinterest's).
    with (spec / "paths" / "ad_accounts.yaml").open("a") as paths:
        paths.write(PATH_ITEM)
    insert_after(
        spec / "openapi.yaml",
        "    $ref: paths/ad_accounts.yaml#/template_reports\n",
        "  /resources/ad_account_countries:\n    $ref: paths/ad_accounts.yaml#/ad_account_countries\n",
    )
    # Step 3: new schemas in the resource's file and in the index, under the same name.
    with (spec / "schemas" / "ad_accounts.yaml").open("a") as schemas:
        schemas.write(SCHEMAS)
    insert_after(
        spec / "openapi.yaml", "    AdAccountList:\n      $ref: schemas/ad_accounts.yaml#/AdAccountList\n", INDEX
    )
    # Step 4: the operation table, the seed list and the endpoint map.
    insert_after(
        spec / "README.md",
        "| `ad_accounts.templates.create_report` | POST | `/ad_accounts/{ad_account_id}/templates/{template_id}/reports` | ad_accounts |\n",
        ROW,
    )
    with (copy / "tests" / "data" / "pinterest-v5-endpoints.txt").open("a") as seed:
        seed.write(SEED_LINE)
    with (copy / "tests" / "data" / "endpoint-map.tsv").open("a") as mapping:
        mapping.write(MAP_ROW)
    # ... and the count where prose states it.
    stated = re.compile(rf"\b{operations}(\s+(?:Pinterest\s+API\s+v5\s+)?(?:endpoints|operations)\b)")
    for name in ("spec/README.md", "spec/openapi.yaml", "README.md"):
        text = (copy / name).read_text()
        assert stated.search(text), name
        (copy / name).write_text(stated.sub(rf"{operations + 1}\1", text))

    # Step 5: regenerate and run the tests.
    made = run(copy, "-m", "generator", "generate")
    assert made.returncode == 0, made.stderr
    assert f"{operations + 1} operations" in made.stdout + made.stderr
    assert (copy / "generated" / "docs" / "resources" / "ad_accounts.md").read_text().count("list_countries") > 0
    tests = run(
        copy,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/spec",
        "tests/docs",
        "tests/client",
        "tests/contract",
    )
    assert tests.returncode == 0, tests.stdout[-4000:]
    check = run(copy, "-m", "generator", "check")
    assert check.returncode == 0, check.stderr[-4000:]
