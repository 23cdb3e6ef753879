"""The import contracts of `make lint` hold on the tree, and a forbidden import breaks them."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = ROOT / ".venv" / "bin" / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="lint-imports not installed")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def contracts_tree(tmp_path: Path, imports: dict[str, str]) -> Path:
    """The project's own contracts over empty packages of the same names, plus `imports`."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for package in config["root_packages"]:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for module, source in imports.items():
        (tmp_path / module.replace(".", "/")).with_suffix(".py").write_text(source)
    ours = (ROOT / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(ours[ours.index("[tool.importlinter]") :])
    return tmp_path


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        ("accounts.models", "import pitches.models\n", "Domain apps import one way"),
        ("messaging.services", "from ndas import selectors\n", "Domain apps import one way"),
        ("pitchey.api", "from accounts import models\n", "The project package is a kernel"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, module, source, contract):
    package = module.split(".")[0]
    imported = source.split()[1].split(".")[0]
    tree = contracts_tree(
        tmp_path, {module: source, f"{imported}.models": "", f"{imported}.selectors": ""}
    )
    assert (tree / package).is_dir()
    result = lint_imports(tree)
    assert result.returncode == 1, result.stdout
    assert "1 broken" in result.stdout
    assert contract in result.stdout
    assert f"{module} -> {imported}." in " ".join(result.stdout.split())


def test_composition_roots_may_import_apps(tmp_path):
    tree = contracts_tree(
        tmp_path, {"pitchey.asgi": "import messaging.consumers\n", "messaging.consumers": ""}
    )
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout
