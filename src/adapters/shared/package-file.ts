import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * A file shipped with the package (migrations, the built page), found from this module whether it runs
 * as TypeScript from the repository (`src/…`) or compiled from an installed copy (`dist/src/…`): the
 * package root is the nearest folder up with a package.json.
 */
export const packageFile = (...segments: string[]): string => {
  if (root === undefined) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json'))) {
      const parent = dirname(dir);
      if (parent === dir) throw new Error('synesthesie-media: cannot find the package root (no package.json above this module)');
      dir = parent;
    }
    root = dir;
  }
  return join(root, ...segments);
};
