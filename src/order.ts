/**
 * One order for names everywhere the server sorts (tools, exclusions, search results, warnings): by
 * UTF-16 code units, as `Array.prototype.sort` does by default and unlike `localeCompare`, so a list
 * reads the same on every machine and in every locale. Pure.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Named things by name, in the order of byCodeUnits. */
export const byName = (a: { name: string }, b: { name: string }): number => byCodeUnits(a.name, b.name);
