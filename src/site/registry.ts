/**
 * The registry as the Astro build sees it: loaded once per build by the same
 * `validateRegistry` the CLI uses. An invalid registry throws with the validator's
 * messages, so the build fails closed.
 */
import { formatText } from '../registry/format.ts';
import { resolveRegistryDir, validateRegistry } from '../registry/load.ts';
import { todayIso, type Registry } from '../registry/model.ts';

export class InvalidRegistryError extends Error {}

let cached: { registry: Registry; today: string } | undefined;

export function buildToday(): string {
  return process.env.BUILD_TODAY ?? todayIso();
}

/** Throws `InvalidRegistryError` (message: the validator's text output) when the registry has errors. */
export function loadSiteRegistry(): { registry: Registry; today: string } {
  if (cached) return cached;
  const dir = resolveRegistryDir();
  const today = buildToday();
  const result = validateRegistry(dir, { today });
  if (!result.ok || !result.registry) {
    throw new InvalidRegistryError(`Danh bạ chưa hợp lệ, không thể xây dựng trang web (${dir}):\n${formatText(result)}`);
  }
  cached = { registry: result.registry, today };
  return cached;
}
