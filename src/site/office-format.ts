/**
 * The format of the office's ciphertext bundle (built by office-bundle.ts, read by the
 * page through office-model.ts). Types and constants only: the page's script imports
 * this without any schema code.
 */
import type { ProgressReport, UnitStatus } from '../lib/report.ts';
import type { Role, Visibility } from '../schema/index.ts';

/** Where the bundle is written, relative to the site's root (and to the output folder). */
export const OFFICE_BUNDLE_FILE = 'bao-cao/noi-bo/du-lieu.json';
/** The page that reads it (kept out of the sitemap, `noindex`). */
export const OFFICE_PAGE = 'bao-cao/noi-bo/';
export const OFFICE_BUNDLE_FORMAT = 1;

export interface OfficeAccount {
  role: Role;
  name: string;
  /** The address when the site may show it; null for a hidden group. */
  url: string | null;
  /** Groups only; a group without one is hidden. */
  visibility: Visibility | null;
  since: string;
  until: string | null;
  /** Still an official channel on the report's date. */
  current: boolean;
  /** The admins, age-armored, exactly as in the registry file. */
  admins_age?: string;
  /** A hidden group's address, age-armored, exactly as in the registry file. */
  url_age?: string;
  /** A hidden group whose address the registry holds in clear: not published, so not here. */
  url_withheld?: true;
}

/** The words the page shows for codes, from the modules the rest of the site uses (the page's script then needs no schema code). */
export interface OfficeLabels {
  status: Record<UnitStatus, string>;
  role: Record<Role, string>;
  visibility: Record<Visibility, string>;
}

export interface OfficeBundle {
  format: typeof OFFICE_BUNDLE_FORMAT;
  /** `privacy.contacts`: with `plaintext` there is nothing to decrypt and the bundle is empty. */
  mode: 'encrypted' | 'plaintext';
  /** The public keys the registry encrypts to (public in registry.yaml): tells a wrong key apart. */
  recipients: string[];
  labels: OfficeLabels;
  levels: { id: string; name: string }[];
  /** Branch id → name, in the report's branch order. */
  branches: { id: string; name: string }[];
  /** The public progress report (`buildReport`), as /bao-cao/ shows it; null in plaintext mode. */
  report: ProgressReport | null;
  /** `accounts[i]` are the accounts of `report.units[i]`. */
  accounts: OfficeAccount[][];
}
