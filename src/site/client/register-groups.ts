/**
 * The registration form's hook for hidden groups (src/submit/registration-groups.ts): their
 * addresses are encrypted in the browser before any YAML is shown; the age and digest
 * code loads only when the form has such a group.
 */
import { sealHiddenGroups } from '../../submit/registration-groups.ts';
import type { AccountInput, RegistrySettings } from '../../schema/index.ts';

export function sealGroupsInBrowser(accounts: readonly AccountInput[], privacy: RegistrySettings['privacy']): Promise<AccountInput[]> {
  return sealHiddenGroups(accounts, privacy, async () => (await import('../../lib/group-url.ts')).encryptGroupAddress);
}
