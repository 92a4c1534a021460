/**
 * GB/T 2260 codes nest by prefix: 330000 (province) ⊃ 330100 (city) ⊃ 330110 (district).
 * A subtree is therefore "codes starting with the code less its trailing 00 pairs",
 * which an index on the region column answers as a range scan.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function inRegion(code: string | null | undefined, governed: string): boolean {
  return !!code && code.startsWith(regionPrefix(governed));
}

export function inAnyRegion(code: string | null | undefined, governed: string[]): boolean {
  return governed.some((g) => inRegion(code, g));
}

/** SQL LIKE pattern for a subtree. */
export function regionLike(code: string): string {
  return `${regionPrefix(code)}%`;
}
