import { expect, test as setup } from '@playwright/test';
import { ADMIN_STATE } from '../playwright.config';
import { ADMIN, DEMO_PASSWORD } from './helpers';

setup('sign in as the demo global admin', async ({ request }) => {
  const response = await request.post('/api/session', { data: { email: ADMIN, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  await request.storageState({ path: ADMIN_STATE });
});
