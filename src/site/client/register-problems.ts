/**
 * Where the registration form shows its problems: next to each field (aria-invalid,
 * aria-describedby) and, on submit, in a summary whose links move the focus to the field.
 */
import type { FormProblem } from '../../submit/registration.ts';

export interface FieldLocator {
  accountBlocks: () => HTMLElement[];
  adminRows: (block: HTMLElement) => HTMLElement[];
  accountField: <T extends HTMLElement>(block: HTMLElement, field: string) => T;
}

export interface Target {
  control: HTMLElement;
  /** Where aria-invalid goes (radios and checkboxes of a group, or the control). */
  inputs: HTMLElement[];
  error: HTMLElement | null;
  label: string;
}

export type Shown = { problem: FormProblem; target: Target }[];

export function createProblemView(form: HTMLFormElement, summary: HTMLElement, { accountBlocks, adminRows, accountField }: FieldLocator) {
  const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const labelOf = (control: HTMLElement) =>
    control instanceof HTMLFieldSetElement
      ? text(control.querySelector('legend')?.firstChild) || text(control.querySelector('legend'))
      : text(document.querySelector(`label[for="${control.id}"]`));
  const target = (field: string): Target | undefined => {
    const top: Record<string, string> = {
      unit: 'dk-don-vi-tim',
      name: 'dk-ten',
      level: 'dk-cap',
      parent: 'dk-cap-tren-tim',
      id: 'dk-ma',
      accounts: 'dk-them-tai-khoan',
    };
    let control: HTMLElement | null = null;
    let prefix = '';
    if (field in top) {
      control = document.getElementById(top[field]!);
    } else {
      const [, i, sub, j, leaf] = field.split('.');
      const block = accountBlocks()[Number(i)];
      if (!block || !sub) return undefined;
      prefix = `Tài khoản ${Number(i) + 1} – `;
      if (sub === 'admins' && j !== undefined && leaf) {
        const row = adminRows(block)[Number(j)];
        control = row?.querySelector<HTMLElement>(`[data-field="${leaf}"]`) ?? null;
        prefix += `người quản trị ${Number(j) + 1} – `;
      } else {
        control = accountField(block, sub);
      }
    }
    if (!control) return undefined;
    const isGroup = control instanceof HTMLFieldSetElement;
    const inputs = isGroup
      ? control.dataset.field === 'admins'
        ? []
        : [...control.querySelectorAll<HTMLElement>(':scope > label input')]
      : [control];
    return { control, inputs, error: document.getElementById(`${control.id}-loi`), label: prefix + labelOf(control) };
  };

  const describedBy = (el: HTMLElement, id: string, on: boolean) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((x) => x && x !== id);
    if (on) ids.push(id);
    if (ids.length > 0) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  };

  /** Shows problems next to their fields: all after a submit, otherwise only on fields already changed. */
  const render = (problems: readonly FormProblem[], visible: (control: HTMLElement) => boolean) => {
    for (const error of form.querySelectorAll<HTMLElement>('.dk-loi')) {
      // A live error (the address) stays in place, empty, so that screen readers hear it change.
      error.hidden = !error.hasAttribute('aria-live');
      error.textContent = '';
    }
    for (const el of form.querySelectorAll<HTMLElement>('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      for (const id of (el.getAttribute('aria-describedby') ?? '').split(/\s+/))
        if (id.endsWith('-loi') && !el.matches('fieldset')) describedBy(el, id, false);
    }
    const shown: { problem: FormProblem; target: Target }[] = [];
    for (const problem of problems) {
      const t = target(problem.field);
      if (!t || !visible(t.control)) continue;
      if (t.error) {
        t.error.textContent = problem.message;
        t.error.hidden = false;
      }
      for (const input of t.inputs) {
        input.setAttribute('aria-invalid', 'true');
        if (t.error && !(t.control instanceof HTMLFieldSetElement)) describedBy(input, t.error.id, true);
      }
      shown.push({ problem, target: t });
    }
    return shown;
  };

  const showSummary = (shown: Shown, focus: boolean) => {
    const list = summary.querySelector('[data-summary-list]')!;
    shown.sort((a, b) => (a.target.control.compareDocumentPosition(b.target.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    list.replaceChildren(
      ...shown.map(({ problem, target: t }) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = `#${t.control.id}`;
        a.textContent = `${t.label}: ${problem.message}`;
        a.addEventListener('click', (event) => {
          event.preventDefault();
          // A chosen unit hides its search box: its "choose again" button stands in for it.
          const focusable = t.control.hidden
            ? t.control.closest('[data-picker]')?.querySelector<HTMLElement>('[data-chosen-change]')
            : t.control instanceof HTMLFieldSetElement
              ? t.control.querySelector<HTMLElement>('input, button')
              : t.control;
          (!focusable || focusable.closest('[hidden]') ? summary : focusable).focus();
          t.control.scrollIntoView({ block: 'center' });
        });
        li.append(a);
        return li;
      }),
    );
    summary.querySelector('h2')!.textContent = shown.length === 1 ? 'Còn 1 chỗ cần sửa' : `Còn ${shown.length} chỗ cần sửa`;
    summary.hidden = false;
    if (focus) summary.focus();
  };

  return { render, showSummary };
}
