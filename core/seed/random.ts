/**
 * Deterministic randomness and calendar arithmetic for the demo and the bulk generator.
 * Nothing here reads the clock: the same seed gives the same data on every machine.
 */

/** mulberry32: small, fast, good enough for synthetic data. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A roughly normal number (sum of three uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min = -Infinity, max = Infinity): number {
    const v = mean + ((this.next() + this.next() + this.next()) / 1.5 - 1) * spread;
    return Math.min(max, Math.max(min, v));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** n distinct items (all of them when n >= length), in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle([...items]).slice(0, Math.max(0, n));
  }

  /** An independent stream for a named part of the data, so parts do not shift each other. */
  fork(label: string | number): Rng {
    return new Rng(hash32(`${this.s}:${label}`));
  }
}

/** FNV-1a. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Picks by weight with a binary search over the cumulative weights. */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    let sum = 0;
    this.cumulative = entries.map((e) => (sum += e[1]));
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0, hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

// ---- calendar (UTC day numbers, ISO strings) ----

const DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY);
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** 'YYYY-MM-DD HH:MM:SS' from a date and minutes after midnight. */
export function at(date: string, minutes: number): string {
  const h = Math.floor(minutes / 60) % 24, m = Math.floor(minutes) % 60;
  return `${date} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
}

/** A working-hours timestamp on the given day, picked by the rng. */
export function workTime(rng: Rng, date: string): string {
  return at(date, rng.int(8 * 60 + 30, 17 * 60 + 30));
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Whole years between two ISO dates (age on `on` of someone born `birth`). */
export function yearsBetween(birth: string, on: string): number {
  let years = yearOf(on) - yearOf(birth);
  if (on.slice(5) < birth.slice(5)) years--;
  return years;
}
