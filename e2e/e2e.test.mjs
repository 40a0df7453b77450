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
  await page.click('#save');
  await page.waitForSelector('table.official');
  await page.screenshot({ path: join(artifacts, '3-document.png') });
  assert.match(await page.locator('caption').first().innerText(), /项目支出绩效目标表/);
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
