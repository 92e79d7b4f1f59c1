"""`kg viz` and the /viz page of `kg serve`: the actor network and timeline, in a real headless Chromium."""
from __future__ import annotations

import json
import os
import re

import httpx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.viz import Filters, collect
from tests.test_serve import ARTIFACTS, Served, browser, chromium

runner = CliRunner()
needs_browser = pytest.mark.skipif(chromium() is None and not os.environ.get("KG_REQUIRE_BROWSER"),
                                   reason="Debian chromium and chromium-driver are not installed (.ci/run installs them)")


def embedded(html: str):
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def events_of(data) -> dict[str, tuple]:
    columns = data["event-parties"]["columns"]
    return {row[0]: (row[columns.index("type")], row[columns.index("date")]) for row in data["event-parties"]["rows"]}


@pytest.fixture(scope="module")
def page(seed_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    result = runner.invoke(app, ["viz", "--store", str(seed_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_page_is_one_file_that_needs_nothing_from_elsewhere(page, seed_store):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    assert "https://cdn" not in html and "@import" not in html
    data = embedded(html)
    assert set(data) == {"event-parties", "event-reports", "party-evidence"}
    every = collect(seed_store, Filters())
    assert events_of(data) == events_of(every) and len(events_of(data)) == 29
    assert data["event-reports"]["rows"]
    assert "</script" not in html.split('id="kg-data">', 1)[1].split("</script>", 1)[0]


def test_filters_restrict_what_the_page_carries(seed_store, tmp_path):
    out = tmp_path / "meetings.html"
    result = runner.invoke(app, ["viz", "--store", str(seed_store), "-o", str(out), "--type", "Meeting,PhoneCall",
                                 "--from", "2025-01-01", "--to", "2025-06-30"])
    assert result.exit_code == 0, result.output
    kept = events_of(embedded(out.read_text(encoding="utf-8")))
    assert kept and {t for t, _ in kept.values()} == {"Meeting", "PhoneCall"}
    assert all("2025-01-01" <= day <= "2025-06-30" for _, day in kept.values())
    lavrov = collect(seed_store, Filters(actor="لاوروف"))
    columns = lavrov["event-parties"]["columns"]
    by_event: dict[str, set] = {}
    for row in lavrov["event-parties"]["rows"]:
        by_event.setdefault(row[0], set()).add(row[columns.index("fa")])
    assert by_event and all("سرگئی لاوروف" in labels for labels in by_event.values())


def test_bad_options_are_usage_errors_naming_the_option(seed_store, tmp_path):
    result = runner.invoke(app, ["viz", "--store", str(seed_store), "-o", str(tmp_path / "x.html"), "--type", "Meet"])
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: --type 'Meet': not an event type (choose from Meeting, PhoneCall,")
    result = runner.invoke(app, ["viz", "--store", str(seed_store), "-o", str(tmp_path / "x.html"), "--from", "2025"])
    assert (result.exit_code, result.stderr) == (2, "kg: --from '2025': not a date (YYYY-MM-DD)\n")
    assert not (tmp_path / "x.html").exists()


def laid_out(driver) -> list[str]:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.dataset.layout") in ("done", "failed"))
    assert driver.execute_script("return document.body.dataset.layout") == "done", \
        driver.find_element("id", "status").text
    return driver.execute_script("return [...document.querySelectorAll('#network .node')].map(n => n.dataset.label)")


@needs_browser
def test_the_page_draws_the_actors_and_an_edge_shows_its_sentence(page):
    driver = browser()
    try:
        driver.get(page.as_uri())
        drawn = laid_out(driver)
        assert {"سید عباس عراقچی", "سرگئی لاوروف", "روسیه", "ایران"} <= set(drawn)
        edge = driver.find_element("css selector", 'path.edge[data-target="ولادیمیر پوتین"][data-type="Meeting"]')
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", edge)
        panel = driver.find_element("id", "panel")
        assert "Meeting (planned): مسعود پزشکیان → ولادیمیر پوتین — 1 event" in panel.text
        sentence = panel.find_element("css selector", ".sentence")
        assert sentence.text.startswith("بقایی همچنین در گفتوگویی با نووستی بیان کرد که")
        assert sentence.find_element("css selector", "mark.trigger").text == "دیدار"
        assert [p.text for p in sentence.find_elements("css selector", "span.party")] == ["مسعود پزشکیان", "ولادیمیر پوتین"]
        assert "kg explain ev:7b248f2750745525" in panel.find_element("css selector", "summary").text
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "viz.png"))
        timeline_bars = driver.find_elements("css selector", "#timeline rect.bar")
        assert {b.get_attribute("data-day") for b in timeline_bars} == {"2025-01-16", "2025-11-18"}
    finally:
        driver.quit()


@needs_browser
def test_filters_on_the_page_redraw_it(page, seed_store):
    driver = browser()
    try:
        driver.get(page.as_uri())
        laid_out(driver)
        driver.execute_script("""const box = document.querySelector('#types input[value="Meeting"]');
                                 document.querySelectorAll('#types input').forEach(b => { if (b !== box && b.checked) b.click(); });""")
        drawn = laid_out(driver)
        types = driver.execute_script("return [...new Set([...document.querySelectorAll('path.edge')].map(p => p.dataset.type))]")
        assert types == ["Meeting"]
        meetings = collect(seed_store, Filters(types=["Meeting"]))["event-parties"]
        fa = meetings["columns"].index("fa")
        assert sorted(drawn) == sorted({row[fa] for row in meetings["rows"]})
        assert "اسماعیل بقایی" not in drawn                      # his is a Denial
    finally:
        driver.quit()


def test_serve_shows_the_page_at_viz(seed_store):
    server = Served(seed_store)
    try:
        answer = httpx.get(f"{server.url}/viz", timeout=10)
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        assert '<script type="application/json" id="kg-data">null</script>' in answer.text
        if chromium() is not None or os.environ.get("KG_REQUIRE_BROWSER"):
            driver = browser()
            try:
                driver.get(f"{server.url}/viz")                  # the rows come live from /query
                assert {"سید عباس عراقچی", "سرگئی لاوروف", "روسیه"} <= set(laid_out(driver))
                driver.save_screenshot(str(ARTIFACTS / "viz-served.png"))
            finally:
                driver.quit()
    finally:
        server.stop()
