"""The self-check page in a real browser: Playwright driving Debian's Chromium.

``crosscheck serve`` runs as a person starts it; Chromium (/usr/bin/chromium, started
with the flags below and a new empty profile, never a browser that Playwright downloads)
uploads seed 000, finds the 249%/75% conflict in the list, clicks it and sees both spans
highlighted and scrolled into view, at 1280×800 and in a narrow window. Screenshots go to
the test's folder, or to $CROSSCHECK_SCREENSHOTS when set (docs/web-page.png is one).
Skipped, with the reason, only where Chromium cannot start.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (FastAPI) is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from .conftest import CORPUS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# Headless, as root, on a machine with no network but loopback: no sandbox, no GPU, and
# none of Chromium's own connections (they would be refused, many at a time).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEED_000 = CORPUS / "000_0b8a2aad63db18d1.txt"
expect = sync_api.expect


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "crosscheck", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, line
        yield match.group(0)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def problems() -> list[str]:
    """What the browser reported as errors (a test may take out those it caused)."""
    return []


@pytest.fixture
def page(tmp_path: Path, problems: list[str]) -> Iterator[object]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"Chromium cannot start: {CHROMIUM} is not installed (apt-get install chromium)"
        )
    with sync_api.sync_playwright() as playwright:
        try:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"),  # a new, empty user-data-dir
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 800},
            )
        except sync_api.Error as error:
            pytest.skip(f"Chromium cannot start: {str(error).splitlines()[0]}")
        tab = context.new_page()
        tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: problems.append(str(e)))
        yield tab
        context.close()
        assert problems == []  # no script error, nothing blocked by the page's CSP


def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CROSSCHECK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def in_view(page, locator, seconds: float = 5) -> bool:  # type: ignore[no-untyped-def]
    """Whether the element comes inside the window and inside every box that scrolls it
    (within ``seconds``: the page scrolls smoothly)."""
    for _ in range(int(seconds * 10)):
        if _inside(locator):
            return True
        page.wait_for_timeout(100)
    return _inside(locator)


def _inside(locator) -> bool:  # type: ignore[no-untyped-def]
    return locator.evaluate(
        """el => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) return false;
            for (let p = el.parentElement; p; p = p.parentElement) {
                const s = getComputedStyle(p);
                if (/(auto|scroll)/.test(s.overflowY)) {
                    const b = p.getBoundingClientRect();
                    if (r.bottom < b.top || r.top > b.bottom) return false;
                }
            }
            return true;
        }"""
    )


def highlighted(locator) -> bool:  # type: ignore[no-untyped-def]
    return locator.evaluate(
        "el => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)'"
        " && getComputedStyle(el).outlineStyle !== 'none'"
    )


def test_seed_000_shows_the_249_vs_75_conflict_and_both_spans_on_click(
    server: str, page, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page.goto(server)
    expect(page.locator("#cc-drop")).to_contain_text("把报告文件拖到这里")
    page.set_input_files("#cc-file", str(SEED_000))
    conflict = page.locator(".cc-finding", has_text="75%").filter(has_text="249%")
    expect(conflict).to_be_visible(timeout=60_000)
    expect(conflict).to_contain_text("CC201")
    expect(conflict).to_contain_text("执行率前后不一致")
    expect(page.locator("#cc-downloads")).to_be_visible()

    conflict.locator(".cc-go").click()
    index = conflict.get_attribute("data-f")
    marks = page.locator(f'mark.cc-m[data-f~="{index}"]')
    table_side = marks.filter(has_text="249%").first
    text_side = marks.filter(has_text="75%")
    for mark in (table_side, text_side):
        expect(mark).to_have_class(re.compile(r"\bcc-active\b"))
        expect(mark).to_be_visible()
        assert highlighted(mark)
    assert table_side.evaluate("el => el.closest('td') !== null")  # in the table, as a cell
    assert text_side.evaluate("el => el.closest('.cc-l') !== null")  # in a line of text
    assert in_view(page, table_side)  # the first span was scrolled to
    page.screenshot(path=str(screenshots(tmp_path) / "web-page.png"))

    conflict.locator("a.cc-ev", has_text="75%").click()  # the other side, one click away
    assert in_view(page, text_side)
    expect(text_side).to_have_class(re.compile(r"\bcc-active\b"))

    # a narrow window: one column, no sideways scrolling of the page, the jump still works
    page.set_viewport_size({"width": 420, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    conflict.locator("a.cc-ev", has_text="249%").first.click()
    assert in_view(page, table_side)
    page.screenshot(path=str(screenshots(tmp_path) / "web-page-narrow.png"))


def test_filters_hide_findings_and_their_marks(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server)
    page.set_input_files("#cc-file", str(SEED_000))
    errors = page.locator(".cc-finding.error")
    expect(errors.first).to_be_visible(timeout=60_000)
    page.locator('input[data-filter="sev"][value="error"]').uncheck()
    expect(errors.first).to_be_hidden()
    expect(page.locator(".cc-finding.info").first).to_be_visible()
    assert page.locator("mark.cc-m.error:not(.cc-muted)").count() == 0
    page.locator('input[data-filter="sev"][value="info"]').uncheck()
    expect(page.locator(".cc-filtered-out")).to_be_visible()


def test_pasted_clean_text_says_no_problems_and_a_bad_file_says_why(
    server: str, page, tmp_path: Path, problems: list[str]
) -> None:  # type: ignore[no-untyped-def]
    page.goto(server)
    page.fill("#cc-text", "青禾县图书馆2023年共接待读者5.2万人次，比上年增长8%。")
    page.click("#cc-paste-go")
    expect(page.locator(".cc-none")).to_contain_text("未发现问题", timeout=60_000)
    page.click("#cc-again")
    old = tmp_path / "旧报告.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(64))
    page.set_input_files("#cc-file", str(old))
    expect(page.locator("#cc-error")).to_contain_text("无法核对 旧报告.doc：不支持的格式")
    expect(page.locator("#cc-error")).to_contain_text("请另存为 .docx")
    refused = "the server responded with a status of 415"
    assert sum(refused in p for p in problems) == 1  # the browser's own note of the refusal
    problems[:] = [p for p in problems if refused not in p]
