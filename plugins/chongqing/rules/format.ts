/** Number formatting shared by the Chongqing rule messages. */
export const round2 = (n: number) => Math.round(n * 100) / 100;
/** 0.5 → '50%' */
export const pct = (share: number) => `${round2(share * 100)}%`;
export const num = (n: number) => String(round2(n));
