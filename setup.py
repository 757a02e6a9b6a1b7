"""The build hook of the package (the rest of the metadata is in pyproject.toml).

A plain `pip install .` must serve the Chinese interface: the compiled catalogues (.mo) are
made here from the .po files at build time (they are not committed), and the templates, static
files and migrations, which live beside the package in the repository, are copied into it so
that an installed package is complete (create_app looks there first)."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BESIDE_THE_PACKAGE = ("templates", "static", "migrations")


def compile_catalogues(source: Path, target: Path) -> None:
    """Every messages.po under source as messages.mo at the same place under target."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=True)  # as `make translations` does


class BuildWithCatalogues(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout (`make` compiles the catalogues)
        package = Path(self.build_lib) / "congress"
        compile_catalogues(ROOT / "congress" / "translations", package / "translations")
        for name in BESIDE_THE_PACKAGE:
            shutil.copytree(ROOT / name, package / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithCatalogues})
