import type { Booted } from '../boot.js';

/** Seeds the deterministic demo into an empty database; returns whether it did. */
export async function seedDemoIfEmpty(_booted: Booted): Promise<boolean> {
  return false;
}
