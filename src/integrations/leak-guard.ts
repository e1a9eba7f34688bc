/**
 * After the build, reads every file Astro wrote and fails the build if any holds an
 * admin's phone or email, a hidden group's address or `admins_age` ciphertext
 * (`src/lib/leak-scan.ts`). The pages are meant never to output these; this is the
 * check that they did not, whatever a page, a component or a data file did.
 *
 * Every file is scanned as bytes (HTML, JSON, CSV, JS, XML, images, fonts alike);
 * `.gz` and `.br` files are scanned decompressed as well. Links are not followed.
 * The message names each file, line and kind of data, never the data itself.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { collectSecrets, leakMessage, scanBytes, type Leak, type SecretSet } from '../lib/leak-scan.ts';
import type { Registry } from '../registry/model.ts';
import { loadSiteRegistry } from '../site/registry.ts';

export interface FileLeak extends Leak {
  /** Relative to the scanned folder, `/`-separated. */
  file: string;
}

/** Decompressed output is capped: a "zip bomb" in dist must not take the build down. */
const MAX_INFLATED = 256 * 1024 * 1024;

function inflated(file: string, bytes: Buffer): Buffer | undefined {
  try {
    if (/\.gz$/i.test(file)) return gunzipSync(bytes, { maxOutputLength: MAX_INFLATED });
    if (/\.br$/i.test(file)) return brotliDecompressSync(bytes, { maxOutputLength: MAX_INFLATED });
  } catch {
    /* not really compressed, or too large: the raw bytes are still scanned */
  }
  return undefined;
}

/** Every secret in every file under `dir`. Links are not followed (Astro writes none; a copied one would point outside). */
export function scanDist(dir: string, secrets: SecretSet): FileLeak[] {
  const leaks: FileLeak[] = [];
  if (secrets.size === 0) return leaks;
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.join(abs, entry.name);
      const file = path.relative(dir, child).split(path.sep).join('/');
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        const bytes = readFileSync(child);
        for (const leak of scanBytes(bytes, secrets)) leaks.push({ ...leak, file });
        const plain = inflated(entry.name, bytes);
        if (plain) for (const leak of scanBytes(plain, secrets)) leaks.push({ ...leak, file: `${file} (giải nén)` });
      }
    }
  };
  if (lstatSync(dir).isDirectory()) walk(dir);
  return leaks;
}

export class LeakError extends Error {
  readonly leaks: readonly FileLeak[];
  constructor(leaks: readonly FileLeak[]) {
    const shown = leaks.slice(0, 50).map((leak) => `  ${leakMessage(leak.file, leak)}`);
    if (leaks.length > 50) shown.push(`  … và ${leaks.length - 50} chỗ khác.`);
    super(
      [
        `Trang web vừa xây dựng chứa dữ liệu không được công bố (${leaks.length} chỗ), nên bản xây dựng bị dừng và không được đưa lên mạng.`,
        'Số điện thoại, email của người quản trị, địa chỉ nhóm ẩn và nội dung admins_age không bao giờ được có trên trang web. Hãy sửa trang hoặc mã sinh ra các tệp sau rồi xây dựng lại:',
        ...shown,
      ].join('\n'),
    );
    this.name = 'LeakError';
    this.leaks = leaks;
  }
}

export interface LeakGuardOptions {
  /** The registry whose secrets to look for; defaults to the build's (`loadSiteRegistry`). */
  registry?: () => Pick<Registry, 'units' | 'settings'>;
}

/** Scans `dir` for the registry's secrets; throws `LeakError` if any is there. */
export function checkBuildOutput(dir: URL | string, registry: Pick<Registry, 'units' | 'settings'>, logger?: Pick<AstroIntegrationLogger, 'info' | 'error'>): void {
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const secrets = collectSecrets(registry);
  const started = performance.now();
  const leaks = scanDist(root, secrets);
  if (leaks.length > 0) {
    const error = new LeakError(leaks);
    logger?.error(error.message);
    throw error;
  }
  logger?.info(`no contact data, hidden group or ciphertext in the output (${secrets.size} values checked, ${Math.round(performance.now() - started)} ms)`);
}

export function leakGuard(options: LeakGuardOptions = {}): AstroIntegration {
  return {
    name: 'leak-guard',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        checkBuildOutput(dir, (options.registry ?? (() => loadSiteRegistry().registry))(), logger);
      },
    },
  };
}
