// The types of meta-schema-validator.generated.cjs, written by hand (the generator writes only the code).
import type { ErrorObject } from 'ajv/dist/2020.js';

/** Whether a schema is valid against JSON Schema 2020-12's meta-schema; when not, why in `errors`. */
interface MetaSchemaValidate {
  (schema: unknown): boolean;
  errors?: ErrorObject[] | null;
}

declare const validate: MetaSchemaValidate & { default: MetaSchemaValidate };
export = validate;
