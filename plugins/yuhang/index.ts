import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import { fundingForm, YhFunding, YUHANG } from './funding.js';
import { i18n } from './i18n.js';
import { migrations } from './migrations/index.js';
import { defaults, optionsSchema, type YuhangOptions } from './options.js';
import { seedYuhang } from './seed.js';
import { YuhangProjectFields, YuhangQueries } from './resolvers.js';
import { backboneHours, schoolBasedProject, smallClassesOnPublish, smallClassesOnSubmit } from './rules.js';

/**
 * 余杭区 (330110), inside Zhejiang: the district's annual training plan (seeds/002,
 * POLICY.md YH-1..YH-5). Layered on the zhejiang plugin: a Yuhang record gets the province's
 * rules and these. The canonical small plugin to copy (plugins/README.md, "Yuhang walkthrough").
 */
export const yuhang = definePlugin<YuhangOptions>({
  name: 'yuhang',
  regions: [YUHANG],
  dependsOn: ['zhejiang'],
  defaults,
  optionsSchema,
  setup: () => ({
    entities: [YhFunding],
    migrations,
    resolvers: [YuhangQueries, YuhangProjectFields],
    permissions: {
      yhSatisfaction: ['platform', 'bureau'],
      yhFundingMetrics: ['platform', 'bureau'],
      yhAttendanceDiscipline: ['platform', 'bureau', 'institution', 'school'],
    },
    rules: {
      'project.submit': [backboneHours, smallClassesOnSubmit, schoolBasedProject],
      'class.publish': [smallClassesOnPublish],
    },
    forms: [fundingForm()],
    i18n,
    seedDemo: seedYuhang,
  }),
});

export default yuhang;
export type { YuhangOptions } from './options.js';
