/** Links to GitHub for a registration: new file, editor, search, prefilled issues (see registration.ts). */
import { mustSeal } from './registration-groups.ts';
import { ROLE_LABELS, ROLES, VISIBILITIES, type AccountInput, type RegistrySettings, type Role, type Visibility } from '../schema/index.ts';
import { ISSUE_FORM_FILE, ISSUE_TITLE_PREFIX, type IssueForm } from './issue-form.ts';
import { deriveUnitId } from './issue-to-yaml.ts';
import { storedFbId, storedUrl, type RegistrationValues } from './registration-values.ts';

/** Where the registry lives in the repository (links to GitHub), whatever REGISTRY_DIR the build used. */
export const REPO_REGISTRY_DIR = 'registry';
/** Longer links are not offered (browsers and GitHub refuse very long addresses): copy or download instead. */
export const MAX_LINK_LENGTH = 8000;

// ---------------------------------------------------------------------------------
// GitHub

export interface GithubRepo {
  /** https://github.com, or a GitHub Enterprise server. */
  server: string;
  owner: string;
  name: string;
  branch: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const BRANCH = /^(?!.*\.\.)(?!\/)[A-Za-z0-9._\/-]{1,200}(?<!\/)$/;

/**
 * The repository the links point to, from the build's environment: `GITHUB_REPOSITORY`
 * (`owner/repo`, set in every GitHub Actions job) or `REPO_URL`
 * (`https://github.com/owner/repo`), `GITHUB_SERVER_URL` (default https://github.com),
 * `REGISTRY_BRANCH` (default `main`). Undefined when none is usable: the page then
 * hides the GitHub buttons and says why.
 */
export function githubRepoFromEnv(env: Readonly<Record<string, string | undefined>>): GithubRepo | undefined {
  const branch = env.REGISTRY_BRANCH?.trim() || 'main';
  if (!BRANCH.test(branch)) return undefined;
  let server = 'https://github.com';
  let slug = env.GITHUB_REPOSITORY?.trim() ?? '';
  if (env.GITHUB_SERVER_URL) {
    try {
      const url = new URL(env.GITHUB_SERVER_URL);
      if (url.protocol === 'https:') server = url.origin;
    } catch {
      // keep github.com
    }
  }
  if (!slug && env.REPO_URL) {
    try {
      const url = new URL(env.REPO_URL);
      if (url.protocol === 'https:') {
        server = url.origin;
        slug = url.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
      }
    } catch {
      return undefined;
    }
  }
  const [owner = '', name = '', ...rest] = slug.split('/');
  if (rest.length > 0 || !OWNER.test(owner) || !REPO_NAME.test(name) || name === '.' || name === '..') return undefined;
  return { server, owner, name, branch };
}

const segments = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const query = (params: readonly (readonly [string, string])[]) =>
  params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

function repoBase(repo: GithubRepo): string {
  return `${repo.server}/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
}

/** GitHub's "new file" page, prefilled: name, content and commit message. Undefined when too long for a link. */
export function newFileUrl(repo: GithubRepo, file: string, content: string, message: string): string | undefined {
  const url = `${repoBase(repo)}/new/${segments(repo.branch)}?${query([
    ['filename', `${REPO_REGISTRY_DIR}/${file}`],
    ['value', content],
    ['message', message],
  ])}`;
  return url.length <= MAX_LINK_LENGTH ? url : undefined;
}

/** GitHub's editor for an existing unit's file. */
export function editFileUrl(repo: GithubRepo, file: string): string {
  return `${repoBase(repo)}/edit/${segments(repo.branch)}/${segments(`${REPO_REGISTRY_DIR}/${file}`)}`;
}

/** When the page does not know an existing unit's file (large registries): GitHub's code search for it. */
export function findFileUrl(repo: GithubRepo, id: string): string {
  return `${repo.server}/search?${query([
    ['q', `repo:${repo.owner}/${repo.name} path:${REPO_REGISTRY_DIR}/units path:**/${id}.yaml`],
    ['type', 'code'],
  ])}`;
}

export interface IssueLink {
  /** Which account (0-based) the issue registers. */
  account: number;
  url: string;
}

function optionLabel(form: IssueForm, field: string, value: string): string {
  const f = form.fields.find((x) => x.id === field);
  const option = f && 'options' in f ? f.options.find((o) => o.value === value) : undefined;
  return option?.label ?? value;
}

/**
 * One prefilled issue-form link per account (the issue form registers one account):
 * query parameters named by the form's field ids, dropdowns by their option labels.
 * Built from the public fields only: admins are never read here, so no phone number or
 * email can reach an issue. For a new unit, later accounts name the unit by the id the
 * issue bot will give it, to be sent once the first one is merged.
 */
export function issueUrls(
  repo: GithubRepo,
  form: IssueForm,
  values: RegistrationValues,
  settings: Pick<RegistrySettings, 'follow'> & Partial<Pick<RegistrySettings, 'privacy'>>,
  idExists: (id: string) => boolean,
): IssueLink[] {
  const template = ISSUE_FORM_FILE.slice(ISSUE_FORM_FILE.lastIndexOf('/') + 1);
  const unitName = values.kind === 'existing' ? (values.unit?.name ?? '') : values.name.trim();
  const botId = values.kind === 'new' ? deriveUnitId(values.name.trim(), idExists) : '';
  return values.accounts.flatMap((a, i) => {
    const role = (ROLES as readonly string[]).includes(a.role) ? (a.role as Role) : undefined;
    // A hidden group's address never goes into an issue of an encrypted registry (issue-to-yaml refuses it).
    if (
      settings.privacy &&
      role === 'group' &&
      mustSeal(
        {
          role,
          url: a.url,
          visibility: (VISIBILITIES as readonly string[]).includes(a.visibility) ? (a.visibility as Visibility) : undefined,
          name: '',
          since: '',
        },
        settings.privacy,
      )
    )
      return [];
    const params: [string, string][] = [
      ['template', template],
      ['title', `${ISSUE_TITLE_PREFIX}${unitName}${role ? ` – ${ROLE_LABELS[role]}` : ''}`],
    ];
    if (values.kind === 'existing') params.push(['unit', values.unit?.id ?? '']);
    else if (i > 0) params.push(['unit', botId]);
    else {
      params.push(['name', unitName]);
      if (values.level) params.push(['level', optionLabel(form, 'level', values.level)]);
      if (values.parent) params.push(['parent', values.parent.id]);
    }
    if (role) params.push(['role', optionLabel(form, 'role', role)]);
    params.push(['url', storedUrl(a.url)], ['account_name', a.name.trim()]);
    const fbId = storedFbId(a.fbId);
    if (fbId) params.push(['fb_id', fbId]);
    if (role === 'group')
      params.push([
        'visibility',
        optionLabel(form, 'visibility', (VISIBILITIES as readonly string[]).includes(a.visibility) ? a.visibility : 'hidden'),
      ]);
    if (a.since.trim()) params.push(['since', a.since.trim()]);
    const ticked = settings.follow.filter((f) => a.follows.includes(f.id)).map((f) => optionLabel(form, 'follows', f.id));
    if (ticked.length > 0) params.push(['follows', ticked.join(',')]);
    return [{ account: i, url: `${repoBase(repo)}/issues/new?${query(params)}` }];
  });
}

/** The commit message / pull request title of a registration. */
export function changeTitle(unitName: string, accounts: readonly AccountInput[]): string {
  const roles = [...new Set(accounts.map((a) => a.role).filter((r): r is Role => r !== undefined))].map((r) =>
    ROLE_LABELS[r].toLowerCase(),
  );
  return `Đăng ký: ${unitName.trim()}${roles.length > 0 ? ` – ${roles.join(', ')}` : ''}`.slice(0, 200);
}
