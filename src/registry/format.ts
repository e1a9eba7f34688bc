/** Problems are data until here: the edge formats them for people, GitHub or machines. */
import type { Problem } from './problems.ts';
import type { ValidationResult } from './load.ts';

export function summaryLine(result: Pick<ValidationResult, 'problems' | 'units' | 'accounts'>): string {
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const base = `${result.units} đơn vị, ${result.accounts} tài khoản`;
  if (errors === 0 && warnings === 0) return `Hợp lệ: ${base}, không có lỗi.`;
  return `${errors === 0 ? 'Hợp lệ' : 'Chưa hợp lệ'}: ${base}; ${errors} lỗi, ${warnings} cảnh báo.`;
}

export function formatText(result: ValidationResult): string {
  const lines = result.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.rule} ${p.severity === 'warning' ? '(cảnh báo) ' : ''}${p.message}`);
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

/** Workflow commands escape %, CR and LF in the message, and also , and : in properties. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `registryPath` is the registry folder as seen from the repository root, so annotations land on the right file. */
export function formatGithub(result: ValidationResult, registryPath: string): string {
  const prefix = registryPath === '' || registryPath === '.' ? '' : `${registryPath.replace(/\/+$/, '')}/`;
  const lines = result.problems.map((p) => {
    const command = p.severity === 'error' ? 'error' : 'warning';
    return `::${command} file=${escapeProperty(prefix + p.file)},line=${p.line},col=${p.column},title=${escapeProperty(p.rule)}::${escapeData(p.message)}`;
  });
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

/** The Markdown written to $GITHUB_STEP_SUMMARY. */
export function formatSummaryMarkdown(result: ValidationResult, registryPath: string): string {
  const prefix = registryPath === '' || registryPath === '.' ? '' : `${registryPath.replace(/\/+$/, '')}/`;
  const out = [`## Kiểm tra danh bạ: ${result.ok ? 'hợp lệ ✅' : 'chưa hợp lệ ❌'}`, '', summaryLine(result), ''];
  if (result.problems.length > 0) {
    out.push('| Tệp | Dòng | Quy tắc | Mức | Cần sửa |', '| --- | --- | --- | --- | --- |');
    for (const p of result.problems.slice(0, 500)) {
      out.push(`| \`${escapeCell(prefix + p.file)}\` | ${p.line}:${p.column} | \`${p.rule}\` | ${p.severity === 'error' ? 'lỗi' : 'cảnh báo'} | ${escapeCell(p.message)} |`);
    }
    if (result.problems.length > 500) out.push('', `… và ${result.problems.length - 500} vấn đề khác (xem nhật ký của bước kiểm tra).`);
  }
  return `${out.join('\n')}\n`;
}

export function formatJson(result: ValidationResult): string {
  const body: { ok: boolean; units: number; accounts: number; problems: Problem[] } = {
    ok: result.ok,
    units: result.units,
    accounts: result.accounts,
    problems: result.problems,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
