"""The project's layout rules that no linter checks: no Python file outside migrations over 400 lines."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400
SKIPPED = {".venv", ".venv-mutation", "mutants", "var", "node_modules", ".git", "migrations"}


def python_files():
    for path in ROOT.rglob("*.py"):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def test_the_walk_sees_the_project_files():
    seen = {p.relative_to(ROOT).as_posix() for p in python_files()}
    assert "core/access.py" in seen
    assert not any("/migrations/" in p for p in seen)


def test_no_python_file_outside_migrations_is_over_400_lines():
    long = {}
    for path in python_files():
        with path.open(encoding="utf-8") as f:
            count = sum(1 for _ in f)
        if count > LIMIT:
            long[path.relative_to(ROOT).as_posix()] = count
    assert long == {}, f"split these files (over {LIMIT} lines): {long}"
