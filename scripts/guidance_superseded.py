"""Regenerate content/initial_guidance/superseded.py after editing the shipped guidance.

For every commit that changed content/initial_guidance(.py), it loads that version's data
and records a hash of each text that differs from today's, so ``load_guidance`` can bring a
row that still holds an old shipped text up to date (and leave an editor's text alone).
Run from the repository root: ``.venv/bin/python scripts/guidance_superseded.py``.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from content.initial_guidance.superseded import fingerprint, texts_of  # noqa: E402

PATHS = ["content/initial_guidance", "content/initial_guidance.py"]
OUT = ROOT / "content/initial_guidance/superseded.py"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout


def data_at(commit: str, workdir: Path):
    """The initial guidance module as it was at ``commit``."""
    target = workdir / commit / "content"
    target.mkdir(parents=True)
    (target / "__init__.py").write_text("")
    files = git("ls-tree", "-r", "--name-only", commit, "--", *PATHS).split()
    for name in files:
        path = workdir / commit / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(git("show", f"{commit}:{name}"))
    sys.path.insert(0, str(workdir / commit))
    try:
        for module in [m for m in sys.modules if m.startswith("content")]:
            del sys.modules[module]
        return importlib.import_module("content.initial_guidance")
    finally:
        sys.path.pop(0)
        for module in [m for m in sys.modules if m.startswith("content")]:
            del sys.modules[module]


def main() -> None:
    current = texts_of(importlib.import_module("content.initial_guidance"))
    old_hashes: set[str] = set()
    commits = git("log", "--format=%H", "--", *PATHS).split()
    with tempfile.TemporaryDirectory() as tmp:
        for commit in commits:
            for where, text in texts_of(data_at(commit, Path(tmp))).items():
                if current.get(where) != text:
                    old_hashes.add(fingerprint(where, text))
    source = OUT.read_text()
    head = source.split("SHIPPED_BEFORE = ")[0]
    body = "".join(f'    "{h}",\n' for h in sorted(old_hashes))
    OUT.write_text(f"{head}SHIPPED_BEFORE = frozenset({{\n{body}}})\n")
    print(f"{len(old_hashes)} superseded texts from {len(commits)} commits")


if __name__ == "__main__":
    main()
