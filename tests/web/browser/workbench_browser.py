#!/usr/bin/python3
"""The workbench in a real browser: Debian's headless Chromium driven through Debian's
chromium-driver by Debian's python3-selenium (nothing downloaded at test time). One phase per
person, run by tests/web/workbench_browser_test.cpp, which starts the bot and the fake WeCom and
checks between phases what reached WeCom. Every page visited is saved as a PNG in the output folder.

    workbench_browser.py PHASE BASE_URL OUT_DIR [URL]

Prints one line per step; exits 1 at the first step that does not hold.
"""
import base64
import os
import sys
import tempfile

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support.ui import WebDriverWait

PHASE, BASE, OUT = sys.argv[1:4]
EXTRA = sys.argv[4] if len(sys.argv) > 4 else ""
WIDTH = 430  # a phone, as in WeCom's in-app browser


class StepFailed(Exception):
    pass


def check(ok, what):
    if not ok:
        raise StepFailed("step failed: " + what)
    print("ok  " + what, flush=True)


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=%d,900" % WIDTH, "--lang=zh-CN"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.set_capability("unhandledPromptBehavior", "ignore")
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def no_alert(d):
    """A citizen's markup that ran would show as an alert."""
    try:
        shown = d.switch_to.alert.text
    except NoAlertPresentException:
        return
    raise StepFailed("a script of a citizen ran (alert: %s)" % shown)


def script_errors(d):
    return [e["message"] for e in d.get_log("browser") if "Uncaught" in e["message"]]


def css(d, selector):
    return d.find_element(By.CSS_SELECTOR, selector)


def text(d, selector):
    return css(d, selector).text


def wait(d, condition, what, seconds=15):
    try:
        WebDriverWait(d, seconds).until(condition)
    except Exception:
        raise StepFailed("step failed (timed out): " + what)


def stale(element):
    try:
        element.tag_name
        return False
    except Exception:
        return True


def click_and_load(d, selector):
    """Clicks what submits a form or follows a link, and waits for the next page."""
    old = css(d, "html")
    css(d, selector).click()
    wait(d, lambda drv: stale(old), "the next page after clicking " + selector)
    no_alert(d)


def shot(d, name):
    """The whole page, not only the window: the viewport made as tall as the page for the capture
    (capturing beyond a small viewport leaves parts of long pages unpainted)."""
    size = d.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": int(size["height"]) + 1, "deviceScaleFactor": 1, "mobile": False})
    try:
        d.execute_script("window.scrollTo(0, 0)")
        png = d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    path = os.path.join(OUT, name + ".png")
    with open(path, "wb") as f:
        f.write(base64.b64decode(png["data"]))
    print("png " + path, flush=True)


def sign_in(d, userid, target):
    """A desktop browser outside WeCom: the bot sends it to QR login, where the fake WeCom lists
    the members; clicking one is their phone scanning the code."""
    d.get(BASE + target)
    wait(d, lambda drv: drv.find_elements(By.ID, "scan-" + userid), "the QR login page")
    css(d, "#scan-" + userid).click()
    wait(d, lambda drv: drv.current_url.startswith(BASE + "/web/"), "back at the workbench after sign-in")
    no_alert(d)


def fetch(d, url, method="GET", body=None, headers=None):
    """A request from inside the page (with its cookies): [status, the body's first 5 characters]."""
    return d.execute_script(
        "return fetch(arguments[0], {method: arguments[1], body: arguments[2], headers: arguments[3] || {}})"
        ".then(async r => [r.status, (await r.text()).slice(0, 5)])", url, method, body, headers)


def button_for(verb):
    return 'form:has(input[name=verb][value="%s"]) button' % verb


# --- the phases ---

def handler(d):
    """张伟 (handler): 待办, the ticket, 签收, the result form with its live preview, an uploaded
    photo and PDF, and the submission."""
    sign_in(d, "zhangwei", "/web/")
    check(text(d, "h1") == "我的待办", "signed in through QR login, on 我的待办")
    page = text(d, "main")
    check("待办工单（1件）" in page, "1 ticket waits")
    check("供暖<script>alert(1)</script>不热" in page, "the citizen's <script> shows as text")
    check("报告截止" in page, "with its deadline")
    shot(d, "01-todo")

    click_and_load(d, 'a[href="/web/ticket?id=1"]')
    check(text(d, "h1") == "工单#1", "the ticket page opens from the list")
    check("<img src=x onerror=alert(2)>" in text(d, ".content"), "the message shows as text")
    click_and_load(d, button_for("签收"))
    check(text(d, ".outcome").startswith("已签收"), "签收 on the page: " + text(d, ".outcome"))
    shot(d, "02-ticket")

    click_and_load(d, 'a[href="/web/result?id=1"]')
    answers = ["属实", "小区供热管网老化，末端压力不足。", "派技术人员入户测温，更换二次网循环泵。",
               "已解决，室温达到20℃以上。", "持续监测该小区供热情况。", "已完成", "网民表示满意", "张伟", "0477-1234567"]
    for i, answer in enumerate(answers):
        css(d, "textarea[name=s%d]" % i).send_keys(answer)
    wait(d, lambda drv: "已解决，室温达到20℃以上" in text(drv, "#preview"), "the live preview while typing")
    check("预览：答复网民" in text(d, "#preview"), "the live preview shows both documents while typing")
    click_and_load(d, "button[value=save]")
    check(text(d, ".outcome").startswith("草稿已保存"), "saved as the chat's draft")

    # Evidence: a real PNG and a real PDF, made by this browser.
    result_url = BASE + "/web/result?id=1"  # (after the save the address is the form's post)
    png, pdf = os.path.join(OUT, "evidence-photo.png"), os.path.join(OUT, "evidence-notice.pdf")
    d.get("data:text/html;charset=utf-8,<body style='background:%23c8e6c9;font-size:32px'>现场照片：室温 21℃</body>")
    d.save_screenshot(png)
    with open(pdf, "wb") as f:
        f.write(base64.b64decode(d.print_page(PrintOptions())))
    d.get(result_url)
    old = css(d, "html")
    css(d, "form.upload input[type=file]").send_keys(png + "\n" + pdf)
    css(d, "form.upload button").click()
    wait(d, lambda drv: stale(old) and "共2件" in text(drv, "form.upload .status"), "both uploads answered")
    status = text(d, "form.upload .status")
    check("照片已保存" in status and "文件已保存" in status, "both files uploaded: " + status)
    shot(d, "03-result")

    check(css(d, "textarea[name=s8]").get_attribute("value") == answers[8], "the draft survives the upload's reload")
    click_and_load(d, "button[value=submit]")
    check(d.current_url == BASE + "/web/ticket?id=1", "back on the ticket's page")
    after = text(d, "main")
    check("办理结果" in after and "网民表示满意" in after, "submitted: the ticket shows the result")
    check("报告PDF" in after and "第1版" in after, "the report PDF version is linked")
    check(len(d.find_elements(By.CSS_SELECTOR, "img.thumb")) == 1, "the photo shows as a thumbnail")


def leader(d):
    """刘洋 (the unit's leader) opens the ticket from the card's link and approves it on the page."""
    check(EXTRA.startswith(BASE + "/web/ticket?id=1"), "the card links to the ticket page: " + EXTRA)
    sign_in(d, "liuyang", EXTRA[len(BASE):])
    check(text(d, "h1") == "工单#1", "the card link opens the ticket after sign-in")
    wait(d, lambda drv: drv.execute_script(
        "const i = document.querySelector('img.thumb'); return i && i.complete && i.naturalWidth > 0"), "the thumbnail")
    check(True, "the photo thumbnail loads")
    status, head = fetch(d, css(d, "a[href*='report=1']").get_attribute("href"))
    check(status == 200 and head == "%PDF-", "the report PDF downloads")
    click_and_load(d, button_for("同意"))
    check(text(d, ".outcome").startswith("已"), "同意 on the page: " + text(d, ".outcome"))
    shot(d, "04-leader-approved")


def other(d):
    """陈静, a handler of another unit: the ticket is not hers."""
    sign_in(d, "chenjing", "/web/ticket?id=1")
    check(text(d, "h1") == "无权查看", "another unit's handler is refused the ticket")
    check(fetch(d, BASE + "/web/ticket?id=1")[0] == 403, "as a 403")
    check(fetch(d, BASE + "/web/file?id=1&report=1")[0] == 403, "and none of the ticket's files")
    shot(d, "05-other-unit-403")


def csrf(d):
    """王芳 (staff), whose turn it is to review: a post without the CSRF token, from a script and
    from the page's own form, is refused and changes nothing."""
    sign_in(d, "wangfang", "/web/ticket?id=1")
    check("待热线审核" in text(d, "main"), "the ticket waits for the hotline's review")
    status = fetch(d, "/web/ticket/act", "POST", "id=1&verb=通过", {"Content-Type": "application/x-www-form-urlencoded"})[0]
    check(status == 403, "a post without the token is refused: %s" % status)
    d.execute_script("document.querySelectorAll('input[name=csrf]').forEach(i => i.remove())")
    click_and_load(d, button_for("通过"))
    check("提交被拒绝" in text(d, "main"), "the form without its token shows the refusal")
    shot(d, "06-csrf-refused")
    d.get(BASE + "/web/ticket?id=1")
    check("待热线审核" in text(d, "main"), "and the ticket did not move")


def staff(d):
    """王芳 (staff): the 三率 page."""
    sign_in(d, "wangfang", "/web/rates")
    check("三率" in text(d, "h1"), "the 三率 page")
    shot(d, "07-rates")


def sandbox(d):
    """The training sandbox: a persona's chat, the clock moved until a reminder arrives, a card's
    button, and the workbench opened as a persona."""
    d.get(BASE + "/sandbox")
    check(text(d, "h1") == "培训沙盘", "the sandbox page")
    click_and_load(d, 'a[href="/sandbox?as=zhangwei"]')
    check("工单#3" in text(d, "ul.inbox"), "张伟 was sent the demo tickets' cards")
    css(d, "input[name=text]").send_keys("待办")
    click_and_load(d, 'form[action="/sandbox/say"] button')
    check("#3" in text(d, "ul.inbox li"), "the bot answered 待办 as it would in WeCom")
    for _ in range(8):
        if "【办理提醒】" in text(d, "ul.inbox"):
            break
        click_and_load(d, "button[value=next]")
    check("【办理提醒】" in text(d, "ul.inbox"), "moving the clock brought 张伟 a reminder")
    shot(d, "08-sandbox")

    click_and_load(d, 'a[href="/sandbox?as=liuyang"]')

    def card_for_4(drv):
        cards = [li for li in drv.find_elements(By.CSS_SELECTOR, "ul.inbox li") if "【工单#4】" in li.text
                 and li.find_elements(By.CSS_SELECTOR, 'form[action="/sandbox/click"]')]
        return cards[0] if cards else None

    card = card_for_4(d)
    check(card is not None, "刘洋 has the card of ticket #4 with its buttons")
    approve = [b for b in card.find_elements(By.CSS_SELECTOR, "button") if b.text == "同意"]
    check(len(approve) == 1, "with 同意")
    old = css(d, "html")
    approve[0].click()
    wait(d, lambda drv: stale(old), "the page after the card's button")
    greyed = [li for li in d.find_elements(By.CSS_SELECTOR, "ul.inbox li") if "【工单#4】" in li.text and "已同意" in li.text]
    check(len(greyed) == 1 and not greyed[0].find_elements(By.CSS_SELECTOR, "button"),
          "the card's 同意 button works, and the card is greyed with the outcome")
    click_and_load(d, 'form[action="/sandbox/open"] button')
    check(text(d, "h1") == "我的待办" and "刘洋" in text(d, "header"), "the workbench opens as 刘洋")
    shot(d, "09-sandbox-workbench")


def main():
    phases = {f.__name__: f for f in (handler, leader, other, csrf, staff, sandbox)}
    if PHASE not in phases:
        print("no phase " + PHASE, file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    d = start_browser()
    try:
        phases[PHASE](d)
        no_alert(d)
        check(True, "no script of a citizen ran (no alert)")
        errors = script_errors(d)
        check(not errors, "the page script ran without errors: %s" % errors)
    except StepFailed as e:
        print(str(e), file=sys.stderr)
        return 1
    finally:
        d.quit()
    print("phase %s passed" % PHASE, flush=True)
    return 0


if __name__ == "__main__":
    # Chromium leaves its singleton folders in TMPDIR after quitting: give it one removed here.
    # (A Chromium process still exiting must not fail the phase that passed.)
    with tempfile.TemporaryDirectory(prefix="hotline-browser-", ignore_cleanup_errors=True) as tmp:
        os.environ["TMPDIR"] = tmp
        sys.exit(main())
