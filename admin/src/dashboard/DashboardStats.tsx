import { useCallback, useEffect, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { EChartsCoreOption } from 'echarts/core';
import { useNotify, usePermissions, useTranslate } from 'react-admin';
import { errorText, gql } from '../api';
import { Chart } from '../charts/Chart';
import { useLocale } from '../generated/fields';
import type { Metadata } from '../meta';
import { graphqlErrors } from '../workflow/common';

interface District { id: string; name: string; teachers: number; credits: number; creditsPerTeacher: number; audited: number; passed: number; passedPercent: number }
interface Day { date: string; total: number; approved: number; pending: number; rejected: number; withdrawn: number }
interface Satisfaction { institutionId: string; institutionName: string; count: number; ratePercent: number; average: number }
interface Metric {
  id: string; labelZh: string; labelEn: string; value: number | null; target: number; comparator: string; unit: string; met: boolean | null;
  numerator: number; denominator: number; noteZh: string; noteEn: string;
}
interface CycleInfo { id: string; name: string; startYear: number; endYear: number }
export interface DashboardData {
  regionId: string | null;
  regionName: string | null;
  today: string;
  cycle: CycleInfo | null;
  completionBy: 'district' | 'school';
  districts: District[];
  selections: { round: number | null; from: string | null; to: string | null; total: number; days: Day[] };
  satisfaction: Satisfaction[];
  satisfactionThreshold: number;
  capacity: Metric[];
}

const QUERY = `query Dashboard($cycleId: ID) {
  cycles: allCycles(perPage: 50, sortField: "startYear", sortOrder: "DESC") { id name startYear endYear }
  dashboard(cycleId: $cycleId) {
    regionId regionName today cycle { id name startYear endYear }
    completionBy districts { id name teachers credits creditsPerTeacher audited passed passedPercent }
    selections { round from to total days { date total approved pending rejected withdrawn } }
    satisfaction { institutionId institutionName count ratePercent average } satisfactionThreshold
    capacity { id labelZh labelEn value target comparator unit met numerator denominator noteZh noteEn }
  }
}`;

const COLORS = { bar: '#1976d2', line: '#ef6c00', approved: '#2e7d32', pending: '#ed6c02', rejected: '#d32f2f', withdrawn: '#9e9e9e', threshold: '#d32f2f' };

function Section({ title, subtitle, action, children, testId }: { title: string; subtitle?: string; action?: React.ReactNode; children: React.ReactNode; testId: string }) {
  return (
    <Card data-testid={testId} sx={{ height: '100%' }}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', justifyContent: 'space-between', flexWrap: 'wrap', rowGap: 1, mb: 1 }}>
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{title}</Typography>
            {subtitle && <Typography variant="body2" color="text.secondary">{subtitle}</Typography>}
          </Box>
          {action}
        </Stack>
        {children}
      </CardContent>
    </Card>
  );
}

const Empty = ({ text }: { text: string }) => (
  <Box sx={{ height: 160, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
    <Typography color="text.secondary">{text}</Typography>
  </Box>
);

/** C-2/C-13: credits per teacher (bars) and the share whose latest audit passed (line), per district. */
function completionOption(d: DashboardData, t: (k: string, o?: Record<string, unknown>) => string, fmt: Intl.NumberFormat): EChartsCoreOption {
  const many = d.districts.length > 12;
  return {
    grid: { left: 48, right: 48, top: 40, bottom: many ? 86 : 48 },
    legend: { top: 0, data: [t('app.dash.credits_per_teacher'), t('app.dash.passed_share')] },
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number }[]) => {
        const x = d.districts[items[0]!.dataIndex]!;
        return [
          `<b>${x.name}</b>`,
          `${t('app.dash.teachers')}：${fmt.format(x.teachers)}`,
          `${t('app.dash.credits_per_teacher')}：${fmt.format(x.creditsPerTeacher)}`,
          `${t('app.dash.audited')}：${fmt.format(x.audited)}`,
          `${t('app.dash.passed_share')}：${fmt.format(x.passedPercent)}%（${fmt.format(x.passed)}）`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: d.districts.map((x) => x.name), axisLabel: { interval: 0, rotate: many ? 40 : 0, ...(many ? { width: 120, overflow: 'truncate' } : {}) } },
    yAxis: [
      { type: 'value', name: t('app.dash.credits_axis'), nameTextStyle: { align: 'left' } },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    dataZoom: d.districts.length > 24 ? [{ type: 'slider', height: 16, bottom: 4, startValue: 0, endValue: 23 }] : [],
    series: [
      { name: t('app.dash.credits_per_teacher'), type: 'bar', data: d.districts.map((x) => x.creditsPerTeacher), itemStyle: { color: COLORS.bar }, barMaxWidth: 36 },
      { name: t('app.dash.passed_share'), type: 'line', yAxisIndex: 1, data: d.districts.map((x) => x.passedPercent), itemStyle: { color: COLORS.line }, symbolSize: 7 },
    ],
  };
}

function selectionsOption(d: DashboardData, t: (k: string) => string): EChartsCoreOption {
  const days = d.selections.days;
  const series = (['approved', 'pending', 'rejected', 'withdrawn'] as const).map((k) => ({
    name: t(`app.dash.status.${k}`), type: 'bar', stack: 'all', data: days.map((x) => x[k]), itemStyle: { color: COLORS[k] }, barMaxWidth: 18,
  }));
  return {
    grid: { left: 40, right: 16, top: 36, bottom: 36 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((x) => x.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  };
}

function satisfactionOption(d: DashboardData, t: (k: string, o?: Record<string, unknown>) => string, fmt: Intl.NumberFormat): EChartsCoreOption {
  const rows = [...d.satisfaction].reverse();
  return {
    grid: { left: 8, right: 96, top: 22, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const x = rows[items[0]!.dataIndex]!;
        return `<b>${x.institutionName}</b><br/>${t('app.dash.rate')}：${fmt.format(x.ratePercent)}%<br/>${t('app.dash.average')}：${fmt.format(x.average)}<br/>${t('app.dash.evaluations')}：${fmt.format(x.count)}`;
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((x) => x.institutionName), axisLabel: { width: 170, overflow: 'truncate' } },
    series: [
      {
        name: t('app.dash.rate'), type: 'bar', barMaxWidth: 18,
        data: rows.map((x) => ({ value: x.ratePercent, itemStyle: { color: x.ratePercent < d.satisfactionThreshold ? COLORS.rejected : COLORS.approved } })),
        label: {
          show: true, position: 'right', color: '#555',
          formatter: (p: { dataIndex: number }) => `${fmt.format(rows[p.dataIndex]!.ratePercent)}% · ${t('app.dash.average_short', { value: fmt.format(rows[p.dataIndex]!.average) })}`,
        },
        markLine: {
          symbol: 'none', silent: true, lineStyle: { color: COLORS.threshold, type: 'dashed' },
          label: { formatter: t('app.dash.threshold', { value: d.satisfactionThreshold }), position: 'end', color: COLORS.threshold, distance: 4 },
          data: [{ xAxis: d.satisfactionThreshold }],
        },
      },
    ],
  };
}

function MetricTile({ m, en, fmt }: { m: Metric; en: boolean; fmt: Intl.NumberFormat }) {
  const translate = useTranslate();
  const color = m.met === null ? 'default' : m.met ? 'success' : 'error';
  const value = m.value === null ? '—' : `${fmt.format(m.value)}${m.unit}`;
  // Progress toward the target: ≥ targets fill as the value rises, ≤ targets show the room left.
  const progress = m.value === null ? 0 : m.comparator === '>=' ? Math.min(100, (100 * m.value) / m.target) : Math.min(100, (100 * m.value) / Math.max(m.target, 1e-9));
  return (
    <Box data-testid={`metric-${m.id}`} data-met={m.met === null ? 'none' : String(m.met)} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, display: 'flex', flexDirection: 'column', gap: 0.75 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="caption" color="text.secondary" sx={{ fontWeight: 600 }}>{m.id}</Typography>
        <Chip size="small" color={color} label={m.met === null ? translate('app.dash.no_data') : m.met ? translate('app.dash.met') : translate('app.dash.not_met')} />
      </Stack>
      <Typography variant="body2" sx={{ fontWeight: 600, minHeight: 40 }}>{en ? m.labelEn : m.labelZh}</Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
        <Typography variant="h5" color={m.met === false ? 'error.main' : m.met ? 'success.main' : 'text.secondary'}>{value}</Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('app.dash.target')} {m.comparator === '>=' ? '≥' : '≤'} {fmt.format(m.target)}{m.unit}
        </Typography>
      </Stack>
      <LinearProgress variant="determinate" value={progress} color={m.met === false ? 'error' : m.met ? 'success' : 'inherit'} sx={{ height: 6, borderRadius: 3 }} />
      <Typography variant="caption" color="text.secondary">
        {fmt.format(m.numerator)} / {fmt.format(m.denominator)} · {en ? m.noteEn : m.noteZh}
      </Typography>
    </Box>
  );
}

/** Runs the region-wide cycle audit (runRegionCycleAudit) for the bureau's region, after asking. */
function AuditButton({ d, onDone }: { d: DashboardData; onDone: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const teachers = d.districts.reduce((s, x) => s + x.teachers, 0);
  if (!d.cycle || !d.regionId) return null;
  const run = async () => {
    setBusy(true);
    try {
      const r = await gql<{ runRegionCycleAudit: { teachers: number; passed: number; failed: number } }>(
        `mutation($r: ID!, $c: ID!) { runRegionCycleAudit(regionId: $r, cycleId: $c) { teachers passed failed } }`,
        { r: d.regionId, c: d.cycle!.id },
      );
      notify(translate('app.dash.audit_done', r.runRegionCycleAudit), { type: 'success' });
      setOpen(false);
      onDone();
    } catch (e) {
      notify(graphqlErrors(e).map(errorText).join('；'), { type: 'error', multiLine: true, autoHideDuration: 10_000 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" variant="outlined" startIcon={<FactCheckIcon />} onClick={() => setOpen(true)} data-testid="run-audit" sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
        {translate('app.dash.run_audit')}
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)}>
        <DialogTitle>{translate('app.dash.run_audit')}</DialogTitle>
        <DialogContent>
          <Typography>{translate('app.dash.audit_confirm', { region: d.regionName ?? d.regionId, teachers: teachers, cycle: d.cycle.name })}</Typography>
          {busy && <LinearProgress sx={{ mt: 2 }} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={() => void run()} disabled={busy} data-testid="run-audit-confirm">{translate('ra.action.confirm')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/** The home page's figures: cycle completion, selections, satisfaction, capacity metrics (the `dashboard` query). */
export default function DashboardStats() {
  const translate = useTranslate();
  const locale = useLocale();
  const en = locale === 'en';
  const { permissions: m } = usePermissions<Metadata>();
  const [cycleId, setCycleId] = useState<string | null>(null);
  const [data, setData] = useState<{ d: DashboardData; cycles: CycleInfo[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const t = useCallback((k: string, o?: Record<string, unknown>) => translate(k, o), [translate]);
  const fmt = useMemo(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }), [locale]);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    gql<{ dashboard: DashboardData; cycles: CycleInfo[] }>(QUERY, { cycleId })
      .then((r) => setData({ d: r.dashboard, cycles: r.cycles }))
      .catch((e) => setError(graphqlErrors(e).map(errorText).join('；')))
      .finally(() => setLoading(false));
  }, [cycleId]);
  useEffect(load, [load]);

  const options = useMemo(() => {
    if (!data) return null;
    return {
      completion: completionOption(data.d, t, fmt),
      selections: selectionsOption(data.d, t),
      satisfaction: satisfactionOption(data.d, t, fmt),
    };
  }, [data, t, fmt]);

  if (error)
    return (
      <Alert severity="error" sx={{ mb: 2 }} action={<Button color="inherit" size="small" startIcon={<RefreshIcon />} onClick={load}>{translate('ra.action.refresh')}</Button>}>
        {translate('app.dash.failed')}：{error}
      </Alert>
    );
  if (!data || !options)
    return (
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, mb: 2 }} data-testid="dashboard-loading">
        {[0, 1, 2, 3].map((i) => <Skeleton key={i} variant="rounded" height={260} />)}
      </Box>
    );
  const { d, cycles } = data;
  const teachers = d.districts.reduce((s, x) => s + x.teachers, 0);
  const audited = d.districts.reduce((s, x) => s + x.audited, 0);
  const sel = d.selections;
  const canAudit = !!m && m.role === 'bureau' && m.operations.has('runRegionCycleAudit');
  return (
    <Box sx={{ mb: 2, opacity: loading ? 0.6 : 1, transition: 'opacity .2s' }} data-testid="dashboard-stats">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.dash.scope_line', { region: d.regionName ?? translate('app.dash.everywhere'), today: d.today })}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
        {d.districts.length > 0 && (
          <Box sx={{ gridColumn: '1 / -1' }}>
            <Section
              testId="dash-completion"
              title={translate(d.completionBy === 'school' ? 'app.dash.completion_school' : 'app.dash.completion')}
              subtitle={translate('app.dash.completion_hint', { teachers: fmt.format(teachers), audited: fmt.format(audited) })}
              action={
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  {canAudit && audited < teachers && <AuditButton d={d} onDone={load} />}
                  <TextField
                    select size="small" label={translate('app.dash.cycle')} value={d.cycle?.id ?? ''} sx={{ minWidth: 180 }}
                    onChange={(e) => setCycleId(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'dash-cycle' } }}
                  >
                    {cycles.map((c) => <MenuItem key={c.id} value={c.id}>{c.name}</MenuItem>)}
                  </TextField>
                </Stack>
              }
            >
              <Chart option={options.completion} height={d.districts.length > 12 ? 360 : 300} testId="chart-completion" label={translate('app.dash.completion')} />
            </Section>
          </Box>
        )}
        <Section
          testId="dash-selections"
          title={translate('app.dash.selections')}
          subtitle={sel.round ? translate('app.dash.selections_hint', { round: sel.round, from: sel.from, to: sel.to, total: fmt.format(sel.total) }) : undefined}
        >
          {sel.total ? <Chart option={options.selections} height={280} testId="chart-selections" label={translate('app.dash.selections')} /> : <Empty text={translate('app.dash.no_selections')} />}
        </Section>
        <Section testId="dash-satisfaction" title={translate('app.dash.satisfaction')} subtitle={translate('app.dash.satisfaction_hint', { value: d.satisfactionThreshold })}>
          {d.satisfaction.length ? (
            <Chart option={options.satisfaction} height={Math.max(200, 40 + 26 * d.satisfaction.length)} testId="chart-satisfaction" label={translate('app.dash.satisfaction')} />
          ) : (
            <Empty text={translate('app.dash.no_evaluations')} />
          )}
        </Section>
        {d.capacity.length > 0 && (
          <Box sx={{ gridColumn: '1 / -1' }}>
            <Section
              testId="dash-capacity"
              title={translate('app.dash.capacity')}
              subtitle={translate('app.dash.capacity_hint', { met: d.capacity.filter((x) => x.met).length, total: d.capacity.length })}
            >
              <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))' }}>
                {d.capacity.map((x) => <MetricTile key={x.id} m={x} en={en} fmt={fmt} />)}
              </Box>
            </Section>
          </Box>
        )}
      </Box>
    </Box>
  );
}
