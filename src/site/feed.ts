/**
 * The change feed, /du-lieu/thay-doi.xml (Atom, RFC 4287), built from the registry's own
 * dates: accounts registered (`since`) and ended (`until`), units dissolved, impostors
 * reported (reported.yaml) and the campaign's deadlines still ahead. Nothing in it comes
 * from the clock, so the same registry on the same day gives the same bytes, and entry
 * ids are UUIDs derived from what the entry says (stable across builds and hosts).
 *
 * Public fields only, as on the unit pages: no admin, and a hidden group is named
 * neither by address nor by name.
 */
import { createHash } from 'node:crypto';
import { formatDate } from '../lib/dates.ts';
import { canonicalize } from '../registry/facebook-url.ts';
import { isHiddenGroup, type Registry } from '../registry/model.ts';
import { ROLE_LABELS } from '../schema/account.ts';
import { facebookHref } from './fb.ts';
import { href, unitHref } from './paths.ts';

export const FEED_PATH = 'du-lieu/thay-doi.xml';
export const FEED_TITLE_SUFFIX = 'những thay đổi';
/** Entries kept: the newest ones. */
export const MAX_FEED_ENTRIES = 200;

export type FeedKind = 'account-new' | 'account-ended' | 'unit-dissolved' | 'reported' | 'deadline';

export interface FeedEntry {
  kind: FeedKind;
  /** `urn:uuid:…`, from the entry's content key. */
  id: string;
  /** `YYYY-MM-DD`: the data's date for this change. */
  date: string;
  title: string;
  summary: string;
  /** Site path (under the base) of the page about it. */
  path: string;
}

/** A name-based UUID (RFC 9562 version 5 layout, SHA-1 of a namespace and the key). */
export function contentUuid(key: string): string {
  const bytes = createHash('sha1').update(`danh-ba-cong-doan/thay-doi\n${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An entry before its text: a registry has ~2 changes a unit, and only the newest 200 are written out. */
interface Pending {
  kind: FeedKind;
  /** Orders entries of one day: kind, unit id, position in the unit (fixed for given files). */
  tie: string;
  date: string;
  /** The content key the id is derived from. */
  key: () => string;
  make: () => Pick<FeedEntry, 'title' | 'summary' | 'path'>;
}

/** Every change the data dates, newest first (ties in a fixed order), at most `limit`. */
export function feedEntries(registry: Registry, today: string, limit = MAX_FEED_ENTRIES): FeedEntry[] {
  const all: Pending[] = [];
  const entry = (kind: FeedKind, key: () => string, tie: string, date: string, title: () => string, summary: () => string, path: string) =>
    all.push({
      kind,
      tie: `${kind}|${tie}`,
      date,
      key: () => `${kind}|${key()}|${date}`,
      make: () => ({ title: title(), summary: summary(), path }),
    });
  for (const unit of registry.units) {
    const path = unitHref(unit.id);
    (unit.accounts ?? []).forEach((account, index) => {
      const hidden = isHiddenGroup(account);
      const role = ROLE_LABELS[account.role];
      // A hidden group's key says which unit and when, not where: its address stays unpublished.
      const key = () => {
        if (hidden || account.url === undefined) return `${unit.id}|${account.role}#${index}`;
        const canonical = canonicalize(account.url);
        return `${unit.id}|${canonical.ok ? canonical.key : account.url}`;
      };
      const tie = `${unit.id}#${index}`;
      const what = () =>
        hidden || account.url === undefined
          ? `${role} (nhóm kín, địa chỉ không công bố)`
          : `${role}: ${account.name} (${facebookHref(account.url)})`;
      if (account.since <= today) {
        entry(
          'account-new',
          key,
          tie,
          account.since,
          () => `Đăng ký mới: ${unit.name}`,
          () => `${unit.name} đăng ký tài khoản chính thức từ ngày ${formatDate(account.since)}. ${what()}.`,
          path,
        );
      }
      if (account.until !== undefined && account.until < today) {
        const until = account.until;
        entry(
          'account-ended',
          key,
          tie,
          until,
          () => `Không còn chính thức: tài khoản của ${unit.name}`,
          () => `Sau ngày ${formatDate(until)}, tài khoản này không còn là kênh chính thức của ${unit.name}. ${what()}.`,
          path,
        );
      }
    });
    if (unit.dissolved !== undefined && unit.dissolved <= today) {
      const successor = unit.successor ? registry.byId.get(unit.successor) : undefined;
      const dissolved = unit.dissolved;
      entry(
        'unit-dissolved',
        () => unit.id,
        unit.id,
        dissolved,
        () => `Chấm dứt hoạt động: ${unit.name}`,
        () =>
          `${unit.name} chấm dứt hoạt động từ ngày ${formatDate(dissolved)}; các tài khoản của đơn vị không còn là kênh chính thức.${successor ? ` Đơn vị tiếp nhận: ${successor.name}.` : ''}`,
        path,
      );
    }
  }
  for (const reported of registry.reported) {
    const unit = registry.byId.get(reported.impersonates);
    if (!unit || reported.reported > today) continue;
    const canonical = canonicalize(reported.url);
    const key = `${unit.id}|${canonical.ok ? canonical.key : reported.url}`;
    entry(
      'reported',
      () => key,
      key,
      reported.reported,
      () => `Cảnh báo giả mạo: ${unit.name}`,
      () =>
        `Trang ${facebookHref(reported.url)} giả làm trang của ${unit.name} (báo cáo ngày ${formatDate(reported.reported)}). Đừng theo dõi, đừng nhắn tin hay gửi tiền.${reported.note ? ` Ghi chú: ${reported.note}` : ''}`,
      unitHref(unit.id),
    );
  }
  const { deadlines } = registry.settings;
  const upcoming: [string, string, string][] = [
    ['register', deadlines.register, 'Hạn đăng ký tài khoản với công đoàn cấp trên'],
    ['report', deadlines.report, 'Hạn báo cáo kết quả về cấp trên'],
  ];
  for (const [key, date, label] of upcoming) {
    // Dated by the deadline itself, so it stays on top of the feed until it comes.
    if (date >= today)
      entry(
        'deadline',
        () => key,
        key,
        date,
        () => `Sắp đến hạn: ${label.toLowerCase()} (${formatDate(date)})`,
        () => `${label}: ngày ${formatDate(date)}.`,
        href('bao-cao/'),
      );
  }
  // Newest first; on one day, in a fixed order.
  all.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
  return all.slice(0, limit).map((p) => ({ kind: p.kind, id: contentUuid(p.key()), date: p.date, ...p.make() }));
}

/** Characters XML 1.0 cannot hold are dropped; the five specials escaped. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A data date as an Atom date-time: the start of that day in Vietnam. */
export const atomDate = (iso: string) => `${iso}T00:00:00+07:00`;

export function feedXml(registry: Registry, today: string, site: URL | undefined): string {
  const entries = feedEntries(registry, today);
  const absolute = (path: string) => (site ? new URL(path, site).href : path);
  const { settings } = registry;
  // The feed changed when its newest past change happened (a deadline ahead is not a change yet).
  const past = entries.map((e) => e.date).filter((d) => d <= today);
  const updated = past.length > 0 ? past.reduce((a, b) => (a > b ? a : b)) : settings.directive.date;
  const root = registry.byId.get(settings.root);
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
    `<id>${contentUuid(`feed|${settings.root}`)}</id>`,
    `<title>${xmlText(`${settings.title}: ${FEED_TITLE_SUFFIX}`)}</title>`,
    `<subtitle>${xmlText('Tài khoản Facebook chính thức mới đăng ký, tài khoản thôi hoạt động, đơn vị chấm dứt hoạt động, trang giả mạo mới bị báo cáo và các hạn sắp tới.')}</subtitle>`,
    `<updated>${atomDate(updated)}</updated>`,
    `<author><name>${xmlText(root?.name ?? settings.title)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(absolute(href(FEED_PATH)))}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(absolute(href()))}"/>`,
  ];
  for (const e of entries) {
    out.push(
      '<entry>',
      `<id>${e.id}</id>`,
      `<title>${xmlText(e.title)}</title>`,
      `<updated>${atomDate(e.date)}</updated>`,
      `<link rel="alternate" type="text/html" href="${xmlText(absolute(e.path))}"/>`,
      `<category term="${e.kind}"/>`,
      `<summary>${xmlText(e.summary)}</summary>`,
      '</entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
