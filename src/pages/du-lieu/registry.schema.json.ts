/** The JSON Schema of registry.yaml, from the same zod schema the validator uses. */
import type { APIRoute } from 'astro';
import { registryJsonSchema } from '../../schema/json-schema.ts';

export const GET: APIRoute = () =>
  new Response(`${JSON.stringify(registryJsonSchema(), null, 2)}\n`, {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8' },
  });
