"""The explorer in a real browser: Debian's headless Chromium, driven by Selenium.

Marked ``browser`` (excluded from the default run; ``.ci/run`` installs ``chromium`` and
``chromium-driver`` from the system packages and runs ``pytest -m browser``).  The page
is loaded from ``file://`` with every host name unresolvable: results read from the
contract's ids must be those of ``simulate --json`` bit for bit, inputs set through the
UI and a click on the phase diagram must update them, and the plots and the mathematics
must be drawn.
"""
import io
import json
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from urllib.parse import urlencode

import numpy as np
import pytest

from explore_helpers import RESULT_IDS, random_cases, same_result, simulate_json

pytestmark = pytest.mark.browser

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,1800"]


@pytest.fixture(scope="module")
def browser():
    for path in (CHROMIUM, DRIVER):
        assert shutil.which(path), f"{path} is missing: apt-get install chromium chromium-driver"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.TemporaryDirectory()
    for flag in FLAGS + [f"--user-data-dir={profile.name}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()
    profile.cleanup()


def _wait_run(driver, after=0):
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "const b = document.body; return Number(b.dataset.run) > arguments[0] && "
        "b.dataset.state !== 'loading' && b.dataset.pending !== '1';", after))
    return driver.execute_script("return document.body.dataset.state")


def _open(driver, explorer_dir, params):
    driver.get((explorer_dir / "index.html").as_uri() + "?" + urlencode(params))
    return _wait_run(driver)


def _results(driver):
    return {key: driver.find_element("id", i).text for i, key in RESULT_IDS.items()}


def _field(driver, name):
    return driver.find_element("id", f"in-{name}").get_attribute("value")


def test_query_parameters_give_simulate_results(browser, explorer_dir):
    regimes = set()
    for case in random_cases(99, 12):
        assert _open(browser, explorer_dir, case) == "done"
        ref = simulate_json(case)
        same_result(_results(browser), ref)
        regimes.add(ref["regime"])
        assert browser.find_element("id", "message").get_attribute("hidden") == "true"
    assert len(regimes) >= 3
    sent = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    urls = {m["params"]["request"]["url"] for m in sent
            if m["method"] == "Network.requestWillBeSent"}
    assert {u.rsplit("/", 1)[-1] for u in urls if u.startswith("file://")} >= {
        "plotly.min.js", "map.js", "core.js", "data.js", "explorer.js", "explorer.css"}
    assert not [u for u in urls if not u.startswith(("file:", "data:", "chrome:", "about:"))]
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


def test_a_bad_parameter_keeps_the_default_and_says_so(browser, explorer_dir):
    state = _open(browser, explorer_dir, {"width": "abc", "eta_lam0": "-1", "g0": "nan",
                                          "y": "0.25"})
    assert state == "done"
    msg = browser.find_element("id", "message").text
    for name in ("`width`", "`eta_lam0`", "`g0`"):
        assert name in msg
    assert (_field(browser, "width"), _field(browser, "eta_lam0"), _field(browser, "y")) == \
        ("10000", "3", "0.25")
    same_result(_results(browser), simulate_json(
        {"eta_lam0": "3", "width": "1e4", "g0": "0.7", "y": "0.25", "x2d": "1"}))


def test_invalid_typed_input_shows_no_number(browser, explorer_dir):
    _open(browser, explorer_dir, {})
    run = int(browser.execute_script("return document.body.dataset.run"))
    field = browser.find_element("id", "in-x2d")
    field.clear()
    field.send_keys("0")
    assert _wait_run(browser, run) == "invalid"
    assert "`x2d` must be a finite number > 0" in browser.find_element("id", "message").text
    assert set(_results(browser).values()) == {"\u2014"}


def test_inputs_set_in_the_page_update_the_results(browser, explorer_dir):
    _open(browser, explorer_dir, {"eta_lam0": "1.5", "width": "1e4"})
    before = _results(browser)
    field = browser.find_element("id", "in-eta_lam0")
    field.clear()
    field.send_keys("3.7")
    slider = browser.find_element("id", "slider-width")
    run = int(browser.execute_script("return document.body.dataset.run"))
    from selenium.webdriver.common.keys import Keys
    slider.send_keys(Keys.RIGHT * 25)   # 25 slider steps of 0.01 in log10(m)
    _wait_run(browser, run)
    case = {k: _field(browser, k) for k in ("eta_lam0", "width", "g0", "y", "x2d", "steps")}
    assert case["eta_lam0"] == "3.7" and float(case["width"]) > 1e4
    now = _results(browser)
    same_result(now, simulate_json(case))
    assert now != before


def test_a_click_on_the_phase_diagram_loads_that_cell(browser, explorer_dir):
    from selenium.webdriver.common.action_chains import ActionChains
    _open(browser, explorer_dir, {"g0": "0.1"})
    text = (explorer_dir / "data.js").read_text()
    phase = json.loads(text[text.index("{"):text.rindex("}") + 1])["phase"]
    drag = browser.find_element("css selector", "#plot-phase .nsewdrag")
    loaded = []
    for dx, dy in ((-0.3, 0.3), (0.25, -0.35)):   # lower left, then upper right
        run = int(browser.execute_script("return document.body.dataset.run"))
        w, h = drag.size["width"], drag.size["height"]
        ActionChains(browser).move_to_element_with_offset(
            drag, int(dx * w), int(dy * h)).click().perform()
        _wait_run(browser, run)
        case = {k: _field(browser, k) for k in ("eta_lam0", "width", "g0", "y", "x2d",
                                                "steps")}
        i, j = phase["eta_lam0"].index(float(case["eta_lam0"])), \
            phase["width"].index(float(case["width"]))
        assert case["g0"] == "0.7"   # the diagram's setting, not the page's g0 = 0.1
        ref = simulate_json(case)
        same_result(_results(browser), ref)
        assert ref["regime"] == ["monotone", "catapult", "divergent", "undecided"][
            phase["regime"][i][j]]
        loaded.append((i, j))
    (i1, j1), (i2, j2) = loaded
    assert i1 < i2 and j1 < j2   # the cells follow the click: x is eta*lam0, y is width


def test_the_diagram_can_be_recomputed_in_the_page(browser, explorer_dir):
    _open(browser, explorer_dir, {"g0": "-0.9", "y": "0.6", "x2d": "3"})
    before = browser.execute_script("return document.getElementById('plot-phase').data[0].z")
    run = int(browser.execute_script("return document.body.dataset.run"))
    browser.find_element("id", "recompute-phase").click()
    _wait_run(browser, run)
    after = browser.execute_script("return document.getElementById('plot-phase').data[0].z")
    assert np.asarray(after).shape == np.asarray(before).shape == (60, 90)
    assert after != before
    assert "g0 = -0.9, y = 0.6, |x|^2/d = 3" in browser.find_element("id", "phase-setting").text


def _colour_pixels(png: bytes, rgb) -> int:
    import matplotlib.image
    img = matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3] * 255
    return int(np.sum(np.all(np.abs(img - np.asarray(rgb)) < 30, axis=-1)))


def test_screenshot_shows_the_plots_and_the_mathematics(browser, explorer_dir, tmp_path):
    _open(browser, explorer_dir, {"eta_lam0": "3", "width": "1e3"})
    browser.save_screenshot(str(tmp_path / "page.png"))
    assert (tmp_path / "page.png").stat().st_size > 10_000
    blue, orange, red = (59, 111, 182), (224, 138, 30), (197, 48, 48)
    for pid, colours in (("plot-loss", [blue, red]), ("plot-kernel", [orange]),
                         ("plot-uvw", [blue, orange, red]),
                         ("plot-phase", [blue, orange, red])):
        el = browser.find_element("id", pid)
        png = el.screenshot_as_png
        for rgb in colours:
            assert _colour_pixels(png, rgb) > 30, (pid, rgb)
        npts = browser.execute_script(
            "return document.getElementById(arguments[0]).data[0].x.length", pid)
        assert npts > 1
    # MathML is laid out in two dimensions: a fraction's numerator sits above its denominator
    above = browser.execute_script("""
        const f = document.querySelector('#derivation mfrac');
        const [a, b] = f.children;
        return a.getBoundingClientRect().bottom <= b.getBoundingClientRect().top + 1;""")
    assert above
    assert browser.execute_script(
        "return [...document.querySelectorAll('math')].every(m => m.getBoundingClientRect()"
        ".height > 5)")


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self._id = {}, None

    def handle_starttag(self, tag, attrs):
        self._id = dict(attrs).get("id")

    def handle_endtag(self, tag):
        self._id = None

    def handle_data(self, data):
        if self._id in RESULT_IDS:
            self.texts[RESULT_IDS[self._id]] = data


def test_dump_dom_gives_the_results_too(explorer_dir, tmp_path):
    case = random_cases(5, 1)[0]
    url = (explorer_dir / "index.html").as_uri() + "?" + urlencode(case)
    res = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--virtual-time-budget=10000", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    p = _Ids()
    p.feed(res.stdout)
    assert 'data-state="done"' in res.stdout
    same_result(p.texts, simulate_json(case))
