"""The curation checks: the shipped data passes them, and each check catches its error."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from datasets.checks import findings, holds_number, read_shipped, report
from datasets.checks.counting import named_people
from datasets.checks.numbers import numbers_in
from tests.conftest import FIXTURES

TODAY = dt.date(2026, 1, 1)
OBSERVATIONS = (
    "series_id,date,period_start,value,qualifier,status,primary,reported_by,document_url,"
    "quote,note,release_id,research_row,counted,part\n"
)


def test_the_shipped_data_set_has_no_findings():
    assert findings(read_shipped()) == []


def test_the_report_lists_coverage_gaps_conflicts_marks_and_mirrors():
    lines = report(read_shipped())
    assert "coverage per country:" in lines
    assert any(line.startswith("  BY: ") and " claims in " in line for line in lines)
    assert any(line.startswith("    BY.political_prisoners.viasna: ") for line in lines)
    assert any("BY.political_prisoners.viasna 2025-11-22: 1184, 1257" in line for line in lines)
    assert any(line.startswith("  BY.political_prisoners.viasna: ") for line in lines)
    assert (
        "  disputed: 0003-myanmar-russia/observations.csv:9 (0005-claim-semantics/marks.csv:2)"
        in lines
    )
    start = lines.index("claims resting on mirrors only, per series:")
    assert any(line.startswith("  BY.political_prisoners.") for line in lines[start + 1 :])


def test_datasets_check_command(runner):
    result = runner.invoke(args=["datasets", "check"])
    assert result.exit_code == 0, result.output
    assert "checks: no findings" in result.output


@pytest.mark.parametrize(
    ("quote", "languages", "values"),
    [
        ("1,257 political prisoners", ["en"], [1257]),
        ("1.601 presos políticos, ochocientos siete", ["es"], [1601, 807]),
        ("1\u00a0257 палітвязняў", ["be"], [1257]),
        ("1\u202f257 or 1'257", ["en"], [1257, 1257]),
        ("a six-hour meeting on trials", ["en"], [6]),
        ("three women and seven men", ["en"], [3, 7]),
        ("more than a thousand; hundreds of thousands", ["en"], [1000]),
        ("одна тысяча двести, двадцати пяти, более двух тысяч", ["ru"], [1200, 25, 2000]),
        ("5,6 тысячи, 3,5 тыс. человек", ["ru"], [5600, 3500]),
        ("шасцёра мужчын, пяцярых", ["be"], [6, 5]),
        ("ułaskawieniu szesnastu osób, pięćdziesięciu dwóch", ["pl"], [16, 52]),
        ("п'ятьох, двохсот", ["uk"], [5, 200]),
        ("dviejų šimtų", ["lt"], [200]),
        ("dreiundzwanzig Gefangene", ["de"], [23]),
        ("mil 066 prisioneros", ["es"], [1066]),
        ("An American citizen; an assassination plot", ["en"], [1]),
        ("250individuals,86political prisoners", ["en"], [250, 86]),
    ],
)
def test_numbers_are_read_as_whole_words_and_digits(quote, languages, values):
    assert [n.value for n in numbers_in(quote, languages)] == values


@pytest.mark.parametrize(
    ("quote", "value", "holds"),
    [
        ("1,257 political prisoners", 1257, True),
        ("1 257 політв'язнів", 1257, True),
        ("1.257 prigionieri", 1257, True),
        ("fifty-two people", 52, True),
        ("1,257 political prisoners", 1184, False),
        ("12570 people", 1257, False),
        ("political trials", 3, False),  # "tri" is no number
        ("a six-hour meeting", 16, False),
        ("sixteenth anniversary", 6, False),
    ],
)
def test_a_quote_holds_its_number(quote, value, holds):
    assert holds_number(quote, value) is holds


def test_names_are_people_the_quote_names_not_its_speakers():
    assert (
        named_people("An American citizen was released, according to Secretary Marco Rubio.") == []
    )
    assert named_people("American Youras Ziankovich has been released.") == [
        "American Youras Ziankovich"
    ]


def fixture_root(tmp_path: Path) -> Path:
    root = tmp_path / "changesets"
    shutil.copytree(FIXTURES, root)
    return root


def broken(tmp_path: Path, old: str, new: str) -> list[str]:
    root = fixture_root(tmp_path)
    path = root / "0001-base" / "observations.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return findings(read_shipped(root), today=TODAY)


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


def with_changeset(root: Path, name: str, files: dict[str, str], meta: dict | None = None) -> Path:
    folder = root / name
    folder.mkdir()
    meta = {"message": "test", "created_at": "2025-06-01T00:00:00Z"} if meta is None else meta
    (folder / "changeset.json").write_text(json.dumps(meta), encoding="utf-8")
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return root


def claim(value: int, quote: str, counted: str = "", series: str = "XX.released.alpha", **more):
    cells = {"date": "2024-03-02", "release_id": "XX-2024-03-01", "part": ""} | more
    url = cells.get("url", "https://news.test/a")
    row = [series, cells["date"], "", str(value), "exact", "reported", "false", "Daily Test"]
    row += [url, f'"{quote}"', "", cells["release_id"], "", counted, cells["part"]]
    return ",".join(row) + "\n"


SPANISH = "https://noticias.test/es"
DOCUMENTS = "url,title,publisher,published_at,language,archive_url\n"


def claim_findings(tmp_path: Path, *rows: str, series: str = "") -> list[str]:
    files = {
        "observations.csv": OBSERVATIONS + "".join(rows),
        "documents.csv": f"{DOCUMENTS}{SPANISH},,N,,es,\n",
    }
    if series:
        files["series.csv"] = "id,country,measure,source_id,kind,unit,title,method_note,licence\n"
        files["series.csv"] += series
    root = with_changeset(fixture_root(tmp_path), "0003-test", files)
    return [f for f in findings(read_shipped(root), today=TODAY) if "0003-test" in f]


PART_SERIES = (
    "XX.released_part.alpha,XX,released_part,alpha,flow,persons,Parts,Synthetic,CC-BY-4.0\n"
)


@pytest.mark.parametrize(
    ("row", "finding"),
    [
        (claim(10, "three women and seven men"), "does not hold the number 10"),
        (claim(11, "three women and seven men", "sum"), "no two or more of the quote's numbers"),
        (claim(7, "seven men freed", "sum"), "counted=sum, but the quote writes 7 itself"),
        (claim(15, "Ales Bialiatski and 13 others", "sum"), "add up to 15"),
        (claim(1, "The prisoner walked free, officials said", "names"), "names 0 people"),
        (claim(2, "Viktor Bout was freed", "names"), "names 1 people, not 2"),
        (claim(1, "one person, Ales Bialiatski", "names"), "writes 1 itself"),
        (claim(21474, "2,1475 political prisoners", "misprint"), "no misprint of the number"),
        (claim(5, "five freed", "guess"), "counted 'guess' is not empty"),
    ],
)
def test_the_value_check_fails_a_quote_that_does_not_hold_its_value(tmp_path, row, finding):
    found = claim_findings(tmp_path, row)
    assert any(finding in line for line in found), found


@pytest.mark.parametrize(
    "row",
    [
        claim(10, "three women and seven men", "sum"),
        claim(14, "Siarhei Tsikhanouski and 13 other political prisoners", "sum"),
        claim(1, "American Youras Ziankovich has been released", "names"),
        claim(21474, "2,1474 political prisoners", "misprint"),
        claim(1, "An American citizen detained in Belarus has been released"),
        claim(807, "Foro Penal contabiliza ochocientos siete presos", url=SPANISH),
        claim(1601, "Foro Penal: 1.601 presos políticos", url=SPANISH),
    ],
)
def test_the_value_check_passes_a_quote_read_as_its_counted_says(tmp_path, row):
    assert claim_findings(tmp_path, row) == []


def test_a_part_needs_its_label_and_is_never_larger_than_the_batch_total(tmp_path):
    unlabelled = claim(9, "Nine left for Lithuania", series="XX.released_part.alpha")
    too_large = claim(90, "90 taken abroad", series="XX.released_part.alpha", part="abroad")
    found = claim_findings(tmp_path, unlabelled, too_large, series=PART_SERIES)
    assert any("released_part claim without a part label" in f for f in found), found
    assert any("larger than every total of XX-2024-03-01 (12)" in f for f in found), found


def test_a_labelled_part_within_the_total_passes(tmp_path):
    row = claim(9, "Nine left for Lithuania", series="XX.released_part.alpha", part="to Lithuania")
    assert claim_findings(tmp_path, row, series=PART_SERIES) == []


@pytest.mark.parametrize(
    ("claims", "marker"),
    [
        (
            [
                (1199, "AAPP has confirmed 4,075, with only 1,199 identified."),
                (4065, "4,065 freed"),
            ],
            "'identified'",
        ),
        ([(480, "only 480 have been confirmed by name"), (4065, "4,065 released")], "'by name'"),
        (
            [
                (15000, "Foro Penal: 15.000 detenidos desde 2014"),
                (800, "Foro Penal cuenta 800 presos"),
            ],
            "desde 2014",
        ),
    ],
)
def test_a_series_mixing_two_measures_fails(tmp_path, claims, marker):
    rows = [claim(v, q, date=f"2024-03-0{i + 2}", url=SPANISH) for i, (v, q) in enumerate(claims)]
    found = claim_findings(tmp_path, *rows)
    assert any(marker in f and "two measures in one series" in f for f in found), found


@pytest.mark.parametrize(
    "claims",
    [
        [(1244, "The groups have identified 1,244 political prisoners"), (1247, "1,247 prisoners")],
        [(78, "78 sentences were identified"), (73, "73 verdicts")],
        [(400, "increased eight times since 2015, with over 400 people"), (420, "420 people")],
        [(4075, "AAPP has confirmed 4,075, with only 1,199 identified."), (4065, "4,065 freed")],
        [
            (
                45,
                "Foro Penal reporta 18.486 detenciones desde 2014, con 45 en paradero desconocido",
            ),
            (40, "40 desaparecidos"),
        ],
    ],
)
def test_wording_that_does_not_name_another_measure_passes(tmp_path, claims):
    rows = [claim(v, q, date=f"2024-03-0{i + 2}") for i, (v, q) in enumerate(claims)]
    assert claim_findings(tmp_path, *rows) == []


MIRROR_DOCS = "url,title,publisher,published_at,language,archive_url,mirror\n"


@pytest.mark.parametrize(
    ("url", "mirror", "fails"),
    [
        ("http://3.127.128.221/?p=1", "", True),
        ("https://d2abc.cloudfront.net/ru/1", "", True),
        ("https://tid-1.pages.dev/de/x", "", True),
        ("https://site.azurewebsites.net/1", "", True),
        ("https://staging.example.org/a", "", True),
        ("https://nationalconservativemovement.com/a", "", True),
        ("https://d2abc.cloudfront.net/ru/1", "true", False),
        ("https://www.example.org/a", "", False),
    ],
)
def test_an_unmarked_mirror_fails_and_a_marked_one_is_reported(tmp_path, url, mirror, fails):
    files = {
        "documents.csv": MIRROR_DOCS + f"{url},,Someone,,en,,{mirror}\n",
        "observations.csv": OBSERVATIONS
        + claim(12, "12 freed", **{"date": "2024-03-02"}).replace("https://news.test/a", url),
    }
    root = with_changeset(fixture_root(tmp_path), "0003-test", files)
    shipped = read_shipped(root)
    found = [f for f in findings(shipped, today=TODAY) if "not marked mirror=true" in f]
    assert bool(found) is fails, found
    lines = report(shipped)
    assert (
        f"  {url}" in lines[lines.index("documents marked as mirrors (a copy's address):") :]
    ) is (mirror == "true")
    start = lines.index("claims resting on mirrors only, per series:")
    assert ("  XX.released.alpha: 1 of 2" in lines[start:]) is (fails or mirror == "true")


def test_a_document_correction_marks_a_mirror(tmp_path):
    root = with_changeset(
        fixture_root(tmp_path),
        "0003-docs",
        {
            "documents.csv": MIRROR_DOCS + "http://10.0.0.1/a,,Reuters,,en,,\n",
            "observations.csv": OBSERVATIONS
            + claim(12, "12 freed").replace("https://news.test/a", "http://10.0.0.1/a"),
        },
    )
    assert any("not marked mirror=true" in f for f in findings(read_shipped(root), today=TODAY))
    with_changeset(
        root,
        "0004-fix",
        {"document_corrections.csv": "url,mirror,reason\nhttp://10.0.0.1/a,true,a copy\n"},
        {"message": "fix", "created_at": "2025-06-02T00:00:00Z"},
    )
    assert findings(read_shipped(root), today=TODAY) == []


CORRECTIONS = "claim,counted,part,reason\n"


@pytest.mark.parametrize(
    ("file", "text", "finding"),
    [
        (
            "corrections.csv",
            CORRECTIONS + "0001-base/observations.csv:99,sum,,x\n",
            "names no shipped claim",
        ),
        ("corrections.csv", CORRECTIONS + "observations.csv:2,sum,,x\n", "is not of the form"),
        (
            "corrections.csv",
            CORRECTIONS + "0001-base/observations.csv:2,sum,,\n",
            "no reason given",
        ),
        (
            "corrections.csv",
            CORRECTIONS + "0001-base/observations.csv:2,,,why\n",
            "changes nothing",
        ),
        (
            "corrections.csv",
            "claim,value,reason\n0001-base/observations.csv:2,(empty),why\n",
            "value cannot be cleared",
        ),
        (
            "corrections.csv",
            "claim,colour,reason\n0001-base/observations.csv:2,red,why\n",
            "unknown columns colour",
        ),
        (
            "corrections.csv",
            CORRECTIONS + "0001-base/observations.csv:2,sum,,why\n",
            "writes 100 itself",
        ),
        (
            "corrections.csv",
            CORRECTIONS + "0003-test/observations.csv:2,,a,why\n",
            "not of an earlier changeset",
        ),
        (
            "marks.csv",
            "claim,mark,reason\n0001-base/observations.csv:99,disputed,why\n",
            "names no shipped claim",
        ),
        ("marks.csv", "claim,mark,reason\n0001-base/observations.csv:2,best,why\n", "mark 'best'"),
        (
            "marks.csv",
            "claim,mark,reason\n0001-base/observations.csv:2,preferred,\n",
            "no reason given",
        ),
        (
            "marks.csv",
            "claim,mark,reason\n0001-base/observations.csv:2,preferred,a\n"
            "0001-base/observations.csv:3,preferred,b\n",
            "a second preferred claim",
        ),
        (
            "document_corrections.csv",
            "url,title,reason\nhttps://no.test/x,T,why\n",
            "no stored document",
        ),
        (
            "document_corrections.csv",
            "url,title,reason\nhttps://news.test/a,T,\n",
            "no reason given",
        ),
        (
            "document_corrections.csv",
            "url,mirror,reason\nhttps://news.test/a,yes,why\n",
            "mirror 'yes'",
        ),
    ],
)
def test_corrections_marks_and_document_corrections_are_checked(tmp_path, file, text, finding):
    files = {file: text, "observations.csv": OBSERVATIONS}
    root = with_changeset(fixture_root(tmp_path), "0003-test", files)
    found = findings(read_shipped(root), today=TODAY)
    assert any(finding in line for line in found), found


def test_a_correction_is_checked_in_the_claims_latest_state(tmp_path):
    root = with_changeset(
        fixture_root(tmp_path),
        "0003-fix",
        {"corrections.csv": "claim,value,reason\n0001-base/observations.csv:4,121,why\n"},
    )
    found = findings(read_shipped(root), today=TODAY)
    assert found == [
        "0001-base/observations.csv:4 (as corrected by 0003-fix/corrections.csv:2): "
        "the quote does not hold the number 121"
    ]


@pytest.mark.parametrize(
    ("meta", "finding"),
    [
        ({"message": "m"}, "is not a UTC time"),
        ({"message": "m", "created_at": "2025-06-01 10:00"}, "is not a UTC time"),
        ({"message": "m", "created_at": "2025-06-01T10:00:00+02:00"}, "is not a UTC time"),
        ({"message": "m", "created_at": "2027-01-01T00:00:00Z"}, "is in the future"),
        ({"message": "", "created_at": "2025-06-01T00:00:00Z"}, "no message"),
        ({"message": "m", "created_at": "2025-06-01T00:00:00Z", "rule": "2"}, "rule '2'"),
    ],
)
def test_changeset_metadata_is_checked(tmp_path, meta, finding):
    root = with_changeset(fixture_root(tmp_path), "0003-dated", {})
    with_changeset(root, "0004-next", {}, meta)
    found = findings(read_shipped(root), today=TODAY)
    assert any(finding in line and "0004-next" in line for line in found), found


def test_a_changeset_dated_before_the_one_before_it_is_reported(tmp_path):
    root = with_changeset(fixture_root(tmp_path), "0003-late", {})
    with_changeset(root, "0004-early", {}, {"message": "m", "created_at": "2025-05-01T00:00:00Z"})
    shipped = read_shipped(root)
    assert findings(shipped, today=TODAY) == []
    assert "  0004-early: 2025-05-01T00:00:00Z, earlier than 0003-late's" in report(shipped)


def test_identical_claims_are_found(tmp_path):
    root = fixture_root(tmp_path)
    path = root / "0001-base" / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    assert any("identical to" in line for line in findings(read_shipped(root)))


@pytest.mark.parametrize(
    ("reference", "finding"),
    [("", "is not an http(s) address"), ("ftp://x", "is not an http(s) address"), (None, None)],
)
def test_a_name_in_another_language_needs_a_page_using_it(tmp_path, reference, finding):
    root = fixture_root(tmp_path)
    source = next(iter(read_shipped(root).sources))
    url = "https://example.org/name" if reference is None else reference
    (root / "0001-base" / "names.csv").write_text(
        f"kind,id,language,name,reference\nsource,{source},ru,Имя,{url}\n", encoding="utf-8"
    )
    found = findings(read_shipped(root), today=TODAY)
    assert [f for f in found if "reference" in f] == ([] if finding is None else found[:1])
    if finding:
        assert finding in found[0]
