/**
 * npm run create-admin -- --username <name> [--display <名称>]
 * Creates a platform administrator for a real deployment. The password comes from
 * SHIXUN_ADMIN_PASSWORD (so it never lands in shell history) or is asked for.
 */
import { createInterface } from 'node:readline/promises';
import { boot } from '../boot.js';
import { hashPassword, weakPassword } from '../auth/password.js';
import { RoleBinding, User } from '../entities/index.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

async function main() {
  const username = arg('username');
  if (!username) throw new Error('usage: npm run create-admin -- --username <name> [--display <名称>]');
  let password = process.env.SHIXUN_ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question('Password / 密码: ');
    rl.close();
  }
  const weak = weakPassword(password);
  if (weak) throw new Error(`${weak.en} / ${weak.zh}`);
  const { ds } = await boot();
  if (await ds.getRepository(User).findOneBy({ username })) throw new Error(`user ${username} already exists`);
  const passwordHash = await hashPassword(password);
  await ds.transaction(async (em) => {
    const user = await em.getRepository(User).save(
      em.getRepository(User).create({ username, displayName: arg('display') ?? '平台管理员', passwordHash, demo: false, active: true, failedLogins: 0, lockedUntil: null, createdAt: new Date() }),
    );
    await em.getRepository(RoleBinding).insert({ userId: user.id, role: 'platform', regionId: null, institutionId: null, teacherId: null, expertId: null });
  });
  await ds.destroy();
  console.log(`platform administrator ${username} created`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
