/** `npm run contacts -- keygen [--out FILE]`: a new age identity for the office (or a backup key). */
import { closeSync, fchmodSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { EXIT_OK, UsageError, type Io } from '../run.ts';

export async function keygen(out: string | undefined, io: Io): Promise<number> {
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const text = `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`;
  if (out === undefined) {
    io.err(
      'Khoá giải mã (bí mật) in ra dưới đây: hãy lưu vào tệp chỉ văn phòng đọc được, không bao giờ đưa lên kho git. Dùng --out TỆP để ghi thẳng vào tệp.\n',
    );
    io.out(text);
    return EXIT_OK;
  }
  let fd: number;
  try {
    fd = openSync(out, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EEXIST' ? `Tệp ${out} đã có: không ghi đè để khỏi mất khoá cũ. Hãy chọn tên tệp khác.` : `Không tạo được tệp ${out}.`,
    );
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  io.err(
    `Đã ghi khoá giải mã vào ${out} (chỉ chủ tệp đọc được). Giữ tệp này an toàn: mất nó là mất mọi thông tin liên hệ đã mã hoá. Khoá công khai (ghi vào privacy.recipient):\n`,
  );
  io.out(`${recipient}\n`);
  return EXIT_OK;
}
