/**
 * The office's internal report page (/bao-cao/noi-bo/), in the browser:
 * - loads the ciphertext bundle with the page (one request, before any key is given);
 * - reads the identity file (or pasted text) locally, decrypts every ciphertext with
 *   it (src/site/office-model.ts) and forgets the key text;
 * - draws the report, filters it, exports the CSV (a Blob, made here) and prints.
 * After the bundle has loaded this script makes no request at all: the key and the
 * contacts never leave the page, and it works with the network cut. Statically
 * imported age and YAML code, so nothing is fetched when the key is opened.
 */
import { officeCsv } from '../office-csv.ts';
import { MAX_IDENTITY_CHARS, officeError, OfficeError } from '../office-decrypt.ts';
import type { OfficeBundle } from '../office-format.ts';
import { filterUnits, isStatusFilter, openOfficeReport, readBundle, type OfficeReport } from '../office-model.ts';
import { MAX_SHOWN, renderUnits } from './office-render.ts';

const root = document.getElementById('nb');
if (root) start(root);

function start(root: HTMLElement): void {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const loading = byId<HTMLElement>('nb-tai');
  const form = byId<HTMLFormElement>('nb-mo');
  const fileInput = byId<HTMLInputElement>('nb-tep');
  const paste = byId<HTMLTextAreaElement>('nb-dan');
  const openButton = byId<HTMLButtonElement>('nb-nut-mo');
  const status = byId<HTMLElement>('nb-trang-thai');
  const errorBox = byId<HTMLElement>('nb-loi');
  const reportBox = byId<HTMLElement>('nb-bao-cao');
  const summary = byId<HTMLElement>('nb-tom-tat');
  const branchSelect = byId<HTMLSelectElement>('nb-khoi');
  const statusSelect = byId<HTMLSelectElement>('nb-tinh-trang');
  const list = byId<HTMLElement>('nb-ds');
  const count = byId<HTMLElement>('nb-dem');

  let bundle: OfficeBundle | undefined;
  let model: OfficeReport | undefined;
  let busy = false;

  form.hidden = false;
  openButton.disabled = true;

  const showError = (message: string) => {
    errorBox.textContent = message;
    errorBox.hidden = false;
    status.textContent = '';
    errorBox.focus();
  };

  void (async () => {
    try {
      const response = await fetch(root.dataset.bundle ?? '', { credentials: 'omit' });
      if (!response.ok) throw officeError('bad-bundle');
      bundle = readBundle(await response.json());
      loading.textContent = `Đã tải dữ liệu mã hoá của ${bundle.report?.units.length ?? 0} đơn vị. Từ giờ trang không cần mạng nữa.`;
      openButton.disabled = false;
    } catch (error) {
      loading.textContent =
        error instanceof OfficeError ? error.message : 'Không tải được dữ liệu báo cáo. Hãy kiểm tra kết nối mạng rồi tải lại trang.';
    }
  })();

  /** The chosen file when `fromFile` (its own change event), else the pasted text, else the file. */
  async function keyText(fromFile: boolean): Promise<string> {
    const pasted = paste.value.trim();
    if (!fromFile && pasted !== '') return pasted;
    const file = fileInput.files?.[0];
    if (!file)
      throw new OfficeError(
        'not-identity',
        'Chưa chọn tệp khoá. Hãy bấm nút chọn tệp và chọn tệp khoá của văn phòng, hoặc dán nội dung tệp khoá.',
      );
    if (file.size > MAX_IDENTITY_CHARS) throw officeError('too-large');
    return file.text();
  }

  async function open(fromFile: boolean): Promise<void> {
    if (busy || !bundle) return;
    busy = true;
    openButton.disabled = true;
    errorBox.hidden = true;
    status.textContent = 'Đang giải mã…';
    try {
      const text = await keyText(fromFile);
      model = await openOfficeReport(bundle, text, (done, total) => {
        status.textContent = `Đang giải mã ${done}/${total}…`;
      });
      // The key is not kept anywhere on the page once used.
      paste.value = '';
      fileInput.value = '';
      status.textContent = '';
      form.hidden = true;
      reportBox.hidden = false;
      const c = model.counts;
      const parts = [`Đã mở ${c.opened}/${c.ciphertexts} nội dung mã hoá.`];
      if (c.locked > 0) parts.push(`${c.locked} nội dung được mã hoá cho một khoá khác (ghi rõ ở từng tài khoản).`);
      if (c.failed > 0) parts.push(`${c.failed} nội dung bị hỏng hoặc sai dạng (ghi rõ ở từng tài khoản).`);
      if (c.ciphertexts === 0) parts.push('Danh bạ chưa có thông tin liên hệ nào được mã hoá.');
      summary.textContent = parts.join(' ');
      draw();
      summary.focus();
    } catch (error) {
      showError(
        error instanceof OfficeError ? error.message : 'Không mở được báo cáo do một lỗi không lường trước. Hãy tải lại trang rồi thử lại.',
      );
    } finally {
      busy = false;
      openButton.disabled = false;
    }
  }

  function shownUnits() {
    if (!model) return [];
    const value = statusSelect.value;
    return filterUnits(model.units, { branch: branchSelect.value, status: isStatusFilter(value) ? value : 'tat-ca' });
  }

  function draw(): void {
    if (!model || !bundle) return;
    const units = shownUnits();
    const drawn = renderUnits(
      list,
      units,
      model,
      bundle.branches.map((b) => b.id),
    );
    count.textContent =
      units.length === 0
        ? 'Không có đơn vị nào khớp bộ lọc.'
        : drawn < units.length
          ? `Đang hiện ${drawn}/${units.length} đơn vị (tối đa ${MAX_SHOWN}); lọc theo khối hoặc tải bảng tính để xem hết.`
          : `Đang hiện ${units.length} đơn vị.`;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void open(false);
  });
  fileInput.addEventListener('change', () => {
    if (fileInput.files?.length) void open(true);
  });
  branchSelect.addEventListener('change', draw);
  statusSelect.addEventListener('change', draw);

  byId<HTMLButtonElement>('nb-csv').addEventListener('click', () => {
    if (!model) return;
    const blob = new Blob([officeCsv(shownUnits(), model)], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `bao-cao-noi-bo-${model.report.today}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  });
  byId<HTMLButtonElement>('nb-in').addEventListener('click', () => window.print());
  byId<HTMLButtonElement>('nb-dong').addEventListener('click', () => {
    model = undefined;
    list.replaceChildren();
    count.textContent = '';
    reportBox.hidden = true;
    form.hidden = false;
    fileInput.focus();
  });
}
