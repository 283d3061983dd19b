/** Why a registry document cannot serve as an input schema. */

/** A registry document that cannot serve as an input schema; the message says why. */
export class SchemaConversionError extends Error {
  override name = 'SchemaConversionError';
}
