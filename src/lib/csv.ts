/**
 * CSV for spreadsheets (RFC 4180 quoting), with cells that a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@`, tab, CR first) prefixed by `'` (OWASP "CSV injection").
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}
