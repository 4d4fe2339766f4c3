/**
 * A package kept outside the bundle (yaml, node-emoji: large, and rarely needed), loaded from
 * node_modules on first need. node:module is fetched only then: importing it at start-up costs
 * about a millisecond, every run.
 */
export function requirePackage<T>(id: string): T {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(import.meta.filename)(id) as T;
}
