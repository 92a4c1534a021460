import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { LinkBase } from 'ra-core';
import { Loading, Title, useBlocker, useGetList, usePermissions, useTranslate } from 'react-admin';
import { errorText } from '../../api';
import { useLocale } from '../../generated/fields';
import { choicesOf, type Metadata } from '../../meta';
import { graphqlErrors } from '../common';
import { AssessmentTable } from './AssessmentTable';
import { AttendanceGrid, unsavedCells, type Drafts } from './AttendanceGrid';
import { CreditsPanel } from './CreditsPanel';
import { loadClass, type ClassData } from './data';

type TabName = 'attendance' | 'assessment' | 'credits';

/** Picks a class of the caller's scope by name (the Class list's search). */
function ClassPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const translate = useTranslate();
  const [q, setQ] = useState('');
  const { data = [], isPending } = useGetList('Class', { pagination: { page: 1, perPage: 20 }, sort: { field: 'startDate', order: 'DESC' }, filter: q ? { q } : {} });
  const options = data.map((c) => ({ id: String(c.id), label: `${c.name}（${c.startDate} ~ ${c.endDate}）` }));
  const selected = options.find((o) => o.id === value) ?? (value ? { id: value, label: `#${value}` } : null);
  return (
    <Autocomplete
      sx={{ minWidth: 360, flex: 1, maxWidth: 640 }}
      options={options}
      loading={isPending}
      value={selected}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      filterOptions={(x) => x}
      onInputChange={(_, v, reason) => reason === 'input' && setQ(v)}
      onChange={(_, v) => onChange(v?.id ?? null)}
      renderInput={(params) => <TextField {...params} label={translate('app.delivery.pick_class')} slotProps={{ htmlInput: { ...params.inputProps, 'data-testid': 'class-picker' } }} />}
    />
  );
}

/**
 * Running a class (班期): attendance per session as a grid, grades and make-ups, and the
 * class's credits — for the institution that runs it (a bureau may grant credits and read).
 */
export default function ClassDelivery() {
  const translate = useTranslate();
  const locale = useLocale();
  const { permissions: m } = usePermissions<Metadata>();
  const [params, setParams] = useSearchParams();
  const classId = params.get('class');
  const tab = (params.get('tab') as TabName | null) ?? 'attendance';
  const [data, setData] = useState<ClassData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Drafts>({});
  const unsaved = data ? unsavedCells(data, drafts) : 0;

  // Typed attendance is not lost by accident: leaving the page asks first.
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved > 0]);
  // And so does leaving it inside the console (the menu, a link); changing class or tab asks below.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsaved > 0 && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(translate('app.delivery.leave', { count: unsaved }))) blocker.proceed();
    else blocker.reset();
  }, [blocker.state]);

  const load = useCallback(() => {
    setError(null);
    if (!classId) return setData(null);
    loadClass(classId, locale)
      .then(setData)
      .catch((e) => setError(graphqlErrors(e).map(errorText).join('；')));
  }, [classId]);
  useEffect(() => {
    setData(null);
    setDrafts({});
    load();
  }, [load]);

  if (!m) return <Loading />;
  const canRecord = m.operations.has('recordAttendance');
  const canAssess = m.operations.has('recordAssessment');
  const canGrant = m.operations.has('grantClassCredits');
  const statusLabel = (s: string) => choicesOf(m.byName.Class?.fields.find((f) => f.name === 'status')?.enumValues).find((c) => c.id === s)?.name ?? s;
  const go = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v === null) p.delete(k); else p.set(k, v);
    setParams(p, { replace: true });
  };
  const editable = data ? data.cls.status !== 'cancelled' : false;

  return (
    // width 0 + min-width 100%: the card takes the page's width and the grid scrolls inside it,
    // instead of the grid's width stretching the whole page.
    <Card sx={{ mt: 2, width: 0, minWidth: '100%' }}>
      <Title title={translate('app.delivery.title')} />
      <CardContent>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { md: 'center' } }}>
          <ClassPicker value={classId} onChange={(id) => (!unsaved || window.confirm(translate('app.delivery.discard', { count: unsaved }))) && go({ class: id })} />
          {data && (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
              <Chip size="small" label={statusLabel(data.cls.status)} color={data.cls.status === 'cancelled' ? 'default' : 'primary'} variant="outlined" />
              <Typography variant="body2" color="text.secondary">
                {data.cls.startDate} ~ {data.cls.endDate} · {translate('app.delivery.trainees_n', { count: data.trainees.length })} · {translate('app.delivery.sessions_n', { count: data.sessions.length })}
              </Typography>
              {data.cls.project && (
                <Typography variant="body2" component={LinkBase} to={`/Project/${data.cls.project.id}/show`} sx={{ color: 'primary.main' }}>
                  {data.cls.project.name}
                </Typography>
              )}
            </Stack>
          )}
        </Stack>
        {!classId && <Alert severity="info">{translate('app.delivery.pick_hint')}</Alert>}
        {error && <Alert severity="error">{error}</Alert>}
        {classId && !data && !error && <Loading />}
        {data && (
          <Box data-testid="class-delivery">
            {data.cls.status === 'cancelled' && <Alert severity="warning" sx={{ mb: 1 }}>{translate('app.delivery.cancelled')}</Alert>}
            <Tabs value={tab} onChange={(_, v: TabName) => go({ tab: v })} sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}>
              <Tab value="attendance" label={unsaved ? `${translate('app.delivery.attendance')} (${unsaved})` : translate('app.delivery.attendance')} data-testid="tab-attendance" />
              <Tab value="assessment" label={translate('app.delivery.assessment')} data-testid="tab-assessment" />
              <Tab value="credits" label={translate('app.delivery.credits')} data-testid="tab-credits" />
            </Tabs>
            {tab === 'attendance' && (
              <AttendanceGrid
                data={data}
                drafts={drafts}
                setDrafts={setDrafts}
                editable={editable && canRecord}
                onSaved={(sessionId, rows) =>
                  setData((d) =>
                    d && {
                      ...d,
                      trainees: d.trainees.map((t) => {
                        const r = rows.find((x) => x.enrollmentId === t.id);
                        if (!r) return t;
                        const others = t.attendance.filter((a) => String(a.sessionId) !== String(sessionId));
                        return { ...t, attendance: [...others, { id: `${t.id}:${sessionId}`, sessionId, hoursAttended: r.hoursAttended, status: r.status }] };
                      }),
                    },
                  )
                }
              />
            )}
            {tab === 'assessment' && (
              <AssessmentTable
                data={data}
                editable={editable && canAssess}
                onSaved={(enrollmentId, row) =>
                  setData((d) => d && { ...d, trainees: d.trainees.map((t) => (t.id === enrollmentId ? { ...t, assessments: [...t.assessments, row] } : t)) })
                }
              />
            )}
            {tab === 'credits' && <CreditsPanel data={data} canGrant={editable && canGrant} />}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
