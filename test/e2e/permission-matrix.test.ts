import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../core/auth/actor.js';
import { ROLES, allows } from '../../core/auth/permissions.js';
import { permissionTable } from '../../core/graphql/schema.js';
import { buildWorld, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The permission table, tried: every root operation of the schema has an entry, and every
 * operation called by every role is refused by the guard exactly when the table says so.
 */
let s: TestServer;
let w: World;
let schemaTypes: Map<string, IntrospectedType>;
let roots: { kind: 'query' | 'mutation'; field: IntrospectedField }[];

interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
interface IntrospectedField { name: string; args: { name: string; type: TypeRef }[]; type: TypeRef }
interface IntrospectedType { name: string; kind: string; fields: IntrospectedField[] | null; inputFields: { name: string; type: TypeRef }[] | null; enumValues: { name: string }[] | null }

const INTROSPECT = `{ __schema {
  queryType { name } mutationType { name }
  types { name kind enumValues { name } fields { name type { ...T } args { name type { ...T } } } inputFields { name type { ...T } } }
} }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

function named(t: TypeRef): TypeRef {
  return t.ofType ? named(t.ofType) : t;
}

/** A literal for a required argument: any value of the right type will do to pass the guard. */
function literal(t: TypeRef, depth = 0): string {
  if (t.kind === 'NON_NULL') return literal(t.ofType!, depth);
  if (t.kind === 'LIST') return `[${literal(t.ofType!, depth)}]`;
  const type = schemaTypes.get(t.name!)!;
  if (t.kind === 'ENUM') return type.enumValues![0]!.name;
  if (t.kind === 'INPUT_OBJECT') {
    const required = (type.inputFields ?? []).filter((f) => f.type.kind === 'NON_NULL');
    return `{ ${required.map((f) => `${f.name}: ${literal(f.type, depth + 1)}`).join(', ')} }`;
  }
  switch (t.name) {
    case 'Int': return '1';
    case 'Float': return '1';
    case 'Boolean': return 'true';
    case 'ID': return '"999999"';
    case 'DateTimeISO': case 'DateTime': return '"2026-01-01T00:00:00Z"';
    default: return '"x"';
  }
}

function call(kind: 'query' | 'mutation', f: IntrospectedField): string {
  const args = f.args.filter((a) => a.type.kind === 'NON_NULL').map((a) => `${a.name}: ${literal(a.type)}`);
  const ret = named(f.type);
  const selection = ret.kind === 'OBJECT' || ret.kind === 'INTERFACE' || ret.kind === 'UNION' ? ' { __typename }' : '';
  return `${kind} { ${f.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

const scopeOf = (role: Role) => ({
  platform: {},
  bureau: { regionId: '330000' },
  school: { institutionId: w.schools.yh1 },
  institution: { institutionId: w.institutions.zjTrainer },
  expert: { expertId: w.experts.lead },
  teacher: { teacherId: w.teachers.yh1[0] },
})[role];

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
  const r = await s.gql(INTROSPECT, {}, { token: await s.tokenFor('platform') });
  const types: IntrospectedType[] = r.data.__schema.types;
  schemaTypes = new Map(types.map((t) => [t.name, t]));
  roots = [
    ...schemaTypes.get(r.data.__schema.queryType.name)!.fields!.map((field) => ({ kind: 'query' as const, field })),
    ...schemaTypes.get(r.data.__schema.mutationType.name)!.fields!.map((field) => ({ kind: 'mutation' as const, field })),
  ];
});
afterAll(async () => s?.close());

describe('permission table', () => {
  it('has an entry for every root operation of the schema', () => {
    const table = permissionTable(s.plugins);
    const missing = roots.map((r) => r.field.name).filter((name) => !table.has(name));
    expect(missing).toEqual([]);
  });

  it('is what the guard enforces, for every operation and every role', async () => {
    const table = permissionTable(s.plugins);
    const mismatches: string[] = [];
    let tried = 0;
    for (const role of ROLES) {
      const token = await s.tokenFor(role, scopeOf(role));
      for (const { kind, field } of roots) {
        const r = await s.gql(call(kind, field), {}, { token });
        tried++;
        const refusedByGuard = (r.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN' && e.extensions?.operation === field.name);
        const allowed = allows(table.get(field.name), role);
        if (allowed === refusedByGuard) mismatches.push(`${role} ${field.name}: table ${allowed ? 'allows' : 'refuses'}, guard ${refusedByGuard ? 'refused' : 'let it through'}`);
        if ((r.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) mismatches.push(`${role} ${field.name}: internal error ${JSON.stringify(r.errors)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(tried).toBe(ROLES.length * roots.length);
  });
});
