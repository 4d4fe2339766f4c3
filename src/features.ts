/**
 * What a run loaded beyond the core (marked for a formatted article, the file writer…), so that
 * the launcher keeps a code cache covering it (see src/launcher.ts).
 */
const loaded = new Set<string>();

export function noteFeature(name: string): void {
  loaded.add(name);
}

export function loadedFeatures(): string[] {
  return [...loaded].sort();
}
