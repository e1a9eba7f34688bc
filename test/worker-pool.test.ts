import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { JobWorker } from '../src/registry/worker-pool.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'worker-pool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const POOL_TS = pathToFileURL(path.resolve('src/registry/worker-pool.ts')).href;
/** A worker entry that echoes each number `n` times (n × shared), and crashes on -1. */
const entry = path.join(tmp, 'echo.ts');
writeFileSync(
  entry,
  [
    `import { serveJobs } from ${JSON.stringify(POOL_TS)};`,
    `serveJobs('echo', (n, reply, shared) => {`,
    `  if (n === -1) process.exit(3);`,
    `  for (let i = 0; i < n; i++) reply(n * shared);`,
    `});`,
  ].join('\n'),
);

describe('JobWorker', () => {
  it('answers jobs in the order given, each with all its replies', async () => {
    const worker = new JobWorker<number, number>(pathToFileURL(entry), 'echo', 10);
    try {
      const replies: [number, number][] = [];
      await Promise.all([2, 0, 3].map((n) => worker.run(n, (r) => replies.push([n, r]))));
      expect(replies).toEqual([
        [2, 20],
        [2, 20],
        [3, 30],
        [3, 30],
        [3, 30],
      ]);
    } finally {
      worker.close();
    }
  });

  it('rejects the jobs of a worker that dies, and every later one', async () => {
    const worker = new JobWorker<number, number>(pathToFileURL(entry), 'echo', 1);
    try {
      await expect(worker.run(-1)).rejects.toThrow(/echo worker exited with code 3/);
      await expect(worker.run(1)).rejects.toThrow(/exited with code 3/);
    } finally {
      worker.close();
    }
  });

  it('fails a job that no worker serves (another pool name) instead of waiting forever', async () => {
    const worker = new JobWorker<number, number>(pathToFileURL(entry), 'other', 1);
    try {
      await expect(worker.run(1)).rejects.toThrow(/other worker exited with code 0/);
    } finally {
      worker.close();
    }
  });
});
