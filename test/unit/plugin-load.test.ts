import 'reflect-metadata';
import { Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { scopeBy } from '../../core/auth/scope.js';
import { Teacher } from '../../core/entities/index.js';
import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import { loadPlugins, PluginConfigError } from '../../core/plugin-host/load-plugins.js';
import type { PluginContribution, PluginEntry } from '../../core/plugin-host/types.js';
import { ExampleActivity } from '../../plugins/example/activity.js';
import { example } from '../../plugins/example/index.js';

/** A plugin with nothing but a name, a region, dependencies and what `setup` returns. */
const tiny = (name: string, opts: { regions?: string[]; dependsOn?: string[]; give?: PluginContribution<object> } = {}) =>
  definePlugin<object>({
    name,
    regions: opts.regions ?? ['330000'],
    dependsOn: opts.dependsOn,
    defaults: {},
    optionsSchema: { type: 'object', properties: {} },
    setup: () => opts.give ?? {},
  })();

/** The one-line message loadPlugins refuses with. */
function refusal(entries: unknown): string {
  try {
    loadPlugins(entries as PluginEntry[]);
  } catch (e) {
    expect(e).toBeInstanceOf(PluginConfigError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('loadPlugins accepted a broken config');
}

describe('options', () => {
  it('merges the user options over the defaults', () => {
    const [p] = loadPlugins([example({ maxHours: 120 })]).list;
    expect(p!.options).toEqual({ maxHours: 120, maxActivityHours: 40 });
    expect(loadPlugins([example()]).list[0]!.options).toEqual({ maxHours: 200, maxActivityHours: 40 });
  });

  it('refuses an unknown option with one line naming the plugin and the option', () => {
    expect(refusal([example({ foo: 1 } as never)])).toBe('plugin "example": unknown option "foo"');
  });

  it('refuses an option of the wrong type or out of range', () => {
    expect(refusal([example({ maxHours: 'many' } as never)])).toBe('plugin "example": option maxHours must be integer');
    expect(refusal([example({ maxHours: 0 })])).toBe('plugin "example": option maxHours must be >= 1');
  });

  it('does not change the defaults of the definition', () => {
    loadPlugins([example({ maxHours: 7 })]);
    expect(loadPlugins([example()]).list[0]!.options.maxHours).toBe(200);
  });
});

describe('the list of plugins', () => {
  it('refuses a plugin enabled twice', () => {
    expect(refusal([example(), example({ maxHours: 10 })])).toBe('plugin "example": enabled twice in plugins.config.ts');
  });

  it('refuses a missing dependency, naming both', () => {
    expect(refusal([tiny('yuhang', { regions: ['330110'], dependsOn: ['zhejiang'] })])).toBe(
      'plugin "yuhang": depends on "zhejiang", which is not enabled in plugins.config.ts',
    );
  });

  it('refuses a circular dependency', () => {
    expect(refusal([tiny('a', { dependsOn: ['b'] }), tiny('b', { dependsOn: ['a'] })])).toBe('plugin "a": circular dependency a → b → a');
  });

  it('orders dependencies first, then as written, the same every time', () => {
    const entries = () => [
      tiny('district', { regions: ['330110'], dependsOn: ['province', 'city'] }),
      tiny('other', { regions: ['500000'] }),
      tiny('city', { regions: ['330100'], dependsOn: ['province'] }),
      tiny('province'),
    ];
    const order = loadPlugins(entries()).list.map((p) => p.name);
    expect(order).toEqual(['province', 'city', 'district', 'other']);
    for (let i = 0; i < 5; i++) expect(loadPlugins(entries()).list.map((p) => p.name)).toEqual(order);
  });

  it('explains a factory listed without calling it, and an entry that is no plugin', () => {
    expect(refusal([example])).toBe('plugin "example": listed without calling it in plugins.config.ts (write example() or example({ ...options }))');
    expect(refusal([{}])).toBe('plugins.config.ts: entry 1 is not a plugin (call the plugin factory, e.g. zhejiang({...}))');
    expect(refusal({})).toContain('must be an array');
  });

  it('refuses a region that is not a GB/T 2260 code', () => {
    expect(refusal([tiny('bad', { regions: ['33'] })])).toBe('plugin "bad": region "33" is not a 6-digit GB/T 2260 code');
  });
});

@ObjectType('Teacher')
@Entity('plugin_test_teacher')
class FakeTeacher {
  @Field(() => String) @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
}

@ObjectType('ExampleActivity')
class SecondActivity {
  @Field(() => String) title!: string;
}

@Entity('example_activity')
class SameTable {
  @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
  @Column({ type: 'int' }) n!: number;
}

@Resolver()
class SecondActivityQuery {
  @Query(() => [SecondActivity]) secondActivities(): SecondActivity[] {
    return [];
  }
}

@Resolver()
class SameQueryName {
  @Query(() => [ExampleActivity]) exampleActivities(): ExampleActivity[] {
    return [];
  }
}

@Resolver()
class CoreQueryName {
  @Query(() => String) allTeachers(): string {
    return '';
  }
}

@Resolver(() => Teacher)
class TeacherNameAgain {
  @FieldResolver(() => String) name(@Root() t: Teacher): string {
    return t.name;
  }
}

@Resolver(() => Teacher)
class SecondBadge {
  @FieldResolver(() => String, { nullable: true }) exampleBadge(): string | null {
    return null;
  }
}

@Resolver()
class UsesCoreTypes {
  @Query(() => [Teacher]) teachersOfPlugin(): Teacher[] {
    return [];
  }
}

describe('duplicate names are refused at start-up, naming the plugin', () => {
  it('entities: the same entity twice, a second table of the same name, a core entity', () => {
    expect(refusal([example(), tiny('copy', { give: { entities: [ExampleActivity] } })])).toBe(
      'plugin "copy": entity "ExampleActivity" is already defined by plugin "example"',
    );
    expect(refusal([example(), tiny('copy', { give: { entities: [SameTable] } })])).toBe(
      'plugin "copy": table "example_activity" is already defined by plugin "example"',
    );
    expect(refusal([tiny('copy', { give: { entities: [Teacher] } })])).toBe('plugin "copy": entity "Teacher" is already defined by the core');
  });

  it('forms: the same form id twice, or a form whose JSON Schema is invalid', () => {
    const form = { id: 'example.activity', titleZh: '表', titleEn: 'Form', schema: { type: 'object' }, submit: async () => undefined };
    expect(refusal([example(), tiny('copy', { give: { forms: [form] } })])).toBe('plugin "copy": form "example.activity" is already defined by plugin "example"');
    expect(refusal([tiny('copy', { give: { forms: [{ ...form, schema: { type: 'no-such-type' } }] } })])).toMatch(
      /^plugin "copy": form "example.activity" has an invalid JSON Schema: /,
    );
  });

  it('GraphQL types: a second type named like a core type or another plugin\'s', () => {
    expect(refusal([tiny('copy', { give: { entities: [FakeTeacher] } })])).toBe('plugin "copy": GraphQL type "Teacher" is already defined by the core');
    expect(refusal([example(), tiny('copy', { give: { resolvers: [SecondActivityQuery] } })])).toBe(
      'plugin "copy": GraphQL type "ExampleActivity" is already defined by plugin "example"',
    );
  });

  it('GraphQL fields: a query or an added field that the core or another plugin has', () => {
    expect(refusal([example(), tiny('copy', { give: { resolvers: [SameQueryName] } })])).toBe(
      'plugin "copy": query "exampleActivities" is already defined by plugin "example"',
    );
    expect(refusal([tiny('copy', { give: { resolvers: [CoreQueryName] } })])).toBe('plugin "copy": query "allTeachers" is already defined by the core');
    expect(refusal([tiny('copy', { give: { resolvers: [TeacherNameAgain] } })])).toBe('plugin "copy": field Teacher.name is already defined by the core');
    expect(refusal([example(), tiny('copy', { give: { resolvers: [SecondBadge] } })])).toBe(
      'plugin "copy": field Teacher.exampleBadge is already defined by plugin "example"',
    );
  });

  it('using core types and another plugin\'s types is fine', () => {
    const ok = loadPlugins([
      example(),
      tiny('user', { dependsOn: ['example'], give: { resolvers: [UsesCoreTypes], permissions: { teachersOfPlugin: ['bureau'] } } }),
    ]);
    expect(ok.list.map((p) => p.name)).toEqual(['example', 'user']);
  });
});

describe('plugin resources', () => {
  const resource = (name: string, plural: string) => ({ entity: ExampleActivity, name, plural, labelZh: '教研活动', scope: scopeBy({ region: 'regionId' }) });

  it('a resource named like a core one is refused; its operations need no permissions entry but may have one', () => {
    expect(refusal([tiny('copy', { give: { resources: [resource('Teacher', 'Teachers')] } })])).toBe(
      'plugin "copy": GraphQL type "TeacherFilter" is already defined by the core',
    );
    const ok = loadPlugins([
      tiny('mine', { regions: ['990000'], give: { entities: [ExampleActivity], resources: [resource('ExampleActivity', 'ExampleActivities')], permissions: { allExampleActivities: ['bureau'] } } }),
    ]);
    expect(ok.list[0]!.name).toBe('mine');
    const twice = (name: string) => tiny(name, { regions: ['990000'], give: { resources: [resource('ExampleActivity', 'ExampleActivities')] } });
    expect(refusal([twice('one'), twice('two')])).toBe('plugin "two": GraphQL type "ExampleActivityFilter" is already defined by plugin "one"');
  });
});

describe('permissions', () => {
  it('every operation of a plugin has an entry, and a plugin cannot set a core operation\'s', () => {
    expect(refusal([tiny('user', { give: { resolvers: [UsesCoreTypes] } })])).toBe(
      'plugin "user": operation "teachersOfPlugin" has no entry in its permissions (e.g. permissions: { teachersOfPlugin: \'authenticated\' })',
    );
    expect(refusal([tiny('user', { give: { resolvers: [UsesCoreTypes], permissions: { teachersOfPlugin: 'public', login: ['platform'] } } })])).toBe(
      'plugin "user": permissions name "login", which is not one of its operations',
    );
  });
});
