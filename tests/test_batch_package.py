"""crosscheck.batch is a package whose modules import one way (issue 13 §5).

The layering is declared once here (and in the package docstring): a module may
import only modules of a lower layer. The check reads every import statement,
also those inside functions, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import crosscheck.batch

PACKAGE = Path(crosscheck.batch.__file__).parent
# Each module and the package modules it may import.
ALLOWED = {
    "model": set(),
    "guard": set(),
    "warm": {"guard"},
    "parquet": set(),
    "view": {"model"},
    "discovery": {"model"},
    "document": {"model"},
    "output": {"model", "document", "parquet"},
    "projects": {"model", "document"},
    "pool": {"model", "document", "guard", "warm"},
    "engines": {"model", "document", "pool"},
    "run": {"model", "discovery", "engines", "output", "projects"},
}


def _package_imports(path: Path) -> set[str]:
    """The crosscheck.batch modules that the file imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["crosscheck", "batch"] and len(parts) > 2 and parts[2] in ALLOWED:
                found.add(parts[2])
    return found


def test_every_module_is_declared():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(ALLOWED)


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_imports_run_one_way(module):
    imported = _package_imports(PACKAGE / f"{module}.py") - {module}
    assert imported <= ALLOWED[module], f"{module} imports {imported - ALLOWED[module]}"


def test_the_declared_layers_have_no_cycle():
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module not in done:
            for lower in ALLOWED[module]:
                visit(lower, (*path, module))
            done.add(module)

    for module in ALLOWED:
        visit(module, ())


def test_the_package_init_imports_no_module():
    """Importing a leaf (the fork server preloads warm) must not pull in the whole package."""
    assert _package_imports(PACKAGE / "__init__.py") <= set(ALLOWED)  # only under TYPE_CHECKING
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert all(
        not (n.module or "").startswith("crosscheck")
        for n in top_level
        if isinstance(n, ast.ImportFrom)
    )


def test_each_module_imports_alone():
    """Every module imports in a fresh interpreter by itself (no order dependence)."""
    script = (
        "import importlib, sys\n"
        "name = sys.argv[1]\n"
        "importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('crosscheck.batch.'))\n"
        "print(' '.join(loaded))\n"
    )
    modules = sorted(set(ALLOWED) - {"warm"})  # warm builds the pipeline (slow); imports none
    running = {
        module: subprocess.Popen(
            [sys.executable, "-c", script, f"crosscheck.batch.{module}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for module in modules
    }
    for module, process in running.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        loaded = {m.rsplit(".", 1)[1] for m in stdout.split()}
        # Loading a module loads nothing above it.
        assert loaded <= _closure(module), (module, loaded - _closure(module))


def _closure(module: str) -> set[str]:
    seen = {module}
    for lower in ALLOWED[module]:
        seen |= _closure(lower)
    return seen


def test_public_api_unchanged():
    from crosscheck.batch import (  # noqa: F401
        DEFAULT_TIMEOUT,
        SUMMARY_COLUMNS,
        BatchRun,
        CheckOptions,
        Outcome,
        Task,
        check_document,
        default_jobs,
        department_and_year,
        discover,
        outcomes,
        run_batch,
        supported_suffixes,
    )

    assert set(crosscheck.batch.__all__) <= set(dir(crosscheck.batch))
    with pytest.raises(AttributeError):
        crosscheck.batch.no_such_name  # noqa: B018


def test_no_module_shadows_a_public_name():
    """A submodule named like a public function would replace it on the package once imported."""
    import importlib

    for module in ALLOWED:
        importlib.import_module(f"crosscheck.batch.{module}")
    for name in crosscheck.batch.__all__:
        assert not isinstance(getattr(crosscheck.batch, name), type(crosscheck)), name


def test_the_resume_key_changes_with_the_findings_columns(monkeypatch) -> None:
    # A journal written before a findings column was added must not be resumed into rows of
    # the new shape (a parquet writer zips the columns strictly).
    from crosscheck.batch.model import CheckOptions
    from crosscheck.report import findings

    before = CheckOptions().fingerprint()
    monkeypatch.setattr(findings, "CSV_COLUMNS", (*findings.CSV_COLUMNS, "extra"))
    assert CheckOptions().fingerprint() != before
    monkeypatch.undo()
    assert CheckOptions().fingerprint() == before
