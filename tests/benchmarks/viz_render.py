"""Time to first render of the `kg viz` page for a store of about 10k events (prints figures; not a test).

    python tests/benchmarks/viz_render.py [--documents 1800] [--store DIR]

Builds a store from copies of the seeds (kg.bench.make_corpus: other dates and
names, so events differ) unless --store names one, writes the page with
`kg viz`, opens it in headless Chromium and reads what the page measures
itself (window.kgRenderMs: from the script's start to the network and
timeline drawn), then the time to redraw after a filter and to list the
events of the most active actor.  Needs Debian's chromium and chromium-driver.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.bench import make_corpus
from kg.build import build
from kg.viz import Filters, write_page
from tests.test_serve import browser
from tests.test_viz import laid_out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1800)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--max-nodes", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            corpus, store = Path(tmp) / "corpus", Path(tmp) / "store"
            make_corpus(corpus, args.documents)
            started = time.monotonic()
            build([corpus], store, workers=2)
            print(f"built {args.documents} documents in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        page = Path(tmp) / "graph.html"
        summary = write_page(store, page, Filters(), args.max_nodes)
        print(f"kg viz: {summary.events} events, {summary.parties} parties, {summary.bytes / 1e6:.1f} MB "
              f"in {time.monotonic() - started:.1f} s")
        driver = browser()
        try:
            started = time.monotonic()
            driver.get(page.as_uri())
            drawn = laid_out(driver)
            print(f"first render: {driver.execute_script('return window.kgRenderMs'):.0f} ms in the page, "
                  f"{(time.monotonic() - started) * 1000:.0f} ms from opening the file; {len(drawn)} nodes, "
                  + driver.find_element("id", "status").text)
            redraw = driver.execute_script("""const t = performance.now();
                document.querySelector('#modalities input[value="asserted"]').click();
                return performance.now() - t;""")
            print(f"redraw after a filter: {redraw:.0f} ms")
            listing = driver.execute_script("""const t = performance.now();
                document.querySelector('#network .node').dispatchEvent(new MouseEvent('click'));
                return [performance.now() - t, document.querySelectorAll('#panel .event').length];""")
            print(f"list the events of the most active actor: {listing[0]:.0f} ms ({listing[1]} shown)")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
