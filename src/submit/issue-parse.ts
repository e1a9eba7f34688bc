/**
 * Reads the body GitHub writes for a submitted issue form back into field values.
 *
 * GitHub renders each field as `### <label>`, a blank line, then the answer;
 * `_No response_` for an empty input, `None` for an empty dropdown, and `- [X] ` /
 * `- [ ] ` lines for checkboxes. Labels are mapped back to ids with the form model of
 * issue-form.ts, which also generated the template.
 *
 * Why not @github/issue-parser (evaluated, v2.0.0): its section pattern ends a value
 * at any `###`, even in the middle of a line, and silently drops the rest; when a
 * heading appears twice the last one wins without a word; and it splits a dropdown
 * answer at every comma ("Liên đoàn Lao động huyện, thành phố" becomes two values).
 * Issue bodies are untrusted and can be edited freely, so this parser is strict
 * instead: headings count only as whole lines, a repeated heading is a problem, and
 * an answer that is not one of the options is a problem, never a guess.
 */
import type { FieldProblem } from '../registry/problems.ts';
import type { FormField, FormFieldId, IssueForm } from './issue-form.ts';

/** A problem with a submission, in terms of the form: which field, which rule, what to do. */
/** `field`: a form field id, or '' for the issue as a whole. */
export type SubmissionProblem = FieldProblem<FormFieldId | ''>;

export interface ParsedIssue {
  /** Non-empty answers: text for inputs, the option value for dropdowns. */
  values: Partial<Record<FormFieldId, string>>;
  /** Option values of the ticked checkboxes, per checkboxes field. */
  checked: Partial<Record<FormFieldId, string[]>>;
  problems: SubmissionProblem[];
}

const EMPTY_ANSWERS = new Set(['_no response_', 'none']);
const HEADING = /^###[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const CHECKBOX = /^[-*][ \t]+\[([ xX])\][ \t]+(.*?)[ \t]*$/;
const TRAILING_VALUE = /\(([^()]+)\)$/;

/** Quotes a field label for a message: «Ô "Tên đơn vị"». */
export function fieldName(field: FormField): string {
  return `ô "${field.label}"`;
}

function findOption(field: Extract<FormField, { options: unknown }>, answer: string): string | undefined {
  const text = answer.trim();
  const exact = field.options.find((o) => o.label === text);
  if (exact) return exact.value;
  // The value in parentheses survives a renamed level or follow page; a bare value is accepted too.
  const value = TRAILING_VALUE.exec(text)?.[1]?.trim() ?? text;
  return field.options.find((o) => o.value === value)?.value;
}

export function parseIssueBody(body: string | null | undefined, form: IssueForm): ParsedIssue {
  const result: ParsedIssue = { values: {}, checked: {}, problems: [] };
  const byLabel = new Map(form.fields.map((f) => [f.label.normalize('NFC'), f]));
  const sections = new Map<FormFieldId, string[]>();
  let current: string[] | undefined;
  const lines = (body ?? '').normalize('NFC').replace(/\r\n?/g, '\n').split('\n');
  for (const line of lines) {
    const heading = HEADING.exec(line);
    const field = heading ? byLabel.get(heading[1] ?? '') : undefined;
    if (field) {
      if (sections.has(field.id)) {
        result.problems.push({
          field: field.id,
          rule: 'issue-form',
          message: `Mục "${field.label}" xuất hiện hai lần trong nội dung issue. Hãy bấm Edit, giữ một mục và xoá mục còn lại.`,
        });
        current = undefined;
        continue;
      }
      current = [];
      sections.set(field.id, current);
    } else {
      current?.push(line);
    }
  }

  for (const field of form.fields) {
    const section = sections.get(field.id);
    const text = (section ?? []).join('\n').trim();
    if (field.type === 'checkboxes') {
      const picked: string[] = [];
      for (const line of text.split('\n')) {
        const box = CHECKBOX.exec(line.trim());
        if (!box || box[1] === ' ') continue;
        const value = findOption(field, box[2] ?? '');
        if (value === undefined) {
          result.problems.push({
            field: field.id,
            rule: 'issue-form',
            message: `Mục đánh dấu "${(box[2] ?? '').slice(0, 80)}" không có trong ${fieldName(field)}. Hãy bấm Edit và chỉ đánh dấu các mục có sẵn.`,
          });
        } else if (!picked.includes(value)) {
          picked.push(value);
        }
      }
      if (picked.length > 0) result.checked[field.id] = picked;
      continue;
    }
    if (text === '' || EMPTY_ANSWERS.has(text.toLowerCase())) continue;
    if (field.type === 'dropdown') {
      const value = findOption(field, text);
      if (value === undefined) {
        result.problems.push({
          field: field.id,
          rule: 'issue-form',
          message: `Lựa chọn ở ${fieldName(field)} không có trong danh sách. Hãy bấm Edit và chọn lại một trong: ${field.options.map((o) => o.label).join('; ')}.`,
        });
      } else {
        result.values[field.id] = value;
      }
      continue;
    }
    result.values[field.id] = text;
  }
  return result;
}
