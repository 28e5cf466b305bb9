"""The researcher guide's R recipe (readr, httr2, jsonlite) runs with Rscript on a live server."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess

import httpx
import pytest
from conftest import REPO

GUIDE = REPO / "docs" / "guides" / "researchers.md"
SECTION = "## R"
PINNED = 5  # the recipe's as_of


def r_recipe() -> str:
    """The first R block of the researcher guide's R section."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(SECTION + "\n") :]
    match = re.search(r"```r\n(.*?)```", section, re.S)
    assert match, "the researcher guide's R section has no R block"
    return match.group(1)


@functools.cache
def r_missing() -> str | None:
    """Why the recipe cannot run here, or None."""
    if shutil.which("Rscript") is None:
        return "Rscript is not installed (.ci/run installs Debian's r-base-core)"
    probe = "for (p in c('readr', 'httr2', 'jsonlite')) library(p, character.only = TRUE)"
    result = subprocess.run(["Rscript", "-e", probe], capture_output=True, text=True)
    if result.returncode != 0:
        return f"an R package is missing: {result.stderr.strip()[-200:]}"
    return None


@pytest.mark.slow
@pytest.mark.skipif(r_missing() is not None, reason=str(r_missing()))
def test_the_r_recipe_reads_a_series_pins_its_revision_and_reads_the_batches(shipped, tmp_path):
    script = tmp_path / "recipe.R"
    script.write_text(r_recipe(), encoding="utf-8")
    environment = {**os.environ, "PRISONER_COUNTS_URL": shipped.base}
    result = subprocess.run(
        ["Rscript", str(script)], capture_output=True, text=True, env=environment, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Warning" not in result.stderr, result.stderr
    claims = httpx.get(
        f"{shipped.base}/v1/series/BY.political_prisoners.viasna/observations.csv"
        f"?claims=all&as_of={PINNED}"
    ).text.count("\n")
    assert f"revision {PINNED} - {claims - 1} claims" in result.stdout
    assert f"(Revision {PINNED}) [Data set]" in result.stdout  # the citation of that revision
    assert re.search(r"\n\d+ release batches, \d+ claims\n", result.stdout), result.stdout
    assert "BY-2021-09-16" in result.stdout
