import { parseIdNumber } from '../domain/id-number.js';
import { Gender, ProfessionalTitle, Stage } from '../entities/enums.js';
import type { CellValue } from './xlsx-rows.js';

/**
 * The roster's columns and how one cell becomes a teacher field: pure functions, no
 * database (school, duplicate and scope checks are in teacher-import.ts). Every problem is
 * a message in Chinese and English.
 */
export type ImportField =
  | 'name' | 'idNumber' | 'schoolCode' | 'schoolName' | 'stage' | 'subject' | 'title' | 'hireDate' | 'phone' | 'rural' | 'isPrivate';

export interface ColumnDef {
  key: ImportField;
  /** Header in the template. */
  header: string;
  /** Other headers accepted for the column (compared without spaces, '*' and bracketed hints). */
  aliases: string[];
  required: boolean;
  /** Excel text format ('@'), so long digit strings stay text. */
  text?: boolean;
  width: number;
  example: string;
  noteZh: string;
}

export const STAGE_LABELS: Record<Stage, string> = {
  kindergarten: '幼儿园', primary: '小学', junior: '初中', senior: '高中', vocational: '职业教育', special: '特殊教育',
};

export const TITLE_LABELS: Record<ProfessionalTitle, string> = {
  none: '未评', third: '三级教师', second: '二级教师', first: '一级教师', associate_senior: '副高级教师', senior: '正高级教师',
};

export const COLUMNS: ColumnDef[] = [
  { key: 'name', header: '姓名', aliases: ['教师姓名', 'name'], required: true, width: 12, example: '张伟', noteZh: '必填，1–64 个字' },
  {
    key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '身份证', 'idnumber'], required: true, text: true, width: 22,
    example: '330110198503150012', noteZh: '必填，18 位居民身份证号（末位可为 X），须以文本格式填写；出生日期与性别由身份证号确定',
  },
  {
    key: 'schoolCode', header: '学校代码', aliases: ['学校编码', 'schoolcode'], required: false, text: true, width: 14, example: '',
    noteZh: '学校代码与学校名称至少填一项；两项都填时以代码为准且名称须一致；学校须在您的管辖范围内（见“学校列表”）',
  },
  { key: 'schoolName', header: '学校名称', aliases: ['学校', '所在学校', '任职学校', 'schoolname', 'school'], required: false, width: 24, example: '余杭区第一小学', noteZh: '同名学校有多所时请填写学校代码' },
  { key: 'stage', header: '学段', aliases: ['任教学段', 'stage'], required: true, width: 10, example: '小学', noteZh: `必填：${Object.values(STAGE_LABELS).join('、')}` },
  { key: 'subject', header: '学科', aliases: ['任教学科', 'subject'], required: true, width: 10, example: '语文', noteZh: '必填，1–32 个字' },
  { key: 'title', header: '职称', aliases: ['专业技术职称', 'title'], required: false, width: 12, example: '二级教师', noteZh: `选填：${Object.values(TITLE_LABELS).join('、')}；空白为未评` },
  { key: 'hireDate', header: '入职日期', aliases: ['参加工作时间', '参加工作日期', '入职时间', 'hiredate'], required: false, width: 12, example: '2010-09-01', noteZh: '选填，日期格式 YYYY-MM-DD（Excel 日期单元格也可）' },
  { key: 'phone', header: '手机号', aliases: ['手机', '手机号码', '联系电话', '电话', 'phone'], required: false, text: true, width: 14, example: '13812345678', noteZh: '选填，11 位手机号或带区号的固定电话' },
  { key: 'rural', header: '乡村教师', aliases: ['是否乡村教师', 'rural'], required: false, width: 10, example: '否', noteZh: '选填：是 / 否，空白为否' },
  { key: 'isPrivate', header: '民办', aliases: ['是否民办', '民办教师', 'isprivate', 'private'], required: false, width: 8, example: '否', noteZh: '选填：是 / 否，空白为否' },
];

const normHeader = (h: string) => h.replace(/[\s*＊]/g, '').replace(/[（(][^）)]*[）)]/g, '').toLowerCase();

const HEADER_INDEX = new Map<string, ImportField>();
for (const c of COLUMNS) for (const h of [c.header, ...c.aliases]) HEADER_INDEX.set(normHeader(h), c.key);

export const COLUMN_BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]));

export type HeaderMap = Partial<Record<ImportField, number>>;

/** The column index of each known header in a row, or null when the row is not a header row. */
export function matchHeader(cells: CellValue[]): HeaderMap | null {
  const map: HeaderMap = {};
  cells.forEach((c, i) => {
    if (typeof c !== 'string') return;
    const key = HEADER_INDEX.get(normHeader(c));
    if (key && map[key] === undefined) map[key] = i;
  });
  return map.name !== undefined && map.idNumber !== undefined ? map : null;
}

/** Required columns missing from a header row (zh and en names). */
export function missingColumns(map: HeaderMap): { zh: string[]; en: string[] } {
  const zh: string[] = [];
  const en: string[] = [];
  for (const c of COLUMNS) if (c.required && map[c.key] === undefined) (zh.push(c.header), en.push(c.key));
  if (map.schoolCode === undefined && map.schoolName === undefined) (zh.push('学校代码或学校名称'), en.push('schoolCode or schoolName'));
  return { zh, en };
}

// ---------------------------------------------------------------------------------------------

export interface RowProblem {
  field: ImportField | 'school';
  messageZh: string;
  messageEn: string;
}

/** A row as it will be written (school still to be resolved). */
export interface ParsedTeacher {
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  schoolCode: string | null;
  schoolName: string | null;
  stage: Stage;
  subject: string;
  title: ProfessionalTitle;
  hireDate: string | null;
  phone: string | null;
  rural: boolean;
  isPrivate: boolean;
}

const text = (v: CellValue | undefined): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v.trim();
};

function lookup<T extends string>(labels: Record<T, string>, extra: Record<string, T>): Map<string, T> {
  const m = new Map<string, T>();
  for (const [k, v] of Object.entries(labels) as [T, string][]) (m.set(k.toLowerCase(), k), m.set(v, k));
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  return m;
}

const STAGES = lookup(STAGE_LABELS, {
  学前: Stage.kindergarten, 学前教育: Stage.kindergarten, 幼教: Stage.kindergarten, 初级中学: Stage.junior, 高级中学: Stage.senior,
  普通高中: Stage.senior, 中职: Stage.vocational, 职高: Stage.vocational, 中等职业教育: Stage.vocational, 特教: Stage.special,
});

const TITLES = lookup(TITLE_LABELS, {
  无: ProfessionalTitle.none, 未定级: ProfessionalTitle.none, 未评级: ProfessionalTitle.none, 三级: ProfessionalTitle.third,
  二级: ProfessionalTitle.second, 一级: ProfessionalTitle.first, 副高级: ProfessionalTitle.associate_senior, 副高: ProfessionalTitle.associate_senior,
  高级教师: ProfessionalTitle.associate_senior, 中学高级教师: ProfessionalTitle.associate_senior, 小学高级教师: ProfessionalTitle.first,
  中学一级教师: ProfessionalTitle.first, 中学二级教师: ProfessionalTitle.second, 中学三级教师: ProfessionalTitle.third,
  小学一级教师: ProfessionalTitle.second, 小学二级教师: ProfessionalTitle.third, 正高级: ProfessionalTitle.senior, 正高: ProfessionalTitle.senior,
});

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '乡村', '民办']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '']);

const ID_ERRORS = {
  format: ['身份证号格式不正确，须为 18 位（末位可为 X）', 'The ID number must be 17 digits and a check character (0-9 or X)'],
  birthDate: ['身份证号中的出生日期无效', 'The birth date in the ID number is invalid'],
  checkDigit: ['身份证号校验位错误', 'The ID number check digit is wrong'],
} as const;

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return isoDay(date);
}

/** An Excel date cell (serial number), or text as YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYYMMDD or YYYY年M月D日. */
export function parseDay(v: CellValue): string | null {
  if (typeof v === 'number') {
    if (v >= 19_000_000 && v <= 21_001_231 && Number.isInteger(v)) return validDay(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
    if (v < 1 || v > 2_958_465) return null;
    return isoDay(new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000));
  }
  const s = text(v);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(s);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

function addYears(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
}

/**
 * One data row: the teacher it describes, or its problems. `today` is YYYY-MM-DD (China
 * time) for the "not in the future" checks.
 */
const cellOf = (cells: CellValue[], map: HeaderMap, k: ImportField): CellValue => {
  const i = map[k];
  return i === undefined ? null : (cells[i] ?? null);
};

/** Characters, counting a character outside the BMP once. */
const charCount = (s: string) => (s.length <= 32 ? s.length : [...s].length);

const problem = (field: RowProblem['field'], messageZh: string, messageEn: string): RowProblem => ({ field, messageZh, messageEn });

/** Dates repeat down a roster (hire dates of a school year): parse each text once. */
const dayMemo = new Map<string, string | null>();
function memoDay(v: CellValue): string | null {
  if (typeof v !== 'string') return parseDay(v);
  let d = dayMemo.get(v);
  if (d === undefined) {
    if (dayMemo.size > 20_000) dayMemo.clear();
    dayMemo.set(v, (d = parseDay(v)));
  }
  return d;
}

function flagOf(v: CellValue, k: 'rural' | 'isPrivate', zh: string, problems: RowProblem[]): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  const s = text(v).toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  problems.push(problem(k, `${zh}须填“是”或“否”（实际“${text(v)}”）`, `${k} must be 是 (yes) or 否 (no) (got "${text(v)}")`));
  return false;
}

const MOBILE = /^(\+?86)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
const PHONE_NOISE = /[\s()（）]/g;
const SPACES = /\s/g;

/**
 * One data row: the teacher it describes, or its problems (and the ID number when that
 * one is valid, for the duplicate checks). `today` is YYYY-MM-DD (China time) for the
 * "not in the future" checks.
 */
export function parseTeacherRow(
  cells: CellValue[],
  map: HeaderMap,
  today: string,
): { teacher?: ParsedTeacher; problems: RowProblem[]; idNumber?: string } {
  const problems: RowProblem[] = [];

  const name = text(cellOf(cells, map, 'name'));
  if (!name) problems.push(problem('name', '姓名不能为空', 'name must not be empty'));
  else if (charCount(name) > 64) problems.push(problem('name', `姓名最多 64 个字（实际 ${charCount(name)}）`, `name must be at most 64 characters (got ${charCount(name)})`));

  const rawId = cellOf(cells, map, 'idNumber');
  let idNumber = '';
  let gender = Gender.male;
  let birthDate = '';
  if (typeof rawId === 'number') {
    problems.push(problem('idNumber', '身份证号被 Excel 存成了数字（末几位已丢失），请把该列设为文本格式后重新填写',
      'The ID number was stored by Excel as a number (its last digits are lost): format the column as text and enter it again'));
  } else {
    idNumber = text(rawId);
    if (idNumber.length !== 18 || idNumber.charCodeAt(17) === 120) idNumber = idNumber.replace(SPACES, '').toUpperCase();
    if (!idNumber) problems.push(problem('idNumber', '身份证号不能为空', 'idNumber must not be empty'));
    else {
      const info = parseIdNumber(idNumber);
      if ('error' in info) problems.push(problem('idNumber', `${ID_ERRORS[info.error][0]}（${idNumber}）`, `${ID_ERRORS[info.error][1]} (${idNumber})`));
      else {
        gender = info.gender as Gender;
        birthDate = info.birthDate;
      }
    }
  }

  const schoolCode = text(cellOf(cells, map, 'schoolCode')) || null;
  const schoolName = text(cellOf(cells, map, 'schoolName')) || null;
  if (!schoolCode && !schoolName) problems.push(problem('school', '学校代码和学校名称不能都为空', 'Give the school code or the school name'));

  const stageText = text(cellOf(cells, map, 'stage'));
  const stage = STAGES.get(stageText) ?? STAGES.get(stageText.toLowerCase());
  if (!stageText) problems.push(problem('stage', '学段不能为空', 'stage must not be empty'));
  else if (!stage)
    problems.push(problem('stage', `学段须为以下之一：${Object.values(STAGE_LABELS).join('、')}（实际“${stageText}”）`, `stage must be one of: ${Object.keys(STAGE_LABELS).join(', ')} (got "${stageText}")`));

  const subject = text(cellOf(cells, map, 'subject'));
  if (!subject) problems.push(problem('subject', '学科不能为空', 'subject must not be empty'));
  else if (charCount(subject) > 32) problems.push(problem('subject', `学科最多 32 个字（实际 ${charCount(subject)}）`, `subject must be at most 32 characters (got ${charCount(subject)})`));

  const titleText = text(cellOf(cells, map, 'title'));
  const title = titleText ? (TITLES.get(titleText) ?? TITLES.get(titleText.toLowerCase())) : ProfessionalTitle.none;
  if (!title)
    problems.push(problem('title', `职称须为以下之一：${Object.values(TITLE_LABELS).join('、')}（实际“${titleText}”）`, `title must be one of: ${Object.keys(TITLE_LABELS).join(', ')} (got "${titleText}")`));

  const hireRaw = cellOf(cells, map, 'hireDate');
  let hireDate: string | null = null;
  if (hireRaw !== null && hireRaw !== '' && text(hireRaw) !== '') {
    hireDate = memoDay(hireRaw);
    if (!hireDate) problems.push(problem('hireDate', `入职日期无效，请用 YYYY-MM-DD 格式（实际“${text(hireRaw)}”）`, `hireDate is not a valid date, use YYYY-MM-DD (got "${text(hireRaw)}")`));
    else if (hireDate > today) problems.push(problem('hireDate', `入职日期不能晚于今天（${hireDate}）`, `hireDate must not be in the future (${hireDate})`));
    else if (birthDate && hireDate < addYears(birthDate, 16))
      problems.push(problem('hireDate', `入职日期 ${hireDate} 早于年满 16 周岁（出生日期 ${birthDate}）`, `hireDate ${hireDate} is before the 16th birthday (born ${birthDate})`));
  }

  let phone: string | null = text(cellOf(cells, map, 'phone'));
  if (phone.length !== 11) phone = phone.replace(PHONE_NOISE, '');
  if (!phone) phone = null;
  else if (MOBILE.test(phone)) phone = phone.slice(-11);
  else if (!LANDLINE.test(phone))
    problems.push(problem('phone', `手机号格式不正确（实际“${phone}”）`, `phone must be an 11-digit mobile number or a landline with area code (got "${phone}")`));

  const rural = flagOf(cellOf(cells, map, 'rural'), 'rural', '乡村教师', problems);
  const isPrivate = flagOf(cellOf(cells, map, 'isPrivate'), 'isPrivate', '民办', problems);

  const validId = birthDate ? idNumber : undefined;
  if (problems.length) return { problems, idNumber: validId };
  return {
    problems,
    idNumber: validId,
    teacher: { name, idNumber, gender, birthDate, schoolCode, schoolName, stage: stage!, subject, title: title!, hireDate, phone, rural, isPrivate },
  };
}

/** Header label of a problem's field (the error workbook and the job's error list). */
export function columnLabel(field: RowProblem['field']): string {
  if (field === 'school') return '学校';
  return COLUMN_BY_KEY.get(field)?.header ?? field;
}
