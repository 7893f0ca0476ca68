// A municipality's first year from an empty database, by keyboard only: setup, the
// budget document uploaded, a unit, a period, the KPI catalogue, an indicator from the
// KPI search, an assessment written, submitted and approved, and the period closed.
// The server is a fresh `riktning serve` of its own, started here, on an empty file.
const { test, expect } = require('@playwright/test');
const { expectNoViolations } = require('../axe');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const binary = process.env.RIKTNING_BIN || path.join(__dirname, '..', '..', 'target', 'debug', 'riktning');
const port = String(Number(process.env.E2E_PORT || '18181') + 1);
const example = path.join(__dirname, '..', '..', 'examples', 'ostersund-budget-2024.md');
const kolada = path.join(__dirname, '..', '..', '..', 'shared', 'kolada');
const PASSWORD = 'tre gröna tallar vid sjön';

let server;
let setupPath;

test.beforeAll(async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'riktning-first-year-'));
  const env = { ...process.env };
  delete env.RIKTNING_ADMIN_PASSWORD;
  delete env.RIKTNING_TENANT;
  server = spawn(binary, ['--db', path.join(scratch, 'year.db'), 'serve', '--bind', `127.0.0.1:${port}`, '--fetch-at', 'off'], { env });
  setupPath = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no setup address printed: ${seen}`)), 30_000);
    server.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      const found = seen.match(/http:\/\/[^ ]+(\/arbeta\/borja\?kod=[0-9a-f]+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`the server stopped (${code}): ${seen}`)));
  });
});

test.afterAll(() => {
  if (server) server.kill();
});

/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page, description, matches, arg) {
  for (let presses = 0; presses < 300; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches, arg)) return;
  }
  throw new Error(`could not reach ${description} with Tab`);
}

const focusedId = (id) => document.activeElement?.id === id;
const focusedLink = (text) =>
  document.activeElement?.tagName === 'A' && document.activeElement.textContent.trim().startsWith(text);
const focusedButton = (text) =>
  document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.trim().startsWith(text);

/** Presses Enter on what has focus and waits for the page it leads to. */
async function enterAndWait(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

async function followLink(page, text) {
  await tabTo(page, `the link "${text}"`, focusedLink, text);
  await enterAndWait(page);
}

async function press(page, text) {
  await tabTo(page, `the button "${text}"`, focusedButton, text);
  await enterAndWait(page);
}

async function typeInto(page, id, text) {
  await tabTo(page, `the field #${id}`, focusedId, id);
  await page.keyboard.type(text);
}

/** Chooses files in a focused file input the way a keyboard user does: Space opens
 * the chooser, which the test answers. */
async function chooseFiles(page, id, files) {
  await tabTo(page, `the file field #${id}`, focusedId, id);
  // Space opens a focused file field's dialog. On a busy machine Chromium has once
  // let that key press pass without a dialog (CI, 2026-11-30), so the test presses
  // again, as a keyboard user would, on the same focused field.
  for (let attempt = 0; attempt < 3; attempt++) {
    const opened = page.waitForEvent('filechooser', { timeout: 15_000 }).catch(() => null);
    await page.keyboard.press('Space');
    const chooser = await opened;
    if (chooser) {
      await chooser.setFiles(files);
      return;
    }
    expect(await page.evaluate(focusedId, id)).toBe(true);
  }
  throw new Error(`the file dialog of #${id} did not open from the keyboard`);
}

async function shoot(page, name) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `screenshots/${width}/first-year-${name}.png`, fullPage: true });
  }
}

test('a whole year from an empty database, by keyboard only', async ({ page }) => {
  const base = `http://127.0.0.1:${port}`;

  // Setup: the printed address fills in the start code.
  await page.goto(base + setupPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kom igång med Riktning');
  await expectNoViolations(page, 'the setup page');
  await shoot(page, 'setup');
  await typeInto(page, 'municipality', 'Östersund');
  await typeInto(page, 'name', 'Anna Berg');
  await typeInto(page, 'password', PASSWORD);
  await typeInto(page, 'repeat', PASSWORD);
  await enterAndWait(page);
  await expect(page.getByRole('status')).toContainText('Välkommen!');
  await expectNoViolations(page, 'the plans page, empty');
  await shoot(page, 'plans-empty');

  // The budget document, uploaded and confirmed.
  await followLink(page, 'Importera budgetdokumentet');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Importera');
  await chooseFiles(page, 'document', example);
  await press(page, 'Läs in och granska');
  await press(page, 'Spara planen');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Målträd');

  // A unit.
  await followLink(page, 'Inställningar');
  await followLink(page, 'Organisation');
  await typeInto(page, 'name', 'Barn- och utbildningsnämnden');
  await typeInto(page, 'short_name', 'BUN');
  await press(page, 'Lägg till en enhet');
  await expect(page.getByRole('status')).toContainText('Enheten är tillagd: Barn- och utbildningsnämnden.');
  await expectNoViolations(page, 'the organisation page');
  await shoot(page, 'organisation');

  // A period; until there is one, the overview says how to add it.
  await followLink(page, 'Översikt');
  await expect(page.getByRole('status')).toContainText('Planen har inga uppföljningsperioder ännu');
  await typeInto(page, 'name', 'Delår 2024');
  await typeInto(page, 'starts_on', '2024-01-01');
  await typeInto(page, 'ends_on', '2024-08-31');
  await typeInto(page, 'deadline', '2024-09-20');
  await typeInto(page, 'values_through', '2023');
  await press(page, 'Lägg till en period');
  await expect(page.getByRole('status')).toContainText('Perioden är tillagd: Delår 2024.');
  await expectNoViolations(page, 'the periods page');
  await shoot(page, 'periods');

  // The KPI catalogue, from the saved files.
  await followLink(page, 'Inställningar');
  await followLink(page, 'Kolada');
  await chooseFiles(page, 'files', [path.join(kolada, 'kpi.json'), path.join(kolada, 'municipality.json')]);
  await press(page, 'Ladda upp katalogen');
  await expect(page.getByRole('status').first()).toContainText('Katalogen är inläst');
  await expectNoViolations(page, 'the Kolada page');
  await shoot(page, 'kolada');

  // Goal 1.1 gets BUN as responsible unit, and an indicator from the KPI search.
  await followLink(page, 'Mål');
  await tabTo(page, 'goal 1.1', () => document.activeElement?.tagName === 'A' && document.activeElement.textContent.trim() === '1.1');
  await enterAndWait(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('1.1');
  await followLink(page, 'Redigera');
  await tabTo(page, 'the BUN checkbox', () => document.activeElement?.type === 'checkbox' && document.activeElement.labels[0]?.textContent.includes('Barn- och utbildningsnämnden'));
  await page.keyboard.press('Space');
  await press(page, 'Spara');
  await expect(page.locator('main')).toContainText('Barn- och utbildningsnämnden');

  await followLink(page, 'Lägg till indikator');
  await typeInto(page, 'q', 'invånare totalt');
  await expect(page.locator('#kpi-results input[value="N01951"]')).toBeVisible();
  // The hits are one group of radio buttons: Tab enters it, the arrow keys choose.
  await tabTo(page, 'the KPI choices', focusedId, 'kpi-none');
  for (let presses = 0; presses < 30; presses++) {
    if (await page.evaluate(() => document.activeElement?.value === 'N01951')) break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(page.locator('#kpi-results input[value="N01951"]')).toBeChecked();
  await tabTo(page, 'higher is better', focusedId, 'dir-higher');
  await page.keyboard.press('Space');
  await typeInto(page, 'target_year', '2040');
  await typeInto(page, 'target_value', '75000');
  await press(page, 'Lägg till indikator för mål');
  await expect(page.locator('main')).toContainText('Invånare totalt');

  // The assessment: written, submitted and approved.
  await followLink(page, 'Bedöm');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Bedömning av mål 1.1');
  await typeInto(page, 'analysis', 'Befolkningen växer men långsammare än målet kräver.');
  await press(page, 'Spara utkast');
  await expect(page.getByRole('status')).toContainText('Utkastet är sparat');
  await press(page, 'Lämna in');
  await expect(page.locator('main')).toContainText('inlämnad');
  await press(page, 'Godkänn');
  await expect(page.locator('main')).toContainText('Status: godkänd');
  await shoot(page, 'assessment-approved');

  // The period closed.
  await followLink(page, 'Perioder');
  await press(page, 'Stäng perioden');
  await expect(page.getByRole('status')).toContainText('Perioden är stängd');
  await expect(page.locator('main')).toContainText('stängd');
  await shoot(page, 'period-closed');
});
