/**
 * The registration form (/dang-ky/), in the browser. All decisions are made by
 * src/submit/registration.ts (the registry's own checks and messages); this file reads the
 * fields, shows problems next to them (aria-invalid, aria-describedby) and in a summary
 * on submit, and shows the result.
 *
 * - Errors appear once a field has been changed (the address: as you type), and for
 *   every field after the first submit. The address also shows its canonical form live,
 *   and whether the directory already holds it (one shard of the verification index).
 * - Contacts: with `privacy.contacts: encrypted`, admins are encrypted here, at output
 *   time, before any YAML, link or clipboard text exists. The age code is loaded then
 *   (dynamic import), not with the page.
 * - Code: this module (steps 1 and 2, the unit search) comes with the page; the checks
 *   and the output (register-logic.ts: zod, yaml) at the first focus or touch in the form.
 * - Everything the page writes goes in with textContent, value or href.
 */
import { canonicalize } from '../../registry/facebook-url.ts';
import { factsFromIndex, type Shard } from '../../lib/lookup-index.ts';
import type { LookupFact } from '../../lib/lookup.ts';
import type {
  AccountValues,
  AdminValues,
  EmbeddedUnit,
  FormProblem,
  GithubRepo,
  KnownUnit,
  RegistrationValues,
} from '../../submit/registration.ts';
import { todayIso } from '../../registry/model.ts';
import type { RegistrySettings } from '../../schema/index.ts';
import { createOutput, type RegistrationResult } from './register-output.ts';
import type * as RegistrationLogic from './register-logic.ts';
import { DAY_MONTH_YEAR_MESSAGE, isoFromDayMonthYear } from '../day-month-year.ts';
import { createProblemView } from './register-problems.ts';
import { createPicker, deferredSource, embeddedSource, indexSource } from './register-units.ts';

interface PageData {
  settings: RegistrySettings;
  units: EmbeddedUnit[] | null;
  /** Ids of dissolved units (small registries): taken, but not offered. */
  otherIds: string[];
  repo: GithubRepo | null;
  searchIndex: string;
  unitPages: string;
  lookup: { base: string; prefixLength: number };
}

type Logic = typeof RegistrationLogic;
/** Checks and output, fetched at the first focus or touch in the form (see register-logic.ts). */
let logicLoading: Promise<Logic> | undefined;
const loadLogic = (): Promise<Logic> => (logicLoading ??= import('./register-logic.ts'));

const dataElement = document.getElementById('dk-du-lieu');
const form = document.getElementById('dk-form') as HTMLFormElement | null;
const outputSection = document.getElementById('dk-ket-qua');
if (dataElement && form && outputSection) start(JSON.parse(dataElement.textContent ?? '{}') as PageData, form, outputSection);

function start(data: PageData, form: HTMLFormElement, outputSection: HTMLElement): void {
  const { settings, repo } = data;
  const today = todayIso();
  const levelRank = new Map(settings.levels.map((l, i) => [l.id, i]));
  const levelNames = new Map(settings.levels.map((l) => [l.id, l.name]));
  const levelName = (id: string) => levelNames.get(id) ?? id;
  const source = deferredSource(async () => {
    const logic = await loadLogic();
    return data.units
      ? embeddedSource(logic, data.units, data.otherIds, levelRank)
      : indexSource(logic, data.searchIndex, data.unitPages, levelRank);
  });
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

  const nameInput = byId<HTMLInputElement>('dk-ten');
  const levelSelect = byId<HTMLSelectElement>('dk-cap');
  const idInput = byId<HTMLInputElement>('dk-ma');
  const fileLine = byId<HTMLElement>('dk-ma-tep');
  const accountsBox = byId<HTMLElement>('dk-tai-khoan');
  const addAccountButton = byId<HTMLButtonElement>('dk-them-tai-khoan');
  const summary = byId<HTMLElement>('dk-tom-tat');
  const busy = byId<HTMLElement>('dk-dang-tao');
  const submitButton = byId<HTMLButtonElement>('dk-tao');
  const output = createOutput(outputSection, () => {
    output.hide();
    submitButton.focus();
  });

  // Shown by the page already (ScriptFlag, .js-only), before this module loaded.
  form.hidden = false;
  for (const type of ['focusin', 'pointerdown'] as const) form.addEventListener(type, () => void loadLogic(), { once: true });

  // ---- Step 1: the unit -------------------------------------------------------
  const kind = (): 'existing' | 'new' =>
    (form.querySelector('input[name="dk-loai"]:checked') as HTMLInputElement | null)?.value === 'new' ? 'new' : 'existing';
  const showKind = () => {
    for (const section of form.querySelectorAll<HTMLElement>('[data-when]')) section.hidden = section.dataset.when !== kind();
  };
  const unitPicker = createPicker(form.querySelector<HTMLElement>('[data-picker="dk-don-vi"]')!, source, {
    levelName,
    onChange: () => changed(),
  });
  const parentPicker = createPicker(form.querySelector<HTMLElement>('[data-picker="dk-cap-tren"]')!, source, {
    levelName,
    keep: () => {
      const under = settings.levels.find((l) => l.id === levelSelect.value)?.under;
      return under ? (unit: KnownUnit) => under.includes(unit.level) : undefined;
    },
    onChange: () => {
      updateFileLine();
      changed();
    },
  });
  let idEdited = false;
  let nameSequence = 0;
  const updateFileLine = () => {
    const parent = parentPicker.value();
    const id = idInput.value.trim();
    if (!parent || !id) fileLine.textContent = '';
    else
      void loadLogic().then(({ newUnitFile }) => (fileLine.textContent = `Tệp của đơn vị sẽ là: registry/${newUnitFile(parent.id, id)}`));
  };
  nameInput.addEventListener('input', () => {
    if (idEdited) return;
    const mine = ++nameSequence;
    void source.freeId(nameInput.value).then((id) => {
      if (mine !== nameSequence || idEdited) return;
      idInput.value = id;
      updateFileLine();
      changed();
    });
  });
  let idTimer: ReturnType<typeof setTimeout> | undefined;
  idInput.addEventListener('input', () => {
    idEdited = idInput.value.trim() !== '';
    updateFileLine();
    clearTimeout(idTimer);
    const id = idInput.value.trim();
    void loadLogic().then(({ ID_PATTERN }) => {
      if (ID_PATTERN.test(id) && id === idInput.value.trim()) idTimer = setTimeout(() => void source.check(id).then(changed), 400);
    });
  });
  levelSelect.addEventListener('change', () => parentPicker.refresh());
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="dk-loai"]')) radio.addEventListener('change', showKind);
  showKind();

  // ---- Step 2: accounts ---------------------------------------------------------
  let copies = 0;
  const clone = (templateId: string): HTMLElement => {
    const template = byId<HTMLTemplateElement>(templateId);
    const root = (template.content.cloneNode(true) as DocumentFragment).firstElementChild as HTMLElement;
    const n = String(++copies);
    for (const el of [root, ...root.querySelectorAll('*')]) {
      for (const attribute of ['id', 'for', 'name', 'aria-describedby', 'aria-controls']) {
        const value = el.getAttribute(attribute);
        if (value?.includes('__N__')) el.setAttribute(attribute, value.replaceAll('__N__', n));
      }
    }
    return root;
  };
  const accountBlocks = () => [...accountsBox.querySelectorAll<HTMLElement>(':scope > [data-account]')];
  const adminRows = (block: HTMLElement) => [...block.querySelectorAll<HTMLElement>('[data-admins] > [data-admin]')];
  /** An account-level field (not one of its admins'). */
  const accountField = <T extends HTMLElement>(block: HTMLElement, field: string) =>
    (block.querySelector<T>(`:scope > [data-field="${field}"]`) ??
      block.querySelector<T>(`:scope > .dk-field [data-field="${field}"]`)) as T;

  const renumber = () => {
    const blocks = accountBlocks();
    blocks.forEach((block, i) => {
      block.querySelector('[data-account-title]')!.textContent = `Tài khoản ${i + 1}`;
      const remove = block.querySelector<HTMLButtonElement>('[data-remove-account]')!;
      remove.hidden = blocks.length === 1;
      remove.textContent = `Xoá tài khoản ${i + 1}`;
      adminRows(block).forEach((row, j) => {
        row.querySelector('[data-admin-title]')!.textContent = `Người quản trị ${j + 1}`;
        row.querySelector('[data-remove-admin]')!.textContent = `Xoá người quản trị ${j + 1}`;
      });
    });
  };

  const addAdmin = (block: HTMLElement, focus: boolean) => {
    const row = clone('dk-mau-nguoi-quan-tri');
    block.querySelector('[data-admins]')!.append(row);
    row.querySelector('[data-remove-admin]')!.addEventListener('click', () => {
      row.remove();
      renumber();
      block.querySelector<HTMLButtonElement>('[data-add-admin]')!.focus();
      changed();
    });
    renumber();
    if (focus) row.querySelector<HTMLInputElement>('input')!.focus();
  };

  const addAccount = (focus: boolean) => {
    const block = clone('dk-mau-tai-khoan');
    accountsBox.append(block);
    const groupOnly = block.querySelector<HTMLElement>('[data-group-only]')!;
    for (const radio of block.querySelectorAll<HTMLInputElement>('[data-field="role"] input')) {
      radio.addEventListener('change', () => {
        groupOnly.hidden = radio.value !== 'group';
      });
    }
    const url = accountField<HTMLInputElement>(block, 'url');
    const result = block.querySelector<HTMLElement>('.dk-kq')!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    url.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        touched.add(url);
        void showUrl(url.value, result);
        void checkRegistered(url.value).then(changed);
      }, 300);
    });
    block.querySelector('[data-add-admin]')!.addEventListener('click', () => addAdmin(block, true));
    block.querySelector('[data-remove-account]')!.addEventListener('click', () => {
      block.remove();
      renumber();
      addAccountButton.focus();
      changed();
    });
    addAdmin(block, false);
    renumber();
    if (focus) block.querySelector<HTMLInputElement>('[data-field="role"] input')!.focus();
  };
  addAccountButton.addEventListener('click', () => {
    addAccount(true);
    changed();
  });
  addAccount(false);

  const showUrl = async (value: string, line: HTMLElement) => {
    const feedback = value.trim() === '' ? undefined : (await loadLogic()).describeUrl(value);
    // A refusal is shown as the field's error; the line shows the good news only.
    line.textContent = feedback?.ok ? feedback.message : '';
    line.classList.toggle('ok', feedback?.ok === true);
  };

  // ---- What the directory already holds (verification index) -------------------
  const facts = new Map<string, readonly LookupFact[]>();
  const fetchShard = async (prefix: string): Promise<Shard | null> => {
    const response = await fetch(`${data.lookup.base}${prefix}.json`);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(String(response.status));
    return (await response.json()) as Shard;
  };
  const checkRegistered = async (url: string): Promise<void> => {
    const canonical = canonicalize(url);
    if (!canonical.ok || facts.has(canonical.key)) return;
    try {
      facts.set(canonical.key, await factsFromIndex(canonical.key, data.lookup.prefixLength, fetchShard));
    } catch {
      // Offline: CI checks duplicates anyway.
    }
  };

  // ---- Reading and checking -----------------------------------------------------
  const readAdmin = (row: HTMLElement): AdminValues => {
    const get = (field: string) => row.querySelector<HTMLInputElement>(`[data-field="${field}"]`)!.value;
    return { name: get('name'), position: get('position'), phone: get('phone'), email: get('email') };
  };
  const readAccount = (block: HTMLElement): AccountValues => ({
    role: block.querySelector<HTMLInputElement>('[data-field="role"] input:checked')?.value ?? '',
    url: accountField<HTMLInputElement>(block, 'url').value,
    name: accountField<HTMLInputElement>(block, 'name').value,
    fbId: accountField<HTMLInputElement>(block, 'fb_id')?.value ?? '',
    visibility: accountField<HTMLSelectElement>(block, 'visibility').value,
    // Typed ngày/tháng/năm; an unreadable date goes on as typed and is refused in validate().
    since: isoOrTyped(accountField<HTMLInputElement>(block, 'since').value),
    follows: [...block.querySelectorAll<HTMLInputElement>('[data-field="follows"] input:checked')].map((c) => c.value),
    admins: adminRows(block).map(readAdmin),
  });
  const isoOrTyped = (text: string) => isoFromDayMonthYear(text) ?? text.trim();
  const readValues = (): RegistrationValues => {
    const accounts = accountBlocks().map(readAccount);
    return kind() === 'existing'
      ? { kind: 'existing', unit: unitPicker.value(), accounts }
      : { kind: 'new', name: nameInput.value, level: levelSelect.value, parent: parentPicker.value(), id: idInput.value.trim(), accounts };
  };
  const context = {
    settings,
    today,
    idExists: (id: string) => source.idExists(id),
    sameName: (name: string, parent: string) => source.sameName(name, parent),
  };

  const validate = ({ validateRegistration, registeredProblem }: Logic, values: RegistrationValues): FormProblem[] => {
    const problems = validateRegistration(values, context);
    const fields = new Set(problems.map((p) => p.field));
    const own = values.kind === 'existing' ? values.unit?.id : undefined;
    values.accounts.forEach((account, i) => {
      if (account.since.trim() && isoFromDayMonthYear(account.since) === null && !/^\d{4}-\d{2}-\d{2}$/.test(account.since)) {
        const at = problems.findIndex((p) => p.field === `accounts.${i}.since`);
        const problem = { field: `accounts.${i}.since`, rule: 'date-format' as const, message: DAY_MONTH_YEAR_MESSAGE };
        if (at === -1) problems.push(problem);
        else problems[at] = problem;
      }
      const canonical = canonicalize(account.url);
      const known = canonical.ok ? facts.get(canonical.key) : undefined;
      const problem = known ? registeredProblem(known, own) : undefined;
      if (problem && !fields.has(`accounts.${i}.url`)) problems.push({ field: `accounts.${i}.url`, ...problem });
    });
    return problems;
  };

  const touched = new WeakSet<HTMLElement>();
  let submitted = false;
  const problemView = createProblemView(form, summary, { accountBlocks, adminRows, accountField });
  const render = (problems: readonly FormProblem[]) => problemView.render(problems, (control) => submitted || touched.has(control));
  const showSummary = problemView.showSummary;

  let renderTimer: ReturnType<typeof setTimeout> | undefined;
  const refresh = async () => {
    const logic = await loadLogic();
    await source.ready();
    const shown = render(validate(logic, readValues()));
    // Once shown, the summary follows the fixes (without taking the focus again).
    if (!summary.hidden) {
      if (shown.length === 0) summary.hidden = true;
      else showSummary(shown, false);
    }
  };
  /** The values the shown result was made from: the result goes away only when they change. */
  let shownFor = '';
  function changed(): void {
    if (output.shown && JSON.stringify(readValues()) !== shownFor) {
      output.hide();
      busy.textContent = 'Thông tin đã thay đổi: hãy bấm “Tạo tệp đăng ký” để tạo lại tệp.';
    }
    clearTimeout(renderTimer);
    renderTimer = setTimeout(() => void refresh(), 150);
  }
  const controlOf = (el: HTMLElement): HTMLElement => {
    const group = el.closest<HTMLElement>('fieldset[data-field="role"], fieldset[data-field="follows"]');
    return group && (el as HTMLInputElement).type !== 'text' ? group : el;
  };
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLElement && event.target.id !== '') touched.add(controlOf(event.target));
    changed();
  });
  form.addEventListener('input', () => changed());

  // ---- Output ----------------------------------------------------------------------
  const produce = (logic: Logic, values: RegistrationValues): Promise<RegistrationResult> =>
    logic.produceRegistration(values, {
      settings,
      repo,
      idExists: (id) => source.idExists(id) === true,
      setBusy: (text) => (busy.textContent = text),
    });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submitted = true;
    clearTimeout(renderTimer);
    const values = readValues();
    const [logic] = await Promise.all([loadLogic(), source.ready(), ...values.accounts.map((a) => checkRegistered(a.url))]);
    const shown = render(validate(logic, values));
    if (shown.length > 0) {
      output.hide();
      showSummary(shown, true);
      return;
    }
    summary.hidden = true;
    submitButton.disabled = true;
    try {
      const result = await produce(logic, values);
      busy.textContent = '';
      shownFor = JSON.stringify(values);
      output.show(result);
    } catch (error) {
      busy.textContent = `Chưa tạo được tệp: ${error instanceof Error && /[^\x00-\x7F]/.test(error.message) ? error.message : 'lỗi khi mã hoá thông tin người quản trị. Hãy tải lại trang rồi thử lại.'}`;
    } finally {
      submitButton.disabled = false;
    }
  });
}
