"""Who may import whom (docs/architecture.md), checked by import-linter with the contracts in
pyproject.toml: core imports no area, the shared API imports no area, and no circle runs
between the packages of congress. The graph is read from the source (grimp), so the check
needs no app and no database."""
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = {"congress.core", "congress.api"}  # what every area may import


def _contracts():
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]["contracts"]


def _areas():
    """Every package of congress that is neither core nor the shared API: the areas."""
    packages = (ROOT / "congress").glob("*/__init__.py")
    return {f"congress.{path.parent.name}" for path in packages} - SHARED


def test_the_import_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_area_is_named_in_the_forbidden_contracts():
    """A new area (a new package under congress/) must be added to both lists in pyproject.toml:
    import-linter only forbids what it is told."""
    forbidden = {contract["name"]: set(contract["forbidden_modules"])
                 for contract in _contracts() if contract["type"] == "forbidden"}
    areas = _areas() - {"congress.queue"}  # moving into congress.debriefs (see pyproject.toml)
    assert forbidden == {
        "core imports no area (and not the API)": areas | {"congress.api"},
        "the shared API (auth, errors, schema helpers, the document) imports no area": areas,
    }
