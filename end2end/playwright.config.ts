import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// One fresh database per run; the server is the debug build that `cargo test` just made, serving
// the release bundle in ../dist (built by scripts/test).
const port = Number(process.env.E2E_PORT ?? 3107);
const database =
  process.env.E2E_DATABASE ?? path.join(os.tmpdir(), `partnerdesk-e2e-${process.pid}-${Date.now()}.db`);

// A real SMTP server on loopback receives the app's mail; tests read it from MAIL_DIR.
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 18);
export const MAIL_DIR = path.join(os.tmpdir(), `partnerdesk-e2e-mail-${port}`);

// A second server whose clock tests move (`--test-clock`): the 7-day window closing, renewals,
// admin-relationship expiry notices. Its own database; its mail goes to the same sink.
export const CLOCK_URL = `http://127.0.0.1:${port + 1}`;
const clockDatabase = `${database}.clock`;

export const ADMIN_STATE = path.join(__dirname, 'test-results', '.auth', 'admin.json');

// E2E_NODES=1: the smoke subset (tests tagged @nodes) against servers scripts/test started —
// two nodes on PostgreSQL behind nginx at E2E_PORT, mail to the sink it started for MAIL_DIR.
const againstNodes = !!process.env.E2E_NODES;

// A CPU throttled n times (E2E_CPU_THROTTLE, see tests/test.ts) gets n times the time per step
// and n² per test (the long flows of a 4× run took over 4× as long on two busy cores): that run
// looks for lost input, not for slowness.
const slower = Math.max(1, Number(process.env.E2E_CPU_THROTTLE ?? 1));

export default defineConfig({
  testDir: './tests',
  timeout: 30_000 * slower * slower,
  expect: { timeout: 7_000 * slower },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download can't work here.
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // Signs in once as the demo global admin; the other tests start from that session.
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      dependencies: ['setup'],
      testIgnore: /auth\.setup\.ts/,
      grep: againstNodes ? /@nodes/ : undefined,
      use: { storageState: ADMIN_STATE },
    },
  ],
  webServer: againstNodes ? [] : [
    {
      command: `rm -rf ${MAIL_DIR} && python3 ../scripts/mail_sink.py --port ${smtpPort} --dir ${MAIL_DIR}`,
      cwd: __dirname,
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `../target/debug/partnerdesk serve --demo --addr 127.0.0.1:${port} --database ${database} --dist ../dist --smtp-url smtp://127.0.0.1:${smtpPort} --allow-local-webhooks`,
      cwd: __dirname,
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `../target/debug/partnerdesk serve --demo --test-clock --addr 127.0.0.1:${port + 1} --database ${clockDatabase} --dist ../dist --smtp-url smtp://127.0.0.1:${smtpPort}`,
      cwd: __dirname,
      url: `${CLOCK_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
