import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildWeb } from '../../scripts/build-web.ts';
import { CHROMIUM_PATH, hasChromium, launchChromium } from '../support/browser.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

if (!hasChromium) {
  console.warn(`[browser] skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

/**
 * The page as the ticketing backend would configure it in phase 1: only the gallery, and the host's own
 * role names in a nested claim. The page asks the server (GET /v1/me) instead of reading the token itself.
 */
describe.skipIf(!hasChromium)('the page follows FEATURES and the server role rules', () => {
  let svc: TestService;
  let browser: Browser;

  beforeAll(async () => {
    const [, service, launched] = await Promise.all([
      buildWeb(),
      startTestService('fs', {
        FEATURES: 'images',
        AUTH_ROLE_CLAIM: 'app_metadata.roles',
        AUTH_ADMIN_ROLES: 'organizer',
        AUTH_MEMBER_ROLES: 'customer',
      }),
      launchChromium(),
    ]);
    svc = service;
    browser = launched;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const open = async (token: string): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${svc.url}/app/#token=${token}`);
    return page;
  };

  test('a member of the host (nested claim "customer") signs in and sees the gallery, and no music at all', async () => {
    const token = await svc.tokens.withClaims({ sub: 'c1', app_metadata: { roles: ['customer'] } });
    const page = await open(token);
    await page.locator('#who').getByText('Signed in as member').waitFor();
    expect(await page.locator('#gallery').isVisible()).toBe(true);
    expect(await page.locator('#music').isVisible()).toBe(false);
    expect(await page.locator('#gallery-admin').isVisible()).toBe(false);
  });

  test("an organizer is the page's admin: image tools, still no music section", async () => {
    const token = await svc.tokens.withClaims({ sub: 'o1', app_metadata: { roles: ['organizer'] } });
    const page = await open(token);
    await page.locator('#who').getByText('Signed in as admin').waitFor();
    expect(await page.locator('#gallery-admin').isVisible()).toBe(true);
    expect(await page.locator('#music').isVisible()).toBe(false);
  });

  test('a token with no role of this service is told so, and the page stays signed out', async () => {
    const token = await svc.tokens.withClaims({ sub: 'x', app_metadata: { roles: ['admin'] } });
    const page = await open(token);
    await page.locator('#status').getByText('carries no role for this service').waitFor();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#content').isVisible()).toBe(false);
  });
});
