import { expect, test as setup } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ADMIN_STATE } from '../playwright.config';
import { ADMIN, DEMO_PASSWORD } from './helpers';

setup('sign in as the demo global admin', async ({ request }) => {
  const response = await request.post('/api/session', { data: { email: ADMIN, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  // The session cookie's Max-Age is the idle timeout (30 minutes) as of this sign-in; the server
  // pushes it back while the tests use the session, but this file would keep the first expiry,
  // and a run longer than that (a throttled CPU) would start its later tests signed out. So the
  // file holds the cookies without an expiry: the server alone decides when the session ends.
  const state = await request.storageState();
  for (const cookie of state.cookies) cookie.expires = -1;
  mkdirSync(dirname(ADMIN_STATE), { recursive: true });
  writeFileSync(ADMIN_STATE, JSON.stringify(state, null, 2));
});
