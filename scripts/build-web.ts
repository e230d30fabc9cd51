import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WebBuild {
  outDir: string;
  files: string[];
}

const webDir = (): string => fileURLToPath(new URL('../web/', import.meta.url));
export const defaultWebOutDir = (): string => fileURLToPath(new URL('../dist/web/', import.meta.url));

/**
 * Bundles the page (web/) into content-hashed files plus an index.html that names them, built in a scratch
 * directory and swapped in whole, so a running service never serves half a build.
 */
export const buildWeb = async (outDir = defaultWebOutDir()): Promise<WebBuild> => {
  const { build } = await import('esbuild');
  const scratch = `${outDir.replace(/\/$/, '')}.tmp-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  const result = await build({
    entryPoints: { app: `${webDir()}main.ts`, styles: `${webDir()}styles.css` },
    outdir: scratch,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: 'asset-[hash]',
    loader: { '.svg': 'file', '.png': 'file', '.woff2': 'file' },
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const entry = (name: string, ext: string) => {
    const found = outputs.find(([file, meta]) => meta.entryPoint !== undefined && basename(file).startsWith(`${name}-`) && file.endsWith(ext));
    if (!found) throw new Error(`esbuild produced no ${name}${ext}`);
    return basename(found[0]);
  };
  const html = (await readFile(`${webDir()}index.html`, 'utf8')).replace('%JS%', entry('app', '.js')).replace('%CSS%', entry('styles', '.css'));
  await writeFile(`${scratch}/index.html`, html);
  await copyFile(`${webDir()}favicon.svg`, `${scratch}/favicon.svg`);
  const target = outDir.replace(/\/$/, '');
  await mkdir(dirname(target), { recursive: true });
  const old = `${target}.old-${process.pid}`;
  await rename(outDir, old).catch(() => undefined);
  await rename(scratch, outDir);
  await rm(old, { recursive: true, force: true });
  return { outDir, files: outputs.map(([file]) => basename(file)).concat('index.html', 'favicon.svg') };
};

const pageIsServed = (env: NodeJS.ProcessEnv): boolean => env.NODE_ENV !== 'production' || ['true', '1', 'yes'].includes(String(env.SERVE_APP));

/** `npm run build` and `prestart`: never stop the service from starting because of the page. */
const main = async (): Promise<void> => {
  if (!pageIsServed(process.env)) {
    process.stdout.write('web: not built (NODE_ENV=production without SERVE_APP=true: /app is off)\n');
    return;
  }
  const started = Date.now();
  try {
    // The page's API types come from the document the service serves. The package build regenerates them;
    // `npm start` bundles the committed copy (a test fails when it is stale), so starting stays fast.
    if (process.argv.includes('--strict')) {
      const { generateWebTypes } = await import('./generate-web-types.ts');
      if (await generateWebTypes()) process.stdout.write('web: web/api-types.ts regenerated from /openapi.json\n');
    }
    const built = await buildWeb();
    process.stdout.write(`web: built ${built.files.length} files into ${built.outDir} in ${Date.now() - started} ms\n`);
  } catch (error) {
    process.stderr.write(`web: the page at /app could not be built (${error instanceof Error ? error.message : String(error)}); the API is unaffected\n`);
    if (process.argv.includes('--strict')) process.exitCode = 1;
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
