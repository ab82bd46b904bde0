"""Every library the code imports is declared in pyproject.toml, so a fresh install (`uv sync`,
the Docker image) has it and does not get it only by luck, through another library's
dependencies: the site's code needs it in `dependencies`, the tests may also use the `dev` group
and the benchmarks the `bench` group. The container images of docker-compose.yml and the
Dockerfile's base image and tools are pinned to versions, so a rebuild gets what was tested."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", "node_modules", "staticfiles", "migrations", "__pycache__"}


def declared(requirements: list[str]) -> set[str]:
    return {
        normalised(re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0])
        for requirement in requirements
    }


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def python_files(folder: Path) -> list[Path]:
    return [
        path
        for path in folder.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
    ]


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def local_modules() -> set[str]:
    """The project's own packages and modules, and the sibling scripts of bench/."""
    return {path.stem for path in ROOT.iterdir() if path.suffix == ".py" or path.is_dir()} | {
        path.stem for path in (ROOT / "bench").glob("*.py")
    }


def undeclared(paths: list[Path], allowed: set[str]) -> dict[str, list[str]]:
    """Third-party modules imported by `paths` whose distribution is not in `allowed`."""
    distributions = packages_distributions()
    ours = local_modules()
    missing: dict[str, list[str]] = {}
    for path in paths:
        for module in imported_modules(path):
            if module in sys.stdlib_module_names or module in ours:
                continue
            names = {normalised(name) for name in distributions.get(module, [module])}
            if not names & allowed:
                missing.setdefault(module, []).append(str(path.relative_to(ROOT)))
    return missing


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SITE = declared(PROJECT["project"]["dependencies"])
GROUPS = {name: declared(group) for name, group in PROJECT["dependency-groups"].items()}


def test_the_site_imports_only_declared_dependencies():
    site_code = [
        path
        for folder in ("poort", "regions", "funding", "trajectories")
        for path in python_files(ROOT / folder)
    ] + [ROOT / "manage.py", ROOT / "gunicorn.conf.py"]

    assert undeclared(site_code, SITE) == {}


def test_the_tests_and_benchmarks_import_only_declared_dependencies():
    assert undeclared(python_files(ROOT / "tests"), SITE | GROUPS["dev"]) == {}
    assert undeclared(python_files(ROOT / "bench"), SITE | GROUPS["dev"] | GROUPS["bench"]) == {}


def pinned(image: str) -> bool:
    """An image with a tag that names a version: postgres:17.6-bookworm, not postgres or :latest."""
    name, _, tag = image.rpartition(":")
    return bool(name) and "/" not in tag and re.match(r"v?\d+\.\d+", tag) is not None


def test_the_container_images_and_the_dockerfiles_tools_are_pinned_to_versions():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    images = [service["image"] for service in compose["services"].values() if "image" in service]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    images += re.findall(r"^FROM\s+(\S+)", dockerfile, flags=re.MULTILINE)
    installs = re.findall(r"pip install (?:--?[\w-]+ )*(.+)", dockerfile)

    assert images
    assert [image for image in images if not pinned(image)] == []
    assert installs
    assert [tool for line in installs for tool in line.split() if "==" not in tool] == []
