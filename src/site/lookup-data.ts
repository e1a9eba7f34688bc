/** The verification index for this build (see src/lib/lookup-index.ts), built once. */
import { buildLookupFacts } from '../lib/lookup.ts';
import { buildLookupIndex, type LookupIndex } from '../lib/lookup-index.ts';
import { site } from './site.ts';

let index: Promise<LookupIndex> | undefined;

export function lookupIndex(): Promise<LookupIndex> {
  if (!index) {
    const { registry, today } = site();
    index = buildLookupIndex(buildLookupFacts(registry, today));
  }
  return index;
}
