import type { I18nStrings } from '../../core/plugin-host/types.js';

/** Strings the console shows for this plugin; `title` names the plugin in the plugins list. */
export const i18n = {
  'zh-CN': {
    title: '示例插件（仅供测试）',
    badge: '示例区教师',
    'form.activity': '教研活动登记',
    'rule.EX-1': '项目学时上限',
    'rule.EX-2': '教师年度教研活动学时上限',
  },
  en: {
    title: 'Example plugin (tests only)',
    badge: 'Example-region teacher',
    'form.activity': 'Teaching-research activity',
    'rule.EX-1': 'Project hours cap',
    'rule.EX-2': 'Yearly activity hours cap per teacher',
  },
} satisfies I18nStrings;
