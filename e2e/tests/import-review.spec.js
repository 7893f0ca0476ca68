// The import review corrects a reading before it is stored: a goal the importer missed
// is marked among the lines not used, a heading it wrongly took for a goal is dropped,
// the page is reloaded in between (the corrections are kept), and the corrected plan
// is what is stored. Forms only: it works the same without JavaScript.
const { test, expect } = require('@playwright/test');
const { expectNoViolations } = require('../axe');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const PASSWORD = 'e2e-lösenord-som-är-långt';
const binary = process.env.RIKTNING_BIN || path.join(__dirname, '..', '..', 'target', 'debug', 'riktning');
// A demo server of its own: the plan stored here must not change what the other
// tests see on the shared one.
const port = String(Number(process.env.E2E_PORT || '18181') + 2);
const base = `http://127.0.0.1:${port}`;
let server;

test.beforeAll(async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'riktning-review-server-'));
  const env = { ...process.env, RIKTNING_ADMIN_PASSWORD: PASSWORD };
  server = spawn(binary, ['--db', path.join(scratch, 'review.db'), 'serve', '--demo', '--bind', `127.0.0.1:${port}`, '--fetch-at', 'off'], { env });
  await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${seen}`)), 60_000);
    const listen = (chunk) => {
      seen += chunk.toString();
      if (seen.includes('Stop with ctrl-c')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout.on('data', listen);
    server.stderr.on('data', listen);
    server.on('exit', (code) => reject(new Error(`the server stopped (${code}): ${seen}`)));
  });
});

test.afterAll(() => {
  if (server) server.kill();
});

// A committee's plan in Markdown: two real goals, a third goal whose heading lacks the
// goal noun (so it reads as text after the goals), and a numbered heading that is not
// a goal at all.
const DOCUMENT = `# Mål och budget 2027 för kultur- och fritidsnämnden

## Mål 1. Alla barn har en meningsfull fritid

Fritidsgårdarna ska ha öppet på helger.

## Mål 2. Biblioteken når fler

Biblioteken ska ha meröppet i alla kommundelar.

## Mål 3. Bilaga med nyckeltal

Tabellen visar utfallen för de senaste åren.

## Friluftslivet växer

Kommunen ska rusta elljusspåren.
`;

async function signIn(page) {
  await page.goto(`${base}/arbeta/logga-in`);
  await page.getByLabel('Användarnamn').fill('admin');
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

async function shoot(page, name) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `screenshots/${width}/import-review-${name}.png`, fullPage: true });
    // Nothing scrolls sideways, down to a phone's width.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(wide, `${name} scrolls sideways at ${width} px`).toBe(false);
  }
}

test('a reading is corrected in the review, survives a reload and is stored as corrected', async ({ page }) => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'riktning-review-'));
  const file = path.join(scratch, 'kultur-2027.md');
  fs.writeFileSync(file, DOCUMENT);

  await signIn(page);
  await page.goto(`${base}/arbeta/import`);
  await page.getByLabel('Dokument', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Läs in och granska' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Granska importen');
  await expect(page).toHaveURL(/\/arbeta\/import\/granska\?token=/);
  await expectNoViolations(page, 'the import review');
  await shoot(page, 'read');

  // The heading without a goal noun is among the lines not used: make it a goal.
  const unused = page.getByRole('table', { name: 'Rader som inte används, med varför' });
  const row = unused.getByRole('row').filter({ hasText: 'Friluftslivet växer' });
  await row.getByRole('button', { name: /Gör till mål/ }).click();
  await expect(page.getByRole('status').first()).toContainText('Raden är nu ett mål.');

  // A reload shows the draft as corrected so far.
  await page.reload();
  await expect(page.locator('article').filter({ hasText: 'Friluftslivet växer' })).toHaveCount(1);

  // "Mål 3" is an appendix, not a goal: drop it.
  const appendix = page.locator('article').filter({ hasText: 'Bilaga med nyckeltal' });
  await appendix.locator('summary').click();
  await appendix.getByRole('button', { name: /Inte ett mål/ }).click();
  await expect(page.getByRole('status').first()).toContainText('Målet är borttaget');
  await expect(page.locator('article').filter({ hasText: 'Bilaga med nyckeltal' })).toHaveCount(0);
  // The corrections of a goal, open, as a person sees them.
  await page.locator('article').filter({ hasText: 'Biblioteken når fler' }).locator('summary').click();
  await expectNoViolations(page, 'the corrected review');
  await shoot(page, 'corrected');

  await page.getByRole('button', { name: 'Spara planen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Målträd');
  const tree = page.locator('main');
  await expect(tree).toContainText('Friluftslivet växer');
  await expect(tree).toContainText('Biblioteken når fler');
  await expect(tree).not.toContainText('Bilaga med nyckeltal');
});
