"""indicators/compute stays pure: it imports only pandas, numpy, the standard library and itself.

STYLE.md, "Computation is pure": no Django, no models, so that its tests need no database.
"""

import ast
import sys
from pathlib import Path

import pytest

import indicators.compute

PACKAGE = Path(indicators.compute.__file__).parent
ALLOWED = {"numpy", "pandas", "plotly", "indicators"} | set(sys.stdlib_module_names)


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_it_imports_neither_django_nor_the_rest_of_the_project(path):
    name = path.relative_to(PACKAGE)
    for module in imported_modules(path):
        assert module.split(".")[0] in ALLOWED, f"{name} imports {module}"
        if module.startswith("indicators"):
            assert module.startswith("indicators.compute"), f"{name} imports {module}"
