/** The JSON Schema of a unit file, from the same zod schema the validator uses. */
import type { APIRoute } from 'astro';
import { unitJsonSchema } from '../../schema/json-schema.ts';

export const GET: APIRoute = () =>
  new Response(`${JSON.stringify(unitJsonSchema(), null, 2)}\n`, { headers: { 'Content-Type': 'application/schema+json; charset=utf-8' } });
