import express, { Router, type Request, type Response } from 'express';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface WebAppOptions {
  /** The built page (`npm run build` writes dist/web). */
  root: string;
  /** Origins, besides the service's own, that presigned URLs point at (the S3 endpoint), for img/media/connect. */
  storeOrigins: readonly string[];
}

const HASHED = /-[A-Z0-9]{8}\.(?:js|css)$|^asset-[A-Z0-9]{8}\./;

/**
 * The page's own policy: its scripts and styles only from itself, and images, audio and part uploads from
 * itself or the store; blob: for the thumbnails Uppy previews. Nothing inline, no frames, no plugins.
 */
export const webAppCsp = (storeOrigins: readonly string[]): string => {
  const store = storeOrigins.join(' ');
  const withStore = (...sources: string[]) => [...sources, store].filter(Boolean).join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${withStore("'self'", 'blob:', 'data:')}`,
    `media-src ${withStore("'self'", 'blob:')}`,
    `connect-src ${withStore("'self'")}`,
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
};

/** Serves the page at `/app/`: index.html revalidated each time, content-hashed bundles cached for a year. */
export const createWebAppRouter = (options: WebAppOptions): Router => {
  const router = Router();
  const csp = webAppCsp(options.storeOrigins);

  router.use('/app', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    next();
  });

  const index = async (req: Request, res: Response) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (!path.endsWith('/') && !path.endsWith('/index.html')) {
      // Relative asset URLs need the trailing slash; keeping the page relative lets it live under a mount prefix.
      res.redirect(301, `${path}/`);
      return;
    }
    let html: string;
    try {
      html = await readFile(join(options.root, 'index.html'), 'utf8');
    } catch {
      res.status(503).type('text/plain').setHeader('Cache-Control', 'no-store');
      res.send('The page is not built: run `npm run build` (npm start builds it too).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html);
  };
  router.get(['/app', '/app/index.html'], (req, res, next) => {
    index(req, res).catch(next);
  });

  router.use(
    '/app',
    express.static(options.root, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      fallthrough: true,
      setHeaders: (res, file) => {
        const name = file.slice(file.lastIndexOf('/') + 1);
        res.setHeader('Cache-Control', HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  return router;
};
