/**
 * `npm run gen -- --units N --out DIR`: a realistic synthetic registry for tests and
 * benchmarks. A tree (province → branches → grassroots unions), most units with
 * accounts, some without, some late, some former, hidden groups, plaintext contacts.
 * Deterministic for a given N and --seed. Files are written as the registration form
 * writes them (src/submit/registration.ts): the schema comment on top, `follows: [a, b]` on
 * one line, so that the benchmark reads the shapes real files have.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isSeq, stringify } from 'yaml';
import { EXIT_OK, parseCliArgs, run, UsageError, type Io } from './run.ts';

export const USAGE = 'Usage: npm run gen -- --units N --out DIR [--seed S] [--registry DIR (settings to copy)]';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  'Đắk Hà',
  'Đắk Tô',
  'Ngọc Hồi',
  'Sa Thầy',
  'Kon Rẫy',
  'Kon Plông',
  'Tu Mơ Rông',
  'Đắk Glei',
  "Ia H'Drai",
  'Quyết Thắng',
  'Thắng Lợi',
  'Trường Chinh',
  'Duy Tân',
  'Ngô Mây',
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Huệ',
  'Hoà Bình',
  'Đoàn Kết',
  'Măng Đen',
];
const KINDS = [
  'Trường Tiểu học',
  'Trường THCS',
  'Trường THPT',
  'Trường Mầm non',
  'Bệnh viện',
  'Trạm Y tế',
  'Công ty TNHH',
  'Công ty Cổ phần',
  'Ủy ban nhân dân xã',
  'Chi cục Thuế',
  'Hợp tác xã',
  'Kho bạc Nhà nước',
];
const BRANCH_LEVELS = ['huyen', 'nganh', 'vien-chuc', 'kcn-kkt', 'trung-uong'] as const;
const FOLLOWS = ['congdoankontum', 'congdoanvietnam', 'tamsucongphan'];

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function date(rand: () => number, from: string, days: number): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  return new Date(start + Math.floor(rand() * days) * 86_400_000).toISOString().slice(0, 10);
}

/** The form's output style (registration.ts): schema comment, one-line follows, no line wrapping. */
function unitYaml(file: string, data: Record<string, unknown>): string {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  const accounts = doc.get('accounts', true);
  if (isSeq(accounts)) {
    for (const account of accounts.items) {
      const follows = isMap(account) ? account.get('follows', true) : undefined;
      if (isSeq(follows)) follows.flow = true;
    }
  }
  // registry/<file>: one `../` per folder of the file, plus one out of registry/.
  if (isMap(doc.contents))
    doc.contents.commentBefore = ` yaml-language-server: $schema=${'../'.repeat(file.split('/').length)}schema/unit.schema.json`;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

const DEFAULT_SETTINGS = new URL('../../registry/registry.yaml', import.meta.url);

export interface GenOptions {
  units: number;
  out: string;
  seed?: number;
  settingsText?: string;
}

export function generateRegistry({ units, out, seed = 118, settingsText }: GenOptions): { units: number; accounts: number } {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'units'), { recursive: true });
  // Same levels and pages as the shipped registry, but contacts in plain text (no key needed).
  const settings = (settingsText ?? readFileSync(DEFAULT_SETTINGS, 'utf8')).replace(
    /privacy:[\s\S]*$/,
    'privacy:\n  contacts: plaintext\n',
  );
  writeFileSync(path.join(out, 'registry.yaml'), settings);

  let accounts = 0;
  const write = (folder: string, id: string, data: Record<string, unknown>) => {
    const dir = path.join(out, 'units', folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${id}.yaml`), unitYaml(folder ? `units/${folder}/${id}.yaml` : `units/${id}.yaml`, data));
  };
  write('', 'ldld-kon-tum', {
    name: 'Liên đoàn Lao động tỉnh Kon Tum',
    short_name: 'LĐLĐ tỉnh Kon Tum',
    level: 'tinh',
    accounts: [
      {
        role: 'unit',
        url: 'https://www.facebook.com/congdoankontum',
        name: 'congdoankontum',
        since: '2018-09-11',
        follows: ['congdoanvietnam', 'tamsucongphan'],
      },
    ],
  });
  const branchCount = Math.max(1, Math.min(units - 1, Math.round(Math.sqrt(units) / 2)));
  const branches: string[] = [];
  for (let b = 0; b < branchCount; b++) {
    const level = b < branchCount * 0.7 ? 'huyen' : BRANCH_LEVELS[1 + (b % 4)]!;
    const place = PLACES[b % PLACES.length]!;
    const name =
      level === 'huyen'
        ? `Liên đoàn Lao động khu vực ${place} số ${b + 1}`
        : `Công đoàn ${level === 'nganh' ? 'ngành' : 'khối'} ${place} số ${b + 1}`;
    const id = `${level === 'huyen' ? 'ldld' : 'cd'}-${fold(place)}-${b + 1}`;
    branches.push(id);
    const hasPage = rand() < 0.8;
    const since = rand() < 0.85 ? date(rand, '2018-09-12', 49) : date(rand, '2018-11-01', 700);
    const data: Record<string, unknown> = { name, level, parent: 'ldld-kon-tum', members: Math.floor(rand() * 20000) };
    if (hasPage) {
      accounts++;
      data.accounts = [
        {
          role: 'unit',
          url: `https://www.facebook.com/${id.replace(/-/g, '.')}`,
          name,
          since,
          follows: FOLLOWS,
          admins: [
            {
              name: `Quản trị ${b + 1}`,
              position: 'Phó Chủ tịch',
              phone: `090${String(1_000_000 + b).slice(-7)}`,
              email: `qt${b + 1}@example.vn`,
            },
          ],
        },
      ];
    }
    write('huyen', id, data);
  }
  for (let i = 0; i < units - 1 - branchCount; i++) {
    const branch = branches[i % branchCount]!;
    const kind = pick(KINDS);
    const place = pick(PLACES);
    const name = `Công đoàn cơ sở ${kind} ${place} ${i + 1}`;
    const id = `cdcs-${fold(kind)}-${i + 1}`;
    const data: Record<string, unknown> = { name, level: 'cdcs', parent: branch, members: 5 + Math.floor(rand() * 400) };
    const roll = rand();
    const list: Record<string, unknown>[] = [];
    if (roll < 0.9) {
      const late = rand() < 0.15;
      const since = late ? date(rand, '2018-11-01', 900) : date(rand, '2018-09-12', 49);
      const follows = rand() < 0.8 ? FOLLOWS : FOLLOWS.slice(0, 2);
      const admin = {
        name: `Chủ tịch ${i + 1}`,
        position: 'Chủ tịch',
        phone: `091${String(1_000_000 + (i % 9_000_000)).slice(-7)}`,
        email: `ct${i + 1}@example.vn`,
      };
      const former = rand() < 0.03;
      list.push({
        role: 'chair',
        url: `https://www.facebook.com/chu.tich.${i + 1}`,
        name: `Chủ tịch CĐCS ${i + 1}`,
        since,
        ...(former ? { until: date(rand, since, 300) } : {}),
        follows,
        ...(rand() < 0.5 ? { admins: [admin] } : {}),
      });
      if (former)
        list.push({
          role: 'chair',
          url: `https://www.facebook.com/chu.tich.moi.${i + 1}`,
          name: `Chủ tịch CĐCS ${i + 1}`,
          since: date(rand, '2022-01-01', 300),
          follows,
        });
      if (roll < 0.75) {
        const visibility = rand() < 0.7 ? 'hidden' : rand() < 0.5 ? 'private' : 'public';
        list.push({
          role: 'group',
          url: `https://www.facebook.com/groups/doanvien.${i + 1}`,
          name: `Đoàn viên ${name}`,
          visibility,
          since: date(rand, since, 30),
          follows,
        });
      }
    }
    if (list.length > 0) {
      data.accounts = list;
      accounts += list.length;
    }
    write(branch, id, data);
  }
  writeFileSync(
    path.join(out, 'reported.yaml'),
    stringify([
      {
        url: 'https://www.facebook.com/congdoan.kontum.chinhthuc',
        impersonates: 'ldld-kon-tum',
        reported: '2019-03-02',
        note: 'Trang giả mạo (dữ liệu mẫu)',
      },
    ]),
  );
  return { units, accounts: accounts + 1 };
}

export function main(args: string[], io: Io): number {
  const { values } = parseCliArgs(args, { units: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } });
  const units = Number(values.units);
  if (!Number.isInteger(units) || units < 2 || units > 2_000_000) throw new UsageError('--units must be a whole number from 2 to 2000000');
  if (!values.out) throw new UsageError('--out DIR is required');
  const out = path.resolve(values.out);
  if (out === path.resolve('.') || out === path.resolve('registry'))
    throw new UsageError('--out must be a new folder, not the project or its registry');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const made = generateRegistry({ units, out, seed });
  io.out(`Wrote ${made.units} units and ${made.accounts} accounts to ${out}\n`);
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);
