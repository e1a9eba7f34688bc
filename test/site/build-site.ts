/**
 * Builds the site from a registry into a folder, as CI does: `astro build` in a child
 * process, so the build's own guard (exit code, messages) is what the tests see.
 * Shared by test/site/build.test.ts and test/browser/run.ts.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURE_REGISTRY = fileURLToPath(new URL('./fixture-registry/', import.meta.url));
/** Fixed, so that "current", "late" and the report do not drift with the calendar. */
export const FIXTURE_TODAY = '2024-06-30';
export const BASE_PATH = '/danh-ba/';
/** Extra units put under one district so its listing needs several pages. */
export const EXTRA_UNITS = 230;
export const EXTRA_PARENT = 'ldld-sa-thay';

/**
 * A temporary copy of the fixture registry, with `extra` small grassroots units (no
 * accounts) under EXTRA_PARENT: enough for paginated listings and a capped child list.
 */
export function fixtureRegistryCopy(extra = EXTRA_UNITS): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kt-registry-'));
  cpSync(FIXTURE_REGISTRY, dir, { recursive: true });
  const folder = path.join(dir, 'units', 'sa-thay');
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= extra; i++) {
    const id = `cdcs-sa-thay-${String(i).padStart(3, '0')}`;
    writeFileSync(
      path.join(folder, `${id}.yaml`),
      `name: Công đoàn cơ sở Trường Thử Nghiệm số ${i} Sa Thầy\nlevel: cdcs\nparent: ${EXTRA_PARENT}\n`,
    );
  }
  return dir;
}

/**
 * A fresh output folder inside the project (.cache/ is git-ignored): see buildSite for
 * why it must be inside. Remove it when done.
 */
export function siteOutDir(prefix = 'site-'): string {
  const parent = path.join(PROJECT, '.cache', 'site-tests');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, prefix));
}

export interface BuildResult {
  code: number;
  output: string;
}

export function buildSite(options: {
  registryDir: string;
  outDir: string;
  basePath?: string;
  today?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}): Promise<BuildResult> {
  const astro = path.join(PROJECT, 'node_modules', '.bin', 'astro');
  // Under vitest, process.env carries Vite's own variables (BASE_URL, MODE, NODE_ENV=test…):
  // a child build must not inherit them, or they override the base path and the mode.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*|TEST)$/.test(key)),
  );
  return new Promise((resolve, reject) => {
    // Astro puts its prerender chunks in <outDir>/.prerender when outDir is inside the
    // project, and in the project's .astro/.prerender otherwise, where two builds at once
    // (another test, a developer's build) delete each other's chunks: use siteOutDir().
    const child = spawn(astro, ['build', '--outDir', options.outDir], {
      cwd: PROJECT,
      env: {
        ...env,
        REGISTRY_DIR: options.registryDir,
        BASE_PATH: options.basePath ?? BASE_PATH,
        BUILD_TODAY: options.today ?? FIXTURE_TODAY,
        SITE_URL: 'https://danh-ba.example',
        ASTRO_TELEMETRY_DISABLED: '1',
        // One cache per output folder: a rebuild finds its own, other builds never see it.
        ASTRO_CACHE_DIR: `${options.outDir}.cache`,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`astro build timed out\n${output}`));
    }, options.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}
