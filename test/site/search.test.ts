import { describe, expect, it } from 'vitest';
import {
  buildSearchIndex,
  EXACT,
  foldVietnamese,
  matchesQuery,
  NO_FILE,
  planSearch,
  rankMatch,
  tokenize,
  TRUNCATED,
  type SearchEntry,
  type SearchUnit,
} from '../../src/lib/search.ts';

describe('foldVietnamese', () => {
  it.each([
    ['Công đoàn Đắk Hà', 'cong doan dak ha'],
    ['CÔNG ĐOÀN ĐẮK HÀ', 'cong doan dak ha'],
    ['Liên đoàn Lao động huyện Tu Mơ Rông', 'lien doan lao dong huyen tu mo rong'],
    ['Ủy ban nhân dân xã Ngọc Hồi', 'uy ban nhan dan xa ngoc hoi'],
    // Decomposed input (NFD) folds the same as composed input.
    ['Đắk Hà'.normalize('NFD'), 'dak ha'],
  ])('folds %j to %j', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  it('splits names into words of letters and digits', () => {
    expect(tokenize("LĐLĐ Ia H'Drai – số 12")).toEqual(['ldld', 'ia', 'h', 'drai', 'so', '12']);
  });
});

const PLACES = [
  'Đắk Hà',
  'Đắk Tô',
  'Ngọc Hồi',
  'Sa Thầy',
  'Kon Rẫy',
  'Kon Plông',
  'Tu Mơ Rông',
  'Đắk Glei',
  'Quyết Thắng',
  'Trường Chinh',
  'Nguyễn Huệ',
  'Hoà Bình',
];
const KINDS = ['Trường Tiểu học', 'Trường THCS', 'Trường Mầm non', 'Bệnh viện', 'Trạm Y tế', 'Công ty TNHH', 'Ủy ban nhân dân xã'];

function syntheticUnits(count: number): SearchUnit[] {
  const units: SearchUnit[] = [{ id: 'ldld-tinh', name: 'Liên đoàn Lao động tỉnh Kon Tum', level: 'tinh', branch: '' }];
  for (let i = 1; i < count; i++) {
    units.push({
      id: `cdcs-${i}`,
      name: `Công đoàn cơ sở ${KINDS[i % KINDS.length]} ${PLACES[(i * 7) % PLACES.length]} ${i}`,
      level: 'cdcs',
      branch: `b-${i % 9}`,
    });
  }
  return units;
}

/** What a client does: plan, fetch one shard, filter. */
function search(query: string, index: ReturnType<typeof buildSearchIndex>) {
  const plan = planSearch(query, index.manifest);
  if (plan.kind !== 'shard') return { plan, found: [] as SearchEntry[] };
  const shard = JSON.parse(index.shards.get(plan.key) ?? 'null') as SearchEntry[] | null;
  expect(shard, `shard ${plan.key}`).not.toBeNull();
  return { plan, found: shard!.filter((e) => matchesQuery(e, plan.tokens)) };
}

describe('buildSearchIndex and planSearch', () => {
  const units = syntheticUnits(6000);
  // ~500 units share each place name: they fit a shard; "Đắk" (3 places) and "Công" do not.
  const budget = 60_000;
  const index = buildSearchIndex(units, { maxShardBytes: budget, rank: (u) => (u.level === 'tinh' ? 0 : 1) });
  const entries: SearchEntry[] = units.map((u) => [u.id, u.name, u.level, u.branch]);
  const bruteForce = (query: string) =>
    entries
      .filter((e) => matchesQuery(e, tokenize(query)))
      .map((e) => e[0])
      .sort();

  it('keeps every shard within the byte budget', () => {
    for (const [key, text] of index.shards) expect(text.length, key).toBeLessThanOrEqual(budget);
  });

  it('splits crowded prefixes by one more letter and keeps whole short words in an exact shard', () => {
    expect(Object.keys(index.manifest.s).some((k) => k.length > 2)).toBe(true);
    // "cơ" (co) is a whole word of every grassroots unit, and "cong", "con"… start with it.
    expect(index.manifest.f.co! & EXACT).toBeTruthy();
    // Every unit has "cong" and "doan": those shards cannot be split, only capped.
    expect(index.manifest.f.cong! & TRUNCATED).toBeTruthy();
    expect(index.manifest.f.dak! & TRUNCATED).toBeTruthy();
    expect(index.manifest.s.cong).toBe(units.length - 1);
  });

  it.each(['dak ha', 'Đắk Hà', 'tieu hoc ngoc hoi', 'cong doan co so tram y te sa thay', 'Bệnh viện Kon Rẫy 1', 'lien doan lao dong'])(
    'answers %j exactly as a full scan would, from one complete shard',
    (query) => {
      const { plan, found } = search(query, index);
      expect(plan.kind).toBe('shard');
      if (plan.kind !== 'shard') return;
      expect(plan.truncated || plan.exact, `${query} → ${plan.key}`).toBe(false);
      expect(found.map((e) => e[0]).sort()).toEqual(bruteForce(query));
      expect(found.length).toBeGreaterThan(0);
    },
  );

  it('picks the rarest word of the query', () => {
    const plan = planSearch('cong doan co so truong tieu hoc 4217', index.manifest);
    expect(plan.kind === 'shard' && plan.key).toBe('42');
    expect(search('cong doan co so truong tieu hoc 4217', index).found.map((e) => e[0])).toEqual(
      bruteForce('cong doan co so truong tieu hoc 4217'),
    );
  });

  it('answers from a capped shard when every word is common, and says it is partial', () => {
    const { plan, found } = search('cong doan', index);
    expect(plan.kind === 'shard' && plan.truncated).toBe(true);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(bruteForce('cong doan').length);
  });

  it('says "no result" without downloading when a word starts no unit name', () => {
    expect(planSearch('qwxyz', index.manifest).kind).toBe('none');
    expect(planSearch('dak zzz', index.manifest).kind).toBe('none');
  });

  it('asks for more letters when no word is long enough', () => {
    expect(planSearch('a', index.manifest).kind).toBe('short');
    expect(planSearch('  ', index.manifest).kind).toBe('short');
  });

  it('lists higher levels first in a capped shard', () => {
    expect(index.manifest.f.doan! & TRUNCATED).toBeTruthy();
    const doan = JSON.parse(index.shards.get('doan')!) as SearchEntry[];
    expect(doan[0]![0]).toBe('ldld-tinh');
  });

  it('marks split keys that no unit has as a whole word as having no file', () => {
    for (const [key, flags] of Object.entries(index.manifest.f)) {
      expect(index.shards.has(key), key).toBe((flags & NO_FILE) === 0);
    }
  });

  it('ranks whole-word matches before prefix matches', () => {
    const a: SearchEntry = ['a', 'Công đoàn Hà Nội', 'cdcs', ''];
    const b: SearchEntry = ['b', 'Công đoàn Hàng Hải', 'cdcs', ''];
    expect(rankMatch(a, ['ha'])).toBeLessThan(rankMatch(b, ['ha']));
  });
});

describe('foldName', () => {
  it('folds exactly as foldVietnamese does, on every Vietnamese letter and on other text', async () => {
    const { foldName, foldVietnamese } = await import('../../src/lib/search.ts');
    const samples = [
      'Công đoàn cơ sở Trường Tiểu học Đắk Hà',
      "LIÊN ĐOÀN LAO ĐỘNG HUYỆN IA H'DRAI",
      'Kon Plông, Tu Mơ Rông',
      'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ',
      'AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ',
      'Café Zürich ñ ß',
      'Cong doan 123 — “quoted”',
      'Công đoàn'.normalize('NFD'),
    ];
    for (const text of samples) expect(foldName(text), text).toBe(foldVietnamese(text));
  });
});
