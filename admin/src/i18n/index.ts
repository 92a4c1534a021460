import type { I18nProvider, TranslationMessages } from 'ra-core';
import englishMessages from 'ra-language-english';
import { raChinese } from './zh';

export type Locale = 'zh-CN' | 'en';

/** The console's own strings; resource and field labels come from the API (adminMetadata). */
const app: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    'app.title': '师训管理平台',
    'app.subtitle': '中小学教师培训管理',
    'app.loading_metadata': '正在读取接口说明…',
    'app.language': '语言',
    'app.role': '角色',
    'app.scope': '管辖范围',
    'app.welcome': '欢迎，%{name}',
    'app.welcome_hint': '左侧菜单按您的角色和管辖范围生成；您能看到和修改的数据都经过服务器按范围筛选。',
    'app.menu.forms': '地区表单',
    'app.menu.workflow': '业务审核',
    'app.menu.dashboard': '首页',
    'app.graphiql': '接口调试（GraphiQL）',
    'app.demo_accounts': '演示账户：admin、zj_bureau、yh_bureau、yh_school、hznu、teacher…，密码 Shixun@2026',
    'app.login.title': '登录师训管理平台',
    'app.login.failed': '登录失败',
    'app.error.network': '无法连接服务器',
    'app.error.server': '服务器返回错误',
    'app.details': '详情',
    'app.records': '记录',
    'app.submit': '提交',
    'app.submitted': '已提交',
    'app.form_refused': '服务器拒绝了提交：',
    'app.no_forms': '没有可用的表单',
    'app.count': '共 %{count} 条',
    'app.validation.pattern': '格式不正确',
    'app.validation.exclusiveMinimum': '须大于 %{min}',
    'app.validation.exclusiveMaximum': '须小于 %{max}',
    'app.validation.integer': '须为整数',
    'app.validation.maxItems': '最多 %{max} 项',
    'app.validation.date': '须为有效日期（YYYY-MM-DD）',
    'app.workflow.projects': '项目审核',
    'app.workflow.selections': '选课审核',
    'app.workflow.transcript': '教师学分档案',
    'app.workflow.validate': '检查',
    'app.workflow.approve': '批准',
    'app.workflow.reject': '退回',
    'app.workflow.reason': '理由',
    'app.workflow.reason_required': '退回须填写理由',
    'app.workflow.no_problems': '未发现问题',
    'app.workflow.problems': '发现 %{count} 个问题',
    'app.workflow.approve_selected': '批准所选',
    'app.workflow.reject_selected': '驳回所选',
    'app.workflow.done': '已处理 %{count} 项',
    'app.workflow.empty': '没有待处理的事项',
    'app.workflow.teacher': '教师',
    'app.workflow.total': '合计',
  },
  en: {
    'app.title': 'Shixun',
    'app.subtitle': 'Teacher training management',
    'app.loading_metadata': 'Reading the API description…',
    'app.language': 'Language',
    'app.role': 'Role',
    'app.scope': 'Scope',
    'app.welcome': 'Welcome, %{name}',
    'app.welcome_hint': 'The menu is built for your role and scope; every record you see or change is filtered by the server to your scope.',
    'app.menu.forms': 'Region forms',
    'app.menu.workflow': 'Reviews',
    'app.menu.dashboard': 'Home',
    'app.graphiql': 'API explorer (GraphiQL)',
    'app.demo_accounts': 'Demo accounts: admin, zj_bureau, yh_bureau, yh_school, hznu, teacher…, password Shixun@2026',
    'app.login.title': 'Sign in to Shixun',
    'app.login.failed': 'Sign-in failed',
    'app.error.network': 'Cannot reach the server',
    'app.error.server': 'The server returned an error',
    'app.details': 'Details',
    'app.records': 'Records',
    'app.submit': 'Submit',
    'app.submitted': 'Submitted',
    'app.form_refused': 'The server refused the submission:',
    'app.no_forms': 'No forms available',
    'app.count': '%{count} in total',
    'app.validation.pattern': 'Invalid format',
    'app.validation.exclusiveMinimum': 'Must be greater than %{min}',
    'app.validation.exclusiveMaximum': 'Must be less than %{max}',
    'app.validation.integer': 'Must be a whole number',
    'app.validation.maxItems': 'At most %{max} items',
    'app.validation.date': 'Must be a valid date (YYYY-MM-DD)',
    'app.workflow.projects': 'Project review',
    'app.workflow.selections': 'Selection review',
    'app.workflow.transcript': 'Teacher transcript',
    'app.workflow.validate': 'Check',
    'app.workflow.approve': 'Approve',
    'app.workflow.reject': 'Reject',
    'app.workflow.reason': 'Reason',
    'app.workflow.reason_required': 'A rejection needs a reason',
    'app.workflow.no_problems': 'No problems found',
    'app.workflow.problems': '%{count} problem(s) found',
    'app.workflow.approve_selected': 'Approve selected',
    'app.workflow.reject_selected': 'Reject selected',
    'app.workflow.done': '%{count} done',
    'app.workflow.empty': 'Nothing to review',
    'app.workflow.teacher': 'Teacher',
    'app.workflow.total': 'Total',
  },
};

function flatten(obj: TranslationMessages | Record<string, unknown>, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else if (v && typeof v === 'object') flatten(v as Record<string, unknown>, `${prefix}${k}.`, out);
  }
  return out;
}

const dictionaries: Record<Locale, Record<string, string>> = {
  'zh-CN': { ...flatten(raChinese), ...app['zh-CN'] },
  en: { ...flatten(englishMessages), ...app.en },
};

/** Adds strings at run time (resource and field labels from adminMetadata). */
export function addMessages(locale: Locale, messages: Record<string, string>): void {
  Object.assign(dictionaries[locale], messages);
}

const STORAGE_KEY = 'shixun.locale';

export function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let current: Locale = initialLocale();
export const currentLocale = (): Locale => current;

/** Polyglot-compatible: `%{name}` interpolation and `a |||| b` plurals (Chinese has one form). */
function render(template: string, options: Record<string, unknown> = {}): string {
  let s = template;
  if (s.includes('||||')) {
    const forms = s.split('||||').map((p) => p.trim());
    const n = Number(options.smart_count ?? 1);
    s = (current === 'en' ? (n === 1 ? forms[0] : forms[1]) : forms[forms.length - 1]) ?? forms[0]!;
  }
  return s.replace(/%\{(\w+)\}/g, (_, k: string) => (options[k] === undefined ? '' : String(options[k])));
}

export function translate(key: string, options: Record<string, unknown> = {}): string {
  const found = dictionaries[current][key];
  if (found !== undefined) return render(found, options);
  if (typeof options._ === 'string') return render(options._, options);
  return key;
}

export const i18nProvider: I18nProvider = {
  translate: (key, options) => translate(key, options as Record<string, unknown>),
  changeLocale: async (locale) => {
    current = locale === 'en' ? 'en' : 'zh-CN';
    document.documentElement.lang = current;
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      /* private mode */
    }
  },
  getLocale: () => current,
  getLocales: () => [
    { locale: 'zh-CN', name: '中文' },
    { locale: 'en', name: 'English' },
  ],
};
