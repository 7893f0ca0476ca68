// The public site, without signing in: every page type passes axe-core for WCAG 2.1
// A and AA in Swedish and English at 1280 and 390 px, nothing scrolls sideways at
// 320 px, the keyboard reaches a goal, and screenshots are saved for people to look at.
const { test, expect } = require('@playwright/test');
const { expectNoViolations } = require('../axe');

/** The public pages of each type: the start page, the list, a plan and three goals. */
async function publicPages(page) {
  await page.goto('/');
  const goals = await page.locator('ul.public-goals a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(goals.length).toBeGreaterThan(4);
  const plan = goals[0].replace(/\/mal\/\d+$/, '');
  // A council goal, and one of the goals under it.
  await page.goto(goals[3]);
  const children = await page.locator('ul.public-goals a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const goalId = goals[3].match(/\/mal\/(\d+)$/)[1];
  return [
    '/', '/publiceringar', plan, goals[0], goals[3], ...children.slice(0, 1),
    '/sok?q=bost%C3%A4der', '/sok?q=inget-finns-h%C3%A4r', '/om-data', '/tillganglighet',
    `/inbadda/mal/${goalId}`,
  ];
}

test('every public page type passes axe in Swedish and English, at 1280 and 390 px', async ({ page }) => {
  const paths = await publicPages(page);
  const overflowing = [];
  for (const lang of ['sv', 'en']) {
    await page.goto(`/sprak?val=${lang}&tillbaka=/`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    for (const path of paths) {
      const name = `public_${lang}_${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'start'}`;
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) overflowing.push(`${path} (${lang}): ${width} px`);
      await page.setViewportSize({ width: 390, height: 844 });
      await expectNoViolations(page, `${path} (${lang}) at 390 px`);
      await page.screenshot({ path: `screenshots/390/${name}.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await expectNoViolations(page, `${path} (${lang}) at 1280 px`);
      await page.screenshot({ path: `screenshots/1280/${name}.png`, fullPage: true });
    }
  }
  expect(overflowing, 'public pages wider than a 320 px screen').toEqual([]);
});

test('the keyboard alone reaches a goal from the start page', async ({ page }) => {
  await page.goto('/sprak?val=sv&tillbaka=/');
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab');
    const onGoal = await page.evaluate(() =>
      document.activeElement?.tagName === 'A' && /\/mal\/\d+$/.test(document.activeElement.getAttribute('href') || ''));
    if (onGoal) break;
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/publicering\/\d+\/mal\/\d+$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Indikatorer' })).toBeVisible();
});

test('a visitor reports an accessibility problem with the keyboard alone', async ({ page }) => {
  await page.goto('/sprak?val=sv&tillbaka=/om-data');
  await page.getByRole('link', { name: 'Rapportera brist i tillgängligheten' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tillganglighet\?sida=/);
  await expect(page.getByLabel('Sida')).toHaveValue('/om-data');
  await page.getByLabel('Vad fungerar inte?').focus();
  await page.keyboard.type('Tabellen under diagrammet saknar rubrik.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('din rapport är mottagen');
  await expectNoViolations(page, 'the statement after a report');
});

test('search works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/sprak?val=sv&tillbaka=/sok');
  await page.getByLabel('Sök bland mål, åtaganden och indikatorer').fill('bostäder');
  await page.getByRole('button', { name: 'Sök' }).click();
  await expect(page).toHaveURL(/\/sok\?q=bost/);
  await expect(page.locator('mark').first()).toHaveText(/bostäder/i);
  await page.locator('ol.search-hits a').first().click();
  await expect(page).toHaveURL(/\/publicering\/\d+\/mal\/\d+$/);
  await context.close();
});
