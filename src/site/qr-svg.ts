/**
 * A QR code as inline SVG, made at build time: `uqr` (MIT, no dependencies, no DOM)
 * encodes; this draws each row's runs of dark modules as strokes of one path, about a
 * sixth of the bytes of one square per module.
 */
import { encode } from 'uqr';

/** Modules of light margin around the code: the 4 the QR standard asks for. */
const QUIET_ZONE = 4;

export function qrSvg(text: string, label: string): string {
  // Level M (15 % recovery) survives a worn or creased printout on a noticeboard.
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  const full = size + 2 * QUIET_ZONE;
  // Each row's dark runs as strokes one module thick along the row's middle, the next
  // run of a row reached by a relative move: ~6 bytes a run.
  let d = '';
  data.forEach((row, y) => {
    let end = -1;
    for (let x = 0; x < size;) {
      if (!row[x]) {
        x++;
        continue;
      }
      let stop = x;
      while (stop < size && row[stop]) stop++;
      d += end < 0 ? `M${x + QUIET_ZONE} ${y + QUIET_ZONE}.5h${stop - x}` : `m${x - end} 0h${stop - x}`;
      end = stop;
      x = stop;
    }
  });
  const safeLabel = label.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" role="img" aria-label="${safeLabel}" shape-rendering="crispEdges"><rect width="${full}" height="${full}" fill="#fff"/><path d="${d}" stroke="#000" stroke-width="1" fill="none"/></svg>`;
}
