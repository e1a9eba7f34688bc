/**
 * The registry as the Astro build sees it: loaded once per build by the same
 * `validateRegistry` the CLI uses. An invalid registry throws with the validator's
 * messages, so the build fails closed.
 */
import { formatText } from '../registry/format.ts';
import { resolveRegistryDir, validateRegistry, type ValidationResult } from '../registry/load.ts';
import { todayIso, type Registry } from '../registry/model.ts';

export class InvalidRegistryError extends Error {}

/**
 * Shared through globalThis: Astro loads this module once for its integrations (Node) and
 * again for the pages (Vite), in one process. A 135,000-unit registry is read once.
 */
const CACHE = Symbol.for('danh-ba.site-registry');
type Cache = { [CACHE]?: { registry: Registry; today: string; dir: string } };

export function buildToday(): string {
  return process.env.BUILD_TODAY ?? todayIso();
}

/** Throws `InvalidRegistryError` (message: the validator's text output) when the registry has errors. */
export function loadSiteRegistry(): { registry: Registry; today: string } {
  const dir = resolveRegistryDir();
  const today = buildToday();
  const cached = (globalThis as Cache)[CACHE];
  if (cached && cached.dir === dir && cached.today === today) return cached;
  return remember(dir, today, validateRegistry(dir, { today }));
}

/**
 * The same, validating on every core (the build's first step, in the registry guard).
 * With Astro's cache folder, files unchanged since the last build are not parsed again
 * (registry/cache.ts).
 */
export async function loadSiteRegistryParallel(cacheDir?: string): Promise<{ registry: Registry; today: string }> {
  const dir = resolveRegistryDir();
  const today = buildToday();
  const cached = (globalThis as Cache)[CACHE];
  if (cached && cached.dir === dir && cached.today === today) return cached;
  const { validateRegistryParallel } = await import('../registry/parallel.ts');
  const { validationCacheFile } = await import('../registry/cache.ts');
  const cacheFile = cacheDir === undefined ? undefined : validationCacheFile(cacheDir, dir);
  return remember(dir, today, await validateRegistryParallel(dir, { today, cacheFile }));
}

function remember(dir: string, today: string, result: ValidationResult): { registry: Registry; today: string } {
  if (!result.ok || !result.registry) {
    throw new InvalidRegistryError(`Danh bạ chưa hợp lệ, không thể xây dựng trang web (${dir}):\n${formatText(result)}`);
  }
  const entry = { registry: result.registry, today, dir };
  (globalThis as Cache)[CACHE] = entry;
  return entry;
}
