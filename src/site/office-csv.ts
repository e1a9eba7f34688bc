/**
 * The office's report as a spreadsheet: one row per admin of each account (an account
 * without readable admins, and a unit without accounts, get one row), cells neutralised
 * against spreadsheet formulas by `csvRow`, with a byte-order mark so Excel reads UTF-8.
 * Made in the browser from what the page shows (the current filters); labels come with
 * the bundle, so this module pulls no schema code into the page.
 */
import { csvRow } from '../lib/csv.ts';
import type { Role } from '../schema/index.ts';
import type { OfficeLabels } from './office-format.ts';
import type { AddressView, ContactsView, OfficeReport, OfficeUnitView } from './office-model.ts';

export const OFFICE_CSV_HEADER = [
  'ma_don_vi',
  'ten_don_vi',
  'cap',
  'khoi',
  'tinh_trang',
  'con_thieu',
  'muon',
  'loai_tai_khoan',
  'ten_tai_khoan',
  'dia_chi',
  'che_do_nhom',
  'con_hieu_luc',
  'quan_tri_ho_ten',
  'quan_tri_chuc_vu',
  'quan_tri_dien_thoai',
  'quan_tri_email',
  'ghi_chu',
];

/** What the page and the spreadsheet say about an address that is not shown. */
export const ADDRESS_NOTES: Record<Exclude<AddressView['state'], 'public' | 'open' | 'error'>, string> = {
  locked: 'Địa chỉ nhóm ẩn được mã hoá cho một khoá khác: khoá này không mở được.',
  withheld: 'Địa chỉ nhóm ẩn không được đưa lên trang (danh bạ còn giữ ở dạng rõ; cần mã hoá bằng npm run contacts -- encrypt).',
  none: '',
};

export const CONTACT_NOTES: Record<Exclude<ContactsView['state'], 'open' | 'error'>, string> = {
  locked: 'Thông tin người quản trị được mã hoá cho một khoá khác (có thể là khoá cũ): khoá này không mở được.',
  none: 'Chưa khai báo người quản trị.',
};

export function addressText(address: AddressView): string {
  return address.state === 'public' || address.state === 'open' ? address.url : '';
}

export function addressNote(address: AddressView): string {
  return address.state === 'error'
    ? address.message
    : address.state === 'public' || address.state === 'open'
      ? ''
      : ADDRESS_NOTES[address.state];
}

export function contactsNote(contacts: ContactsView): string {
  return contacts.state === 'error' ? contacts.message : contacts.state === 'open' ? '' : CONTACT_NOTES[contacts.state];
}

type Names = Pick<OfficeReport, 'labels' | 'levelName' | 'branchName'>;

/** A unit's missing roles in words, as `missingRolesText` (lib/report.ts) writes them. */
export function missingText(roles: readonly Role[], labels: OfficeLabels): string {
  return roles.map((r) => labels.role[r].toLowerCase()).join('; ');
}

export function officeCsvRows(units: readonly OfficeUnitView[], model: Names): string[][] {
  const { labels } = model;
  const rows: string[][] = [OFFICE_CSV_HEADER];
  for (const { progress: u, accounts } of units) {
    const unitCells = [
      u.id,
      u.name,
      model.levelName(u.level),
      model.branchName(u.branch),
      labels.status[u.status],
      missingText(u.missing, labels),
      u.late ? 'có' : 'không',
    ];
    if (accounts.length === 0) rows.push([...unitCells, '', '', '', '', '', '', '', '', '', '']);
    for (const a of accounts) {
      const accountCells = [
        labels.role[a.role],
        a.name,
        addressText(a.address),
        a.visibility ? labels.visibility[a.visibility] : '',
        a.current ? 'có' : 'không',
      ];
      const note = [addressNote(a.address), contactsNote(a.contacts)].filter((t) => t !== '').join(' ');
      const admins = a.contacts.state === 'open' && a.contacts.admins.length > 0 ? a.contacts.admins : [undefined];
      for (const admin of admins)
        rows.push([...unitCells, ...accountCells, admin?.name ?? '', admin?.position ?? '', admin?.phone ?? '', admin?.email ?? '', note]);
    }
  }
  return rows;
}

export function officeCsv(units: readonly OfficeUnitView[], model: Names): string {
  return `\uFEFF${officeCsvRows(units, model).map(csvRow).join('\r\n')}\r\n`;
}
