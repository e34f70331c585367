"""One CJK font helper: every PDF (certificates, reports, evaluations) takes its font from `core.pdf.cjk_font`;
no module keeps a private font function or registers a font of its own."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", ".venv-mutation", "mutants", "var", "node_modules", ".git", "migrations", "tests"}
OWN_FONT = re.compile(r"^\s*def _?\w*font\w*\(|registerFont\(|UnicodeCIDFont\(|TTFont\(", re.MULTILINE)


def test_only_core_pdf_chooses_a_font():
    own = {
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts) and OWN_FONT.search(path.read_text(encoding="utf-8"))
    }
    assert own == {"core/pdf.py"}
