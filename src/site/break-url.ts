/**
 * Where a long address may wrap on a phone: after `/`, `.`, `?`, `&` or `=`, never inside
 * a name ("congdoankont um" was the alternative, issue 16). Pure, so the pages (as
 * `<wbr>` in HTML) and the checker's script (as `<wbr>` elements) break alike.
 *
 * A group's `groups/<name>` stays in one piece: the build's leak guard looks for hidden
 * groups written that way (src/lib/leak-scan.ts), and a break inside would hide one from it.
 */

/** The address in pieces, each ending where a line may break. */
export function urlPieces(text: string): string[] {
  const group = text.search(/groups\//i);
  const head = group === -1 ? text : text.slice(0, group);
  const pieces = head === '' ? [] : head.split(/(?<=[/.?&=])(?=.)/);
  if (group !== -1) pieces.push(text.slice(group));
  return pieces;
}

/** Escaped HTML of the address with `<wbr>` at each allowed break. */
export function breakableUrlHtml(text: string, escape: (text: string) => string): string {
  return urlPieces(text).map(escape).join('<wbr>');
}
