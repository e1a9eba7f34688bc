/** `2018-09-20` → `20/09/2018`, the way dates are written in Vietnamese documents. */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return year && month && day ? `${day}/${month}/${year}` : iso;
}
