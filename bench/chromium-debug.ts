/**
 * Debian's Chromium with a DevTools port, for Lighthouse (which drives a browser through
 * that port): started here rather than through a launcher package, as the browser tests
 * start theirs (test/browser/harness.ts), with a throwaway profile.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface DebugChromium {
  port: number;
  close: () => Promise<void>;
}

export function launchDebugChromium(executable: string): Promise<DebugChromium> {
  const profile = mkdtempSync(path.join(tmpdir(), 'kt-lighthouse-'));
  const child = spawn(
    executable,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--no-default-browser-check',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(profile, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`Chromium gave no DevTools port within 30 s:\n${output}`));
    }, 30_000);
    child.on('error', reject);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stderr.removeAllListeners('data');
        child.stderr.resume();
        resolve({ port: Number(match[1]), close });
      }
    });
  });
}
