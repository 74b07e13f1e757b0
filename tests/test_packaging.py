"""The package installs under its own name (issue 13 §5): the distribution is
crosscheck-cn-budget, the import package and the command stay crosscheck, every
install hint names the distribution, and the wheel carries LICENSE and py.typed."""

from __future__ import annotations

import re
import tomllib
import zipfile
from importlib.metadata import PackageNotFoundError, distribution

import pytest

from crosscheck import config
from crosscheck.errors import MissingExtraError

from .conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# A pip command naming a distribution: `pip install NAME`, `pip install 'NAME[extra]'`.
_HINT = re.compile(
    r"pip install (?:-[a-zA-Z]+ )*'?(?P<name>[.A-Za-z0-9][A-Za-z0-9._-]*)(?:\[|'|\s|$)"
)


def test_the_distribution_is_not_named_crosscheck() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == config.DISTRIBUTION == "crosscheck-cn-budget"
    assert project["scripts"] == {"crosscheck": "crosscheck.cli:main"}
    assert PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["crosscheck"]
    assert {"Homepage", "Source", "Issues"} <= set(project["urls"])


def test_extras_refer_to_the_distribution_by_its_own_name() -> None:
    for extra, requirements in PYPROJECT["project"]["optional-dependencies"].items():
        for requirement in requirements:
            assert not requirement.startswith("crosscheck["), (extra, requirement)


def _hints(text: str) -> list[str]:
    return [m.group("name") for m in _HINT.finditer(text)]


def test_every_install_hint_names_the_distribution() -> None:
    sources = [*sorted((REPO / "crosscheck").rglob("*.py")), REPO / "README.md"]
    found = 0
    for path in sources:
        for name in _hints(path.read_text(encoding="utf-8")):
            found += 1
            # `pip install -e '.[test]'` installs the checkout; any other hint names us.
            if name.startswith("."):
                continue
            if name in {"jionlp"}:  # bench's comparison library, not us
                continue
            assert name == config.DISTRIBUTION, f"{path.name}: pip install {name}"
    assert found >= 5


def test_the_hint_pattern_reads_commands_as_written() -> None:
    """The check above must see the old wrong hint (trap: it would pass on no hint at all)."""
    assert _hints("需要安装 pip install 'crosscheck[xlsx]'（缺少 openpyxl）") == ["crosscheck"]
    assert _hints("pip install crosscheck-cn-budget") == ["crosscheck-cn-budget"]
    assert _hints("pip install -e '.[all]'") == ["."]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_missing_extra_says_what_to_install(lang) -> None:
    message = MissingExtraError("PDF", "pdf", "pypdfium2").message(lang)
    assert "pip install 'crosscheck-cn-budget[pdf]'" in message
    assert config.install_hint() == "pip install crosscheck-cn-budget"


def test_the_installed_metadata_is_the_distribution() -> None:
    try:
        dist = distribution(config.DISTRIBUTION)
    except PackageNotFoundError:
        pytest.skip("run from a source tree that is not installed")
    assert config.installed_version() == dist.version != "unknown"
    assert "crosscheck = crosscheck.cli:main" in (dist.read_text("entry_points.txt") or "")


def test_license_and_typing_marker_are_shipped(tmp_path, monkeypatch) -> None:
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert (REPO / "crosscheck" / "py.typed").exists()
    backend = pytest.importorskip("hatchling.build")  # the build backend of pyproject.toml
    monkeypatch.chdir(REPO)
    wheel = tmp_path / backend.build_wheel(str(tmp_path))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        header = archive.read(metadata).decode("utf-8")
    assert "crosscheck/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith("/LICENSE") for n in names)
    assert "crosscheck/batch/pool.py" in names and "crosscheck/_lexicons/amount_units.tsv" in names
    assert "Name: crosscheck-cn-budget" in header
    assert "Project-URL: Source," in header
