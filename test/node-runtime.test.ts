/**
 * The Node the project brings on an older machine (src/cli/node-runtime.cjs): which Nodes
 * need it, which cannot be helped, and that the npm scripts a user types first check it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');
const runtime = createRequire(import.meta.url)('../src/cli/node-runtime.cjs') as {
  plan: (version: string, platform: string) => 'ok' | 'install' | 'too-old';
  RUNTIME_VERSION: string;
};

describe('the Node runtime plan', () => {
  it.each([
    ['v24.21.0', 'linux', 'ok'],
    ['v22.18.0', 'linux', 'ok'],
    ['v23.0.0', 'darwin', 'ok'],
    ['v22.17.1', 'linux', 'install'],
    ['v20.20.2', 'linux', 'install'],
    ['v18.0.0', 'darwin', 'install'],
    ['v17.9.1', 'linux', 'too-old'],
    ['v10.0.0', 'linux', 'too-old'],
    ['v20.20.2', 'win32', 'too-old'],
  ] as const)('Node %s on %s: %s', (version, platform, expected) => {
    expect(runtime.plan(version, platform)).toBe(expected);
  });

  it('pins the major version that .nvmrc names', () => {
    const nvmrc = readFileSync(path.join(root, '.nvmrc'), 'utf8').trim();
    expect(runtime.RUNTIME_VERSION.split('.')[0]).toBe(nvmrc);
  });

  it('is the postinstall step, and the commands of the README check it first', () => {
    const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.postinstall).toBe('node src/cli/node-runtime.cjs');
    for (const name of ['start', 'test', 'build']) expect(scripts[`pre${name}`]).toBe('node src/cli/node-runtime.cjs --check');
  });

  it('says nothing and succeeds when the running Node is new enough', () => {
    const result = spawnSync(process.execPath, ['src/cli/node-runtime.cjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
  });
});
