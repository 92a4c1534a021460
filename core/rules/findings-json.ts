import type { Violation } from '../plugin-host/types.js';

/** The JSON of frozen findings, by identity: plugins share one frozen object per distinct finding. */
const texts = new WeakMap<Violation, string>();

/**
 * `JSON.stringify(findings)`, the same text, with each frozen finding serialized once however
 * many teachers share it (a region-wide audit writes a million findings of a few thousand kinds).
 */
export function findingsJson(findings: readonly Violation[]): string {
  if (!findings.length) return '[]';
  let out = '[';
  for (let i = 0; i < findings.length; i++) {
    const v = findings[i]!;
    let text = texts.get(v);
    if (text === undefined) {
      text = JSON.stringify(v);
      if (Object.isFrozen(v)) texts.set(v, text);
    }
    out += i ? `,${text}` : text;
  }
  return `${out}]`;
}
