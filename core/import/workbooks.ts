import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { COLUMNS, STAGE_LABELS, TITLE_LABELS, matchHeader, type ImportField } from './teacher-columns.js';
import { MAX_ROWS, errorRows } from './teacher-import.js';
import type { CellValue } from './xlsx-rows.js';

/** The roster template and the error workbook (exceljs). */

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFC00000' } };
const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

const col = (i: number) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export interface TemplateSchool {
  code: string | null;
  name: string;
  regionId: string;
  regionName: string | null;
}

/** 教师名单 (the sheet to fill), 填写说明 (instructions), 学校列表 (schools the importer may import into). */
export async function writeTemplate(out: Writable, schools: TemplateSchool[], schoolsTruncated: boolean): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训管理平台';
  wb.created = new Date();

  const ws = wb.addWorksheet('教师名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = HEADER_FILL;
    cell.font = c.required ? REQUIRED_FONT : { bold: true };
    cell.note = `${c.required ? '【必填】' : '【选填】'}${c.noteZh}`;
    const column = ws.getColumn(i + 1);
    if (c.text) column.numFmt = '@';
    if (c.key === 'hireDate') column.numFmt = 'yyyy-mm-dd';
  });
  // Drop-down lists on the first 10,000 rows (a range per column; longer ranges slow some readers down).
  const last = Math.min(MAX_ROWS, 10_000) + 1;
  const list = (key: ImportField, values: string[]) => {
    const i = COLUMNS.findIndex((c) => c.key === key);
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${col(i)}2:${col(i)}${last}`, {
      type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`], showErrorMessage: true,
      errorTitle: '请从列表中选择', error: `可选：${values.join('、')}`,
    });
  };
  list('stage', Object.values(STAGE_LABELS));
  list('title', Object.values(TITLE_LABELS));
  list('rural', ['是', '否']);
  list('isPrivate', ['是', '否']);

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 14 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'note', width: 80 },
    { header: '示例', key: 'example', width: 22 },
  ];
  help.getRow(1).font = { bold: true };
  help.getRow(1).fill = HEADER_FILL;
  for (const c of COLUMNS) help.addRow({ header: c.header, required: c.required ? '必填' : '选填', note: c.noteZh, example: c.example });
  help.getColumn('example').numFmt = '@';
  help.addRow([]);
  for (const line of [
    '1. 在“教师名单”工作表中从第 2 行起每行填写一名教师，请勿修改或删除表头行。',
    `2. 每个文件最多 ${MAX_ROWS.toLocaleString('en-US')} 行；性别与出生日期由身份证号确定，无需填写。`,
    '3. 身份证号、学校代码、手机号列已设为文本格式；从其他表格粘贴时请选择“只粘贴值”，以免 18 位号码被 Excel 改成科学计数法。',
    '4. 上传后系统先校验全部行，校验有错误时不会导入任何数据；可下载错误清单修改后重新上传，或选择“仅导入正确的行”。',
    '5. 同一身份证号在文件中只能出现一次，且不能是系统中已登记的教师。',
    '6. 学校须在您的管辖范围内：学校管理员只能导入本校教师，教育行政部门可导入辖区内学校的教师（见“学校列表”）。',
  ]) help.addRow([line]);

  const sl = wb.addWorksheet('学校列表');
  sl.columns = [
    { header: '学校代码', key: 'code', width: 16 },
    { header: '学校名称', key: 'name', width: 32 },
    { header: '行政区划代码', key: 'regionId', width: 14 },
    { header: '行政区划', key: 'regionName', width: 16 },
  ];
  sl.getRow(1).font = { bold: true };
  sl.getRow(1).fill = HEADER_FILL;
  sl.getColumn('code').numFmt = '@';
  for (const s of schools) sl.addRow({ code: s.code ?? '', name: s.name, regionId: s.regionId, regionName: s.regionName ?? '' });
  if (schoolsTruncated) sl.addRow(['', `（仅列出前 ${schools.length} 所学校）`]);

  await wb.xlsx.write(out);
}

/**
 * Every invalid row as uploaded (row number first), the problems in Chinese and English
 * in the last two columns, and the cells at fault filled red. Streams row by row.
 */
export async function writeErrorWorkbook(out: Writable, errorsFile: string, headerCells: CellValue[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('错误行', { views: [{ state: 'frozen', ySplit: 1 }] });
  const width = headerCells.length;
  const headers = ['原行号', ...Array.from({ length: width }, (_, i) => (headerCells[i] == null || headerCells[i] === '' ? `列${i + 1}` : String(headerCells[i]))), '错误说明', 'Errors'];
  ws.columns = headers.map((h, i) => ({ header: h, width: i === 0 ? 8 : i > width ? 60 : 16 }));
  // No column styles: exceljs would register a style for every cell of the column (slow); text stays text anyway.
  const map = matchHeader(headerCells) ?? {};
  const headerRow = ws.getRow(1);
  headerRow.font = { bold: true };
  headerRow.fill = HEADER_FILL;
  headerRow.commit();
  const fieldColumns = (field: string): number[] => {
    if (field === 'school') return [map.schoolCode, map.schoolName].filter((i): i is number => i !== undefined);
    const i = map[field as ImportField];
    return i === undefined ? [] : [i];
  };
  for await (const e of errorRows(errorsFile)) {
    const cells = Array.from({ length: width }, (_, i) => e.c[i] ?? null);
    const row = ws.addRow([
      e.r, ...cells, e.e.map(([, column, zh]) => `${column}：${zh}`).join('；'), e.e.map(([field, , , en]) => `${field}: ${en}`).join('; '),
    ]);
    for (const [field] of e.e) for (const i of fieldColumns(field)) row.getCell(i + 2).fill = ERROR_FILL;
    row.commit();
  }
  ws.commit();
  await wb.commit();
}
