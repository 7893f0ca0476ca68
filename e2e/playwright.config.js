// Browser tests against a real `riktning serve --demo` on a fresh database, in
// Debian's Chromium (installed by .ci/run; CHROMIUM overrides the path).
const { defineConfig } = require('@playwright/test');
const os = require('os');
const path = require('path');
const fs = require('fs');

const port = process.env.E2E_PORT || '18181';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'riktning-e2e-'));
const binary = process.env.RIKTNING_BIN || path.join(__dirname, '..', 'target', 'debug', 'riktning');

module.exports = defineConfig({
  testDir: './tests',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'sv-SE',
    launchOptions: { executablePath: process.env.CHROMIUM || '/usr/bin/chromium' },
  },
  webServer: {
    command: `${binary} --db ${path.join(scratch, 'e2e.db')} serve --demo --bind 127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/arbeta/logga-in`,
    env: { RIKTNING_ADMIN_PASSWORD: 'e2e-lösenord-som-är-långt' },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
