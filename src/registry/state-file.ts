import { hash } from 'node:crypto';
import path from 'node:path';

/**
 * `<cacheDir>/danh-ba/<name>-<hash of the folder>.json`: where a build step keeps what it
 * learnt of one folder (the validation cache of a registry, the manifests of an output
 * folder) between runs, in Astro's cache folder, which CI keeps and never publishes.
 */
export function stateFile(cacheDir: string, folder: string, name: string): string {
  return path.join(cacheDir, 'danh-ba', `${name}-${hash('sha1', path.resolve(folder)).slice(0, 12)}.json`);
}
