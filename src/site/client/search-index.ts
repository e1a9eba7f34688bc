/**
 * The directory's static search index as the browser reads it: the manifest once, each
 * shard once (a failed download is retried next time). Shared by the directory search
 * and the registration form.
 */
import type { SearchEntry, SearchManifest } from '../../lib/search.ts';

export interface SearchIndexClient {
  manifest: () => Promise<SearchManifest>;
  shard: (key: string) => Promise<SearchEntry[]>;
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return (await response.json()) as T;
}

export function searchIndexClient(indexBase: string): SearchIndexClient {
  let manifest: Promise<SearchManifest> | undefined;
  const shards = new Map<string, Promise<SearchEntry[]>>();
  return {
    manifest() {
      if (!manifest) {
        manifest = getJson<SearchManifest>(`${indexBase}danh-muc.json`);
        manifest.catch(() => (manifest = undefined));
      }
      return manifest;
    },
    shard(key) {
      let promise = shards.get(key);
      if (!promise) {
        promise = getJson<SearchEntry[]>(`${indexBase}${key}.json`);
        promise.catch(() => shards.delete(key));
        shards.set(key, promise);
      }
      return promise;
    },
  };
}
