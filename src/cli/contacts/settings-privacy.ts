/**
 * registry.yaml's `privacy.contacts` and `privacy.recipient` for encrypt and decrypt,
 * spliced in place like the unit files (src/lib/yaml-splice.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap } from 'yaml';
import { SETTINGS_FILE } from '../../registry/load.ts';
import {
  applySplices,
  contentEnd,
  findPair,
  leadingSpaces,
  lineEnd,
  lineStart,
  parseForEdit,
  splitSource,
  toData,
  trailingComment,
  type Splice,
} from '../../lib/yaml-splice.ts';
import { verifyEdit, type FileEdit, type Mode } from './admins.ts';
import { refuse } from './refuse.ts';

/** registry.yaml: `privacy.contacts` and `privacy.recipient`, spliced like the unit files. */
export function editSettings(dir: string, mode: Mode, recipient: string | undefined): FileEdit | undefined {
  const abs = path.join(dir, SETTINGS_FILE);
  const source = splitSource(readFileSync(abs, 'utf8'));
  const { text, eol } = source;
  const doc = parseForEdit(text);
  const privacyPair = findPair(doc.contents, 'privacy');
  const privacy = privacyPair?.value;
  const contacts = findPair(privacy, 'contacts');
  if (!isMap(privacy) || !contacts?.value?.range || !contacts.key?.range) refuse(`${SETTINGS_FILE}: không tìm thấy privacy.contacts.`);
  const data = toData(doc) as { privacy: { contacts?: string; recipient?: string } };
  const expected = structuredClone(data);
  const wantMode = mode === 'encrypt' ? 'encrypted' : 'plaintext';
  if (expected.privacy.contacts === wantMode && expected.privacy.recipient === recipient) return undefined;
  expected.privacy.contacts = wantMode;
  if (recipient === undefined) delete expected.privacy.recipient;
  else expected.privacy.recipient = recipient;

  const splices: Splice[] = [];
  const recipientPair = findPair(privacy, 'recipient');
  const flowValue = () => `{ contacts: ${wantMode}${recipient ? `, recipient: ${recipient}` : ''} }`;
  if (privacy.flow) {
    if (!privacy.range) refuse(`${SETTINGS_FILE}: không sửa được privacy.`);
    splices.push({ start: privacy.range[0], end: contentEnd(text, privacy), text: flowValue() });
  } else {
    splices.push({ start: contacts.value.range[0], end: contentEnd(text, contacts.value), text: wantMode });
    if (recipient !== undefined && recipientPair?.value?.range) {
      splices.push({ start: recipientPair.value.range[0], end: contentEnd(text, recipientPair.value), text: recipient });
    } else if (recipient !== undefined) {
      // After `contacts:` and the comment lines that follow it at the same indentation.
      const indent = contacts.key.range[0] - lineStart(text, contacts.key.range[0]);
      let at = lineEnd(text, contentEnd(text, contacts.value));
      while (at < text.length) {
        const next = lineEnd(text, at + 1);
        const line = text.slice(at + 1, next).replace(/\r$/, '');
        if (!(leadingSpaces(line) === indent && line.trimStart().startsWith('#'))) break;
        at = next;
      }
      if (text[at - 1] === '\r') at--;
      splices.push({ start: at, end: at, text: `${eol}${' '.repeat(indent)}recipient: ${recipient}` });
    } else if (recipientPair?.key?.range && recipientPair.value?.range) {
      const start = lineStart(text, recipientPair.key.range[0]);
      const valueEnd = contentEnd(text, recipientPair.value);
      const tail = trailingComment(text, valueEnd);
      if (text.slice(start, recipientPair.key.range[0]).trim() !== '' || !tail)
        refuse(`${SETTINGS_FILE}: không xoá được privacy.recipient; hãy đặt nó trên một dòng riêng.`);
      const end = lineEnd(text, tail.end);
      splices.push({ start, end: Math.min(text.length, end + 1), text: '' });
    }
  }
  let after = applySplices(text, splices);
  if (!verifyEdit(after, expected)) {
    if (!privacyPair?.value?.range) refuse(`${SETTINGS_FILE}: không sửa được privacy.`);
    after = applySplices(text, [{ start: privacyPair.value.range[0], end: contentEnd(text, privacyPair.value), text: flowValue() }]);
    if (!verifyEdit(after, expected))
      refuse(`${SETTINGS_FILE}: không sửa được privacy; hãy sửa tay privacy.contacts và privacy.recipient.`);
  }
  return { file: SETTINGS_FILE, abs, before: source.bom + text, after: source.bom + after, accounts: 0 };
}
