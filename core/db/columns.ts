import type { ValueTransformer } from 'typeorm';

/** MySQL returns DECIMAL as a string; SQLite as a number. Both become numbers here. */
export const decimal: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? v : Number(v)),
};

/** Column options for credits/hours/money: exact decimals, numbers in JS. */
export const decimalColumn = (precision = 9, scale = 2) => ({
  type: 'decimal' as const,
  precision,
  scale,
  transformer: decimal,
});

/** MySQL TINYINT(1) and SQLite INTEGER both read back as 0/1: keep booleans boolean. */
export const bool: ValueTransformer = {
  to: (v: boolean | null | undefined) => v,
  from: (v: number | boolean | null) => (v === null || v === undefined ? v : Boolean(v)),
};
