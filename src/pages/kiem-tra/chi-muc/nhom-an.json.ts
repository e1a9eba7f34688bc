/**
 * How /kiem-tra/ computes a hidden group's digest (`privacy.group_digest`: salt and
 * iterations, see docs/privacy.md), or `null` when the registry has none. No secret: the
 * same settings are in the public registry.yaml. Fetched only for group addresses.
 */
import type { APIRoute } from 'astro';
import { groupDigestSettingsJson } from '../../../site/lookup-data.ts';

export const GET: APIRoute = () =>
  new Response(groupDigestSettingsJson(), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
