import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../src/cli/schema.ts';
import { AccountSchema, describeIssue, UnitSchema } from '../src/schema/index.ts';

describe('generated files', () => {
  it('are committed exactly as npm run schema writes them', async () => {
    for (const [file, text] of await generatedFiles()) {
      expect(readFileSync(file, 'utf8'), `${file} is stale: run npm run schema`).toBe(text);
    }
  });

  it('give every field of a unit file a Vietnamese description for editor hover help', () => {
    const schema = JSON.parse(readFileSync('schema/unit.schema.json', 'utf8'));
    const walk = (node: Record<string, unknown>, where: string) => {
      for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        expect(typeof value.description, `${where}.${key} has no description`).toBe('string');
        expect(value.description as string).toMatch(/[àáảãạăâđêôơưạ-ỹ]/i);
        if (value.type === 'object') walk(value, `${where}.${key}`);
        if (value.type === 'array' && (value.items as Record<string, unknown>)?.type === 'object')
          walk(value.items as Record<string, unknown>, `${where}.${key}[]`);
      }
    };
    walk(schema, 'unit');
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('schema messages', () => {
  const messages = (input: unknown) => {
    const result = UnitSchema.safeParse(input, { reportInput: true });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${describeIssue(i)}`);
  };

  it('name the missing field in Vietnamese and say to add it', () => {
    expect(messages({ level: 'cdcs' })).toEqual(['name: Thiếu tên (name). Hãy thêm trường này.']);
  });

  it('name an unknown field and suggest checking its spelling', () => {
    expect(messages({ name: 'A', level: 'cdcs', nmae: 'x' })).toEqual([
      ': Trường "nmae" không có trong định dạng danh bạ. Hãy kiểm tra chính tả tên trường hoặc xoá trường này.',
    ]);
  });

  it('list the allowed values of an enum', () => {
    expect(messages({ name: 'A', level: 'cdcs', accounts: [{ role: 'page', url: 'u', name: 'n', since: '2018-09-20' }] })).toEqual([
      'accounts.0.role: Loại tài khoản (role) đang là "page"; chỉ được chọn một trong: unit, chair, group.',
    ]);
  });

  it('tell to quote a phone number written as a number, which loses its leading zero', () => {
    const result = AccountSchema.safeParse(
      { role: 'chair', url: 'u', name: 'n', since: '2018-09-20', admins: [{ name: 'A', phone: 905123456 }] },
      { reportInput: true },
    );
    expect(result.success).toBe(false);
    expect(describeIssue(result.error!.issues[0]!)).toContain('dấu ngoặc kép');
  });

  it('refuse a day that does not exist, once', () => {
    expect(messages({ name: 'A', level: 'cdcs', dissolved: '2018-02-30' })).toEqual([
      'dissolved: Ngày chấm dứt hoạt động (dissolved) không phải là một ngày có thật. Hãy kiểm tra lại ngày và tháng (dạng NĂM-THÁNG-NGÀY).',
    ]);
    expect(messages({ name: 'A', level: 'cdcs', dissolved: '2018-9-1' })).toEqual([
      'dissolved: Ngày chấm dứt hoạt động (dissolved) phải viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2018-09-20.',
    ]);
  });

  it('accept 29 February only in leap years', () => {
    expect(messages({ name: 'A', level: 'cdcs', dissolved: '2020-02-29' })).toEqual([]);
    expect(messages({ name: 'A', level: 'cdcs', dissolved: '2019-02-29' })).toHaveLength(1);
  });
});
