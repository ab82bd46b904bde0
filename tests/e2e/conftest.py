import pytest
from axe_playwright_python.sync_playwright import Axe

SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page; fail on any violation of impact serious or critical."""

    def check(page) -> None:
        results = axe.run(page)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} – "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in SERIOUS
        ]
        assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)

    return check


@pytest.fixture
def browser_context_args(browser_context_args):
    """A Dutch browser: a first visit follows Accept-Language (docs/language.md), and Chromium
    says en-US unless told otherwise."""
    return {**browser_context_args, "locale": "nl-NL"}
