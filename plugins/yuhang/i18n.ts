import type { I18nStrings } from '../../core/plugin-host/types.js';

export const i18n = {
  'zh-CN': {
    title: '余杭区师训干训',
    'form.funding': '年度教师培训经费',
    'report.satisfaction': '参训教师满意率',
    'report.funding': '培训经费指标',
    'report.attendance': '学员出勤与考核（三严）',
    'stage.declare': '申报', 'stage.review': '审核', 'stage.implement': '实施', 'stage.manage': '管理', 'stage.assess': '考核', 'stage.complete': '结业',
    'rule.YH-1': '满意率 ≥ 90%',
    'rule.YH-2': '骨干教师培训180学时；90学时培训小班化',
    'rule.YH-3': '培训经费 ≥ 工资总额3%，≥ 70%拨至学校，学校 ≥ 公用经费10%',
    'rule.YH-4': '校本培训项目制',
    'rule.YH-5': '严肃请假、严格作息、严明考核',
  },
  en: {
    title: 'Yuhang district teacher training',
    'form.funding': 'Training funds of the year',
    'report.satisfaction': 'Trainee satisfaction',
    'report.funding': 'Funding metrics',
    'report.attendance': 'Attendance and assessment discipline',
    'stage.declare': 'Declare', 'stage.review': 'Review', 'stage.implement': 'Implement', 'stage.manage': 'Manage', 'stage.assess': 'Assess', 'stage.complete': 'Complete',
    'rule.YH-1': 'Satisfaction ≥ 90%',
    'rule.YH-2': 'Backbone classes of 180 hours; small 90-hour classes',
    'rule.YH-3': 'Funds ≥ 3% of payroll, ≥ 70% to schools, schools ≥ 10% of public funds',
    'rule.YH-4': 'School-based training as projects',
    'rule.YH-5': 'Leave, schedule and assessment discipline',
  },
} satisfies I18nStrings;
