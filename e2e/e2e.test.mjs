// End-to-end: the jixiao web app in real headless Chromium (Debian's), driven by
// Playwright. Starts `jixiao serve` on a fresh SQLite database (filled with demo
// data), uploads a published seed table through 导入, finds one of its
// indicators with 指标检索 and sees the review finding beside it.
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

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  const db = join(mkdtempSync(join(tmpdir(), 'jixiao-e2e-')), 'e2e.db');
  server = spawn(bin, ['serve', '--db', db, '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'inherit', 'inherit'] });
  await waitFor(`${base}/healthz`, 60000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
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

test('upload a published table, preview it, save it', async () => {
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
