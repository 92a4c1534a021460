import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
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

/**
 * The actor in a valid token, or null for a missing, expired, tampered or otherwise signed one.
 * jose signs; the check is node:crypto's HMAC (synchronous: WebCrypto's, which jose's
 * jwtVerify uses, queues a thread-pool job per call and costs ten times as much — per request),
 * compared in constant time, then jose decodes the claims. Only HS256 is accepted.
 */
export async function verifyActor(token: string, secret: string): Promise<Actor | null> {
  const dot = token.lastIndexOf('.');
  if (dot < 0) return null;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'HS256' || header.crit !== undefined) return null;
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = createHmac('sha256', secretKey(secret)).update(token.slice(0, dot)).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== ISSUER || typeof claims.exp !== 'number' || claims.exp <= now) return null;
    if (typeof claims.nbf === 'number' && claims.nbf > now) return null;
    return (claims.actor as Actor | undefined) ?? null;
  } catch {
    return null;
  }
}
