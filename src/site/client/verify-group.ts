/**
 * /kiem-tra/ for hidden groups (docs/privacy.md): an encrypted registry's index knows a
 * hidden group by its digest only, so for a group address the page fetches the digest
 * settings (…/chi-muc/nhom-an.json) and computes the same PBKDF2 digest in the browser.
 * Both the settings and the digest code load only when a group address is checked.
 */
import type { GroupDigestOf } from '../../lib/lookup.ts';
import type { GroupDigestSettings } from '../../registry/group-digest.ts';

export function groupDigestOf(indexBase: string): GroupDigestOf {
  let settings: Promise<GroupDigestSettings | null> | undefined;
  return async (groupKey) => {
    settings ??= fetch(`${indexBase}nhom-an.json`).then(async (response) => {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(String(response.status));
      return (await response.json()) as GroupDigestSettings | null;
    });
    let known: GroupDigestSettings | null;
    try {
      known = await settings;
    } catch (error) {
      settings = undefined; // a network failure is tried again next time
      throw error;
    }
    if (!known) return undefined;
    const { groupDigest } = await import('../../registry/group-digest.ts');
    return groupDigest(groupKey, known);
  };
}
