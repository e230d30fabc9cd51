import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { servedResponse, type ServedResponse } from '../../scripts/generate-web-types.ts';
import { CHROMIUM_PATH, hasChromium, launchChromium } from '../support/browser.ts';
import { listen, type RunningServer } from '../support/http-test-server.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

/** The little of the DOM that the in-page predicates touch (the test program is typed for Node, not the DOM). */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
}
interface BrowserElement {
  getBoundingClientRect(): Box;
  scrollWidth: number;
  clientWidth: number;
  tagName: string;
  id: string;
}
interface BrowserText {
  nodeValue: string | null;
}
declare const document: {
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  documentElement: BrowserElement;
  body: unknown;
  createTreeWalker(root: unknown, whatToShow: number): { nextNode(): BrowserText | null };
};
declare const window: { innerWidth: number };

if (!hasChromium) {
  console.warn(`[browser] skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

interface Layout {
  viewport: number;
  scrollWidth: number;
  h1: Box;
  nav: Box;
  /** Boxes (tables, code blocks) wider than the page itself, whatever scrolls inside them. */
  overflowing: string[];
  backticks: string[];
}

describe.skipIf(!hasChromium)('/docs in Debian Chromium, on a phone and a desktop', () => {
  let served: ServedResponse;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([servedResponse('/docs'), launchChromium()]);
    // The page as the service sends it, with its own Content-Security-Policy: the inline style must apply.
    const app = express().get('/docs', (_req, res) => {
      res.setHeader('Content-Type', served.headers.get('content-type') ?? 'text/html');
      res.setHeader('Content-Security-Policy', served.headers.get('content-security-policy') ?? '');
      res.send(served.body);
    });
    server = await listen(app);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the service serves the page', () => {
    expect(served.status).toBe(200);
    expect(served.body).toContain('<h1>');
  });

  for (const viewport of VIEWPORTS) {
    test(`${viewport.name} (${viewport.width}×${viewport.height}): nothing overlaps, nothing is wider than the screen, inline code is rendered`, async () => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') violations.push(msg.text());
      });
      await page.goto(`${server.url}/docs`);
      const layout = await page.evaluate((): Layout => {
        const box = (selector: string): Box => {
          const r = document.querySelector(selector)!.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
        };
        const overflowing = [...document.querySelectorAll('table, pre, nav, section, h1, h2, h3, p')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 || el.getBoundingClientRect().left < -0.5)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`);
        const backticks: string[] = [];
        const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          if (/`[^`]*`/.test(node.nodeValue ?? '')) backticks.push((node.nodeValue ?? '').slice(0, 120));
        }
        return { viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, h1: box('h1'), nav: box('nav'), overflowing, backticks };
      });
      await page.screenshot({ path: fileURLToPath(new URL(`api-docs-${viewport.name}.png`, ARTIFACTS)) });
      // The page is far too long for one full-page picture: a second one shows an operation with parameters.
      await page
        .locator('section.op', { has: page.locator('td[data-label]') })
        .first()
        .evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
      await page.screenshot({ path: fileURLToPath(new URL(`api-docs-${viewport.name}-operation.png`, ARTIFACTS)) });
      await context.close();

      const overlaps =
        layout.nav.left < layout.h1.right && layout.h1.left < layout.nav.right && layout.nav.top < layout.h1.bottom && layout.h1.top < layout.nav.bottom;
      expect(overlaps, `nav ${JSON.stringify(layout.nav)} overlaps h1 ${JSON.stringify(layout.h1)}`).toBe(false);
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.viewport);
      expect(layout.overflowing).toEqual([]);
      expect(layout.backticks).toEqual([]);
      expect(violations).toEqual([]);
    }, 60_000);
  }
});
