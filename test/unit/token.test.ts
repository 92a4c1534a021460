import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signActor, verifyActor } from '../../core/auth/token.js';

/** verifyActor checks HS256 with node:crypto; every way a token can be wrong must read as no actor. */
const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const actor = { id: 'dev:teacher:7', role: 'teacher' as const, teacherId: 7, regionId: '330102' };
const key = new TextEncoder().encode(SECRET);

describe('verifyActor', () => {
  it('returns the actor of a token signActor made', async () => {
    expect(await verifyActor(await signActor(actor, SECRET), SECRET)).toEqual(actor);
  });

  it('refuses another secret, a changed payload, a cut signature and garbage', async () => {
    const token = await signActor(actor, SECRET);
    expect(await verifyActor(token, `${SECRET}x`)).toBeNull();
    const [h, p, sig] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.actor.role = 'platform';
    expect(await verifyActor(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`, SECRET)).toBeNull();
    expect(await verifyActor(`${h}.${p}.${sig.slice(0, -2)}`, SECRET)).toBeNull();
    expect(await verifyActor(`${h}.${p}.`, SECRET)).toBeNull();
    for (const junk of ['', '.', 'a.b.c', 'not a token', `${h}.${p}`]) expect(await verifyActor(junk, SECRET)).toBeNull();
  });

  it('refuses alg none, other algorithms, expired, not-yet-valid and foreign-issuer tokens', async () => {
    const [, p] = (await signActor(actor, SECRET)).split('.') as [string, string];
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(await verifyActor(`${none}.${p}.`, SECRET)).toBeNull();
    const hs512 = await new SignJWT({ actor }).setProtectedHeader({ alg: 'HS512' }).setIssuer('shixun').setExpirationTime('1h').sign(key);
    expect(await verifyActor(hs512, SECRET)).toBeNull();
    expect(await verifyActor(await signActor(actor, SECRET, -1), SECRET)).toBeNull();
    const later = await new SignJWT({ actor }).setProtectedHeader({ alg: 'HS256' }).setIssuer('shixun').setNotBefore('1h').setExpirationTime('2h').sign(key);
    expect(await verifyActor(later, SECRET)).toBeNull();
    const foreign = await new SignJWT({ actor }).setProtectedHeader({ alg: 'HS256' }).setIssuer('elsewhere').setExpirationTime('1h').sign(key);
    expect(await verifyActor(foreign, SECRET)).toBeNull();
    const noExp = await new SignJWT({ actor }).setProtectedHeader({ alg: 'HS256' }).setIssuer('shixun').sign(key);
    expect(await verifyActor(noExp, SECRET)).toBeNull();
  });
});
