/**
 * Unit ids for the sitemap, from the registry's file names: cheap at config time (no
 * parsing), and the build fails anyway if any unit file is invalid.
 */
import { listUnitFiles, resolveRegistryDir } from '../registry/load.ts';
import { ID_PATTERN } from '../schema/common.ts';

export function unitIdsForSitemap(): string[] {
  return listUnitFiles(resolveRegistryDir(), [])
    .map((f) => f.id)
    .filter((id) => ID_PATTERN.test(id))
    .sort();
}
