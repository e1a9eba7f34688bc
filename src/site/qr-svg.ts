/**
 * A QR code as inline SVG, made at build time: `uqr` (MIT, no dependencies, no DOM)
 * encodes; this draws each row's runs of dark modules as one path, about a third of the
 * bytes of one square per module.
 */
import { encode } from 'uqr';

/** Modules of light margin around the code: the 4 the QR standard asks for. */
const QUIET_ZONE = 4;

export function qrSvg(text: string, label: string): string {
  // Level M (15 % recovery) survives a worn or creased printout on a noticeboard.
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  const full = size + 2 * QUIET_ZONE;
  let d = '';
  data.forEach((row, y) => {
    for (let x = 0; x < size; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < size && row[end]) end++;
      d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${end - x}v1h-${end - x}z`;
      x = end;
    }
  });
  const safeLabel = label.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" role="img" aria-label="${safeLabel}" shape-rendering="crispEdges"><rect width="${full}" height="${full}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
