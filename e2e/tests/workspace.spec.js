// Signs in and takes an assessment from a fresh draft to approved with the keyboard
// only, then checks every workspace page with axe-core for WCAG 2.1 A and AA.
const { test, expect } = require('@playwright/test');
const { expectNoViolations } = require('../axe');

const PASSWORD = 'e2e-lösenord-som-är-långt';

/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page, description, matches, arg) {
  for (let presses = 0; presses < 250; presses++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(matches, arg);
    if (hit) return;
  }
  throw new Error(`could not reach ${description} with Tab`);
}

async function signIn(page) {
  await page.goto('/arbeta/logga-in');
  await tabTo(page, 'the username field', () => document.activeElement?.id === 'username');
  await page.keyboard.type('admin');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Delår 2024');
}

test('an assessment goes from a fresh draft to approved with the keyboard only', async ({ page }) => {
  await signIn(page);
  const linkStartingWith = (text) =>
    document.activeElement?.tagName === 'A' && document.activeElement.textContent.trim().startsWith(text);

  await tabTo(page, 'the goals menu entry', linkStartingWith, 'Mål');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Målträd');

  // 1.4.2 is the company's goal, which nobody has assessed in the interim report.
  await tabTo(page, 'goal 1.4.2', () =>
    document.activeElement?.tagName === 'A' && document.activeElement.textContent.trim() === '1.4.2');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('1.4.2');

  await tabTo(page, 'the assess link', linkStartingWith, 'Bedöm');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Bedömning av mål 1.4.2');
  await expectNoViolations(page, 'the assessment form');

  // Keep the suggested level; write the analysis and save the draft.
  await tabTo(page, 'the analysis field', () => document.activeElement?.id === 'analysis');
  await page.keyboard.type('Bolaget har påbörjat två projekt; effekten syns först nästa år.');
  await tabTo(page, 'the save button', () =>
    document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.includes('Spara utkast'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Utkastet är sparat');

  await tabTo(page, 'the submit button', () =>
    document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.includes('Lämna in'));
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toContainText('inlämnad');

  await tabTo(page, 'the approve button', () =>
    document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.includes('Godkänn'));
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toContainText('Status: godkänd');
});

test('every workspace page has no axe-core violations for WCAG 2.1 A and AA', async ({ page }) => {
  // Some fifty pages, each checked by axe: more than the default two minutes on a
  // busy two-core machine.
  test.setTimeout(300_000);
  await page.goto('/arbeta/logga-in');
  await expectNoViolations(page, 'the sign-in page');
  await signIn(page);
  const pages = ['/arbeta', '/arbeta/mal', '/arbeta/uppfoljning', '/arbeta/aktiviteter', '/arbeta/anvandare', '/arbeta/import', '/arbeta/planer', '/arbeta/perioder', '/arbeta/organisation', '/arbeta/kolada', '/arbeta/mal/ny', '/arbeta/bedomningsregler', '/arbeta/mina-uppgifter', '/arbeta/installningar', '/arbeta/paminnelser', '/arbeta/publicera', '/arbeta/slutsats', '/arbeta/slutsats?period=1', '/arbeta/tillganglighetsrapporter', '/arbeta/konto/nycklar'];
  for (const path of pages) {
    await page.goto(path);
    await expectNoViolations(page, path);
  }
  // Every goal page, each goal's assessment form for its first unit, and a history.
  await page.goto('/arbeta/mal');
  const goalLinks = await page.locator('ul.tree a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(goalLinks.length).toBeGreaterThan(8);
  for (const href of goalLinks) {
    await page.goto(href);
    await expectNoViolations(page, href);
    const assess = page.locator('ul.assessments a[href*="/bedomning"]').first();
    if (await assess.count()) {
      const form = await assess.getAttribute('href');
      await page.goto(form);
      await expectNoViolations(page, form);
    }
  }
  const firstGoal = goalLinks[0].replace(/^\/arbeta\/mal\/(\d+).*$/, '$1');
  for (const form of [`/arbeta/mal/${firstGoal}/redigera`, `/arbeta/mal/ny?forelder=${firstGoal}`, `/arbeta/mal/${firstGoal}/indikator?q=sjukfr%C3%A5nvaro`, '/arbeta/import', '/arbeta/indikator/1/malvarden', '/arbeta/indikator/1/varden', '/arbeta/indikator/5/varden', '/arbeta/aktivitet/1/redigera', '/arbeta/indikator/1/redigera']) {
    await page.goto(form);
    await expectNoViolations(page, form);
  }
  await page.goto(`/arbeta/logg/goal/${firstGoal}`);
  await expectNoViolations(page, 'a goal history');
  await page.goto('/arbeta?period=1');
  await page.goto('/arbeta/sprak?val=en&tillbaka=/arbeta');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoViolations(page, 'the overview in English');
});

test('KPI search shows results as you type when JavaScript is on', async ({ page }) => {
  await signIn(page);
  await page.goto('/arbeta/mal');
  const first = await page.locator('ul.tree a').first().getAttribute('href');
  await page.goto(`${first.replace(/\?.*$/, '')}/indikator`);
  await page.locator('#q').pressSequentially('invånare totalt', { delay: 20 });
  await expect(page.locator('#kpi-results input[value="N01951"]')).toBeVisible();
  await expect(page.locator('#kpi-status')).toContainText('invånare totalt');
  // A second search replaces the first one's results: the list updates every time,
  // and the status line that screen readers announce is the same element throughout.
  const statusBefore = await page.locator('#kpi-status').elementHandle();
  await page.locator('#q').fill('');
  await page.locator('#q').pressSequentially('sjukfrånvaro', { delay: 20 });
  await expect(page.locator('#kpi-status')).toContainText('sjukfrånvaro');
  await expect(page.locator('#kpi-results input[value="N01951"]')).toHaveCount(0);
  expect(await page.locator('#kpi-hits input[name="kpi"]').count()).toBeGreaterThan(0);
  expect(await statusBefore.evaluate((node) => node.isConnected)).toBe(true);
  await expect(page).toHaveURL(/\/indikator$/);
});

// Every page at 320 px wide must fit without scrolling sideways (WCAG 1.4.10; a wide
// table may scroll inside its own box), pass axe at 390 px as well, and is saved as a
// screenshot at 390 and 1280 px in e2e/screenshots/ for people to look at.
test('no page scrolls sideways at 320 px; screenshots at 390 and 1280 px', async ({ page }) => {
  await signIn(page);
  await page.goto('/arbeta/mal');
  const goalLinks = await page.locator('ul.tree a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const paths = ['/arbeta', '/arbeta/mal', '/arbeta/uppfoljning', '/arbeta/aktiviteter', '/arbeta/anvandare', '/arbeta/import', '/arbeta/konto/losenord',
    '/arbeta/planer', '/arbeta/perioder', '/arbeta/organisation', '/arbeta/kolada', '/arbeta/mal/ny', '/arbeta/bedomningsregler', '/arbeta/mina-uppgifter', '/arbeta/installningar', '/arbeta/paminnelser', '/arbeta/publicera', '/arbeta/slutsats', '/arbeta/tillganglighetsrapporter', '/arbeta/konto/nycklar'];
  for (const href of goalLinks.slice(0, 4)) {
    paths.push(href);
    await page.goto(href);
    const assess = page.locator('ul.assessments a[href*="/bedomning"]').first();
    if (await assess.count()) paths.push(await assess.getAttribute('href'));
  }
  const firstGoal = goalLinks[0].replace(/^\/arbeta\/mal\/(\d+).*$/, '$1');
  paths.push(`/arbeta/mal/${firstGoal}/redigera`, `/arbeta/mal/ny?forelder=${firstGoal}`, `/arbeta/mal/${firstGoal}/indikator?q=sjukfr%C3%A5nvaro`,
    '/arbeta/indikator/1/malvarden', '/arbeta/indikator/5/varden', '/arbeta/aktivitet/1/redigera', '/arbeta/indikator/1/redigera', `/arbeta/logg/goal/${firstGoal}`);
  const overflowing = [];
  for (const path of paths) {
    const name = path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'overview';
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) overflowing.push(`${path}: ${width} px`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `screenshots/390/${name}.png`, fullPage: true });
    await expectNoViolations(page, `${path} at 390 px`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `screenshots/1280/${name}.png`, fullPage: true });
  }
  expect(overflowing, 'pages wider than a 320 px screen').toEqual([]);
});

test('the goal section downloads from the Publicering page, and the printable page keeps its styles', async ({ page }) => {
  await signIn(page);
  await page.goto('/arbeta/publicera');
  await page.locator('#document-period').selectOption({ label: 'Delår 2024' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Word (.docx)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('utkast-maluppfyllelse-delar-2024.docx');
  const path = await download.path();
  const bytes = require('fs').readFileSync(path);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  // The printable page opens in the browser with its own stylesheet applied (the
  // content policy allows its inline styles and nothing else), and passes axe.
  await page.goto('/arbeta/publicera');
  await page.locator('#document-period').selectOption({ label: 'Tertial 1 2024' });
  await page.getByRole('button', { name: 'Utskriftsvänlig sida' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Måluppfyllelse – Tertial 1 2024');
  const maxWidth = await page.evaluate(() => getComputedStyle(document.body).maxWidth);
  expect(maxWidth).not.toBe('none');
  await expectNoViolations(page, 'the printable goal section');
  await page.screenshot({ path: 'screenshots/1280/goal-section.png', fullPage: false });
});

test('a controller writes the conclusion on god ekonomisk hushållning with the keyboard, and the goal section carries it', async ({ page }) => {
  await signIn(page);
  await page.goto('/arbeta/publicera');
  await page.getByRole('link', { name: 'Delår 2024', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Slutsats om god ekonomisk hushållning: Delår 2024');
  await page.locator('#verdict-not_achieved').focus();
  await page.keyboard.press('Space');
  await page.locator('#text').focus();
  await page.keyboard.type('Resultatet når inte målet i delåret.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toContainText('Slutsatsen är sparad.');
  await expect(page.locator('main')).toContainText('God ekonomisk hushållning har inte uppnåtts');
  await expectNoViolations(page, 'the conclusion page after saving');
  await page.screenshot({ path: 'screenshots/1280/conclusion.png', fullPage: true });

  await page.goto('/arbeta/publicera');
  await page.locator('#document-period').selectOption({ label: 'Delår 2024' });
  await page.getByRole('button', { name: 'Utskriftsvänlig sida' }).click();
  await expect(page.locator('body')).toContainText('Resultatet når inte målet i delåret.');
});
