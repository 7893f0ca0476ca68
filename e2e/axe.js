// The accessibility check every browser test runs on the pages it visits: axe-core
// with the WCAG 2.1 A and AA rules, failing with each violation and where it is.
const { expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;

async function expectNoViolations(page, where) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${where}`).toEqual([]);
}

module.exports = { expectNoViolations };
