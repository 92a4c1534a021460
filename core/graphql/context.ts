import type { DataSource } from 'typeorm';
import type { MutationStore } from '../audit/store.js';
import type { Actor } from '../auth/actor.js';
import type { AppConfig } from '../config.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import type { Loaders } from './loaders.js';

/** What every resolver receives. `actor` is null for an anonymous request. */
export interface Context {
  actor: Actor | null;
  ds: DataSource;
  config: AppConfig;
  plugins: PluginRuntime;
  loaders: Loaders;
  requestId: string;
  /** Accept-Language picked English. */
  english: boolean;
  /**
   * The root mutation being resolved: `inTransaction(ctx, …)` collects what its transactions
   * write into this mutation's audit event (see core/auth/guard.ts).
   */
  mutation?: MutationStore;
  /** Response cookie setter (login/logout). */
  setCookie?: (name: string, value: string, options: Record<string, unknown>) => void;
}
