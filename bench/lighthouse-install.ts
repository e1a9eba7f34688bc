/**
 * Lighthouse, installed on demand into a cache of its own rather than as a
 * devDependency: it adds ~100 MB and a third to `npm ci` (measured: 29 s → 39 s) for
 * every CI run and contributor, and only `npm run lighthouse` uses it. Version 12.2.3:
 * 13 wants a newer Node than some machines here have; 12.2.3 drives Debian's Chromium.
 * Installed with the ordinary npm client, from the npm registry, like .ci/run's Node.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const LIGHTHOUSE_VERSION = '12.2.3';

/** What bench/lighthouse.ts reads of a run (Lighthouse's own types come with the package). */
export interface LighthouseResult {
  lhr: {
    categories: Record<string, { score: number | null } | undefined>;
    audits: Record<string, { id: string; score: number | null; scoreDisplayMode: string; numericValue?: number }>;
  };
}
export type Lighthouse = (url: string, flags: { port: number; output: 'json'; logLevel: 'error' }) => Promise<LighthouseResult | undefined>;

export async function loadLighthouse(
  cacheDir = process.env.LIGHTHOUSE_CACHE_DIR ?? path.join(homedir(), '.cache', `kt-lighthouse-${LIGHTHOUSE_VERSION}`),
): Promise<Lighthouse> {
  const entry = path.join(cacheDir, 'node_modules', 'lighthouse', 'core', 'index.js');
  if (!existsSync(entry)) {
    process.stdout.write(`installing lighthouse@${LIGHTHOUSE_VERSION} into ${cacheDir} …\n`);
    mkdirSync(cacheDir, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', cacheDir, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `lighthouse@${LIGHTHOUSE_VERSION}`],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  const module = (await import(pathToFileURL(entry).href)) as { default: Lighthouse };
  return module.default;
}
