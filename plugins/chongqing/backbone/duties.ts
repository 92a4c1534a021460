import type { ChongqingOptions } from '../options.js';

/**
 * BB-4 (001 §三(二)): the yearly duties of a national or municipal backbone teacher, as the
 * annual assessment form (年度考核登记表) records them, and what falls short of them. The
 * form records; the reviewers (BB-5) judge: shortfalls are stored with the record and shown
 * to them, they do not block the submission.
 */
export interface Semesters { first: number; second: number }
export interface AnnualFormData {
  teacherId?: number;
  year: number;
  /** 每年学习一本现代教育理论或学科教育专著，作好读书笔记 */
  monograph: { title: string; notes: boolean };
  /** 每学期写出有价值的教学心得至少1篇 */
  reflections: Semesters;
  /** 主持或参与市级课题研究1个，写出研究报告或研究取得阶段成果 */
  researchProjects: { title: string; level: 'national' | 'municipal' | 'district' | 'school'; role: 'host' | 'participant'; outcome: 'report' | 'stage' | 'none' }[];
  /** 每年至少在省(市)级刊物发表学术论文1篇以上 */
  papers: { title: string; journal: string; level: 'national' | 'provincial' | 'city' | 'district' }[];
  /** …或获省(市)级教育科研成果三等奖以上 */
  prizes: { title: string; level: 'national' | 'provincial' | 'city' | 'district'; grade: 'special' | 'first' | 'second' | 'third' | 'other' }[];
  /** 每学期为全校教师上好示范课1次以上 */
  demonstrationLessons: Semesters;
  /** 每学期作1次专题报告 */
  lectures: Semesters;
  /** 国家级指导2名以上市级骨干教师，市级指导2名区县级骨干教师 */
  guidedTeachers: { name: string; level: 'national' | 'municipal' | 'district' | 'school' }[];
  summary?: string;
}

export interface DutyFinding { duty: string; messageZh: string; messageEn: string; limit: number; actual: number }

const PAPER_LEVELS = ['national', 'provincial'];
const PRIZE_GRADES = ['special', 'first', 'second', 'third'];
/** Whom each level guides (BB-4). */
export const GUIDED_LEVEL: Record<string, string> = { national: 'municipal', municipal: 'district' };

export function dutyFindings(level: string, d: AnnualFormData, o: ChongqingOptions['backbone']['duties']): DutyFinding[] {
  const out: DutyFinding[] = [];
  const need = (duty: string, actual: number, limit: number, zh: string, en: string) => {
    if (actual < limit) out.push({ duty, messageZh: `BB-4 ${zh}（实际 ${actual} < ${limit}）`, messageEn: `BB-4 ${en} ${actual} < ${limit}`, limit, actual });
  };
  need('monograph', d.monograph?.title?.trim() && d.monograph.notes ? 1 : 0, 1, '每年学习一本专著并作读书笔记', 'monograph studied with reading notes');
  for (const [k, zh, en] of [['first', '上学期', 'first semester'], ['second', '下学期', 'second semester']] as const) {
    need(`reflections.${k}`, d.reflections?.[k] ?? 0, o.reflectionsPerSemester, `${zh}教学心得不少于${o.reflectionsPerSemester}篇`, `teaching reflections in the ${en}`);
    need(`demonstrationLessons.${k}`, d.demonstrationLessons?.[k] ?? 0, o.demonstrationLessonsPerSemester, `${zh}示范课不少于${o.demonstrationLessonsPerSemester}次`, `demonstration lessons in the ${en}`);
    need(`lectures.${k}`, d.lectures?.[k] ?? 0, o.lecturesPerSemester, `${zh}专题报告不少于${o.lecturesPerSemester}次`, `lectures in the ${en}`);
  }
  const projects = (d.researchProjects ?? []).filter((p) => (p.level === 'municipal' || p.level === 'national') && p.outcome !== 'none').length;
  need('researchProjects', projects, o.municipalProjects, `主持或参与市级（及以上）课题研究并取得成果不少于${o.municipalProjects}项`, 'municipal research projects with an outcome');
  const papers = (d.papers ?? []).filter((p) => PAPER_LEVELS.includes(p.level)).length
    + (d.prizes ?? []).filter((p) => PAPER_LEVELS.includes(p.level) && PRIZE_GRADES.includes(p.grade)).length;
  need('papers', papers, o.papersOrPrizesPerYear, `省（市）级刊物论文或省（市）级科研成果三等奖以上不少于${o.papersOrPrizesPerYear}项`, 'provincial papers or provincial third prizes or better');
  const guidedLevel = GUIDED_LEVEL[level];
  if (guidedLevel) {
    const guided = (d.guidedTeachers ?? []).filter((g) => g.level === guidedLevel).length;
    const zhLevel = guidedLevel === 'municipal' ? '市级' : '区县级';
    need('guidedTeachers', guided, o.guidedTeachers, `指导${zhLevel}骨干教师不少于${o.guidedTeachers}名`, `${guidedLevel} backbone teachers guided`);
  }
  return out;
}
