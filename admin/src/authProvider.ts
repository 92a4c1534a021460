import type { AuthProvider } from 'ra-core';
import { gql } from './api';
import { clearMetadata, loadMetadata } from './meta';

/**
 * Log-in with the `login` mutation: the server sets the HttpOnly `shixun_token` cookie and
 * every later request sends it (credentials: 'include'); the console never holds the token.
 * It remembers only who logged in, to greet them. Permissions are the metadata query's
 * answer for this role: menus and buttons follow it.
 */
const USER_KEY = 'shixun.user';

interface StoredUser { displayName: string; role: string; username: string }

function storedUser(): StoredUser | null {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as StoredUser | null;
  } catch {
    return null;
  }
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    clearMetadata();
    const d = await gql<{ login: { displayName: string; actor: { role: string } } }>(
      `mutation($username: String!, $password: String!) { login(username: $username, password: $password) { displayName actor { role } } }`,
      { username, password },
    );
    localStorage.setItem(USER_KEY, JSON.stringify({ displayName: d.login.displayName, role: d.login.actor.role, username }));
  },

  async logout() {
    localStorage.removeItem(USER_KEY);
    clearMetadata();
    try {
      await gql(`mutation { logout }`);
    } catch {
      /* already logged out */
    }
  },

  async checkAuth() {
    if (storedUser()) return;
    // A cookie from an earlier visit may still be valid.
    const d = await gql<{ me: { role: string; id: string } | null }>(`{ me { id role } }`).catch(() => ({ me: null }));
    if (!d.me) throw new Error('ra.auth.auth_check_error');
    localStorage.setItem(USER_KEY, JSON.stringify({ displayName: d.me.id, role: d.me.role, username: d.me.id }));
  },

  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      localStorage.removeItem(USER_KEY);
      clearMetadata();
      throw new Error('ra.notification.logged_out');
    }
  },

  async getIdentity() {
    const u = storedUser();
    return { id: u?.username ?? '', fullName: u?.displayName ?? '' };
  },

  async getPermissions() {
    if (!storedUser()) return null;
    return loadMetadata();
  },

  /** Buttons and pages ask this: reads for every resource the API lists, writes as the permission table says. */
  async canAccess({ resource, action }: { resource?: string; action: string }) {
    if (!storedUser()) return false;
    const m = await loadMetadata();
    if (!resource) return true;
    const r = m.byName[resource];
    if (!r) return false;
    if (action === 'list' || action === 'show' || action === 'export') return m.operations.has(`all${r.plural}`);
    if (action === 'create' || action === 'clone') return !!r.create?.allowed;
    if (action === 'edit') return !!r.update?.allowed;
    if (action === 'delete') return !!r.delete?.allowed;
    return true;
  },
};
