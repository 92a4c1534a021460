import { SignJWT, jwtVerify } from 'jose';
import type { Actor } from './actor.js';

const ISSUER = 'shixun';

export async function signActor(actor: Actor, secret: string, ttlSeconds = 8 * 3600): Promise<string> {
  return new SignJWT({ actor })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setSubject(actor.id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** The actor in a valid token, or null for a missing, expired or tampered one. */
export async function verifyActor(token: string, secret: string): Promise<Actor | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: ISSUER });
    return (payload.actor as Actor) ?? null;
  } catch {
    return null;
  }
}
