/** Numbers the Vietnamese way: `12.345`, `2,9%`. */
import { percent } from '../lib/report.ts';

export function n(value: number): string {
  return value.toLocaleString('vi-VN');
}

export function pct(part: number, whole: number): string {
  return `${percent(part, whole).toLocaleString('vi-VN')}%`;
}
