"""The shape of the code: dependencies run one way.

`common` imports neither app; `sources` is a leaf that knows nothing of `claims` (claims builds on
sources: its pages about sources, the Source admin and the API's writes, which recompute
claims, all live in claims). A module-level or function-level import either way fails here.
"""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.module


@pytest.mark.parametrize(
    "package, forbidden",
    [("sources", ("claims",)), ("common", ("claims", "sources"))],
)
def test_dependencies_run_one_way(package, forbidden):
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, module in imported_modules(package)
        if module.split(".")[0] in forbidden
    ]
    assert wrong == []


def test_the_check_would_see_a_wrong_import(tmp_path, monkeypatch):
    """The scan finds a function-level import too (so the test above can fail)."""
    package = tmp_path / "leaf"
    package.mkdir()
    (package / "mod.py").write_text("def f():\n    from claims.models import Claim\n    return Claim\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert [module for _, module in imported_modules("leaf")] == ["claims.models"]
