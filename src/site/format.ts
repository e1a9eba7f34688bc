/** Numbers the Vietnamese way: `12.345`, `2,9%`. */
import { percent } from '../lib/report.ts';

const NUMBER = new Intl.NumberFormat('vi-VN');

export function n(value: number): string {
  return NUMBER.format(value);
}

export function pct(part: number, whole: number): string {
  return `${percent(part, whole).toLocaleString('vi-VN')}%`;
}
