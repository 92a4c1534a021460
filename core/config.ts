/** Runtime configuration, read once from the environment. */
export type Dialect = 'sqlite' | 'mysql';

export interface AppConfig {
  dialect: Dialect;
  /** mysql://user:pass@host:port/db, or the SQLite file path. */
  databaseUrl: string;
  sqlitePath: string;
  port: number;
  production: boolean;
  tokenSecret: string;
  /** Largest page a list query may ask for (react-admin perPage). */
  maxPageSize: number;
}

/** The token secret outside production; a production start refuses it. */
export const DEV_TOKEN_SECRET = 'shixun-development-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const url = env.DATABASE_URL ?? '';
  const dialect: Dialect = /^(mysql|mariadb):\/\//.test(url) ? 'mysql' : 'sqlite';
  const sqlitePath = dialect === 'sqlite' ? (url.replace(/^sqlite:(\/\/)?/, '') || 'data/shixun.sqlite') : '';
  const production = env.NODE_ENV === 'production';
  return {
    dialect,
    databaseUrl: url,
    sqlitePath,
    port: Number(env.PORT ?? 4000),
    production,
    tokenSecret: env.TOKEN_SECRET ?? (production ? '' : DEV_TOKEN_SECRET),
    maxPageSize: Number(env.MAX_PAGE_SIZE ?? 200),
  };
}
