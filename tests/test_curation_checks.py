"""The curation checks: the shipped data passes them, and each check catches its error."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from datasets.checks import findings, holds_number, read_shipped, report
from tests.conftest import FIXTURES


def test_the_shipped_data_set_has_no_findings():
    assert findings(read_shipped()) == []


def test_the_report_lists_series_gaps_conflicts_and_mirrors():
    lines = report(read_shipped())
    assert "claims per series:" in lines
    assert any("BY.political_prisoners.viasna 2025-11-22: 1184, 1257" in line for line in lines)
    assert any(line.startswith("  BY.political_prisoners.viasna: ") for line in lines)


def test_datasets_check_command(runner):
    result = runner.invoke(args=["datasets", "check"])
    assert result.exit_code == 0, result.output
    assert "checks: no findings" in result.output


@pytest.mark.parametrize(
    ("quote", "value", "holds"),
    [
        ("1,257 political prisoners", 1257, True),
        ("1 257 політв'язнів", 1257, True),
        ("1.257 prigionieri", 1257, True),
        ("1\u00a0257 палітвязняў", 1257, True),
        ("fifty-two people", 52, True),
        ("ułaskawieniu szesnastu osób", 16, True),
        ("1,257 political prisoners", 1184, False),
        ("12570 people", 1257, False),
    ],
)
def test_a_quote_holds_its_number(quote, value, holds):
    assert holds_number(quote, value) is holds


def broken(tmp_path: Path, old: str, new: str) -> list[str]:
    root = tmp_path / "changesets"
    shutil.copytree(FIXTURES, root)
    path = root / "0001-base" / "observations.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return findings(read_shipped(root), today=dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("old", "new", "finding"),
    [
        ("2024-02-29,,120,", "2024-02-29,,121,", "does not hold the number 121"),
        ("2024-02-29,,120,", "2024-02-30,,120,", "is not a valid date"),
        ("2024-02-29,,120,", "2027-02-28,,120,", "is in the future"),
        (',https://news.test/a,"By the end', ',https://nowhere.test/x,"By the end', "no document"),
        ("XX.released.beta,2024-03-01", "XX.released.gamma,2024-03-01", "unknown series"),
        (",XX-2024-03-01\n", ",XX-1999-01-01\n", "release XX-1999-01-01 does not exist"),
        (
            'exact,reported,false,Daily Test,https://news.test/a,"By',
            'exact,reported,true,Daily Test,https://news.test/a,"By',
            "primary, but",
        ),
    ],
)
def test_each_check_catches_its_error(tmp_path, old, new, finding):
    found = broken(tmp_path, old, new)
    assert any(finding in line for line in found), found


def test_identical_claims_are_found(tmp_path):
    root = tmp_path / "changesets"
    shutil.copytree(FIXTURES, root)
    path = root / "0001-base" / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    assert any("identical to" in line for line in findings(read_shipped(root)))


@pytest.mark.parametrize(
    ("reference", "finding"),
    [("", "is not an http(s) address"), ("ftp://x", "is not an http(s) address"), (None, None)],
)
def test_a_name_in_another_language_needs_a_page_using_it(tmp_path, reference, finding):
    root = tmp_path / "changesets"
    shutil.copytree(FIXTURES, root)
    source = next(iter(read_shipped(root).sources))
    url = "https://example.org/name" if reference is None else reference
    (root / "0001-base" / "names.csv").write_text(
        f"kind,id,language,name,reference\nsource,{source},ru,Имя,{url}\n", encoding="utf-8"
    )
    found = findings(read_shipped(root), today=dt.date(2026, 1, 1))
    assert [f for f in found if "reference" in f] == ([] if finding is None else found[:1])
    if finding:
        assert finding in found[0]
