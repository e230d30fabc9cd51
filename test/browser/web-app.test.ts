import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DeletePublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildWeb } from '../../scripts/build-web.ts';
import { provisionBucket } from '../../src/adapters/s3/s3-bucket-provisioner.ts';
import { trackKey } from '../../src/domain/object-keys.ts';
import { makeWav } from '../support/audio-fixtures.ts';
import { createSet, uploadTrack, type Json } from '../support/music-http.ts';
import { CHROMIUM_PATH, hasChromium, launchChromium } from '../support/browser.ts';
import { s3Gap, testS3Client } from '../support/s3-test-client.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const DOCS_SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url);
const TRACK_TITLE = 'Midnight Sine';
/** 180 s of 44.1 kHz 16-bit stereo: 31.8 MB, so Uppy sends it in several 5 MiB multipart parts. */
const WAV_SECONDS = 180;

/** The little of the DOM that the in-page predicates touch (the test program is typed for Node, not the DOM). */
interface BrowserImage {
  complete: boolean;
  naturalWidth: number;
}
interface BrowserAudio {
  paused: boolean;
  currentTime: number;
  duration: number;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<BrowserImage> & { length: number };
  querySelector(selector: string): (BrowserImage & { open?: boolean }) | null;
  getElementById(id: string): BrowserAudio | null;
};

if (!hasChromium) {
  console.warn(`[browser] skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

/** Three distinct, good-looking pictures (so the README screenshots show something), in three formats. */
const pictures = async (): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> => {
  const art = (a: string, b: string, label: string) =>
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1100">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
      <rect width="1600" height="1100" fill="url(#g)"/><circle cx="1150" cy="380" r="260" fill="#ffffff" fill-opacity="0.18"/>
      <text x="90" y="980" font-family="sans-serif" font-size="120" fill="#fff" fill-opacity="0.85">${label}</text></svg>`);
  return [
    {
      name: 'dancefloor.jpg',
      mimeType: 'image/jpeg',
      buffer: await sharp(art('#5b3cc4', '#ff6a88', 'Dancefloor'))
        .jpeg()
        .toBuffer(),
    },
    {
      name: 'backstage.png',
      mimeType: 'image/png',
      buffer: await sharp(art('#0f766e', '#facc15', 'Backstage'))
        .png()
        .toBuffer(),
    },
    {
      name: 'sunrise.webp',
      mimeType: 'image/webp',
      buffer: await sharp(art('#f97316', '#1e3a8a', 'Sunrise set'))
        .webp()
        .toBuffer(),
    },
  ];
};

describe.skipIf(!hasChromium)('the page at /app in Debian Chromium, on the fs store', () => {
  let svc: TestService;
  let browser: Browser;
  let workDir: string;
  let wavPath: string;
  let wavBytes: number;
  const problems: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'web-app-test-'));
    const [, service, launched] = await Promise.all([buildWeb(), startTestService('fs'), launchChromium()]);
    svc = service;
    browser = launched;
    const wav = makeWav({ seconds: WAV_SECONDS, sampleRate: 44_100, channels: 2, title: TRACK_TITLE, artist: 'Test Oscillator' });
    wavBytes = wav.length;
    wavPath = join(workDir, 'midnight-sine.wav');
    await writeFile(wavPath, wav);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const open = async (token: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} for ${res.request().method()} ${new URL(res.url()).pathname}`);
    });
    await page.goto(`${svc.url}/app/#token=${token}`);
    return { context, page };
  };

  test('an admin uploads three images and a 30 MiB WAV (Uppy multipart); a member views, plays, seeks and downloads', async () => {
    const admin = await open(await svc.tokens.admin('browser-admin'));
    const a = admin.page;
    await a.getByText('Signed in as admin').waitFor();
    expect(a.url(), 'the token leaves the address bar').not.toContain('token=');
    expect(await a.evaluate('sessionStorage.length')).toBe(1);

    await a.setInputFiles('#image-files', await pictures());
    await a.locator('.upload-progress', { hasText: 'Uploaded 3 of 3 images.' }).waitFor();
    await a.locator('.gallery img').nth(2).waitFor();

    await a.getByRole('form', { name: 'New music set' }).getByLabel('Title').fill('Night Drive');
    await a.getByRole('form', { name: 'New music set' }).getByLabel('Visibility').selectOption('public');
    await a.getByRole('button', { name: 'Create set' }).click();
    await a.locator('#upload-set option', { hasText: 'Night Drive' }).waitFor({ state: 'attached' });
    await a.selectOption('#upload-set', { label: 'Night Drive' });

    const partPuts: number[] = [];
    a.on('response', (res) => {
      if (res.request().method() === 'PUT' && res.url().includes('/objects/')) partPuts.push(res.status());
    });
    await a.locator('.uppy-Dashboard-input').first().setInputFiles(wavPath);
    await a.locator('.uppy-StatusBar-actionBtn--upload').click();
    await a.locator('.track', { hasText: TRACK_TITLE }).locator('button.play:not([disabled])').waitFor({ timeout: 40_000 });
    expect(partPuts.length, 'the WAV went up in several parts').toBeGreaterThanOrEqual(Math.ceil(wavBytes / (5 * 1024 * 1024)));
    expect(partPuts.every((s) => s === 200)).toBe(true);
    await a.locator('#music').screenshot({ path: new URL('admin-music.png', ARTIFACTS).pathname });
    await admin.context.close();

    const member = await open(await svc.tokens.member('browser-member'));
    const m = member.page;
    await m.getByText('Signed in as member').waitFor();
    await m.waitForFunction(
      () => {
        const imgs = document.querySelectorAll('.gallery img');
        return imgs.length === 3 && [...imgs].every((i) => i.complete && i.naturalWidth > 0);
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(await m.locator('.gallery img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))).toEqual(
      expect.arrayContaining(['dancefloor', 'backstage', 'sunrise']),
    );
    expect(await m.locator('.uploader, .uppy-Dashboard, .editor').count(), 'members get no admin tools').toBe(0);
    await m.locator('#gallery').screenshot({ path: new URL('gallery.png', ARTIFACTS).pathname });

    await m.getByRole('button', { name: 'Open dancefloor' }).click();
    await m.waitForFunction(() => document.querySelector('dialog.viewer')?.open === true && (document.querySelector('.viewer-image')?.naturalWidth ?? 0) > 480);
    await m.keyboard.press('Escape');

    const trackResponses: { status: number; range: string | null }[] = [];
    m.on('response', async (res) => {
      if (!res.url().includes('/objects/tracks/') || res.request().method() !== 'GET') return;
      trackResponses.push({ status: res.status(), range: (await res.request().allHeaders()).range ?? null });
    });
    await m.getByRole('button', { name: `Play ${TRACK_TITLE}` }).click();
    await m.waitForFunction(
      () => {
        const a = document.getElementById('audio')!;
        return !a.paused && a.currentTime > 0.3;
      },
      undefined,
      { timeout: 15_000 },
    );
    const duration = await m.evaluate(() => document.getElementById('audio')!.duration);
    expect(duration).toBeGreaterThan(WAV_SECONDS - 1);

    const seekTo = duration * 0.8;
    await m.locator('#player-seek').fill(String(seekTo));
    await m.waitForFunction(
      (from) => {
        const a = document.getElementById('audio')!;
        return !a.paused && a.currentTime > from + 1;
      },
      seekTo,
      { timeout: 15_000 },
    );
    expect(await m.evaluate(() => document.getElementById('audio')!.currentTime)).toBeLessThan(duration);
    const partial = trackResponses.filter((r) => r.status === 206);
    expect(partial.length, `the store answered Range requests with 206 (${JSON.stringify(trackResponses)})`).toBeGreaterThan(0);
    const lateStart = partial.some((r) => Number(/bytes=(\d+)-/.exec(r.range ?? '')?.[1] ?? 0) > wavBytes * 0.7);
    expect(lateStart, 'the seek fetched from near 80 % instead of downloading from the start').toBe(true);
    await m.screenshot({ path: new URL('player.png', ARTIFACTS).pathname });

    const expected = (await (await svc.call(`/v1/tracks/${await trackIdOf(m)}/download`, { token: await svc.tokens.member() })).json()) as { filename: string };
    const [download] = await Promise.all([m.waitForEvent('download'), m.getByRole('button', { name: `Download ${TRACK_TITLE}` }).click()]);
    expect(download.suggestedFilename()).toBe(expected.filename);
    expect(download.suggestedFilename()).toMatch(/^Midnight Sine\.wav$/);
    expect((await stat(await download.path())).size).toBe(wavBytes);
    await member.context.close();

    expect(problems, 'no console errors, CSP violations or page errors').toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mkdir(DOCS_SCREENSHOTS, { recursive: true });
      await copyFile(new URL('gallery.png', ARTIFACTS), new URL('gallery.png', DOCS_SCREENSHOTS));
      await copyFile(new URL('player.png', ARTIFACTS), new URL('player.png', DOCS_SCREENSHOTS));
    }
  }, 120_000);

  test('an admin renames, hides, reorders and deletes through the page; a member skips to the next track', async () => {
    const adminToken = await svc.tokens.admin('browser-admin');
    const set = await createSet(svc, adminToken, { title: 'Edit me', visibility: 'public' });
    for (const title of ['Alpha', 'Beta', 'Gamma']) {
      const wav = makeWav({ seconds: 20, sampleRate: 22_050, channels: 1, title });
      expect((await uploadTrack(svc, adminToken, set.id, [{ name: 'file', file: { filename: `${title}.wav`, type: 'audio/wav', bytes: wav } }])).status).toBe(
        201,
      );
    }
    const form = new FormData();
    form.set('title', 'Old title');
    form.set('visibility', 'public');
    form.append('file', new Blob([new Uint8Array((await pictures())[0]!.buffer)], { type: 'image/jpeg' }), 'old.jpg');
    const image = ((await (await svc.call('/v1/admin/images', { method: 'POST', token: adminToken, body: form })).json()) as Json).items[0] as Json;
    const adminGet = async (path: string) => (await svc.call(path, { token: adminToken })).json() as Promise<Json>;
    const titles = async () => ((await adminGet(`/v1/admin/music-sets/${set.id}`)).tracks as Json[]).map((t) => t.title as string);

    const { context, page: a } = await open(adminToken);
    a.on('dialog', (dialog) => void dialog.accept());
    const card = a.locator(`[data-image-id="${image.id}"]`);
    await card.getByLabel('Title').fill('New title');
    await card.getByLabel('Visibility').selectOption('private');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => {
        const i = await adminGet(`/v1/admin/images/${image.id}`);
        return `${i.title}/${i.visibility}`;
      })
      .toBe('New title/private');

    const setCard = a.locator(`[data-set-id="${set.id}"]`);
    // The page re-fetches and re-renders the set after each change: wait until it shows the new order before
    // typing, or the re-render replaces the input and the typed title is lost.
    const pageTitles = () =>
      setCard.locator('.track input[name="title"]').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    await setCard.getByRole('button', { name: 'Move Gamma up' }).click();
    await expect.poll(titles).toEqual(['Alpha', 'Gamma', 'Beta']);
    await expect.poll(pageTitles).toEqual(['Alpha', 'Gamma', 'Beta']);
    const beta = setCard.locator('.track', { hasText: 'Beta' });
    await beta.getByLabel('Track title').fill('Beta (edited)');
    await beta.getByRole('button', { name: 'Save' }).click();
    await expect.poll(titles).toEqual(['Alpha', 'Gamma', 'Beta (edited)']);
    await setCard.locator('.track', { hasText: 'Alpha' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(titles).toEqual(['Gamma', 'Beta (edited)']);
    await setCard.locator('.track', { hasText: 'Gamma' }).waitFor();
    await a.locator(`[data-image-id="${image.id}"]`).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await svc.call(`/v1/admin/images/${image.id}`, { token: adminToken })).status).toBe(404);
    await context.close();

    const member = await open(await svc.tokens.member('browser-member'));
    const m = member.page;
    const memberSet = m.locator(`[data-set-id="${set.id}"]`);
    await memberSet.getByRole('button', { name: 'Play Gamma' }).click();
    await m.locator('#player-title', { hasText: 'Gamma' }).waitFor();
    await m.getByRole('button', { name: 'Next track' }).click();
    await m.locator('#player-title', { hasText: 'Beta (edited)' }).waitFor();
    await m.waitForFunction(
      () => {
        const el = document.getElementById('audio')!;
        return !el.paused && el.currentTime > 0.2;
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(await m.getByRole('button', { name: 'Next track' }).isDisabled()).toBe(true);
    await member.context.close();
    expect(problems).toEqual([]);
  }, 60_000);
});

const trackIdOf = async (page: Page): Promise<string> => {
  const id = await page.locator('.track', { hasText: TRACK_TITLE }).getAttribute('data-track-id');
  if (!id) throw new Error('track row without an id');
  return id;
};

// On S3 the page PUTs parts straight to the S3 server, another origin: it takes the bucket's CORS rule (from the
// provisioner, as in production), the page's CSP naming the store, and the server's signature checks together.
describe.skipIf(!hasChromium)(`the page at /app in Debian Chromium, on the s3 store (${inject('s3Profile').server})`, () => {
  let svc: TestService;
  let browser: Browser;
  let workDir: string;
  let wavPath: string;
  let wavBytes: number;
  const problems: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'web-app-s3-test-'));
    const [, service, launched] = await Promise.all([buildWeb(), startTestService('s3'), launchChromium()]);
    svc = service;
    browser = launched;
    const client = testS3Client();
    const report = await provisionBucket(client, svc.bucket!, { corsOrigins: [new URL(svc.url).origin] });
    expect(report.find((step) => step.step === 'cors')?.status).toBe('applied');
    // RGW 16 refuses even the owner's writes once BlockPublicAcls is on (a Ceph bug): lift it so parts can land.
    if (s3Gap('owner-writes-under-public-access-block')) await client.send(new DeletePublicAccessBlockCommand({ Bucket: svc.bucket! }));
    client.destroy();
    const wav = makeWav({ seconds: 40, sampleRate: 44_100, channels: 2, title: TRACK_TITLE, artist: 'Test Oscillator' });
    wavBytes = wav.length;
    wavPath = join(workDir, 'midnight-sine.wav');
    await writeFile(wavPath, wav);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  test(`an admin uploads a WAV through Uppy multipart straight to the bucket; a member plays it from S3`, async () => {
    const s3Origin = new URL(inject('s3Endpoint')).origin;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const a = await context.newPage();
    a.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
    a.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    a.on('response', (res) => res.status() >= 400 && problems.push(`${res.status()} for ${res.request().method()} ${res.url()}`));
    const partPuts: number[] = [];
    a.on('response', (res) => {
      if (res.request().method() === 'PUT' && res.url().startsWith(s3Origin) && res.url().includes('partNumber=')) partPuts.push(res.status());
    });
    await a.goto(`${svc.url}/app/#token=${await svc.tokens.admin('browser-s3-admin')}`);
    await a.getByText('Signed in as admin').waitFor();
    await a.getByRole('form', { name: 'New music set' }).getByLabel('Title').fill('Night Drive on S3');
    await a.getByRole('form', { name: 'New music set' }).getByLabel('Visibility').selectOption('public');
    await a.getByRole('button', { name: 'Create set' }).click();
    await a.locator('#upload-set option', { hasText: 'Night Drive on S3' }).waitFor({ state: 'attached' });
    await a.selectOption('#upload-set', { label: 'Night Drive on S3' });
    await a.locator('.uppy-Dashboard-input').first().setInputFiles(wavPath);
    await a.locator('.uppy-StatusBar-actionBtn--upload').click();
    await a.locator('.track', { hasText: TRACK_TITLE }).locator('button.play:not([disabled])').waitFor({ timeout: 40_000 });
    expect(partPuts.length, 'the WAV went up in several parts, to the S3 server').toBeGreaterThanOrEqual(Math.ceil(wavBytes / (5 * 1024 * 1024)));
    expect(partPuts.every((s) => s === 200)).toBe(true);
    const trackId = await trackIdOf(a);
    expect((await svc.store.head(trackKey(trackId))).byteSize).toBe(wavBytes);

    const m = await context.newPage();
    const trackResponses: number[] = [];
    m.on('response', (res) => {
      if (res.url().startsWith(s3Origin) && res.url().includes('/tracks/') && res.request().method() === 'GET') trackResponses.push(res.status());
    });
    await m.goto(`${svc.url}/app/#token=${await svc.tokens.member('browser-s3-member')}`);
    await m.getByText('Signed in as member').waitFor();
    await m.getByRole('button', { name: `Play ${TRACK_TITLE}` }).click();
    await m.waitForFunction(
      () => {
        const el = document.getElementById('audio')!;
        return !el.paused && el.currentTime > 0.3;
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(trackResponses.length, 'the audio came from the S3 server').toBeGreaterThan(0);
    expect(
      trackResponses.every((s) => s === 200 || s === 206),
      JSON.stringify(trackResponses),
    ).toBe(true);
    await context.close();
    expect(problems, 'no console errors, CSP violations, CORS refusals or page errors').toEqual([]);
  }, 120_000);
});
