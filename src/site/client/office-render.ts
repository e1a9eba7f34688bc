/**
 * Draws the office's decrypted report into the page from the templates of
 * OfficeUnitList.astro. Text goes in with textContent only: decrypted data is never
 * parsed as markup.
 */
import { addressNote, contactsNote, missingText } from '../office-csv.ts';
import type { OfficeAccountView, OfficeReport, OfficeUnitView } from '../office-model.ts';

/** Units drawn at most; the CSV always holds every unit of the filter. */
export const MAX_SHOWN = 1000;

function template(id: string): DocumentFragment {
  const t = document.getElementById(id);
  if (!(t instanceof HTMLTemplateElement)) throw new Error(`template #${id} is missing`);
  return t.content.cloneNode(true) as DocumentFragment;
}

function slot(root: ParentNode, name: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(`[data-f="${name}"]`);
  if (!el) throw new Error(`slot ${name} is missing`);
  return el;
}

function put(root: ParentNode, name: string, text: string): HTMLElement {
  const el = slot(root, name);
  el.textContent = text;
  if (text === '') el.hidden = true;
  return el;
}

const formatDay = (iso: string) => iso.split('-').reverse().join('/');

function accountItem(a: OfficeAccountView, model: OfficeReport): DocumentFragment {
  const item = template('nb-mau-tai-khoan');
  put(item, 'role', model.labels.role[a.role]);
  put(item, 'name', a.name);
  const state = [
    a.visibility ? `nhóm ${model.labels.visibility[a.visibility].toLowerCase()}` : '',
    a.current ? '' : `không còn hiệu lực${a.until ? ` từ sau ${formatDay(a.until)}` : ''}`,
  ].filter((t) => t !== '');
  put(item, 'state', state.length > 0 ? `(${state.join('; ')})` : '');
  const address = a.address.state === 'public' ? a.address.url : a.address.state === 'open' ? `Địa chỉ nhóm ẩn: ${a.address.url}` : '';
  put(item, 'address', address);
  put(item, 'note', [addressNote(a.address), contactsNote(a.contacts)].filter((t) => t !== '').join(' '));
  const box = slot(item, 'admins-box');
  if (a.contacts.state !== 'open' || a.contacts.admins.length === 0) box.remove();
  else {
    const body = slot(item, 'admins');
    for (const admin of a.contacts.admins) {
      const row = template('nb-mau-quan-tri');
      slot(row, 'name').textContent = admin.name;
      slot(row, 'position').textContent = admin.position ?? '';
      slot(row, 'phone').textContent = admin.phone ?? '';
      slot(row, 'email').textContent = admin.email ?? '';
      body.append(row);
    }
  }
  return item;
}

function unitArticle(u: OfficeUnitView, model: OfficeReport): DocumentFragment {
  const article = template('nb-mau-don-vi');
  const p = u.progress;
  const root = article.firstElementChild as HTMLElement;
  root.dataset.unit = p.id;
  put(article, 'name', p.name);
  slot(article, 'status').append(template(`nb-tt-${p.status}`));
  const meta = [model.levelName(p.level), `mã ${p.id}`];
  if (p.missing.length > 0 && p.status !== 'dissolved') meta.push(`còn thiếu: ${missingText(p.missing, model.labels)}`);
  if (p.late) meta.push('đăng ký sau hạn');
  if (p.notConnected > 0) meta.push(`${p.notConnected} tài khoản chưa theo dõi đủ các trang chung`);
  put(article, 'meta', meta.join(' · '));
  const list = slot(article, 'accounts');
  if (u.accounts.length === 0) {
    const none = document.createElement('li');
    none.className = 'small muted';
    none.textContent = 'Chưa đăng ký tài khoản nào.';
    list.append(none);
  }
  for (const a of u.accounts) list.append(accountItem(a, model));
  return article;
}

/** Replaces the list with `units`, grouped by branch in the report's order; returns how many were drawn. */
export function renderUnits(
  container: HTMLElement,
  units: readonly OfficeUnitView[],
  model: OfficeReport,
  branchOrder: readonly string[],
): number {
  const byBranch = new Map<string, OfficeUnitView[]>(branchOrder.map((id) => [id, []]));
  for (const u of units) {
    let list = byBranch.get(u.progress.branch);
    if (!list) byBranch.set(u.progress.branch, (list = []));
    list.push(u);
  }
  const out = document.createDocumentFragment();
  let shown = 0;
  for (const [branch, list] of byBranch) {
    if (list.length === 0 || shown >= MAX_SHOWN) continue;
    const section = template('nb-mau-khoi');
    put(section, 'name', `${model.branchName(branch)} (${list.length} đơn vị)`);
    const box = slot(section, 'units');
    for (const u of list.slice(0, MAX_SHOWN - shown)) {
      box.append(unitArticle(u, model));
      shown++;
    }
    out.append(section);
  }
  container.replaceChildren(out);
  return shown;
}
