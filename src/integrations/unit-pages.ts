/**
 * Writes what a large registry has one of per unit, after Astro has built the rest:
 * every unit page (Astro's layout shell filled with the unit's `UnitPage.astro`, which
 * Astro's Container API renders), the shards of the verification index and those of the
 * directory's search index. Routing 135,000 pages and 60,000 shards through Astro costs
 * minutes; filling a shell costs seconds, with the same HTML (see src/pages/don-vi/[id].astro).
 * A unit page is rendered only when its view (src/site/unit-view.ts) changed.
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
import { esc } from '../site/html.ts';
import { postersBuilt } from '../site/poster-route.ts';
import { PLACEHOLDERS, SHELL_ID, takeUnitMainRenderer } from '../site/unit-shell.ts';
import { unitView, type UnitView } from '../site/unit-view.ts';
import { digest, OutputWriter, readState, removeState, stateFile, sweepStale, writeState } from './output-state.ts';

export const LOOKUP_SHARD_DIR = 'kiem-tra/chi-muc';
export const SEARCH_SHARD_DIR = 'don-vi/chi-muc';

type Field = 'title' | 'description' | 'jsonLd' | 'main';
type Part = string | { fill: Field | 'path'; attribute: boolean };
/** What fills the shell. */
type Fill = { title: string; description: string; jsonLd: string; main: string };

/** Attribute values as Astro writes them: only `&` and `"` escaped. */
function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** The shell cut at its placeholders, so each page is one join. `shellPath`: the shell's own path (`don-vi/khuon-trang-don-vi/`). */
export function parseShell(shell: string, shellPath: string): Part[] {
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
    else if (part.fill === 'main' || part.fill === 'jsonLd') html += page[part.fill];
    else html += part.attribute ? escapeAttribute(page[part.fill]) : esc(page[part.fill]);
  }
  return html;
}

/** Folders under don-vi/ that are not a unit's. */
export const LISTING_FOLDERS: ReadonlySet<string> = new Set(['don-vi/cap', 'don-vi/nhanh', SEARCH_SHARD_DIR]);

/** Unit pages rendered at once (see the loop). */
const RENDER_BATCH = 64;

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
      'astro:build:done': async ({ dir, pages, logger }) => {
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
        let rendered = 0;
        const withPosters = postersBuilt(site());
        const render = takeUnitMainRenderer();
        if (shell !== undefined) {
          if (!render) throw new Error('unit-pages: the unit-page shell was built without its renderer (src/pages/don-vi/[id].astro)');
          const model = site();
          const parts = parseShell(shell, `don-vi/${SHELL_ID}/`);
          // A page is the shell filled with its view: the view and the shell identify it,
          // and an unchanged page is neither rendered nor hashed whole.
          const shellSum = digest(shell);
          const changed: { id: string; view: UnitView; rel: string; sum: string }[] = [];
          for (const unit of model.registry.units) {
            const view = unitView(model, unit, siteUrl);
            const rel = `don-vi/${unit.id}/index.html`;
            const sum = digest(shellSum, JSON.stringify(view));
            if (!writer.unchanged(rel, sum)) changed.push({ id: unit.id, view, rel, sum });
          }
          // Rendered RENDER_BATCH at a time: awaited one by one, the Container API's
          // renders cost 1.75 ms a page at 135,000 units, in batches 0.2 ms (docs/scale.md).
          for (let i = 0; i < changed.length; i += RENDER_BATCH) {
            const batch = changed.slice(i, i + RENDER_BATCH);
            const mains = await Promise.all(batch.map((page) => render(page.view)));
            batch.forEach((page, j) =>
              writer.put(page.rel, page.sum, () => fillShell(parts, { ...page.view, main: mains[j]! }, `don-vi/${page.id}/`)),
            );
            rendered += batch.length;
          }
          const index = await lookupIndex();
          for (const [prefix, text] of index.shards) writer.put(`${LOOKUP_SHARD_DIR}/${prefix}.json`, digest(text), () => text);
          shards = index.shards.size;
          // The directory's search shards (its manifest, danh-muc.json, is Astro's).
          const search = searchIndex();
          for (const [key, text] of search.shards) writer.put(`${SEARCH_SHARD_DIR}/${key}.json`, digest(text), () => text);
          searchShards = search.shards.size;
        }
        // Without a shell, Astro wrote every unit page and shard itself, in place of the
        // previous build's: nothing of the manifest is to be deleted (the sweep below still
        // removes the pages of units that are gone, by their age).
        const manifest = shell === undefined ? {} : writer.finish();
        // Pages Astro rendered, or kept from the previous build: its incremental build
        // (astro.config.mjs) leaves an unchanged page as it was, with its old time.
        const astroPages = new Set(pages.map((p) => `${p.pathname}index.html`));
        const owned = (rel: string) => writer.current.has(rel) || astroPages.has(rel);
        // Astro's own files of an earlier build that this one did not write again.
        // A unit's own folder holds only its page: not listed (135,000 of them). The
        // listing folders under don-vi/ hold more pages and are listed.
        // Where units have posters (Astro's pages, src/site/poster-route.ts), their folders are
        // listed, so that the poster of a unit dissolved since is removed.
        const unitFolder = (rel: string) =>
          !withPosters && /^don-vi\/[^/]+$/.test(rel) && !LISTING_FOLDERS.has(rel) && writer.current.has(`${rel}/index.html`);
        const swept = sweepStale(out, started, owned, unitFolder);
        writeState(manifestFile, out, manifest);
        const { written, kept, removed } = writer.stats;
        logger.info(
          `${written + kept - shards - searchShards} unit pages (${rendered} rendered), ${shards} lookup shards and ${searchShards} search shards in ${((performance.now() - clock) / 1000).toFixed(1)} s: ${written} written, ${kept} unchanged, ${removed + swept} old files removed`,
        );
      },
    },
  };
}
