/**
 * JSON Schemas (draft-07, what yaml-language-server reads) generated from the zod
 * schemas: editors get completion and Vietnamese hover text from the same source the
 * validator uses. `npm run schema` writes them to schema/; a test keeps them fresh.
 */
import { z } from 'zod';
import { RegistrySettingsSchema } from './settings.ts';
import { ReportedSchema } from './reported.ts';
import { UnitSchema } from './unit.ts';

function toJsonSchema(schema: z.ZodType, id: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-07', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...json, $id: id };
}

export function unitJsonSchema(): Record<string, unknown> {
  return toJsonSchema(UnitSchema, 'unit.schema.json');
}

export function registryJsonSchema(): Record<string, unknown> {
  return toJsonSchema(RegistrySettingsSchema, 'registry.schema.json');
}

export function reportedJsonSchema(): Record<string, unknown> {
  return toJsonSchema(ReportedSchema, 'reported.schema.json');
}

/** file name under schema/ → pretty JSON text */
export function jsonSchemaFiles(): Map<string, string> {
  return new Map(
    [
      ['unit.schema.json', unitJsonSchema()],
      ['registry.schema.json', registryJsonSchema()],
      ['reported.schema.json', reportedJsonSchema()],
    ].map(([name, schema]) => [name as string, `${JSON.stringify(schema, null, 2)}\n`]),
  );
}
