// End-to-end: the jixiao web app in real headless Chromium (Debian's), driven by
// Playwright. Starts `jixiao serve` on a fresh SQLite database (filled with demo
// data and demo users, whose passwords it prints once), then: the reviewer
// uploads a published seed table through 导入; the public finds its indicators
// with 指标检索; and four users take a table through the whole workflow —
// the editor copies last year's table and edits it in the browser (a live
// finding disappears), submits; the approver forwards; the reviewer returns it
// with a comment on one indicator; the editor sees the comment in place,
// fixes and resubmits; approver forwards, reviewer approves and publishes;
// the public, which could not see the draft, finds it on 首页 and 指标检索.
// Then the editor enters a 1–7月 monitoring round that turns a project red, the
// reviewer finds it with its cause among the laggards, the approver checks it;
// a 1–12月 round gives the self-evaluation, checked against a hand computation.
// Screenshots go to ../artifacts/e2e/.
//
//   JIXIAO_BIN=../target/release/jixiao node --test e2e.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;
const bin = resolve(here, process.env.JIXIAO_BIN || '../target/release/jixiao');
const shared = resolve(here, process.env.JIXIAO_SHARED || '../../shared');
const artifacts = resolve(here, '../artifacts/e2e');
const port = 18000 + Math.floor(Math.random() * 2000);
const base = `http://127.0.0.1:${port}`;
let server, browser, page;

function seed(prefix) {
  const dir = join(shared, 'seeds');
  const name = existsSync(dir) && readdirSync(dir).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`seed ${prefix} missing in ${dir}`);
  return join(dir, name);
}

async function waitFor(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer in ${ms} ms`);
}

let passwords = {};
const contexts = {};

async function as(user) {
  if (contexts[user]) return contexts[user];
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const p = await ctx.newPage();
  if (user !== 'public') {
    await p.goto(base + '/login');
    await p.fill('#name', user);
    await p.fill('#password', passwords[user]);
    await p.click('#login');
    await p.waitForSelector('#who');
  }
  contexts[user] = p;
  return p;
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  const db = join(mkdtempSync(join(tmpdir(), 'jixiao-e2e-')), 'e2e.db');
  server = spawn(bin, ['serve', '--db', db, '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'inherit', 'pipe'] });
  server.stderr.setEncoding('utf8');
  let printed = '';
  server.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    printed += chunk;
    for (const m of printed.matchAll(/^\s+(admin|editor|approver|reviewer)\s+(\S+)\s/gm)) passwords[m[1]] = m[2];
  });
  await waitFor(`${base}/healthz`, 60000);
  assert.deepEqual(Object.keys(passwords).sort(), ['admin', 'approver', 'editor', 'reviewer'], 'demo users printed');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await as('public');
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
});

test('home page shows departments, years and demo data', async () => {
  await page.goto(base + '/');
  await page.screenshot({ path: join(artifacts, '1-home.png'), fullPage: false });
  assert.equal(await page.locator('h1').innerText(), '绩效目标总览');
  const documents = Number(await page.locator('.stats .card b').first().innerText());
  assert.ok(documents > 0, 'demo data present');
});

test('the public cannot import', async () => {
  await page.goto(base + '/import');
  assert.match(page.url(), /\/login/);
});

test('the reviewer uploads a published table, previews it, saves it', async () => {
  const page = await as('reviewer');
  await page.goto(base + '/');
  await page.getByRole('link', { name: '导入' }).click();
  await page.setInputFiles('#file', seed('000'));
  await page.click('#preview');
  await page.waitForSelector('#save');
  await page.screenshot({ path: join(artifacts, '2-preview.png') });
  assert.match(await page.locator('h1').innerText(), /预览/);
  assert.ok(await page.locator('table.official tbody tr').count() > 5, 'the preview shows the table in its official layout');
  assert.equal(await page.locator('#preview-json pre').isVisible(), false, 'the JSON only on request');
  await page.click('#save');
  await page.waitForSelector('table.official');
  await page.screenshot({ path: join(artifacts, '3-document.png') });
  assert.match(await page.locator('caption').first().innerText(), /项目支出绩效目标表/);
  // A finding in the summary jumps to its row.
  const link = page.locator('.findings-summary a.place').first();
  await page.locator('.findings-summary details').evaluateAll((ds) => ds.forEach((d) => { d.open = true; }));
  const target = (await link.getAttribute('href')).slice(1);
  await link.click();
  await page.waitForFunction((id) => location.hash === '#' + id, target);
  const row = page.locator(`[id="${target}"]`);
  assert.ok(await row.evaluate((el) => el.matches(':target')), 'the row is the target');
  const box = await row.boundingBox();
  assert.ok(box && box.y >= 0 && box.y < 1000, 'the row is in view');
  await page.screenshot({ path: join(artifacts, '3b-finding-row.png') });
});

test('find one of its indicators and see its finding', async () => {
  await page.goto(base + '/');
  await page.getByRole('link', { name: '指标检索' }).click();
  await page.fill('input[name=q]', '安置帮教对象日常管理');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#results');
  await page.screenshot({ path: join(artifacts, '4-search.png') });
  const row = page.locator('#results tbody tr').first();
  assert.match(await row.innerText(), /安置帮教对象日常管理/);
  const badges = await row.locator('.badge').count();
  assert.ok(badges > 0, 'the indicator carries a review finding');
});

test('search pages forward and back with one total, words in any scope', async () => {
  await page.goto(base + '/search');
  await page.fill('input[name=q]', '率');
  await page.selectOption('select[name=scope]', 'name');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#results');
  const total = await page.locator('#total').innerText();
  assert.match(total, /^[\d,]+$|^超过/, 'a total, not the length of the page');
  const firstRows = await page.locator('#results tbody tr').allInnerTexts();
  for (const n of [2, 3]) {
    await page.locator('nav.pager a[rel=next]').click();
    await page.waitForSelector('#results');
    assert.equal(await page.locator('#total').innerText(), total, `page ${n} reports the same total`);
    assert.equal(await page.locator('nav.pager [aria-current=page]').innerText(), String(n));
    assert.match(await page.locator('#summary').innerText(), new RegExp(`第 ${(n - 1) * 100 + 1}–`));
  }
  await page.screenshot({ path: join(artifacts, '4b-search-page-3.png'), fullPage: false });
  await page.locator('nav.pager a[rel=prev]').click();
  await page.locator('nav.pager a', { hasText: /^1$/ }).click();
  await page.waitForSelector('#results');
  assert.deepEqual(await page.locator('#results tbody tr').allInnerTexts(), firstRows, 'back on page 1, the same rows');
  // Two words apart in an indicator name: both required.
  await page.fill('input[name=q]', '满意 度');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#results');
  const names = await page.locator('#results tbody tr td:nth-child(5)').allInnerTexts();
  assert.ok(names.length > 0 && names.every((t) => t.includes('满意') && t.includes('度')));
});

test('compare one indicator across departments and years', async () => {
  await page.goto(base + '/compare?name=' + encodeURIComponent('满意度'));
  await page.screenshot({ path: join(artifacts, '5-compare.png') });
  assert.ok(await page.locator('svg polyline').count() > 0, 'a chart with lines');
});

let draftId;
const marker = '社区帮教走访户数';

test('editor: copy last year, edit in the browser, a live finding disappears, submit', async () => {
  const page = await as('editor');
  await page.goto(base + '/workbench');
  await page.screenshot({ path: join(artifacts, '6-workbench.png') });
  await page.click('#copy-submit');
  await page.waitForURL(/\/documents\/\d+\/edit/);
  draftId = Number(page.url().match(/documents\/(\d+)/)[1]);
  const row = page.locator('tr[data-index="0"]');
  await row.waitFor();
  const name = row.locator('input[aria-label^="三级指标"]');
  const value = row.locator('input[aria-label^="指标值"]');
  await name.fill(marker);
  await value.fill('');
  await page.waitForFunction(() => /没有指标值|指标值缺失/.test(document.querySelector('tr[data-index="0"] .live-findings')?.textContent || ''));
  await page.screenshot({ path: join(artifacts, '7-editor-finding.png') });
  await value.fill('不少于480户');
  await page.waitForFunction(() => !/没有指标值|指标值缺失/.test(document.querySelector('tr[data-index="0"] .live-findings')?.textContent || ''));
  assert.match(await row.locator('.live-target').innerText(), /480/);
  await page.waitForFunction(() => /已保存/.test(document.querySelector('#save-status')?.textContent || ''), null, { timeout: 15000 });
  await page.screenshot({ path: join(artifacts, '8-editor-fixed.png') });
  // The public cannot see the draft, nor find it.
  const pub = await as('public');
  await pub.goto(base + `/documents/${draftId}`);
  assert.match(pub.url(), /\/login/, 'a draft asks the public to sign in');
  await pub.goto(base + '/search?q=' + encodeURIComponent(marker));
  assert.equal(await pub.locator('#results tbody tr').count(), 0, 'drafts are not searchable');
  await page.goto(base + `/documents/${draftId}`);
  await page.click('#do-submit');
  await page.waitForSelector('#doc-state');
  assert.match(await page.locator('#doc-state').innerText(), /待部门审核/);
});

async function step(user, action, fill) {
  const page = await as(user);
  await page.goto(base + `/documents/${draftId}`);
  if (fill) await fill(page);
  await page.click(`#do-${action}`);
  await page.waitForSelector('#doc-state');
  return page;
}

test('approver forwards, reviewer returns with a comment on the indicator', async () => {
  await step('approver', 'forward');
  const page = await step('reviewer', 'return', async (p) => {
    await p.fill('#return-reason', '指标值需与重点任务一致');
    const option = p.locator('#comment-place-1 option', { hasText: marker });
    await p.selectOption('#comment-place-1', await option.first().getAttribute('value'));
    await p.fill('#comment-text-1', '请核实走访户数口径');
    await p.screenshot({ path: join(artifacts, '9-return.png') });
  });
  assert.match(await page.locator('#doc-state').innerText(), /已退回/);
});

test('editor sees the comment in place, fixes, resubmits; it is approved and published', async () => {
  const page = await as('editor');
  await page.goto(base + `/documents/${draftId}/edit`);
  const row = page.locator('tr[data-index="0"]');
  await row.waitFor();
  await page.waitForSelector('.comment');
  assert.match(await page.locator('.comment').first().innerText(), /请核实走访户数口径/);
  await page.screenshot({ path: join(artifacts, '10-comment-in-place.png') });
  await row.locator('input[aria-label^="指标值"]').fill('不少于500户');
  await page.waitForFunction(() => /已保存/.test(document.querySelector('#save-status')?.textContent || '') , null, { timeout: 15000 });
  await step('editor', 'submit');
  await step('approver', 'forward');
  await step('reviewer', 'approve');
  const done = await step('reviewer', 'publish');
  assert.match(await done.locator('#doc-state').innerText(), /已公开/);
  await done.goto(base + `/documents/${draftId}/history`);
  await done.screenshot({ path: join(artifacts, '11-history.png') });
  assert.ok(await done.locator('#audit tbody tr').count() >= 9);
});

test('the public finds the published table on 首页 and 指标检索', async () => {
  const pub = await as('public');
  await pub.goto(base + '/');
  assert.ok(await pub.locator(`a[href="/documents/${draftId}"]`).count() > 0, 'listed on the home page');
  await pub.goto(base + '/search?q=' + encodeURIComponent(marker));
  await pub.waitForSelector('#results');
  assert.match(await pub.locator('#results tbody tr').first().innerText(), /500户/);
  await pub.screenshot({ path: join(artifacts, '12-public-search.png') });
});

// Monitoring and self-evaluation of the table just published.
let firstProject;

test('editor enters a 1–7月 round: one project turns red, its cause in the laggard list; the approver checks it', async () => {
  const page = await as('editor');
  await page.goto(base + `/documents/${draftId}`);
  await page.click('#monitoring-link');
  await page.waitForSelector('#monitor-form');
  firstProject = await page.locator('#monitor-form h3').first().innerText();
  await page.selectOption('#month', '7');
  await page.fill('#p0-executed', '0');
  const row = page.locator('table.entry tr[data-indicator]').first();
  const at = await row.getAttribute('data-indicator');
  await page.fill(`#i${at}-actual`, '0');
  await page.selectOption(`#i${at}-likelihood`, 'impossible');
  await page.check(`#i${at}-cause-funding`);
  await page.fill(`#i${at}-explanation`, '专项资金尚未下达');
  await page.fill(`#i${at}-action`, '协调财政尽快拨付');
  await page.screenshot({ path: join(artifacts, '13-monitoring-form.png'), fullPage: true });
  await page.click('#monitor-save');
  await page.waitForSelector('#notice');
  assert.match(await page.locator('#notice').innerText(), /红色预警/);
  const round = page.locator('section.round').first();
  assert.match(await round.locator('h3').innerText(), /1–7月/);
  assert.match(await round.locator('table.projects tbody tr').first().innerText(), /红色预警/);

  const reviewer = await as('reviewer');
  await reviewer.goto(base + '/laggards');
  await reviewer.waitForSelector('#laggards');
  await reviewer.screenshot({ path: join(artifacts, '14-laggards.png'), fullPage: true });
  const mine = `#laggards tbody tr:has(a[href="/documents/${draftId}/monitoring"])`;
  const lag = reviewer.locator(mine, { hasText: firstProject }).first();
  assert.match(await lag.innerText(), /红色预警/);
  assert.match(await lag.locator('.causes-given').innerText(), /经费保障（专项资金尚未下达）；整改措施：协调财政尽快拨付/);
  await reviewer.click('#order-execution');
  await reviewer.waitForSelector('#laggards');
  assert.ok(await reviewer.locator(mine, { hasText: firstProject }).count() > 0, 'sorted by execution, still listed');
  // Demo rounds are there too: red before yellow.
  const lights = await reviewer.locator('#laggards tbody tr .light').allInnerTexts();
  assert.ok(lights.length > 1, 'the demo data has laggards of its own');
  await reviewer.click('#order-light');
  await reviewer.waitForSelector('#laggards');
  const ordered = await reviewer.locator('#laggards tbody tr .light').allInnerTexts();
  assert.deepEqual(ordered, [...ordered].sort((a, b) => (a === b ? 0 : a === '红色预警' ? -1 : 1)), 'red first');

  const approver = await as('approver');
  await approver.goto(base + `/documents/${draftId}/monitoring`);
  const id = await approver.locator('section.round').first().getAttribute('data-round');
  await approver.click(`#check-${id}`);
  await approver.waitForSelector('section.round');
  assert.match(await approver.locator('section.round').first().innerText(), /已审核/);
});

test('year-end self-evaluation: the score and grade follow the hand computation', async () => {
  const page = await as('editor');
  await page.goto(base + `/documents/${draftId}/monitoring`);
  await page.waitForSelector('#monitor-form');
  await page.selectOption('#month', '12');
  const budget = Number((await page.inputValue('#p0-budget')).replace(/,/g, ''));
  assert.ok(budget > 0, 'the budget comes from the table');
  await page.fill('#p0-executed', (budget * 0.9).toFixed(4));
  // Every indicator of the first project reached, except one ≥N target reached half way.
  const rows = page.locator('#monitor-form table.entry').nth(1).locator('tr[data-indicator]');
  const n = await rows.count();
  let half = null;
  const printed = [];
  for (let k = 0; k < n; k++) {
    const r = rows.nth(k);
    const at = await r.getAttribute('data-indicator');
    const target = (await r.locator('td').nth(1).innerText()).trim();
    printed.push(Number((await r.locator('td.weight').innerText()).trim() || NaN));
    const m = target.match(/^≥\s*(\d+(?:\.\d+)?)(%|[^\d\s.%]*)$/);
    let actual = '达成';
    if (m && half === null) {
      half = { name: (await r.locator('td').first().innerText()).trim(), target: Number(m[1]), actual: Number(m[1]) / 2 };
      actual = `${half.actual}${m[2]}`;
    }
    await page.fill(`#i${at}-actual`, actual);
    await page.selectOption(`#i${at}-likelihood`, 'certain');
    for (const c of ['funding', 'rules', 'staffing', 'equipment', 'other']) await page.uncheck(`#i${at}-cause-${c}`);
    await page.fill(`#i${at}-explanation`, '');
    await page.fill(`#i${at}-action`, '');
  }
  await page.click('#monitor-save');
  await page.waitForSelector('#notice');
  await page.click('#selfeval-link');
  await page.waitForSelector('#summary');
  await page.screenshot({ path: join(artifacts, '15-self-evaluation.png'), fullPage: true });
  const section = page.locator('section.project-eval').first();
  assert.equal(await section.getAttribute('data-project'), firstProject);
  // By hand: execution min(0.9, 1) × 10 = 9; each indicator out of its printed
  // 分值 where the table prints one for every indicator, else 90 points shared by
  // the categories present (产出 50, 效益 30, 满意度 10, rescaled to 90), each
  // category's among its indicators.
  assert.match(await section.locator('tr.execution').innerText(), /9\.00/);
  assert.match(await section.locator('tr.execution .formula').innerText(), /执行率 90%/);
  const points = { 产出指标: 50, 效益指标: 30, 满意度指标: 10 };
  const inds = section.locator('tr.indicator');
  const cats = [];
  for (let k = 0; k < await inds.count(); k++) cats.push((await inds.nth(k).locator('td').first().innerText()).trim());
  const count = {};
  for (const c of cats) count[c] = (count[c] || 0) + 1;
  const live = Object.keys(count).reduce((s, c) => s + points[c], 0);
  let total = 9;
  for (let k = 0; k < cats.length; k++) {
    const w = printed.every((x) => x >= 0) ? printed[k] : (points[cats[k]] * 90) / live / count[cats[k]];
    const name = (await inds.nth(k).locator('td').nth(1).innerText()).trim();
    const shown = Number(await inds.nth(k).locator('td').nth(4).innerText());
    assert.ok(Math.abs(shown - w) < 0.006, `weight of ${name}: ${shown} vs ${w}`);
    const f = half && name === half.name ? half.actual / half.target : 1;
    const s = Math.round(w * f * 100) / 100;
    const score = Number(await inds.nth(k).locator('td').nth(5).innerText());
    assert.ok(Math.abs(score - s) < 0.006, `score of ${name}: ${score} vs ${s}`);
    if (f < 1) {
      const formula = await inds.nth(k).locator('.formula').innerText();
      assert.ok(formula.includes(String(half.actual)) && formula.includes(String(half.target)), formula);
    }
    total += s;
  }
  const shownTotal = Number(await section.locator('.total-score').innerText());
  assert.ok(Math.abs(shownTotal - total) < 0.02, `total ${shownTotal} vs ${total}`);
  const grade = total >= 90 ? '优' : total >= 80 ? '良' : total >= 60 ? '中' : '差';
  assert.equal(await section.locator('.grade').innerText(), grade);
  const xlsx = await page.request.get(base + `/documents/${draftId}/self-evaluation?format=xlsx`);
  assert.equal(xlsx.status(), 200);
  assert.ok((await xlsx.body()).subarray(0, 2).toString() === 'PK', 'an XLSX file');
});
