/** The incremental output: content-addressed writes, stale-file sweep, per-folder manifests. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digest, OutputWriter, readState, stateFile, sweepStale, writeState } from '../src/integrations/output-state.ts';

const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kt-out-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const OLD = new Date('2020-01-01T00:00:00Z');
function age(file: string): void {
  utimesSync(file, OLD, OLD);
}

describe('OutputWriter', () => {
  it('writes everything the first time, then only what changed, and removes what is gone', () => {
    const out = tmp();
    const first = new OutputWriter(out, undefined);
    first.put('don-vi/a/index.html', digest('A'), () => 'A');
    first.put('don-vi/b/index.html', digest('B'), () => 'B');
    first.put('don-vi/c/index.html', digest('C'), () => 'C');
    const manifest = first.finish();
    expect(first.stats).toEqual({ written: 3, kept: 0, removed: 0 });
    for (const id of ['a', 'b', 'c']) age(path.join(out, 'don-vi', id, 'index.html'));

    rmSync(path.join(out, 'don-vi', 'c', 'index.html')); // lost from the output: written again
    const second = new OutputWriter(out, manifest);
    second.put('don-vi/a/index.html', digest('A'), () => 'A');
    second.put('don-vi/c/index.html', digest('C'), () => 'C');
    second.put('don-vi/d/index.html', digest('D'), () => 'D');
    second.finish();
    expect(second.stats).toEqual({ written: 2, kept: 1, removed: 1 });
    expect(statSync(path.join(out, 'don-vi', 'a', 'index.html')).mtimeMs).toBe(OLD.getTime());
    expect(existsSync(path.join(out, 'don-vi', 'b'))).toBe(false);
    expect(readFileSync(path.join(out, 'don-vi', 'c', 'index.html'), 'utf8')).toBe('C');
    expect(readFileSync(path.join(out, 'don-vi', 'd', 'index.html'), 'utf8')).toBe('D');
  });

  it('rewrites a file whose content changed', () => {
    const out = tmp();
    const first = new OutputWriter(out, undefined);
    first.put('x.json', digest('[1]'), () => '[1]');
    const second = new OutputWriter(out, first.finish());
    second.put('x.json', digest('[2]'), () => '[2]');
    expect(second.stats.written).toBe(1);
    expect(readFileSync(path.join(out, 'x.json'), 'utf8')).toBe('[2]');
  });

  it('asks for the content only when it writes', () => {
    const out = tmp();
    const first = new OutputWriter(out, undefined);
    first.put('a.html', digest('parts', 'of a'), () => 'A');
    const second = new OutputWriter(out, first.finish());
    second.put('a.html', digest('parts', 'of a'), () => {
      throw new Error('content asked for an unchanged file');
    });
    expect(second.stats.kept).toBe(1);
    expect(digest('ab', 'c')).not.toBe(digest('a', 'bc'));
    expect(digest('Trường')).not.toBe(digest('Trưởng'));
  });
});

describe('sweepStale', () => {
  it('deletes old files nobody owns, keeps owned and new ones, and removes emptied folders', () => {
    const out = tmp();
    const files = {
      'index.html': 'new',
      'cu/trang.html': 'old',
      'don-vi/a/index.html': 'owned',
      'don-vi/b/index.html': 'old',
      '_astro/x.css': 'old',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      writeFileSync(path.join(out, rel), text);
      if (text !== 'new') age(path.join(out, rel));
    }
    const since = Date.now() - 60_000;
    const removed = sweepStale(out, since, (rel) => rel === 'don-vi/a/index.html');
    expect(removed).toBe(3);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'don-vi', 'a', 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'cu'))).toBe(false);
    expect(existsSync(path.join(out, 'don-vi', 'b'))).toBe(false);
    expect(existsSync(path.join(out, '_astro'))).toBe(false);
  });

  it('does not read owned folders and removes links without following them', () => {
    const out = tmp();
    const outside = tmp();
    writeFileSync(path.join(outside, 'keep.html'), 'outside');
    mkdirSync(path.join(out, 'don-vi', 'a'), { recursive: true });
    writeFileSync(path.join(out, 'don-vi', 'a', 'old.html'), 'old');
    age(path.join(out, 'don-vi', 'a', 'old.html'));
    symlinkSync(outside, path.join(out, 'link'));
    sweepStale(
      out,
      Date.now() + 1000,
      () => false,
      (rel) => rel === 'don-vi/a',
    );
    expect(existsSync(path.join(out, 'don-vi', 'a', 'old.html'))).toBe(true);
    expect(existsSync(path.join(out, 'link'))).toBe(false);
    expect(readFileSync(path.join(outside, 'keep.html'), 'utf8')).toBe('outside');
  });
});

describe('state files', () => {
  it('are read back only for the same output folder and format', () => {
    const cache = tmp();
    const out = path.join(tmp(), 'dist');
    const file = stateFile(cache, out, 'unit-pages');
    expect(file).toBe(stateFile(cache, `${out}/`, 'unit-pages'));
    expect(file).not.toBe(stateFile(cache, `${out}2`, 'unit-pages'));
    writeState(file, out, { a: 'x' });
    expect(readState(file, out)).toEqual({ a: 'x' });
    expect(readState(file, `${out}2`)).toBeUndefined();
    writeFileSync(file, '{not json');
    expect(readState(file, out)).toBeUndefined();
    expect(readState(path.join(cache, 'missing.json'), out)).toBeUndefined();
  });
});
