/**
 * What the registration form produces once its values pass the checks: the YAML, the
 * GitHub links and the proof-of-control codes. Loaded with register-logic.ts (lazily),
 * so none of it weighs on the page's first script.
 */
import { proofCode } from '../../lib/proof-code.ts';
import { buildIssueForm } from '../../submit/issue-form.ts';
import { deriveUnitId } from '../../submit/issue-to-yaml.ts';
import {
  accountFromValues,
  changeTitle,
  editFileUrl,
  findFileUrl,
  issueUrls,
  newFileUrl,
  newUnitFile,
  placementInstructions,
  protectContacts,
  renderAccountsSnippet,
  renderNewUnitYaml,
  type EncryptAdmins,
  type GithubRepo,
  type RegistrationValues,
} from '../../submit/registration.ts';
import { ROLE_LABELS, ROLES, type AccountInput, type RegistrySettings, type Role } from '../../schema/index.ts';
import { sealGroupsInBrowser } from './register-groups.ts';
import type { RegistrationResult } from './register-output.ts';

export interface ProduceEnv {
  settings: RegistrySettings;
  repo: GithubRepo | null;
  /** Whether a unit id is taken (for the id the issue bot would give a new unit). */
  idExists: (id: string) => boolean;
  /** Progress shown to the person while contacts are encrypted. */
  setBusy: (text: string) => void;
}

/**
 * One code per account the reviewer can open (not a hidden group): the unit posts it on
 * the page (docs/registry-format.md, "Proof of control"). Made from the address, the
 * unit id and the account's `since`, exactly as npm run proof and the pull request say.
 */
async function proofCodes(
  values: RegistrationValues,
  accounts: readonly AccountInput[],
  unitId: string,
): Promise<RegistrationResult['proofs']> {
  const out: RegistrationResult['proofs'] = [];
  for (const [i, account] of accounts.entries()) {
    if (
      account.url === undefined ||
      account.since === undefined ||
      (account.role === 'group' && (account.visibility ?? 'hidden') === 'hidden')
    )
      continue;
    const code = await proofCode(account.url, unitId, account.since);
    if (code.ok)
      out.push({ label: values.accounts.length > 1 ? `Tài khoản ${i + 1} (${account.name})` : (account.name ?? ''), code: code.code });
  }
  return out;
}

export async function produceRegistration(values: RegistrationValues, env: ProduceEnv): Promise<RegistrationResult> {
  const { settings, repo } = env;
  const issueForm = repo ? buildIssueForm(settings) : undefined;
  const roleName = (role: string) => ((ROLES as readonly string[]).includes(role) ? ROLE_LABELS[role as Role] : 'tài khoản');
  const plain = values.accounts.map((a) => accountFromValues(a, settings));
  const encrypted = settings.privacy.contacts === 'encrypted';
  const hasContacts = plain.some((a) => (a.admins?.length ?? 0) > 0);
  let encrypt: EncryptAdmins = () => Promise.reject(new Error('no contacts to encrypt'));
  if (encrypted && hasContacts) {
    env.setBusy('Đang mã hoá thông tin người quản trị…');
    encrypt = (await import('../../lib/contacts.ts')).encryptAdmins;
  }
  const accounts = await sealGroupsInBrowser(await protectContacts(plain, settings.privacy, encrypt), settings.privacy);
  const count = `${accounts.length} tài khoản`;
  const issues =
    repo && issueForm
      ? issueUrls(repo, issueForm, values, settings, env.idExists).map(({ account, url }) => ({
          label:
            values.accounts.length > 1
              ? `Mở phiếu đăng ký (issue) cho tài khoản ${account + 1}: ${roleName(values.accounts[account]?.role ?? '')}`
              : 'Mở phiếu đăng ký (issue)',
          url,
        }))
      : [];
  const unitId = values.kind === 'new' ? values.id : values.unit!.id;
  const common = { encrypted: encrypted && hasContacts, issues, proofs: await proofCodes(values, plain, unitId) };
  const sealedNote =
    repo && issues.length < values.accounts.length
      ? 'Nhóm ẩn không gửi qua phiếu đăng ký (issue ai cũng đọc được): hãy gửi nhóm bằng pull request hoặc tệp tải về, nơi địa chỉ nhóm đã được mã hoá.'
      : '';

  if (values.kind === 'new') {
    const parent = values.parent!;
    const file = newUnitFile(parent.id, values.id);
    const yaml = renderNewUnitYaml({ name: values.name, level: values.level, parent: parent.id }, accounts, file, settings.privacy);
    const pullRequest = repo ? newFileUrl(repo, file, yaml, changeTitle(values.name, accounts)) : undefined;
    const botId = deriveUnitId(values.name.trim(), env.idExists);
    const notes: string[] = [];
    if (values.accounts.length > 1)
      notes.push(
        'Mỗi phiếu đăng ký một tài khoản. Với đơn vị mới, hãy gửi phiếu của tài khoản 1 trước; các phiếu sau gửi khi phiếu đầu đã được duyệt.',
      );
    if (botId !== values.id) notes.push(`Qua phiếu đăng ký, mã đơn vị do máy tự đặt từ tên: ${botId}.`);
    return {
      ...common,
      summary: `Đơn vị mới “${values.name.trim()}” (mã ${values.id}, thuộc ${parent.name}), ${count}.`,
      yaml,
      downloadName: `${values.id}.yaml`,
      pullRequest,
      tooLong: repo !== null && pullRequest === undefined,
      steps: [
        `Bấm nút dưới đây (cần đăng nhập GitHub). GitHub mở trang tạo tệp mới, đã điền sẵn tên tệp registry/${file} và nội dung.`,
        'Kéo xuống, bấm “Commit changes…”, rồi “Propose changes”.',
        'Bấm “Create pull request”. Máy tự kiểm tra, rồi công đoàn cấp trên xem và duyệt.',
      ],
      pasteSteps: [],
      yamlTitle: `Nội dung tệp registry/${file}`,
      issuesNote: [sealedNote, ...notes].filter(Boolean).join(' '),
    };
  }
  const unit = values.unit!;
  const placement = unit.placement ?? { where: 'unknown' as const, indent: 2 };
  const yaml = renderAccountsSnippet(accounts, placement, settings.privacy);
  const where = unit.file ? `tệp registry/${unit.file} của đơn vị` : `tệp ${unit.id}.yaml của đơn vị`;
  return {
    ...common,
    summary: `Thêm ${count} cho “${unit.name}” (mã ${unit.id}).`,
    yaml,
    downloadName: `${unit.id}-them-tai-khoan.yaml`,
    pullRequest: repo ? (unit.file ? editFileUrl(repo, unit.file) : findFileUrl(repo, unit.id)) : undefined,
    tooLong: false,
    steps: [
      unit.file
        ? `Bấm nút dưới đây (cần đăng nhập GitHub). GitHub mở ${where} để sửa.`
        : `Bấm nút dưới đây (cần đăng nhập GitHub). GitHub tìm ${where}: mở tệp đó, rồi bấm biểu tượng bút chì (Edit).`,
      'Bấm “Sao chép nội dung” ở dưới, rồi dán vào tệp đúng chỗ như hướng dẫn ngay trên nội dung.',
      'Bấm “Commit changes…”, rồi “Propose changes”, rồi “Create pull request”. Máy tự kiểm tra, rồi công đoàn cấp trên xem và duyệt.',
    ],
    pasteSteps: placementInstructions(unit.placement),
    yamlTitle: `Đoạn cần thêm vào ${where}`,
    issuesNote: sealedNote,
  };
}
