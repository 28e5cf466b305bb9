"""The notebooks under examples/ are stored without outputs and run against a live server."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from conftest import REPO
from nbclient import NotebookClient

NOTEBOOKS = sorted((REPO / "examples").glob("*.ipynb"))


def test_there_are_three_notebooks():
    assert [n.name for n in NOTEBOOKS] == [
        "belarus-2020-to-now.ipynb",
        "three-countries.ipynb",
        "what-changed-since-my-paper.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_stores_no_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    stored = [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert stored == [], f"{path.name}: cells {stored} keep outputs; clear them before committing"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_runs_against_a_live_server(path: Path, shipped, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    runner = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    environment = {**os.environ, "PRISONER_COUNTS_URL": shipped.base, "PYTHONWARNINGS": "error"}
    runner.execute(env=environment)  # raises CellExecutionError on the first failing cell
    errors = [
        output.get("text", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("name") == "stderr"
    ]
    assert errors == [], errors
    printed = "".join(
        output.get("text", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )
    assert "[Data set]. Prisoner Counts API." in printed  # each one cites its revision
