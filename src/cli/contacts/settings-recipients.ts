/**
 * registry.yaml's `privacy.recipient` / `privacy.recipients`, rewritten in place: both
 * entries are taken out (whole lines, comments above them kept) and the new keys written
 * where the first of them stood — one key as `recipient:`, several as a `recipients:`
 * list, none at all for a plaintext registry. Everything else stays byte for byte.
 */
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { contentEnd, findPair, lineStart, nextLine, parseForEdit, splitSource } from '../../lib/yaml-splice.ts';
import { ContactsError } from '../../lib/contacts.ts';
import { SETTINGS_FILE } from '../../registry/load.ts';

/** The new text of registry.yaml with `recipients` as the keys to encrypt to (empty: none). */
export function setRecipients(raw: string, recipients: readonly string[]): string {
  const { bom, text, eol } = splitSource(raw);
  const doc = parseForEdit(text);
  const privacy = findPair(doc.contents, 'privacy')?.value;
  if (!isMap(privacy) || privacy.flow)
    throw new ContactsError(
      'invalid-data',
      `${SETTINGS_FILE}: không sửa được khoá công khai vì privacy không viết theo mẫu nhiều dòng. Hãy sửa tay privacy.recipients.`,
    );
  const pairs = (privacy as YAMLMap<Node, Node | null>).items.filter(
    (p): p is Pair<Node, Node> => isScalar(p.key) && (p.key.value === 'recipient' || p.key.value === 'recipients'),
  );
  const first = (privacy as YAMLMap<Node, Node | null>).items[0]?.key;
  const column = first?.range ? first.range[0] - lineStart(text, first.range[0]) : 2;
  const pad = ' '.repeat(column);
  const lines =
    recipients.length === 0
      ? []
      : recipients.length === 1
        ? [`${pad}recipient: ${recipients[0]}`]
        : [`${pad}recipients:`, ...recipients.map((r) => `${pad}  - ${r}`)];
  const block = lines.map((l) => l + eol).join('');
  const cuts = pairs
    .map((p) => {
      if (!p.key.range || !p.value?.range) throw new ContactsError('invalid-data', `${SETTINGS_FILE}: không sửa được privacy.recipient.`);
      return { start: lineStart(text, p.key.range[0]), end: nextLine(text, contentEnd(text, p.value)) };
    })
    .sort((a, b) => a.start - b.start);
  let out = text;
  for (const cut of [...cuts].reverse()) out = out.slice(0, cut.start) + out.slice(cut.end);
  let at: number;
  if (cuts[0]) {
    // Where the first entry stood, once the entries before it are out (there are none).
    at = cuts[0].start;
  } else {
    at = nextLine(text, contentEnd(text, privacy));
    if (at === text.length && !text.endsWith('\n')) {
      out += eol;
      at = out.length;
    }
  }
  return bom + out.slice(0, at) + block + out.slice(at);
}
