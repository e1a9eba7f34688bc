/**
 * What the registration form needs only once someone uses it: the registry's checks and
 * messages (zod), the YAML writer and the issue links, most of the form's code. The page
 * loads src/site/client/register-form.ts (steps 1 and 2, the unit search) and fetches
 * this with import() at the first focus or touch in the form (issue 16: 84 % of one
 * 72 KB script was unused at load). The age code for contacts comes later still, on submit.
 */
export {
  accountFromValues,
  changeTitle,
  describeUrl,
  editFileUrl,
  findFileUrl,
  issueUrls,
  knownUnitFromEmbedded,
  newFileUrl,
  newUnitFile,
  placementInstructions,
  protectContacts,
  registeredProblem,
  renderAccountsSnippet,
  renderNewUnitYaml,
  validateRegistration,
} from '../../submit/registration.ts';
export { ID_PATTERN, ROLE_LABELS, ROLES } from '../../schema/index.ts';
export { buildIssueForm } from '../../submit/issue-form.ts';
export { deriveUnitId, slugifyName } from '../../submit/issue-to-yaml.ts';
export { sealGroupsInBrowser } from './register-groups.ts';
export { produceRegistration } from './register-produce.ts';
