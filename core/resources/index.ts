import type { ObjectLiteral } from 'typeorm';
import type { ResourceConfig } from '../graphql/resource.js';
import { teacherResource } from './teacher.js';

/** Every core resource; the console and the permission table are generated from this list. */
export const coreResources: ResourceConfig<ObjectLiteral>[] = [
  teacherResource,
] as unknown as ResourceConfig<ObjectLiteral>[];
