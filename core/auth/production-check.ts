import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config.js';
import { User } from '../entities/index.js';
import { DEV_TOKEN_SECRET } from '../config.js';

/** Problems that stop a production start, each saying what to set or do. */
export async function productionProblems(config: AppConfig, ds: DataSource): Promise<string[]> {
  if (!config.production) return [];
  const problems: string[] = [];
  if (!config.tokenSecret) problems.push('TOKEN_SECRET is not set: set it to a random string of at least 32 characters (e.g. `openssl rand -hex 32`).');
  else if (config.tokenSecret === DEV_TOKEN_SECRET || config.tokenSecret.length < 32)
    problems.push('TOKEN_SECRET is the development default or shorter than 32 characters: set a random one (e.g. `openssl rand -hex 32`).');
  const demo = await ds.getRepository(User).count({ where: { demo: true, active: true } });
  if (demo) problems.push(`${demo} demo user(s) with documented passwords are active: change their passwords or deactivate them, or use a database without the demo seed.`);
  if ((await ds.getRepository(User).count()) === 0)
    problems.push('There is no user: create the first administrator with `npm run create-admin -- --username <name>` (password from SHIXUN_ADMIN_PASSWORD).');
  return problems;
}
