/**
 * `npm run bench`: validation, build and look-up cost at several registry sizes, printed
 * as a table. Targets are checked here and printed, never asserted in tests.
 *
 *   npm run bench                      1,000 and 20,000 units
 *   npm run bench -- --sizes 1000,135000
 *   npm run bench -- --full            adds 135,000 units (about 15 minutes on 2 cores)
 *   npm run bench -- --skip-build      validation only
 */
import { spawnSync } from 'node:child_process';
import { hash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateRegistry } from '../src/cli/gen.ts';
import { validationCacheFile } from '../src/registry/cache.ts';
import { readPlainYaml } from '../src/registry/plain-yaml.ts';
import { CHROMIUM } from '../test/browser/harness.ts';
import { measureSearch } from './search.ts';

const root = path.resolve(import.meta.dirname, '..');
const work = path.join(root, '.cache', 'bench');
/** Astro's cache folder: the validation cache and the build's manifests live there. */
const ASTRO_CACHE = path.join(root, 'node_modules', '.astro');
const { values } = parseArgs({
  options: { sizes: { type: 'string' }, full: { type: 'boolean' }, 'skip-build': { type: 'boolean' }, 'keep-dist': { type: 'boolean' } },
});
const sizes = values.sizes ? values.sizes.split(',').map(Number) : values.full ? [1000, 20000, 135000] : [1000, 20000];

interface Measure {
  ok: boolean;
  seconds: number;
  maxRssMb: number;
  status: number | null;
  stderr: string;
  /** The end of what the command printed (Astro logs to stdout). */
  stdout: string;
}

/** Runs a command, measuring wall time and peak memory (node commands report their own via rusage.ts). */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = root): Measure {
  const rusageFile = path.join(work, `rusage-${process.pid}.json`);
  rmSync(rusageFile, { force: true });
  const isNode = command === process.execPath;
  const fullArgs = isNode ? ['--import', path.join(root, 'bench', 'rusage.ts'), ...args] : args;
  const started = performance.now();
  const result = spawnSync(command, fullArgs, {
    cwd,
    env: { ...process.env, ...env, BENCH_RUSAGE_FILE: rusageFile },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  let maxRssMb = Number.NaN;
  if (existsSync(rusageFile)) maxRssMb = JSON.parse(readFileSync(rusageFile, 'utf8')).maxRssKb / 1024;
  return {
    ok: result.status === 0,
    seconds,
    maxRssMb,
    status: result.status,
    stderr: (result.stderr ?? '').slice(-2000),
    stdout: (result.stdout ?? '').slice(-20000),
  };
}

/** A registry generated earlier is reused only when gen.ts has not changed since (the shapes it writes matter). */
const GEN_STAMP = hash('sha1', readFileSync(path.join(root, 'src', 'cli', 'gen.ts')), 'hex');

function registryFor(units: number): string {
  const dir = path.join(work, `registry-${units}`);
  const stamp = path.join(work, `registry-${units}.gen`);
  if (!existsSync(path.join(dir, 'registry.yaml')) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== GEN_STAMP) {
    process.stderr.write(`generating ${units} units…\n`);
    generateRegistry({ units, out: dir });
    writeFileSync(stamp, GEN_STAMP);
  }
  return dir;
}

/**
 * The plain YAML reader alone, in this process, on up to 20,000 of the registry's unit
 * files (best of 5 runs): its cost a file, and how many files it reads (the others go to
 * `yaml`, ~300 µs each).
 */
function plainReader(units: number, dir: string): Row {
  const texts: string[] = [];
  walk(path.join(dir, 'units'), (file) => {
    if (file.endsWith('.yaml') && texts.length < 20000) texts.push(readFileSync(file, 'utf8'));
  });
  let best = Infinity;
  let answered = 0;
  for (let run = 0; run < 5; run++) {
    answered = 0;
    const started = performance.now();
    for (const text of texts) if (readPlainYaml(text) !== undefined) answered++;
    best = Math.min(best, performance.now() - started);
  }
  return {
    units,
    step: 'plain YAML reader',
    seconds: best / 1000,
    maxRssMb: Number.NaN,
    note: `${((best * 1000) / texts.length).toFixed(2)} µs a file over ${texts.length} files; ${answered} read by it, ${texts.length - answered} left to yaml`,
  };
}

function walk(dir: string, visit: (file: string, size: number) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file, visit);
    else visit(file, statSync(file).size);
  }
}

function hugoAvailable(): boolean {
  return spawnSync('hugo', ['version'], { encoding: 'utf8' }).status === 0;
}

/** The same unit YAML as Hugo content: each unit file becomes a page whose front matter is that file. */
function hugoSiteFor(units: number, registry: string): string {
  const site = path.join(work, `hugo-${units}`);
  rmSync(site, { recursive: true, force: true });
  cpSync(path.join(root, 'bench', 'hugo'), site, { recursive: true });
  const content = path.join(site, 'content', 'don-vi');
  mkdirSync(content, { recursive: true });
  writeFileSync(path.join(content, '_index.md'), '---\ntitle: Đơn vị\n---\n');
  walk(path.join(registry, 'units'), (file) => {
    if (!file.endsWith('.yaml')) return;
    writeFileSync(path.join(content, `${path.basename(file, '.yaml')}.md`), `---\n${readFileSync(file, 'utf8')}---\n`);
  });
  return site;
}

interface Row {
  units: number;
  step: string;
  seconds: number;
  maxRssMb: number;
  note: string;
}

const rows: Row[] = [];
const add = (units: number, step: string, m: Measure, note = '') => {
  rows.push({ units, step, seconds: m.seconds, maxRssMb: m.maxRssMb, note: m.ok ? note : `FAILED (exit ${m.status}) ${note}` });
  process.stderr.write(`${units} ${step}: ${m.seconds.toFixed(2)} s${m.ok ? '' : ` FAILED\n${m.stderr}`}\n`);
};

mkdirSync(work, { recursive: true });
const node = process.execPath;
/** The flags package.json's `build` and `validate` scripts give Node (the compile cache is warm after the first run). */
const NODE_FLAGS = ['--max-semi-space-size=64', '--import', './src/cli/compile-cache.mjs'];
const ajv = path.join(root, 'node_modules', 'ajv-cli', 'dist', 'index.js');

for (const units of sizes) {
  const dir = registryFor(units);
  // As `npm run validate` runs it (package.json).
  const validateRun = (...extra: string[]) =>
    measure(node, [...NODE_FLAGS, 'src/cli/validate.ts', '--registry', dir, '--format', 'json', ...extra]);
  const validate = validateRun();
  add(units, 'validate (all rules)', validate);
  rows.push(plainReader(units, dir));
  // With the validation cache CI keeps (`--cache`): a first run fills it, the second is measured.
  rmSync(validationCacheFile(ASTRO_CACHE, dir), { force: true });
  const filling = validateRun('--cache');
  if (filling.ok)
    add(units, 'validate, kept cache', validateRun('--cache'), `first run, filling the cache: ${filling.seconds.toFixed(2)} s`);
  else add(units, 'validate, filling the cache', filling);

  if (existsSync(ajv)) {
    // The comparison the registry-core issue sets: ajv-cli (with its own js-yaml 3) against the generated JSON Schema alone.
    const ajvRun = measure(node, [
      ajv,
      'validate',
      '--spec=draft7',
      '-c',
      'ajv-formats',
      '-s',
      'schema/unit.schema.json',
      '-d',
      `${dir}/units/**/*.yaml`,
      '--errors=line',
    ]);
    // ajv-cli exits 1 on this data: its js-yaml 3 reads `2018-09-20` as a Date, which the schema types as a string.
    ajvRun.ok = ajvRun.status === 0 || ajvRun.status === 1;
    add(units, 'ajv-cli schema only', ajvRun, `ratio validate/ajv = ${(validate.seconds / ajvRun.seconds).toFixed(2)}`);
  }

  if (!values['skip-build']) {
    const out = path.join(work, `dist-${units}`);
    // With `npm run build`'s flags (package.json), and room for the largest registry.
    // Its own Astro cache folder (astro.config.mjs, ASTRO_CACHE_DIR): a full build starts
    // cold, without what an earlier run kept there (validation cache, output manifests,
    // leak-guard record, Astro's incremental-build record and copies).
    const cache = `${out}.cache`;
    const astroBuild = () =>
      measure(node, ['--max-old-space-size=6144', ...NODE_FLAGS, 'node_modules/astro/bin/astro.mjs', 'build', '--outDir', out], {
        REGISTRY_DIR: dir,
        ASTRO_TELEMETRY_DISABLED: '1',
        ASTRO_CACHE_DIR: cache,
      });
    for (const folder of [out, cache]) rmSync(folder, { recursive: true, force: true });
    const build = astroBuild();
    let files = 0;
    let bytes = 0;
    let heaviest = 0;
    let unitPages = 0;
    let unitBytes = 0;
    let shardMax = 0;
    let heaviestPage = 0;
    if (build.ok) {
      walk(out, (file, size) => {
        files++;
        bytes += size;
        heaviest = Math.max(heaviest, size);
        if (/[/\\]don-vi[/\\][^/\\]+[/\\]index\.html$/.test(file)) {
          unitPages++;
          unitBytes += size;
        }
        if (/[/\\]kiem-tra[/\\]chi-muc[/\\]/.test(file)) shardMax = Math.max(shardMax, size);
        if (file.endsWith('.html')) heaviestPage = Math.max(heaviestPage, size);
      });
    }
    const astroSeconds = build.seconds;
    if (build.ok && existsSync(CHROMIUM)) {
      for (const m of await measureSearch(out, ['dak ha', 'cong doan truong tieu hoc', 'Bệnh viện Sa Thầy'])) {
        rows.push({
          units,
          step: 'search (4× slower CPU)',
          seconds: m.firstResultMs / 1000,
          maxRssMb: Number.NaN,
          note: `"${m.query}": first result ${m.firstResultMs} ms, downloaded ${m.downloadedKb.toFixed(1)} KB (${m.gzippedKb.toFixed(1)} KB gzipped), ${m.results} shown`,
        });
      }
    }
    if (build.ok) {
      // Rebuilds after one unit file changed, with the output folder and Astro's cache
      // folder kept (as the deploy workflow keeps them): first a public field, then an
      // admin's phone, a value the leak guard has not seen, so it rereads every old file.
      const changed = path.join(dir, 'units', 'huyen', readdirSync(path.join(dir, 'units', 'huyen'))[0]!);
      const before = readFileSync(changed, 'utf8');
      const edits: [string, (text: string) => string][] = [
        ['rebuild, 1 unit changed', (text) => text.replace(/^members: \d+/m, 'members: 4242')],
        ['rebuild, 1 phone changed', (text) => text.replace(/phone: "?0\d+"?/, 'phone: "0987654321"')],
      ];
      for (const [step, edit] of edits) {
        const text = edit(before);
        if (text === before) continue;
        writeFileSync(changed, text);
        const rebuild = astroBuild();
        const summary = /unit pages, \d+ listing pages, \d+ lookup shards and \d+ search shards in [\d.]+ s: (\d+) written/.exec(
          rebuild.stderr + rebuild.stdout,
        );
        add(units, step, rebuild, summary ? `${summary[1]} unit, listing and shard files rewritten` : '');
      }
      writeFileSync(changed, before);
    }
    add(
      units,
      'build (site + indexes)',
      build,
      build.ok
        ? `${files} files (${(files / units).toFixed(2)}/unit), ${(bytes / 1e6).toFixed(1)} MB, largest file ${(heaviest / 1024).toFixed(1)} KB, heaviest page ${(heaviestPage / 1024).toFixed(1)} KB, unit page avg ${(unitBytes / Math.max(1, unitPages) / 1024).toFixed(1)} KB, lookup shard max ${(shardMax / 1024).toFixed(1)} KB`
        : '',
    );
    if (!values['keep-dist']) rmSync(out, { recursive: true, force: true });

    if (units <= 20000 && hugoAvailable()) {
      const site = hugoSiteFor(units, dir);
      const hugo = measure('hugo', ['--quiet', '--source', site, '--destination', path.join(site, 'public')]);
      add(units, 'hugo (unit pages only)', hugo, `ratio astro/hugo = ${(astroSeconds / hugo.seconds).toFixed(2)}`);
      rmSync(site, { recursive: true, force: true });
    }
  }
}

const pad = (text: string, width: number) => text.padEnd(width);
const lines = [
  `Benchmark on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  '',
  `| ${pad('units', 7)} | ${pad('step', 24)} | ${pad('time (s)', 8)} | ${pad('peak MB', 7)} | note`,
  `| ${'-'.repeat(7)} | ${'-'.repeat(24)} | ${'-'.repeat(8)} | ${'-'.repeat(7)} | ----`,
  ...rows.map(
    (r) =>
      `| ${pad(String(r.units), 7)} | ${pad(r.step, 24)} | ${pad(r.seconds.toFixed(2), 8)} | ${pad(Number.isNaN(r.maxRssMb) ? '-' : r.maxRssMb.toFixed(0), 7)} | ${r.note}`,
  ),
  '',
  'Targets: validate 135k ≤ 10 s and < 1.5 GiB, and no slower than ajv-cli; build 1k ≤ 15 s; build 20k ≤ 2.5 × hugo; build 135k ≤ 10 min and < 4 GiB.',
];
process.stdout.write(`${lines.join('\n')}\n`);
