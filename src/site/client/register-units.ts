/**
 * Units for the registration form: where they come from, and the chooser widget.
 *
 * - Small registries: the page embeds one row per unit (see src/pages/dang-ky/index.astro);
 *   search, id checks and "same name" checks are local.
 * - Large registries (> EMBED_MAX_UNITS): nothing is embedded. Search uses the
 *   directory's static index exactly as /don-vi/ does (manifest + ONE shard, the query
 *   functions of src/lib/search.ts); whether an id is taken is asked of the unit's own
 *   page (`HEAD /don-vi/<id>/`: every unit has one).
 *
 * Results are built with textContent only: names never become markup.
 */
import type { EmbeddedUnit, KnownUnit } from '../../submit/registration.ts';
import { matchesQuery, planSearch, rankMatch, tokenize, type SearchEntry } from '../../lib/search.ts';
import { searchIndexClient } from './search-index.ts';
import type * as RegistrationLogic from './register-logic.ts';

/** The registry functions a source uses, from the lazily loaded register-logic.ts. */
export type UnitLogic = Pick<typeof RegistrationLogic, 'knownUnitFromEmbedded' | 'deriveUnitId' | 'slugifyName'>;

export interface SearchResult {
  units: KnownUnit[];
  total: number;
  /** The index could not say everything: type more. */
  partial: boolean;
  /** The query has no word long enough to search. */
  short: boolean;
}

export interface UnitSource {
  search(query: string, keep?: (unit: KnownUnit) => boolean): Promise<SearchResult>;
  /** true/false when known now; undefined when not (yet) known. */
  idExists(id: string): boolean | undefined;
  /** A free id for a new unit named `name` (the same derivation as the issue bot). */
  freeId(name: string): Promise<string>;
  /** Finds out whether `id` is taken, so that `idExists` knows it afterwards. */
  check(id: string): Promise<void>;
  sameName(name: string, parent: string): KnownUnit | undefined;
}

const SHOWN = 20;

/** `otherIds`: ids that exist but are not offered (dissolved units): a new unit cannot take them. */
export function embeddedSource(
  { knownUnitFromEmbedded, deriveUnitId }: UnitLogic,
  rows: readonly EmbeddedUnit[],
  otherIds: readonly string[],
  levelRank: ReadonlyMap<string, number>,
): UnitSource {
  const units = rows.map(knownUnitFromEmbedded);
  const ids = new Set([...units.map((u) => u.id), ...otherIds]);
  const entries = units.map((u): [SearchEntry, KnownUnit] => [[u.id, u.name, u.level, ''], u]);
  return {
    async search(query, keep) {
      const tokens = tokenize(query);
      if (tokens.length === 0) return { units: [], total: 0, partial: false, short: true };
      const found = entries.filter(([entry, unit]) => matchesQuery(entry, tokens) && (!keep || keep(unit)));
      const rank = (e: SearchEntry) => rankMatch(e, tokens, levelRank.get(e[2]) ?? 99);
      found.sort((a, b) => rank(a[0]) - rank(b[0]));
      return { units: found.slice(0, SHOWN).map(([, u]) => u), total: found.length, partial: false, short: false };
    },
    idExists: (id) => ids.has(id),
    freeId: async (name) => deriveUnitId(name, (id) => ids.has(id)),
    check: async () => undefined,
    sameName(name, parent) {
      const wanted = name.normalize('NFC').toLocaleLowerCase('vi');
      return units.find((u) => u.parent === parent && u.name.toLocaleLowerCase('vi') === wanted);
    },
  };
}

export function indexSource(
  { deriveUnitId, slugifyName }: UnitLogic,
  indexBase: string,
  unitBase: string,
  levelRank: ReadonlyMap<string, number>,
): UnitSource {
  const index = searchIndexClient(indexBase);
  const shard = index.shard;
  const known = new Map<string, boolean>();
  const exists = async (id: string): Promise<boolean> => {
    const cached = known.get(id);
    if (cached !== undefined) return cached;
    const response = await fetch(`${unitBase}${id}/`, { method: 'HEAD' });
    if (response.status !== 404 && !response.ok) throw new Error(String(response.status));
    known.set(id, response.ok);
    return response.ok;
  };
  return {
    async search(query, keep) {
      const plan = planSearch(query, await index.manifest());
      if (plan.kind === 'short') return { units: [], total: 0, partial: false, short: true };
      if (plan.kind === 'none') return { units: [], total: 0, partial: false, short: false };
      const rows = (await shard(plan.key)).filter((e) => matchesQuery(e, plan.tokens));
      const rank = (e: SearchEntry) => rankMatch(e, plan.tokens, levelRank.get(e[2]) ?? 99);
      rows.sort((a, b) => rank(a) - rank(b));
      // An index entry may one day carry the unit's file as a fifth item; use it when it does.
      const units = rows
        .map((e): KnownUnit => {
          const file = (e as readonly unknown[])[4];
          return { id: e[0], name: e[1], level: e[2], file: typeof file === 'string' ? file : undefined };
        })
        .filter((u) => !keep || keep(u));
      for (const u of units) known.set(u.id, true);
      return { units: units.slice(0, SHOWN), total: units.length, partial: plan.exact || plan.truncated, short: false };
    },
    idExists: (id) => known.get(id),
    async freeId(name) {
      const base = slugifyName(name);
      if (!base) return '';
      // The same candidates as deriveUnitId, each asked of the site (a few requests at most).
      const taken = new Set<string>();
      for (let n = 1; n <= 30; n++) {
        const candidate = deriveUnitId(name, (id) => taken.has(id));
        try {
          if (!(await exists(candidate))) return candidate;
        } catch {
          return candidate; // offline: CI still checks duplicate ids
        }
        taken.add(candidate);
      }
      return deriveUnitId(name, (id) => taken.has(id));
    },
    async check(id) {
      try {
        await exists(id);
      } catch {
        // offline: CI still checks duplicate ids
      }
    },
    sameName: () => undefined,
  };
}

/**
 * A source made on first use (its code comes with register-logic.ts). Until then what
 * it would know synchronously is unknown (undefined); `ready()` waits for it.
 */
export function deferredSource(make: () => Promise<UnitSource>): UnitSource & { ready(): Promise<UnitSource> } {
  let made: UnitSource | undefined;
  let making: Promise<UnitSource> | undefined;
  const ready = () => (making ??= make().then((source) => (made = source)));
  return {
    ready,
    search: async (query, keep) => (await ready()).search(query, keep),
    idExists: (id) => made?.idExists(id),
    freeId: async (name) => (await ready()).freeId(name),
    check: async (id) => (await ready()).check(id),
    sameName: (name, parent) => made?.sameName(name, parent),
  };
}

export interface Picker {
  value(): KnownUnit | undefined;
  /** Runs the search again (the filter changed). */
  refresh(): void;
  input: HTMLInputElement;
}

/** Brings a RegisterUnitPicker to life. `keep` filters the results (e.g. allowed parents). */
export function createPicker(
  root: HTMLElement,
  source: UnitSource,
  options: {
    levelName: (id: string) => string;
    keep?: () => ((unit: KnownUnit) => boolean) | undefined;
    onChange: (unit: KnownUnit | undefined) => void;
  },
): Picker {
  const id = root.dataset.picker ?? '';
  const input = document.getElementById(`${id}-tim`) as HTMLInputElement;
  const status = document.getElementById(`${id}-trang-thai`) as HTMLElement;
  const list = document.getElementById(`${id}-ds`) as HTMLUListElement;
  const chosenBox = document.getElementById(`${id}-da-chon`) as HTMLElement;
  const chosenName = chosenBox.querySelector('[data-chosen-name]') as HTMLElement;
  const chosenMeta = chosenBox.querySelector('[data-chosen-meta]') as HTMLElement;
  const change = chosenBox.querySelector('[data-chosen-change]') as HTMLButtonElement;
  const label = root.querySelector('label') as HTMLLabelElement;
  let chosen: KnownUnit | undefined;
  let sequence = 0;

  const choose = (unit: KnownUnit | undefined, focus: boolean) => {
    chosen = unit;
    const picked = unit !== undefined;
    input.hidden = picked;
    list.hidden = picked;
    status.hidden = picked;
    label.hidden = picked;
    chosenBox.hidden = !picked;
    if (unit) {
      chosenName.textContent = unit.name;
      chosenMeta.textContent = `${options.levelName(unit.level)} · mã ${unit.id}`;
      if (focus) chosenBox.focus();
    } else {
      list.replaceChildren();
      status.textContent = '';
      if (focus) input.focus();
    }
    options.onChange(unit);
  };

  const run = async () => {
    const query = input.value.trim();
    const mine = ++sequence;
    if (query === '') {
      status.textContent = '';
      list.replaceChildren();
      return;
    }
    try {
      const result = await source.search(query, options.keep?.());
      if (mine !== sequence) return;
      let message: string;
      if (result.short) message = 'Hãy gõ ít nhất 2 chữ cái của một từ trong tên đơn vị.';
      else if (result.total === 0) message = 'Không tìm thấy đơn vị nào. Hãy thử gõ ít chữ hơn, hoặc kiểm tra lại tên.';
      else
        message = `Tìm thấy ${result.total.toLocaleString('vi-VN')} đơn vị${result.total > result.units.length ? `, hiện ${result.units.length} đơn vị đầu` : ''}. Bấm vào tên để chọn.`;
      if (result.partial) message += ' Có thể còn đơn vị khác: hãy gõ thêm chữ để thu hẹp.';
      status.textContent = message;
      list.replaceChildren(
        ...result.units.map((unit) => {
          const li = document.createElement('li');
          const button = document.createElement('button');
          button.type = 'button';
          const meta = document.createElement('span');
          meta.className = 'small';
          meta.textContent = `${options.levelName(unit.level)} · mã ${unit.id}`;
          button.append(unit.name, meta);
          button.addEventListener('click', () => choose(unit, true));
          li.append(button);
          return li;
        }),
      );
    } catch {
      if (mine === sequence) status.textContent = 'Không tải được danh sách đơn vị. Hãy kiểm tra kết nối mạng rồi gõ lại.';
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  input.addEventListener('keydown', (event) => {
    // Enter in the box searches now instead of submitting the form.
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      void run();
    }
  });
  change.addEventListener('click', () => choose(undefined, true));
  return {
    value: () => chosen,
    refresh: () => {
      if (!chosen && input.value.trim()) void run();
    },
    input,
  };
}
