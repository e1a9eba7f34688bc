/** The registration form's values and the units it knows (see registration.ts). */
import type { FieldProblem } from '../registry/problems.ts';
import { accountUrl, canonicalize } from '../registry/facebook-url.ts';
import type { RegistrySettings } from '../schema/index.ts';
import { placementOf } from './registration-yaml.ts';

// ---------------------------------------------------------------------------------
// Form values

export interface AdminValues {
  name: string;
  position: string;
  phone: string;
  email: string;
}

export interface AccountValues {
  /** '' until chosen. */
  role: string;
  url: string;
  name: string;
  /** The page's numeric id (stored as `fb_id`); optional, '' or absent when not given. */
  fbId?: string;
  /** Groups only; '' means hidden. */
  visibility: string;
  since: string;
  follows: string[];
  admins: AdminValues[];
}

/**
 * Where new account items go in an existing unit's file:
 * - `empty-list`: the file has `accounts: []`: replace that line with `accounts:` and the items;
 * - `no-accounts`: no `accounts` key: add `accounts:` and the items at the end of the file;
 * - `end`: the items go at the end of the file (accounts is the last key);
 * - `before:<key>`: the items go right before the top-level line `<key>:`;
 * - `unknown`: the page does not know the file (large registries): the instructions cover every case.
 */
export type PlacementWhere = 'empty-list' | 'no-accounts' | 'end' | `before:${string}` | 'unknown';
export interface Placement {
  where: PlacementWhere;
  /** Column of the `-` of the existing items (2 in every file the tools write). */
  indent: number;
}

/** A unit the form knows, from the page's embedded list or the directory's search index. */
export interface KnownUnit {
  id: string;
  name: string;
  level: string;
  parent?: string | undefined;
  /** Relative to the registry folder; unknown for large registries. */
  file?: string | undefined;
  placement?: Placement | undefined;
}

/** The compact row the page embeds per unit: [id, name, level, parent, file, where, indent]. */
export type EmbeddedUnit = [id: string, name: string, level: string, parent: string, file: string, where: PlacementWhere, indent: number];

export function embedUnit(
  unit: { id: string; name: string; level: string; parent?: string | undefined; file: string },
  text: string | undefined,
): EmbeddedUnit {
  const placement = text === undefined ? { where: 'unknown' as const, indent: 2 } : placementOf(text);
  return [unit.id, unit.name, unit.level, unit.parent ?? '', unit.file, placement.where, placement.indent];
}

export function knownUnitFromEmbedded(row: EmbeddedUnit): KnownUnit {
  const [id, name, level, parent, file, where, indent] = row;
  return { id, name, level, parent: parent || undefined, file, placement: { where, indent } };
}

export type RegistrationValues =
  | { kind: 'existing'; unit: KnownUnit | undefined; accounts: AccountValues[] }
  | { kind: 'new'; name: string; level: string; parent: KnownUnit | undefined; id: string; accounts: AccountValues[] };

export function emptyAdmin(): AdminValues {
  return { name: '', position: '', phone: '', email: '' };
}

export function emptyAccount(): AccountValues {
  return { role: '', url: '', name: '', fbId: '', visibility: '', since: '', follows: [], admins: [emptyAdmin()] };
}

export interface RegistrationContext {
  settings: RegistrySettings;
  /** `YYYY-MM-DD`: dates after it are "in the future", as in CI. */
  today: string;
  /** Whether a unit id is taken: `undefined` when the page cannot tell (CI still checks). */
  idExists: (id: string) => boolean | undefined;
  /** A unit of that name (any case) directly under `parent`, when the page can tell. */
  sameName?: (name: string, parent: string) => KnownUnit | undefined;
}

/**
 * A problem with the form, keyed by field: `unit`, `name`, `level`, `parent`, `id`,
 * `accounts`, `accounts.<i>.<role|url|name|visibility|since|follows>`,
 * `accounts.<i>.admins.<j>.<name|position|phone|email>`.
 */
export type FormProblem = FieldProblem;

/** The address as the registry stores it: the canonical form, or the text as typed when it is refused. */
export function storedUrl(input: string): string {
  const canonical = canonicalize(input);
  return canonical.ok && !canonical.subpage ? accountUrl(canonical) : input.trim();
}

/** The page id as stored: people copy it with spaces or dots between digit groups. */
export function storedFbId(input: string | undefined): string | undefined {
  const digits = (input ?? '').replace(/[\s.,]/g, '');
  return digits === '' ? undefined : digits;
}
