/**
 * The compile-cache preload (src/cli/compile-cache.mjs) of `npm run build` and
 * `npm run validate`: it must reach the validation workers too, and a second run must
 * find what the first stored.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'compile-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Prints the cache folder as the main thread and a worker thread see it.
const PROBE = `
import module from 'node:module';
import { Worker } from 'node:worker_threads';
const worker = new Worker("import m from 'node:module'; import { parentPort } from 'node:worker_threads'; parentPort.postMessage(m.getCompileCacheDir() ?? null);", { eval: true });
worker.once('message', (inWorker) => { console.log(JSON.stringify({ main: module.getCompileCacheDir() ?? null, worker: inWorker })); worker.terminate(); });
`;

/** This process's environment without the variables that steer the cache, plus `env`. */
const probe = (env: NodeJS.ProcessEnv) => {
  const { NODE_COMPILE_CACHE: _dir, NODE_DISABLE_COMPILE_CACHE: _off, ...rest } = process.env;
  const result = spawnSync(process.execPath, ['--import', './src/cli/compile-cache.mjs', '--input-type=module', '-e', PROBE], {
    cwd: root,
    env: { ...rest, ...env },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { main: string | null; worker: string | null };
};

describe('the compile-cache preload', () => {
  it('turns the cache on in the main thread and in worker threads, in the folder NODE_COMPILE_CACHE names', () => {
    const dir = path.join(tmp, 'named');
    const seen = probe({ NODE_COMPILE_CACHE: dir });
    // Node adds a subfolder per Node version.
    expect(path.dirname(seen.main ?? '')).toBe(dir);
    expect(seen.worker).toBe(seen.main);
    // What the run compiled is stored for the next one.
    expect(readdirSync(dir, { recursive: true }).length).toBeGreaterThan(0);
  });

  it("uses Astro's cache folder by default, which the deploy workflow keeps", () => {
    const seen = probe({});
    expect(path.dirname(seen.main ?? '')).toBe(path.join(root, 'node_modules', '.astro', 'compile-cache'));
    expect(seen.worker).toBe(seen.main);
  });

  it('stays off when NODE_DISABLE_COMPILE_CACHE is set', () => {
    expect(probe({ NODE_COMPILE_CACHE: path.join(tmp, 'off'), NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ main: null, worker: null });
  });

  it('is what the build and validate scripts preload', () => {
    const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.build).toContain('--import ./src/cli/compile-cache.mjs');
    expect(scripts.validate).toContain('--import ./src/cli/compile-cache.mjs');
  });
});
