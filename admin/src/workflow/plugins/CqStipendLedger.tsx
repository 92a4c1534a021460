import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableFooter from '@mui/material/TableFooter';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/FileDownload';
import DescriptionIcon from '@mui/icons-material/Description';
import { LinkBase } from 'ra-core';
import { Loading, Title, useNotify, usePermissions, useTranslate } from 'react-admin';
import { errorText, gql } from '../../api';
import { saveBase64 } from '../../excel/download';
import { useLocale } from '../../generated/fields';
import type { Metadata } from '../../meta';
import { pluginString, usePluginStrings } from '../../pluginStrings';
import { graphqlErrors } from '../common';

interface Ledger {
  year: number;
  total: number;
  teachers: { designationId: string; teacherName: string; schoolName: string; regionName: string; level: string; months: number; monthlyRate: number; amount: number }[];
  schools: { schoolId: string; schoolName: string; regionName: string; teachers: number; months: number; amount: number }[];
  districts: { regionId: string; regionName: string; schools: number; teachers: number; amount: number }[];
}

const QUERY = `query($y: Int!) { cqBackboneStipendLedger(year: $y) { year total
  teachers { designationId teacherName schoolName regionName level months monthlyRate amount }
  schools { schoolId schoolName regionName teachers months amount }
  districts { regionId regionName schools teachers amount } } }`;

export const ANNUAL_FORM = 'chongqing.backbone-annual-assessment';

/**
 * 重庆 BB-7: the backbone teachers' stipend ledger of a year (cqBackboneStipendLedger) by
 * teacher, school (the payer) and district, and its workbook (cqBackboneStipendLedgerXlsx).
 */
export default function CqStipendLedger() {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useLocale();
  const strings = usePluginStrings();
  const { permissions: m } = usePermissions<Metadata>();
  const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const [year, setYear] = useState(thisYear - 1);
  const [view, setView] = useState<'teachers' | 'schools' | 'districts'>('teachers');
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cq = (key: string, fallback: string) => pluginString(strings, 'chongqing', locale, key) ?? fallback;
  const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  useEffect(() => {
    setLedger(null);
    setError(null);
    gql<{ cqBackboneStipendLedger: Ledger }>(QUERY, { y: year })
      .then((d) => setLedger(d.cqBackboneStipendLedger))
      .catch((e) => setError(graphqlErrors(e).map(errorText).join('；')));
  }, [year]);

  const download = async () => {
    setBusy(true);
    try {
      const d = await gql<{ f: { filename: string; contentType: string; base64: string } }>(
        `query($y: Int!) { f: cqBackboneStipendLedgerXlsx(year: $y) { filename contentType base64 } }`,
        { y: year },
      );
      saveBase64(d.f.base64, d.f.filename, d.f.contentType);
    } catch (e) {
      notify(graphqlErrors(e).map(errorText).join('；'), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  if (!m) return <Loading />;
  const form = m.forms.find((f) => f.id === ANNUAL_FORM);
  const canExport = m.operations.has('cqBackboneStipendLedgerXlsx');
  const level = (l: string) => cq(`level.${l}`, l);
  const head = (cells: string[], numeric: number) =>
    cells.map((c, i) => <TableCell key={c} align={i >= cells.length - numeric ? 'right' : 'left'}>{c}</TableCell>);
  const district = translate('app.cq.district');
  const school = translate('app.cq.school');
  const amount = cq('field.amount', translate('app.cq.amount'));
  const months = cq('field.months', translate('app.cq.months'));
  const teachers = translate('app.cq.teachers');

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={cq('ledger.title', translate('app.cq.stipend_title'))} />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="h6" sx={{ flex: '1 1 auto' }}>{cq('ledger.title', translate('app.cq.stipend_title'))}</Typography>
          <TextField select size="small" label={translate('app.cq.year')} value={year} onChange={(e) => setYear(Number(e.target.value))} sx={{ width: 140 }}>
            {Array.from({ length: 7 }, (_, i) => thisYear - i).map((y) => <MenuItem key={y} value={y}>{y}</MenuItem>)}
          </TextField>
          {canExport && (
            <Button variant="outlined" startIcon={<DownloadIcon />} onClick={() => void download()} disabled={busy || !ledger} data-testid="stipend-xlsx">
              {cq('ledger.export', translate('app.excel.export'))}
            </Button>
          )}
          {form && (
            <Button startIcon={<DescriptionIcon />} component={LinkBase} to={`/forms/${encodeURIComponent(form.id)}`}>
              {locale === 'en' ? form.titleEn : form.titleZh}
            </Button>
          )}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{cq('rule.BB-7', '')}</Typography>
        {error && <Alert severity="error">{error}</Alert>}
        {!ledger && !error && <Loading />}
        {ledger && (
          <Box data-testid="stipend-ledger">
            <Typography variant="subtitle1" sx={{ mb: 1 }} data-testid="stipend-total">
              {translate('app.cq.total', { year: ledger.year, amount: money.format(ledger.total), teachers: ledger.teachers.length })}
            </Typography>
            <Tabs value={view} onChange={(_, v) => setView(v)} sx={{ mb: 1 }}>
              <Tab value="teachers" label={translate('app.cq.by_teacher')} />
              <Tab value="schools" label={translate('app.cq.by_school')} />
              <Tab value="districts" label={translate('app.cq.by_district')} />
            </Tabs>
            {!ledger.teachers.length ? (
              <Alert severity="info">{translate('app.cq.empty', { year: ledger.year })}</Alert>
            ) : (
              <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      {view === 'teachers' && head([district, school, translate('app.workflow.teacher'), cq('field.level', translate('app.cq.level')), months, cq('field.monthlyRate', translate('app.cq.rate')), amount], 3)}
                      {view === 'schools' && head([district, school, teachers, months, amount], 3)}
                      {view === 'districts' && head([district, translate('app.cq.schools'), teachers, amount], 3)}
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {view === 'teachers' &&
                      ledger.teachers.map((r) => (
                        <TableRow key={r.designationId}>
                          <TableCell>{r.regionName}</TableCell>
                          <TableCell>{r.schoolName}</TableCell>
                          <TableCell>{r.teacherName}</TableCell>
                          <TableCell>{level(r.level)}</TableCell>
                          <TableCell align="right">{r.months}</TableCell>
                          <TableCell align="right">{money.format(r.monthlyRate)}</TableCell>
                          <TableCell align="right">{money.format(r.amount)}</TableCell>
                        </TableRow>
                      ))}
                    {view === 'schools' &&
                      ledger.schools.map((r) => (
                        <TableRow key={r.schoolId}>
                          <TableCell>{r.regionName}</TableCell>
                          <TableCell>{r.schoolName}</TableCell>
                          <TableCell align="right">{r.teachers}</TableCell>
                          <TableCell align="right">{r.months}</TableCell>
                          <TableCell align="right">{money.format(r.amount)}</TableCell>
                        </TableRow>
                      ))}
                    {view === 'districts' &&
                      ledger.districts.map((r) => (
                        <TableRow key={r.regionId}>
                          <TableCell>{r.regionName}</TableCell>
                          <TableCell align="right">{r.schools}</TableCell>
                          <TableCell align="right">{r.teachers}</TableCell>
                          <TableCell align="right">{money.format(r.amount)}</TableCell>
                        </TableRow>
                      ))}
                  </TableBody>
                  <TableFooter>
                    <TableRow>
                      <TableCell colSpan={view === 'teachers' ? 6 : view === 'schools' ? 4 : 3} sx={{ fontWeight: 600 }}>{translate('app.workflow.total')}</TableCell>
                      <TableCell align="right" sx={{ fontWeight: 600 }}>{money.format(ledger.total)}</TableCell>
                    </TableRow>
                  </TableFooter>
                </Table>
              </TableContainer>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
