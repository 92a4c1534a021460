import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Loading, Title, useGetList, useGetOne, usePermissions, useTranslate } from 'react-admin';
import { errorText, gql } from '../api';
import { useLocale } from '../generated/fields';
import { choicesOf, type Metadata } from '../meta';
import { graphqlErrors } from './common';

interface Ledger {
  teacherId: string;
  cycleName: string;
  startYear: number;
  endYear: number;
  totalCredits: number;
  totalHours: number;
  byYear: { year: number; credits: number; hours: number }[];
  records: { id: string; year: number; credits: number; hours: number; source: string; reason: string | null; evidence: string | null; createdAt: string }[];
}

/** A teacher's credits over one five-year cycle (teacherLedger): totals, each year, each record. */
export default function Transcript() {
  const translate = useTranslate();
  const locale = useLocale();
  const { permissions: m } = usePermissions<Metadata>();
  const own = m?.me.teacherId ?? null;
  const [teacher, setTeacher] = useState<{ id: string; name: string } | null>(null);
  const [q, setQ] = useState('');
  const [cycleId, setCycleId] = useState<string>('');
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [error, setError] = useState<string | null>(null);
  const teachers = useGetList('Teacher', { pagination: { page: 1, perPage: 20 }, filter: q ? { q } : {} }, { enabled: !own });
  const cycles = useGetList('Cycle', { pagination: { page: 1, perPage: 50 }, sort: { field: 'startYear', order: 'DESC' } });
  const teacherId = own ?? teacher?.id ?? null;
  // Opened from a teacher's page: /transcript?teacher=<id>.
  const [params] = useSearchParams();
  const asked = params.get('teacher');
  const askedTeacher = useGetOne('Teacher', { id: asked ?? '' }, { enabled: !own && !!asked });
  useEffect(() => {
    if (askedTeacher.data && (!teacher || teacher.id !== String(askedTeacher.data.id)))
      setTeacher({ id: String(askedTeacher.data.id), name: String(askedTeacher.data.name) });
  }, [askedTeacher.data]);

  useEffect(() => {
    if (cycleId || !cycles.data?.length) return;
    const year = new Date().getFullYear();
    setCycleId(String((cycles.data.find((c) => c.startYear <= year && year <= c.endYear) ?? cycles.data[0])!.id));
  }, [cycles.data, cycleId]);

  useEffect(() => {
    setLedger(null);
    setError(null);
    if (!teacherId || !cycleId) return;
    gql<{ teacherLedger: Ledger }>(
      `query($t: ID!, $c: ID!) { teacherLedger(teacherId: $t, cycleId: $c) {
        teacherId cycleName startYear endYear totalCredits totalHours byYear { year credits hours }
        records { id year credits hours source reason evidence createdAt } } }`,
      { t: teacherId, c: cycleId },
    )
      .then((d) => setLedger(d.teacherLedger))
      .catch((e) => setError(graphqlErrors(e).map(errorText).join('；')));
  }, [teacherId, cycleId]);

  const sources = useMemo(() => Object.fromEntries(choicesOf(m?.byName.CreditRecord?.fields.find((f) => f.name === 'source')?.enumValues).map((c) => [c.id, c.name])), [m, locale]);
  if (!m) return <Loading />;
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const maxYear = Math.max(1, ...(ledger?.byYear.map((y) => y.credits) ?? [1]));
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('app.workflow.transcript')} />
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
          {!own && (
            <Autocomplete
              sx={{ minWidth: 280 }}
              options={[
                ...(teacher && !(teachers.data ?? []).some((t) => String(t.id) === teacher.id) ? [teacher] : []),
                ...(teachers.data ?? []).map((t) => ({ id: String(t.id), name: String(t.name) })),
              ]}
              getOptionLabel={(o) => o.name}
              isOptionEqualToValue={(a, b) => a.id === b.id}
              value={teacher}
              onChange={(_, v) => setTeacher(v)}
              onInputChange={(_, v) => setQ(v)}
              filterOptions={(x) => x}
              renderInput={(params) => <TextField {...params} label={translate('app.workflow.teacher')} />}
            />
          )}
          <TextField select label={m.byName.Cycle ? (locale === 'en' ? m.byName.Cycle.labelEn : m.byName.Cycle.labelZh) : 'Cycle'} value={cycleId} onChange={(e) => setCycleId(e.target.value)} sx={{ minWidth: 240 }}>
            {(cycles.data ?? []).map((c) => (
              <MenuItem key={c.id} value={String(c.id)}>{String(c.name)}</MenuItem>
            ))}
          </TextField>
        </Stack>
        {error && <Alert severity="error">{error}</Alert>}
        {teacherId && !ledger && !error && <Loading />}
        {ledger && (
          <Box data-testid="ledger">
            <Typography variant="h6">
              {ledger.cycleName}：{translate('app.workflow.total')} {num.format(ledger.totalCredits)} {locale === 'en' ? 'credits' : '学分'} / {num.format(ledger.totalHours)} {locale === 'en' ? 'hours' : '学时'}
            </Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(5, 1fr)', gap: 2, my: 2 }}>
              {ledger.byYear.map((y) => (
                <Box key={y.year}>
                  <Typography variant="body2" color="text.secondary">{y.year}</Typography>
                  <Typography variant="subtitle1">{num.format(y.credits)}</Typography>
                  <LinearProgress variant="determinate" value={(100 * y.credits) / maxYear} />
                </Box>
              ))}
            </Box>
            <Table size="small">
              <TableHead>
                <TableRow>
                  {['year', 'source', 'credits', 'hours', 'reason', 'createdAt'].map((f) => {
                    const meta = m.byName.CreditRecord?.fields.find((x) => x.name === f);
                    return <TableCell key={f}>{meta ? (locale === 'en' ? meta.labelEn : meta.labelZh) : f}</TableCell>;
                  })}
                </TableRow>
              </TableHead>
              <TableBody>
                {ledger.records.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>{r.year}</TableCell>
                    <TableCell>{sources[r.source] ?? r.source}</TableCell>
                    <TableCell>{num.format(r.credits)}</TableCell>
                    <TableCell>{num.format(r.hours)}</TableCell>
                    <TableCell>{r.reason ?? ''}</TableCell>
                    <TableCell>{new Date(r.createdAt).toLocaleDateString(locale)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
