import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Actor } from './actor.js';

const ISSUER = 'shixun';

/**
 * The HMAC key of a secret, imported once: jose otherwise imports a WebCrypto key from the raw
 * secret on every call, which costs more than the signature check itself. Derived from the
 * configuration only, so every API process holds the same.
 */
const keys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

export async function signActor(actor: Actor, secret: string, ttlSeconds = 8 * 3600): Promise<string> {
  return new SignJWT({ actor })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setSubject(actor.id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(await hmacKey(secret));
}

const secretKeys = new Map<string, KeyObject>();
const secretKey = (secret: string) => {
  let k = secretKeys.get(secret);
  if (!k) secretKeys.set(secret, (k = createSecretKey(Buffer.from(secret, 'utf8'))));
  return k;
};

/** The protected header signActor writes, encoded: the only one accepted (HS256, nothing critical). */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/**
 * The actor in a valid token, or null for a missing, expired, tampered or otherwise signed one.
 * jose signs. The check is node:crypto's HMAC (synchronous: WebCrypto's, which jose's jwtVerify
 * uses, queues a thread-pool job per call and costs several times as much — on every request)
 * compared in constant time; only the exact header signActor writes is accepted.
 */
export async function verifyActor(token: string, secret: string): Promise<Actor | null> {
  const [header, payload, signature, extra] = token.split('.');
  if (header !== HEADER || !payload || !signature || extra !== undefined) return null;
  try {
    const given = Buffer.from(signature, 'base64url');
    const expected = createHmac('sha256', secretKey(secret)).update(`${header}.${payload}`).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown; exp?: unknown; nbf?: unknown; actor?: Actor };
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== ISSUER || typeof claims.exp !== 'number' || claims.exp <= now) return null;
    if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) return null;
    return claims.actor && typeof claims.actor === 'object' ? claims.actor : null;
  } catch {
    return null;
  }
}
