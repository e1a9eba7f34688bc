/**
 * Writes what a large registry has one of per unit, after Astro has built the rest:
 * every unit page (Astro's layout shell filled by `renderUnitPage`) and the shards of the
 * verification index. Routing 135,000 pages and 60,000 shards through Astro costs
 * minutes; filling a shell costs seconds, with the same HTML (see src/pages/don-vi/[id].astro).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { lookupIndex } from '../site/lookup-data.ts';
import { site } from '../site/site.ts';
import { esc, renderUnitPage, type UnitPage } from '../site/unit-page.ts';
import { PLACEHOLDERS, SHELL_ID } from '../site/unit-shell.ts';

export const LOOKUP_SHARD_DIR = 'kiem-tra/chi-muc';

type Part = string | { fill: keyof UnitPage | 'path'; attribute: boolean };

/** Attribute values as Astro writes them: only `&` and `"` escaped. */
function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** The shell cut at its placeholders, so each page is one join. */
export function parseShell(shell: string): Part[] {
  const fields = new Map<string, keyof UnitPage | 'path'>([
    [`<!--${PLACEHOLDERS.main}-->`, 'main'],
    [PLACEHOLDERS.title, 'title'],
    [PLACEHOLDERS.description, 'description'],
    [PLACEHOLDERS.jsonLd, 'jsonLd'],
    [`don-vi/${SHELL_ID}/`, 'path'],
  ]);
  const pattern = new RegExp(`(${[...fields.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`);
  const pieces = shell.split(pattern);
  return pieces.map((piece, i) => (fields.has(piece) ? { fill: fields.get(piece)!, attribute: (pieces[i - 1] ?? '').endsWith('="') } : piece));
}

export function fillShell(parts: readonly Part[], page: UnitPage, id: string): string {
  let html = '';
  for (const part of parts) {
    if (typeof part === 'string') html += part;
    else if (part.fill === 'path') html += `don-vi/${id}/`;
    else if (part.fill === 'main' || part.fill === 'jsonLd') html += page[part.fill];
    else html += part.attribute ? escapeAttribute(page[part.fill]) : esc(page[part.fill]);
  }
  return html;
}

export function unitPages(): AstroIntegration {
  let siteUrl: URL | undefined;
  return {
    name: 'unit-pages',
    hooks: {
      'astro:config:done': ({ config }) => {
        siteUrl = config.site ? new URL(config.site) : undefined;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const shellDir = path.join(out, 'don-vi', SHELL_ID);
        let shell: string;
        try {
          shell = readFileSync(path.join(shellDir, 'index.html'), 'utf8');
        } catch {
          return; // Astro rendered every unit page itself (dev-like build)
        }
        rmSync(shellDir, { recursive: true, force: true });
        const started = performance.now();
        const model = site();
        const parts = parseShell(shell);
        for (const unit of model.registry.units) {
          const folder = path.join(out, 'don-vi', unit.id);
          mkdirSync(folder, { recursive: true });
          writeFileSync(path.join(folder, 'index.html'), fillShell(parts, renderUnitPage(model, unit, siteUrl), unit.id));
        }
        const index = await lookupIndex();
        const shardDir = path.join(out, LOOKUP_SHARD_DIR);
        mkdirSync(shardDir, { recursive: true });
        for (const [prefix, text] of index.shards) writeFileSync(path.join(shardDir, `${prefix}.json`), text);
        logger.info(`${model.registry.units.length} unit pages and ${index.shards.size} lookup shards in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    },
  };
}
