"""The folders of api/ show the architecture: small modules, none crowded (docs/ARCHITECTURE.md)."""

from pathlib import Path

API = Path(__file__).resolve().parent.parent / "api"
MAX_LINES, MAX_MODULES = 300, 20


def _modules() -> list[Path]:
    return [p for p in API.rglob("*.py") if "migrations" not in p.parts]


def test_no_module_of_api_is_over_300_lines() -> None:
    long = {
        str(p.relative_to(API)): n
        for p in _modules()
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_folder_of_api_holds_more_than_20_modules() -> None:
    folders: dict[Path, int] = {}
    for path in _modules():
        if path.name != "__init__.py":
            folders[path.parent] = folders.get(path.parent, 0) + 1
    crowded = {str(f.relative_to(API.parent)): n for f, n in folders.items() if n > MAX_MODULES}
    assert crowded == {}
