import { z } from 'zod';
import { manifestSchema } from './schema';

/** JSON Schema (draft 2020-12) of the manifest, for editor completion and validation (`portside.schema.json`). */
export function manifestJsonSchema(): object {
  return z.toJSONSchema(manifestSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' });
}
