/**
 * `npm run contacts -- keygen|encrypt|decrypt|rotate`: the provincial office's key
 * (contacts/keygen.ts), moving every account's admins and hidden groups' addresses
 * between plain text and age (contacts/encrypt-decrypt.ts), and key rotation
 * (contacts/rotate.ts). This module reads the arguments and the identity file.
 *
 * Files are edited in place, byte for byte outside the edited entries
 * (src/lib/yaml-splice.ts), and written all or none (contacts/transaction.ts).
 */
import { lstatSync, readFileSync } from 'node:fs';
import { ContactsError } from '../lib/contacts.ts';
import { resolveRegistryDir } from '../registry/load.ts';
import { decryptRegistry, encryptRegistry, validateFirst } from './contacts/encrypt-decrypt.ts';
import { keygen } from './contacts/keygen.ts';
import { rotateRegistry } from './contacts/rotate.ts';
import { EXIT_INVALID, EXIT_OK, parseCliArgs, run, todayOption, UsageError, type Io } from './run.ts';

export { decryptRegistry, encryptRegistry, type EditSummary } from './contacts/encrypt-decrypt.ts';
export type { FileEdit } from './contacts/admins.ts';

export const USAGE = [
  'Usage:',
  '  npm run contacts -- keygen [--out FILE]',
  '  npm run contacts -- encrypt [--registry DIR] [--recipient age1…]',
  '  npm run contacts -- decrypt --identity FILE [--registry DIR]',
  '  npm run contacts -- rotate --identity OLD_FILE --recipient age1… [--recipient age1…] [--registry DIR]',
].join('\n');

/** Identity files are a few hundred bytes; anything much larger is not one. */
const MAX_IDENTITY_BYTES = 64 * 1024;

/** Reads an identity file: a regular file, small, and kept private (a warning otherwise). */
export function readIdentityFile(file: string, io: Pick<Io, 'err'>): string {
  let stats;
  try {
    stats = lstatSync(file);
  } catch {
    throw new UsageError(`Không tìm thấy tệp khoá giải mã: ${file}`);
  }
  if (!stats.isFile()) throw new UsageError(`Tệp khoá giải mã phải là một tệp thường (không phải thư mục hay liên kết): ${file}`);
  if (stats.size > MAX_IDENTITY_BYTES) throw new UsageError(`Tệp ${file} quá lớn để là tệp khoá giải mã age.`);
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    io.err(`Cảnh báo: người khác trên máy này đọc được tệp khoá ${file}. Hãy chạy: chmod 600 ${file}\n`);
  }
  return readFileSync(file, 'utf8');
}

export async function main(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCliArgs(
    args,
    {
      registry: { type: 'string' },
      identity: { type: 'string' },
      recipient: { type: 'string', multiple: true },
      out: { type: 'string' },
      today: { type: 'string' },
    },
    true,
  );
  const [command, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`Thừa tham số: ${rest.join(' ')}`);
  const today = todayOption(values.today);
  try {
    switch (command) {
      case 'keygen':
        return await keygen(values.out, io);
      case 'encrypt': {
        const dir = resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR);
        if ((values.recipient?.length ?? 0) > 1)
          throw new UsageError(
            'encrypt nhận một --recipient; để mã hoá cho nhiều khoá, ghi chúng vào privacy.recipients hoặc dùng lệnh rotate.',
          );
        const done = await encryptRegistry({ dir, today, recipient: values.recipient?.[0] });
        io.out(
          done.files === 0
            ? 'Không có gì cần mã hoá: danh bạ đã ở chế độ encrypted và không còn admins ghi rõ.\n'
            : `Đã mã hoá thông tin người quản trị và địa chỉ nhóm ẩn của ${done.accounts} tài khoản; đã sửa ${done.files} tệp. registry.yaml: privacy.contacts = encrypted.\n`,
        );
        for (const warning of done.warnings) io.err(`${warning}\n`);
        return EXIT_OK;
      }
      case 'decrypt': {
        if (values.identity === undefined) throw new UsageError('Thiếu --identity TỆP: tệp khoá giải mã của văn phòng.');
        const identityText = readIdentityFile(values.identity, io);
        const dir = resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR);
        const done = await decryptRegistry({ dir, today, identityText });
        io.out(
          done.files === 0
            ? 'Không có gì cần giải mã.\n'
            : `Đã giải mã thông tin người quản trị và địa chỉ nhóm ẩn của ${done.accounts} tài khoản; đã sửa ${done.files} tệp. registry.yaml: privacy.contacts = plaintext.\n`,
        );
        for (const warning of done.warnings) io.err(`${warning}\n`);
        return EXIT_OK;
      }
      case 'rotate': {
        if (values.identity === undefined) throw new UsageError('Thiếu --identity TỆP: tệp khoá giải mã hiện tại (khoá cũ) của văn phòng.');
        if (values.recipient === undefined)
          throw new UsageError('Thiếu --recipient age1…: khoá công khai mới (thêm một --recipient nữa cho khoá dự phòng).');
        const identityText = readIdentityFile(values.identity, io);
        const dir = resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR);
        const done = await rotateRegistry(validateFirst(dir, today, []), { dir, today, identityText, recipients: values.recipient });
        io.out(
          `Đã mã hoá lại ${done.ciphertexts} nội dung cho ${new Set(values.recipient).size} khoá mới; đã sửa ${done.files} tệp (registry.yaml: privacy.recipient${values.recipient.length > 1 ? 's' : ''}).\n`,
        );
        io.err(
          'Khoá cũ không còn mở được nội dung mới, nhưng vẫn mở được các bản cũ trong lịch sử git: nếu khoá cũ bị lộ, xem docs/privacy.md.\n',
        );
        return EXIT_OK;
      }
      default:
        throw new UsageError(
          command === undefined
            ? 'Thiếu lệnh: keygen, encrypt, decrypt hoặc rotate.'
            : `Lệnh không có: ${command}. Chọn keygen, encrypt, decrypt hoặc rotate.`,
        );
    }
  } catch (error) {
    if (error instanceof ContactsError) {
      io.err(`${error.message}\n`);
      return EXIT_INVALID;
    }
    throw error;
  }
}

if (import.meta.main) await run(main, USAGE);
