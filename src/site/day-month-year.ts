/**
 * The registration form's dates as people in Vietnam write them, ngày/tháng/năm
 * (02/05/2024), in a text field: a native date field shows the browser's own order
 * (mm/dd/yyyy on an English phone), issue 16. The registry keeps ISO dates.
 */

/** `d/m/yyyy`, `dd.mm.yyyy` or `dd-mm-yyyy` → ISO `yyyy-mm-dd`; null when it is not a real date. */
export function isoFromDayMonthYear(text: string): string | null {
  const match = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text);
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO `yyyy-mm-dd` → `dd/mm/yyyy`. */
export function dayMonthYear(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

export const DAY_MONTH_YEAR_MESSAGE = 'Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 02/05/2024.';
