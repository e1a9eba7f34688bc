/**
 * Writes what a large registry has one of per unit, after Astro has built the rest:
 * every unit page (Astro's layout shell filled by `renderUnitPage`), the shards of the
 * verification index and those of the directory's search index, and the units' posters
 * when the registry is small enough for them (src/site/poster-route.ts). Routing 135,000 pages and 60,000 shards through Astro costs
 * minutes; filling a shell costs seconds, with the same HTML (see src/pages/don-vi/[id].astro).
 *
 * Incremental (output-state.ts): a file whose content is what the previous build wrote is
 * left alone, files of units that are gone are deleted, and so is every other file of an
 * earlier build that this build did not write.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { lookupIndex } from '../site/lookup-data.ts';
import { searchIndex } from '../site/search-data.ts';
import { site } from '../site/site.ts';
import { esc, renderUnitPage } from '../site/unit-page.ts';
import { listingPages } from '../site/listing-pages.ts';
import { posterInput, renderPoster } from '../site/poster.ts';
import { hasPoster, posterPath, postersBuilt } from '../site/poster-route.ts';
import { LISTING_SECTIONS, LISTING_SHELL_DIR, PLACEHOLDERS, SHELL_ID } from '../site/unit-shell.ts';
import { digest, OutputWriter, readState, removeState, stateFile, sweepStale, writeState } from './output-state.ts';

export const LOOKUP_SHARD_DIR = 'kiem-tra/chi-muc';
export const SEARCH_SHARD_DIR = 'don-vi/chi-muc';

type Field = 'title' | 'description' | 'jsonLd' | 'main';
type Part = string | { fill: Field | 'path'; attribute: boolean };
/** What fills a shell: a unit page, or a listing page (no JSON-LD). */
type Fill = { title: string; description: string; jsonLd?: string; main: string };

/** Attribute values as Astro writes them: only `&` and `"` escaped. */
function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** The shell cut at its placeholders, so each page is one join. `shellPath`: the shell's own path (`don-vi/khuon-trang-don-vi/`). */
export function parseShell(shell: string, shellPath = `don-vi/${SHELL_ID}/`): Part[] {
  const fields = new Map<string, Field | 'path'>([
    [`<!--${PLACEHOLDERS.main}-->`, 'main'],
    [PLACEHOLDERS.title, 'title'],
    [PLACEHOLDERS.description, 'description'],
    [PLACEHOLDERS.jsonLd, 'jsonLd'],
    [shellPath, 'path'],
  ]);
  const pattern = new RegExp(`(${[...fields.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`);
  const pieces = shell.split(pattern);
  return pieces.map((piece, i) =>
    fields.has(piece) ? { fill: fields.get(piece)!, attribute: (pieces[i - 1] ?? '').endsWith('="') } : piece,
  );
}

/** `path`: the page's path under the base, e.g. `don-vi/<id>/`. */
export function fillShell(parts: readonly Part[], page: Fill, path: string): string {
  let html = '';
  for (const part of parts) {
    if (typeof part === 'string') html += part;
    else if (part.fill === 'path') html += path;
    else if (part.fill === 'main' || part.fill === 'jsonLd') html += page[part.fill] ?? '';
    else html += part.attribute ? escapeAttribute(page[part.fill]) : esc(page[part.fill]);
  }
  return html;
}

/** Folders under don-vi/ that are not a unit's. */
export const LISTING_FOLDERS: ReadonlySet<string> = new Set(['don-vi/cap', 'don-vi/nhanh', SEARCH_SHARD_DIR]);

/** A little before the build started: file times come from a coarser clock than `Date.now()`. */
const CLOCK_SLACK_MS = 50;

export function unitPages(): AstroIntegration {
  let siteUrl: URL | undefined;
  let cacheDir = '';
  let started = 0;
  return {
    name: 'unit-pages',
    hooks: {
      'astro:config:done': ({ config }) => {
        siteUrl = config.site ? new URL(config.site) : undefined;
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:start': () => {
        started = Date.now() - CLOCK_SLACK_MS;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const clock = performance.now();
        const manifestFile = stateFile(cacheDir, out, 'unit-pages');
        const previous = readState<Record<string, string>>(manifestFile, out);
        // Until this build's manifest is written, the output matches no manifest.
        removeState(manifestFile);
        const writer = new OutputWriter(out, previous);
        const shellDir = path.join(out, 'don-vi', SHELL_ID);
        let shell: string | undefined;
        try {
          shell = readFileSync(path.join(shellDir, 'index.html'), 'utf8');
        } catch {
          // Astro rendered every unit page and shard itself (UNIT_PAGES=astro, dev-like build).
        }
        rmSync(shellDir, { recursive: true, force: true });
        let shards = 0;
        let searchShards = 0;
        let listings = 0;
        let posters = 0;
        if (shell !== undefined) {
          const model = site();
          const parts = parseShell(shell);
          // A page is the shell filled with its fields: the fields and the shell identify it,
          // and an unchanged page is neither assembled nor hashed whole.
          const shellSum = digest(shell);
          for (const unit of model.registry.units) {
            const page = renderUnitPage(model, unit, siteUrl);
            writer.put(
              `don-vi/${unit.id}/index.html`,
              digest(shellSum, unit.id, page.title, page.description, page.jsonLd, page.main),
              () => fillShell(parts, page, `don-vi/${unit.id}/`),
            );
          }
          const index = await lookupIndex();
          for (const [prefix, text] of index.shards) writer.put(`${LOOKUP_SHARD_DIR}/${prefix}.json`, digest(text), () => text);
          shards = index.shards.size;
          // The directory's search shards (its manifest, danh-muc.json, is Astro's).
          const search = searchIndex();
          for (const [key, text] of search.shards) writer.put(`${SEARCH_SHARD_DIR}/${key}.json`, digest(text), () => text);
          searchShards = search.shards.size;
          // The branch and level listings and the branch reports, from their section's shell.
          const shells = new Map(
            LISTING_SECTIONS.map((section) => {
              const text = readFileSync(path.join(out, LISTING_SHELL_DIR, section, 'index.html'), 'utf8');
              return [section, { parts: parseShell(text, `${LISTING_SHELL_DIR}/${section}/`), sum: digest(text) }];
            }),
          );
          for (const page of listingPages(model)) {
            const shellOf = shells.get(page.section)!;
            const main = page.main();
            writer.put(`${page.path}index.html`, digest(shellOf.sum, page.path, page.title, page.description, main), () =>
              fillShell(shellOf.parts, { ...page, main }, page.path),
            );
            listings++;
          }
          // Posters, in the directory's shell. The digest is of what the poster shows, so an
          // unchanged one is not drawn (its QR code) again.
          if (postersBuilt(model)) {
            const shellOf = shells.get('don-vi')!;
            for (const unit of model.registry.units) {
              if (!hasPoster(model, unit)) continue;
              const input = posterInput(model, unit, siteUrl);
              const at = posterPath(unit.id);
              writer.put(`${at}index.html`, digest(shellOf.sum, at, JSON.stringify(input)), () =>
                fillShell(shellOf.parts, renderPoster(input), at),
              );
              posters++;
            }
          }
        }
        rmSync(path.join(out, LISTING_SHELL_DIR), { recursive: true, force: true });
        // Without a shell, Astro wrote every unit page and shard itself, in place of the
        // previous build's: nothing of the manifest is to be deleted (the sweep below still
        // removes the pages of units that are gone, by their age).
        const manifest = shell === undefined ? {} : writer.finish();
        // Astro's own files of an earlier build that this one did not write again.
        // A unit's own folder holds only its page: not listed (135,000 of them). The
        // listing folders under don-vi/ hold more pages and are listed.
        const unitFolder = (rel: string) =>
          /^don-vi\/[^/]+$/.test(rel) && !LISTING_FOLDERS.has(rel) && writer.current.has(`${rel}/index.html`);
        const swept = sweepStale(out, started, (rel) => writer.current.has(rel), unitFolder);
        writeState(manifestFile, out, manifest);
        const { written, kept, removed } = writer.stats;
        logger.info(
          `${posters} posters, ${written + kept - shards - searchShards - listings - posters} unit pages, ${listings} listing pages, ${shards} lookup shards and ${searchShards} search shards in ${((performance.now() - clock) / 1000).toFixed(1)} s: ${written} written, ${kept} unchanged, ${removed + swept} old files removed`,
        );
      },
    },
  };
}
