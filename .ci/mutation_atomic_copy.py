"""Copy the project for a mutation run in which the services under `@transaction.atomic` are mutated too.

mutmut 3 leaves every decorated function alone (it cannot put its trampoline under a decorator). In the copy,
each module of `[tool.mutmut] only_mutate` has its `@transaction.atomic` lines taken off and the function wrapped
right after its definition instead (`name = transaction.atomic(name)`): the same function at import time and
when it runs, now one mutmut can mutate. `make mutation-atomic` runs mutmut in the copy (docs/testing.md);
the copy's `mutants/` is kept, so a stopped run resumes.

    python .ci/mutation_atomic_copy.py var/mutation-atomic
"""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DECORATOR = "transaction.atomic"


def undecorated(source: str) -> tuple[str, list[str]]:
    """The module with each top-level `@transaction.atomic` moved after its function, and those functions."""
    lines = source.splitlines(keepends=True)
    moved = []
    for node in reversed(ast.parse(source).body):
        if not isinstance(node, ast.FunctionDef) or [ast.unparse(d) for d in node.decorator_list] != [DECORATOR]:
            continue
        decorator = node.decorator_list[0]
        lines.insert(node.end_lineno, f"{node.name} = {DECORATOR}({node.name})\n")
        del lines[decorator.lineno - 1]
        moved.append(node.name)
    return "".join(lines), moved[::-1]


def copy(destination: Path) -> dict[str, list[str]]:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    for name in tracked.splitlines():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    changed = {}
    for name in config["only_mutate"]:
        source, moved = undecorated((ROOT / name).read_text())
        (destination / name).write_text(source)
        changed[name] = moved
    return changed


if __name__ == "__main__":
    for name, functions in copy(Path(sys.argv[1]).resolve()).items():
        print(f"{name}: {len(functions)} atomic services made mutable")
