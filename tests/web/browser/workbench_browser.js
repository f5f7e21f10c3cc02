// The workbench in a real browser: Debian's headless Chromium driven by playwright-core (installed
// from tests/peers, nothing downloaded at test time). One phase per person, run by
// tests/web/workbench_browser_test.cpp, which starts the bot and the fake WeCom and checks
// between phases what reached WeCom. Every page visited is saved as a PNG in the output folder.
//
//   node workbench_browser.js PHASE BASE_URL OUT_DIR [URL]
//
// Prints one line per step; exits 1 at the first step that does not hold.
'use strict';
const path = require('path');
const fs = require('fs');

const [phase, base, out, extra] = process.argv.slice(2);
const peers = process.env.HOTLINE_PEERS_DIR;
const { chromium } = require(require.resolve('playwright-core', { paths: [peers] }));

function check(ok, what) {
  if (!ok) throw new Error('step failed: ' + what);
  console.log('ok  ' + what);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(out, name + '.png'), fullPage: true });
  console.log('png ' + path.join(out, name + '.png'));
}

// A desktop browser outside WeCom: the bot sends it to QR login, where the fake WeCom lists the
// members; clicking one is their phone scanning the code.
async function signIn(page, userid, target) {
  await page.goto(base + target);
  await page.click('#scan-' + userid);
  await page.waitForURL((u) => u.toString().startsWith(base + '/web/'));
}

async function withPage(fn) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 430, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const dialogs = [];
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await fn(page, context);
    check(dialogs.length === 0, 'no script of a citizen ran (no alert): ' + JSON.stringify(dialogs));
    check(errors.length === 0, 'the page script ran without errors: ' + JSON.stringify(errors));
  } finally {
    await browser.close();
  }
}

const text = (page, sel) => page.locator(sel).first().innerText();

const phases = {
  // 张伟 (handler): 待办, the ticket, 签收, the result form with its live preview, an uploaded photo
  // and PDF, and the submission.
  async handler(page) {
    await signIn(page, 'zhangwei', '/web/');
    check((await text(page, 'h1')) === '我的待办', 'signed in through QR login, on 我的待办');
    const list = await text(page, 'main');
    check(list.includes('待办工单（1件）'), '1 ticket waits');
    check(list.includes('供暖<script>alert(1)</script>不热'), "the citizen's <script> shows as text");
    check(list.includes('报告截止'), 'with its deadline');
    await shot(page, '01-todo');

    await page.click('a[href="/web/ticket?id=1"]');
    check((await text(page, 'h1')) === '工单#1', 'the ticket page opens from the list');
    check((await text(page, '.content')).includes('<img src=x onerror=alert(2)>'), 'the message shows as text');
    await page.click('form:has(input[name=verb][value="签收"]) button');
    check((await text(page, '.outcome')).startsWith('已签收'), '签收 on the page: ' + (await text(page, '.outcome')));
    await shot(page, '02-ticket');

    await page.click('a[href="/web/result?id=1"]');
    const answers = ['属实', '小区供热管网老化，末端压力不足。', '派技术人员入户测温，更换二次网循环泵。',
      '已解决，室温达到20℃以上。', '持续监测该小区供热情况。', '已完成', '网民表示满意', '张伟', '0477-1234567'];
    for (let i = 0; i < answers.length; i++) await page.fill(`textarea[name=s${i}]`, answers[i]);
    await page.waitForFunction(() => document.getElementById('preview').innerText.includes('已解决，室温达到20℃以上'));
    check((await text(page, '#preview')).includes('预览：答复网民'), 'the live preview shows both documents while typing');
    await page.click('button[value=save]');
    check((await text(page, '.outcome')).startsWith('草稿已保存'), 'saved as the chat\'s draft');

    // Evidence: a real PNG and a real PDF, made by this browser.
    const png = path.join(out, 'evidence-photo.png');
    const pdf = path.join(out, 'evidence-notice.pdf');
    const paper = await page.context().newPage();
    await paper.setContent('<body style="background:#c8e6c9;font-size:32px">现场照片：室温 21℃</body>');
    await paper.screenshot({ path: png, clip: { x: 0, y: 0, width: 320, height: 200 } });
    await paper.pdf({ path: pdf, format: 'A4' });
    await paper.close();
    await page.setInputFiles('form.upload input[type=file]', [png, pdf]);
    await page.click('form.upload button');
    await page.waitForFunction(() => (document.querySelector('form.upload .status') || {}).innerText?.includes('共2件'));
    const status = await text(page, 'form.upload .status');
    check(status.includes('照片已保存') && status.includes('文件已保存'), 'both files uploaded: ' + status);
    await shot(page, '03-result');

    check((await page.inputValue('textarea[name=s8]')) === answers[8], 'the draft survives the upload\'s reload');
    await page.click('button[value=submit]');
    await page.waitForURL(base + '/web/ticket?id=1');
    const after = await text(page, 'main');
    check(after.includes('办理结果') && after.includes('网民表示满意'), 'submitted: the ticket shows the result');
    check(after.includes('报告PDF') && after.includes('第1版'), 'the report PDF version is linked');
    check(await page.locator('img.thumb').count() === 1, 'the photo shows as a thumbnail');
  },

  // 刘洋 (the unit's leader) opens the ticket from the card's link and approves it on the page.
  async leader(page) {
    check(extra && extra.startsWith(base + '/web/ticket?id=1'), 'the card links to the ticket page: ' + extra);
    await signIn(page, 'liuyang', extra.substring(base.length));
    check((await text(page, 'h1')) === '工单#1', 'the card link opens the ticket after sign-in');
    await page.waitForFunction(() => { const i = document.querySelector('img.thumb'); return i && i.complete && i.naturalWidth > 0; });
    check(true, 'the photo thumbnail loads');
    const pdf = await page.request.get(base + (await page.locator('a:has-text("第1版")').getAttribute('href')));
    check(pdf.status() === 200 && (await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the report PDF downloads');
    await page.click('form:has(input[name=verb][value="同意"]) button');
    check((await text(page, '.outcome')).startsWith('已'), '同意 on the page: ' + (await text(page, '.outcome')));
    await shot(page, '04-leader-approved');
  },

  // 陈静, a handler of another unit: the ticket is not hers.
  async other(page) {
    await signIn(page, 'chenjing', '/web/ticket?id=1');
    const response = await page.goto(base + '/web/ticket?id=1');
    check(response.status() === 403, 'another unit\'s handler gets 403');
    check((await text(page, 'main')).includes('无权查看'), 'with the reason');
    const file = await page.request.get(base + '/web/file?id=1&report=1');
    check(file.status() === 403, "and none of the ticket's files");
    await shot(page, '05-other-unit-403');
  },

  // 王芳 (staff), whose turn it is to review: a post without the CSRF token, from a script and
  // from the page's own form, is refused and changes nothing.
  async csrf(page) {
    await signIn(page, 'wangfang', '/web/ticket?id=1');
    check((await text(page, 'main')).includes('待热线审核'), 'the ticket waits for the hotline\'s review');
    const status = await page.evaluate(async () => (await fetch('/web/ticket/act', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'id=1&verb=通过' })).status);
    check(status === 403, 'a post without the token is refused: ' + status);
    await page.evaluate(() => document.querySelectorAll('input[name=csrf]').forEach((i) => i.remove()));
    await Promise.all([page.waitForNavigation(), page.click('form:has(input[name=verb][value="通过"]) button')]);
    check((await text(page, 'main')).includes('提交被拒绝'), 'the form without its token shows the refusal');
    await shot(page, '06-csrf-refused');
    await page.goto(base + '/web/ticket?id=1');
    check((await text(page, 'main')).includes('待热线审核'), 'and the ticket did not move');
  },

  // The training sandbox: a persona's chat, the clock moved until a reminder arrives, a card's
  // button, and the workbench opened as a persona.
  async sandbox(page) {
    await page.goto(base + '/sandbox');
    check((await text(page, 'h1')) === '培训沙盘', 'the sandbox page');
    await page.click('a[href="/sandbox?as=zhangwei"]');
    check((await text(page, 'ul.inbox')).includes('工单#3'), '张伟 was sent the demo tickets\' cards');
    await page.fill('input[name=text]', '待办');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/sandbox/say"] button')]);
    check((await text(page, 'ul.inbox li')).includes('#3'), 'the bot answered 待办 as it would in WeCom');
    for (let i = 0; i < 8 && !(await text(page, 'ul.inbox')).includes('【办理提醒】'); i++)
      await Promise.all([page.waitForNavigation(), page.click('button[value=next]')]);
    check((await text(page, 'ul.inbox')).includes('【办理提醒】'), 'moving the clock brought 张伟 a reminder');
    await shot(page, '08-sandbox');

    await page.click('a[href="/sandbox?as=liuyang"]');
    await Promise.all([page.waitForNavigation(), page.click('ul.inbox form[action="/sandbox/click"] button:has-text("同意")')]);
    const inbox = await text(page, 'ul.inbox');
    check(inbox.includes('已同意') && (await page.locator('ul.inbox button:has-text("同意")').count()) === 0,
      "the card's 同意 button works, and the card is greyed with the outcome");
    await Promise.all([page.waitForNavigation(), page.click('form[action="/sandbox/open"] button')]);
    check((await text(page, 'h1')) === '我的待办' && (await text(page, 'header')).includes('刘洋'), 'the workbench opens as 刘洋');
    await shot(page, '09-sandbox-workbench');
  },

  // 王芳 (staff): the 三率 page.
  async staff(page) {
    await signIn(page, 'wangfang', '/web/rates');
    check((await text(page, 'h1')).includes('三率'), 'the 三率 page');
    await shot(page, '07-rates');
  },
};

(async () => {
  if (!phases[phase]) throw new Error('no phase ' + phase);
  fs.mkdirSync(out, { recursive: true });
  await withPage(phases[phase]);
  console.log('phase ' + phase + ' passed');
})().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });
