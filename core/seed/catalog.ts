import { CourseKind, Stage } from '../entities/enums.js';

/** Vocabulary of the synthetic data: subjects, courses, reasons, comments. */

export const STAGE_ZH: Record<Stage, string> = {
  [Stage.kindergarten]: '幼儿园',
  [Stage.primary]: '小学',
  [Stage.junior]: '初中',
  [Stage.senior]: '高中',
  [Stage.vocational]: '中职',
  [Stage.special]: '特殊教育',
};

/** Subjects taught at each stage with rough shares of the teaching force (校长 is added per school). */
export const SUBJECTS_BY_STAGE: Record<Stage, [string, number][]> = {
  [Stage.kindergarten]: [['学前教育', 88], ['音乐', 4], ['美术', 4], ['体育', 2], ['班主任', 2]],
  [Stage.primary]: [
    ['语文', 30], ['数学', 24], ['英语', 9], ['科学', 6], ['道德与法治', 4], ['音乐', 5], ['体育', 7], ['美术', 5],
    ['信息技术', 3], ['心理健康', 1], ['班主任', 4],
  ],
  [Stage.junior]: [
    ['语文', 14], ['数学', 14], ['英语', 13], ['物理', 7], ['化学', 5], ['生物', 5], ['历史', 5], ['地理', 5], ['政治', 6],
    ['科学', 4], ['音乐', 3], ['体育', 6], ['美术', 3], ['信息技术', 3], ['心理健康', 1], ['班主任', 4],
  ],
  [Stage.senior]: [
    ['语文', 13], ['数学', 13], ['英语', 12], ['物理', 9], ['化学', 8], ['生物', 7], ['历史', 6], ['地理', 6], ['政治', 6],
    ['信息技术', 4], ['通用技术', 2], ['体育', 5], ['音乐', 2], ['美术', 2], ['心理健康', 1], ['班主任', 3],
  ],
  [Stage.vocational]: [
    ['语文', 8], ['数学', 8], ['英语', 7], ['计算机', 14], ['机械', 10], ['电子电工', 8], ['会计', 8], ['旅游服务', 5],
    ['汽车维修', 6], ['学前教育', 4], ['体育', 4], ['政治', 4], ['班主任', 4],
  ],
  [Stage.special]: [['特殊教育', 60], ['康复训练', 15], ['语文', 8], ['数学', 8], ['音乐', 3], ['美术', 3], ['班主任', 3]],
};

/** Teachers per school by stage (before noise), and how common each stage's schools are. */
export const SCHOOL_SIZE: Record<Stage, number> = {
  [Stage.kindergarten]: 22, [Stage.primary]: 62, [Stage.junior]: 70, [Stage.senior]: 115, [Stage.vocational]: 85, [Stage.special]: 28,
};
export const SCHOOL_SHARE: [Stage, number][] = [
  [Stage.kindergarten, 30], [Stage.primary, 34], [Stage.junior, 18], [Stage.senior, 9], [Stage.vocational, 6], [Stage.special, 3],
];

/** Course templates: [title, kind, tags]. `{s}` is replaced by the project's subject. */
export type CourseTemplate = [string, CourseKind, string[]];
const T = CourseKind.theory, PR = CourseKind.practice;

/** The three contents every Chongqing project must have (CQ-1); all demo projects carry them. */
export const CORE_COURSES: CourseTemplate[] = [
  ['《中小学教师专业标准》解读与专业发展规划', T, ['教师专业标准']],
  ['新时代师德师风建设与典型案例研讨', PR, ['师德教育']],
  ['信息技术支持的{s}课堂教学实践', PR, ['信息技术应用能力']],
];

export const SUBJECT_COURSES: CourseTemplate[] = [
  ['{s}课程标准（2022年版）解读', T, ['课程标准']],
  ['核心素养导向的{s}大单元教学设计', T, ['学科教学']],
  ['{s}同课异构与课堂观察', PR, ['学科教学']],
  ['名校跟岗研修：{s}课堂诊断', PR, ['跟岗实践']],
  ['{s}教学设计与说课展示', PR, ['学科教学']],
  ['作业设计与评价改革', T, ['学科教学', '评价改革']],
  ['教育科研方法与小课题研究', PR, ['教育科研']],
  ['学生心理健康教育与危机干预', T, ['心理健康']],
  ['人工智能助力{s}教学', T, ['信息技术应用能力']],
  ['返岗实践与研修成果展示', PR, ['返岗实践']],
];

export const ROLE_COURSES: Record<string, CourseTemplate[]> = {
  班主任: [
    ['班级建设与班集体文化', T, ['班主任工作']],
    ['主题班会课设计与展示', PR, ['班主任工作']],
    ['家校社协同育人案例研讨', PR, ['家校共育']],
  ],
  校长: [
    ['学校治理现代化与校长领导力', T, ['学校管理']],
    ['学校发展规划诊断', PR, ['学校管理']],
    ['名校挂职跟岗', PR, ['跟岗实践']],
  ],
};

/** BB-10: vocational backbone training — theory, professional skill, enterprise practice. */
export const VOCATIONAL_COURSES: CourseTemplate[] = [
  ['职业教育政策与类型教育理论', T, ['职教理论']],
  ['{s}专业核心技能提升', PR, ['专业技能']],
  ['企业顶岗实践', PR, ['企业实践']],
];

export const CATEGORIES = ['学科', '骨干教师', '新教师', '班主任', '校长', '乡村教师', '信息技术应用能力'] as const;

export const ENROLL_REJECT_REASONS: Record<string, string[]> = {
  school: ['本学期教学任务重，暂缓参训', '与学校教研活动时间冲突', '已安排参加同类校本研修'],
  district: ['本区县该项目名额已满', '近一年已参加同级同类培训', '不在本年度区县培训计划内'],
  institution: ['学员任教学科与项目不符', '学员学段与项目要求不符', '班额已满，请选择其他班期'],
};

export const WITHDRAW_REASONS = ['工作安排冲突', '身体原因申请退选', '学校临时安排监考任务', '家中有事无法参训'];
export const REVISION_WITHDRAW_REASON = '项目变更后申请退选（C-15）';

export const EVALUATION_COMMENTS = [
  '课程实用，案例丰富，收获很大', '专家讲解深入浅出，希望多安排实践环节', '跟岗研修安排紧凑，很有启发',
  '部分课程与一线教学结合不够紧密', '组织有序，后勤保障到位', '希望提供更多课后交流的机会', '线上课程平台偶有卡顿',
  '课堂观察环节对我帮助最大', '作业量稍大，但很有价值',
];

export const EXTERNAL_ISSUERS = [
  '国家智慧教育公共服务平台', '中国教师研修网', '浙江省教师培训管理平台', '重庆市中小学教师继续教育网', '全国中小学教师继续教育网',
];
