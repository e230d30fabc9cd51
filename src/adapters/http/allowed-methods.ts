interface RouteLike {
  methods?: Record<string, boolean>;
}

interface LayerLike {
  route?: RouteLike;
  handle?: unknown;
  path?: unknown;
  match?: (path: string) => unknown;
}

const stackOf = (handler: unknown): LayerLike[] | undefined => {
  const stack = (handler as { stack?: unknown } | null | undefined)?.stack;
  return Array.isArray(stack) ? (stack as LayerLike[]) : undefined;
};

/** router 2.3 returns `{ path }` from `match`; earlier 2.x returned a boolean and set `layer.path`. */
const matchedPrefix = (layer: LayerLike, path: string): string | undefined => {
  let match: unknown;
  try {
    match = layer.match?.(path);
  } catch {
    return undefined;
  }
  if (match === false || match === undefined || match === null) return undefined;
  if (typeof match === 'object' && typeof (match as { path?: unknown }).path === 'string') return (match as { path: string }).path;
  return typeof layer.path === 'string' ? layer.path : '';
};

const collect = (stack: LayerLike[], path: string, into: Set<string>, depth: number): void => {
  if (depth > 16) return;
  for (const layer of stack) {
    const prefix = matchedPrefix(layer, path);
    if (prefix === undefined) continue;
    if (layer.route !== undefined) {
      for (const [method, on] of Object.entries(layer.route.methods ?? {})) if (on && method !== '_all') into.add(method.toUpperCase());
      continue;
    }
    const nested = stackOf(layer.handle);
    if (nested !== undefined) collect(nested, path.slice(prefix.length) || '/', into, depth + 1);
  }
};

/**
 * The methods some route of `router` (searched through nested routers) answers for `path`: what a 405's
 * `Allow` header lists. Express keeps this knowledge only in its route stack, so that is where we read it;
 * an unfamiliar stack shape yields nothing, and the caller answers 404.
 */
export const allowedMethods = (router: unknown, path: string): string[] => {
  const methods = new Set<string>();
  const stack = stackOf(router);
  if (stack !== undefined) collect(stack, path, methods, 0);
  if (methods.has('GET')) methods.add('HEAD');
  if (methods.size > 0) methods.add('OPTIONS');
  return [...methods].sort();
};
