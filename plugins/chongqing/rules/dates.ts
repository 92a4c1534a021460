/** Date helpers on 'YYYY-MM-DD' strings, in UTC so no time zone shifts a day. */
const DAY = 86_400_000;
export const parseDay = (s: string) => Date.parse(`${s.slice(0, 10)}T00:00:00Z`);
export const dayString = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The date `months` calendar months after `day` (31 January + 1 month = 28/29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Calendar months from `start` to `end`, both days included, to one decimal: 1 March–30 April
 * is 2, 1 February–31 March is 2, 1–15 March is 0.4 (rounded down).
 */
export function monthsBetween(start: string, end: string): number {
  const stop = parseDay(end) + DAY;
  if (stop <= parseDay(start)) return 0;
  let full = 0;
  while (parseDay(addMonths(start, full + 1)) <= stop) full++;
  const from = parseDay(addMonths(start, full));
  const next = parseDay(addMonths(start, full + 1));
  // Rounded down: a day short of two months is 1.9, never 2.
  return Math.floor((full + (stop - from) / (next - from)) * 10 + 1e-9) / 10;
}

/** Today in China (UTC+8), 'YYYY-MM-DD'. */
export const chinaToday = (now: Date = new Date()) => dayString(now.getTime() + 8 * 3_600_000);

/** Age in whole years on `day`. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
